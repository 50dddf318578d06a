//! `classify --format jsonl`: one JSON object a block.

use super::PageFormat;
use declutter::{Classified, Cleaner};
use std::io::{self, Write};
use std::path::Path;

/// `{"path", "line", "label", "probabilities": {...}, "text"}` a block, and
/// for HTML blocks `"element_path"` (`div > article > p`) and `"link_density"`.
pub struct JsonlRows;

impl PageFormat for JsonlRows {
    fn write_page(
        &self,
        _cleaner: &Cleaner,
        path: &Path,
        _title: Option<&str>,
        page: &[Classified],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        for c in page {
            let [content, boilerplate, related] = c.probabilities;
            let mut row = serde_json::json!({
                "path": path.display().to_string(),
                "line": c.block.line,
                "label": c.label,
                "probabilities": {"content": content, "boilerplate": boilerplate, "related": related},
                "text": c.block.text,
            });
            if let Some(markup) = &c.block.markup {
                row["element_path"] = markup.path.join(" > ").into();
                row["link_density"] = markup.link_density().into();
            }
            writeln!(out, "{row}")?;
        }
        Ok(())
    }
}
