//! How much of an article's structure the Markdown keeps: the share of the
//! expected article's headings, list items, table cells and code blocks
//! (read from its expected HTML, as Mozilla Readability's tests give it)
//! that the Markdown renders as such: a heading as a `#` line, a list item
//! as a `-` or `1.` line, a cell in a table row, a code block fenced.

use crate::extract::page::Page;
use crate::features::tokenize::words;
use serde::Serialize;
use std::path::Path;

/// One kind of structure: how many of the expected ones there were, and
/// how many the Markdown rendered as such.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Kept {
    /// Expected, in the expected articles.
    pub expected: usize,
    /// Rendered as such in the Markdown.
    pub rendered: usize,
}

impl Kept {
    /// The share rendered (1 when none was expected).
    pub fn share(&self) -> f64 {
        match self.expected {
            0 => 1.0,
            n => self.rendered as f64 / n as f64,
        }
    }

    fn add(&mut self, rendered: bool) {
        self.expected += 1;
        self.rendered += usize::from(rendered);
    }

    fn merge(&mut self, other: Kept) {
        self.expected += other.expected;
        self.rendered += other.rendered;
    }
}

/// The structure kept, by kind.
///
/// ```
/// use declutter::train::StructureScore;
/// let expected = b"<h2>Why tea</h2><p>Because.</p><ul><li>Green tea</li><li>Black tea</li></ul>";
/// let markdown = "## Why tea\n\nBecause.\n\n- Green tea\n\nBlack tea\n";
/// let score = StructureScore::of(expected, markdown);
/// assert_eq!((score.headings.expected, score.headings.rendered), (1, 1));
/// assert_eq!((score.list_items.expected, score.list_items.rendered), (2, 1));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StructureScore {
    /// Headings (`<h1>` to `<h6>`) rendered as `#` lines.
    pub headings: Kept,
    /// List items rendered as `-` or `1.` lines.
    pub list_items: Kept,
    /// Table cells rendered in a table row (`| ... |`).
    pub table_cells: Kept,
    /// Code blocks (`<pre>`) rendered fenced.
    pub code_blocks: Kept,
}

impl StructureScore {
    /// The structure of the expected article (`expected`: its HTML) that
    /// `markdown` renders as such.
    pub fn of(expected: &[u8], markdown: &str) -> Self {
        let rendered = Rendered::of(markdown);
        let mut score = StructureScore::default();
        let blocks = Page::html(expected)
            .read()
            .map(|r| r.blocks)
            .unwrap_or_default();
        for block in &blocks {
            let Some(m) = block.markup.as_deref() else {
                continue;
            };
            let text = key(&block.text);
            if text.is_empty() {
                continue;
            }
            if m.pre.is_some() {
                score
                    .code_blocks
                    .add(rendered.code.iter().any(|c| c.contains(&text)));
            } else if m.heading > 0 {
                score.headings.add(rendered.headings.contains(&text));
            } else if m.list.is_some() {
                score.list_items.add(rendered.items.contains(&text));
            } else if m.cell.is_some() {
                score.table_cells.add(rendered.cells.contains(&text));
            }
        }
        score
    }

    /// Adds another page's score.
    pub fn merge(&mut self, other: &StructureScore) {
        self.headings.merge(other.headings);
        self.list_items.merge(other.list_items);
        self.table_cells.merge(other.table_cells);
        self.code_blocks.merge(other.code_blocks);
    }
}

/// The structure kept over the pages that have an expected article
/// (`eval --expected-dir`): how many pages, and every kind's counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StructureEvaluation {
    /// Pages scored (those with an expected article).
    pub pages: usize,
    /// Their structure kept, added up.
    pub kept: StructureScore,
}

impl StructureEvaluation {
    /// Adds a page's score.
    pub fn add(&mut self, page: &StructureScore) {
        self.pages += 1;
        self.kept.merge(page);
    }

    /// The report as JSON: every kind's expected and rendered counts and
    /// the share rendered.
    pub fn to_json(&self) -> serde_json::Value {
        let kind = |k: &Kept| serde_json::json!({"expected": k.expected, "rendered": k.rendered, "share": k.share()});
        serde_json::json!({
            "pages": self.pages,
            "headings": kind(&self.kept.headings),
            "list_items": kind(&self.kept.list_items),
            "table_cells": kind(&self.kept.table_cells),
            "code_blocks": kind(&self.kept.code_blocks),
        })
    }
}

impl std::fmt::Display for StructureEvaluation {
    /// A table: one row a kind of structure.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "structure kept in the Markdown ({} pages with an expected article)",
            self.pages
        )?;
        writeln!(
            f,
            "{:<15}{:>9}{:>9}{:>9}",
            "kind", "expected", "rendered", "share"
        )?;
        let k = &self.kept;
        for (name, kind) in [
            ("headings", k.headings),
            ("list items", k.list_items),
            ("table cells", k.table_cells),
            ("code blocks", k.code_blocks),
        ] {
            let share = match kind.expected {
                0 => "-".to_string(),
                _ => format!("{:.3}", kind.share()),
            };
            writeln!(
                f,
                "{name:<15}{:>9}{:>9}{share:>9}",
                kind.expected, kind.rendered
            )?;
        }
        Ok(())
    }
}

/// The expected article of page `id` in `dir`: `<id>.expected.html.gz` or
/// `<id>.expected.html` (as Readability's tests are laid out in the
/// corpus); `None` when there is neither.
pub fn read_expected(dir: &Path, id: &str) -> crate::error::Result<Option<Vec<u8>>> {
    for name in [
        format!("{id}.expected.html.gz"),
        format!("{id}.expected.html"),
    ] {
        let path = dir.join(name);
        if path.is_file() {
            return crate::input::read_page_bytes(&path).map(Some);
        }
    }
    Ok(None)
}

/// A text's words, lowercased and joined by single spaces: what a rendered
/// and an expected piece of text are compared by.
fn key(text: &str) -> String {
    let words: Vec<String> = words(text).map(str::to_lowercase).collect();
    words.join(" ")
}

/// What a Markdown text renders as structure.
#[derive(Default)]
struct Rendered {
    headings: Vec<String>,
    items: Vec<String>,
    cells: Vec<String>,
    code: Vec<String>,
}

impl Rendered {
    fn of(markdown: &str) -> Self {
        let mut r = Rendered::default();
        let mut fence: Option<String> = None;
        for line in markdown.lines() {
            let t = line.trim_start();
            if t.starts_with("```") {
                match fence.take() {
                    Some(code) => r.code.push(key(&code)),
                    None => fence = Some(String::new()),
                }
                continue;
            }
            if let Some(code) = &mut fence {
                code.push_str(line);
                code.push('\n');
            } else if t.starts_with('#') {
                r.headings.push(key(t.trim_start_matches('#')));
            } else if let Some(item) = list_item(t) {
                r.items.push(key(item));
            } else if t.starts_with('|') {
                r.cells
                    .extend(t.split('|').map(key).filter(|c| !c.is_empty()));
            }
        }
        r
    }
}

/// The text of a Markdown list item line (`- text`, `12. text`).
fn list_item(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix("- ") {
        return Some(rest);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    line[digits..].strip_prefix(". ").filter(|_| digits > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_counts_only_when_rendered_as_such() {
        let expected = b"<h1>Title here</h1><table><tr><td>A cell</td><td>B</td></tr></table>\
            <pre>x = 1\ny = 2</pre><ol><li>One</li></ol>";
        assert_eq!(Page::html(expected).read().unwrap().blocks.len(), 5);
        let good =
            "# Title here\n\n| A cell | B |\n| --- | --- |\n\n```\nx = 1\ny = 2\n```\n\n1. One\n";
        let score = StructureScore::of(expected, good);
        for kind in [
            score.headings,
            score.list_items,
            score.table_cells,
            score.code_blocks,
        ] {
            assert_eq!(kind.share(), 1.0, "{score:?}");
        }
        let flat = "Title here\n\nA cell\n\nB\n\nx = 1 y = 2\n\nOne\n";
        let score = StructureScore::of(expected, flat);
        assert_eq!(score.headings.rendered + score.list_items.rendered, 0);
        assert_eq!(
            score.table_cells,
            Kept {
                expected: 2,
                rendered: 0
            }
        );
        assert_eq!(score.code_blocks.share(), 0.0);
        let mut all = score;
        all.merge(&StructureScore::of(expected, good));
        assert_eq!(
            all.headings,
            Kept {
                expected: 2,
                rendered: 1
            }
        );
    }

    #[test]
    fn expected_articles_are_found_by_id_and_pages_add_up() {
        let dir = tempfile::tempdir().unwrap();
        let html = b"<h2>Why tea</h2><ul><li>Green tea</li></ul>";
        std::fs::write(dir.path().join("7.expected.html"), html).unwrap();
        assert_eq!(
            read_expected(dir.path(), "7").unwrap().as_deref(),
            Some(&html[..])
        );
        assert_eq!(read_expected(dir.path(), "8").unwrap(), None);
        let mut all = StructureEvaluation::default();
        all.add(&StructureScore::of(html, "## Why tea\n\n- Green tea\n"));
        all.add(&StructureScore::of(html, "Why tea\n\nGreen tea\n"));
        assert_eq!(all.pages, 2);
        assert_eq!(
            (all.kept.headings.expected, all.kept.headings.rendered),
            (2, 1)
        );
        let json = all.to_json();
        assert_eq!(json["list_items"]["share"], 0.5);
        assert!(all.to_string().contains("list items"));
    }
}
