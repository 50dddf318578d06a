//! Training: fit the featurizer on a corpus, transform every page, fit the
//! first-pass model, and (with cross-validation folds) the second pass and the
//! Viterbi decoder on out-of-fold predictions.
//!
//! Folds split the corpus by page (page `i` is in fold `i % folds`), so no page
//! is ever predicted by a model that saw it. The decoder's transition weight is
//! chosen on the out-of-fold second-pass predictions, by the mean of
//! token-weighted content F1 and macro-F1: settings come from cross-validation
//! on the training pages, never from evaluation data.

use crate::corpus::Corpus;
use crate::decode::{Decoder, SequenceModel, sequence_rows};
use crate::eval::Evaluation;
use crate::features::{Featurizer, FeaturizerConfig};
use crate::model::{Model, ModelConfig, require_two_labels};
use crate::model_file::{SavedModel, TrainingInfo};
use crate::sparse::SparseRows;
use crate::tokenize::words;
use crate::{Error, Label, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The transition weights tried by cross-validation.
pub const TRANSITION_WEIGHTS: [f32; 6] = [0.0, 0.25, 0.5, 0.75, 1.0, 1.5];

/// The content biases (added to the log-probability of `content`) tried by
/// cross-validation for the balanced mode.
pub const CONTENT_BIASES: [f32; 5] = [-1.0, -0.5, 0.0, 0.5, 1.0];

/// Settings of the second pass.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SequenceConfig {
    /// Cross-validation folds for out-of-fold predictions; below 2, or with
    /// fewer pages than folds, no second pass and no decoder are trained.
    pub folds: usize,
    /// The second-pass model's settings.
    pub model: ModelConfig,
}

impl Default for SequenceConfig {
    fn default() -> Self {
        SequenceConfig {
            folds: 3,
            // The second pass has few features and plateaus sooner: on train
            // cross-validation, 200 iterations gained +0.0005 content F1 (not
            // significant) for 36 s more training.
            model: ModelConfig {
                max_iterations: 60,
                ..ModelConfig::default()
            },
        }
    }
}

/// All training settings.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct TrainConfig {
    /// Featurizer settings.
    pub featurizer: FeaturizerConfig,
    /// First-pass model settings.
    pub model: ModelConfig,
    /// Second-pass settings.
    #[serde(default)]
    pub sequence: SequenceConfig,
}

/// Hears how training goes, for progress bars. Every method has a no-op default.
pub trait Progress: Sync {
    /// A stage starts; `total` is its number of steps when known.
    fn stage(&self, _name: &str, _total: Option<u64>) {}
    /// `n` more steps of the current stage are done.
    fn advance(&self, _n: u64) {}
    /// The current stage is done.
    fn finish_stage(&self) {}
}

/// Progress that nobody hears.
pub struct Silent;

impl Progress for Silent {}

/// Out-of-fold scores of one decoder setting.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WeightScore {
    /// The transition weight.
    pub weight: f32,
    /// The content bias.
    #[serde(default)]
    pub content_bias: f32,
    /// Token-weighted content F1 of the out-of-fold predictions.
    pub content_f1: f64,
    /// Macro-F1 over the three labels.
    pub macro_f1: f64,
}

/// Featurized training data: rows, labels, word tokens, and each page's rows.
struct Data {
    x: SparseRows,
    y: Vec<Label>,
    tokens: Vec<u64>,
    pages: Vec<Range<usize>>,
}

/// Fits a featurizer, a first-pass model and, with folds, a second pass and decoder.
pub fn train(corpus: &Corpus, config: &TrainConfig, progress: &dyn Progress) -> Result<SavedModel> {
    if corpus.pages.is_empty() {
        return Err(Error::Training("no labelled pages to train on".into()));
    }
    progress.stage("fitting vocabulary", None);
    let texts = corpus
        .pages
        .iter()
        .flat_map(|p| p.paragraphs.iter().map(|q| q.text.as_str()));
    let featurizer = Featurizer::fit(config.featurizer, texts)?;
    progress.finish_stage();

    let data = featurize(&featurizer, corpus, progress);
    require_two_labels(data.y.iter().copied())?;
    let mut training = TrainingInfo {
        pages: corpus.pages.len(),
        paragraphs: data.y.len(),
        config: *config,
        ..TrainingInfo::default()
    };
    let sequence = if config.sequence.folds >= 2 && corpus.pages.len() >= config.sequence.folds {
        let (sequence, scores) = fit_sequence(&featurizer, &data, config, progress)?;
        training.cross_validation = scores;
        Some(sequence)
    } else {
        None
    };
    progress.stage("fitting first pass on all pages", None);
    let (model, fit) = Model::fit(&config.model, &data.x, &data.y)?;
    progress.finish_stage();
    training.fit = fit;
    SavedModel::new(featurizer, model, sequence, training)
}

fn featurize(featurizer: &Featurizer, corpus: &Corpus, progress: &dyn Progress) -> Data {
    progress.stage("featurizing pages", Some(corpus.pages.len() as u64));
    let pages: Vec<SparseRows> = corpus
        .pages
        .par_iter()
        .map(|page| {
            let rows = featurizer.transform(&page.texts());
            progress.advance(1);
            rows
        })
        .collect();
    let mut x = SparseRows::new(featurizer.n_features());
    let mut ranges = Vec::with_capacity(pages.len());
    for rows in &pages {
        let start = x.n_rows();
        x.append(rows);
        ranges.push(start..x.n_rows());
    }
    progress.finish_stage();
    let paragraphs = corpus.pages.iter().flat_map(|p| &p.paragraphs);
    Data {
        x,
        y: paragraphs.clone().map(|p| p.label).collect(),
        tokens: paragraphs.map(|p| words(&p.text).count() as u64).collect(),
        pages: ranges,
    }
}

/// The rows of the pages in fold `k` (`held_out`) or in every other fold.
fn fold_rows(pages: &[Range<usize>], folds: usize, k: usize, held_out: bool) -> Vec<usize> {
    pages
        .iter()
        .enumerate()
        .filter(|(i, _)| (i % folds == k) == held_out)
        .flat_map(|(_, r)| r.clone())
        .collect()
}

/// Predicts every row with a model fitted on the other folds' pages.
fn out_of_fold(
    config: &ModelConfig,
    x: &SparseRows,
    data: &Data,
    folds: usize,
    progress: &dyn Progress,
) -> Result<Vec<[f32; Label::COUNT]>> {
    let mut predictions = vec![[0.0; Label::COUNT]; data.y.len()];
    for k in 0..folds {
        let (model, _) =
            Model::fit_rows(config, x, &data.y, &fold_rows(&data.pages, folds, k, false))?;
        for (_, page) in data
            .pages
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds == k)
        {
            let probabilities = model.predict_proba(&x.slice(page.clone()));
            predictions[page.clone()].copy_from_slice(&probabilities);
        }
        progress.advance(1);
    }
    Ok(predictions)
}

fn fit_sequence(
    featurizer: &Featurizer,
    data: &Data,
    config: &TrainConfig,
    progress: &dyn Progress,
) -> Result<(SequenceModel, Vec<WeightScore>)> {
    let folds = config.sequence.folds;
    progress.stage("cross-validating first pass", Some(folds as u64));
    let first = out_of_fold(&config.model, &data.x, data, folds, progress)?;
    progress.finish_stage();

    let own = featurizer.own_columns();
    let mut second_x = SparseRows::new(own.len() + crate::decode::CONTEXT_FEATURES);
    for page in &data.pages {
        second_x.append(&sequence_rows(
            &data.x.slice(page.clone()),
            &own,
            &first[page.clone()],
        ));
    }
    progress.stage("cross-validating second pass", Some(folds as u64));
    let second = out_of_fold(&config.sequence.model, &second_x, data, folds, progress)?;
    progress.finish_stage();

    let label_pages: Vec<&[Label]> = data.pages.iter().map(|r| &data.y[r.clone()]).collect();
    let decoder = Decoder::fit(label_pages.iter().copied(), 0.0);
    let settings: Vec<(f32, f32)> = TRANSITION_WEIGHTS
        .iter()
        .flat_map(|&w| CONTENT_BIASES.iter().map(move |&b| (w, b)))
        .collect();
    let scores: Vec<WeightScore> = settings
        .par_iter()
        .map(|&(weight, bias)| score_weight(&decoder.with_settings(weight, bias), data, &second))
        .collect();
    let best = scores
        .iter()
        .max_by(|a, b| (a.content_f1 + a.macro_f1).total_cmp(&(b.content_f1 + b.macro_f1)))
        .expect("weights to try");
    progress.stage("fitting second pass on all pages", None);
    let (model, _) = Model::fit(&config.sequence.model, &second_x, &data.y)?;
    progress.finish_stage();
    let sequence = SequenceModel {
        model,
        decoder: decoder.with_settings(best.weight, best.content_bias),
    };
    Ok((sequence, scores))
}

fn score_weight(
    decoder: &Decoder,
    data: &Data,
    probabilities: &[[f32; Label::COUNT]],
) -> WeightScore {
    let mut evaluation = Evaluation::default();
    for page in &data.pages {
        let predicted = decoder.decode(&probabilities[page.clone()], 0.0);
        evaluation.add_weighted(
            &data.y[page.clone()],
            &predicted,
            &data.tokens[page.clone()],
        );
    }
    WeightScore {
        weight: decoder.weight,
        content_bias: decoder.content_bias,
        content_f1: evaluation.content_tokens().f1,
        macro_f1: evaluation.macro_f1(),
    }
}
