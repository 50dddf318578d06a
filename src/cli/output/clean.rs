//! `clean`'s output: the kept blocks' text, one a line (after an HTML
//! page's title when the model did not keep its headline).

use super::PageFormat;
use declutter::Document;
use std::io::{self, Write};
use std::path::Path;

/// The text of the blocks the cleaner's options keep.
pub struct CleanText;

/// Each page as one JSON object on one line ([`Document::to_json`]).
pub struct CleanJson;

impl PageFormat for CleanJson {
    fn write_page(&self, _path: &Path, page: &Document, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", page.to_json())
    }
}

impl PageFormat for CleanText {
    fn write_page(&self, _path: &Path, page: &Document, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(page.text().as_bytes())
    }
}
