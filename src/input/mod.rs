//! Inputs: raw bytes to text, and text to [`crate::Block`]s.
//!
//! Each kind of page is one reader: [`text`] reads plain text (one block a
//! line), [`html`] reads HTML (the blocks a browser would show, with their
//! markup facts), and [`warc`] reads WARC and WET files into their pages'
//! records. Every reader produces blocks, and nothing after it asks
//! which reader made them.

pub(crate) mod html;
pub(crate) mod lines;
pub(crate) mod text;
pub(crate) mod warc;

pub(crate) use html::read_html;

use crate::error::Error;
use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

/// The most bytes a page file may hold, after decompression: 64 MiB.
pub const MAX_PAGE_BYTES: u64 = 64 << 20;

/// Reads a page file's bytes, gunzipping it when its name ends in `.gz`.
/// Reads at most [`MAX_PAGE_BYTES`] (and refuses more), so that a
/// decompression bomb cannot fill the memory; a truncated or corrupt gzip
/// stream is an error naming the file.
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("page.html.gz");
/// let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
/// std::io::Write::write_all(&mut gz, b"<p>Hello</p>")?;
/// let bytes = gz.finish()?;
/// std::fs::write(&path, &bytes[..bytes.len() - 4])?; // truncated
/// assert!(declutter::read_page_bytes(&path).is_err());
/// std::fs::write(&path, &bytes)?;
/// assert_eq!(declutter::read_page_bytes(&path)?, b"<p>Hello</p>");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_page_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let gzipped = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    let reader: Box<dyn Read> = if gzipped {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut bytes = Vec::new();
    reader
        .take(MAX_PAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_PAGE_BYTES {
        let message = format!("over the {MAX_PAGE_BYTES}-byte limit for a page");
        return Err(Error::io(path, std::io::Error::other(message)));
    }
    Ok(bytes)
}

/// How raw bytes were turned into text by [`decode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoding {
    /// The bytes were valid UTF-8.
    Utf8,
    /// Invalid UTF-8 sequences were replaced by U+FFFD; the count is given.
    Lossy {
        /// How many invalid sequences were replaced.
        replaced: usize,
    },
}

/// Why [`decode`] refused some bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The bytes hold a NUL byte, which text pages never do: the file is binary.
    #[error("binary data (a NUL byte at offset {offset}), not a text page")]
    Binary {
        /// The offset of the first NUL byte.
        offset: usize,
    },
}

/// Turns a page's raw bytes into text.
///
/// The policy: valid UTF-8 is borrowed as it is; invalid UTF-8 is decoded lossily
/// (each bad sequence becomes U+FFFD) and the count is reported so that callers
/// can warn; bytes with a NUL byte are refused as binary, since no text page
/// holds one.
///
/// ```
/// use declutter::{decode, Decoding};
/// assert_eq!(decode(b"caf\xc3\xa9").unwrap().1, Decoding::Utf8);
/// let (text, how) = decode(b"caf\xe9 au lait").unwrap();
/// assert_eq!(text, "caf\u{fffd} au lait");
/// assert_eq!(how, Decoding::Lossy { replaced: 1 });
/// assert!(decode(b"\x7fELF\0\0").is_err());
/// ```
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Decoding), DecodeError> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary { offset });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), Decoding::Utf8)),
        Err(_) => {
            let replaced = count_invalid_sequences(bytes);
            Ok((String::from_utf8_lossy(bytes), Decoding::Lossy { replaced }))
        }
    }
}

fn count_invalid_sequences(mut bytes: &[u8]) -> usize {
    let mut count = 0;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(_) => return count,
            Err(e) => {
                count += 1;
                let skip = e.valid_up_to() + e.error_len().unwrap_or(bytes.len() - e.valid_up_to());
                bytes = &bytes[skip..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_counts_invalid_sequences_and_refuses_nul() {
        assert_eq!(
            decode(b"a\xff\xfeb\xc3").unwrap().1,
            Decoding::Lossy { replaced: 3 }
        );
        assert_eq!(
            decode(b"ok\0").unwrap_err(),
            DecodeError::Binary { offset: 2 }
        );
    }
}
