//! # declutter
//!
//! Strips the clutter out of scraped web pages. Every block of a page (a
//! paragraph of plain text, one block a line) is labelled `content` (the
//! article), `boilerplate` (site chrome) or `related` (teasers and links to
//! other articles), and the content is kept.
//!
//! One pipeline, a module a step: an input ([`read_text`]) makes
//! [`Block`]s → the [`Featurizer`] makes their feature rows, group by group
//! → the first-pass [`Model`] gives label probabilities → the second pass
//! and the [`Decoder`] read the page as a sequence → the [`Cleaner`] keeps
//! the content. [`read_corpus`] reads labelled pages, [`train`] fits a model
//! on them, [`evaluate`] scores any labelling of them, and [`SavedModel`]
//! saves and loads a model.
//!
//! ```
//! let cleaner = declutter::Cleaner::default_model()?;
//! for c in cleaner.classify("Home\nThe minister spoke on Friday about the war, officials said.\n") {
//!     println!("{}\t{:.2}\t{}", c.label, c.confidence(), c.block.text);
//! }
//! # Ok::<(), declutter::Error>(())
//! ```
//!
//! ## Cargo features
//!
//! - `train` (default): fitting models ([`train`], [`Model`] through linfa's
//!   `Fit`), with argmin and linfa-logistic.
//! - `cli` (default): the `declutter` binary, with clap, indicatif and anyhow.
//!
//! A scraper that only cleans pages compiles neither:
//! `declutter = { version = "0.1", default-features = false }`.

#![deny(missing_docs)]
#![warn(unreachable_pub)]

mod block;
mod error;
mod extract;
mod features;
mod input;
mod label;
mod model;
mod numeric;
mod pipeline;
mod sequence;
mod train;

pub use block::{Block, Markup};
pub use error::{Error, ModelProblem, Result, SettingError, TrainingError};
pub use extract::cleaner::{
    Classified, ClassifiedPage, CleanOptions, Cleaner, DEFAULT_HTML_MODEL, DEFAULT_MODEL, Mode,
};
pub use extract::stream::{
    CleanedRecord, RecordError, RecordOptions, clean_record, clean_warc_record, clean_warc_records,
};
pub use features::language::{Language, LanguageSetting, Tokenizer};
pub use features::rows::{LinearRows, SelectedRows, SparseRows};
pub use features::tfidf::TfidfConfig;
pub use features::tokenize::words;
pub use features::{Featurizer, FeaturizerConfig, GroupSpec, PageParts, Terms};
pub use input::html::{
    DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, HtmlError, HtmlPage, ReadOptions, decode_html_bytes,
    looks_like_html, read_html, read_html_with,
};
pub use input::text::read_text;
pub use input::warc::{MAX_RECORD_BYTES, WarcError, WarcOffset, WarcPage, WarcReader, WarcRecord};
pub use input::{DecodeError, Decoding, MAX_PAGE_BYTES, decode, read_page_bytes};
pub use label::{Label, LabelSet, UnknownLabel};
pub use model::{FitReport, Model, ModelParams, Probabilities, ValidModelParams};
pub use pipeline::file::{FORMAT, MAX_FILE_BYTES, SavedModel, VERSION};
pub use pipeline::settings::{
    SequenceConfig, SyntheticSections, TrainConfig, TrainingInfo, WeightScore,
};
pub use sequence::{Decoder, DecoderSettings, SequenceModel};
pub use train::align::{AlignmentReport, attach_html};
pub use train::corpus::{
    Corpus, DataFormat, LabelledPage, LabelledParagraph, read as read_corpus_from,
    read_file as read_corpus, read_files as read_corpora, scramble,
};
pub use train::corpus::{LineRead, MAX_LINE_BYTES, read_line};
pub use train::eval::{Evaluation, Report, Scores, evaluate, evaluate_pages};
#[cfg(feature = "train")]
pub use train::fit::{Progress, Silent, train, tune_decoder};

/// The code examples of README.md, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
