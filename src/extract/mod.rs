//! Stage 6, extraction: the [`cleaner::Cleaner`] runs a page through the
//! fitted pipeline and keeps its content; [`stream`] cleans JSON Lines and
//! WARC records with it.

pub(crate) mod cleaner;
pub(crate) mod stream;
