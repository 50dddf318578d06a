//! The plain-text input: a page as the text a scraper's HTML-to-text step
//! prints, every non-blank line one block.
//!
//! Blank lines only separate. Lines may end in `\n`, `\r\n` or a lone `\r`;
//! the last line needs no line end; a leading UTF-8 byte order mark is not
//! part of the first block. Blocks borrow their text from the page, so
//! reading allocates only the list of blocks.

use crate::block::Block;

/// Reads a plain-text page into its blocks (non-blank lines), in page order.
pub(crate) fn read_text(text: &str) -> Vec<Block<'_>> {
    lines(text)
        .filter(|(line, _, _)| !line.trim().is_empty())
        .map(|(line, span, number)| Block::text(line, span, number))
        .collect()
}

/// Every line of `text`, blank ones included: its text, span and number.
fn lines(text: &str) -> impl Iterator<Item = (&str, std::ops::Range<usize>, usize)> {
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
        Some((&text[begin..end], begin..end, line))
    })
}

fn memchr_line_end(bytes: &[u8]) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(page: &str) -> Vec<String> {
        read_text(page)
            .into_iter()
            .map(|b| b.text.into_owned())
            .collect()
    }

    #[test]
    fn blocks_are_the_non_blank_lines_with_their_lines_and_spans() {
        let page = "\u{feff}Home\r\n\r\nThe article starts here.\rAnd goes on.";
        let blocks = read_text(page);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_ref()).collect();
        assert_eq!(texts, ["Home", "The article starts here.", "And goes on."]);
        assert_eq!(blocks[1].line, 3);
        assert_eq!(
            &page[blocks[1].span.clone().unwrap()],
            "The article starts here."
        );
    }

    #[test]
    fn empty_and_blank_pages_have_no_paragraphs() {
        assert!(read_text("").is_empty());
        assert!(read_text("\n\n \t\n\r\n").is_empty());
        assert!(read_text("\u{feff}").is_empty());
    }

    #[test]
    fn every_line_end_style_separates_lines() {
        assert_eq!(texts("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
        assert_eq!(texts("a\r\n\r\nb\r\n"), ["a", "b"]);
        let lines: Vec<usize> = read_text("a\r\rb").iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 3]);
    }

    #[test]
    fn spans_point_into_the_page_and_keep_inner_whitespace() {
        let page = "\u{feff}  Menu  \n\nBody text.";
        for p in read_text(page) {
            assert_eq!(&page[p.span.clone().unwrap()], p.text);
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
}
