//! [`Cleaner`]: the one-call API over splitting, featurizing and the model.

use crate::error::{Result, SettingError};
use crate::features::tokenize::words;
use crate::features::{Featurizer, Terms};
use crate::input::html::{HtmlError, ReadOptions, read_html_with};
use crate::input::text::read_text;
use crate::model::{Model, Probabilities};
use crate::pipeline::file::SavedModel;
use crate::sequence::{SequenceModel, best_labels};
use crate::{Block, Label, LabelSet, Language, LanguageSetting};
use std::path::Path;

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
}

impl Default for CleanOptions {
    fn default() -> Self {
        CleanOptions {
            keep: LabelSet::only(Label::Content),
            mode: Mode::Balanced,
            min_confidence: None,
            language: LanguageSetting::Auto,
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

/// A page's classified blocks, its language and, for HTML, its title.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassifiedPage<'a> {
    /// An HTML page's `<title>`, else its `og:title` meta, else its first `<h1>`.
    pub title: Option<String>,
    /// The language the page was read in ([`Cleaner::language_of`]).
    pub language: Option<Language>,
    /// Every block, in document order.
    pub blocks: Vec<Classified<'a>>,
}

/// A block with its predicted label and the probability of every label.
#[derive(Debug, Clone, PartialEq)]
pub struct Classified<'a> {
    /// The block: text, byte span and line in the page, markup facts.
    pub block: Block<'a>,
    /// The label: the most probable sequence of labels of the page, under the
    /// mode's bias.
    pub label: Label,
    /// The probability of each label, in [`Label::ALL`] order.
    pub probabilities: [f32; Label::COUNT],
}

impl Classified<'_> {
    /// The probability of the predicted label.
    pub fn confidence(&self) -> f32 {
        self.probabilities[self.label.index()]
    }
}

/// Labels the paragraphs of pages and keeps their content.
///
/// A `Cleaner` is `Send + Sync`: build it once and share it across threads.
///
/// ```
/// use declutter::Cleaner;
/// let cleaner = Cleaner::default_model().unwrap();
/// let page = include_str!("../../examples/page.txt"); // menus, article, related, comments form
/// let text = cleaner.clean(page);
/// assert!(text.contains("The town council voted on Tuesday evening"));
/// assert!(!text.contains("Share on Facebook"));
/// ```
#[derive(Debug, Clone)]
pub struct Cleaner {
    featurizer: Featurizer,
    model: Model,
    sequence: Option<SequenceModel>,
    options: CleanOptions,
}

impl Cleaner {
    /// A cleaner from a loaded model file, with default options.
    pub fn new(saved: SavedModel) -> Self {
        let (featurizer, model, sequence) = saved.into_parts();
        Cleaner {
            featurizer,
            model,
            sequence,
            options: CleanOptions::default(),
        }
    }

    /// A cleaner with the default model embedded in the library.
    pub fn default_model() -> Result<Self> {
        Ok(Self::new(SavedModel::from_bytes(
            DEFAULT_MODEL,
            "embedded default model",
        )?))
    }

    /// A cleaner with the default HTML model embedded in the library: a model
    /// of the same pipeline, fitted on the training pages read from their
    /// HTML, so that it also weighs each block's markup.
    pub fn default_html_model() -> Result<Self> {
        Ok(Self::new(SavedModel::from_bytes(
            DEFAULT_HTML_MODEL,
            "embedded default HTML model",
        )?))
    }

    /// A cleaner with the model file at `path`.
    pub fn from_path(path: &Path) -> Result<Self> {
        Ok(Self::new(SavedModel::load(path)?))
    }

    /// This cleaner with other options.
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

    /// The label probabilities (of the second pass, when the model has one)
    /// and the decoded labels of a page's blocks.
    pub fn label(&self, blocks: &[Block]) -> (Probabilities, Vec<Label>) {
        self.label_in(blocks, self.language_of(blocks))
    }

    /// [`Cleaner::label`] of a page read in `language`.
    fn label_in(
        &self,
        blocks: &[Block],
        language: Option<Language>,
    ) -> (Probabilities, Vec<Label>) {
        let probabilities = self.probabilities_in(blocks, language);
        let bias = self.options.mode.content_bias();
        let labels = match &self.sequence {
            None => best_labels(&probabilities, bias),
            Some(sequence) => sequence
                .decoder
                .decode_page(&probabilities, bias, |i| words(&blocks[i].text).count()),
        };
        (probabilities, labels)
    }

    /// The label probabilities of a page's blocks, before decoding: the
    /// second pass's when the model has one, else the first pass's.
    #[cfg(feature = "train")]
    pub(crate) fn probabilities(&self, blocks: &[Block]) -> Probabilities {
        self.probabilities_in(blocks, self.language_of(blocks))
    }

    fn probabilities_in(&self, blocks: &[Block], language: Option<Language>) -> Probabilities {
        let parts = self.featurizer.parts_in(blocks, language, Terms::Read);
        let first = self.model.predict_proba(&parts);
        match &self.sequence {
            None => first,
            Some(sequence) => {
                sequence.predict_proba(parts.own_rows().view(), parts.containers(), &first)
            }
        }
    }

    /// The language a page's blocks are read in, under the options'
    /// [`LanguageSetting`]; `None` for a language declutter has no stemmer
    /// or stop words for.
    ///
    /// ```
    /// use declutter::{Block, Language};
    /// let cleaner = declutter::Cleaner::default_model()?;
    /// let page = Block::from_texts(["Der Stadtrat hat am Dienstagabend den Bau einer neuen Hochwassermauer im alten Hafen beschlossen."]);
    /// assert_eq!(cleaner.language_of(&page), Some(Language::German));
    /// # Ok::<(), declutter::Error>(())
    /// ```
    pub fn language_of(&self, blocks: &[Block]) -> Option<Language> {
        self.featurizer.page_language(self.options.language, blocks)
    }

    /// The predicted labels of a page's blocks.
    pub fn predict(&self, blocks: &[Block]) -> Vec<Label> {
        self.label(blocks).1
    }

    /// Every block of a plain-text page with its label, probabilities and span.
    pub fn classify<'a>(&self, page: &'a str) -> Vec<Classified<'a>> {
        self.classify_blocks(read_text(page))
    }

    /// Every block of a plain-text page with its label, and the page's language.
    ///
    /// ```
    /// use declutter::Language;
    /// let cleaner = declutter::Cleaner::default_model()?;
    /// let page = cleaner.classify_text("Accueil\nLe conseil municipal a voté mardi soir la construction d'une nouvelle digue dans le vieux port.\n");
    /// assert_eq!(page.language, Some(Language::French));
    /// assert_eq!(page.blocks.len(), 2);
    /// # Ok::<(), declutter::Error>(())
    /// ```
    pub fn classify_text<'a>(&self, page: &'a str) -> ClassifiedPage<'a> {
        self.classify_page(read_text(page), None)
    }

    /// Every block with its label and probabilities.
    pub fn classify_blocks<'a>(&self, blocks: Vec<Block<'a>>) -> Vec<Classified<'a>> {
        self.classify_page(blocks, None).blocks
    }

    /// A page's blocks classified, with its language and the title given.
    pub fn classify_page<'a>(
        &self,
        blocks: Vec<Block<'a>>,
        title: Option<String>,
    ) -> ClassifiedPage<'a> {
        let language = self.language_of(&blocks);
        let (probabilities, labels) = self.label_in(&blocks, language);
        let blocks = blocks
            .into_iter()
            .zip(probabilities)
            .zip(labels)
            .map(|((block, probabilities), label)| Classified {
                block,
                label,
                probabilities,
            })
            .collect();
        ClassifiedPage {
            title,
            language,
            blocks,
        }
    }

    /// Whether the options keep a classified block.
    pub fn keeps(&self, classified: &Classified<'_>) -> bool {
        match self.options.min_confidence {
            None => self.options.keep.contains(classified.label),
            Some(threshold) => {
                let kept: f32 = self
                    .options
                    .keep
                    .iter()
                    .map(|l| classified.probabilities[l.index()])
                    .sum();
                kept >= threshold
            }
        }
    }

    /// The kept blocks of a plain-text page, unchanged, one a line.
    pub fn clean(&self, page: &str) -> String {
        self.kept_text(&self.classify(page))
    }

    /// Every block of an HTML page (bytes as fetched: the page's own
    /// charset declaration is followed) with its label and probabilities,
    /// and the page's title.
    ///
    /// ```
    /// use declutter::Label;
    /// let cleaner = declutter::Cleaner::default_html_model()?;
    /// let html = include_bytes!("../../examples/page.html"); // menus, article, related, comment form
    /// let page = cleaner.classify_html(html)?;
    /// assert!(page.title.unwrap().starts_with("Town council approves new flood barrier"));
    /// let label_of = |text: &str| page.blocks.iter().find(|c| c.block.text == text).unwrap().label;
    /// assert_eq!(label_of("Privacy Policy"), Label::Boilerplate);
    /// assert_eq!(label_of("New ferry route to the islands starts in May"), Label::Related);
    /// let text = cleaner.clean_html(html)?;
    /// assert!(text.starts_with("Town council approves new flood barrier for the old harbour\n"));
    /// assert!(text.contains("The town council voted") && !text.contains("Post Comment"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn classify_html(&self, html: &[u8]) -> Result<ClassifiedPage<'static>, HtmlError> {
        self.classify_html_with(html, &ReadOptions::default())
    }

    /// [`Cleaner::classify_html`] with other reading options: limits, or the
    /// charset of the HTTP header, which comes before the page's own.
    ///
    /// ```
    /// use declutter::ReadOptions;
    /// let cleaner = declutter::Cleaner::default_html_model()?;
    /// let options = ReadOptions { http_charset: Some("ISO-8859-1".into()), ..ReadOptions::default() };
    /// let page = cleaner.classify_html_with(b"<p>Caf\xe9 au lait</p>", &options)?;
    /// assert_eq!(page.blocks[0].block.text, "Caf\u{e9} au lait");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn classify_html_with(
        &self,
        html: &[u8],
        options: &ReadOptions,
    ) -> Result<ClassifiedPage<'static>, HtmlError> {
        let page = read_html_with(html, options)?;
        Ok(self.classify_page(page.blocks, page.title))
    }

    /// [`Cleaner::classify_html`] of a page already decoded to text (a JSON
    /// string, a Python `str`): it is read as the text it is, whatever
    /// charset its `<meta>` declares.
    ///
    /// ```
    /// let cleaner = declutter::Cleaner::default_html_model()?;
    /// let page = cleaner.classify_html_text(r#"<meta charset="windows-1252"><p>Café au lait</p>"#)?;
    /// assert_eq!(page.blocks[0].block.text, "Café au lait");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn classify_html_text(&self, html: &str) -> Result<ClassifiedPage<'static>, HtmlError> {
        let utf8 = ReadOptions {
            http_charset: Some("utf-8".to_string()),
            ..ReadOptions::default()
        };
        self.classify_html_with(html.as_bytes(), &utf8)
    }

    /// The kept blocks of an HTML page, one a line, after the page's title
    /// when the kept blocks do not start with it.
    pub fn clean_html(&self, html: &[u8]) -> Result<String, HtmlError> {
        let page = self.classify_html(html)?;
        Ok(self.kept_text_with_title(page.title.as_deref(), &page.blocks))
    }

    /// The kept blocks among classified ones, after the page's title when
    /// the kept blocks do not already hold it.
    pub fn kept_text_with_title(
        &self,
        title: Option<&str>,
        classified: &[Classified<'_>],
    ) -> String {
        let text = self.kept_text(classified);
        match title.map(str::trim) {
            Some(title) if !title.is_empty() && !names_the_title(&text, title) => {
                format!("{title}\n{text}")
            }
            _ => text,
        }
    }

    /// The kept blocks among classified ones, one a line.
    pub fn kept_text(&self, classified: &[Classified<'_>]) -> String {
        let mut out = String::new();
        for c in classified.iter().filter(|c| self.keeps(c)) {
            out.push_str(&c.block.text);
            out.push('\n');
        }
        out
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
