//! # declutter
//!
//! Strips the clutter out of scraped web pages. Every block of a page (a
//! paragraph of plain text, one block a line) is labelled `content` (the
//! article), `boilerplate` (site chrome) or `related` (teasers and links to
//! other articles), and the content is kept.
//!
//! A [`Cleaner`] takes a [`Page`] (plain text, or HTML as bytes or text,
//! with its HTTP charset and address where known) and returns a
//! [`Document`]: every block labelled, the ones it keeps, and what is known
//! of the page, which renders as text ([`Document::text`]).
//!
//! ```
//! use declutter::{Cleaner, Page};
//! let cleaner = Cleaner::new()?; // the default text and HTML models, built in
//! let doc = cleaner.extract(Page::text("Home\nThe minister spoke on Friday about the war, officials said.\n"))?;
//! for c in &doc.blocks {
//!     println!("{}\t{:.2}\t{}", c.label, c.confidence(), c.block.text);
//! }
//! let html = b"<title>T</title><nav><a href='/'>Home</a></nav><p>The story, in full.</p>";
//! let article: String = cleaner.clean(Page::html(html))?;
//! # Ok::<(), declutter::Error>(())
//! ```
//!
//! Inside, one pipeline, a folder a stage, data flowing one way (see
//! `docs/ARCHITECTURE.md`): `input` makes [`Block`]s → `features` makes
//! their feature rows → `model` gives first-pass label probabilities →
//! `sequence` reads the page as a sequence (second pass, decoder) →
//! `pipeline` holds the fitted stages and their model file → `extract` is
//! the [`Cleaner`] and its [`Document`]. [`train`] fits a model on labelled
//! pages and scores any labelling of them.
//!
//! ## Cargo features
//!
//! - `train` (default): fitting models ([`train::fit`], the first pass
//!   through linfa's `Fit`), with argmin and linfa-logistic.
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
mod page_type;
mod pipeline;
mod sequence;
pub mod train;

// Cleaning a page: a `Page` in, a `Document` out.
pub use block::{Block, Cell, Image, Link, ListItem, Markup};
pub use error::{Error, HtmlError, ModelProblem, Result, SettingError, TrainingError};
pub use extract::cleaner::{CleanOptions, Cleaner, DEFAULT_HTML_MODEL, DEFAULT_MODEL, Mode};
pub use extract::document::{Classified, Document};
pub use extract::facts::Facts;
pub use extract::format::{Format, JsonOptions, UnknownFormat};
pub use extract::markdown::MarkdownOptions;
pub use extract::page::{Page, ReadPage};
pub use features::language::{Language, LanguageSetting};
pub use features::tokenize::words;
pub use label::{Label, LabelSet, UnknownLabel};
pub use page_type::{PageType, UnknownPageType};
pub use pipeline::file::SavedModel;

// Page files: bytes (gunzipped, bounded) and text decoding.
pub use input::html::looks_like_html;
pub use input::{DecodeError, Decoding, MAX_PAGE_BYTES, decode, read_page_bytes};

// Pipelines: JSON Lines records and WARC/WET files.
pub use extract::stream::{
    CleanedRecord, RecordError, RecordOptions, clean_record, clean_warc_record, clean_warc_records,
};
pub use input::lines::{LineRead, MAX_LINE_BYTES, read_line};
pub use input::warc::{WarcError, WarcOffset, WarcReader, WarcRecord};

/// The code examples of README.md, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
