//! `clean`'s output: the kept blocks' text, one a line (after an HTML
//! page's title when the model did not keep its headline).

use super::PageFormat;
use declutter::{ClassifiedPage, Cleaner};
use std::io::{self, Write};
use std::path::Path;

/// The text of the blocks the cleaner's options keep.
pub struct CleanText;

impl PageFormat for CleanText {
    fn write_page(
        &self,
        cleaner: &Cleaner,
        _path: &Path,
        page: &ClassifiedPage,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let text = cleaner.kept_text_with_title(page.title.as_deref(), &page.blocks);
        out.write_all(text.as_bytes())
    }
}
