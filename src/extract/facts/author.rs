//! Who wrote the page: the first valid name of, in order, the JSON-LD
//! article's `author`, `<meta name=author>`, Twitter's "Written by" card,
//! other author metas, microdata `itemprop=author`, `rel=author` links,
//! elements whose class names a byline, and "By X" lines near the
//! headline. A name that is none of these is absent, never guessed.

use super::View;
use super::dates::has_ascii_digit;
use super::json_ld::{Name, Record};
use super::text::{chars, lenient_key, norm_ws};
use crate::features::shape::contains_ignoring_case;
use crate::input::html::unescape;
use crate::input::html::{CaptureKind, Captured};
use regex::Regex;
use std::sync::LazyLock;

/// The JSON-LD types whose `author` is the page's author.
pub(super) const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "BlogPosting",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
    "LiveBlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "ReviewNewsArticle",
    "BackgroundNewsArticle",
    "SocialMediaPosting",
    "DiscussionForumPosting",
    "Question",
    "HowTo",
    "Recipe",
    "MedicalWebPage",
    "Posting",
    "Blog",
];

/// Where the page's author was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    JsonLd,
    Meta,
    TwitterCard,
    OtherMeta,
    ItemProp,
    RelAuthor,
    BylineElement,
    TextLine,
}

impl Source {
    /// Whether the source is the page's markup or lines rather than its
    /// declarations (metas, JSON-LD).
    fn is_visible(self) -> bool {
        matches!(
            self,
            Source::ItemProp | Source::RelAuthor | Source::BylineElement | Source::TextLine
        )
    }
}

/// The page's author and where it was found.
pub(super) fn author(view: &View, anchor: Option<usize>) -> Option<(String, Source)> {
    let chain: [(Source, &dyn Fn() -> Option<String>); 8] = [
        (Source::JsonLd, &|| json_ld(view)),
        (Source::Meta, &|| first_valid(view.metas("author"))),
        (Source::TwitterCard, &|| twitter_card(view)),
        (Source::OtherMeta, &|| other_meta(view)),
        (Source::ItemProp, &|| item_prop(view)),
        (Source::RelAuthor, &|| rel_author(view)),
        (Source::BylineElement, &|| byline_element(view)),
        (Source::TextLine, &|| text_byline(view, anchor)),
    ];
    chain
        .iter()
        .filter(|(source, _)| !source.is_visible() || view.reads_visible_facts())
        .find_map(|(source, find)| Some((find()?, *source)))
}

/// The first value that is a valid name once cleaned.
fn first_valid<'v>(values: impl Iterator<Item = &'v str>) -> Option<String> {
    values.map(clean_name).find(|n| valid(n))
}

/// The names of the first article-like JSON-LD record that has valid
/// ones (`author`, else `creator`), references resolved, joined.
fn json_ld(view: &View) -> Option<String> {
    let by_id = |id: &str| {
        view.records
            .iter()
            .rev()
            .find(|r| {
                r.id.as_deref() == Some(id) && r.name.as_deref().is_some_and(|n| !n.is_empty())
            })
            .and_then(|r| r.name.clone())
    };
    view.records.iter().filter(|r| is_article(r)).find_map(|r| {
        let names = r
            .author
            .as_deref()
            .filter(|a| !a.is_empty())
            .or(r.creator.as_deref())?;
        let names: Vec<String> = names
            .iter()
            .filter_map(|n| match n {
                Name::Text(t) => Some(t.clone()),
                Name::Ref(id) => by_id(id),
            })
            .map(|n| clean_name(&n))
            .filter(|n| valid(n))
            .collect();
        join_names(names)
    })
}

/// Whether a record is one whose author is the page's: an article-like
/// type, and a `Question` only at the top, under `mainEntity` or in `@graph`.
fn is_article(r: &Record) -> bool {
    let question_ok = matches!(
        r.parent_key.as_deref(),
        None | Some("mainEntity" | "@graph")
    );
    r.is_any(ARTICLE_TYPES) && (question_ok || !r.types.iter().any(|t| t == "Question"))
}

/// Names joined as `A and B` or `A, B, and C`, duplicates (lenient) dropped.
fn join_names(names: Vec<String>) -> Option<String> {
    let mut seen = std::collections::HashSet::new();
    let names: Vec<String> = names
        .into_iter()
        .filter(|n| !n.is_empty() && seen.insert(lenient_key(n)))
        .collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        [a, b] => Some(format!("{a} and {b}")),
        [rest @ .., last] => Some(format!("{}, and {last}", rest.join(", "))),
    }
}

static WRITTEN_BY_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)written by|author|verfasst|auteur|autor").expect("valid"));

/// `twitter:data1` (or `data2`) when its label says it names the writer.
fn twitter_card(view: &View) -> Option<String> {
    ["1", "2"].iter().find_map(|i| {
        let label = view.metas(&format!("twitter:label{i}")).next()?;
        if !WRITTEN_BY_LABEL.is_match(label) {
            return None;
        }
        let data = clean_name(view.metas(&format!("twitter:data{i}")).next()?);
        valid(&data).then_some(data)
    })
}

/// The other metas that name an author.
fn other_meta(view: &View) -> Option<String> {
    let keys = [
        "parsely-author",
        "sailthru.author",
        "dc.creator",
        "dcterms.creator",
        "article:author",
        "byl",
    ];
    keys.iter().find_map(|k| first_valid(view.metas(k)))
}

/// Microdata: an element `itemprop=author` (or `creator`): the text of its
/// `itemprop=name`, else its `content`, else its text.
fn item_prop(view: &View) -> Option<String> {
    let captures = &view.markup.captures;
    let is_author = |prop: &str| {
        prop.split_whitespace()
            .any(|p| p == "author" || p == "creator")
    };
    captures.iter().enumerate().find_map(|(i, c)| {
        let CaptureKind::ItemProp { prop, content, .. } = &c.kind else {
            return None;
        };
        if !is_author(prop) {
            return None;
        }
        let name = captures[i + 1..]
            .iter()
            .take_while(
                |n| !matches!(&n.kind, CaptureKind::ItemProp { prop, .. } if is_author(prop)),
            )
            .find(|n| {
                matches!(&n.kind, CaptureKind::ItemProp { prop, within: Some(w), .. }
                    if prop.split_whitespace().any(|p| p == "name") && is_author(w))
            });
        let value = match (name, content) {
            (Some(n), _) => n.text.as_str(),
            (None, Some(content)) if !content.is_empty() => content.as_str(),
            _ => c.text.as_str(),
        };
        let value = clean_name(value);
        valid(&value).then_some(value)
    })
}

/// The text of the first `rel=author` link that is a valid name.
fn rel_author(view: &View) -> Option<String> {
    let links = view
        .markup
        .captures
        .iter()
        .filter(|c| c.kind == CaptureKind::RelAuthor);
    first_valid(links.map(|c| c.text.as_str()))
}

static BAD_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"comment|related|sidebar|widget|footer|reply|review|testimonial|share|social")
        .expect("valid")
});
static NOT_A_NAME_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"bio|avatar|image|img|photo|desc|about|box|info-|more|label|title").expect("valid")
});
static NAME_CLASS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"byline|author-name|authorname|username").expect("valid"));

/// The byline elements (class or id naming an author), with a text of 1
/// to 120 characters.
fn bylines<'v>(view: &'v View) -> impl Iterator<Item = (&'v Captured, &'v str)> {
    view.markup.captures.iter().filter_map(|c| match &c.kind {
        CaptureKind::Byline { own } if (1..=120).contains(&chars(&c.text)) => {
            Some((c, own.as_str()))
        }
        _ => None,
    })
}

/// The first byline element outside comments, sidebars and the like whose
/// text is a short valid name; a name part nested in it, when it has one.
fn byline_element(view: &View) -> Option<String> {
    for (c, own) in bylines(view) {
        if BAD_CONTEXT.is_match(&c.context)
            || (NOT_A_NAME_CLASS.is_match(own) && !NAME_CLASS.is_match(own))
        {
            continue;
        }
        let t = clean_name(&c.text);
        if !(valid(&t) && words(&t) <= 6 && !JUNK.is_match(&t)) {
            continue;
        }
        let part = bylines(view).find_map(|(inner, own)| {
            if std::ptr::eq(inner, c) || !own.contains("name") || !c.text.contains(&inner.text) {
                return None;
            }
            let t = clean_name(&inner.text);
            (valid(&t) && !JUNK.is_match(&t)).then_some(t)
        });
        return Some(part.unwrap_or(t));
    }
    None
}

static STRONG_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[\s·|•,:])(?:written|posted|authored|text|words|story|article)\s+by\b\s*:?\s*(.+)$")
        .expect("valid")
});
static BARE_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|\s|(?P<sep>[·|•,⋅»]))\s*(?:by|authors?|author\(s\))\b\s*:?\s*(?P<name>.+)$",
    )
    .expect("valid")
});
static NAME_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-ZÀ-ÖØ-Þ][\w'’.\-]*|[A-Z]\.|van|von|de|der|den|da|di|del|la|le|du|dos|bin|al|and|&|,)$")
        .expect("valid")
});
static USER_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[\w.\-]{3,}$").expect("valid"));
static SEPARATOR_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[·|•,\-–—:]$").expect("valid"));

/// Whether a line holds "by" or "author" in any case: both byline
/// patterns need one of them, and most lines have neither, so this cheap
/// look spares the patterns. (No other letter folds to these under
/// Unicode case folding, so the look misses no line the patterns match.)
fn names_a_writer(line: &str) -> bool {
    contains_ignoring_case(line, "by") || contains_ignoring_case(line, "author")
}

/// The name a byline line gives ("By Ann Lee", "Written by Ann Lee",
/// "May 3, 2024 · By Ann Lee"): capitalised words, or one user name.
fn line_byline(line: &str, strong_only: bool) -> Option<String> {
    let line = line.trim();
    if line.is_empty() || chars(line) > 120 || !names_a_writer(line) {
        return None;
    }
    let name = match STRONG_BY.captures(line) {
        Some(c) => c.get(1)?.as_str(),
        None if strong_only => return None,
        None => {
            let c = BARE_BY.captures(line)?;
            let sep = c.name("sep").map_or("", |s| s.as_str());
            let prefix = format!("{}{sep}", line[..c.get(0)?.start()].trim());
            let after_date = has_ascii_digit(&prefix);
            if !prefix.is_empty() && !after_date && !SEPARATOR_END.is_match(&prefix) {
                return None;
            }
            c.name("name")?.as_str()
        }
    };
    let t = clean_name(name);
    if t.is_empty() {
        return None;
    }
    let spaced = t.replace(',', " , ");
    let parts: Vec<&str> = spaced.split_whitespace().collect();
    let named = match parts.len() {
        1 => USER_NAME.is_match(&t),
        _ => parts.iter().all(|w| NAME_WORD.is_match(w)),
    };
    named.then_some(t)
}

/// The first byline line from 5 lines before the headline to 25 after it
/// (from the top without a headline), else a "Written by" line anywhere.
fn text_byline(view: &View, anchor: Option<usize>) -> Option<String> {
    let lines = &view.lines;
    let start = anchor.unwrap_or(0);
    let window = &lines[start.saturating_sub(5)..(start + 25).min(lines.len())];
    let ok = |t: &String| valid(t) && words(t) <= 6 && !JUNK.is_match(t);
    window
        .iter()
        .filter_map(|l| line_byline(l, false))
        .find(ok)
        .or_else(|| lines.iter().filter_map(|l| line_byline(l, true)).find(ok))
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

static EDGES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\s:,|•·\-–—]+|[\s:,|•·\-–—]+$").expect("valid"));
static ANY_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:written|posted|published|authored|posts|articles|stories|recipe)\s+by\s*:?\s+",
    )
    .expect("valid")
});
static BY_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:written|posted|published|reviewed|created|authored|story|words|text|article)\s+by|by|von|par|por|door|di|da|autor(?:in)?|auteur|author|authors|writer|posted|written)\s*[:\-–—]?\s+")
        .expect("valid")
});
static CUT: LazyLock<Regex> = LazyLock::new(|| {
    let months = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?";
    let weekdays = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*";
    Regex::new(&format!(
        r"(?i)\s*[|•·●◆►▪⋅»]|\s+[—–-]\s|\s+on\s+(?:{weekdays}|{months}|\d)|{months}\s*\d|\d{{1,2}}(?:st|nd|rd|th)?\s+{months}|\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|\b(?:updated|published|posted|last updated|reviewed|fact[- ]checked|sponsored|no comments|comments?|min read|\d+\s*min)\b"
    ))
    .expect("valid")
});

/// A byline made a name: references decoded (twice: `&amp;amp;` occurs),
/// "By" and "Written by" dropped, cut before a date, a separator or
/// "Updated", trimmed of punctuation.
pub(super) fn clean_name(s: &str) -> String {
    let once = unescape(s);
    let mut s = norm_ws(&unescape(&once));
    s = EDGES.replace_all(&s, "").into_owned();
    if let Some(m) = ANY_BY.find(&s) {
        s = s[m.end()..].to_string();
    }
    s = BY_PREFIX.replace(&s, "").into_owned();
    if let Some(m) = CUT.find(&s)
        && m.start() > 0
    {
        s.truncate(m.start());
    }
    norm_ws(&EDGES.replace_all(&s, ""))
}

/// Values that are never a name.
const REJECT: &[&str] = &[
    "admin",
    "administrator",
    "webmaster",
    "undefined",
    "null",
    "none",
    "unknown",
    "author",
    "by",
    "guest",
    "user",
    "root",
    "wordpress",
    "editor",
    "default",
];

static ADDRESS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:https?:|www\.|/)").expect("valid"));
static DOMAIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\.(?:com|org|net|io)(?:/|$)").expect("valid"));
static LETTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[^\W\d_]").expect("valid"));
static READING_TIME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b\d+\s*(?:min|minute|minutes|mins)\b").expect("valid"));
static JUNK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:account|sign in|log ?in|sign up|register|get in touch|contact|edited|share|follow|more|view|read more|about|profile|posts?|members?|author|authors|written by|this article was written by|comments?|reply|quote|report|like|permalink|menu|search|home|subscribe|newsletter|username|user name)$|\b(?:trustpilot|verified|subscribe)\b")
        .expect("valid")
});

/// Whether a cleaned value may be a name: 2 to 80 characters, a letter,
/// at most 12 words, not an address, a placeholder or a reading time.
pub(super) fn valid(name: &str) -> bool {
    let n = name.trim();
    (2..=80).contains(&chars(n))
        && !ADDRESS.is_match(n)
        && !DOMAIN.is_match(&n.to_lowercase())
        && !REJECT.contains(&n.to_lowercase().as_str())
        && LETTER.is_match(n)
        && !READING_TIME.is_match(n)
        && words(n) <= 12
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_look_for_a_writer_finds_by_and_author_in_any_case() {
        for line in [
            "By Ann Lee",
            "WRITTEN BY ANN",
            "Author: Ann",
            "authors: a, b",
        ] {
            assert!(names_a_writer(line), "{line}");
        }
        for line in ["Posted on 4 May 2024", "Share this", ""] {
            assert!(!names_a_writer(line), "{line}");
        }
    }

    #[test]
    fn bylines_are_read_past_the_look() {
        assert_eq!(
            line_byline("Story by Jane Doe", true).as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(
            line_byline("AUTHOR: Jane Doe", false).as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(line_byline("Posted on 4 May 2024", false), None);
    }
}
