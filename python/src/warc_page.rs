//! The page a WARC or WET record holds, read into a `declutter::Document`,
//! for `clean_warc(format="markdown" | "json")`: those formats need the
//! record's document, and the library's record stream
//! (`declutter::clean_warc_record`) gives its text only.
//!
//! The reading of the record is a copy of the library's `WarcRecord::page`
//! (src/input/warc.rs), which is crate-private: WET `conversion` records are
//! text pages; `response` records with a 2xx HTML response (by
//! `Content-Type`, else by their look) are HTML pages, de-chunked and
//! decompressed, with the charset of their HTTP header. The record's fields
//! (address, id, date, language) are taken as `clean_warc_record` takes them,
//! and as it does, the page is read without its address, so a page's text is
//! the same in every format. `format="text"` goes through the library's
//! stream itself. When the library makes `WarcRecord::page` public, this
//! copy should go.

use declutter::{Cleaner, Document, Language, Page, PageType, WarcRecord, decode};
use std::borrow::Cow;
use std::io::Read;

/// The limit of a decompressed body, as the library's `MAX_RECORD_BYTES`.
const MAX_BODY_BYTES: u64 = 64 << 20;

/// A WARC record's page, rendered: the fields of `clean_warc`'s dicts.
pub(crate) struct RecordOut {
    pub url: Option<String>,
    pub warc_record_id: Option<String>,
    pub date: Option<String>,
    pub language: Option<String>,
    pub title: Option<String>,
    pub page_type: Option<PageType>,
    pub page_type_probability: Option<f32>,
    /// The text or the Markdown.
    pub text: String,
    /// With `format="json"`: the page's `Document::to_json`.
    pub json: Option<String>,
}

impl From<declutter::CleanedRecord> for RecordOut {
    fn from(page: declutter::CleanedRecord) -> Self {
        RecordOut {
            url: page.url,
            warc_record_id: page.warc_record_id,
            date: page.date,
            language: page.language,
            title: page.title,
            page_type: page.page_type,
            page_type_probability: page.page_type_probability,
            text: page.text,
            json: None,
        }
    }
}

/// What a record holds: a text page, an HTML page, or nothing to clean.
enum RecordPage<'r> {
    Text(&'r [u8]),
    Html {
        body: Cow<'r, [u8]>,
        charset: Option<String>,
    },
}

/// Reads and labels the page of `record` and renders it with `render` (the
/// text or Markdown, and the JSON when asked); `None` for a record that
/// holds no page. The errors are the library's messages, without the
/// record's offset.
pub(crate) fn extract_record(
    cleaner: &Cleaner,
    record: &WarcRecord,
    render: impl Fn(&Document) -> (String, Option<String>),
) -> Result<Option<RecordOut>, String> {
    let rendered = match record_page(record)? {
        None => return Ok(None),
        Some(RecordPage::Text(bytes)) => {
            let (text, _) = decode(bytes).map_err(|e| e.to_string())?;
            let doc = cleaner
                .extract(Page::text(&text))
                .map_err(|e| e.to_string())?;
            (render(&doc), doc.title, doc.language, doc.page_type)
        }
        Some(RecordPage::Html { body, charset }) => {
            let mut page = Page::html(&body);
            if let Some(charset) = &charset {
                page = page.with_charset(charset);
            }
            let doc = cleaner
                .extract(page)
                .map_err(|e| format!("not HTML: {e}"))?;
            (render(&doc), doc.title, doc.language, doc.page_type)
        }
    };
    let ((text, json), title, identified, page_type) = rendered;
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
    Ok(Some(RecordOut {
        url: header("WARC-Target-URI"),
        warc_record_id: header("WARC-Record-ID"),
        date: header("WARC-Date"),
        language: declared.or(identified.map(|l| l.code().to_string())),
        title,
        page_type: page_type.map(|(t, _)| t),
        page_type_probability: page_type.map(|(_, p)| p),
        text,
        json,
    }))
}

/// The page a record holds.
fn record_page(record: &WarcRecord) -> Result<Option<RecordPage<'_>>, String> {
    match record.kind() {
        Some(kind) if kind.eq_ignore_ascii_case("conversion") => {
            Ok(Some(RecordPage::Text(&record.content)))
        }
        Some(kind) if kind.eq_ignore_ascii_case("response") => html_response(&record.content),
        _ => Ok(None),
    }
}

/// The HTML page of an HTTP response, if it is a successful HTML one.
fn html_response(http: &[u8]) -> Result<Option<RecordPage<'_>>, String> {
    let Some((head, body)) = split_http(http) else {
        return Err("the HTTP response has no end of headers".to_string());
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let status = lines.next().unwrap_or_default();
    let code = status.split_whitespace().nth(1).unwrap_or_default();
    if !status.starts_with("HTTP/") || !code.starts_with('2') {
        return Ok(None);
    }
    let headers: Vec<(&str, &str)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim(), v.trim()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    };
    let content_type = header("Content-Type").map(str::to_ascii_lowercase);
    let is_html = match &content_type {
        Some(t) => t.contains("text/html") || t.contains("application/xhtml"),
        None => declutter::looks_like_html(body),
    };
    if !is_html {
        return Ok(None);
    }
    let mut body = Cow::Borrowed(body);
    if header("Transfer-Encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
        body = Cow::Owned(dechunk(&body)?);
    }
    if let Some(encoding) = header("Content-Encoding") {
        body = Cow::Owned(decompress(&body, &encoding.to_ascii_lowercase())?);
    }
    let charset = header("Content-Type").and_then(charset_parameter);
    Ok(Some(RecordPage::Html { body, charset }))
}

/// The `charset` parameter of a `Content-Type` value.
fn charset_parameter(content_type: &str) -> Option<String> {
    content_type.split(';').find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
    })
}

/// Splits an HTTP message at the blank line after its headers.
fn split_http(http: &[u8]) -> Option<(&[u8], &[u8])> {
    let find = |needle: &[u8]| http.windows(needle.len()).position(|w| w == needle);
    let crlf = find(b"\r\n\r\n").map(|i| (i, 4));
    let lf = find(b"\n\n").map(|i| (i, 2));
    let (at, len) = match (crlf, lf) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    Some((&http[..at], &http[at + len..]))
}

/// The body of a `Transfer-Encoding: chunked` message.
fn dechunk(mut chunked: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::with_capacity(chunked.len());
    loop {
        let end = chunked
            .iter()
            .position(|&b| b == b'\n')
            .ok_or("a chunk size line does not end")?;
        let line = String::from_utf8_lossy(&chunked[..end]);
        let size = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size, 16)
            .map_err(|_| format!("a chunk size that is not hexadecimal: {size:?}"))?;
        chunked = &chunked[end + 1..];
        if size == 0 {
            return Ok(body);
        }
        let chunk = chunked.get(..size).ok_or("a chunk is cut short")?;
        body.extend_from_slice(chunk);
        chunked = &chunked[size..];
        chunked = chunked
            .strip_prefix(b"\r\n")
            .or(chunked.strip_prefix(b"\n"))
            .unwrap_or(chunked);
    }
}

/// The body of a `Content-Encoding: gzip | deflate | identity` message.
fn decompress(body: &[u8], encoding: &str) -> Result<Vec<u8>, String> {
    let reader: Box<dyn Read + '_> = match encoding {
        "identity" | "" => return Ok(body.to_vec()),
        "gzip" | "x-gzip" => Box::new(flate2::read::MultiGzDecoder::new(body)),
        "deflate" => Box::new(flate2::read::ZlibDecoder::new(body)),
        other => return Err(format!("an unsupported Content-Encoding: {other}")),
    };
    let mut out = Vec::new();
    reader
        .take(MAX_BODY_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("the {encoding} body cannot be read: {e}"))?;
    if out.len() as u64 > MAX_BODY_BYTES {
        return Err(format!(
            "the {encoding} body is over {MAX_BODY_BYTES} bytes"
        ));
    }
    Ok(out)
}
