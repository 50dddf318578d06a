//! WARC and WET files, as Common Crawl writes them: a stream of records,
//! each a version line, named headers, a blank line and `Content-Length`
//! bytes of content. The file is plain, one gzip stream, or (Common Crawl's
//! way) one gzip member a record; the reader tells which from the first
//! bytes.
//!
//! A small reader of our own rather than the `warc` or `rust_warc` crates:
//! neither says where in the file a bad record sits, neither caps a record's
//! size (a declared length of terabytes would be allocated), and neither
//! goes on after a malformed record. This one does all three and stays in
//! constant memory: one record at a time, at most [`MAX_RECORD_BYTES`].

use flate2::bufread::GzDecoder;
use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The largest record content read: 64 MiB. A longer record is skipped
/// with [`WarcError::TooLarge`], and the records after it are still read.
pub(crate) const MAX_RECORD_BYTES: u64 = 64 << 20;

/// The longest header section of a record: 1 MiB.
const MAX_HEADER_BYTES: u64 = 1 << 20;

/// Where a record starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WarcOffset {
    /// Its byte offset in the uncompressed stream.
    pub stream: u64,
    /// In a file gzipped a record a member, the byte offset in the file of
    /// the gzip member it starts in (the offset Common Crawl's index gives).
    pub member: Option<u64>,
}

impl fmt::Display for WarcOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.member {
            Some(member) => write!(
                f,
                "byte {member} (gzip member; byte {} uncompressed)",
                self.stream
            ),
            None => write!(f, "byte {}", self.stream),
        }
    }
}

/// One WARC record: its headers and its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcRecord {
    /// Where it starts.
    pub offset: WarcOffset,
    /// Its named headers, in file order (`WARC-Type`, `WARC-Target-URI` ...).
    pub headers: Vec<(String, String)>,
    /// Its content: for a `response` record, the HTTP response; for a WET
    /// `conversion` record, the page's text.
    pub content: Vec<u8>,
}

impl WarcRecord {
    /// The value of a header, by name in any case.
    ///
    /// ```
    /// let warc = b"WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 2\r\n\r\nHi\r\n\r\n";
    /// let record = declutter::WarcReader::new(&warc[..]).next().unwrap()?;
    /// assert_eq!(record.header("warc-type"), Some("conversion"));
    /// assert_eq!(record.content, b"Hi");
    /// # Ok::<(), declutter::WarcError>(())
    /// ```
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The record's `WARC-Type` (`response`, `conversion`, `warcinfo` ...).
    pub fn kind(&self) -> Option<&str> {
        self.header("WARC-Type")
    }
}

/// Why a record could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WarcError {
    /// Reading failed: the file, or its gzip stream, is corrupt or cut short.
    /// Nothing after it can be read.
    #[error("at {offset}: {source}")]
    Io {
        /// Where the record being read starts.
        offset: WarcOffset,
        /// What failed.
        source: io::Error,
    },
    /// The record's header is not WARC; the reader skips to the next line
    /// that starts a record.
    #[error("at {offset}: not a WARC record: {reason}")]
    Malformed {
        /// Where it starts.
        offset: WarcOffset,
        /// What is wrong.
        reason: String,
    },
    /// The record's content is over 64 MiB; it is skipped.
    #[error("at {offset}: a record of {length} bytes, over the {MAX_RECORD_BYTES}-byte limit")]
    TooLarge {
        /// Where it starts.
        offset: WarcOffset,
        /// Its declared length.
        length: u64,
    },
    /// The file ends inside the record.
    #[error("at {offset}: the file ends inside a record of {declared} bytes, after {read}")]
    Truncated {
        /// Where it starts.
        offset: WarcOffset,
        /// Its declared length.
        declared: u64,
        /// The bytes there were.
        read: u64,
    },
}

impl WarcError {
    /// Whether the reader can go on after this error (it cannot after a
    /// read error or a truncated record).
    pub fn is_recoverable(&self) -> bool {
        matches!(
            self,
            WarcError::Malformed { .. } | WarcError::TooLarge { .. }
        )
    }
}

/// Reads WARC records one at a time: an iterator of records, or of the
/// errors of the records that could not be read. After an error that is not
/// [recoverable](WarcError::is_recoverable) it ends.
///
/// ```
/// use flate2::{write::GzEncoder, Compression};
/// use std::io::Write;
/// // Common Crawl's way: each record its own gzip member.
/// let mut file = Vec::new();
/// for text in ["First page", "Second page"] {
///     let record = format!(
///         "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: {}\r\n\r\n{text}\r\n\r\n",
///         text.len()
///     );
///     let mut gz = GzEncoder::new(Vec::new(), Compression::default());
///     gz.write_all(record.as_bytes())?;
///     file.extend(gz.finish()?);
/// }
/// let records: Vec<_> = declutter::WarcReader::new(&file[..]).collect::<Result<_, _>>()?;
/// assert_eq!(records[1].content, b"Second page");
/// assert_eq!(records[0].offset.member, Some(0));
/// assert!(records[1].offset.member.unwrap() > 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct WarcReader<'a> {
    input: Box<dyn BufRead + Send + 'a>,
    /// The file offset of the gzip member being read, when gzipped.
    member: Option<Arc<AtomicU64>>,
    /// Bytes consumed from the uncompressed stream.
    position: u64,
    done: bool,
}

impl fmt::Debug for WarcReader<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WarcReader")
            .field("position", &self.position)
            .field("gzipped", &self.member.is_some())
            .finish()
    }
}

impl<'a> WarcReader<'a> {
    /// A reader of the records in `input`, plain or gzipped.
    pub fn new(input: impl Read + Send + 'a) -> Self {
        let mut input = BufReader::with_capacity(1 << 16, input);
        let gzipped = input.fill_buf().is_ok_and(|b| b.starts_with(&[0x1f, 0x8b]));
        if !gzipped {
            return WarcReader::over(Box::new(input), None);
        }
        let member = Arc::new(AtomicU64::new(0));
        let members = Members {
            compressed: Some(Counting {
                inner: input,
                consumed: 0,
            }),
            decoder: None,
            member: Arc::clone(&member),
        };
        let input = BufReader::with_capacity(1 << 16, members);
        WarcReader::over(Box::new(input), Some(member))
    }

    /// A reader of the records of the file at `path`.
    pub fn open(path: &Path) -> io::Result<WarcReader<'static>> {
        Ok(WarcReader::new(std::fs::File::open(path)?))
    }

    fn over(input: Box<dyn BufRead + Send + 'a>, member: Option<Arc<AtomicU64>>) -> Self {
        WarcReader {
            input,
            member,
            position: 0,
            done: false,
        }
    }

    /// Where the next byte of the stream sits.
    fn here(&self) -> WarcOffset {
        WarcOffset {
            stream: self.position,
            member: self.member.as_ref().map(|m| m.load(Ordering::Relaxed)),
        }
    }

    /// Reads a line (with its end) of at most `cap` bytes into `line`.
    fn line(&mut self, line: &mut Vec<u8>, cap: u64) -> io::Result<usize> {
        line.clear();
        let n = (&mut self.input).take(cap).read_until(b'\n', line)?;
        self.position += n as u64;
        Ok(n)
    }

    /// Skips blank lines, and returns the first other line (empty at the end).
    fn first_line(&mut self) -> io::Result<(WarcOffset, Vec<u8>)> {
        let mut line = Vec::new();
        loop {
            // The member offset is right once the next byte is buffered.
            if self.input.fill_buf()?.is_empty() {
                return Ok((self.here(), Vec::new()));
            }
            let offset = self.here();
            self.line(&mut line, MAX_HEADER_BYTES)?;
            if !line.trim_ascii().is_empty() {
                return Ok((offset, line));
            }
        }
    }

    /// Reads the header lines after the version line, up to the blank line.
    fn headers(&mut self, offset: WarcOffset) -> Result<Vec<(String, String)>, WarcError> {
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut line = Vec::new();
        let mut total = 0u64;
        loop {
            let n = self
                .line(&mut line, MAX_HEADER_BYTES)
                .map_err(|source| WarcError::Io { offset, source })?;
            total += n as u64;
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if n == 0 || total > MAX_HEADER_BYTES {
                return Err(malformed(offset, "the header does not end"));
            }
            if text.is_empty() {
                return Ok(headers);
            }
            if text.starts_with([' ', '\t']) {
                match headers.last_mut() {
                    Some((_, value)) => value.push_str(&format!(" {}", text.trim())),
                    None => return Err(malformed(offset, "a continuation line first")),
                }
            } else if let Some((name, value)) = text.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            } else {
                return Err(malformed(
                    offset,
                    &format!("a header line without ':': {text:?}"),
                ));
            }
        }
    }

    /// Skips to the next line that starts a record, after a malformed one.
    fn resynchronize(&mut self) -> io::Result<()> {
        let mut line = Vec::new();
        loop {
            if self.input.fill_buf()?.starts_with(b"WARC/") || self.line(&mut line, 1 << 16)? == 0 {
                return Ok(());
            }
        }
    }

    /// Reads the content of a record whose headers say how long it is.
    fn content(
        &mut self,
        offset: WarcOffset,
        headers: Vec<(String, String)>,
    ) -> Result<WarcRecord, WarcError> {
        let length = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
            .map(|(_, v)| v.parse::<u64>());
        let length = match length {
            Some(Ok(length)) => length,
            Some(Err(_)) => return Err(malformed(offset, "a Content-Length that is not a number")),
            None => return Err(malformed(offset, "no Content-Length")),
        };
        let io_error = |source| WarcError::Io { offset, source };
        if length > MAX_RECORD_BYTES {
            let skipped =
                io::copy(&mut (&mut self.input).take(length), &mut io::sink()).map_err(io_error)?;
            self.position += skipped;
            return Err(if skipped < length {
                WarcError::Truncated {
                    offset,
                    declared: length,
                    read: skipped,
                }
            } else {
                WarcError::TooLarge { offset, length }
            });
        }
        let mut content = Vec::with_capacity(length.min(1 << 20) as usize);
        let read = (&mut self.input)
            .take(length)
            .read_to_end(&mut content)
            .map_err(io_error)? as u64;
        self.position += read;
        if read < length {
            return Err(WarcError::Truncated {
                offset,
                declared: length,
                read,
            });
        }
        Ok(WarcRecord {
            offset,
            headers,
            content,
        })
    }

    fn read_record(&mut self) -> Option<Result<WarcRecord, WarcError>> {
        let (offset, version) = match self.first_line() {
            Ok(found) => found,
            Err(source) => {
                return Some(Err(WarcError::Io {
                    offset: self.here(),
                    source,
                }));
            }
        };
        if version.is_empty() {
            return None;
        }
        if !version.starts_with(b"WARC/") {
            let start = String::from_utf8_lossy(&version[..version.len().min(40)]).into_owned();
            return Some(self.skip_malformed(malformed(
                offset,
                &format!("it starts with {:?}, not WARC/", start.trim_end()),
            )));
        }
        let record = self
            .headers(offset)
            .and_then(|headers| self.content(offset, headers));
        match record {
            Err(e @ WarcError::Malformed { .. }) => Some(self.skip_malformed(e)),
            other => Some(other),
        }
    }

    /// Returns the error after skipping to the next record.
    fn skip_malformed(&mut self, error: WarcError) -> Result<WarcRecord, WarcError> {
        match self.resynchronize() {
            Ok(()) => Err(error),
            Err(source) => Err(WarcError::Io {
                offset: self.here(),
                source,
            }),
        }
    }
}

/// What a record holds for declutter: a page, or nothing to clean.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub(crate) enum WarcPage<'r> {
    /// A WET `conversion` record: the page's text, one block a line.
    Text(&'r [u8]),
    /// A `response` record with a successful HTML response: its body, and
    /// the charset of its HTTP `Content-Type` header when it names one.
    Html {
        /// The body, de-chunked and decompressed.
        body: Cow<'r, [u8]>,
        /// The charset of the HTTP header, which comes before the page's own.
        charset: Option<String>,
    },
}

impl WarcRecord {
    /// The page the record holds: WET `conversion` records hold text,
    /// `response` records with a 2xx HTML response hold HTML; every other
    /// record (`warcinfo`, `request`, `metadata`, redirects, images ...)
    /// holds none. An HTML response whose body cannot be read (an unknown
    /// `Content-Encoding`, a broken chunk) is an error.
    pub(crate) fn page(&self) -> Result<Option<WarcPage<'_>>, String> {
        match self.kind() {
            Some(kind) if kind.eq_ignore_ascii_case("conversion") => {
                Ok(Some(WarcPage::Text(&self.content)))
            }
            Some(kind) if kind.eq_ignore_ascii_case("response") => html_response(&self.content),
            _ => Ok(None),
        }
    }
}

/// The HTML page of an HTTP response, if it is a successful HTML one.
fn html_response(http: &[u8]) -> Result<Option<WarcPage<'_>>, String> {
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
        None => crate::input::html::looks_like_html(body),
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
    Ok(Some(WarcPage::Html { body, charset }))
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
    let crlf = memchr::memmem::find(http, b"\r\n\r\n").map(|i| (i, 4));
    let lf = memchr::memmem::find(http, b"\n\n").map(|i| (i, 2));
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
        let end = memchr::memchr(b'\n', chunked).ok_or("a chunk size line does not end")?;
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
        .take(MAX_RECORD_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("the {encoding} body cannot be read: {e}"))?;
    if out.len() as u64 > MAX_RECORD_BYTES {
        return Err(format!(
            "the {encoding} body is over {MAX_RECORD_BYTES} bytes"
        ));
    }
    Ok(out)
}

fn malformed(offset: WarcOffset, reason: &str) -> WarcError {
    WarcError::Malformed {
        offset,
        reason: reason.to_string(),
    }
}

impl Iterator for WarcReader<'_> {
    type Item = Result<WarcRecord, WarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = self.read_record();
        match &item {
            None => self.done = true,
            Some(Err(e)) if !e.is_recoverable() => self.done = true,
            _ => {}
        }
        item
    }
}

/// A buffered reader that counts the bytes consumed from it.
struct Counting<R> {
    inner: R,
    consumed: u64,
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.consumed += amount as u64;
        self.inner.consume(amount);
    }
}

/// The uncompressed bytes of a gzip file's members, one after another,
/// noting the file offset of the member being read. A read never crosses
/// from one member into the next.
struct Members<R> {
    compressed: Option<Counting<R>>,
    decoder: Option<GzDecoder<Counting<R>>>,
    member: Arc<AtomicU64>,
}

impl<R: BufRead> Read for Members<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if let Some(decoder) = &mut self.decoder {
                let n = decoder.read(buf)?;
                if n > 0 || buf.is_empty() {
                    return Ok(n);
                }
                self.compressed = self.decoder.take().map(GzDecoder::into_inner);
            }
            let Some(mut compressed) = self.compressed.take() else {
                return Ok(0);
            };
            if compressed.fill_buf()?.is_empty() {
                return Ok(0);
            }
            self.member.store(compressed.consumed, Ordering::Relaxed);
            self.decoder = Some(GzDecoder::new(compressed));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{Compression, write::GzEncoder};
    use std::io::Write;

    fn record(kind: &str, content: &str) -> String {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: https://example.org/{kind}\r\nContent-Length: {}\r\n\r\n{content}\r\n\r\n",
            content.len()
        )
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    }

    fn read_all(bytes: &[u8]) -> Vec<Result<WarcRecord, WarcError>> {
        WarcReader::new(bytes).collect()
    }

    #[test]
    fn plain_one_stream_and_member_per_record_files_read_the_same() {
        let records = [
            record("warcinfo", "x"),
            record("conversion", "Hello\nworld"),
        ];
        let plain = records.concat();
        let members: Vec<u8> = records.iter().flat_map(|r| gzip(r.as_bytes())).collect();
        for bytes in [plain.as_bytes().to_vec(), gzip(plain.as_bytes()), members] {
            let read: Vec<WarcRecord> = read_all(&bytes).into_iter().map(Result::unwrap).collect();
            assert_eq!(read.len(), 2);
            assert_eq!(read[1].kind(), Some("conversion"));
            assert_eq!(read[1].content, b"Hello\nworld");
            assert_eq!(read[1].offset.stream, records[0].len() as u64);
        }
    }

    #[test]
    fn member_offsets_are_the_file_offsets_of_each_records_gzip_member() {
        let first = gzip(record("conversion", "one").as_bytes());
        let second = gzip(record("conversion", "two").as_bytes());
        let file = [first.clone(), second].concat();
        let read: Vec<WarcRecord> = read_all(&file).into_iter().map(Result::unwrap).collect();
        assert_eq!(read[0].offset.member, Some(0));
        assert_eq!(read[1].offset.member, Some(first.len() as u64));
    }

    #[test]
    fn a_malformed_record_is_reported_and_the_next_one_still_read() {
        let bad = "WARC/1.0\r\nWARC-Type: response\r\n\r\nno length here\r\n\r\n";
        let junk = "garbage line\r\n";
        let file = [bad, junk, &record("conversion", "after")].concat();
        let read = read_all(file.as_bytes());
        assert_eq!(read.len(), 2, "{read:?}");
        let message = read[0].as_ref().unwrap_err().to_string();
        assert_eq!(message, "at byte 0: not a WARC record: no Content-Length");
        assert_eq!(read[1].as_ref().unwrap().content, b"after");
    }

    #[test]
    fn a_truncated_file_ends_with_an_error_after_the_records_before_it() {
        let file = [
            record("conversion", "whole"),
            record("conversion", "cut short"),
        ]
        .concat();
        let cut = &file.as_bytes()[..file.len() - 8];
        let read = read_all(cut);
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].as_ref().unwrap().content, b"whole");
        assert!(matches!(
            read[1],
            Err(WarcError::Truncated {
                declared: 9,
                read: 5,
                ..
            })
        ));
        // A gzip file cut inside a member: the records before it, then an error.
        let first = gzip(record("conversion", "whole").as_bytes());
        let members = [first.clone(), gzip(record("conversion", "next").as_bytes())].concat();
        let read = read_all(&members[..first.len() + 12]);
        assert_eq!(read[0].as_ref().unwrap().content, b"whole");
        assert!(read.last().unwrap().is_err() && read.len() == 2, "{read:?}");
    }

    #[test]
    fn an_oversized_record_is_skipped_and_the_next_one_read() {
        let huge = format!(
            "WARC/1.0\r\nContent-Length: {}\r\n\r\n",
            MAX_RECORD_BYTES + 1
        );
        let mut file = huge.into_bytes();
        file.resize(file.len() + MAX_RECORD_BYTES as usize + 1, b'a');
        file.extend(b"\r\n\r\n");
        file.extend(record("conversion", "small").as_bytes());
        let read = read_all(&file);
        assert!(matches!(read[0], Err(WarcError::TooLarge { .. })));
        assert_eq!(read[1].as_ref().unwrap().content, b"small");
    }

    #[test]
    fn empty_and_binary_inputs_end_without_panicking() {
        assert!(read_all(b"").is_empty());
        let read = read_all(b"\x00\x01\x02 binary\xff");
        assert_eq!(read.len(), 1);
        assert!(read[0].is_err());
        assert!(read_all(&[0x1f, 0x8b, 0, 0]).last().unwrap().is_err());
    }

    #[test]
    fn folded_header_lines_are_joined() {
        let file =
            "WARC/1.0\r\nWARC-Record-ID: <urn:\r\n  uuid:1>\r\nContent-Length: 0\r\n\r\n\r\n\r\n";
        let read = read_all(file.as_bytes());
        assert_eq!(
            read[0].as_ref().unwrap().header("warc-record-id"),
            Some("<urn: uuid:1>")
        );
    }

    fn response(http: &[u8]) -> WarcRecord {
        let mut file = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: {}\r\n\r\n",
            http.len()
        )
        .into_bytes();
        file.extend_from_slice(http);
        file.extend_from_slice(b"\r\n\r\n");
        WarcReader::new(&file[..]).next().unwrap().unwrap()
    }

    fn html_body(http: &[u8]) -> Result<Option<Vec<u8>>, String> {
        Ok(match response(http).page()? {
            Some(WarcPage::Html { body, .. }) => Some(body.into_owned()),
            _ => None,
        })
    }

    #[test]
    fn only_successful_html_responses_are_pages() {
        let ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Hi</p>";
        assert_eq!(html_body(ok).unwrap().unwrap(), b"<p>Hi</p>");
        let redirect = b"HTTP/1.1 301 Moved\r\nContent-Type: text/html\r\n\r\n<a>x</a>";
        assert_eq!(html_body(redirect).unwrap(), None);
        let image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
        assert_eq!(html_body(image).unwrap(), None);
        let unlabelled = b"HTTP/1.0 200 OK\n\n<!DOCTYPE html><p>Hi</p>";
        assert!(html_body(unlabelled).unwrap().is_some());
        assert!(html_body(b"HTTP/1.1 200 OK no end").is_err());
    }

    #[test]
    fn chunked_and_compressed_bodies_are_undone() {
        let chunked = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n<p>H\r\n5;x=y\r\ni</p>\r\n0\r\n\r\n";
        assert_eq!(html_body(chunked).unwrap().unwrap(), b"<p>Hi</p>");
        let mut gzipped =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        gzipped.extend(gzip(b"<p>Hi</p>"));
        assert_eq!(html_body(&gzipped).unwrap().unwrap(), b"<p>Hi</p>");
        let brotli =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n\r\nxx";
        assert_eq!(
            html_body(brotli).unwrap_err(),
            "an unsupported Content-Encoding: br"
        );
        let bad_chunk = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";
        assert!(html_body(bad_chunk).is_err());
    }

    #[test]
    fn the_http_charset_is_passed_on_and_other_records_hold_no_page() {
        let http =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; Charset=\"Shift_JIS\"\r\n\r\n<p>x</p>";
        match response(http).page().unwrap() {
            Some(WarcPage::Html { charset, .. }) => {
                assert_eq!(charset.as_deref(), Some("Shift_JIS"))
            }
            other => panic!("{other:?}"),
        }
        let info = WarcReader::new(record("warcinfo", "software: x").as_bytes())
            .next()
            .unwrap()
            .unwrap();
        assert_eq!(info.page().unwrap(), None);
    }
}
