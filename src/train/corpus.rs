//! Reading labelled pages for training and evaluation.
//!
//! Two formats:
//! - **JSON Lines** (`.jsonl`, `.json`, `.ndjson`): one page a line,
//!   `{"id": "...", "paragraphs": [{"text": "...", "label": "content"}, ...]}`;
//!   `id`, `url`, `page_type` and `language` are optional, and any other
//!   field is ignored.
//! - **TSV** (`.tsv`, `.txt`): one paragraph a line as `label<TAB>text`, and a
//!   blank line between pages.
//!
//! A file of another extension is read as JSON Lines when its first non-blank
//! byte is `{`, else as TSV. Malformed records are errors naming the file and
//! line; pages with no paragraphs are skipped and counted.

use crate::block::{Block, Markup};
use crate::error::{Error, Result};
use crate::extract::page::ReadPage;
use crate::input::html::PageMarkup;
use crate::input::lines::{LineRead, MAX_LINE_BYTES, read_line};
use crate::label::Label;
use crate::page_type::PageType;
use serde::Deserialize;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// A paragraph and its gold label.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LabelledParagraph {
    /// The paragraph's text.
    pub text: String,
    /// Its label.
    pub label: Label,
    /// What the page's markup says of it, when the page was read from HTML
    /// (see [`crate::train::attach_html`]).
    #[serde(skip)]
    pub markup: Option<Box<Markup>>,
}

impl LabelledParagraph {
    /// A paragraph with its label.
    pub fn new(text: impl Into<String>, label: Label) -> Self {
        LabelledParagraph {
            text: text.into(),
            label,
            markup: None,
        }
    }
}

/// A page of labelled paragraphs, in page order.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledPage {
    /// The page's id (from the record, or `file#n` when it has none).
    pub id: String,
    /// Its paragraphs.
    pub paragraphs: Vec<LabelledParagraph>,
    /// The page's language, when the record names it (`language` field).
    pub language: Option<String>,
    /// The page's address, when the record gives it (`url` field).
    pub url: Option<String>,
    /// The page's type, when the record gives it (`page_type` field).
    pub page_type: Option<PageType>,
    /// What the page's markup says of the whole page, when it was read
    /// from HTML (see [`crate::train::attach_html`]).
    pub(crate) markup: Option<Box<PageMarkup>>,
}

impl LabelledPage {
    /// A page of paragraphs, with an empty id.
    pub fn new(paragraphs: Vec<LabelledParagraph>) -> Self {
        LabelledPage {
            id: String::new(),
            paragraphs,
            language: None,
            url: None,
            page_type: None,
            markup: None,
        }
    }

    /// The page with every word replaced by a made-up word of the same
    /// length and capitalisation (see [`scramble`]); labels and markup stay.
    pub fn scrambled(&self) -> LabelledPage {
        let paragraphs = self
            .paragraphs
            .iter()
            .map(|p| LabelledParagraph {
                text: scramble(&p.text),
                label: p.label,
                markup: p.markup.clone(),
            })
            .collect();
        LabelledPage {
            id: self.id.clone(),
            paragraphs,
            language: None,
            url: self.url.clone(),
            page_type: self.page_type,
            markup: self.markup.clone(),
        }
    }

    /// The paragraphs as blocks, numbered as lines, with their markup when
    /// the page was read from HTML.
    pub fn blocks(&self) -> Vec<Block<'_>> {
        let mut blocks = Block::from_texts(self.paragraphs.iter().map(|p| p.text.as_str()));
        for (block, p) in blocks.iter_mut().zip(&self.paragraphs) {
            block.markup = p.markup.clone();
        }
        blocks
    }

    /// The page as the cleaner reads it: its blocks ([`LabelledPage::blocks`]),
    /// its address and, when it was read from HTML, its page markup.
    pub fn read(&self) -> ReadPage<'_> {
        let mut page = ReadPage::from_blocks(self.blocks());
        page.url = self.url.clone();
        page.markup = self.markup.clone();
        page
    }

    /// The paragraphs' texts.
    pub fn texts(&self) -> Vec<&str> {
        self.paragraphs.iter().map(|p| p.text.as_str()).collect()
    }

    /// The paragraphs' labels.
    pub fn labels(&self) -> Vec<Label> {
        self.paragraphs.iter().map(|p| p.label).collect()
    }
}

/// The pages read from one or more files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Corpus {
    /// The pages, in file order.
    pub pages: Vec<LabelledPage>,
    /// How many records had no paragraphs and were skipped.
    pub skipped_empty_pages: usize,
}

impl Corpus {
    /// A corpus of these pages.
    pub fn from_pages(pages: Vec<LabelledPage>) -> Self {
        Corpus {
            pages,
            skipped_empty_pages: 0,
        }
    }

    /// The number of paragraphs over all pages.
    pub fn n_paragraphs(&self) -> usize {
        self.pages.iter().map(|p| p.paragraphs.len()).sum()
    }

    /// The corpus with its words made up ([`LabelledPage::scrambled`]): how
    /// much a model leans on the words it knows shows in its scores on it.
    pub fn scrambled(&self) -> Corpus {
        Corpus {
            pages: self.pages.iter().map(LabelledPage::scrambled).collect(),
            skipped_empty_pages: self.skipped_empty_pages,
        }
    }

    /// Adds the pages of `other` after these.
    pub fn extend(&mut self, other: Corpus) {
        self.pages.extend(other.pages);
        self.skipped_empty_pages += other.skipped_empty_pages;
    }
}

/// The format of a labelled-data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFormat {
    /// One JSON page record a line.
    Jsonl,
    /// `label<TAB>text` lines, pages separated by blank lines.
    Tsv,
}

#[derive(Deserialize)]
struct PageRecord {
    #[serde(default)]
    id: Option<serde_json::Value>,
    paragraphs: Vec<LabelledParagraph>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    page_type: Option<PageType>,
}

/// Replaces every word (run of letters and digits) of `text` by a made-up
/// word of the same length, in which each letter keeps its case and each
/// digit stays; punctuation, spaces and lines stay as they are. The same
/// word (ignoring case) always becomes the same made-up word, so a page's
/// repeated lines stay repeated.
///
/// ```
/// let text = "The Pentagon said: the U.S. will pay 2,000 dollars.";
/// let made_up = declutter::train::scramble(text);
/// assert_eq!(made_up.len(), text.len());
/// assert_ne!(made_up, text);
/// let shape = |s: &str| s.chars().map(|c| if c.is_uppercase() { 'A' } else if c.is_lowercase() { 'a' } else { c }).collect::<String>();
/// assert_eq!(shape(&made_up), shape(text));
/// let words: Vec<&str> = made_up.split(' ').collect();
/// assert_eq!(words[0].to_lowercase(), words[3]); // "The" and "the"
/// ```
pub fn scramble(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let mut state = word
            .to_lowercase()
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
            });
        for c in word.chars() {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let letter = (b'a' + ((state >> 33) % 26) as u8) as char;
            out.push(match c {
                c if c.is_ascii_digit() => c,
                c if c.is_uppercase() => letter.to_ascii_uppercase(),
                c if c.is_alphabetic() => letter,
                c => c,
            });
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Reads every labelled-data file in `paths`, in order.
pub fn read_files(paths: &[PathBuf]) -> Result<Corpus> {
    let mut corpus = Corpus::default();
    for path in paths {
        corpus.extend(read_file(path)?);
    }
    Ok(corpus)
}

/// Reads one labelled-data file, choosing the format from its name or content.
pub fn read_file(path: &Path) -> Result<Corpus> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = BufReader::new(file);
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some("jsonl" | "json" | "ndjson") => DataFormat::Jsonl,
        Some("tsv" | "txt") => DataFormat::Tsv,
        _ => sniff(&mut reader).map_err(|e| Error::io(path, e))?,
    };
    read(reader, format, path)
}

fn sniff(reader: &mut impl BufRead) -> std::io::Result<DataFormat> {
    let head = reader.fill_buf()?;
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    Ok(if first == Some(&b'{') {
        DataFormat::Jsonl
    } else {
        DataFormat::Tsv
    })
}

/// Reads labelled pages of `format` from `reader`; `path` names it in errors.
///
/// ```
/// use declutter::train::{read_corpus_from as read, DataFormat};
/// let tsv = "boilerplate\tHome\ncontent\tThe story.\n\nrelated\tAnother story\n";
/// let corpus = read(tsv.as_bytes(), DataFormat::Tsv, "pages.tsv".as_ref()).unwrap();
/// assert_eq!(corpus.pages.len(), 2);
/// let bad = read("menu\tHome\n".as_bytes(), DataFormat::Tsv, "pages.tsv".as_ref());
/// assert!(bad.unwrap_err().to_string().starts_with("pages.tsv:1: unknown label"));
/// ```
pub fn read(reader: impl BufRead, format: DataFormat, path: &Path) -> Result<Corpus> {
    match format {
        DataFormat::Jsonl => read_jsonl(reader, path),
        DataFormat::Tsv => read_tsv(reader, path),
    }
}

/// Calls `each` with every line of `reader` as text and its 1-based number.
fn for_each_line(
    mut reader: impl BufRead,
    path: &Path,
    mut each: impl FnMut(usize, &str) -> Result<()>,
) -> Result<()> {
    let mut bytes = Vec::new();
    let mut number = 0;
    loop {
        let read = read_line(&mut reader, &mut bytes).map_err(|e| Error::io(path, e))?;
        if read == LineRead::End {
            return Ok(());
        }
        number += 1;
        if read == LineRead::TooLong {
            let message = format!("a line longer than {MAX_LINE_BYTES} bytes (not a data file?)");
            return Err(data_error(path, number, message));
        }
        let line = std::str::from_utf8(&bytes)
            .map_err(|e| data_error(path, number, format!("invalid UTF-8: {e}")))?;
        each(number, line.trim_end_matches(['\n', '\r']))?;
    }
}

fn data_error(path: &Path, line: usize, message: impl Into<String>) -> Error {
    Error::Data {
        path: path.to_path_buf(),
        line,
        message: message.into(),
    }
}

fn read_jsonl(reader: impl BufRead, path: &Path) -> Result<Corpus> {
    let mut corpus = Corpus::default();
    for_each_line(reader, path, |number, line| {
        if line.trim().is_empty() {
            return Ok(());
        }
        let record: PageRecord =
            serde_json::from_str(line).map_err(|e| data_error(path, number, e.to_string()))?;
        if record.paragraphs.is_empty() {
            corpus.skipped_empty_pages += 1;
            return Ok(());
        }
        let id = match record.id {
            Some(serde_json::Value::String(s)) => s,
            Some(other) => other.to_string(),
            None => format!("{}#{number}", path.display()),
        };
        corpus.pages.push(LabelledPage {
            id,
            paragraphs: record.paragraphs,
            language: record.language,
            url: record.url,
            page_type: record.page_type,
            markup: None,
        });
        Ok(())
    })?;
    Ok(corpus)
}

fn read_tsv(reader: impl BufRead, path: &Path) -> Result<Corpus> {
    let mut corpus = Corpus::default();
    let mut page = Vec::new();
    let flush = |page: &mut Vec<LabelledParagraph>, corpus: &mut Corpus| {
        if !page.is_empty() {
            let id = format!("{}#{}", path.display(), corpus.pages.len() + 1);
            corpus.pages.push(LabelledPage {
                id,
                paragraphs: std::mem::take(page),
                language: None,
                url: None,
                page_type: None,
                markup: None,
            });
        }
    };
    for_each_line(reader, path, |number, line| {
        if line.trim().is_empty() {
            flush(&mut page, &mut corpus);
            return Ok(());
        }
        let (label, text) = line
            .split_once('\t')
            .ok_or_else(|| data_error(path, number, "expected label<TAB>text"))?;
        let label = label
            .trim()
            .parse()
            .map_err(|e: crate::label::UnknownLabel| data_error(path, number, e.to_string()))?;
        page.push(LabelledParagraph::new(text, label));
        Ok(())
    })?;
    flush(&mut page, &mut corpus);
    Ok(corpus)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jsonl(text: &str) -> Result<Corpus> {
        read(text.as_bytes(), DataFormat::Jsonl, Path::new("train.jsonl"))
    }

    #[test]
    fn jsonl_records_keep_ids_and_ignore_metadata() {
        let text = concat!(
            r#"{"id": "7", "url": "x", "paragraphs": [{"text": "Home", "label": "boilerplate"}]}"#,
            "\n\n",
            r#"{"paragraphs": [{"text": "Body.", "label": "content"}]}"#,
        );
        let corpus = jsonl(text).unwrap();
        assert_eq!(corpus.pages[0].id, "7");
        assert_eq!(corpus.pages[1].id, "train.jsonl#3");
        assert_eq!(corpus.pages[1].labels(), [Label::Content]);
    }

    #[test]
    fn malformed_records_name_file_and_line() {
        let err = jsonl("{\"paragraphs\": []}\n{not json\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("train.jsonl:2: "), "{err}");
        let err = jsonl(r#"{"paragraphs": [{"text": "a", "label": "menu"}]}"#)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("train.jsonl:1: ") && err.contains("menu"),
            "{err}"
        );
        let err = read(
            &b"content\tok\n\xff\n"[..],
            DataFormat::Tsv,
            Path::new("p.tsv"),
        )
        .unwrap_err();
        assert!(
            err.to_string().starts_with("p.tsv:2: invalid UTF-8"),
            "{err}"
        );
    }

    #[test]
    fn empty_pages_are_skipped_and_counted() {
        let corpus = jsonl("{\"paragraphs\": []}\n").unwrap();
        assert!(corpus.pages.is_empty());
        assert_eq!(corpus.skipped_empty_pages, 1);
    }

    #[test]
    fn tsv_pages_are_separated_by_blank_lines_and_keep_tabs_in_text() {
        let tsv = "content\ta\tb\r\n\r\n\r\nrelated\tc\nboilerplate\td";
        let corpus = read(tsv.as_bytes(), DataFormat::Tsv, Path::new("x.tsv")).unwrap();
        assert_eq!(corpus.pages.len(), 2);
        assert_eq!(corpus.pages[0].texts(), ["a\tb"]);
        assert_eq!(
            corpus.pages[1].labels(),
            [Label::Related, Label::Boilerplate]
        );
        let err = read(
            "content no tab".as_bytes(),
            DataFormat::Tsv,
            Path::new("x.tsv"),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "x.tsv:1: expected label<TAB>text");
    }
}
