//! Stage 6, extraction: a [`Page`] as it arrived goes through the input
//! stage and the fitted pipeline, and comes out as a [`Document`]: every
//! block labelled, the ones the [`Cleaner`]'s options keep, and what is
//! known of the page, with its renderings (text, Markdown, JSON: [`format`]). [`stream`] cleans JSON
//! Lines and WARC records the same way.
//!
//! It may use every stage before it (`input`, `features` through
//! `pipeline`) and the base modules; nothing here is used by them.

pub(crate) mod cleaner;
pub(crate) mod document;
pub(crate) mod facts;
pub(crate) mod format;
pub(crate) mod markdown;
pub(crate) mod page;
pub(crate) mod stream;

pub(crate) use cleaner::Cleaner;
pub(crate) use document::Document;
pub(crate) use page::Page;
