//! Labelled pages read from their HTML: each page's HTML is read into
//! blocks, and each block takes the label of the labelled paragraph with the
//! same text, matching in order. Training and evaluation then see the blocks
//! an HTML page really gives, with their markup.

use crate::block::Block;
use crate::error::Error;
use crate::input::{read_html, read_page_bytes};
use crate::train::corpus::{Corpus, LabelledPage, LabelledParagraph};
use rayon::prelude::*;
use std::fmt;
use std::path::{Path, PathBuf};

/// How far ahead of the last matched paragraph a block's text is looked for.
const LOOK_AHEAD: usize = 64;

/// How the HTML of a corpus lined up with its labelled paragraphs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlignmentReport {
    /// Pages whose HTML was read.
    pub pages_with_html: usize,
    /// Pages with no HTML file (kept as plain text).
    pub missing: usize,
    /// Pages whose HTML could not be read (kept as plain text), with why.
    pub unreadable: Vec<String>,
    /// Blocks read from the HTML.
    pub blocks: usize,
    /// Blocks that matched a labelled paragraph (the rest are left out).
    pub matched: usize,
    /// Labelled paragraphs of the pages read from HTML.
    pub paragraphs: usize,
}

impl fmt::Display for AlignmentReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "HTML: {} pages read ({} without an HTML file, {} unreadable, kept as text); {} blocks; {} of the {} labelled paragraphs matched, {} blocks left out",
            self.pages_with_html,
            self.missing,
            self.unreadable.len(),
            self.blocks,
            self.matched,
            self.paragraphs,
            self.blocks - self.matched
        )?;
        for why in self.unreadable.iter().take(5) {
            writeln!(f, "  {why}")?;
        }
        Ok(())
    }
}

/// What became of one page.
enum Outcome {
    Read {
        blocks: usize,
        paragraphs: usize,
        matched: usize,
    },
    Missing,
    Unreadable(String),
}

/// Reads each page's HTML from `dir` (`<id>.html.gz`, `<id>.html` or
/// `<id>.htm`) and replaces its paragraphs with the HTML's blocks, labelled
/// by the paragraphs they match; a page without a readable HTML file keeps
/// its paragraphs.
///
/// ```
/// use declutter::Label;
/// use declutter::train::{attach_html, Corpus, LabelledPage, LabelledParagraph};
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("7.html"), "<nav><a href=/>Home</a></nav><p>The story.</p>")?;
/// let mut page = LabelledPage::new(vec![
///     LabelledParagraph::new("Home", Label::Boilerplate),
///     LabelledParagraph::new("The story.", Label::Content),
/// ]);
/// page.id = "7".into();
/// let mut corpus = Corpus::from_pages(vec![page]);
/// let report = attach_html(&mut corpus, dir.path());
/// assert_eq!((report.matched, report.paragraphs), (2, 2));
/// assert!(corpus.pages[0].paragraphs[0].markup.is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn attach_html(corpus: &mut Corpus, dir: &Path) -> AlignmentReport {
    let outcomes: Vec<Outcome> = corpus
        .pages
        .par_iter_mut()
        .map(|page| attach_page(page, dir))
        .collect();
    let mut report = AlignmentReport::default();
    for outcome in outcomes {
        match outcome {
            Outcome::Read {
                blocks,
                paragraphs,
                matched,
            } => {
                report.pages_with_html += 1;
                report.blocks += blocks;
                report.paragraphs += paragraphs;
                report.matched += matched;
            }
            Outcome::Missing => report.missing += 1,
            Outcome::Unreadable(why) => report.unreadable.push(why),
        }
    }
    report
}

fn attach_page(page: &mut LabelledPage, dir: &Path) -> Outcome {
    let Some(path) = html_file(dir, &page.id) else {
        return Outcome::Missing;
    };
    let html = read_page_bytes(&path).and_then(|bytes| {
        read_html(&bytes).map_err(|e| Error::io(&path, std::io::Error::other(e)))
    });
    let html = match html {
        Ok(html) => html,
        Err(e) => return Outcome::Unreadable(e.to_string()),
    };
    let paragraphs = page.paragraphs.len();
    let blocks = html.blocks.len();
    page.paragraphs = labelled_blocks(&page.paragraphs, html.blocks);
    page.markup = Some(Box::new(html.markup));
    Outcome::Read {
        blocks,
        paragraphs,
        matched: page.paragraphs.len(),
    }
}

/// The HTML file of page `id` in `dir`, if there is one.
fn html_file(dir: &Path, id: &str) -> Option<PathBuf> {
    ["html.gz", "html", "htm"]
        .iter()
        .map(|ext| dir.join(format!("{id}.{ext}")))
        .find(|p| p.is_file())
}

/// The blocks that match a paragraph (in order, each paragraph at most
/// once), labelled as it is.
fn labelled_blocks(
    paragraphs: &[LabelledParagraph],
    blocks: Vec<Block<'static>>,
) -> Vec<LabelledParagraph> {
    let mut next = 0;
    let mut out = Vec::with_capacity(paragraphs.len());
    for block in blocks {
        let window = next..paragraphs.len().min(next + LOOK_AHEAD);
        let Some(j) = window.clone().find(|&j| paragraphs[j].text == block.text) else {
            continue;
        };
        next = j + 1;
        out.push(LabelledParagraph {
            text: block.text.into_owned(),
            label: paragraphs[j].label,
            markup: block.markup,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Label::*;

    #[test]
    fn blocks_take_the_labels_of_the_paragraphs_they_match_in_order() {
        let paragraphs = vec![
            LabelledParagraph::new("Home", Boilerplate),
            LabelledParagraph::new("Story.", Content),
            LabelledParagraph::new("Home", Related),
        ];
        let html =
            crate::input::html::read_html(b"<p>Home</p><p>Extra</p><p>Story.</p><p>Home</p>")
                .unwrap();
        let labelled = labelled_blocks(&paragraphs, html.blocks);
        let got: Vec<(&str, _)> = labelled
            .iter()
            .map(|p| (p.text.as_str(), p.label))
            .collect();
        assert_eq!(
            got,
            [
                ("Home", Boilerplate),
                ("Story.", Content),
                ("Home", Related)
            ]
        );
    }
}
