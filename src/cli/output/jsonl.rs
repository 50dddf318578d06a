//! `classify --format jsonl`: one JSON object a block.

use super::PageFormat;
use declutter::Classified;
use std::io::{self, Write};
use std::path::Path;

/// `{"path", "line", "label", "probabilities": {...}, "text"}` a block.
pub struct JsonlRows;

impl PageFormat for JsonlRows {
    fn write_page(&self, path: &Path, page: &[Classified], out: &mut dyn Write) -> io::Result<()> {
        for c in page {
            let [content, boilerplate, related] = c.probabilities;
            let row = serde_json::json!({
                "path": path.display().to_string(),
                "line": c.block.line,
                "label": c.label,
                "probabilities": {"content": content, "boilerplate": boilerplate, "related": related},
                "text": c.block.text,
            });
            writeln!(out, "{row}")?;
        }
        Ok(())
    }
}
