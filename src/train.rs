//! Training: fit the featurizer on a corpus, transform every page, fit the model.

use crate::corpus::Corpus;
use crate::features::{Featurizer, FeaturizerConfig};
use crate::model::{Model, ModelConfig};
use crate::model_file::{SavedModel, TrainingInfo};
use crate::sparse::SparseRows;
use crate::{Error, Label, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// All training settings.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct TrainConfig {
    /// Featurizer settings.
    pub featurizer: FeaturizerConfig,
    /// Model settings.
    pub model: ModelConfig,
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

/// Fits a featurizer and a model on `corpus`.
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

    let (x, y) = featurize(&featurizer, corpus, progress);
    progress.stage("fitting model", None);
    let (model, fit) = Model::fit(&config.model, &x, &y)?;
    progress.finish_stage();
    let training = TrainingInfo {
        pages: corpus.pages.len(),
        paragraphs: y.len(),
        config: *config,
        fit,
    };
    SavedModel::new(featurizer, model, training)
}

/// The feature rows and gold labels of every paragraph of `corpus`, in order.
pub fn featurize(
    featurizer: &Featurizer,
    corpus: &Corpus,
    progress: &dyn Progress,
) -> (SparseRows, Vec<Label>) {
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
    pages.iter().for_each(|rows| x.append(rows));
    let y = corpus.pages.iter().flat_map(|p| p.labels()).collect();
    progress.finish_stage();
    (x, y)
}
