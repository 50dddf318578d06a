//! `clean`'s output: the kept blocks' text, one a line (after an HTML
//! page's title when the model did not keep its headline).

use super::PageFormat;
use declutter::{Document, MarkdownOptions};
use std::io::{self, Write};
use std::path::Path;

/// The text of the blocks the cleaner's options keep.
pub struct CleanText;

/// The kept blocks as Markdown ([`Document::markdown`]), a blank line
/// between pages.
pub struct CleanMarkdown(pub MarkdownOptions);

impl PageFormat for CleanMarkdown {
    fn write_page(&self, _path: &Path, page: &Document, out: &mut dyn Write) -> io::Result<()> {
        let markdown = page.markdown(self.0);
        if !markdown.is_empty() {
            writeln!(out, "{markdown}")?;
        }
        Ok(())
    }
}

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
