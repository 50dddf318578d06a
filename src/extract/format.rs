//! What a cleaned page is written as: its text, its Markdown, or one JSON
//! object with the page's facts ([`Format`]). The CLI's `--format`, the
//! record streams and the Python package all render through it.

use super::document::{Classified, Document};
use super::markdown::MarkdownOptions;
use crate::label::Label;
use crate::page_type::PageType;
use std::fmt;
use std::str::FromStr;

/// What [`Document::to_json_with`] adds besides the text and the facts.
///
/// ```
/// use declutter::{Cleaner, JsonOptions, MarkdownOptions, Page};
/// let cleaner = Cleaner::new()?;
/// let doc = cleaner.extract(Page::html(include_bytes!("../../examples/page.html")))?;
/// let options = JsonOptions { markdown: Some(MarkdownOptions::default()), blocks: true };
/// let json: serde_json::Value = serde_json::from_str(&doc.to_json_with(options))?;
/// assert!(json["markdown"].as_str().unwrap().starts_with("# Town council approves"));
/// let first = &json["blocks"][0];
/// assert_eq!(first["kept"], false);
/// assert!(first["probabilities"]["boilerplate"].as_f64().unwrap() > 0.5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JsonOptions {
    /// Add the page's Markdown (`markdown`), rendered with these options.
    pub markdown: Option<MarkdownOptions>,
    /// Add every block (`blocks`): its text, line, label, the probability
    /// of each label, and whether it is kept.
    pub blocks: bool,
}

/// What a cleaned page is written as.
///
/// ```
/// use declutter::{Cleaner, Format, Page};
/// let cleaner = Cleaner::new()?;
/// let doc = cleaner.extract(Page::html(include_bytes!("../../examples/page.html")))?;
/// let markdown: Format = "markdown".parse()?;
/// assert!(markdown.render(&doc).starts_with("# Town council approves"));
/// assert_eq!(Format::Text.render(&doc), doc.text());
/// assert!("xml".parse::<Format>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// The kept blocks, one a line ([`Document::text`]).
    #[default]
    Text,
    /// The kept blocks as Markdown ([`Document::markdown`]).
    Markdown(MarkdownOptions),
    /// One JSON object on one line ([`Document::to_json_with`]).
    Json(JsonOptions),
}

impl Format {
    /// The format's name: `text`, `markdown` or `json`.
    pub fn name(&self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown(_) => "markdown",
            Format::Json(_) => "json",
        }
    }

    /// `doc` written in this format.
    pub fn render(&self, doc: &Document) -> String {
        match self {
            Format::Text => doc.text(),
            Format::Markdown(options) => doc.markdown(*options),
            Format::Json(options) => doc.to_json_with(*options),
        }
    }

    /// The text a record's text field holds in this format: the Markdown
    /// for Markdown, the text for text and JSON (whose other fields a
    /// record gets as its `declutter` object: [`Format::record_fields`]).
    pub(crate) fn record_text(&self, doc: &Document) -> String {
        match self {
            Format::Markdown(options) => doc.markdown(*options),
            Format::Text | Format::Json(_) => doc.text(),
        }
    }

    /// With JSON, the page's JSON object without its text (which the
    /// record's text field holds): what a record gets as `declutter`.
    pub(crate) fn record_fields(&self, doc: &Document) -> Option<serde_json::Value> {
        let Format::Json(options) = self else {
            return None;
        };
        // Through the JSON text, so that an f32 reads as it is written
        // (0.734, not 0.7340008020401001).
        let json = serde_json::to_string(&doc.json_page(*options)).ok()?;
        let mut page: serde_json::Value = serde_json::from_str(&json).ok()?;
        if let Some(fields) = page.as_object_mut() {
            fields.shift_remove("text");
        }
        Some(page)
    }
}

/// A name that is not a format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format {0:?} (expected text, markdown or json)")]
#[non_exhaustive]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    /// `text`, `markdown` or `json`, with the default options.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name {
            "text" => Ok(Format::Text),
            "markdown" => Ok(Format::Markdown(MarkdownOptions::default())),
            "json" => Ok(Format::Json(JsonOptions::default())),
            _ => Err(UnknownFormat(name.to_string())),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Document<'_> {
    /// The page as one JSON object on one line (`clean --format json`):
    /// `text` ([`Document::text`]); the page's facts ([`Document::facts`]):
    /// `title` (its own headline, without the site's name), `author`,
    /// `date` (ISO 8601, `YYYY-MM-DD`), `site_name`, `description`, `url`
    /// (the canonical address where the page declares one, else the one
    /// given) and `image`; `language` (ISO 639-1), `page_type` and
    /// `page_type_probability`. A fact not known is `null`.
    /// [`Document::to_json_with`] adds the Markdown and the blocks.
    ///
    /// ```
    /// use declutter::{Cleaner, Page};
    /// let cleaner = Cleaner::new()?;
    /// let doc = cleaner.extract(Page::html(include_bytes!("../../examples/page.html")))?;
    /// let json: serde_json::Value = serde_json::from_str(&doc.to_json())?;
    /// assert_eq!(json["text"], doc.text());
    /// assert_eq!(json["language"], "en");
    /// let (page_type, probability) = doc.page_type.expect("the default model tells page types");
    /// assert_eq!(json["page_type"], page_type.as_str());
    /// assert_eq!(json["page_type_probability"].as_f64().unwrap() as f32, probability);
    /// assert_eq!(json["title"], "Town council approves new flood barrier for the old harbour");
    /// assert_eq!((&json["author"], &json["date"]), (&"Jane Morrow".into(), &"2024-03-14".into()));
    /// assert_eq!(json["site_name"], "The Harbour Gazette");
    /// assert!(json.get("markdown").is_none() && json.get("blocks").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_json(&self) -> String {
        self.to_json_with(JsonOptions::default())
    }

    /// [`Document::to_json`], with the page's Markdown (`markdown`, after
    /// `text`) and its blocks (`blocks`, last) when `options` asks for them.
    pub fn to_json_with(&self, options: JsonOptions) -> String {
        serde_json::to_string(&self.json_page(options)).expect("a page always serializes")
    }

    /// The fields of the page's JSON object.
    fn json_page(&self, options: JsonOptions) -> JsonPage<'_> {
        let facts = &self.facts;
        JsonPage {
            text: self.text(),
            markdown: options.markdown.map(|m| self.markdown(m)),
            title: facts.title.as_deref().or(self.title.as_deref()),
            author: facts.author.as_deref(),
            date: facts.date.map(|d| d.to_string()),
            site_name: facts.site_name.as_deref(),
            description: facts.description.as_deref(),
            url: facts.url.as_deref().or(self.url.as_deref()),
            image: facts.image.as_deref(),
            language: self.language.map(|l| l.code()),
            page_type: self.page_type.map(|(t, _)| t),
            page_type_probability: self.page_type.map(|(_, p)| p),
            blocks: options
                .blocks
                .then(|| self.blocks.iter().map(JsonBlock::of).collect()),
        }
    }
}

/// The fields of [`Document::to_json_with`], in order.
#[derive(serde::Serialize)]
struct JsonPage<'a> {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
    title: Option<&'a str>,
    author: Option<&'a str>,
    date: Option<String>,
    site_name: Option<&'a str>,
    description: Option<&'a str>,
    url: Option<&'a str>,
    image: Option<&'a str>,
    language: Option<&'static str>,
    page_type: Option<PageType>,
    page_type_probability: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    blocks: Option<Vec<JsonBlock<'a>>>,
}

/// A block of the `blocks` field.
#[derive(serde::Serialize)]
struct JsonBlock<'a> {
    text: &'a str,
    /// The 1-based line of the page where the block starts.
    line: usize,
    label: Label,
    probabilities: Probabilities,
    kept: bool,
}

/// The probability of each label, by name.
#[derive(serde::Serialize)]
struct Probabilities {
    content: f32,
    boilerplate: f32,
    related: f32,
}

impl<'a> JsonBlock<'a> {
    fn of(c: &'a Classified<'_>) -> Self {
        let p = |label: Label| c.probabilities[label.index()];
        JsonBlock {
            text: &c.block.text,
            line: c.block.line,
            label: c.label,
            probabilities: Probabilities {
                content: p(Label::Content),
                boilerplate: p(Label::Boilerplate),
                related: p(Label::Related),
            },
            kept: c.kept,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::block::Block;

    fn doc() -> Document<'static> {
        let blocks = Block::from_texts(["Home", "The harbour wall will be raised by a metre."])
            .into_iter()
            .zip([Label::Boilerplate, Label::Content])
            .map(|(block, label)| Classified {
                block,
                label,
                probabilities: match label {
                    Label::Content => [0.9, 0.08, 0.02],
                    _ => [0.1, 0.8, 0.1],
                },
                kept: label == Label::Content,
            })
            .collect();
        Document::of_blocks(blocks)
    }

    #[test]
    fn formats_parse_by_name_and_render_their_own_way() {
        let doc = doc();
        for name in ["text", "markdown", "json"] {
            assert_eq!(name.parse::<Format>().unwrap().name(), name);
        }
        assert!("JSON".parse::<Format>().is_err(), "names are exact");
        assert_eq!(
            "xml".parse::<Format>().unwrap_err().to_string(),
            "unknown format \"xml\" (expected text, markdown or json)"
        );
        assert_eq!(Format::Text.render(&doc), doc.text());
        let markdown = Format::Markdown(MarkdownOptions::default());
        assert_eq!(
            markdown.render(&doc),
            doc.markdown(MarkdownOptions::default())
        );
        assert_eq!(
            Format::Json(JsonOptions::default()).render(&doc),
            doc.to_json()
        );
    }

    #[test]
    fn json_adds_markdown_and_blocks_only_when_asked() {
        let doc = doc();
        let plain: serde_json::Value = serde_json::from_str(&doc.to_json()).unwrap();
        assert!(plain.get("markdown").is_none() && plain.get("blocks").is_none());
        let options = JsonOptions {
            markdown: Some(MarkdownOptions::default()),
            blocks: true,
        };
        let full: serde_json::Value = serde_json::from_str(&doc.to_json_with(options)).unwrap();
        assert_eq!(full["markdown"], doc.markdown(MarkdownOptions::default()));
        let blocks = full["blocks"].as_array().unwrap();
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0]["text"], "Home");
        assert_eq!(blocks[0]["label"], "boilerplate");
        assert_eq!(blocks[0]["kept"], false);
        assert_eq!(blocks[1]["line"], 2);
        assert!((blocks[1]["probabilities"]["content"].as_f64().unwrap() - 0.9).abs() < 1e-6);
        let keys: Vec<&str> = full
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.first(), Some(&"text"));
        assert_eq!(keys.last(), Some(&"blocks"));
    }

    #[test]
    fn record_fields_are_the_json_without_its_text() {
        let doc = doc();
        assert!(Format::Text.record_fields(&doc).is_none());
        let json = Format::Json(JsonOptions::default());
        let fields = json.record_fields(&doc).unwrap();
        assert!(fields.get("text").is_none());
        assert!(fields.get("title").is_some() && fields.get("page_type").is_some());
        assert_eq!(json.record_text(&doc), doc.text());
        let markdown = Format::Markdown(MarkdownOptions::default());
        assert_eq!(
            markdown.record_text(&doc),
            doc.markdown(MarkdownOptions::default())
        );
    }
}
