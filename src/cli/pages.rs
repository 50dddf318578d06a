//! Page files: naming them (files, `-`, directories with `-r`), reading them as
//! text, and processing them in parallel with output in input order.

use anyhow::{Context, Result, bail};
use declutter::{Decoding, Page};
use rayon::prelude::*;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The pages named on the command line, in order; none means standard input.
/// With `recursive`, a directory stands for every file below it, in path order.
/// A directory that cannot be listed is an error entry, reported in its place.
pub fn inputs(files: &[PathBuf], recursive: bool) -> Vec<Result<PathBuf>> {
    if files.is_empty() {
        return vec![Ok(PathBuf::from("-"))];
    }
    let mut out = Vec::new();
    for path in files {
        if recursive && path.is_dir() {
            walk(path, &mut out);
        } else {
            out.push(Ok(path.clone()));
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Result<PathBuf>>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return out.push(Err(e).with_context(|| dir.display().to_string())),
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(Ok(path));
        }
    }
}

/// What kind of page an input holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputKind {
    /// By the file name (`.html`, `.htm`, also gzipped, are HTML; others
    /// text), and for standard input and other names by the content: markup
    /// at the start is HTML.
    Auto,
    /// Plain text, one paragraph a line.
    Text,
    /// HTML.
    Html,
}

/// A page read from an input file.
pub enum PageFile {
    /// Plain text, and the warning to print about it, if any.
    Text {
        /// The text.
        text: String,
        /// Set when invalid UTF-8 was replaced.
        warning: Option<String>,
    },
    /// HTML bytes, as fetched.
    Html(Vec<u8>),
}

impl PageFile {
    /// The warning to print about the page, if any.
    pub fn warning(&self) -> Option<&str> {
        match self {
            PageFile::Text { warning, .. } => warning.as_deref(),
            PageFile::Html(_) => None,
        }
    }

    /// The page, for the cleaner.
    pub fn page(&self) -> Page<'_> {
        match self {
            PageFile::Text { text, .. } => Page::text(text),
            PageFile::Html(bytes) => Page::html(bytes),
        }
    }
}

/// Whether a file name says HTML: `.html` or `.htm`, gzipped or not.
fn named_html(path: &Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.ends_with(".html") || name.ends_with(".htm")
}

/// Reads one page: HTML as bytes; text as text (lossy UTF-8 with a
/// warning; binary refused).
pub fn read_page(path: &Path, kind: InputKind) -> Result<PageFile> {
    let bytes = read_input(path)?;
    let html = match kind {
        InputKind::Html => true,
        InputKind::Text => false,
        InputKind::Auto => named_html(path) || declutter::looks_like_html(&bytes),
    };
    if html {
        return Ok(PageFile::Html(bytes));
    }
    let (text, decoding) =
        declutter::decode(&bytes).with_context(|| format!("{}: skipped", path.display()))?;
    let warning = match decoding {
        Decoding::Lossy { replaced } => Some(format!(
            "declutter: warning: {}: invalid UTF-8, {replaced} sequence(s) replaced by U+FFFD",
            path.display()
        )),
        Decoding::Utf8 => None,
    };
    Ok(PageFile::Text {
        text: text.into_owned(),
        warning,
    })
}

/// The bytes of an input: standard input, a file, or a gzipped file
/// (`.gz`, gunzipped with a size limit).
fn read_input(path: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        read_text(io::stdin().lock(), &mut bytes).context("standard input")?;
        return Ok(bytes);
    }
    if path.is_dir() {
        bail!(
            "{}: is a directory (use -r to read every file in it)",
            path.display()
        );
    }
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
    {
        return Ok(declutter::read_page_bytes(path)?);
    }
    std::fs::File::open(path)
        .and_then(|file| read_text(file, &mut bytes))
        .with_context(|| path.display().to_string())?;
    Ok(bytes)
}

/// Reads to the end, or to the end of the first chunk holding a NUL byte:
/// binary data, which `page::decode` refuses, so an endless binary input
/// (`/dev/zero`) is refused at once rather than read into memory.
fn read_text(mut reader: impl Read, bytes: &mut Vec<u8>) -> io::Result<()> {
    let mut chunk = vec![0; 64 * 1024];
    loop {
        match reader.read(&mut chunk) {
            Ok(0) => return Ok(()),
            Ok(n) => {
                bytes.extend_from_slice(&chunk[..n]);
                if chunk[..n].contains(&0) {
                    return Ok(());
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Renders every input page with `render` on all worker threads and writes the
/// results to `out` in input order. A page that cannot be read is reported on
/// standard error and the others still processed. Returns whether every page
/// succeeded; an output error stops the run.
pub fn run(
    inputs: Vec<Result<PathBuf>>,
    kind: InputKind,
    out: &mut impl Write,
    render: impl Fn(&Path, &PageFile, &mut Vec<u8>) -> Result<()> + Sync,
) -> Result<bool> {
    let mut ok = true;
    for batch in inputs.chunks(super::batch_size()) {
        let results: Vec<Result<(Vec<u8>, Option<String>)>> = batch
            .par_iter()
            .map(|input| {
                let path = input.as_ref().map_err(|e| anyhow::anyhow!("{e:#}"))?;
                let page = read_page(path, kind)?;
                let mut rendered = Vec::new();
                render(path, &page, &mut rendered)?;
                Ok((rendered, page.warning().map(str::to_string)))
            })
            .collect();
        for result in results {
            match result {
                Ok((rendered, warning)) => {
                    if let Some(warning) = warning {
                        eprintln!("{warning}");
                    }
                    out.write_all(&rendered)?;
                }
                Err(e) => {
                    eprintln!("declutter: error: {e:#}");
                    ok = false;
                }
            }
        }
    }
    out.flush()?;
    Ok(ok)
}
