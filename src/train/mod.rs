//! Training and evaluation (stage 7): labelled pages ([`Corpus`]), read
//! from their HTML where there is some ([`attach_html`]), synthetic
//! sections added to them, the pipeline fitted on them ([`fit`], which
//! also chooses the decoder's settings on out-of-fold and validation
//! pages), and any labelling of them scored ([`evaluate`]).
//!
//! It may use every stage before it; nothing before it uses it, so that
//! cleaning never depends on training. Fitting (`fit`, [`Progress`],
//! `cross_validate`) needs the `train` feature; reading labelled pages and
//! scoring do not.
//!
//! ```
//! use declutter::Label;
//! use declutter::train::{fit, Corpus, LabelledPage, LabelledParagraph, Silent, TrainConfig};
//! let page = |i: usize| LabelledPage::new(vec![
//!     LabelledParagraph::new("Home", Label::Boilerplate),
//!     LabelledParagraph::new(format!("The minister spoke on day {i} about the long war, officials said."), Label::Content),
//!     LabelledParagraph::new("More stories", Label::Related),
//! ]);
//! let config = TrainConfig::default();
//! config.check()?; // settings, before any work
//! let saved = fit(&Corpus::from_pages((0..6).map(page).collect()), None, &config, &Silent)?;
//! let cleaner = declutter::Cleaner::from_model(saved);
//! let scores = declutter::train::evaluate(|p| cleaner.classify(p.read()).into(), &Corpus::from_pages(vec![page(7)]));
//! assert_eq!(scores.paragraphs(), 3);
//! # Ok::<(), declutter::Error>(())
//! ```

pub(crate) mod align;
#[cfg(feature = "train")]
pub(crate) mod augment;
pub(crate) mod corpus;
#[cfg(feature = "train")]
pub(crate) mod cv;
#[cfg(feature = "train")]
pub(crate) mod decoding;
pub(crate) mod eval;
pub(crate) mod facts_eval;
#[cfg(feature = "train")]
pub(crate) mod fit;
#[cfg(feature = "train")]
pub(crate) mod folds;
#[cfg(feature = "train")]
pub(crate) mod page_types;
pub(crate) mod structure_eval;

// What training reads and scores.
pub use align::{AlignmentReport, attach_html};
pub use corpus::{
    Corpus, DataFormat, LabelledPage, LabelledParagraph, read as read_corpus_from,
    read_file as read_corpus, read_files as read_corpora, scramble,
};
pub use eval::{Evaluation, Labelling, Report, Scores, evaluate, evaluate_pages};
pub use facts_eval::{FactCounts, FactScores, FactsEvaluation, GoldFacts, read_gold_facts};
pub use structure_eval::{Kept, StructureEvaluation, StructureScore, read_expected};

// Fitting, and the settings and report a model file records.
pub use crate::features::rows::{LinearRows, SelectedRows, SparseRows};
pub use crate::features::tfidf::TfidfConfig;
pub use crate::features::{Featurizer, FeaturizerConfig, GroupSpec};
pub use crate::model::{FitReport, Model, ModelParams, Probabilities, ValidModelParams};
pub use crate::pipeline::settings::{
    SequenceConfig, SyntheticSections, TrainConfig, TrainingInfo, WeightScore,
};
pub use crate::sequence::DecoderSettings;
#[cfg(feature = "train")]
pub use cv::{Scoring, cross_validate, cross_validate_with};
#[cfg(feature = "train")]
pub use fit::{Progress, Silent, fit};
