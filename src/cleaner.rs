//! [`Cleaner`]: the one-call API over splitting, featurizing and the model.

use crate::features::Featurizer;
use crate::model::Model;
use crate::model_file::SavedModel;
use crate::page::{self, Paragraph};
use crate::{Error, Label, LabelSet, Result};
use std::path::Path;

/// The default model's file, embedded in the library at build time.
pub const DEFAULT_MODEL: &[u8] = include_bytes!("../models/default.json");

/// What [`Cleaner::clean`] keeps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CleanOptions {
    /// The labels to keep (default: content).
    pub keep: LabelSet,
    /// When set, a paragraph is kept when the summed probability of the kept
    /// labels is at least this (higher: more precise, lower: more complete);
    /// when unset, when its most probable label is kept.
    pub min_confidence: Option<f32>,
}

impl Default for CleanOptions {
    fn default() -> Self {
        CleanOptions {
            keep: LabelSet::only(Label::Content),
            min_confidence: None,
        }
    }
}

/// A paragraph with its predicted label and the probability of every label.
#[derive(Debug, Clone, PartialEq)]
pub struct Classified<'a> {
    /// The paragraph: text, byte span and line in the page.
    pub paragraph: Paragraph<'a>,
    /// The most probable label.
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
/// let page = "Home\nNews\nSport\n\
///     The defense secretary spoke with his Russian counterpart on Friday, the first call since May.\n\
///     Both sides said the talks covered the war in Ukraine and the security of the region.\n\
///     Share on Facebook\n";
/// let text = cleaner.clean(page);
/// assert!(text.contains("first call since May"));
/// assert!(!text.contains("Share on Facebook"));
/// ```
#[derive(Debug, Clone)]
pub struct Cleaner {
    featurizer: Featurizer,
    model: Model,
    options: CleanOptions,
}

impl Cleaner {
    /// A cleaner from a loaded model file, with default options.
    pub fn new(saved: SavedModel) -> Self {
        Cleaner {
            featurizer: saved.featurizer,
            model: saved.model,
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

    /// A cleaner with the model file at `path`.
    pub fn from_path(path: &Path) -> Result<Self> {
        Ok(Self::new(SavedModel::load(path)?))
    }

    /// This cleaner with other options.
    pub fn with_options(mut self, options: CleanOptions) -> Result<Self> {
        if options.keep.is_empty() {
            return Err(Error::Config("the set of labels to keep is empty".into()));
        }
        if let Some(t) = options.min_confidence.filter(|t| !(0.0..=1.0).contains(t)) {
            return Err(Error::Config(format!(
                "min_confidence {t} is not between 0 and 1"
            )));
        }
        self.options = options;
        Ok(self)
    }

    /// The options in force.
    pub fn options(&self) -> CleanOptions {
        self.options
    }

    /// The fitted featurizer.
    pub fn featurizer(&self) -> &Featurizer {
        &self.featurizer
    }

    /// The label probabilities of a page's paragraphs, given as texts.
    pub fn probabilities<S: AsRef<str>>(&self, paragraphs: &[S]) -> Vec<[f32; Label::COUNT]> {
        self.model
            .predict_proba(&self.featurizer.transform(paragraphs))
    }

    /// The predicted labels of a page's paragraphs, given as texts.
    pub fn predict<S: AsRef<str>>(&self, paragraphs: &[S]) -> Vec<Label> {
        self.probabilities(paragraphs).iter().map(argmax).collect()
    }

    /// Every paragraph of `page` with its label, probabilities and span.
    pub fn classify<'a>(&self, page: &'a str) -> Vec<Classified<'a>> {
        let paragraphs = page::split(page);
        let texts: Vec<&str> = paragraphs.iter().map(|p| p.text).collect();
        let probabilities = self.probabilities(&texts);
        paragraphs
            .into_iter()
            .zip(probabilities)
            .map(|(paragraph, probabilities)| Classified {
                paragraph,
                label: argmax(&probabilities),
                probabilities,
            })
            .collect()
    }

    /// Whether the options keep a classified paragraph.
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

    /// The kept paragraphs of `page`, unchanged, one a line.
    pub fn clean(&self, page: &str) -> String {
        let mut out = String::new();
        for c in self.classify(page).iter().filter(|c| self.keeps(c)) {
            out.push_str(c.paragraph.text);
            out.push('\n');
        }
        out
    }
}

/// The label of the highest probability.
pub fn argmax(probabilities: &[f32; Label::COUNT]) -> Label {
    let mut best = 0;
    for i in 1..Label::COUNT {
        if probabilities[i] > probabilities[best] {
            best = i;
        }
    }
    Label::ALL[best]
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
    fn argmax_picks_the_most_probable_label() {
        assert_eq!(argmax(&[0.2, 0.3, 0.5]), Label::Related);
        assert_eq!(argmax(&[0.5, 0.3, 0.2]), Label::Content);
    }
}
