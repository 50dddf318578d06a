//! HTML reader: turns the bytes of a scraped page into visible text blocks,
//! each with the markup facts of the element that holds it.
//!
//! The blocking rule follows `corpus/html/README.md` (the rule that cut the
//! labelled paragraphs of the corpus), so blocks line up with labelled
//! paragraphs. The reader is one linear pass, in parts that each file holds:
//!
//! 1. [`decode`]: bytes to text (BOM, then HTTP charset, then a `<meta>`
//!    charset in the first 4 KB, then UTF-8 if valid, else Windows-1252);
//! 2. [`lexer`]: text to tokens (text runs, start and end tags with their
//!    attributes; comments, raw-text elements and quoted attributes
//!    handled), with [`entities`] decoding character references;
//! 3. [`reader`]: the stack of open elements with the browser rules that
//!    matter for blocks (void elements, implied end tags of `p li dd dt td
//!    th tr option`, end tags closing the matching open element within its
//!    scope, stray end tags ignored, start tags beyond `max_depth`
//!    dropped), by the element classes of [`elements`];
//! 4. [`blocks`]: on the fly, invisible subtrees skipped, blocks cut at
//!    block elements, whitespace normalised, link characters counted, and
//!    each block's markup facts gathered from its chain of open elements;
//! 5. [`head`]: what the page says of itself beside its blocks (title,
//!    declarations, a census of its elements);
//! 6. [`strings`]: the page's interned names and tokens, and the
//!    whitespace rules of its text;
//! 7. [`structure`]: what Markdown needs of a block beyond its text
//!    (`<pre>` text as written, links, images; lists and tables from the
//!    open elements).
//!
//! It may use `crate::block` (the [`Block`] and [`Markup`] it makes) and
//! nothing after the input stage.

mod blocks;
mod decode;
mod elements;
mod entities;
mod head;
mod lexer;
mod reader;
mod strings;
mod structure;
#[cfg(test)]
mod tests;

use decode::decode_html_bytes;

use crate::block::{Block, Markup};
use crate::error::HtmlError;

pub(crate) use head::{CaptureKind, Captured, PageMarkup};

/// `s` with its character references decoded, as in an element's text.
pub(crate) fn unescape(s: &str) -> Cow<'_, str> {
    entities::decode_refs(s, false)
}
use std::borrow::Cow;

/// One visible text block of a page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HtmlBlock {
    /// Whitespace-normalised text (never empty).
    pub text: String,
    /// Markup facts of the block.
    pub markup: Markup,
    /// 1-based source line of the block's first text (of the decoded text
    /// that was parsed), 0 when unknown.
    pub line: usize,
}

/// A page as the reader makes it, before its blocks become [`Block`]s.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Parsed {
    /// Visible text blocks in document order.
    pub blocks: Vec<HtmlBlock>,
    /// What the markup says of the whole page (its title among it).
    pub markup: PageMarkup,
    /// Name (as `encoding_rs` spells it) of the encoding used to decode.
    pub encoding: &'static str,
}

/// Limits applied by [`read_html_with`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReadOptions {
    /// Inputs larger than this many bytes are refused with [`HtmlError::TooLarge`].
    pub(crate) max_bytes: usize,
    /// Start tags nested deeper than this (counting `html` and `body`) are
    /// dropped, with as many later end tags; their text is kept.
    /// `usize::MAX` disables the guard.
    pub(crate) max_depth: usize,
    /// Charset from the HTTP `Content-Type` header, if known.
    pub(crate) http_charset: Option<String>,
}

/// Default input size limit of [`read_html`]: 64 MiB.
pub(crate) const DEFAULT_MAX_BYTES: usize = 64 << 20;
/// Default nesting limit of [`read_html`].
pub(crate) const DEFAULT_MAX_DEPTH: usize = 512;

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: DEFAULT_MAX_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            http_charset: None,
        }
    }
}

/// Reads HTML bytes with default limits.
#[cfg(test)]
pub(crate) fn parse(bytes: &[u8]) -> Result<Parsed, HtmlError> {
    parse_with(bytes, &ReadOptions::default())
}

/// Reads HTML bytes with the given limits.
pub(crate) fn parse_with(bytes: &[u8], opts: &ReadOptions) -> Result<Parsed, HtmlError> {
    check_input(bytes, opts.max_bytes)?;
    let (text, encoding) = decode_html_bytes(bytes, opts.http_charset.as_deref());
    let first = reader::read_text(&text, false, opts.max_depth);
    let mut blocks = first.blocks;
    let mut markup = first.markup;
    if visible_chars(&blocks) < 200 && first.saw_noscript {
        let again = reader::read_text(&text, true, opts.max_depth);
        if visible_chars(&again.blocks) > visible_chars(&blocks) {
            blocks = again.blocks;
            // The bylines and dates of the page shown are those of its
            // <noscript> text (the rest of the markup is the first pass's).
            markup.captures = again.markup.captures;
        }
    }
    Ok(Parsed {
        blocks,
        markup,
        encoding,
    })
}

/// Whether bytes look like HTML: after an optional BOM and whitespace they
/// start with '<', and the first 1 KB holds `<!doctype html`, `<html`,
/// `<head`, `<body`, `<div`, `<p`, `<meta` or `<title` (case-insensitive).
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = b.iter().position(|c| !c.is_ascii_whitespace());
    if start.is_none_or(|i| b[i] != b'<') {
        return false;
    }
    let head = b[..b.len().min(1024)].to_ascii_lowercase();
    const MARKS: [&[u8]; 8] = [
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<body",
        b"<div",
        b"<p",
        b"<meta",
        b"<title",
    ];
    MARKS
        .iter()
        .any(|m| memchr::memmem::find(&head, m).is_some())
}

/// Refuses inputs that are too large or clearly binary.
fn check_input(bytes: &[u8], limit: usize) -> Result<(), HtmlError> {
    if bytes.len() > limit {
        return Err(HtmlError::TooLarge {
            bytes: bytes.len(),
            limit,
        });
    }
    let head = &bytes[..bytes.len().min(8192)];
    if let Some(offset) = head.iter().position(|&c| c == 0)
        && !head.contains(&b'<')
    {
        return Err(HtmlError::Binary { offset });
    }
    Ok(())
}

/// Sum of non-space characters over blocks.
fn visible_chars(blocks: &[HtmlBlock]) -> u32 {
    blocks.iter().map(|b| b.markup.chars).sum()
}

/// A page read from HTML: its blocks, in document order, and what its
/// markup says of the whole page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HtmlPage {
    /// The visible text blocks, each with its [`Markup`].
    pub(crate) blocks: Vec<Block<'static>>,
    /// What the markup says of the whole page: its title, declarations and
    /// the census of its elements.
    pub(crate) markup: PageMarkup,
    /// The name (as `encoding_rs` spells it) of the encoding the bytes were read with.
    pub(crate) encoding: &'static str,
}

/// Reads an HTML page's bytes into blocks with default limits
/// ([`DEFAULT_MAX_BYTES`], [`DEFAULT_MAX_DEPTH`]).
pub(crate) fn read_html(bytes: &[u8]) -> Result<HtmlPage, HtmlError> {
    read_html_with(bytes, &ReadOptions::default())
}

/// Reads an HTML page's bytes into blocks with the given limits and HTTP charset.
pub(crate) fn read_html_with(bytes: &[u8], options: &ReadOptions) -> Result<HtmlPage, HtmlError> {
    let parsed = parse_with(bytes, options)?;
    let blocks = parsed
        .blocks
        .into_iter()
        .map(HtmlBlock::into_block)
        .collect();
    Ok(HtmlPage {
        blocks,
        markup: parsed.markup,
        encoding: parsed.encoding,
    })
}

impl HtmlBlock {
    fn into_block(self) -> Block<'static> {
        Block {
            text: Cow::Owned(self.text),
            span: None,
            line: self.line,
            markup: Some(Box::new(self.markup)),
        }
    }
}
