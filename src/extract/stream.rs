//! Cleaning records, for pipelines (Spark's `pipe`, Hadoop Streaming, GNU
//! parallel, Python):
//! - JSON Lines: each record is one JSON object a line, and its text field is
//!   replaced by the cleaned text. Every other field, and the order of the
//!   fields, is kept.
//! - WARC and WET: each page record becomes a [`CleanedRecord`].

use super::format::Format;
use super::{Cleaner, Document, Page};
use crate::features::language::Language;
use crate::input::decode;
use crate::input::warc::{WarcError, WarcPage, WarcRecord};
use crate::label::Label;
use crate::page_type::PageType;
use rayon::prelude::*;
use serde_json::{Map, Value};

/// What to do with each record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordOptions {
    /// The field holding the page text (default `text`).
    pub field: String,
    /// Also add `declutter_labels` (every paragraph's line, label and
    /// confidence) and `declutter_language` (the page's ISO 639-1 code, or null).
    pub with_labels: bool,
    /// The field holds HTML: it is read as HTML, the cleaned text replaces
    /// it, and the page's title is added as `title` (when the record has none).
    pub html: bool,
    /// What the text field holds: the cleaned text, or the Markdown; with
    /// JSON, the text, and the page's other fields (its facts, type, and
    /// Markdown or blocks when asked) go in a `declutter` object.
    pub format: Format,
}

impl Default for RecordOptions {
    fn default() -> Self {
        RecordOptions {
            field: "text".to_string(),
            with_labels: false,
            html: false,
            format: Format::Text,
        }
    }
}

/// Why a record could not be cleaned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// The line is not JSON.
    #[error("not JSON: {0}")]
    NotJson(String),
    /// The JSON is not an object.
    #[error("not a JSON object")]
    NotAnObject,
    /// The object lacks the text field.
    #[error("no {0:?} field")]
    MissingField(String),
    /// The text field is not a string.
    #[error("the {0:?} field is not a string")]
    NotAString(String),
    /// The field could not be read as HTML.
    #[error("not HTML: {0}")]
    NotHtml(String),
    /// A WARC record's page could not be read.
    #[error("{0}")]
    BadPage(String),
}

/// Cleans one JSON Lines record and returns the new line (without a newline).
///
/// ```
/// use declutter::{clean_record, RecordOptions};
/// let cleaner = declutter::Cleaner::new().unwrap();
/// let page = include_str!("../../examples/page.txt");
/// let line = serde_json::json!({"url": "https://example.org/a", "text": page}).to_string();
/// let out: serde_json::Value = serde_json::from_str(&clean_record(&cleaner, &line, &RecordOptions::default()).unwrap()).unwrap();
/// assert_eq!(out["url"], "https://example.org/a");
/// assert!(out["text"].as_str().unwrap().contains("The town council voted"));
/// assert!(clean_record(&cleaner, "{\"body\": \"x\"}", &RecordOptions::default()).is_err());
/// ```
pub fn clean_record(
    cleaner: &Cleaner,
    line: &str,
    options: &RecordOptions,
) -> Result<String, RecordError> {
    let mut record: Map<String, Value> = match serde_json::from_str(line) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(RecordError::NotAnObject),
        Err(e) => return Err(RecordError::NotJson(e.to_string())),
    };
    let text = match record.get(&options.field) {
        None => return Err(RecordError::MissingField(options.field.clone())),
        Some(Value::String(text)) => text,
        Some(_) => return Err(RecordError::NotAString(options.field.clone())),
    };
    // A JSON string is decoded text: the page's <meta charset> no longer applies.
    let page = match options.html {
        true => Page::html_text(text),
        false => Page::text(text),
    };
    let page = cleaner
        .extract(page)
        .map_err(|e| RecordError::NotHtml(e.to_string()))?;
    let cleaned = options.format.record_text(&page);
    let fields = options.format.record_fields(&page);
    let labels: Option<Value> = options.with_labels.then(|| {
        page.blocks
            .iter()
            .map(|c| label_entry(c.block.line, c.label, c.confidence()))
            .collect()
    });
    let (title, language, page_type) = (page.title, page.language, page.page_type);
    record.insert(options.field.clone(), Value::String(cleaned));
    if let Some(title) = title {
        record.entry("title").or_insert(Value::String(title));
    }
    if let Some((kind, probability)) = page_type {
        record.entry("page_type").or_insert(kind.as_str().into());
        record
            .entry("page_type_probability")
            .or_insert(probability.into());
    }
    if let Some(fields) = fields {
        record.insert("declutter".to_string(), fields);
    }
    if let Some(labels) = labels {
        record.insert("declutter_labels".to_string(), labels);
        let code = language.map(|l| l.code());
        record.insert("declutter_language".to_string(), code.into());
    }
    Ok(Value::Object(record).to_string())
}

/// A cleaned page of a WARC or WET file: one JSON Lines record of
/// `declutter clean --warc`. Fields the file does not give are left out.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CleanedRecord {
    /// `WARC-Target-URI`: the page's address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `WARC-Record-ID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warc_record_id: Option<String>,
    /// `WARC-Date`: when the page was fetched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The page's language: the first of the file's
    /// `WARC-Identified-Content-Language` (Common Crawl's), else the one
    /// declutter identified; an ISO 639-1 code where declutter knows the
    /// language, else as the file gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// An HTML page's title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The page's type, for a model that tells types.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_type: Option<PageType>,
    /// The probability of that type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_type_probability: Option<f32>,
    /// The kept text, one block a line (or its Markdown, by the format).
    pub text: String,
    /// With the JSON format: the page's other fields (its facts, type, and
    /// Markdown or blocks when asked), as [`Format::Json`] writes them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declutter: Option<serde_json::Value>,
}

/// Cleans the page of a WARC or WET record: WET `conversion` records as
/// text pages, HTML `response` records as HTML pages (charset from the
/// HTTP header first). Records that hold no page give `None`.
///
/// ```
/// use declutter::{clean_warc_record, Cleaner, Format, WarcReader};
/// let text = include_str!("../../examples/page.txt"); // menus, article, related, comment form
/// let wet = format!(
///     "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://example.org/a\r\n\
///      WARC-Identified-Content-Language: eng,fra\r\nContent-Length: {}\r\n\r\n{text}\r\n\r\n",
///     text.len()
/// );
/// let record = WarcReader::new(wet.as_bytes()).next().unwrap()?;
/// let cleaner = Cleaner::new()?;
/// let cleaned = clean_warc_record(&cleaner, &record, &Format::Text)?.unwrap();
/// assert_eq!(cleaned.url.as_deref(), Some("https://example.org/a"));
/// assert_eq!(cleaned.language.as_deref(), Some("en"));
/// assert!(cleaned.text.contains("The town council voted") && !cleaned.text.contains("Share on Facebook"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn clean_warc_record(
    cleaner: &Cleaner,
    record: &WarcRecord,
    format: &Format,
) -> Result<Option<CleanedRecord>, RecordError> {
    let kept = |page: Document| {
        let text = format.record_text(&page);
        let fields = format.record_fields(&page);
        (page.title, page.language, page.page_type, text, fields)
    };
    let (title, identified, page_type, cleaned, fields) =
        match record.page().map_err(RecordError::BadPage)? {
            None => return Ok(None),
            Some(WarcPage::Text(bytes)) => {
                let (page, _) = decode(bytes).map_err(|e| RecordError::BadPage(e.to_string()))?;
                let page = cleaner.extract(Page::text(&page));
                kept(page.map_err(|e| RecordError::BadPage(e.to_string()))?)
            }
            Some(WarcPage::Html { body, charset }) => {
                let mut page = Page::html(&body);
                if let Some(charset) = &charset {
                    page = page.with_charset(charset);
                }
                let page = cleaner.extract(page);
                kept(page.map_err(|e| RecordError::NotHtml(e.to_string()))?)
            }
        };
    let header = |name: &str| record.header(name).map(str::to_string);
    // The file's own identification first (Common Crawl's, in ISO 639-3),
    // as an ISO 639-1 code where declutter knows the language.
    let declared = record
        .header("WARC-Identified-Content-Language")
        .and_then(|l| l.split(',').next())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            l.parse::<Language>()
                .map_or(l.to_string(), |l| l.code().to_string())
        });
    let language = declared.or(identified.map(|l| l.code().to_string()));
    Ok(Some(CleanedRecord {
        url: header("WARC-Target-URI"),
        warc_record_id: header("WARC-Record-ID"),
        date: header("WARC-Date"),
        language,
        title,
        page_type: page_type.map(|(t, _)| t),
        page_type_probability: page_type.map(|(_, p)| p),
        text: cleaned,
        declutter: fields,
    }))
}

/// Cleans a batch of records as [`WarcReader`](crate::WarcReader) read
/// them, on the threads of the current rayon pool, in order: each record's
/// cleaned page (`None` for a record that holds none), or why it could not
/// be read or cleaned (`at byte N ...: why`).
///
/// ```
/// use declutter::{clean_warc_records, Cleaner, Format, WarcReader};
/// let wet = "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 5\r\n\r\nHello\r\n\r\nnot a record\r\n";
/// let records: Vec<_> = WarcReader::new(wet.as_bytes()).collect();
/// let cleaner = Cleaner::new()?;
/// let cleaned = clean_warc_records(&cleaner, &records, &Format::Text);
/// assert!(cleaned[0].is_ok());
/// assert!(cleaned[1].as_ref().unwrap_err().starts_with("at byte 63: not a WARC record"));
/// # Ok::<(), declutter::Error>(())
/// ```
pub fn clean_warc_records(
    cleaner: &Cleaner,
    records: &[Result<WarcRecord, WarcError>],
    format: &Format,
) -> Vec<Result<Option<CleanedRecord>, String>> {
    records
        .par_iter()
        .map(|record| match record {
            Err(e) => Err(e.to_string()),
            Ok(record) => clean_warc_record(cleaner, record, format)
                .map_err(|e| format!("at {}: {e}", record.offset)),
        })
        .collect()
}

fn label_entry(line: usize, label: Label, confidence: f32) -> Value {
    serde_json::json!({"line": line, "label": label, "confidence": confidence})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_say_what_is_wrong() {
        let cleaner = Cleaner::new().unwrap();
        let options = RecordOptions::default();
        let err = |line: &str| {
            clean_record(&cleaner, line, &options)
                .unwrap_err()
                .to_string()
        };
        assert!(err("{oops").starts_with("not JSON"));
        assert_eq!(err("[1]"), "not a JSON object");
        assert_eq!(err("{\"body\": \"x\"}"), "no \"text\" field");
        assert_eq!(err("{\"text\": 3}"), "the \"text\" field is not a string");
    }

    #[test]
    fn other_fields_keep_their_order_and_labels_are_added_on_request() {
        let cleaner = Cleaner::new().unwrap();
        let options = RecordOptions {
            field: "body".into(),
            with_labels: true,
            ..RecordOptions::default()
        };
        let out = clean_record(
            &cleaner,
            r#"{"z": 1, "body": "Home\n\nMenu", "a": [2]}"#,
            &options,
        )
        .unwrap();
        assert!(out.starts_with(r#"{"z":1,"body":"#), "{out}");
        let value: Value = serde_json::from_str(&out).unwrap();
        let labels = value["declutter_labels"].as_array().unwrap();
        assert_eq!(labels.len(), 2);
        assert_eq!(labels[1]["line"], 3);
        assert_eq!(value["a"], serde_json::json!([2]));
    }

    #[test]
    fn html_records_are_read_as_html_and_get_their_title() {
        let cleaner = Cleaner::new().unwrap();
        let options = RecordOptions {
            field: "html".into(),
            html: true,
            ..RecordOptions::default()
        };
        let html = include_str!("../../examples/page.html");
        let line = serde_json::json!({"url": "u", "html": html}).to_string();
        let out: Value =
            serde_json::from_str(&clean_record(&cleaner, &line, &options).unwrap()).unwrap();
        let title =
            "Town council approves new flood barrier for the old harbour | The Harbour Gazette";
        assert_eq!(out["title"], title);
        let text = out["html"].as_str().unwrap();
        assert!(
            text.contains("The town council voted") && !text.contains('<'),
            "{text}"
        );
        let headline = "Town council approves new flood barrier for the old harbour\n";
        assert!(text.starts_with(headline), "{text}");
    }

    #[test]
    fn html_in_a_json_string_is_text_whatever_charset_it_declares() {
        let keep_all = crate::extract::cleaner::CleanOptions {
            keep: crate::label::LabelSet::only(Label::Content)
                .with(Label::Boilerplate)
                .with(Label::Related),
            ..crate::extract::cleaner::CleanOptions::default()
        };
        let cleaner = Cleaner::new().unwrap().with_options(keep_all).unwrap();
        let options = RecordOptions {
            html: true,
            ..RecordOptions::default()
        };
        let html = r#"<meta charset="windows-1252"><p>Café au lait</p>"#;
        let line = serde_json::json!({ "text": html }).to_string();
        let out: Value =
            serde_json::from_str(&clean_record(&cleaner, &line, &options).unwrap()).unwrap();
        assert_eq!(out["text"], "Café au lait\n");
    }
}
