//! The output formats of `clean` and `classify` (each a small type that
//! writes one page's classified blocks) and the report of `eval`.

mod clean;
mod eval;
mod jsonl;
mod tsv;

pub use clean::Cleaned;
pub use eval::EvalReport;
pub use jsonl::JsonlRows;
pub use tsv::TsvRows;

use declutter::Document;
use std::io::{self, Write};
use std::path::Path;

/// Writes one page's classified blocks.
pub trait PageFormat: Sync {
    /// Writes the page read from `path`, as the cleaner made it.
    fn write_page(&self, path: &Path, page: &Document, out: &mut dyn Write) -> io::Result<()>;
}
