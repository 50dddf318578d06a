//! The string rules the page facts share: whitespace, the lenient form two
//! strings are compared in, the segments of a `<title>`, quotes, hosts.

use regex::Regex;
use std::sync::LazyLock;

/// `s` with every run of whitespace made one space, trimmed.
pub(crate) fn norm_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The lenient form: lowercased, every run of characters that are neither
/// letters nor digits made one space, trimmed ("Ann O'Neil" and
/// "ann o neil" agree).
pub(crate) fn lenient_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if pending && !out.is_empty() {
                out.push(' ');
            }
            pending = false;
            out.push(c);
        } else {
            pending = true;
        }
    }
    out
}

/// The separators between a headline and a site name in a `<title>`:
/// whitespace on both sides, so `Wi-Fi` or `10:30` are never split.
static SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+(?:\||-|–|—|::|·|•|»|/|~|:)\s+").expect("valid"));

/// The byte ranges of the segments of a title, in order (one for a title
/// without separators).
pub(super) fn segments(title: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut at = 0;
    for m in SEPARATOR.find_iter(title) {
        spans.push((at, m.start()));
        at = m.end();
    }
    spans.push((at, title.len()));
    spans
}

/// The typographic quotes made straight, as the gold titles write them.
pub(super) fn straight_quotes(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c => c,
        })
        .collect()
}

/// The host of an address, lowercased, without `www.`.
pub(super) fn host(url: Option<&str>) -> Option<String> {
    let host = url::Url::parse(url?).ok()?.host_str()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

/// The number of characters of `s`.
pub(super) fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The first match of `re` in `s` whose characters just before and just
/// after pass `before` and `after` (look-arounds, which the `regex` crate
/// does not have), retried from each next character.
pub(super) fn find_where<'s>(
    re: &Regex,
    s: &'s str,
    before: impl Fn(Option<char>) -> bool,
    after: impl Fn(Option<char>) -> bool,
) -> Vec<regex::Captures<'s>> {
    let mut found = Vec::new();
    let mut at = 0;
    while at <= s.len() {
        let Some(c) = re.captures_at(s, at) else {
            break;
        };
        let m = c.get(0).expect("group 0");
        let prev = s[..m.start()].chars().next_back();
        let next = s[m.end()..].chars().next();
        if before(prev) && after(next) {
            at = m.end().max(m.start() + 1);
            found.push(c);
        } else {
            at = m.start() + s[m.start()..].chars().next().map_or(1, char::len_utf8);
        }
        while at < s.len() && !s.is_char_boundary(at) {
            at += 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_keys_ignore_case_and_punctuation() {
        assert_eq!(lenient_key("  Ann O'Neil — CEO! "), "ann o neil ceo");
        assert_eq!(lenient_key("Crème_brûlée"), "crème brûlée");
        assert_eq!(lenient_key("—"), "");
    }

    #[test]
    fn titles_split_at_spaced_separators_only() {
        let t = "Wi-Fi at 10:30 | News - The Site";
        let parts: Vec<&str> = segments(t).iter().map(|&(a, b)| &t[a..b]).collect();
        assert_eq!(parts, ["Wi-Fi at 10:30", "News", "The Site"]);
    }

    #[test]
    fn hosts_lose_www() {
        assert_eq!(
            host(Some("https://www.Example.co.uk/a")).as_deref(),
            Some("example.co.uk")
        );
        assert_eq!(host(Some("not a url")), None);
    }

    #[test]
    fn look_arounds_are_checked_around_each_match() {
        let re = Regex::new(r"\d{2}").unwrap();
        let digit = |c: Option<char>| !c.is_some_and(|c| c.is_ascii_digit());
        let found = find_where(&re, "123 45 6789 01", digit, digit);
        let texts: Vec<&str> = found.iter().map(|c| c.get(0).unwrap().as_str()).collect();
        assert_eq!(texts, ["45", "01"]);
    }
}
