//! Training settings and the training report: what a model file records of
//! how it was trained, below both the trainer and the model file.

use crate::error::{Error, SettingError};
use crate::features::FeaturizerConfig;
use crate::features::tfidf::MAX_VOCABULARY;
use crate::model::{FitReport, ModelParams};
use crate::page_type::PageType;
use crate::sequence::DecoderSettings;
use serde::{Deserialize, Serialize};

/// Settings of the second pass.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SequenceConfig {
    /// Cross-validation folds for out-of-fold predictions; below 2, or with
    /// fewer pages than folds, no second pass and no decoder are trained.
    pub folds: usize,
    /// The second-pass model's settings (fitted by linfa-logistic, with the
    /// label weights given by sampling rows).
    pub model: ModelParams,
}

impl Default for SequenceConfig {
    fn default() -> Self {
        SequenceConfig {
            folds: 3,
            // The second pass has few features and plateaus sooner: on train
            // cross-validation, 200 iterations gained +0.0005 content F1 (not
            // significant) for 36 s more training.
            model: ModelParams::default().max_iterations(60),
        }
    }
}

/// All training settings.
///
/// ```
/// use declutter::train::{ModelParams, TrainConfig};
/// assert!(TrainConfig::default().check().is_ok());
/// let bad = TrainConfig { model: ModelParams::default().alpha(-1.0), ..TrainConfig::default() };
/// assert!(bad.check().unwrap_err().to_string().contains("alpha"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    /// Featurizer settings.
    pub featurizer: FeaturizerConfig,
    /// First-pass model settings.
    pub model: ModelParams,
    /// Second-pass settings.
    #[serde(default)]
    pub sequence: SequenceConfig,
    /// The share of training pages (chosen by a hash of their position)
    /// whose words are read as unknown (blanked terms): pages
    /// the model learns to label from their shape alone, as it must label
    /// pages in languages its vocabulary does not know.
    #[serde(default)]
    pub unknown_words_share: f32,
    /// The share of training pages (with content, read as text) that get a
    /// synthetic readers' comment thread or teaser list after their
    /// article, made of other training pages' lines ([`SyntheticSections`]).
    #[serde(default)]
    pub synthetic_sections_share: f32,
    /// How probable each page type ([`PageType::ALL`] order) must be for a
    /// page told of that type to be read as one; a page of a less certain
    /// type is read as an article (the page-type model's thresholds).
    #[serde(default)]
    pub page_type_thresholds: [f32; PageType::COUNT],
}

/// The share of training pages read with unknown words, by default: 0.2,
/// 0.4 and 0.6 score the same on `valid.jsonl` (English) and its made-up
/// words copy, within 0.01; 0.4 scored best on the 15 pages of
/// `readability.jsonl` in other languages (see the model card).
pub(crate) const UNKNOWN_WORDS_SHARE: f32 = 0.4;

/// The share of training pages that get a synthetic section, by default
/// (chosen on `valid.jsonl`, see the model card).
pub(crate) const SYNTHETIC_SECTIONS_SHARE: f32 = 0.6;

/// How probable each page type ([`PageType::ALL`] order: article, forum,
/// product, collection, listing, documentation, service) must be for a
/// page told of that type to be read as one, by default.
///
/// Chosen per type from 0, 0.4, 0.5, ..., 0.9 and "never" (here 1.0) by the
/// mean of both routes' scores, each half site-disjoint 5-fold
/// cross-validation on `train.jsonl` (per-page F1, out-of-fold types) and
/// half `valid.jsonl` (957 Dragnet articles, which the page-type model
/// often told forum or listing); ties went to the lower threshold. Text:
/// folds 0.834 -> 0.838, valid 0.838 -> 0.865; HTML: folds 0.863 -> 0.858,
/// valid 0.838 -> 0.882. Product and collection pages gain nothing from
/// being read as their type, so they are read as articles (see the model
/// card's page-type section for the table).
pub(crate) const PAGE_TYPE_THRESHOLDS: [f32; PageType::COUNT] = [0.9, 0.9, 1.0, 1.0, 0.8, 0.4, 0.9];

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            featurizer: FeaturizerConfig {
                page_types: true,
                ..FeaturizerConfig::default()
            },
            model: ModelParams::default(),
            sequence: SequenceConfig::default(),
            unknown_words_share: UNKNOWN_WORDS_SHARE,
            synthetic_sections_share: SYNTHETIC_SECTIONS_SHARE,
            page_type_thresholds: PAGE_TYPE_THRESHOLDS,
        }
    }
}

impl TrainConfig {
    /// Checks every setting, before any data is read.
    pub fn check(&self) -> Result<(), Error> {
        let tfidf = &self.featurizer.tfidf;
        if !(1..=MAX_VOCABULARY).contains(&tfidf.max_vocabulary) {
            let err = SettingError::new(
                "max_vocabulary",
                tfidf.max_vocabulary,
                "between 1 and 4194304",
            );
            return Err(err.into());
        }
        if !(0.0..1.0).contains(&self.unknown_words_share) {
            let share = self.unknown_words_share;
            return Err(
                SettingError::new("unknown_words_share", share, "at least 0 and below 1").into(),
            );
        }
        if !(0.0..=1.0).contains(&self.synthetic_sections_share) {
            let share = self.synthetic_sections_share;
            let err = SettingError::new("synthetic_sections_share", share, "between 0 and 1");
            return Err(err.into());
        }
        if let Some(t) = (self.page_type_thresholds.iter()).find(|t| !(0.0..=1.0).contains(*t)) {
            let err = SettingError::new("page_type_thresholds", t, "between 0 and 1");
            return Err(err.into());
        }
        self.model.check()?;
        self.sequence.model.check()?;
        Ok(())
    }
}

/// Out-of-fold scores of one decoder setting.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WeightScore {
    /// The decoder's settings.
    #[serde(flatten)]
    pub settings: DecoderSettings,
    /// Token-weighted content F1 of the out-of-fold predictions.
    pub content_f1: f64,
    /// Macro-F1 over the three labels.
    pub macro_f1: f64,
    /// The mean over pages of each page's content F1, weighted by tokens
    /// within the page (every page weighs the same, as extractor benchmarks
    /// score; a paragraph-level stand-in for `eval`'s per-page overlap).
    #[serde(default)]
    pub page_f1: f64,
}

impl WeightScore {
    /// What the decoder setting is chosen by: content token F1, macro-F1
    /// and per-page F1, summed.
    pub fn criterion(&self) -> f64 {
        self.content_f1 + self.macro_f1 + self.page_f1
    }
}

/// How the page-type model was chosen and how well it told the training
/// pages' types out of fold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageTypeReport {
    /// Pages with a type, which it was fitted on.
    pub pages: usize,
    /// Folds of the cross-validation (site by site).
    pub folds: usize,
    /// The L2 penalty chosen.
    pub alpha: f32,
    /// The out-of-fold accuracy at that penalty.
    pub accuracy: f64,
    /// Each penalty tried and its out-of-fold accuracy.
    pub grid: Vec<(f32, f64)>,
}

/// The decoder settings chosen for one page type, on the held-out pages
/// predicted of that type.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TypeChoice {
    /// The page type.
    pub page_type: PageType,
    /// The pages the settings were chosen on (0: too few, and the
    /// decoder's own settings were taken).
    pub pages: usize,
    /// The settings and their scores on those pages.
    pub chosen: WeightScore,
}

/// How the model was trained, kept in the file for its model card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrainingInfo {
    /// Pages trained on.
    pub pages: usize,
    /// Blocks trained on.
    pub paragraphs: usize,
    /// Labelled pages with no blocks, skipped.
    #[serde(default)]
    pub skipped_empty_pages: usize,
    /// The settings used.
    pub config: TrainConfig,
    /// What fitting the first pass on all pages did.
    pub fit: FitReport,
    /// Out-of-fold scores of each decoder setting tried.
    #[serde(default)]
    pub cross_validation: Vec<WeightScore>,
    /// Scores of each decoder setting on validation pages, when `train` was
    /// given some (`--valid`): the choice weighs them with the out-of-fold scores.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub validation: Vec<WeightScore>,
    /// The chosen decoder setting, when a second pass was trained.
    #[serde(default)]
    pub chosen: Option<WeightScore>,
    /// The seconds each stage took, in order (not saved: retraining writes
    /// the same file).
    #[serde(skip)]
    pub stages: Vec<(String, f64)>,
    /// The number of terms of the vocabulary.
    #[serde(default)]
    pub vocabulary: usize,
    /// The number of features of a first-pass row.
    #[serde(default)]
    pub features: usize,
    /// The synthetic comment threads and teaser lists added to the
    /// training pages ([`TrainConfig::synthetic_sections_share`]).
    #[serde(default)]
    pub synthetic: SyntheticSections,
    /// How the page-type model was chosen, when one was trained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_types: Option<PageTypeReport>,
    /// The decoder settings of each page type, when the model tells types.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_type: Vec<TypeChoice>,
}

/// What training added to its pages: synthetic readers' comment threads and
/// teaser lists, made of other training pages' lines and appended after
/// their articles, which the training pages have few of.
///
/// ```
/// let none = declutter::train::SyntheticSections::default();
/// assert_eq!(none.threads + none.teaser_lists + none.paragraphs, 0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SyntheticSections {
    /// Pages that got a comment thread (labelled boilerplate).
    pub threads: usize,
    /// Pages that got a teaser list (labelled related).
    pub teaser_lists: usize,
    /// Paragraphs added in all.
    pub paragraphs: usize,
}

impl std::fmt::Display for TrainingInfo {
    /// The training report, as `declutter train` prints it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "trained on {} pages, {} paragraphs ({} empty pages skipped)",
            self.pages, self.paragraphs, self.skipped_empty_pages
        )?;
        let synthetic = &self.synthetic;
        if synthetic.paragraphs > 0 {
            writeln!(
                f,
                "synthetic sections: {} comment threads and {} teaser lists, {} paragraphs",
                synthetic.threads, synthetic.teaser_lists, synthetic.paragraphs
            )?;
        }
        let fit = &self.fit;
        writeln!(
            f,
            "vocabulary {} stems, {} features; {} distinct rows (content/boilerplate/related {:?}, each weighing {:.2?})",
            self.vocabulary,
            self.features,
            fit.distinct_rows,
            fit.distinct_rows_by_label,
            fit.label_weights
        )?;
        if !self.cross_validation.is_empty() {
            writeln!(
                f,
                "{}-fold cross-validation by site (out-of-fold second pass, decoded):",
                self.config.sequence.folds
            )?;
            writeln!(
                f,
                "{:>18}{:>14}{:>15}{:>12}{:>10}{:>10}",
                "transition weight",
                "content bias",
                "unbiased lead",
                "content F1",
                "macro-F1",
                "page F1"
            )?;
            for s in &self.cross_validation {
                writeln!(
                    f,
                    "{:>18}{:>14}{:>15}{:>12.3}{:>10.3}{:>10.3}",
                    s.settings.weight,
                    s.settings.content_bias,
                    s.settings.unbiased_lead,
                    s.content_f1,
                    s.macro_f1,
                    s.page_f1
                )?;
            }
        }
        if let Some(s) = self.chosen.filter(|_| !self.validation.is_empty()) {
            writeln!(
                f,
                "on the validation pages: content F1 {:.3}, macro-F1 {:.3}, page F1 {:.3} at the chosen setting",
                s.content_f1, s.macro_f1, s.page_f1
            )?;
        }
        if let Some(chosen) = &self.chosen {
            writeln!(
                f,
                "chosen: transition weight {}, content bias {}, unbiased lead {}",
                chosen.settings.weight, chosen.settings.content_bias, chosen.settings.unbiased_lead
            )?;
        }
        if let Some(p) = &self.page_types {
            writeln!(
                f,
                "page types: {} pages, {}-fold site-disjoint accuracy {:.3} at alpha {} (tried {:?})",
                p.pages, p.folds, p.accuracy, p.alpha, p.grid
            )?;
        }
        for c in &self.by_type {
            let s = c.chosen;
            writeln!(
                f,
                "  {:<14} {:>4} pages: weight {}, content bias {}, unbiased lead {}; content F1 {:.3}, macro-F1 {:.3}, page F1 {:.3}",
                c.page_type.as_str(),
                c.pages,
                s.settings.weight,
                s.settings.content_bias,
                s.settings.unbiased_lead,
                s.content_f1,
                s.macro_f1,
                s.page_f1
            )?;
        }
        for (stage, seconds) in &self.stages {
            writeln!(f, "{stage}: {seconds:.1} s")?;
        }
        Ok(())
    }
}
