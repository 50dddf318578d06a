//! HTML reader: turns the bytes of a scraped page into visible text blocks,
//! each with the markup facts of the element that holds it.
//!
//! The blocking rule follows `corpus/html/README.md` (the rule that cut the
//! labelled paragraphs of the corpus), so blocks line up with labelled
//! paragraphs:
//!
//! 1. bytes to text ([`decode_html_bytes`]): BOM, then HTTP charset, then a
//!    `<meta>` charset in the first 4 KB, then UTF-8 if valid, else
//!    Windows-1252;
//! 2. one linear pass of a small HTML tokenizer (comments, raw-text
//!    elements, quoted attributes, character references) that keeps its own
//!    stack of open elements with the browser rules that matter for blocks
//!    (void elements, implied end tags of `p li dd dt td th tr option`, end
//!    tags closing the matching open element within its scope, stray end
//!    tags ignored, start tags beyond `max_depth` dropped);
//! 3. on the fly: invisible subtrees skipped, blocks cut at block elements,
//!    whitespace normalised and link characters counted.

use crate::{Block, Markup};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::sync::Arc;

use encoding_rs::Encoding;

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

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
    /// `<title>`, else the `og:title` meta, else the first `<h1>`.
    pub title: Option<String>,
    /// Name (as `encoding_rs` spells it) of the encoding used to decode.
    pub encoding: &'static str,
}

/// Why bytes could not be read as HTML.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HtmlError {
    /// The bytes are clearly not HTML: NUL bytes in the first 8 KB and no '<'.
    #[error("binary data, not HTML (NUL byte at offset {offset})")]
    Binary {
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// The input exceeds the size limit.
    #[error("HTML input of {bytes} bytes exceeds the limit of {limit} bytes")]
    TooLarge {
        /// Size of the input.
        bytes: usize,
        /// The limit in force.
        limit: usize,
    },
}

/// Limits applied by [`read_html_with`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Inputs larger than this many bytes are refused with [`HtmlError::TooLarge`].
    pub max_bytes: usize,
    /// Start tags nested deeper than this (counting `html` and `body`) are
    /// dropped, with as many later end tags; their text is kept.
    /// `usize::MAX` disables the guard.
    pub max_depth: usize,
    /// Charset from the HTTP `Content-Type` header, if known.
    pub http_charset: Option<String>,
}

/// Default input size limit of [`read_html`]: 64 MiB.
pub const DEFAULT_MAX_BYTES: usize = 64 << 20;
/// Default nesting limit of [`read_html`].
pub const DEFAULT_MAX_DEPTH: usize = 512;

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: DEFAULT_MAX_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            http_charset: None,
        }
    }
}

// ---------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------

/// Reads HTML bytes with default limits.
#[cfg(test)]
pub(crate) fn parse(bytes: &[u8]) -> Result<Parsed, HtmlError> {
    parse_with(bytes, &ReadOptions::default())
}

/// Reads HTML bytes with the given limits.
pub(crate) fn parse_with(bytes: &[u8], opts: &ReadOptions) -> Result<Parsed, HtmlError> {
    check_input(bytes, opts.max_bytes)?;
    let (text, encoding) = decode_html_bytes(bytes, opts.http_charset.as_deref());
    let first = read_text(&text, false, opts.max_depth);
    let mut blocks = first.blocks;
    if visible_chars(&blocks) < 200 && first.saw_noscript {
        let again = read_text(&text, true, opts.max_depth).blocks;
        if visible_chars(&again) > visible_chars(&blocks) {
            blocks = again;
        }
    }
    Ok(Parsed {
        blocks,
        title: first.title,
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
    MARKS.iter().any(|m| find(&head, m).is_some())
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

// ---------------------------------------------------------------------------
// Bytes to text
// ---------------------------------------------------------------------------

/// Decodes page bytes. A BOM wins; otherwise the candidates are tried in
/// order, each strictly (no malformed sequences; for Windows-1252 none of the
/// five bytes it leaves undefined): the `http_charset`, a `<meta>` charset in
/// the first 4 KB, UTF-8, Windows-1252. When all fail, the bytes are read as
/// UTF-8 with U+FFFD for malformed sequences. Unknown
/// labels are ignored. Returns the text and the encoding's name.
pub fn decode_html_bytes(bytes: &[u8], http_charset: Option<&str>) -> (String, &'static str) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), enc.name());
    }
    let declared = [
        http_charset.and_then(label_encoding),
        meta_charset(&bytes[..bytes.len().min(4096)]),
    ];
    let fallback = [Some(encoding_rs::UTF_8), Some(encoding_rs::WINDOWS_1252)];
    for enc in declared.into_iter().chain(fallback).flatten() {
        if let Some(text) = decode_strict(enc, bytes) {
            return (text, enc.name());
        }
    }
    let (text, _) = encoding_rs::UTF_8.decode_without_bom_handling(bytes);
    (text.into_owned(), encoding_rs::UTF_8.name())
}

/// Decodes `bytes` with `enc`, or `None` on any malformed input.
fn decode_strict(enc: &'static Encoding, bytes: &[u8]) -> Option<String> {
    if enc == encoding_rs::UTF_8 {
        return std::str::from_utf8(bytes).ok().map(str::to_owned);
    }
    if enc == encoding_rs::WINDOWS_1252
        && bytes
            .iter()
            .any(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
    {
        return None;
    }
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(Cow::into_owned)
}

/// Maps a charset label to an encoding as browsers do for HTML (UTF-16
/// declared in the page means UTF-8; `x-user-defined` means Windows-1252).
fn label_encoding(label: &str) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label.trim().trim_matches(['"', '\'']).as_bytes())?;
    Some(
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else if enc == encoding_rs::X_USER_DEFINED || enc == encoding_rs::REPLACEMENT {
            encoding_rs::WINDOWS_1252
        } else {
            enc
        },
    )
}

/// The first known charset declared by a `<meta>` tag in `head`.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"<meta") {
        let start = from + i + 5;
        let end = lower[start..]
            .iter()
            .position(|&c| c == b'>')
            .map_or(lower.len(), |e| start + e);
        if let Some(enc) = charset_in_tag(&lower[start..end]) {
            return Some(enc);
        }
        from = end;
    }
    None
}

/// The encoding named by `charset=` (or `charset :=`) inside one meta tag.
fn charset_in_tag(tag: &[u8]) -> Option<&'static Encoding> {
    let at = find(tag, b"charset")? + 7;
    let rest = trim_ascii_start(&tag[at..]);
    let rest = trim_ascii_start(rest.strip_prefix(b"=")?);
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let len = rest
        .iter()
        .position(|&c| matches!(c, b'"' | b'\'' | b';' | b'/' | b' ' | b'\t' | b'\n' | b'\r'))
        .unwrap_or(rest.len());
    label_encoding(std::str::from_utf8(&rest[..len]).ok()?)
}

/// `s` without leading ASCII whitespace.
fn trim_ascii_start(s: &[u8]) -> &[u8] {
    let i = s
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(s.len());
    &s[i..]
}

/// Byte offset of the first occurrence of `needle` in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

// ---------------------------------------------------------------------------
// Lexer: HTML text to tokens (linear, no allocation)
// ---------------------------------------------------------------------------

/// A token of the lexer; ranges are byte offsets into the source.
enum Tok {
    /// Character data (entities not yet decoded).
    Text(usize, usize),
    /// A start tag: name range, attribute range, whether written `/>`.
    Start {
        name: (usize, usize),
        attrs: (usize, usize),
        self_closing: bool,
    },
    /// An end tag: name range.
    End(usize, usize),
}

/// Splits HTML text into text runs and tags; comments, doctypes and
/// processing instructions are skipped. The reader moves `pos` past the
/// content of raw-text elements.
struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

impl Lexer<'_> {
    /// The next token.
    fn next_tok(&mut self) -> Option<Tok> {
        let b = self.src.as_bytes();
        loop {
            let at = self.pos;
            if at >= b.len() {
                return None;
            }
            let Some(i) = memchr::memchr(b'<', &b[at..]) else {
                self.pos = b.len();
                return Some(Tok::Text(at, b.len()));
            };
            if i > 0 {
                self.pos = at + i;
                return Some(Tok::Text(at, at + i));
            }
            let rest = &b[at + 1..];
            match rest.first() {
                Some(b'!') if rest.starts_with(b"!--") => self.pos = comment_end(b, at + 4),
                Some(b'!' | b'?') => self.pos = after_gt(b, at + 2),
                Some(b'/') => match rest.get(1) {
                    Some(c) if c.is_ascii_alphabetic() => {
                        let name_end = name_end(b, at + 2);
                        self.pos = tag_end(b, name_end)?;
                        return Some(Tok::End(at + 2, name_end));
                    }
                    Some(b'>') => self.pos = at + 3,
                    Some(_) => self.pos = after_gt(b, at + 2),
                    None => {
                        self.pos = b.len();
                        return Some(Tok::Text(at, b.len()));
                    }
                },
                Some(c) if c.is_ascii_alphabetic() => {
                    let name_end = name_end(b, at + 1);
                    let stop = tag_end(b, name_end)?;
                    self.pos = stop;
                    let self_closing = stop - 2 >= name_end && b[stop - 2] == b'/';
                    return Some(Tok::Start {
                        name: (at + 1, name_end),
                        attrs: (name_end, stop - 1),
                        self_closing,
                    });
                }
                _ => {
                    self.pos = at + 1;
                    return Some(Tok::Text(at, at + 1));
                }
            }
        }
    }
}

/// Offset after the comment whose text starts at `from` (`-->`, or the
/// degenerate `<!-->` and `<!--->`; an unclosed comment runs to the end).
fn comment_end(b: &[u8], from: usize) -> usize {
    let rest = &b[from.min(b.len())..];
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    memchr::memmem::find(rest, b"-->").map_or(b.len(), |i| from + i + 3)
}

/// Offset after the next `>` at or after `from` (or the end).
fn after_gt(b: &[u8], from: usize) -> usize {
    memchr::memchr(b'>', &b[from.min(b.len())..]).map_or(b.len(), |i| from + i + 1)
}

/// End of a tag name starting at `from` (whitespace, `/` or `>` ends it).
fn name_end(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|&c| matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ' | b'/' | b'>'))
        .map_or(b.len(), |i| from + i)
}

/// Offset just after the `>` that ends a tag, honouring quoted attribute
/// values (a quote opens one only right after `=`); `None` when the input
/// ends inside the tag (the tag is then dropped, as browsers do).
fn tag_end(b: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    let mut after_eq = false;
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) => {
                // Jump to the closing quote.
                let close = memchr::memchr(q, &b[i..])?;
                i += close + 1;
                quote = None;
                after_eq = false;
                continue;
            }
            None if after_eq && (c == b'"' || c == b'\'') => quote = Some(c),
            None if c == b'>' => return Some(i + 1),
            None => {}
        }
        if !c.is_ascii_whitespace() {
            after_eq = c == b'=';
        }
        i += 1;
    }
    None
}

/// The attributes the reader uses, as written (entities not decoded).
#[derive(Default)]
struct Attrs<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    role: Option<&'a str>,
    style: Option<&'a str>,
    href: Option<&'a str>,
    property: Option<&'a str>,
    content: Option<&'a str>,
    hidden: bool,
}

/// Parses the attribute text of a start tag (first occurrence wins).
fn parse_attrs(s: &str) -> Attrs<'_> {
    let b = s.as_bytes();
    let mut a = Attrs::default();
    let mut i = 0;
    let is_ws = |c: u8| matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ');
    loop {
        while i < b.len() && (is_ws(b[i]) || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return a;
        }
        let start = i;
        i += 1;
        while i < b.len() && !is_ws(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = &s[start..i];
        while i < b.len() && is_ws(b[i]) {
            i += 1;
        }
        let mut value = "";
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && is_ws(b[i]) {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let end = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |e| i + 1 + e);
                value = &s[i + 1..end];
                i = end + 1;
            } else {
                let start = i;
                while i < b.len() && !is_ws(b[i]) && b[i] != b'>' {
                    i += 1;
                }
                value = &s[start..i];
            }
        }
        let slot = match name.len() {
            2 if name.eq_ignore_ascii_case("id") => &mut a.id,
            4 if name.eq_ignore_ascii_case("role") => &mut a.role,
            4 if name.eq_ignore_ascii_case("href") => &mut a.href,
            5 if name.eq_ignore_ascii_case("class") => &mut a.class,
            5 if name.eq_ignore_ascii_case("style") => &mut a.style,
            6 if name.eq_ignore_ascii_case("hidden") => {
                a.hidden = true;
                continue;
            }
            7 if name.eq_ignore_ascii_case("content") => &mut a.content,
            8 if name.eq_ignore_ascii_case("property") => &mut a.property,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }
}

/// Whether `b[at..]` starts with `tag` (case-insensitive) followed by
/// whitespace, `/`, `>` or the end.
fn tag_at(b: &[u8], at: usize, tag: &[u8]) -> bool {
    let n = tag.len();
    b.len() >= at + n
        && b[at..at + n].eq_ignore_ascii_case(tag)
        && b.get(at + n)
            .is_none_or(|&c| matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ' | b'/' | b'>'))
}

/// Offset of the `</name` (followed by whitespace, `/`, `>` or the end) that
/// ends the raw text starting at `from`, or the end of the input. In
/// `<script>`, a `<!--` section holding a `<script` hides the next
/// `</script>` (HTML's double-escaped script data).
fn raw_text_end(b: &[u8], from: usize, name: &str) -> usize {
    let script = name == "script";
    let mut close = Vec::with_capacity(name.len() + 1);
    close.push(b'/');
    close.extend_from_slice(name.as_bytes());
    // 0: data, 1: escaped (inside `<!--`), 2: double-escaped.
    let mut state = 0u8;
    let mut at = from;
    loop {
        let next = if script && state > 0 {
            memchr::memchr2(b'<', b'-', &b[at..])
        } else {
            memchr::memchr(b'<', &b[at..])
        };
        let Some(i) = next else { return b.len() };
        let p = at + i;
        at = p + 1;
        if b[p] == b'-' {
            if b[p..].starts_with(b"-->") {
                state = 0;
                at = p + 3;
            }
            continue;
        }
        if state < 2 && tag_at(b, p + 1, &close) {
            return p;
        }
        if !script {
            continue;
        }
        match state {
            0 if b[p..].starts_with(b"<!--") => {
                state = 1;
                at = p + 4;
            }
            1 if tag_at(b, p + 1, b"script") => state = 2,
            2 if tag_at(b, p + 1, b"/script") => state = 1,
            _ => {}
        }
    }
}

/// Offset of the `</name` that closes a foreign (`svg`/`math`) element whose
/// start tag ends at `from`, counting nested ones; `None` if it is unclosed.
fn foreign_end(src: &str, from: usize, name: &str) -> Option<usize> {
    let mut lex = Lexer { src, pos: from };
    let mut depth = 1usize;
    let mut start = from;
    while let Some(tok) = lex.next_tok() {
        match tok {
            Tok::Start {
                name: (s, e),
                self_closing,
                ..
            } if !self_closing && src[s..e].eq_ignore_ascii_case(name) => depth += 1,
            Tok::End(s, e) if src[s..e].eq_ignore_ascii_case(name) => {
                depth -= 1;
                if depth == 0 {
                    return Some(start);
                }
            }
            _ => {}
        }
        start = lex.pos;
    }
    None
}

/// How the content of an element is tokenised.
#[derive(Clone, Copy, PartialEq)]
enum Content {
    /// Ordinary markup.
    Markup,
    /// Raw text up to the end tag, entities decoded (`title`, `textarea`).
    Rcdata,
    /// Raw text up to the end tag (`script`, `style`, `xmp`, ...).
    Raw,
    /// Everything to the end of the input is text (`plaintext`).
    Plaintext,
}

/// Content model of element `name`.
fn content_of(name: &str, scripting: bool) -> Content {
    match name {
        "title" | "textarea" => Content::Rcdata,
        "script" | "style" | "xmp" | "iframe" | "noembed" | "noframes" => Content::Raw,
        "noscript" if scripting => Content::Raw,
        "plaintext" => Content::Plaintext,
        _ => Content::Markup,
    }
}

// ---------------------------------------------------------------------------
// Character references
// ---------------------------------------------------------------------------

/// Decodes the character reference at `s[i]` (an `&`): the character(s) and
/// the bytes consumed, or `None` when it is not one (the `&` is literal).
fn char_ref(s: &str, i: usize, in_attr: bool) -> Option<(char, Option<char>, usize)> {
    let b = s.as_bytes();
    let rest = &b[i + 1..];
    if rest.first() == Some(&b'#') {
        let hex = matches!(rest.get(1), Some(b'x' | b'X'));
        let digits_at = if hex { 2 } else { 1 };
        let digits = rest[digits_at..]
            .iter()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return None;
        }
        let text = &s[i + 1 + digits_at..i + 1 + digits_at + digits];
        let value = u32::from_str_radix(text, if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
        let semi = usize::from(rest.get(digits_at + digits) == Some(&b';'));
        let c = match value {
            0x80..=0x9F => web_atoms::C1_REPLACEMENTS[(value - 0x80) as usize]
                .unwrap_or_else(|| char::from_u32(value).unwrap_or('\u{FFFD}')),
            0 => '\u{FFFD}',
            _ => char::from_u32(value).unwrap_or('\u{FFFD}'),
        };
        return Some((c, None, 1 + digits_at + digits + semi));
    }
    let run = rest
        .iter()
        .take(32)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if run == 0 {
        return None;
    }
    let to_chars = |(a, b): (u32, u32)| {
        let a = char::from_u32(a)?;
        Some((a, char::from_u32(b).filter(|_| b != 0)))
    };
    if rest.get(run) == Some(&b';')
        && let Some(&v) = web_atoms::NAMED_ENTITIES.get(&s[i + 1..i + 2 + run])
        && v.0 != 0
    {
        let (a, b2) = to_chars(v)?;
        return Some((a, b2, run + 2));
    }
    for len in (1..=run).rev() {
        if let Some(&v) = web_atoms::NAMED_ENTITIES.get(&s[i + 1..i + 1 + len])
            && v.0 != 0
        {
            let next = rest.get(len).copied();
            if in_attr && next.is_some_and(|c| c == b'=' || c.is_ascii_alphanumeric()) {
                return None;
            }
            let (a, b2) = to_chars(v)?;
            return Some((a, b2, len + 1));
        }
    }
    None
}

/// `s` with character references decoded.
fn decode_refs(s: &str, in_attr: bool) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut at = 0;
    while let Some(j) = s[at..].find('&') {
        let i = at + j;
        out.push_str(&s[at..i]);
        match char_ref(s, i, in_attr) {
            Some((a, b, len)) => {
                out.push(a);
                out.extend(b);
                at = i + len;
            }
            None => {
                out.push('&');
                at = i + 1;
            }
        }
    }
    out.push_str(&s[at..]);
    Cow::Owned(out)
}

// ---------------------------------------------------------------------------
// Element classes
// ---------------------------------------------------------------------------

/// Subtrees whose text is never page text.
fn is_skipped(name: &str, keep_noscript: bool) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "template"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "math"
            | "canvas"
            | "img"
            | "input"
            | "video"
            | "audio"
            | "source"
            | "track"
            | "param"
            | "area"
            | "base"
            | "textarea"
    ) || (name == "noscript" && !keep_noscript)
}

/// Elements that start a block when they open and end it when they close
/// (a `prefix:` is ignored: `<a0:li>` is a block, as libxml2 reads it).
fn is_block(name: &str) -> bool {
    let name = name.rsplit(':').next().unwrap_or(name);
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "frame"
            | "frameset"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "optgroup"
            | "option"
            | "p"
            | "plaintext"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "ul"
            | "xmp"
            | "br"
            | "select"
    )
}

/// Elements without content or end tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
            | "frame"
            | "basefont"
            | "bgsound"
            | "image"
    )
}

/// Start tags that close an open `<p>`.
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "search"
            | "section"
            | "summary"
            | "ul"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "listing"
            | "form"
            | "plaintext"
            | "table"
            | "hr"
            | "xmp"
            | "li"
            | "dd"
            | "dt"
    )
}

/// Elements that stop the search of an inline end tag for its start tag
/// (HTML's "special" category, structural part).
fn is_special(name: &str) -> bool {
    is_block(name)
        || matches!(
            name,
            "applet"
                | "button"
                | "colgroup"
                | "marquee"
                | "object"
                | "search"
                | "template"
                | "textarea"
                | "noscript"
                | "iframe"
                | "noembed"
                | "noframes"
                | "script"
                | "style"
                | "title"
        )
}

/// Elements that bound the scope in which a block end tag looks for its
/// start tag.
fn is_scope_boundary(name: &str, closing: &str) -> bool {
    match closing {
        "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "table" | "caption" => {
            matches!(name, "table" | "template")
        }
        _ => {
            matches!(
                name,
                "applet" | "caption" | "table" | "td" | "th" | "marquee" | "object" | "template"
            ) || (closing == "p" && name == "button")
                || (closing == "li" && matches!(name, "ul" | "ol"))
        }
    }
}

/// Formatting elements (their end tag can close them out of order).
fn is_formatting(name: &str) -> bool {
    matches!(
        name,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

/// Elements allowed inside `<head>` (any other start tag closes it).
fn is_head_content(name: &str) -> bool {
    matches!(
        name,
        "base"
            | "basefont"
            | "bgsound"
            | "link"
            | "meta"
            | "title"
            | "noscript"
            | "noframes"
            | "style"
            | "script"
            | "template"
    )
}

/// Whether an inline style hides the element.
fn style_hides(style: &str) -> bool {
    let b = style.as_bytes();
    let maybe = b.len() >= 4
        && b.windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"none") || w.eq_ignore_ascii_case(b"hidd"));
    if !maybe {
        return false;
    }
    let s: String = decode_refs(style, true)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    s.contains("display:none") || s.contains("visibility:hidden")
}

/// Whether an `<a href>` value counts for link characters.
fn is_counted_href(href: &str) -> bool {
    let h = decode_refs(href, true);
    let h = h.trim_start();
    !h.starts_with('#')
        && !h
            .get(..11)
            .is_some_and(|p| p.eq_ignore_ascii_case("javascript:"))
}

// ---------------------------------------------------------------------------
// Reader: tokens to blocks with a stack of open elements
// ---------------------------------------------------------------------------

/// One open element.
struct Open {
    /// Lowercase name, interned.
    name: Arc<str>,
    /// The roles the element gives a block (its landmark role, then its
    /// lowercased `role` tokens), then its class tokens (the lowercased
    /// class and id tokens, each followed by its '-'/'_' parts): ranges in
    /// `Reader::tokens` (`Reader::root_tokens` for `html` and `body`).
    roles: (u32, u32),
    classes: (u32, u32),
    /// A block element (entered while visible).
    block: bool,
    /// A counted link (entered while visible).
    link: bool,
    /// Starts an invisible subtree.
    hides: bool,
    /// Closed out of order by the end tag of a formatting element: no longer
    /// an ancestor of what follows.
    dead: bool,
    /// The element's number on its page (its start tag's rank, from 1).
    serial: u32,
}

/// Streaming reader state.
struct Reader<'a> {
    src: &'a str,
    keep_noscript: bool,
    max_depth: usize,
    stack: Vec<Open>,
    /// The page's distinct names and tokens.
    strings: Strings,
    /// Role and class tokens of the open elements, in stack order.
    tokens: Vec<Token>,
    /// The lists of the block being flushed, built in reused buffers.
    lists: ChainLists,
    /// Live open elements per name hash bucket: a search for names whose
    /// buckets are empty is skipped (keeps deep documents linear).
    open_count: [u32; 256],
    /// Role and class tokens of `html` and `body` (their tags may come late).
    root_tokens: Vec<Token>,
    /// Whether `html` and `body` were given a role, class or id.
    root_attrs_set: [bool; 2],
    /// Start tags dropped for depth whose end tags are still to be dropped.
    dropped: usize,
    /// Elements pushed so far (numbers them: [`Open::serial`]).
    elements_opened: u32,
    hidden_open: u32,
    links_open: u32,
    head_at: Option<usize>,
    body_started: bool,
    foreign_unclosed: bool,
    /// Open block: normalised text, pending space, counts, line of first text.
    buf: String,
    pending: bool,
    chars: u32,
    link_chars: u32,
    first_line: Option<usize>,
    /// Newlines counted up to byte `line_at` (line `line_no`).
    line_at: usize,
    line_no: usize,
    blocks: Vec<HtmlBlock>,
    title: Option<String>,
    og_title: Option<String>,
    h1: Option<String>,
    h1_at: Option<usize>,
    saw_noscript: bool,
}

/// What a read produced.
struct ReadOut {
    blocks: Vec<HtmlBlock>,
    title: Option<String>,
    saw_noscript: bool,
}

/// Reads decoded HTML text into blocks.
fn read_text(src: &str, keep_noscript: bool, max_depth: usize) -> ReadOut {
    let mut r = Reader {
        src,
        keep_noscript,
        max_depth: max_depth.max(2),
        stack: Vec::with_capacity(64),
        strings: Strings::default(),
        tokens: Vec::with_capacity(256),
        lists: ChainLists::default(),
        root_tokens: Vec::new(),
        root_attrs_set: [false; 2],
        open_count: [0; 256],
        dropped: 0,
        elements_opened: 0,
        hidden_open: 0,
        links_open: 0,
        head_at: None,
        body_started: false,
        foreign_unclosed: false,
        buf: String::with_capacity(1024),
        pending: false,
        chars: 0,
        link_chars: 0,
        first_line: None,
        line_at: 0,
        line_no: 1,
        blocks: Vec::new(),
        title: None,
        og_title: None,
        h1: None,
        h1_at: None,
        saw_noscript: false,
    };
    r.push_open("html", &Attrs::default());
    r.push_open("body", &Attrs::default());
    let mut lex = Lexer { src, pos: 0 };
    while let Some(tok) = lex.next_tok() {
        match tok {
            Tok::Text(s, e) => r.text(s, e, true),
            Tok::End(s, e) => {
                let name = lower(&src[s..e]);
                r.end_tag(&name);
            }
            Tok::Start {
                name: (s, e),
                attrs: (a, z),
                self_closing,
            } => {
                let name = lower(&src[s..e]);
                let attrs = parse_attrs(&src[a..z]);
                if let Some(next) = r.start_tag(&name, &attrs, self_closing, lex.pos) {
                    lex.pos = next;
                }
            }
        }
    }
    r.pop_to(0);
    r.flush();
    let non_empty = |t: &String| !t.is_empty();
    let title = (r.title.map(|t| normalize(&t).0).filter(non_empty))
        .or_else(|| r.og_title.map(|t| normalize(&t).0).filter(non_empty))
        .or_else(|| r.h1.map(|t| normalize(&t).0).filter(non_empty));
    ReadOut {
        blocks: r.blocks,
        title,
        saw_noscript: r.saw_noscript,
    }
}

/// ASCII-lowercased tag name (borrowed when already lowercase).
fn lower(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|c| c.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Hash bucket of an element name (FNV-1a, 8 bits).
fn bucket(name: &str) -> usize {
    let h = name.bytes().fold(0x811C_9DC5u32, |h, c| {
        (h ^ u32::from(c)).wrapping_mul(0x0100_0193)
    });
    (h ^ (h >> 8) ^ (h >> 16) ^ (h >> 24)) as usize & 255
}

/// `u32` from a buffer length (buffers stay far below 4 GiB: 64 MiB input cap).
fn len32(s: &str) -> u32 {
    u32::try_from(s.len()).unwrap_or(u32::MAX)
}

impl Reader<'_> {
    /// Whether an element named one of `names` may be open.
    fn maybe_open(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.open_count[bucket(n)] > 0)
    }

    /// Name of open element `i`.
    fn name(&self, i: usize) -> &str {
        &self.stack[i].name
    }

    /// Handles a start tag; returns where the lexer continues when the
    /// element's content was consumed here (raw text, foreign content).
    fn start_tag(
        &mut self,
        name: &str,
        attrs: &Attrs,
        self_closing: bool,
        after: usize,
    ) -> Option<usize> {
        match name {
            "html" => {
                self.merge_attrs(0, attrs);
                return None;
            }
            "body" => {
                self.close_head();
                self.body_started = true;
                self.merge_attrs(1, attrs);
                return None;
            }
            "head" => {
                if !self.body_started && self.head_at.is_none() && self.stack.len() == 2 {
                    self.head_at = Some(2);
                    self.push_open("head", attrs);
                }
                return None;
            }
            _ => {}
        }
        if name == "noscript" {
            self.saw_noscript = true;
        }
        if self.head_at.is_some() {
            if !is_head_content(name) {
                self.close_head();
                self.body_started = true;
            }
        } else if !is_head_content(name) {
            self.body_started = true;
        }
        if name == "meta"
            && self.og_title.is_none()
            && attrs.property == Some("og:title")
            && let Some(c) = attrs.content
        {
            self.og_title = Some(decode_refs(c, true).into_owned());
        }
        self.implied_ends(name);
        if name == "svg" || name == "math" {
            if self_closing || self.foreign_unclosed {
                return None;
            }
            let Some(end) = foreign_end(self.src, after, name) else {
                self.foreign_unclosed = true;
                return None;
            };
            self.push_open(name, attrs);
            return Some(end);
        }
        if is_void(name) {
            if self.hidden_open == 0 && is_block(name) {
                self.flush();
            }
            return None;
        }
        let content = content_of(name, !self.keep_noscript);
        if content == Content::Markup && self.stack.len() >= self.max_depth {
            self.dropped += 1;
            return None;
        }
        self.push_open(name, attrs);
        match content {
            Content::Markup => None,
            Content::Plaintext => {
                self.text(after, self.src.len(), false);
                Some(self.src.len())
            }
            Content::Raw | Content::Rcdata => {
                let end = raw_text_end(self.src.as_bytes(), after, name);
                if name == "title" && self.title.is_none() {
                    self.title = Some(decode_refs(&self.src[after..end], false).into_owned());
                } else if matches!(name, "xmp" | "noembed" | "noframes") {
                    self.text(after, end, false);
                }
                Some(end)
            }
        }
    }

    /// Closes the elements that a start tag `name` ends implicitly, and opens
    /// the table parts it implies.
    fn implied_ends(&mut self, name: &str) {
        if closes_p(name) {
            self.close_in_scope("p", &["p"]);
        }
        match name {
            "li" => self.close_list_item(&["li"]),
            "dd" | "dt" => self.close_list_item(&["dd", "dt"]),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let top = self.stack.len() - 1;
                if matches!(self.name(top), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                    self.pop_to(top);
                }
            }
            "td" | "th" => {
                self.close_in_scope("td", &["td", "th"]);
                self.open_table_parts(true);
            }
            "tr" => {
                self.close_in_scope("tr", &["tr"]);
                self.open_table_parts(false);
            }
            "tbody" | "thead" | "tfoot" => {
                self.close_in_scope("tbody", &["tbody", "thead", "tfoot"])
            }
            "option" => self.close_top(&["option"]),
            "optgroup" => {
                self.close_top(&["option"]);
                self.close_top(&["optgroup"]);
            }
            "a" if self.maybe_open(&["a"]) => {
                // A new link closes an open one in the same block.
                let top = self.stack.len();
                for i in (2..top).rev() {
                    let n = self.name(i);
                    if n == "a" && !self.stack[i].dead {
                        self.kill(i);
                        break;
                    }
                    if is_special(n) {
                        break;
                    }
                }
            }
            _ => {}
        }
    }

    /// Opens `tbody` (and `tr` for a cell) when a row or cell starts directly
    /// in a table.
    fn open_table_parts(&mut self, cell: bool) {
        let top = self.name(self.stack.len() - 1);
        if top == "table" {
            self.push_open("tbody", &Attrs::default());
        }
        let top = self.name(self.stack.len() - 1);
        if cell && matches!(top, "tbody" | "thead" | "tfoot") {
            self.push_open("tr", &Attrs::default());
        }
    }

    /// Pops the current element if it is one of `names`.
    fn close_top(&mut self, names: &[&str]) {
        let top = self.stack.len() - 1;
        if top >= 2 && names.contains(&self.name(top)) {
            self.pop_to(top);
        }
    }

    /// Closes the nearest open element among `names` if it is in scope.
    fn close_in_scope(&mut self, scope: &str, names: &[&str]) {
        if let Some(i) = self.find_in_scope(scope, names) {
            self.pop_to(i);
        }
    }

    /// Index of the nearest open element among `names` within the scope of
    /// an end tag `scope`.
    fn find_in_scope(&self, scope: &str, names: &[&str]) -> Option<usize> {
        if !self.maybe_open(names) {
            return None;
        }
        for i in (2..self.stack.len()).rev() {
            let n = self.name(i);
            if names.contains(&n) && !self.stack[i].dead {
                return Some(i);
            }
            if is_scope_boundary(n, scope) {
                return None;
            }
        }
        None
    }

    /// Closes an open list item (`li`, or `dd`/`dt`) before a new one.
    fn close_list_item(&mut self, names: &[&str]) {
        if !self.maybe_open(names) {
            return;
        }
        for i in (2..self.stack.len()).rev() {
            let n = self.name(i);
            if names.contains(&n) {
                self.pop_to(i);
                return;
            }
            if is_special(n) && !matches!(n, "address" | "div" | "p") {
                return;
            }
        }
    }

    /// Handles an end tag.
    fn end_tag(&mut self, name: &str) {
        match name {
            "br" | "html" | "body" => return,
            "head" => {
                self.close_head();
                return;
            }
            _ => {}
        }
        if self.dropped > 0 {
            self.dropped -= 1;
            return;
        }
        const HEADINGS: [&str; 6] = ["h1", "h2", "h3", "h4", "h5", "h6"];
        if is_special(name) {
            // Any heading end tag closes the open heading.
            let names = if HEADINGS.contains(&name) {
                &HEADINGS[..]
            } else {
                &[name][..]
            };
            if let Some(i) = self.find_in_scope(name, names) {
                self.pop_to(i);
            }
            return;
        }
        if !self.maybe_open(&[name]) {
            return;
        }
        for i in (2..self.stack.len()).rev() {
            let n = self.name(i);
            if n == name && !self.stack[i].dead {
                self.pop_to(i);
                return;
            }
            if is_special(n) {
                break;
            }
        }
        // Out of order: a formatting element stops being an ancestor.
        if is_formatting(name) {
            let low = self.stack.len().saturating_sub(64).max(2);
            if let Some(i) = (low..self.stack.len())
                .rev()
                .find(|&i| !self.stack[i].dead && self.name(i) == name)
            {
                self.kill(i);
            }
        }
    }

    /// Marks open element `i` as closed without popping what is above it.
    fn kill(&mut self, i: usize) {
        let e = &mut self.stack[i];
        if e.link {
            e.link = false;
            self.links_open -= 1;
        }
        if e.hides {
            e.hides = false;
            self.hidden_open -= 1;
        }
        e.dead = true;
        let b = bucket(self.name(i));
        self.open_count[b] -= 1;
    }

    /// Closes an open `<head>`.
    fn close_head(&mut self) {
        if let Some(i) = self.head_at.take() {
            self.pop_to(i);
        }
    }

    /// Gives `html` or `body` (open element `i` < 2) the attributes of its
    /// tag, unless it already has some.
    fn merge_attrs(&mut self, i: usize, attrs: &Attrs) {
        let has_some = attrs.role.is_some() || attrs.class.is_some() || attrs.id.is_some();
        if has_some && !std::mem::replace(&mut self.root_attrs_set[i], true) {
            let (roles, classes) = self.strings.store(&mut self.root_tokens, None, Some(attrs));
            let e = &mut self.stack[i];
            (e.roles, e.classes) = (roles, classes);
        }
    }

    /// Opens element `name`.
    fn push_open(&mut self, name: &str, attrs: &Attrs) {
        let visible = self.hidden_open == 0;
        let hides = visible
            && (is_skipped(name, self.keep_noscript)
                || attrs.hidden
                || attrs.style.is_some_and(style_hides));
        let block = visible && !hides && is_block(name);
        let link = visible && !hides && name == "a" && attrs.href.is_some_and(is_counted_href);
        if block {
            self.flush();
        }
        if hides {
            self.hidden_open += 1;
        }
        if link {
            self.links_open += 1;
        }
        self.open_count[bucket(name)] += 1;
        self.elements_opened = self.elements_opened.saturating_add(1);
        let (roles, classes) = if self.stack.len() < 2 {
            ((0, 0), (0, 0))
        } else {
            let attrs = (visible && !hides).then_some(attrs);
            self.strings.store(&mut self.tokens, landmark(name), attrs)
        };
        if name == "h1" && self.h1.is_none() {
            self.h1 = Some(String::new());
            self.h1_at = Some(self.stack.len());
        }
        self.stack.push(Open {
            name: self.strings.intern(name).text,
            roles,
            classes,
            block,
            link,
            hides,
            dead: false,
            serial: self.elements_opened,
        });
    }

    /// Pops open elements until `len` remain (never `html` and `body`, unless
    /// `len` is 0 at the end of the input).
    fn pop_to(&mut self, len: usize) {
        let len = if len == 0 { 0 } else { len.max(2) };
        while self.stack.len() > len {
            let i = self.stack.len() - 1;
            let (hides, block, link) = {
                let e = &self.stack[i];
                (e.hides, e.block, e.link)
            };
            if hides {
                self.hidden_open -= 1;
            } else {
                if block {
                    self.flush();
                }
                if link {
                    self.links_open -= 1;
                }
            }
            if self.h1_at == Some(i) {
                self.h1_at = None;
            }
            if self.head_at == Some(i) {
                self.head_at = None;
            }
            if !self.stack[i].dead {
                let b = bucket(self.name(i));
                self.open_count[b] -= 1;
            }
            let e = self.stack.pop().expect("non-empty");
            if i >= 2 {
                self.tokens.truncate(e.roles.0 as usize);
            }
        }
    }

    /// Character data `src[s..e]` (entities decoded when `decode`).
    fn text(&mut self, s: usize, e: usize, decode: bool) {
        let src = self.src;
        let t = &src[s..e];
        if self.h1_at.is_some()
            && let Some(h1) = self.h1.as_mut()
        {
            h1.push_str(&decode_refs(t, false));
        }
        if self.head_at.is_some() {
            if t.bytes().all(|c| c.is_ascii_whitespace()) {
                return;
            }
            self.close_head();
        }
        if self.hidden_open > 0 {
            return;
        }
        if t.bytes().any(|c| !c.is_ascii_whitespace()) {
            self.body_started = true;
        }
        let b = t.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c == b'&'
                && decode
                && let Some((c1, c2, len)) = char_ref(t, i, false)
            {
                self.push_char(c1, s + i);
                if let Some(c2) = c2 {
                    self.push_char(c2, s + i);
                }
                i += len;
                continue;
            }
            if c < 0x80 {
                if matches!(c, 9..=13 | 0x1C..=0x20) {
                    self.pending = !self.buf.is_empty();
                    i += 1;
                    continue;
                }
                if c == 0 {
                    i += 1;
                    continue;
                }
                let start = i;
                i += 1;
                while i < b.len() && b[i] > 0x20 && b[i] < 0x80 && b[i] != b'&' {
                    i += 1;
                }
                self.push_run(&t[start..i], s + start);
                continue;
            }
            let ch = t[i..].chars().next().expect("char boundary");
            self.push_char(ch, s + i);
            i += ch.len_utf8();
        }
    }

    /// Appends visible ASCII (no spaces) at source offset `at`.
    fn push_run(&mut self, run: &str, at: usize) {
        self.before_visible(at);
        self.buf.push_str(run);
        self.count_visible(len32(run));
    }

    /// Appends one character at source offset `at`.
    fn push_char(&mut self, c: char, at: usize) {
        if is_zero_width(c) || c == '\0' {
            return;
        }
        if is_space(c) {
            self.pending = !self.buf.is_empty();
            return;
        }
        self.before_visible(at);
        self.buf.push(c);
        self.count_visible(1);
    }

    /// Before visible text at source offset `at`: notes the block's first
    /// line and writes the space pending before it.
    fn before_visible(&mut self, at: usize) {
        if self.first_line.is_none() {
            self.first_line = Some(self.line_of(at));
        }
        if self.pending {
            self.buf.push(' ');
            self.pending = false;
        }
    }

    /// Counts `n` visible characters just written, as link text when inside a link.
    fn count_visible(&mut self, n: u32) {
        self.chars += n;
        if self.links_open > 0 {
            self.link_chars += n;
        }
    }

    /// 1-based line of source offset `at` (offsets asked in increasing order).
    fn line_of(&mut self, at: usize) -> usize {
        if at > self.line_at {
            let b = &self.src.as_bytes()[self.line_at..at];
            self.line_no += memchr::memchr_iter(b'\n', b).count();
            self.line_at = at;
        }
        self.line_no
    }

    /// Ends the open block, keeping it when it has visible text.
    fn flush(&mut self) {
        let first = self.first_line.take();
        let (chars, link_chars) = (self.chars, self.link_chars);
        (self.chars, self.link_chars, self.pending) = (0, 0, false);
        let Some(line) = first else {
            self.buf.clear();
            return;
        };
        let text = String::from(self.buf.as_str());
        self.buf.clear();
        let mut markup = self.block_markup();
        markup.chars = chars;
        markup.link_chars = link_chars.min(chars);
        self.blocks.push(HtmlBlock { text, markup, line });
    }

    /// Markup facts (without character counts) of the open block: taken from
    /// the innermost open block element and its ancestors.
    fn block_markup(&mut self) -> Markup {
        let live = |i: &usize| !self.stack[*i].dead;
        let block = (0..self.stack.len())
            .rev()
            .filter(live)
            .find(|&i| is_block(self.name(i)))
            .unwrap_or(0);
        let mut m = Markup {
            element: Arc::clone(&self.stack[block].name),
            path: Vec::new(),
            class_tokens: Vec::new(),
            roles: Vec::new(),
            chars: 0,
            link_chars: 0,
            heading: 0,
            in_list: false,
            in_table: false,
            in_form: false,
            depth: 0,
            container: (self.stack[..block].iter().rev())
                .find(|e| !e.dead)
                .map_or(0, |e| e.serial),
        };
        let lists = &mut self.lists;
        let mut depth = 0usize;
        for (i, e) in self.stack[..=block].iter().enumerate().rev() {
            if e.dead {
                continue;
            }
            depth += 1;
            element_facts(&e.name, &mut m);
            if i >= 2 && lists.path.len() < 16 {
                lists.path.push(Arc::clone(&e.name));
            }
            let tokens = if i < 2 {
                &self.root_tokens
            } else {
                &self.tokens
            };
            let range = |(s, e): (u32, u32)| &tokens[s as usize..e as usize];
            range(e.roles).iter().for_each(|t| lists.roles.push(t, 16));
            range(e.classes)
                .iter()
                .for_each(|t| lists.classes.push(t, 64));
        }
        m.path = lists.path.drain(..).rev().collect();
        m.roles = lists.roles.take();
        m.class_tokens = lists.classes.take();
        m.depth = u16::try_from(depth.saturating_sub(1)).unwrap_or(u16::MAX);
        m
    }
}

/// A string of a page, interned, with its number among the page's strings.
#[derive(Clone)]
struct Token {
    id: u32,
    text: Arc<str>,
}

/// The distinct strings of one page (tag names, roles, class and id
/// tokens), each allocated once and shared by every block that names it.
#[derive(Default)]
struct Strings {
    ids: FxHashMap<Arc<str>, u32>,
    /// Lowercased attribute values, split here.
    scratch: String,
}

impl Strings {
    /// The page's one copy of `s`.
    fn intern(&mut self, s: &str) -> Token {
        intern(&mut self.ids, s)
    }

    /// Appends to `tokens` the roles an element gives a block (`landmark`,
    /// then the lowercased `role` tokens), then its lowercased class and id
    /// tokens, each followed by its '-'/'_' parts; returns the two ranges.
    fn store(
        &mut self,
        tokens: &mut Vec<Token>,
        landmark: Option<&str>,
        attrs: Option<&Attrs>,
    ) -> ((u32, u32), (u32, u32)) {
        let Strings { ids, scratch } = self;
        let r0 = count32(tokens);
        tokens.extend(landmark.map(|role| intern(ids, role)));
        if let Some(attrs) = attrs {
            lowercase_into(scratch, &[attrs.role]);
            tokens.extend(scratch.split_whitespace().map(|w| intern(ids, w)));
        }
        let r1 = count32(tokens);
        if let Some(attrs) = attrs {
            lowercase_into(scratch, &[attrs.class, attrs.id]);
            for word in scratch.split_whitespace() {
                tokens.push(intern(ids, word));
                if word.contains(['-', '_']) {
                    let parts = word.split(['-', '_']).filter(|p| !p.is_empty());
                    tokens.extend(parts.map(|p| intern(ids, p)));
                }
            }
        }
        ((r0, r1), (r1, count32(tokens)))
    }
}

/// The one copy of `s` among `ids` (the strings met so far), added if new.
fn intern(ids: &mut FxHashMap<Arc<str>, u32>, s: &str) -> Token {
    if let Some((text, &id)) = ids.get_key_value(s) {
        return Token {
            id,
            text: Arc::clone(text),
        };
    }
    let id = u32::try_from(ids.len()).expect("fewer strings than input bytes");
    let text: Arc<str> = Arc::from(s);
    ids.insert(Arc::clone(&text), id);
    Token { id, text }
}

/// Replaces `buf` with the attribute values, entities decoded and
/// lowercased, each after a space.
fn lowercase_into(buf: &mut String, values: &[Option<&str>]) {
    buf.clear();
    for v in values.iter().flatten() {
        let v = decode_refs(v, true);
        buf.push(' ');
        if v.is_ascii() {
            let at = buf.len();
            buf.push_str(&v);
            buf[at..].make_ascii_lowercase();
        } else {
            buf.extend(v.chars().flat_map(char::to_lowercase));
        }
    }
}

/// `u32` length of a token list (lists stay far below 4 G items).
fn count32(tokens: &[Token]) -> u32 {
    u32::try_from(tokens.len()).unwrap_or(u32::MAX)
}

/// The ARIA landmark role an element implies.
fn landmark(name: &str) -> Option<&'static str> {
    match name {
        "nav" => Some("navigation"),
        "header" => Some("banner"),
        "footer" => Some("contentinfo"),
        "aside" => Some("complementary"),
        "main" => Some("main"),
        _ => None,
    }
}

/// Adds the facts that element `name` of a block's chain gives by its name
/// alone (heading level, list, table, form).
fn element_facts(name: &str, m: &mut Markup) {
    match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if m.heading == 0 => {
            m.heading = name.as_bytes()[1] - b'0';
        }
        "ul" | "ol" | "dl" | "menu" | "li" | "dd" | "dt" => m.in_list = true,
        "table" => m.in_table = true,
        "form" => m.in_form = true,
        _ => {}
    }
}

/// The path, roles and class tokens of the block being flushed, gathered
/// from its chain (innermost first) in buffers reused from block to block.
#[derive(Default)]
struct ChainLists {
    path: Vec<Arc<str>>,
    roles: UniqueList,
    classes: UniqueList,
}

/// Tokens without repeats, in the order first met, up to a cap.
#[derive(Default)]
struct UniqueList {
    items: Vec<Arc<str>>,
    /// `seen[id] == round + 1`: token `id` is in `items`.
    seen: Vec<u32>,
    /// How many lists were taken.
    round: u32,
}

impl UniqueList {
    /// Adds `t` unless already there or the list holds `cap` tokens.
    fn push(&mut self, t: &Token, cap: usize) {
        let id = t.id as usize;
        if id >= self.seen.len() {
            self.seen.resize(id + 1, 0);
        }
        if self.items.len() < cap && self.seen[id] != self.round + 1 {
            self.seen[id] = self.round + 1;
            self.items.push(Arc::clone(&t.text));
        }
    }

    /// The list, leaving an empty one for the next block.
    fn take(&mut self) -> Vec<Arc<str>> {
        self.round += 1;
        self.items.drain(..).collect()
    }
}

/// Zero-width characters and the soft hyphen, removed from text.
fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{00AD}')
}

/// Whitespace as the reference saw it: Unicode white space, the
/// information separators U+001C-U+001F (as Python's `str.split()`), and
/// the zero-width space and BOM (U+200B, U+FEFF).
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{1C}'..='\u{1F}' | '\u{200B}' | '\u{FEFF}')
}

/// Collapses whitespace runs to one space, drops zero-width characters and
/// trims; returns the text and its count of non-space characters.
fn normalize(raw: &str) -> (String, u32) {
    let mut out = String::with_capacity(raw.len());
    let mut pending = false;
    let mut chars = 0u32;
    for c in raw.chars() {
        if is_zero_width(c) || c == '\0' {
            continue;
        }
        if is_space(c) {
            pending = !out.is_empty();
            continue;
        }
        if pending {
            out.push(' ');
            pending = false;
        }
        out.push(c);
        chars += 1;
    }
    (out, chars)
}

// ---------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------

/// A page read from HTML: its blocks, in document order, and its title.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlPage {
    /// The visible text blocks, each with its [`Markup`].
    pub blocks: Vec<Block<'static>>,
    /// `<title>`, else the `og:title` meta, else the first `<h1>`.
    pub title: Option<String>,
    /// The name (as `encoding_rs` spells it) of the encoding the bytes were read with.
    pub encoding: &'static str,
}

/// Reads an HTML page's bytes into blocks with default limits
/// ([`DEFAULT_MAX_BYTES`], [`DEFAULT_MAX_DEPTH`]).
///
/// ```
/// let page = declutter::read_html(b"<title>T</title><nav><a href=/a>Home</a></nav><p>The story, told.</p>")?;
/// let texts: Vec<&str> = page.blocks.iter().map(|b| b.text.as_ref()).collect();
/// assert_eq!(texts, ["Home", "The story, told."]);
/// let nav = page.blocks[0].markup.as_ref().unwrap();
/// assert_eq!((nav.link_density(), &*nav.roles[0]), (1.0, "navigation"));
/// assert_eq!(page.title.as_deref(), Some("T"));
/// # Ok::<(), declutter::HtmlError>(())
/// ```
pub fn read_html(bytes: &[u8]) -> Result<HtmlPage, HtmlError> {
    read_html_with(bytes, &ReadOptions::default())
}

/// Reads an HTML page's bytes into blocks with the given limits and HTTP charset.
pub fn read_html_with(bytes: &[u8], options: &ReadOptions) -> Result<HtmlPage, HtmlError> {
    let parsed = parse_with(bytes, options)?;
    let blocks = parsed
        .blocks
        .into_iter()
        .map(HtmlBlock::into_block)
        .collect();
    Ok(HtmlPage {
        blocks,
        title: parsed.title,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts of the blocks of `html`.
    fn texts(html: &str) -> Vec<String> {
        parse(html.as_bytes())
            .unwrap()
            .blocks
            .into_iter()
            .map(|b| b.text)
            .collect()
    }

    /// The single block of `html`.
    /// The strings of a markup list, to compare with literals.
    fn strs(list: &[Arc<str>]) -> Vec<&str> {
        list.iter().map(|s| &**s).collect()
    }

    fn one(html: &str) -> HtmlBlock {
        let page = parse(html.as_bytes()).unwrap();
        assert_eq!(page.blocks.len(), 1, "{:?}", page.blocks);
        page.blocks.into_iter().next().unwrap()
    }

    #[test]
    fn blocks_follow_block_elements_and_breaks() {
        let html = "<body>loose<p>One <b>bold</b> run</p>tail<div>a<br>b<hr>c</div>\
                    <ul><li>x</li><li>y <a href=/>z</a></li></ul><span>s1</span><span>s2</span></body>";
        assert_eq!(
            texts(html),
            [
                "loose",
                "One bold run",
                "tail",
                "a",
                "b",
                "c",
                "x",
                "y z",
                "s1s2"
            ]
        );
    }

    #[test]
    fn stray_br_end_tag_is_ignored() {
        assert_eq!(
            texts("<p>Featured:</br>TED Quotes</p>"),
            ["Featured:TED Quotes"]
        );
    }

    #[test]
    fn skipped_and_hidden_subtrees() {
        let html = "<body><script>var x</script><style>p{}</style><p>seen</p>\
                    <div hidden>h1</div><div style='DISPLAY: none'>h2</div>\
                    <span style='visibility:hidden'>h3</span><textarea>t</textarea>\
                    <svg><div>in svg</div></svg><template>tp</template></body>";
        assert_eq!(texts(html), ["seen"]);
    }

    #[test]
    fn whitespace_is_normalised() {
        let html = "<p>\u{a0} a\u{2003}\n b\u{200b}c so\u{ad}ft z\u{200c}w \u{feff}</p><p> \u{a0} </p><p>|</p>";
        assert_eq!(texts(html), ["a b c soft zw", "|"]);
    }

    #[test]
    fn link_characters() {
        let b = one(
            "<p>ab <a href='/x'>c d</a> <a href='#top'>ee</a> <a href='javascript:void(0)'>ff</a> <a>gg</a></p>",
        );
        assert_eq!((b.markup.chars, b.markup.link_chars), (10, 2));
    }

    #[test]
    fn markup_facts() {
        let html = "<body><div class='post-body main_col' id=Content><nav><ul>\
                    <li role=menuitem><h3>Title <span class=x>t</span></h3></li></ul></nav>\
                    <form><table><tr><td>cell</td></tr></table></form></div></body>";
        let page = parse(html.as_bytes()).unwrap();
        let m = &page.blocks[0].markup;
        assert_eq!(&*m.element, "h3");
        assert_eq!(strs(&m.path), ["div", "nav", "ul", "li", "h3"]);
        assert_eq!(m.heading, 3);
        assert!(m.in_list && !m.in_table && !m.in_form);
        assert_eq!(strs(&m.roles), ["menuitem", "navigation"]);
        for t in [
            "post-body",
            "post",
            "body",
            "main_col",
            "main",
            "col",
            "content",
        ] {
            assert!(
                strs(&m.class_tokens).contains(&t),
                "{t} in {:?}",
                m.class_tokens
            );
        }
        assert_eq!(m.depth, 6);
        let cell = &page.blocks[1].markup;
        assert_eq!(&*cell.element, "td");
        assert!(cell.in_table && cell.in_form && !cell.in_list);
        assert_eq!(page.blocks[1].line, 1);
    }

    #[test]
    fn blocks_name_the_containers_they_share() {
        let html = "<body><div class=post><p>one</p><p>two <b>bold</b></p>\
                    <section><p>three</p></section></div><ul><li>four</li></ul></body>";
        let page = parse(html.as_bytes()).unwrap();
        let c: Vec<u32> = page.blocks.iter().map(|b| b.markup.container).collect();
        assert_eq!(page.blocks.len(), 4);
        // `one` and `two` (its `<b>` is inline) sit in the same `div`;
        // `three` in a `section` of it, `four` in a `ul`.
        assert_eq!(c[0], c[1]);
        assert_ne!(c[2], c[0]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[3], c[2]);
        assert!(c.iter().all(|&id| id != 0));
        let html = "<body><div><p>one</p></div><div><p>two</p></div></body>";
        let page = parse(html.as_bytes()).unwrap();
        assert_ne!(
            page.blocks[0].markup.container,
            page.blocks[1].markup.container
        );
        // Loose text is a block of `body`, which sits in `html`.
        assert_ne!(one("<body>just text</body>").markup.container, 0);
    }

    #[test]
    fn loose_text_is_body() {
        let b = one("<body>just text</body>");
        assert_eq!((&*b.markup.element, b.markup.depth), ("body", 1));
        assert!(b.markup.path.is_empty());
    }

    #[test]
    fn line_numbers() {
        let page = parse(b"<html>\n<body>\n<p>one</p>\n\n<p>two\nlines</p>").unwrap();
        let lines: Vec<usize> = page.blocks.iter().map(|b| b.line).collect();
        assert_eq!(lines, [3, 5]);
    }

    #[test]
    fn title_fallbacks() {
        let title = |h: &str| parse(h.as_bytes()).unwrap().title;
        assert_eq!(
            title("<title> A  b </title><h1>H</h1>").as_deref(),
            Some("A b")
        );
        assert_eq!(
            title("<meta property='og:title' content='OG'><h1>H</h1>").as_deref(),
            Some("OG")
        );
        assert_eq!(
            title("<h1>Head <i>line</i></h1>").as_deref(),
            Some("Head line")
        );
        assert_eq!(title("<p>none</p>"), None);
    }

    #[test]
    fn noscript_is_read_when_page_is_empty() {
        let html =
            "<body><script>app()</script><noscript><p>Crawler view</p><p>Two</p></noscript></body>";
        assert_eq!(texts(html), ["Crawler view", "Two"]);
        let long = format!(
            "<p>{}</p><noscript><p>skip me</p></noscript>",
            "word ".repeat(60)
        );
        assert_eq!(texts(&long).len(), 1);
    }

    #[test]
    fn decode_rules() {
        let d = |b: &[u8], h: Option<&str>| decode_html_bytes(b, h);
        assert_eq!(
            d(b"\xEF\xBB\xBF<meta charset=latin1>\xC3\xA9", None),
            ("<meta charset=latin1>é".into(), "UTF-8")
        );
        assert_eq!(
            d(b"<meta charset=\"iso-8859-1\">\xE9", None).1,
            "windows-1252"
        );
        assert_eq!(
            d(
                b"<meta http-equiv=Content-Type content='text/html; charset=Shift_JIS'>\x82\xA0",
                None
            ),
            (
                "<meta http-equiv=Content-Type content='text/html; charset=Shift_JIS'>あ".into(),
                "Shift_JIS"
            )
        );
        assert_eq!(
            d(b"<meta charset=latin1>\xE9", Some("utf-8")).1,
            "windows-1252"
        );
        assert_eq!(
            d(b"<meta charset=bogus-x>\xC3\xA9", None),
            ("<meta charset=bogus-x>é".into(), "UTF-8")
        );
        assert_eq!(d(b"<p>\xE9t\xE9", None), ("<p>été".into(), "windows-1252"));
        // Declared Latin-1 but bytes only valid as UTF-8 (0x9D undefined in 1252).
        assert_eq!(d(b"<meta charset=iso-8859-1>\xE2\x80\x9D", None).1, "UTF-8");
        // Nothing decodes strictly: UTF-8 with replacement.
        assert_eq!(d(b"a\x9D\x81", None), ("a\u{FFFD}\u{FFFD}".into(), "UTF-8"));
        assert_eq!(parse(b"<p>caf\xE9</p>").unwrap().encoding, "windows-1252");
    }

    #[test]
    fn looks_like_html_detects() {
        assert!(looks_like_html(b"\xEF\xBB\xBF  \n<!DOCTYPE HTML><html>"));
        assert!(looks_like_html(b"<DIV>x</DIV>"));
        assert!(!looks_like_html(b"hello <html>"));
        assert!(!looks_like_html(b"<xml version='1.0'><rss>"));
        assert!(!looks_like_html(b""));
    }

    #[test]
    fn binary_and_size_errors() {
        let bin = [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13];
        assert!(matches!(parse(&bin), Err(HtmlError::Binary { offset: 4 })));
        let opts = ReadOptions {
            max_bytes: 10,
            ..ReadOptions::default()
        };
        let err = parse_with(b"<p>0123456789</p>", &opts).unwrap_err();
        assert!(matches!(
            err,
            HtmlError::TooLarge {
                bytes: 17,
                limit: 10
            }
        ));
        assert!(err.to_string().contains("exceeds"));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let n = 100_000;
        let html = format!("{}deep text{}", "<div>".repeat(n), "</div>".repeat(n));
        let t = std::time::Instant::now();
        let page = parse(html.as_bytes()).unwrap();
        assert!(t.elapsed().as_secs() < 5, "took {:?}", t.elapsed());
        assert_eq!(page.blocks[0].text, "deep text");
        assert!(page.blocks[0].markup.depth as usize <= DEFAULT_MAX_DEPTH + 2);
        let fonts: String = (0..50_000).map(|i| format!("<font size={i}>t")).collect();
        let t = std::time::Instant::now();
        assert_eq!(
            parse(fonts.as_bytes()).unwrap().blocks[0].markup.chars,
            50_000
        );
        assert!(t.elapsed().as_secs() < 5, "took {:?}", t.elapsed());
    }

    #[test]
    fn depth_guard_drops_deep_tags_and_keeps_text() {
        let opts = ReadOptions {
            max_depth: 4,
            ..ReadOptions::default()
        };
        let html = "<div>a<div>b<div>c<div>d</div>e</div>f</div>g</div><p>h</p>";
        let page = parse_with(html.as_bytes(), &opts).unwrap();
        let texts: Vec<&str> = page.blocks.iter().map(|b| b.text.as_str()).collect();
        // `html` and `body` count: the third `<div>` and its end tag are dropped.
        assert_eq!(texts, ["a", "bcdef", "g", "h"]);
        assert!(page.blocks.iter().all(|b| b.markup.depth < 4));
    }

    #[test]
    fn foreign_and_raw_text_edge_cases() {
        let deep_svg = format!("{}<svg><div>x</div></svg><p>after</p>", "<div>".repeat(5));
        assert_eq!(texts(&deep_svg), ["after"]);
        let svgs = "<svg><b>".repeat(20_000);
        let t = std::time::Instant::now();
        let _ = parse(svgs.as_bytes()).unwrap();
        assert!(t.elapsed().as_secs() < 5);
        assert_eq!(texts("<p a=x'y>one</br>two</p>"), ["onetwo"]);
        assert_eq!(texts("<p title='a>b'>one</br>two</p>"), ["onetwo"]);
        // A `</script>` inside a commented `document.write` does not end the script.
        let html =
            "<script><!--\ndocument.write('<script src=x></script>'); //-->\n</script><p>ok</p>";
        assert_eq!(texts(html), ["ok"]);
        assert_eq!(
            texts("<style>p{}</STYLE >x<xmp><b>&amp;</b></xmp>"),
            ["x", "<b>&amp;</b>"]
        );
        assert_eq!(
            texts("a<!-->b<!--->c<!-- <p>x</p> -->d<!doctype x><?pi?>e"),
            ["abcde"]
        );
        assert_eq!(texts("<plaintext><p>raw"), ["<p>raw"]);
    }

    #[test]
    fn character_references() {
        assert_eq!(
            texts("<p>a&amp;b &lt;&gt; &copy &notit; &#x41;&#66;&#150; &bogus; &#;</p>"),
            ["a&b <> © ¬it; AB– &bogus; &#;"]
        );
        assert_eq!(texts("<p>x&nbsp;&nbsp;y&shy;z</p>"), ["x yz"]);
        let b = one("<p><a href='&#35;top'>in page</a> <a href='/x?a=1&amp;b'>out</a></p>");
        assert_eq!(b.markup.link_chars, 3);
    }

    #[test]
    fn tree_rules() {
        // Uppercase tags, implied end tags, headings closed by any heading end tag.
        assert_eq!(texts("<P>a<P>b<UL><LI>c<LI>d</UL>"), ["a", "b", "c", "d"]);
        let page = parse(b"<h2>t</h3><p>body</p>").unwrap();
        assert_eq!(
            (page.blocks[1].markup.heading, page.blocks[1].markup.depth),
            (0, 2)
        );
        let page = parse(b"<table><tr><td>cell</table>").unwrap();
        assert_eq!(
            strs(&page.blocks[0].markup.path),
            ["table", "tbody", "tr", "td"]
        );
        // Stray inline end tags do not close blocks; a misnested link ends.
        let page = parse(b"<div>a</span>b</div><a href=/x><div>in</a>out</div>").unwrap();
        let got: Vec<(&str, u32)> = page
            .blocks
            .iter()
            .map(|b| (b.text.as_str(), b.markup.link_chars))
            .collect();
        assert_eq!(got, [("ab", 0), ("inout", 2)]);
        // Head content and late body attributes.
        let page = parse(
            b"<html class=js><head><title>T</title><meta name=x></head><body class=main-page>x",
        )
        .unwrap();
        assert_eq!(page.title.as_deref(), Some("T"));
        assert_eq!(
            strs(&page.blocks[0].markup.class_tokens),
            ["main-page", "main", "page", "js"]
        );
        assert_eq!(texts("<head><title>T</title>loose<p>p</p>"), ["loose", "p"]);
    }

    #[test]
    fn odd_documents_do_not_fail() {
        assert!(parse(b"").unwrap().blocks.is_empty());
        assert!(
            parse(b"<script>document.write('<p>x</p>')")
                .unwrap()
                .blocks
                .is_empty()
        );
        assert_eq!(texts("<div><p><span><a href=x>open"), ["open"]);
        let frames = "<html><frameset><frame src=a><frame src=b></frameset></html>";
        assert!(parse(frames.as_bytes()).unwrap().blocks.is_empty());
        assert_eq!(texts("text only"), ["text only"]);
        assert_eq!(
            texts("<a0:ul><a0:li>one</a0:li><a0:li>two</a0:li></a0:ul>"),
            ["one", "two"]
        );
        assert_eq!(texts("<table><tr><td>a<td>b</table>"), ["a", "b"]);
        assert_eq!(texts("<svg><title>x</title>"), Vec::<String>::new());
    }

    #[test]
    fn arbitrary_bytes_do_not_panic() {
        let mut x = 0x2545F4914F6CDD1Du64;
        for len in [1usize, 7, 100, 5000, 40_000] {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    b"<>/ =\"'a-!p\xC3\xA9\x00div"[(x % 16) as usize]
                })
                .collect();
            let _ = parse(&bytes);
            let _ = looks_like_html(&bytes);
        }
    }
}
