//! [`Document`]: what the cleaner makes of a page, and its renderings.

use super::facts::Facts;
use crate::block::Block;
use crate::features::language::Language;
use crate::label::Label;
use crate::page_type::PageType;

/// A page as the cleaner read it: every block with its label, whether the
/// cleaner's options keep it, and what is known of the page.
///
/// ```
/// use declutter::{Cleaner, Label, Page};
/// let cleaner = Cleaner::new()?;
/// let html = include_bytes!("../../examples/page.html"); // menus, article, related, comment form
/// let doc = cleaner.extract(Page::html(html))?;
/// assert!(doc.title.as_deref().unwrap().starts_with("Town council approves new flood barrier"));
/// let label_of = |text: &str| doc.blocks.iter().find(|c| c.block.text == text).unwrap().label;
/// assert_eq!(label_of("Privacy Policy"), Label::Boilerplate);
/// assert_eq!(label_of("New ferry route to the islands starts in May"), Label::Related);
/// let text = doc.text();
/// assert!(text.starts_with("Town council approves new flood barrier for the old harbour\n"));
/// assert!(text.contains("The town council voted") && !text.contains("Post Comment"));
/// # Ok::<(), declutter::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Document<'a> {
    /// Every block, in document order.
    pub blocks: Vec<Classified<'a>>,
    /// An HTML page's `<title>`, else its `og:title` meta, else its first `<h1>`.
    pub title: Option<String>,
    /// The language the page was read in; `None` for a language declutter
    /// has no stemmer or stop words for.
    pub language: Option<Language>,
    /// The page's address, as given ([`crate::Page::with_url`]).
    pub url: Option<String>,
    /// The page's type and its probability, when the model tells types.
    pub page_type: Option<(PageType, f32)>,
    /// What the page says of itself: its headline, author, date, site
    /// name, description, canonical address and image.
    pub facts: Facts,
}

/// A block with its label, the probability of every label, and whether the
/// cleaner keeps it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Classified<'a> {
    /// The block: text, byte span and line in the page, markup facts.
    pub block: Block<'a>,
    /// The label: the most probable sequence of labels of the page, under
    /// the mode's bias.
    pub label: Label,
    /// The probability of each label, in [`Label::ALL`] order.
    pub probabilities: [f32; Label::COUNT],
    /// Whether the cleaner's options keep the block (its label is kept, or
    /// with `min_confidence`, the kept labels are probable enough).
    pub kept: bool,
}

impl Classified<'_> {
    /// The probability of the predicted label.
    pub fn confidence(&self) -> f32 {
        self.probabilities[self.label.index()]
    }
}

impl<'a> Document<'a> {
    /// The blocks the cleaner keeps, in document order.
    pub fn kept(&self) -> impl Iterator<Item = &Classified<'a>> {
        self.blocks.iter().filter(|c| c.kept)
    }

    /// Every block's label, in document order.
    pub fn labels(&self) -> Vec<Label> {
        self.blocks.iter().map(|c| c.label).collect()
    }

    /// The kept blocks' text, one a line (plain-text blocks unchanged, HTML
    /// blocks as their visible text), after the page's title when the kept
    /// blocks do not already hold it.
    pub fn text(&self) -> String {
        let mut text = String::new();
        if let Some(title) = self.title_line() {
            text.push_str(title);
            text.push('\n');
        }
        for c in self.kept() {
            text.push_str(&c.block.text);
            text.push('\n');
        }
        text
    }

    /// The page's title, trimmed, when the kept blocks do not hold it (and
    /// the renderings put it first).
    pub(crate) fn title_line(&self) -> Option<&str> {
        let title = self.title.as_deref().map(str::trim)?;
        let holds = |title: &str| self.kept().any(|c| names_the_title(&c.block.text, title));
        (!title.is_empty() && !holds(title)).then_some(title)
    }

    /// A document of these blocks and nothing else known.
    #[cfg(test)]
    pub(crate) fn of_blocks(blocks: Vec<Classified<'a>>) -> Self {
        Document {
            blocks,
            title: None,
            language: None,
            url: None,
            page_type: None,
            facts: Facts::default(),
        }
    }
}

/// Whether a kept line is the page's title, or the title with a site's name
/// around it (`Headline | Site`), or the title is part of the line.
fn names_the_title(text: &str, title: &str) -> bool {
    text.lines().map(str::trim).any(|line| {
        line == title
            || (line.chars().count() >= 10 && title.contains(line))
            || line.contains(title)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: Option<&str>, blocks: &[(&'static str, bool)]) -> Document<'static> {
        let texts = blocks.iter().map(|(t, _)| *t);
        let blocks = Block::from_texts(texts)
            .into_iter()
            .zip(blocks)
            .map(|(block, &(_, kept))| Classified {
                block,
                label: if kept {
                    Label::Content
                } else {
                    Label::Boilerplate
                },
                probabilities: [0.5, 0.5, 0.0],
                kept,
            })
            .collect();
        Document {
            blocks,
            title: title.map(str::to_string),
            language: None,
            url: None,
            page_type: None,
            facts: Facts::default(),
        }
    }

    #[test]
    fn text_is_the_kept_blocks_after_a_title_they_do_not_hold() {
        let blocks = [("Home", false), ("The story.", true), ("More.", true)];
        assert_eq!(doc(None, &blocks).text(), "The story.\nMore.\n");
        assert_eq!(
            doc(Some(" Headline "), &blocks).text(),
            "Headline\nThe story.\nMore.\n"
        );
        let titled = [("Headline of the day", true), ("The story.", true)];
        let site = "Headline of the day | The Gazette";
        assert_eq!(
            doc(Some(site), &titled).text(),
            "Headline of the day\nThe story.\n"
        );
        assert_eq!(doc(Some(""), &blocks).text(), "The story.\nMore.\n");
    }

    #[test]
    fn kept_and_labels_follow_the_blocks() {
        let d = doc(None, &[("a", false), ("b", true)]);
        assert_eq!(d.kept().map(|c| c.block.line).collect::<Vec<_>>(), [2]);
        assert_eq!(d.labels(), [Label::Boilerplate, Label::Content]);
    }
}
