//! Splitting a page's text into paragraphs.
//!
//! A page is the plain text a scraper's HTML-to-text step prints: every non-blank
//! line is one paragraph and blank lines only separate. Lines may end in `\n`,
//! `\r\n` or a lone `\r`; the last line needs no line end; a leading UTF-8 byte
//! order mark is not part of the first paragraph. Paragraphs borrow their text
//! from the page, so splitting allocates only the list of spans.

use std::borrow::Cow;
use std::ops::Range;

/// One paragraph (non-blank line) of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph<'a> {
    /// The line's text, exactly as in the page, without its line end.
    pub text: &'a str,
    /// The byte range of `text` in the page.
    pub span: Range<usize>,
    /// The 1-based line number of the paragraph in the page.
    pub line: usize,
}

/// Splits `text` into its paragraphs, in page order.
///
/// ```
/// let page = "\u{feff}Home\r\n\r\nThe article starts here.\rAnd goes on.";
/// let paragraphs = declutter::page::split(page);
/// let texts: Vec<&str> = paragraphs.iter().map(|p| p.text).collect();
/// assert_eq!(texts, ["Home", "The article starts here.", "And goes on."]);
/// assert_eq!(paragraphs[1].line, 3);
/// assert_eq!(&page[paragraphs[1].span.clone()], "The article starts here.");
/// ```
pub fn split(text: &str) -> Vec<Paragraph<'_>> {
    lines(text).filter(|p| !p.text.trim().is_empty()).collect()
}

/// Every line of `text`, blank ones included, with its span and line number.
pub fn lines(text: &str) -> impl Iterator<Item = Paragraph<'_>> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let bytes = text.as_bytes();
    let mut pos = start;
    let mut line = 0;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let begin = pos;
        let end = memchr_line_end(&bytes[begin..]).map_or(bytes.len(), |i| begin + i);
        pos = match bytes.get(end) {
            Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => end + 2,
            Some(_) => end + 1,
            None => end,
        };
        line += 1;
        Some(Paragraph {
            text: &text[begin..end],
            span: begin..end,
            line,
        })
    })
}

fn memchr_line_end(bytes: &[u8]) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', bytes)
}

/// How raw bytes were turned into text by [`decode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoding {
    /// The bytes were valid UTF-8.
    Utf8,
    /// Invalid UTF-8 sequences were replaced by U+FFFD; the count is given.
    Lossy {
        /// How many invalid sequences were replaced.
        replaced: usize,
    },
}

/// Why [`decode`] refused some bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The bytes hold a NUL byte, which text pages never do: the file is binary.
    #[error("binary data (a NUL byte at offset {offset}), not a text page")]
    Binary {
        /// The offset of the first NUL byte.
        offset: usize,
    },
}

/// Turns a page's raw bytes into text.
///
/// The policy: valid UTF-8 is borrowed as it is; invalid UTF-8 is decoded lossily
/// (each bad sequence becomes U+FFFD) and the count is reported so that callers
/// can warn; bytes with a NUL byte are refused as binary, since no text page
/// holds one.
///
/// ```
/// use declutter::page::{decode, Decoding};
/// assert_eq!(decode(b"caf\xc3\xa9").unwrap().1, Decoding::Utf8);
/// let (text, how) = decode(b"caf\xe9 au lait").unwrap();
/// assert_eq!(text, "caf\u{fffd} au lait");
/// assert_eq!(how, Decoding::Lossy { replaced: 1 });
/// assert!(decode(b"\x7fELF\0\0").is_err());
/// ```
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Decoding), DecodeError> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary { offset });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), Decoding::Utf8)),
        Err(_) => {
            let replaced = count_invalid_sequences(bytes);
            Ok((String::from_utf8_lossy(bytes), Decoding::Lossy { replaced }))
        }
    }
}

fn count_invalid_sequences(mut bytes: &[u8]) -> usize {
    let mut count = 0;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(_) => return count,
            Err(e) => {
                count += 1;
                let skip = e.valid_up_to() + e.error_len().unwrap_or(bytes.len() - e.valid_up_to());
                bytes = &bytes[skip..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(page: &str) -> Vec<&str> {
        split(page).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn empty_and_blank_pages_have_no_paragraphs() {
        assert!(split("").is_empty());
        assert!(split("\n\n \t\n\r\n").is_empty());
        assert!(split("\u{feff}").is_empty());
    }

    #[test]
    fn every_line_end_style_separates_lines() {
        assert_eq!(texts("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
        assert_eq!(texts("a\r\n\r\nb\r\n"), ["a", "b"]);
        let lines: Vec<usize> = split("a\r\rb").iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 3]);
    }

    #[test]
    fn spans_point_into_the_page_and_keep_inner_whitespace() {
        let page = "\u{feff}  Menu  \n\nBody text.";
        for p in split(page) {
            assert_eq!(&page[p.span.clone()], p.text);
        }
        assert_eq!(texts(page), ["  Menu  ", "Body text."]);
    }

    #[test]
    fn a_missing_final_newline_keeps_the_last_line() {
        assert_eq!(texts("one\ntwo"), ["one", "two"]);
        assert_eq!(texts("one\ntwo\n"), ["one", "two"]);
    }

    #[test]
    fn multibyte_text_splits_on_char_boundaries() {
        assert_eq!(
            texts("日本語の記事。\nمرحبا بالعالم\n👍🏽 ok"),
            ["日本語の記事。", "مرحبا بالعالم", "👍🏽 ok"]
        );
    }

    #[test]
    fn decode_counts_invalid_sequences_and_refuses_nul() {
        assert_eq!(
            decode(b"a\xff\xfeb\xc3").unwrap().1,
            Decoding::Lossy { replaced: 3 }
        );
        assert_eq!(
            decode(b"ok\0").unwrap_err(),
            DecodeError::Binary { offset: 2 }
        );
    }
}
