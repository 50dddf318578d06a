//! `classify --format tsv`: `label<TAB>confidence<TAB>text` rows.

use super::PageFormat;
use declutter::Document;
use std::io::{self, Write};
use std::path::Path;

/// A row a block; with several pages, a leading path column (as grep does).
pub struct TsvRows {
    /// Whether to print the path column.
    pub with_path: bool,
}

impl PageFormat for TsvRows {
    fn write_page(&self, path: &Path, page: &Document, out: &mut dyn Write) -> io::Result<()> {
        for c in &page.blocks {
            if self.with_path {
                write!(out, "{}\t", path.display())?;
            }
            writeln!(out, "{}\t{:.3}\t{}", c.label, c.confidence(), c.block.text)?;
        }
        Ok(())
    }
}
