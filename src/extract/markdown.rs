//! The kept blocks as Markdown: headings by level, paragraphs, bulleted and
//! numbered lists (nested as the HTML nests them), tables as GitHub tables
//! (a layout table, or one too ragged or wide, as paragraphs), fenced code
//! for `<pre>` (whitespace kept), quotes; with links as `[text](url)` and
//! images as `![alt](src)` when asked. A plain-text page's blocks are
//! paragraphs. Stripped of its markup, the Markdown holds the words of
//! [`Document::text`].

use super::document::{Classified, Document};
use crate::block::{Cell, Image, Link, Markup};

/// What the Markdown keeps besides the text and its structure.
///
/// ```
/// use declutter::{Cleaner, MarkdownOptions, Page};
/// let cleaner = Cleaner::new()?;
/// let html = b"<h1>Tea</h1><p>A <a href='/green'>green</a> tea, brewed for the staff canteen every morning.</p>";
/// let doc = cleaner.extract(Page::html(html).with_url("https://example.org/tea/"))?;
/// let md = doc.markdown(MarkdownOptions { links: true, ..MarkdownOptions::default() });
/// assert!(md.starts_with("# Tea\n\n"), "{md}");
/// assert!(md.contains("A [green](https://example.org/green) tea"), "{md}");
/// # Ok::<(), declutter::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// Keep link targets: `[text](url)`, resolved against the page's
    /// address.
    pub links: bool,
    /// Keep the images shown with kept blocks: `![alt](src)`.
    pub images: bool,
}

/// Tables wider than this many columns are written as paragraphs.
const MAX_COLUMNS: u32 = 12;

/// Tables with a cell longer than this (in bytes) are layout tables,
/// written as paragraphs.
const MAX_CELL_BYTES: usize = 400;

impl Document<'_> {
    /// The kept blocks as Markdown ([`MarkdownOptions`] says what else it
    /// keeps), after the page's title as a heading when the kept blocks do
    /// not hold it (as [`Document::text`] puts it first).
    pub fn markdown(&self, options: MarkdownOptions) -> String {
        let kept: Vec<&Classified> = self.kept().collect();
        let mut out = Writer::default();
        if let Some(title) = self.title_line() {
            out.block(&format!("# {}", escape_line(title)), Spacing::Paragraph);
        }
        let base = self.url.as_deref().and_then(|u| url::Url::parse(u).ok());
        let render = Render {
            options,
            base: base.as_ref(),
        };
        let mut i = 0;
        while i < kept.len() {
            i += render.blocks(&kept[i..], &mut out);
        }
        out.finish()
    }
}

/// How a rendered block is set apart from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spacing {
    /// A blank line before it.
    Paragraph,
    /// One line break before it when the block before was a list item too.
    ListItem,
}

/// The Markdown being written.
#[derive(Default)]
struct Writer {
    out: String,
    last: Option<Spacing>,
}

impl Writer {
    fn block(&mut self, text: &str, spacing: Spacing) {
        if self.last.is_some() {
            let tight = spacing == Spacing::ListItem && self.last == Some(Spacing::ListItem);
            self.out.push_str(if tight { "\n" } else { "\n\n" });
        }
        self.out.push_str(text);
        self.last = Some(spacing);
    }

    fn finish(mut self) -> String {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }
}

/// How blocks are rendered.
struct Render<'a> {
    options: MarkdownOptions,
    base: Option<&'a url::Url>,
}

impl Render<'_> {
    /// Renders the first block of `blocks` (with the ones after it that
    /// belong with it: a table's cells, a `<pre>`'s parts); returns how many
    /// blocks it rendered.
    fn blocks(&self, blocks: &[&Classified], out: &mut Writer) -> usize {
        let first = &blocks[0].block;
        let Some(markup) = first.markup.as_deref() else {
            out.block(&escape_line(&first.text), Spacing::Paragraph);
            return 1;
        };
        if let Some(cell) = markup.cell {
            return self.table(blocks, cell, out);
        }
        if markup.pre.is_some() {
            return self.code(blocks, out);
        }
        let text = self.inline(&first.text, markup);
        match (markup.heading, markup.list) {
            (level @ 1..=6, _) => {
                let hashes = "#".repeat(usize::from(level));
                out.block(&format!("{hashes} {text}"), Spacing::Paragraph);
            }
            (_, Some(item)) => {
                let indent = "  ".repeat(usize::from(item.depth.saturating_sub(1)).min(8));
                let marker = match item.ordered {
                    true => format!("{}.", item.number.max(1)),
                    false => "-".to_string(),
                };
                out.block(&format!("{indent}{marker} {text}"), Spacing::ListItem);
            }
            _ if markup.path.iter().any(|e| &**e == "blockquote") => {
                out.block(&format!("> {text}"), Spacing::Paragraph);
            }
            _ => out.block(&text, Spacing::Paragraph),
        }
        1
    }

    /// A block's text with its links and images when asked, its line start
    /// escaped.
    fn inline(&self, text: &str, markup: &Markup) -> String {
        let images: &[Image] = if self.options.images {
            &markup.images
        } else {
            &[]
        };
        let links: &[Link] = if self.options.links {
            &markup.links
        } else {
            &[]
        };
        let mut out = String::with_capacity(text.len());
        let (mut at, mut image) = (0usize, 0usize);
        let mut put_images = |out: &mut String, upto: usize| {
            while let Some(i) = images.get(image).filter(|i| i.at as usize <= upto) {
                out.push_str(&format!(
                    "![{}]({}) ",
                    escape_brackets(&i.alt),
                    self.resolve(&i.src)
                ));
                image += 1;
            }
        };
        for link in links {
            let (start, end) = (link.start as usize, link.end as usize);
            if start < at
                || end > text.len()
                || !text.is_char_boundary(start)
                || !text.is_char_boundary(end)
            {
                continue;
            }
            put_images(&mut out, start);
            out.push_str(&text[at..start]);
            let target = self.resolve(&link.href);
            out.push_str(&format!(
                "[{}]({target})",
                escape_brackets(&text[start..end])
            ));
            at = end;
        }
        put_images(&mut out, at);
        out.push_str(&text[at..]);
        put_images(&mut out, usize::MAX);
        escape_line(out.trim_end())
    }

    /// A link or image target, resolved against the page's address.
    fn resolve(&self, target: &str) -> String {
        let resolved = match self.base {
            Some(base) => base.join(target).map(String::from).ok(),
            None => None,
        };
        resolved
            .unwrap_or_else(|| target.to_string())
            .replace(' ', "%20")
            .replace(')', "%29")
    }

    /// A `<pre>`: the block and the kept blocks after it from the same
    /// element, as one fenced code block.
    fn code(&self, blocks: &[&Classified], out: &mut Writer) -> usize {
        let container = |c: &Classified| c.block.markup.as_ref().map(|m| m.container);
        let first = container(blocks[0]);
        let n = blocks
            .iter()
            .take_while(|c| {
                container(c) == first && c.block.markup.as_ref().is_some_and(|m| m.pre.is_some())
            })
            .count()
            .max(1);
        let code: Vec<&str> = blocks[..n]
            .iter()
            .filter_map(|c| c.block.markup.as_ref()?.pre.as_deref())
            .map(|p| p.trim_end_matches(['\n', '\r']))
            .collect();
        let code = code.join("\n");
        let fence = "`".repeat(longest_run(&code, '`').max(2) + 1);
        out.block(&format!("{fence}\n{code}\n{fence}"), Spacing::Paragraph);
        n
    }

    /// A table: the kept cells of table `first.table` from here on, as a
    /// GitHub table, or as paragraphs when it is a layout table, too wide
    /// or of one column.
    fn table(&self, blocks: &[&Classified], first: Cell, out: &mut Writer) -> usize {
        let cells: Vec<(Cell, String)> = blocks
            .iter()
            .map_while(|c| {
                let m = c.block.markup.as_deref()?;
                let cell = m.cell.filter(|cell| cell.table == first.table)?;
                Some((cell, self.inline(&c.block.text, m)))
            })
            .collect();
        let n = cells.len().max(1);
        match grid(&cells) {
            Some(rows) => out.block(&table_markdown(&rows), Spacing::Paragraph),
            None => {
                for (_, text) in &cells {
                    out.block(text, Spacing::Paragraph);
                }
            }
        }
        n
    }
}

/// The cells as rows of columns, when they make a table worth writing as
/// one: at least two columns, at most [`MAX_COLUMNS`], no cell of layout
/// length; `None` otherwise.
fn grid(cells: &[(Cell, String)]) -> Option<Vec<Vec<String>>> {
    let columns = cells.iter().map(|(c, _)| c.column).max()?;
    if !(2..=MAX_COLUMNS).contains(&columns) || cells.iter().any(|(_, t)| t.len() > MAX_CELL_BYTES)
    {
        return None;
    }
    let mut rows: Vec<(u32, Vec<String>)> = Vec::new();
    for (cell, text) in cells {
        if rows.last().is_none_or(|(row, _)| *row != cell.row) {
            rows.push((cell.row, vec![String::new(); columns as usize]));
        }
        let row = &mut rows.last_mut().expect("a row was pushed").1;
        let slot = &mut row[(cell.column.max(1) - 1) as usize];
        if !slot.is_empty() {
            slot.push(' ');
        }
        slot.push_str(&text.replace('|', "\\|"));
    }
    Some(rows.into_iter().map(|(_, row)| row).collect())
}

/// Rows as a GitHub table: the first row as its header.
fn table_markdown(rows: &[Vec<String>]) -> String {
    let line = |row: &[String]| format!("| {} |", row.join(" | "));
    let mut lines = vec![line(&rows[0])];
    lines.push(line(&vec!["---".to_string(); rows[0].len()]));
    lines.extend(rows[1..].iter().map(|r| line(r)));
    lines.join("\n")
}

/// The longest run of `c` in `s`.
fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in s.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// `[` and `]` escaped, for a link's or image's text.
fn escape_brackets(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}

/// A line whose start would read as Markdown structure (`#`, `>`, `-`,
/// `+`, `*`, `1.`, a fence), escaped with a backslash.
fn escape_line(text: &str) -> String {
    let trimmed = text.trim_start();
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = digits > 0 && matches!(trimmed.as_bytes().get(digits), Some(b'.' | b')'));
    let marker =
        trimmed.starts_with(['#', '>', '-', '+', '*', '|', '=']) || trimmed.starts_with("```");
    match (marker, numbered) {
        (true, _) => format!("\\{trimmed}"),
        (_, true) => format!("{}\\{}", &trimmed[..digits], &trimmed[digits..]),
        _ => trimmed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::block::{Block, Image, Link, ListItem};
    use crate::label::Label;
    use std::borrow::Cow;

    fn block(text: &str, markup: Markup) -> Classified<'static> {
        Classified {
            block: Block {
                text: Cow::Owned(text.to_string()),
                span: None,
                line: 1,
                markup: Some(Box::new(markup)),
            },
            label: Label::Content,
            probabilities: [1.0, 0.0, 0.0],
            kept: true,
        }
    }

    fn doc(blocks: Vec<Classified<'static>>, title: Option<&str>) -> Document<'static> {
        let mut doc = Document::of_blocks(blocks);
        doc.title = title.map(str::to_string);
        doc.url = Some("https://example.org/a/b.html".into());
        doc
    }

    fn cell(table: u32, row: u32, column: u32) -> Markup {
        Markup {
            cell: Some(Cell {
                table,
                row,
                column,
                header: row == 1,
            }),
            ..Markup::default()
        }
    }

    #[test]
    fn headings_lists_quotes_code_and_paragraphs() {
        let item = |depth, ordered, number| Markup {
            list: Some(ListItem {
                depth,
                ordered,
                number,
            }),
            ..Markup::default()
        };
        let blocks = vec![
            block(
                "Title",
                Markup {
                    heading: 2,
                    ..Markup::default()
                },
            ),
            block("One", item(1, true, 1)),
            block("Inner", item(2, false, 1)),
            block("Two", item(1, true, 2)),
            block(
                "Said it.",
                Markup {
                    path: vec!["blockquote".into(), "p".into()],
                    ..Markup::default()
                },
            ),
            block(
                "fn x() {}",
                Markup {
                    pre: Some("fn x() {\n}\n".into()),
                    ..Markup::default()
                },
            ),
            block("- not a list", Markup::default()),
        ];
        let md = doc(blocks, Some("Title")).markdown(MarkdownOptions::default());
        assert_eq!(
            md,
            "## Title\n\n1. One\n  - Inner\n2. Two\n\n> Said it.\n\n```\nfn x() {\n}\n```\n\n\\- not a list\n"
        );
    }

    #[test]
    fn tables_are_github_tables_unless_ragged_or_layout() {
        let blocks = vec![
            block("Name", cell(7, 1, 1)),
            block("Size", cell(7, 1, 2)),
            block("Tea | hot", cell(7, 2, 1)),
            block("Big", cell(7, 2, 2)),
            block("After.", Markup::default()),
        ];
        let md = doc(blocks, None).markdown(MarkdownOptions::default());
        assert_eq!(
            md,
            "| Name | Size |\n| --- | --- |\n| Tea \\| hot | Big |\n\nAfter.\n"
        );
        let one_column = vec![block("A", cell(1, 1, 1)), block("B", cell(1, 2, 1))];
        assert_eq!(
            doc(one_column, None).markdown(MarkdownOptions::default()),
            "A\n\nB\n"
        );
    }

    #[test]
    fn links_and_images_are_kept_when_asked_and_resolved() {
        let markup = Markup {
            links: vec![Link {
                start: 2,
                end: 7,
                href: "../c".into(),
            }],
            images: vec![Image {
                at: 0,
                src: "/i.png".into(),
                alt: "An [i]".into(),
            }],
            ..Markup::default()
        };
        let blocks = vec![block("A green tea.", markup)];
        let d = doc(blocks, None);
        assert_eq!(d.markdown(MarkdownOptions::default()), "A green tea.\n");
        let all = MarkdownOptions {
            links: true,
            images: true,
        };
        assert_eq!(
            d.markdown(all),
            "![An \\[i\\]](https://example.org/i.png) A [green](https://example.org/c) tea.\n"
        );
    }

    #[test]
    fn stripped_of_its_markup_the_markdown_holds_the_texts_words() {
        use crate::extract::{Cleaner, Page};
        use crate::label::LabelSet;
        let keep_all = crate::extract::cleaner::CleanOptions {
            keep: LabelSet::only(Label::Content)
                .with(Label::Boilerplate)
                .with(Label::Related),
            ..Default::default()
        };
        let cleaner = Cleaner::new().unwrap().with_options(keep_all).unwrap();
        let html = br#"<title>Tea | Shop</title><h2>#1 tea</h2><p>- not a list, 3. not a number</p>
            <ol><li>Boil <a href="/w">water</a></li><li>Pour<ul><li>slowly</li></ul></li></ol>
            <table><tr><th>A | B</th><th>C</th></tr><tr><td>1</td><td><p>2</p><p>3</p></td></tr></table>
            <pre>  let x = [1, 2];
  x.len()</pre><blockquote><p>Quoted words.</p></blockquote>
            <table><tr><td>only one column</td></tr></table><p>Tail &amp; end</p>"#;
        let doc = cleaner.extract(Page::html(html)).unwrap();
        let bag = |text: &str| {
            let mut words: Vec<String> = crate::features::tokenize::words(text)
                .map(str::to_string)
                .collect();
            words.sort();
            words
        };
        let strip = |line: &str| {
            let t = line.trim_start().trim_start_matches(['#', '>']);
            let t = t.trim_start().strip_prefix("- ").unwrap_or(t.trim_start());
            let digits = t.bytes().take_while(u8::is_ascii_digit).count();
            let t = match t[digits..].strip_prefix(". ") {
                Some(rest) if digits > 0 => rest,
                _ => t,
            };
            if t.starts_with("```") || t.starts_with("| ---") {
                String::new()
            } else {
                t.replace(['|', '\\'], " ")
            }
        };
        let markdown = doc.markdown(MarkdownOptions::default());
        let stripped: Vec<String> = markdown.lines().map(strip).collect();
        assert_eq!(bag(&stripped.join("\n")), bag(&doc.text()), "{markdown}");
        assert!(markdown.contains("| A \\| B | C |"), "{markdown}");
        assert!(
            markdown.contains("```\n  let x = [1, 2];\n  x.len()\n```"),
            "{markdown}"
        );
    }

    #[test]
    fn a_title_the_blocks_lack_comes_first_and_plain_text_is_paragraphs() {
        let mut text = Block::from_texts(["One line.", "# Two"]);
        let blocks = text
            .drain(..)
            .map(|block| Classified {
                block,
                label: Label::Content,
                probabilities: [1.0, 0.0, 0.0],
                kept: true,
            })
            .collect();
        let md = doc(blocks, Some("Head")).markdown(MarkdownOptions::default());
        assert_eq!(md, "# Head\n\nOne line.\n\n\\# Two\n");
        assert_eq!(
            doc(Vec::new(), None).markdown(MarkdownOptions::default()),
            ""
        );
    }
}
