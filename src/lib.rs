//! # declutter
//!
//! Strips the clutter out of scraped web pages given as plain text, one
//! paragraph a line. Every paragraph is labelled `content` (the article),
//! `boilerplate` (site chrome) or `related` (teasers and links to other
//! articles), and the content is kept.
//!
//! The pipeline, one module a step:
//! [`page`] splits text into paragraphs → [`tokenize`] lowercases and stems →
//! [`features`] makes TF-IDF and shape rows ([`sparse`]) → [`model`] gives
//! label probabilities → [`cleaner`] keeps the content. [`corpus`] reads
//! labelled pages, [`train`] fits a model on them, [`eval`] measures it, and
//! [`model_file`] saves and loads it.
//!
//! ```
//! let cleaner = declutter::Cleaner::default_model()?;
//! for p in cleaner.classify("Home\nThe minister spoke on Friday about the war, officials said.\n") {
//!     println!("{}\t{:.2}\t{}", p.label, p.confidence(), p.paragraph.text);
//! }
//! # Ok::<(), declutter::Error>(())
//! ```

#![warn(missing_docs)]

pub mod cleaner;
pub mod corpus;
pub mod decode;
pub mod error;
pub mod eval;
pub mod features;
pub mod label;
pub mod model;
pub mod model_file;
pub mod page;
pub mod sparse;
pub mod stream;
pub mod tokenize;
pub mod train;

pub use cleaner::{Classified, CleanOptions, Cleaner, Mode};
pub use error::{Error, Result};
pub use label::{Label, LabelSet};

/// The code examples of README.md, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
