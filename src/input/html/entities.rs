//! Character references (`&amp;`, `&#233;`, `&eacute`), decoded as
//! browsers do, with html5ever's table of named references (`web_atoms`).

use std::borrow::Cow;

/// Decodes the character reference at `s[i]` (an `&`): the character(s) and
/// the bytes consumed, or `None` when it is not one (the `&` is literal).
pub(super) fn char_ref(s: &str, i: usize, in_attr: bool) -> Option<(char, Option<char>, usize)> {
    let b = s.as_bytes();
    let rest = &b[i + 1..];
    if rest.first() == Some(&b'#') {
        let hex = matches!(rest.get(1), Some(b'x' | b'X'));
        let digits_at = if hex { 2 } else { 1 };
        let digits = rest[digits_at..]
            .iter()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return None;
        }
        let text = &s[i + 1 + digits_at..i + 1 + digits_at + digits];
        let value = u32::from_str_radix(text, if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
        let semi = usize::from(rest.get(digits_at + digits) == Some(&b';'));
        let c = match value {
            0x80..=0x9F => web_atoms::C1_REPLACEMENTS[(value - 0x80) as usize]
                .unwrap_or_else(|| char::from_u32(value).unwrap_or('\u{FFFD}')),
            0 => '\u{FFFD}',
            _ => char::from_u32(value).unwrap_or('\u{FFFD}'),
        };
        return Some((c, None, 1 + digits_at + digits + semi));
    }
    let run = rest
        .iter()
        .take(32)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if run == 0 {
        return None;
    }
    let to_chars = |(a, b): (u32, u32)| {
        let a = char::from_u32(a)?;
        Some((a, char::from_u32(b).filter(|_| b != 0)))
    };
    if rest.get(run) == Some(&b';')
        && let Some(&v) = web_atoms::NAMED_ENTITIES.get(&s[i + 1..i + 2 + run])
        && v.0 != 0
    {
        let (a, b2) = to_chars(v)?;
        return Some((a, b2, run + 2));
    }
    for len in (1..=run).rev() {
        if let Some(&v) = web_atoms::NAMED_ENTITIES.get(&s[i + 1..i + 1 + len])
            && v.0 != 0
        {
            let next = rest.get(len).copied();
            if in_attr && next.is_some_and(|c| c == b'=' || c.is_ascii_alphanumeric()) {
                return None;
            }
            let (a, b2) = to_chars(v)?;
            return Some((a, b2, len + 1));
        }
    }
    None
}

/// `s` with character references decoded.
pub(super) fn decode_refs(s: &str, in_attr: bool) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut at = 0;
    while let Some(j) = s[at..].find('&') {
        let i = at + j;
        out.push_str(&s[at..i]);
        match char_ref(s, i, in_attr) {
            Some((a, b, len)) => {
                out.push(a);
                out.extend(b);
                at = i + len;
            }
            None => {
                out.push('&');
                at = i + 1;
            }
        }
    }
    out.push_str(&s[at..]);
    Cow::Owned(out)
}
