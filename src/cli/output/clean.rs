//! `clean`'s output: the kept blocks' text, one a line (after an HTML
//! page's title when the model did not keep its headline).

use super::PageFormat;
use declutter::Document;
use std::io::{self, Write};
use std::path::Path;

/// The text of the blocks the cleaner's options keep.
pub struct CleanText;

impl PageFormat for CleanText {
    fn write_page(&self, _path: &Path, page: &Document, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(page.text().as_bytes())
    }
}
