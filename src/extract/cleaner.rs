//! [`Cleaner`]: from a page to its article, in one call.

use super::document::{Classified, Document};
use super::facts::Facts;
use super::page::{Page, ReadPage};
use crate::block::Block;
use crate::error::{Result, SettingError};
use crate::features::language::{Language, LanguageSetting};
use crate::label::{Label, LabelSet};
use crate::page_type::PageType;
use crate::pipeline::file::SavedModel;
use crate::pipeline::{Labelled, PageInput, Pipeline};
use std::path::Path;
use std::sync::Arc;

/// The default model's file, embedded in the library at build time.
pub const DEFAULT_MODEL: &[u8] = include_bytes!("../../models/default.json");

/// The default HTML model's file, embedded in the library at build time.
pub const DEFAULT_HTML_MODEL: &[u8] = include_bytes!("../../models/html.json");

/// The precision/recall trade-off of labelling `content`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Label a paragraph content only when the model is surer: less clutter, more misses.
    Precision,
    /// The model's own balance.
    #[default]
    Balanced,
    /// Label a paragraph content more readily: fewer misses, more clutter.
    Recall,
}

impl Mode {
    /// What the mode adds to the log-probability of `content` before decoding.
    pub fn content_bias(self) -> f32 {
        match self {
            Mode::Precision => -1.0,
            Mode::Balanced => 0.0,
            Mode::Recall => 1.0,
        }
    }
}

impl std::str::FromStr for Mode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "precision" => Ok(Mode::Precision),
            "balanced" => Ok(Mode::Balanced),
            "recall" => Ok(Mode::Recall),
            _ => Err(format!(
                "unknown mode {s:?} (expected precision, balanced or recall)"
            )),
        }
    }
}

/// What [`Cleaner::clean`] keeps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CleanOptions {
    /// The labels to keep (default: content).
    pub keep: LabelSet,
    /// The precision/recall trade-off of the labels (default: balanced).
    pub mode: Mode,
    /// When set, a paragraph is kept when the summed probability of the kept
    /// labels is at least this (higher: more precise, lower: more complete);
    /// when unset, when its most probable label is kept.
    pub min_confidence: Option<f32>,
    /// The language pages are read in (default: identified page by page).
    pub language: LanguageSetting,
    /// The pages' type, when the caller knows it (default: the model tells
    /// it page by page, when it can).
    pub page_type: Option<PageType>,
}

impl Default for CleanOptions {
    fn default() -> Self {
        CleanOptions {
            keep: LabelSet::only(Label::Content),
            mode: Mode::Balanced,
            min_confidence: None,
            language: LanguageSetting::Auto,
            page_type: None,
        }
    }
}

/// Labels the blocks of pages and keeps their content.
///
/// A cleaner holds two fitted models, one for plain-text pages and one for
/// HTML pages (which also weighs each block's markup), and its options. It
/// is `Send + Sync`: build it once and share it across threads.
///
/// ```
/// use declutter::{Cleaner, Page};
/// let cleaner = Cleaner::new()?;
/// let page = include_str!("../../examples/page.txt"); // menus, article, related, comments form
/// let text = cleaner.clean(Page::text(page))?;
/// assert!(text.contains("The town council voted on Tuesday evening"));
/// assert!(!text.contains("Share on Facebook"));
/// # Ok::<(), declutter::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Cleaner {
    text: Arc<Pipeline>,
    html: Arc<Pipeline>,
    options: CleanOptions,
}

impl Cleaner {
    /// A cleaner with the two default models built into the library (see
    /// [`DEFAULT_MODEL`] and [`DEFAULT_HTML_MODEL`]), with default options.
    pub fn new() -> Result<Self> {
        let text = SavedModel::from_bytes(DEFAULT_MODEL, "embedded default model")?;
        let html = SavedModel::from_bytes(DEFAULT_HTML_MODEL, "embedded default HTML model")?;
        Ok(Self::from_models(text, html))
    }

    /// A cleaner that labels every page, text or HTML, with one model.
    pub fn from_model(saved: SavedModel) -> Self {
        let pipeline = Arc::new(saved.into_pipeline());
        Cleaner {
            text: Arc::clone(&pipeline),
            html: pipeline,
            options: CleanOptions::default(),
        }
    }

    /// A cleaner with one model for plain-text pages and one for HTML pages.
    pub fn from_models(text: SavedModel, html: SavedModel) -> Self {
        Cleaner {
            text: Arc::new(text.into_pipeline()),
            html: Arc::new(html.into_pipeline()),
            options: CleanOptions::default(),
        }
    }

    /// A cleaner that labels every page with the model file at `path`.
    pub fn from_path(path: &Path) -> Result<Self> {
        Ok(Self::from_model(SavedModel::load(path)?))
    }

    /// This cleaner with other options, checked here.
    ///
    /// ```
    /// use declutter::{CleanOptions, Cleaner, Label, LabelSet, Mode};
    /// let generous = Cleaner::new()?.with_options(CleanOptions {
    ///     keep: LabelSet::only(Label::Content).with(Label::Related),
    ///     mode: Mode::Recall,
    ///     ..CleanOptions::default()
    /// })?;
    /// assert_eq!(generous.options().mode, Mode::Recall);
    /// let none = CleanOptions { keep: LabelSet::EMPTY, ..CleanOptions::default() };
    /// assert!(Cleaner::new()?.with_options(none).is_err());
    /// # Ok::<(), declutter::Error>(())
    /// ```
    pub fn with_options(mut self, options: CleanOptions) -> Result<Self> {
        if options.keep.is_empty() {
            return Err(SettingError::new("keep", "empty", "at least one label").into());
        }
        if let Some(t) = options.min_confidence.filter(|t| !(0.0..=1.0).contains(t)) {
            return Err(SettingError::new("min_confidence", t, "between 0 and 1").into());
        }
        self.options = options;
        Ok(self)
    }

    /// The options in force.
    pub fn options(&self) -> CleanOptions {
        self.options
    }

    /// Reads a page, labels its blocks, and returns it as a [`Document`]:
    /// every block with its label and probabilities, the ones the options
    /// keep, the page's language and, for HTML, its title. The only errors
    /// are HTML that cannot be read (too large, binary).
    ///
    /// ```
    /// use declutter::{Cleaner, Language, Page};
    /// let cleaner = Cleaner::new()?;
    /// let doc = cleaner.extract(Page::text("Accueil\nLe conseil municipal a voté mardi soir la construction d'une nouvelle digue dans le vieux port.\n"))?;
    /// assert_eq!(doc.language, Some(Language::French));
    /// assert_eq!(doc.blocks.len(), 2);
    /// let doc = cleaner.extract(Page::html(b"<p>Caf\xe9 au lait</p>").with_charset("ISO-8859-1"))?;
    /// assert_eq!(doc.blocks[0].block.text, "Caf\u{e9} au lait");
    /// # Ok::<(), declutter::Error>(())
    /// ```
    pub fn extract<'a>(&self, page: Page<'a>) -> Result<Document<'a>> {
        Ok(self.classify(page.read()?))
    }

    /// The kept blocks of a page, one a line: [`Document::text`] of
    /// [`Cleaner::extract`].
    pub fn clean(&self, page: Page) -> Result<String> {
        Ok(self.extract(page)?.text())
    }

    /// Labels a page already read into blocks ([`Page::read`], or blocks
    /// read elsewhere: [`ReadPage::from_blocks`]), with the HTML model when
    /// it was read from HTML (its blocks carry markup), else the text model.
    ///
    /// ```
    /// use declutter::{Block, Cleaner, Label, ReadPage};
    /// let cleaner = Cleaner::new()?;
    /// let blocks = Block::from_texts(["Home", "The minister spoke on Friday about the war, officials said."]);
    /// let doc = cleaner.classify(ReadPage::from_blocks(blocks));
    /// assert_eq!(doc.labels()[0], Label::Boilerplate);
    /// # Ok::<(), declutter::Error>(())
    /// ```
    pub fn classify<'a>(&self, page: ReadPage<'a>) -> Document<'a> {
        let (language, labelled) = self.label(&page);
        let title = page.title().map(str::to_string);
        let page_type = labelled.page_type;
        let facts = Facts::of(
            &page.blocks,
            page.markup.as_deref(),
            page.url.as_deref(),
            &labelled.labels,
            page_type.map(|(t, _)| t),
        );
        let blocks = page
            .blocks
            .into_iter()
            .zip(labelled.probabilities)
            .zip(labelled.labels)
            .map(|((block, probabilities), label)| Classified {
                kept: self.options.keeps(label, &probabilities),
                block,
                label,
                probabilities,
            })
            .collect();
        Document {
            blocks,
            title,
            language,
            url: page.url,
            page_type,
            facts,
        }
    }

    /// A page's language, and what its pipeline makes of it.
    fn label(&self, page: &ReadPage) -> (Option<Language>, Labelled) {
        let pipeline = self.pipeline_for(page);
        let language = pipeline.language_of(self.options.language, &page.blocks);
        let input = PageInput {
            blocks: &page.blocks,
            facts: page.facts(),
            language,
            page_type: self.options.page_type,
        };
        let bias = self.options.mode.content_bias();
        (language, pipeline.label(&input, bias))
    }

    /// The labels of a page already read, as [`Cleaner::classify`] gives
    /// them (for [`crate::train::evaluate`] and other scorers).
    pub fn predict(&self, page: &ReadPage) -> Vec<Label> {
        self.label(page).1.labels
    }

    /// The language a page's blocks are read in, under the options'
    /// [`LanguageSetting`]; `None` for a language declutter has no stemmer
    /// or stop words for.
    ///
    /// ```
    /// use declutter::{Block, Language};
    /// let cleaner = declutter::Cleaner::new()?;
    /// let page = Block::from_texts(["Der Stadtrat hat am Dienstagabend den Bau einer neuen Hochwassermauer im alten Hafen beschlossen."]);
    /// assert_eq!(cleaner.language_of(&page), Some(Language::German));
    /// # Ok::<(), declutter::Error>(())
    /// ```
    pub fn language_of(&self, blocks: &[Block]) -> Option<Language> {
        let pipeline = match blocks.iter().any(|b| b.markup.is_some()) {
            true => &self.html,
            false => &self.text,
        };
        pipeline.language_of(self.options.language, blocks)
    }

    /// The model of a page: HTML when it was read from HTML.
    fn pipeline_for(&self, page: &ReadPage) -> &Pipeline {
        match page.is_html() {
            true => &self.html,
            false => &self.text,
        }
    }
}

impl CleanOptions {
    /// Whether a block of this label and these probabilities is kept.
    fn keeps(&self, label: Label, probabilities: &[f32; Label::COUNT]) -> bool {
        match self.min_confidence {
            None => self.keep.contains(label),
            Some(threshold) => {
                let kept: f32 = self.keep.iter().map(|l| probabilities[l.index()]).sum();
                kept >= threshold
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cleaner_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Cleaner>();
    }

    #[test]
    fn modes_parse_and_order_their_bias() {
        let modes: Vec<Mode> = ["precision", "balanced", "recall"]
            .iter()
            .map(|m| m.parse().unwrap())
            .collect();
        assert!(
            modes
                .windows(2)
                .all(|w| w[0].content_bias() < w[1].content_bias())
        );
        assert!("fast".parse::<Mode>().is_err());
    }
}
