//! Bytes to text: the encoding a page declares, as browsers pick it (a BOM,
//! then the HTTP charset, then a `<meta>` charset in the first 4 KB, then
//! UTF-8 if the bytes are valid UTF-8, else Windows-1252).

use encoding_rs::Encoding;
use std::borrow::Cow;

/// Decodes page bytes. A BOM wins; otherwise the candidates are tried in
/// order, each strictly (no malformed sequences; for Windows-1252 none of the
/// five bytes it leaves undefined): the `http_charset`, a `<meta>` charset in
/// the first 4 KB, UTF-8, Windows-1252. When all fail, the bytes are read as
/// UTF-8 with U+FFFD for malformed sequences. Unknown
/// labels are ignored. Returns the text and the encoding's name.
pub(super) fn decode_html_bytes(
    bytes: &[u8],
    http_charset: Option<&str>,
) -> (String, &'static str) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), enc.name());
    }
    let declared = [
        http_charset.and_then(label_encoding),
        meta_charset(&bytes[..bytes.len().min(4096)]),
    ];
    let fallback = [Some(encoding_rs::UTF_8), Some(encoding_rs::WINDOWS_1252)];
    for enc in declared.into_iter().chain(fallback).flatten() {
        if let Some(text) = decode_strict(enc, bytes) {
            return (text, enc.name());
        }
    }
    let (text, _) = encoding_rs::UTF_8.decode_without_bom_handling(bytes);
    (text.into_owned(), encoding_rs::UTF_8.name())
}

/// Decodes `bytes` with `enc`, or `None` on any malformed input.
fn decode_strict(enc: &'static Encoding, bytes: &[u8]) -> Option<String> {
    if enc == encoding_rs::UTF_8 {
        return std::str::from_utf8(bytes).ok().map(str::to_owned);
    }
    if enc == encoding_rs::WINDOWS_1252
        && bytes
            .iter()
            .any(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
    {
        return None;
    }
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(Cow::into_owned)
}

/// Maps a charset label to an encoding as browsers do for HTML (UTF-16
/// declared in the page means UTF-8; `x-user-defined` means Windows-1252).
fn label_encoding(label: &str) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label.trim().trim_matches(['"', '\'']).as_bytes())?;
    Some(
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else if enc == encoding_rs::X_USER_DEFINED || enc == encoding_rs::REPLACEMENT {
            encoding_rs::WINDOWS_1252
        } else {
            enc
        },
    )
}

/// The first known charset declared by a `<meta>` tag in `head`.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"<meta") {
        let start = from + i + 5;
        let end = lower[start..]
            .iter()
            .position(|&c| c == b'>')
            .map_or(lower.len(), |e| start + e);
        if let Some(enc) = charset_in_tag(&lower[start..end]) {
            return Some(enc);
        }
        from = end;
    }
    None
}

/// The encoding named by `charset=` (or `charset :=`) inside one meta tag.
fn charset_in_tag(tag: &[u8]) -> Option<&'static Encoding> {
    let at = find(tag, b"charset")? + 7;
    let rest = trim_ascii_start(&tag[at..]);
    let rest = trim_ascii_start(rest.strip_prefix(b"=")?);
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let len = rest
        .iter()
        .position(|&c| matches!(c, b'"' | b'\'' | b';' | b'/' | b' ' | b'\t' | b'\n' | b'\r'))
        .unwrap_or(rest.len());
    label_encoding(std::str::from_utf8(&rest[..len]).ok()?)
}

/// `s` without leading ASCII whitespace.
fn trim_ascii_start(s: &[u8]) -> &[u8] {
    let i = s
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(s.len());
    &s[i..]
}

/// Byte offset of the first occurrence of `needle` in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
