//! Python bindings of declutter: the `declutter._declutter` extension module.
//!
//! A thin layer over the library's [`declutter::Cleaner`]: it converts
//! options and results, releases the GIL while pages are labelled, and turns
//! the library's errors into `declutter.DeclutterError` with their messages.
//! The pure-Python package `declutter` (python/declutter/) re-exports it.

use declutter::{
    Classified, CleanOptions, CleanedRecord, Document, Format, JsonOptions, Label, LabelSet,
    LanguageSetting, MarkdownOptions, Mode, PageType, WarcError, WarcReader, WarcRecord,
    clean_warc_records, decode, looks_like_html,
};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use rayon::prelude::*;
use std::collections::VecDeque;
use std::ffi::CString;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

create_exception!(
    declutter,
    DeclutterError,
    PyException,
    "A declutter failure, with the library's message: a model file that is missing or not a usable model, an option out of its range (unknown mode or label, empty keep, min_confidence outside [0, 1]), or HTML that cannot be read (too large, binary data)."
);

/// The library's errors as `DeclutterError`, message unchanged.
fn error(e: impl std::fmt::Display) -> PyErr {
    DeclutterError::new_err(e.to_string())
}

/// An HTML page as given from Python: bytes as fetched, or text.
#[derive(FromPyObject)]
enum HtmlInput {
    /// Bytes (or a bytearray): decoded as the page declares (BOM, `<meta charset>`).
    Bytes(PyBackedBytes),
    /// A `str`: already text, so read as UTF-8 whatever the page declares.
    Text(PyBackedStr),
}

impl HtmlInput {
    /// The page, for the cleaner.
    fn page(&self) -> declutter::Page<'_> {
        match self {
            HtmlInput::Bytes(bytes) => declutter::Page::html(bytes),
            // A str is decoded text: its <meta charset> no longer applies.
            HtmlInput::Text(text) => declutter::Page::html_text(text),
        }
    }

    /// Whether `extract(html=None)` reads it as HTML: bytes always, a str
    /// when it looks like HTML (`declutter::looks_like_html`).
    fn is_html(&self) -> bool {
        match self {
            HtmlInput::Bytes(_) => true,
            HtmlInput::Text(text) => looks_like_html(text.as_bytes()),
        }
    }
}

/// The library's format named `name`, with the Markdown's options and,
/// for JSON, the fields asked for besides; a DeclutterError naming the
/// choices for an unknown name, or for `markdown`/`blocks` with another
/// format than JSON.
fn format_of(name: &str, markdown: MarkdownOptions, fields: (bool, bool)) -> PyResult<Format> {
    let (with_markdown, blocks) = fields;
    let format = match name.parse::<Format>().map_err(error)? {
        Format::Text => Format::Text,
        Format::Markdown(_) => Format::Markdown(markdown),
        _ => Format::Json(JsonOptions {
            markdown: with_markdown.then_some(markdown),
            blocks,
        }),
    };
    for (asked, field) in [(with_markdown, "markdown"), (blocks, "blocks")] {
        if asked && !matches!(format, Format::Json(_)) {
            return Err(error(format!(
                "{field}=True adds a field to format=\"json\"'s dict; it does not go with another format"
            )));
        }
    }
    Ok(format)
}

/// A page rendered in `format` as a Python object: a dict for JSON, else a
/// str.
fn rendered_py<'py>(
    py: Python<'py>,
    format: &Format,
    rendered: &str,
) -> PyResult<Bound<'py, PyAny>> {
    match format {
        Format::Json(_) => Ok(json_dict(py, rendered)?.into_any()),
        _ => Ok(PyString::new(py, rendered).into_any()),
    }
}

/// `json.loads`, looked up once.
static JSON_LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A JSON object of the library (`Document::to_json`) as a dict, whatever
/// its fields.
fn json_dict<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyDict>> {
    let loads = JSON_LOADS.import(py, "json", "loads")?;
    Ok(loads.call1((json,))?.cast_into::<PyDict>()?)
}

/// {"content": p, "boilerplate": p, "related": p}.
fn probability_dict<'py>(
    py: Python<'py>,
    probabilities: &[f32; Label::COUNT],
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for label in Label::ALL {
        dict.set_item(label.as_str(), probabilities[label.index()])?;
    }
    Ok(dict)
}

/// The labels to keep, as a comma-separated string or a sequence of names.
#[derive(FromPyObject)]
enum KeepArg {
    /// `"content,related"`.
    List(PyBackedStr),
    /// `("content", "related")`.
    Names(Vec<PyBackedStr>),
}

impl KeepArg {
    fn labels(&self) -> PyResult<LabelSet> {
        let parse = |set: LabelSet, name: &str| -> PyResult<LabelSet> {
            Ok(set.with(name.trim().parse::<Label>().map_err(error)?))
        };
        match self {
            KeepArg::List(list) => list
                .split(',')
                .filter(|n| !n.trim().is_empty())
                .try_fold(LabelSet::EMPTY, parse),
            KeepArg::Names(names) => names
                .iter()
                .try_fold(LabelSet::EMPTY, |set, n| parse(set, n)),
        }
    }
}

/// Labels the paragraphs of web pages as content, boilerplate or related,
/// and keeps the content.
///
/// `Cleaner()` uses the two models built into the library: the text model
/// for plain-text pages (one paragraph a line) and the HTML model for HTML
/// pages. `Cleaner.from_path(path)` uses one model file for both.
///
/// Args:
///     mode: "precision", "balanced" (default) or "recall": how readily a
///         paragraph is labelled content.
///     keep: the labels to keep, among "content", "boilerplate" and
///         "related": a sequence of names, or one comma-separated string;
///         None means ("content",).
///     language: "auto" (default: each page's language is identified from
///         its text) or a language's name or code ("french", "fr"): the
///         stemmer and stop words the pages are read with.
///     min_confidence: when set, a paragraph is kept when the summed
///         probability of the kept labels is at least this (0 to 1);
///         when None, when its label is kept.
///     page_type: the pages' type when you know it ("article", "forum",
///         "product", "collection", "listing", "documentation",
///         "service"); None: the model tells each page's type.
///
/// Raises:
///     DeclutterError: unknown mode or label, empty keep, or min_confidence
///         outside [0, 1].
///
/// A Cleaner is immutable and thread-safe; every method releases the GIL
/// while it works, so Python threads can share one.
#[pyclass(frozen, module = "declutter")]
struct Cleaner {
    inner: declutter::Cleaner,
    mode: String,
    source: Option<String>,
}

/// The options of `Cleaner()` and `Cleaner.from_path()`, as given.
struct OptionArgs {
    mode: String,
    keep: Option<KeepArg>,
    min_confidence: Option<f32>,
    language: String,
    page_type: Option<String>,
}

impl OptionArgs {
    fn check(&self) -> PyResult<CleanOptions> {
        Ok(CleanOptions {
            keep: match &self.keep {
                None => LabelSet::only(Label::Content),
                Some(keep) => keep.labels()?,
            },
            mode: self.mode.parse::<Mode>().map_err(error)?,
            min_confidence: self.min_confidence,
            language: self.language.parse::<LanguageSetting>().map_err(error)?,
            page_type: match &self.page_type {
                None => None,
                Some(t) => Some(t.parse::<PageType>().map_err(error)?),
            },
        })
    }
}

impl Cleaner {
    fn build(
        inner: declutter::Cleaner,
        args: OptionArgs,
        source: Option<String>,
    ) -> PyResult<Self> {
        let options = args.check()?;
        Ok(Cleaner {
            inner: inner.with_options(options).map_err(error)?,
            mode: args.mode,
            source,
        })
    }

    /// A text page's document.
    fn extract_text<'a>(&self, text: &'a str) -> PyResult<Document<'a>> {
        self.inner
            .extract(declutter::Page::text(text))
            .map_err(error)
    }

    fn paragraphs(py: Python<'_>, classified: &[Classified<'_>]) -> PyResult<Vec<Py<Paragraph>>> {
        classified
            .iter()
            .map(|c| {
                Py::new(
                    py,
                    Paragraph {
                        text: c.block.text.to_string(),
                        label: c.label,
                        probabilities: c.probabilities,
                        line: c.block.line,
                        kept: c.kept,
                    },
                )
            })
            .collect()
    }
}

#[pymethods]
impl Cleaner {
    #[new]
    #[pyo3(
        signature = (mode = String::from("balanced"), keep = None, min_confidence = None, language = String::from("auto"), page_type = None),
        text_signature = "(mode='balanced', keep=('content',), min_confidence=None, language='auto', page_type=None)"
    )]
    fn new(
        mode: String,
        keep: Option<KeepArg>,
        min_confidence: Option<f32>,
        language: String,
        page_type: Option<String>,
    ) -> PyResult<Self> {
        let inner = declutter::Cleaner::new().map_err(error)?;
        let args = OptionArgs {
            mode,
            keep,
            min_confidence,
            language,
            page_type,
        };
        Cleaner::build(inner, args, None)
    }

    /// A cleaner with the model file at `path`, used for both text and HTML
    /// pages (as the command line's `--model` does).
    ///
    /// Args:
    ///     path: a model file written by `declutter train` (str or os.PathLike).
    ///     mode, keep, min_confidence: as for `Cleaner()`.
    ///
    /// Raises:
    ///     DeclutterError: the file is missing or unreadable
    ///         ("PATH: No such file or directory ..."), or not a usable model
    ///         ("PATH: not a usable declutter model: why"), or an option is bad.
    #[staticmethod]
    #[pyo3(
        signature = (path, mode = String::from("balanced"), keep = None, min_confidence = None, language = String::from("auto"), page_type = None),
        text_signature = "(path, mode='balanced', keep=('content',), min_confidence=None, language='auto', page_type=None)"
    )]
    fn from_path(
        py: Python<'_>,
        path: PathBuf,
        mode: String,
        keep: Option<KeepArg>,
        min_confidence: Option<f32>,
        language: String,
        page_type: Option<String>,
    ) -> PyResult<Self> {
        let cleaner = py
            .detach(|| declutter::Cleaner::from_path(&path))
            .map_err(error)?;
        let source = Some(path.display().to_string());
        let args = OptionArgs {
            mode,
            keep,
            min_confidence,
            language,
            page_type,
        };
        Cleaner::build(cleaner, args, source)
    }

    /// The mode in force: "precision", "balanced" or "recall".
    #[getter]
    fn mode(&self) -> &str {
        &self.mode
    }

    /// The labels kept, in the order content, boilerplate, related.
    #[getter]
    fn keep<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let names: Vec<&str> = self
            .inner
            .options()
            .keep
            .iter()
            .map(Label::as_str)
            .collect();
        PyTuple::new(py, names)
    }

    /// The language setting in force: "auto" or a language's name.
    #[getter]
    fn language(&self) -> String {
        self.inner.options().language.to_string()
    }

    /// The confidence threshold in force, or None.
    #[getter]
    fn min_confidence(&self) -> Option<f32> {
        self.inner.options().min_confidence
    }

    /// The kept paragraphs of a plain-text page (one paragraph a line), one
    /// a line, each ending in a newline; their text is unchanged.
    fn clean(&self, py: Python<'_>, text: PyBackedStr) -> PyResult<String> {
        py.detach(|| Ok(self.extract_text(&text)?.text()))
    }

    /// Every non-blank line of a plain-text page, in order, as a Paragraph
    /// with its label and probabilities.
    fn classify(&self, py: Python<'_>, text: PyBackedStr) -> PyResult<Vec<Py<Paragraph>>> {
        let doc = py.detach(|| self.extract_text(&text))?;
        Cleaner::paragraphs(py, &doc.blocks)
    }

    /// The kept blocks of an HTML page, one a line, after the page's title
    /// when the kept blocks do not start with it.
    ///
    /// Bytes are decoded as the page declares (byte order mark, then
    /// `<meta charset>`, else UTF-8, else Windows-1252); a str is read as
    /// the text it is, whatever the page declares.
    ///
    /// Raises:
    ///     DeclutterError: the page cannot be read (over 64 MiB, or binary data).
    fn clean_html(&self, py: Python<'_>, html: HtmlInput) -> PyResult<String> {
        py.detach(|| self.inner.clean(html.page())).map_err(error)
    }

    /// Every block of an HTML page with its label and probabilities, and the
    /// page's title; bytes and str are read as for `clean_html`.
    ///
    /// Raises:
    ///     DeclutterError: the page cannot be read (over 64 MiB, or binary data).
    fn classify_html(&self, py: Python<'_>, html: HtmlInput) -> PyResult<Page> {
        let doc = py
            .detach(|| self.inner.extract(html.page()))
            .map_err(error)?;
        Ok(Page {
            title: doc.title,
            page_type: doc.page_type,
            paragraphs: Cleaner::paragraphs(py, &doc.blocks)?,
        })
    }

    /// A page, text or HTML, cleaned: by default as a dict of the page's
    /// fields (`format="json"`), else its text or its Markdown (str).
    ///
    /// Args:
    ///     page: the page: HTML bytes, or a str of HTML or of text (one
    ///         paragraph a line).
    ///     format: "json" (default): a dict with the fields of
    ///         `declutter clean --format json` ("text", "title", "language",
    ///         "url", "page_type", "page_type_probability" and the page's
    ///         facts); "text": the kept paragraphs, one a line, as `clean`
    ///         and `clean_html` give them; "markdown": the kept blocks as
    ///         Markdown (headings, lists, tables, code, quotes).
    ///     url: the page's address: the model reads it, and the Markdown's
    ///         links and the page's canonical address are resolved
    ///         against it.
    ///     html: None (default): bytes are HTML, a str is HTML when it looks
    ///         like HTML (it starts with a tag, and its first kilobyte has
    ///         one of <html>, <head>, <body>, <div>, <p>, <meta>, <title> or
    ///         a doctype), else text; True or False: read as HTML or as text
    ///         (bytes as text are UTF-8, invalid sequences replaced).
    ///     links: in the Markdown, keep link targets: `[text](url)`.
    ///     images: in the Markdown, keep the images shown with kept blocks:
    ///         `![alt](src)`.
    ///     markdown: with format="json", add the "markdown" field.
    ///     blocks: with format="json", add the "blocks" field: every block,
    ///         in document order, as a dict of "text", "label",
    ///         "probabilities", "line" and "kept".
    ///
    /// Raises:
    ///     DeclutterError: an unknown format, markdown or blocks without
    ///         format="json" (before the page is read); a page that cannot
    ///         be read (over 64 MiB, or binary data).
    #[pyo3(
        signature = (page, format = String::from("json"), *, url = None, html = None, links = false, images = false, markdown = false, blocks = false),
        text_signature = "(page, format='json', *, url=None, html=None, links=False, images=False, markdown=False, blocks=False)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        page: HtmlInput,
        format: String,
        url: Option<PyBackedStr>,
        html: Option<bool>,
        links: bool,
        images: bool,
        markdown: bool,
        blocks: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let format = format_of(
            &format,
            MarkdownOptions { links, images },
            (markdown, blocks),
        )?;
        let as_html = html.unwrap_or_else(|| page.is_html());
        let rendered = py.detach(|| -> Result<String, String> {
            let decoded;
            let mut read = match &page {
                _ if as_html => page.page(),
                HtmlInput::Text(text) => declutter::Page::text(text),
                HtmlInput::Bytes(bytes) => {
                    decoded = decode(bytes).map_err(|e| e.to_string())?.0;
                    declutter::Page::text(&decoded)
                }
            };
            if let Some(url) = &url {
                read = read.with_url(url);
            }
            let doc = self.inner.extract(read).map_err(|e| e.to_string())?;
            Ok(format.render(&doc))
        });
        rendered_py(py, &format, &rendered.map_err(DeclutterError::new_err)?)
    }

    /// Cleans many pages in parallel, with the GIL released; the results
    /// are in input order and equal `[clean(p) for p in pages]` (with
    /// `html=True`: `[clean_html(p) for p in pages]`), or with another
    /// format, `[extract(p, format, html=html) for p in pages]`.
    ///
    /// Args:
    ///     pages: a sequence of str (with html=True, of str or bytes).
    ///     threads: worker threads; None or 0: every core (rayon's global
    ///         pool). The pool of N threads is made on the first call and
    ///         kept for the next ones (of the last 4 values of N).
    ///     html: read the pages as HTML.
    ///     format: "text" (default) or "markdown": a str a page; "json": a
    ///         dict a page, as `extract` gives it.
    ///
    /// Raises:
    ///     DeclutterError: an unknown format (before any page is read); with
    ///         html=True, a page that cannot be read ("page INDEX: why"); no
    ///         result is returned then.
    #[pyo3(
        signature = (pages, threads = None, html = false, format = String::from("text")),
        text_signature = "(pages, threads=None, html=False, format='text')"
    )]
    fn clean_many<'py>(
        &self,
        py: Python<'py>,
        pages: &Bound<'py, PyAny>,
        threads: Option<usize>,
        html: bool,
        format: String,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let format = format_of(&format, MarkdownOptions::default(), (false, false))?;
        let pool = match threads {
            None | Some(0) => None,
            Some(n) => Some(pool_of(n).map_err(error)?),
        };
        let rendered: Vec<String> = if html {
            let pages: Vec<HtmlInput> = pages.extract()?;
            py.detach(|| {
                in_pool(pool.as_deref(), || {
                    pages
                        .par_iter()
                        .enumerate()
                        .map(|(i, page)| {
                            let doc = self.inner.extract(page.page());
                            let doc = doc.map_err(|e| format!("page {i}: {e}"))?;
                            Ok(format.render(&doc))
                        })
                        .collect::<Result<Vec<String>, String>>()
                })
            })
            .map_err(DeclutterError::new_err)?
        } else {
            let pages: Vec<PyBackedStr> = pages.extract()?;
            py.detach(|| {
                in_pool(pool.as_deref(), || {
                    pages
                        .par_iter()
                        .map(|p| Ok(format.render(&self.extract_text(p)?)))
                        .collect::<PyResult<Vec<String>>>()
                })
            })?
        };
        (rendered.iter())
            .map(|r| rendered_py(py, &format, r))
            .collect()
    }

    /// The cleaned pages of a WARC or WET file, as an iterator of dicts with
    /// the keys "url", "warc_record_id", "date", "language", "title" and
    /// "text" (None where the file does not say), in file order.
    ///
    /// WET `conversion` records are text pages, `response` records with a
    /// 2xx HTML response are HTML pages; other records are passed over.
    /// Records are read and cleaned a batch at a time on every core (or on
    /// `threads` threads), with the GIL released.
    ///
    /// Args:
    ///     source: a file path (str or os.PathLike) or the file's bytes;
    ///         plain, one gzip stream, or a gzip member a record.
    ///     threads: as for `clean_many`.
    ///     format: "text" (default): "text" holds the page's text, as
    ///         `declutter clean --warc` writes it; "markdown": "text" holds
    ///         its Markdown; "json": "text" holds the text, and the page's
    ///         other fields (the keys of `extract`'s dict but "text") are
    ///         the dict "declutter", as `declutter clean --warc --format
    ///         json` writes them; the record's own fields keep their
    ///         meaning in every format.
    ///
    /// A record that cannot be read or cleaned is skipped, with a
    /// RuntimeWarning, and its message ("at byte N ...: why") is added to
    /// the iterator's `errors` list.
    ///
    /// Raises:
    ///     DeclutterError: an unknown format (before the file is opened);
    ///         the file cannot be opened; or, after the records before it,
    ///         the file is truncated or its gzip stream corrupt.
    #[pyo3(
        signature = (source, threads = None, format = String::from("text")),
        text_signature = "(source, threads=None, format='text')"
    )]
    fn clean_warc(
        slf: Bound<'_, Self>,
        source: WarcSource,
        threads: Option<usize>,
        format: String,
    ) -> PyResult<WarcPages> {
        let format = format_of(&format, MarkdownOptions::default(), (false, false))?;
        let (name, reader) = match source {
            WarcSource::Bytes(bytes) => (
                "<bytes>".to_string(),
                WarcReader::new(std::io::Cursor::new(bytes.to_vec())),
            ),
            WarcSource::Path(path) => {
                let name = path.display().to_string();
                let reader = WarcReader::open(&path).map_err(|e| error(format!("{name}: {e}")))?;
                (name, reader)
            }
        };
        let pool = match threads {
            None | Some(0) => None,
            Some(n) => Some(pool_of(n).map_err(error)?),
        };
        Ok(WarcPages {
            cleaner: slf.unbind(),
            name,
            pool,
            format,
            state: Mutex::new(WarcState {
                reader: Some(reader),
                ready: VecDeque::new(),
                errors: Vec::new(),
                fatal: None,
            }),
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let model = match &self.source {
            None => String::new(),
            Some(path) => format!("path={}, ", PyString::new(py, path).repr()?),
        };
        let min_confidence = match self.min_confidence() {
            None => "None".to_string(),
            Some(t) => t.to_string(),
        };
        Ok(format!(
            "Cleaner({model}mode={}, keep={}, min_confidence={min_confidence})",
            PyString::new(py, &self.mode).repr()?,
            self.keep(py)?.repr()?,
        ))
    }
}

/// The pools of `clean_many(threads=N)` calls: kept for the next call, since
/// a new pool's threads would start with cold per-thread token caches (a
/// third slower on dev) and pay their start; the oldest goes past a few.
/// Each is keyed by its process too: a child forked from this process has the
/// pool but not its threads, and makes its own.
static POOLS: Mutex<Vec<(PoolKey, Arc<rayon::ThreadPool>)>> = Mutex::new(Vec::new());

/// A kept pool's process id and number of threads.
type PoolKey = (u32, usize);

/// How many `threads` values keep their pool.
const KEPT_POOLS: usize = 4;

/// The pool of `threads` threads, made on first use.
fn pool_of(threads: usize) -> Result<Arc<rayon::ThreadPool>, rayon::ThreadPoolBuildError> {
    let key = (std::process::id(), threads);
    let mut pools = POOLS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, pool)) = pools.iter().find(|(k, _)| *k == key) {
        return Ok(Arc::clone(pool));
    }
    let pool = Arc::new(
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("declutter-{i}"))
            .build()?,
    );
    if pools.len() == KEPT_POOLS {
        pools.remove(0);
    }
    pools.push((key, Arc::clone(&pool)));
    Ok(pool)
}

/// Runs `work` on `pool`, or on rayon's global pool when there is none.
fn in_pool<R: Send>(pool: Option<&rayon::ThreadPool>, work: impl FnOnce() -> R + Send) -> R {
    match pool {
        None => work(),
        Some(pool) => pool.install(work),
    }
}

/// A WARC or WET file as given from Python: its bytes, or its path.
#[derive(FromPyObject)]
enum WarcSource {
    /// The file's bytes.
    Bytes(PyBackedBytes),
    /// A path (str or os.PathLike).
    Path(PathBuf),
}

/// The iterator of `Cleaner.clean_warc`.
struct WarcState {
    /// None once the file has ended (or failed).
    reader: Option<WarcReader<'static>>,
    /// Pages cleaned and not yet returned.
    ready: VecDeque<CleanedRecord>,
    /// The records skipped so far.
    errors: Vec<String>,
    /// The error that ended the file, raised once the pages before it are out.
    fatal: Option<String>,
}

/// The cleaned pages of a WARC or WET file, a dict a page; its `errors`
/// list holds the messages of the records skipped so far.
#[pyclass(frozen, module = "declutter")]
struct WarcPages {
    cleaner: Py<Cleaner>,
    name: String,
    pool: Option<Arc<rayon::ThreadPool>>,
    format: Format,
    state: Mutex<WarcState>,
}

impl WarcPages {
    /// Reads and cleans the next batch of records into `state.ready`;
    /// returns the messages of the records it skipped.
    fn fill(&self, cleaner: &Cleaner, state: &mut WarcState) -> Vec<String> {
        let mut skipped = Vec::new();
        let Some(reader) = state.reader.as_mut() else {
            return skipped;
        };
        let batch: Vec<Result<WarcRecord, WarcError>> = reader
            .by_ref()
            .take(rayon::current_num_threads() * 16)
            .collect();
        if batch.is_empty() {
            state.reader = None;
        }
        let cleaned = in_pool(self.pool.as_deref(), || {
            clean_warc_records(&cleaner.inner, &batch, &self.format)
        });
        for (record, result) in batch.iter().zip(cleaned) {
            match result {
                Ok(page) => state.ready.extend(page),
                Err(message) => {
                    let message = format!("{}: {message}", self.name);
                    if matches!(record, Err(e) if !e.is_recoverable()) {
                        state.fatal = Some(message);
                    } else {
                        state.errors.push(message.clone());
                        skipped.push(message);
                    }
                }
            }
        }
        skipped
    }
}

/// What `WarcPages.__next__` found.
enum Next {
    Page(Box<CleanedRecord>),
    /// A batch was read; these records were skipped.
    Skipped(Vec<String>),
    Failed(String),
    End,
}

/// A page of `clean_warc`: the record's fields, as `declutter clean --warc`
/// writes them, and with `format="json"` the page's other fields as the
/// dict "declutter".
fn page_dict<'py>(py: Python<'py>, page: CleanedRecord) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("url", page.url)?;
    dict.set_item("warc_record_id", page.warc_record_id)?;
    dict.set_item("date", page.date)?;
    dict.set_item("language", page.language)?;
    dict.set_item("title", page.title)?;
    dict.set_item("page_type", page.page_type.map(|t| t.as_str()))?;
    dict.set_item("page_type_probability", page.page_type_probability)?;
    dict.set_item("text", page.text)?;
    if let Some(fields) = page.declutter {
        dict.set_item("declutter", json_dict(py, &fields.to_string())?)?;
    }
    Ok(dict)
}

#[pymethods]
impl WarcPages {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let cleaner = self.cleaner.get();
        loop {
            let next = py.detach(|| {
                let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(page) = state.ready.pop_front() {
                    return Next::Page(Box::new(page));
                }
                if let Some(fatal) = state.fatal.take() {
                    state.reader = None;
                    return Next::Failed(fatal);
                }
                if state.reader.is_none() {
                    return Next::End;
                }
                Next::Skipped(self.fill(cleaner, &mut state))
            });
            match next {
                Next::Page(page) => return page_dict(py, *page).map(Some),
                Next::End => return Ok(None),
                Next::Failed(message) => return Err(DeclutterError::new_err(message)),
                Next::Skipped(messages) => {
                    let category = py.get_type::<pyo3::exceptions::PyRuntimeWarning>();
                    for message in messages {
                        let text = CString::new(message.replace('\0', " ")).unwrap_or_default();
                        PyErr::warn(py, &category, &text, 1)?;
                    }
                }
            }
        }
    }

    /// The messages of the records skipped so far ("FILE: at byte N ...: why").
    #[getter]
    fn errors(&self) -> Vec<String> {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .errors
            .clone()
    }
}

/// One paragraph (a line of a text page, a block of an HTML page) with its
/// label.
#[pyclass(frozen, module = "declutter")]
struct Paragraph {
    text: String,
    label: Label,
    probabilities: [f32; Label::COUNT],
    line: usize,
    kept: bool,
}

#[pymethods]
impl Paragraph {
    /// The paragraph's text: for a text page the line as given, for HTML
    /// the block's visible text with whitespace collapsed.
    #[getter]
    fn text(&self) -> &str {
        &self.text
    }

    /// The predicted label: "content", "boilerplate" or "related".
    #[getter]
    fn label(&self) -> &'static str {
        self.label.as_str()
    }

    /// The probability of each label: {"content": p, "boilerplate": p,
    /// "related": p}, summing to 1.
    #[getter]
    fn probabilities<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        probability_dict(py, &self.probabilities)
    }

    /// The probability of the predicted label.
    #[getter]
    fn confidence(&self) -> f32 {
        self.probabilities[self.label.index()]
    }

    /// The 1-based line of the page where the paragraph starts.
    #[getter]
    fn line(&self) -> usize {
        self.line
    }

    /// Whether the cleaner's options (keep, min_confidence) keep it: the
    /// paragraphs that `clean` prints.
    #[getter]
    fn kept(&self) -> bool {
        self.kept
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        const SHOWN: usize = 60;
        let mut text: String = self.text.chars().take(SHOWN).collect();
        if self.text.chars().nth(SHOWN).is_some() {
            text.push('…');
        }
        let text = PyString::new(py, &text).repr()?;
        Ok(format!(
            "Paragraph(line={}, label='{}', confidence={:.3}, text={text})",
            self.line,
            self.label.as_str(),
            self.confidence()
        ))
    }
}

/// An HTML page's title, type and its classified blocks.
#[pyclass(frozen, module = "declutter")]
struct Page {
    title: Option<String>,
    page_type: Option<(PageType, f32)>,
    paragraphs: Vec<Py<Paragraph>>,
}

#[pymethods]
impl Page {
    /// The page's `<title>`, else its `og:title` meta, else its first `<h1>`;
    /// None when it has none.
    #[getter]
    fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The page's type ("article", "forum", "product", "collection",
    /// "listing", "documentation" or "service"), as the model tells it or
    /// as given; None for a model that does not tell types.
    #[getter]
    fn page_type(&self) -> Option<&'static str> {
        self.page_type.map(|(t, _)| t.as_str())
    }

    /// The probability of `page_type`, or None.
    #[getter]
    fn page_type_probability(&self) -> Option<f32> {
        self.page_type.map(|(_, p)| p)
    }

    /// Every block of the page, in document order.
    #[getter]
    fn paragraphs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.paragraphs.iter().map(|p| p.clone_ref(py)))
    }

    fn __len__(&self) -> usize {
        self.paragraphs.len()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let title = match &self.title {
            None => "None".to_string(),
            Some(title) => PyString::new(py, title).repr()?.to_string(),
        };
        Ok(format!(
            "Page(title={title}, paragraphs=[{} paragraphs])",
            self.paragraphs.len()
        ))
    }
}

/// The native part of the `declutter` package; import `declutter` instead.
#[pymodule]
mod _declutter {
    #[pymodule_export]
    use super::{Cleaner, DeclutterError, Page, Paragraph, WarcPages};

    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods;
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
