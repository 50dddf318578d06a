//! `clean`'s output: the kept blocks' text, one a line.

use super::PageFormat;
use declutter::{Classified, Cleaner};
use std::io::{self, Write};
use std::path::Path;

/// The text of the blocks a cleaner keeps.
pub struct CleanText<'a> {
    /// The cleaner whose options choose the kept blocks.
    pub cleaner: &'a Cleaner,
}

impl PageFormat for CleanText<'_> {
    fn write_page(&self, _path: &Path, page: &[Classified], out: &mut dyn Write) -> io::Result<()> {
        out.write_all(self.cleaner.kept_text(page).as_bytes())
    }
}
