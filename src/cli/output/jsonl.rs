//! `classify --format jsonl`: one JSON object a block.

use super::PageFormat;
use declutter::Document;
use std::io::{self, Write};
use std::path::Path;

/// `{"path", "language", "line", "page_type", "page_type_probability",
/// "label", "probabilities": {...}, "text"}` a block (`language`: the page's
/// ISO 639-1 code, or null; `page_type`: the page's type, or null for a
/// model that does not tell types), and
/// for HTML blocks `"element_path"` (`div > article > p`) and `"link_density"`.
pub struct JsonlRows;

impl PageFormat for JsonlRows {
    fn write_page(&self, path: &Path, page: &Document, out: &mut dyn Write) -> io::Result<()> {
        let language = page.language.map(|l| l.code());
        let (page_type, page_type_probability) = page.page_type.unzip();
        for c in &page.blocks {
            let [content, boilerplate, related] = c.probabilities;
            let mut row = serde_json::json!({
                "path": path.display().to_string(),
                "language": language,
                "line": c.block.line,
                "page_type": page_type,
                "page_type_probability": page_type_probability,
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
