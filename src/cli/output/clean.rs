//! `clean`'s output: each page in the library's [`Format`] (text,
//! Markdown or JSON).

use super::PageFormat;
use declutter::{Document, Format};
use std::io::{self, Write};
use std::path::Path;

/// Each page rendered in a [`Format`]: the text as it is (one kept block a
/// line), the Markdown with a blank line between pages (none for a page
/// with nothing kept), JSON one object a line.
pub struct Cleaned(pub Format);

impl PageFormat for Cleaned {
    fn write_page(&self, _path: &Path, page: &Document, out: &mut dyn Write) -> io::Result<()> {
        let rendered = self.0.render(page);
        match self.0 {
            Format::Text => out.write_all(rendered.as_bytes()),
            Format::Markdown(_) if rendered.is_empty() => Ok(()),
            _ => writeln!(out, "{rendered}"),
        }
    }
}
