//! When the page was published: the first valid date of, in order, the
//! `article:published_time` metas, the JSON-LD article's `datePublished`,
//! other date metas, microdata `datePublished`, a `/yyyy/mm/dd/` address,
//! a `<time>` marked as the publication's or in the article, a date line
//! near the headline, and last an "Updated" date line there. Declared
//! modification dates are never used, relative dates are never computed,
//! and a date not found is absent.

use super::View;
use super::dates::{has_ascii_digit, iso_prefix, parse_structured, parse_text, valid};
use super::text::chars;
use crate::input::html::{CaptureKind, Captured};
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// Where the page's date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    PublishedMeta,
    JsonLd,
    OtherMeta,
    ItemProp,
    Address,
    Time,
    TextLine,
    UpdatedLine,
}

impl Source {
    /// Whether the source is the page's markup or lines rather than its
    /// declarations (metas, JSON-LD, microdata, address).
    fn is_visible(self) -> bool {
        matches!(self, Source::Time | Source::TextLine | Source::UpdatedLine)
    }
}

/// The metas that say when an article was published, first.
const PUBLISHED_METAS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article:published",
    "published_time",
];

/// The other metas that date a page, in order (never a modification date).
const OTHER_METAS: &[&str] = &[
    "datepublished",
    "sailthru.date",
    "parsely-pub-date",
    "pubdate",
    "publish_date",
    "publish-date",
    "publishdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.date",
    "dc.date.created",
    "dcterms.created",
    "datecreated",
    "og:publish_date",
    "cxenseparse:publishtime",
    "article.published",
    "publication_date",
    "date-pub",
    "published_at",
    "citation_publication_date",
    "citation_date",
    "published",
];

/// The JSON-LD types whose date is the page's (never `WebPage`, whose date
/// some site generators put on every page, nor reviews, offers, events).
const ARTICLE_TYPES: &[&str] = &[
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
    "SocialMediaPosting",
    "DiscussionForumPosting",
    "Question",
    "HowTo",
    "Recipe",
    "VideoObject",
    "MedicalWebPage",
    "Posting",
];

/// The page's publication date and where it was found.
pub(super) fn date(view: &View, anchor: Option<usize>) -> Option<(NaiveDate, Source)> {
    let chain: [(Source, &dyn Fn() -> Option<NaiveDate>); 8] = [
        (Source::PublishedMeta, &|| metas(view, PUBLISHED_METAS)),
        (Source::JsonLd, &|| json_ld(view)),
        (Source::OtherMeta, &|| metas(view, OTHER_METAS)),
        (Source::ItemProp, &|| item_prop(view)),
        (Source::Address, &|| address(view.url?)),
        (Source::Time, &|| time(view)),
        (Source::TextLine, &|| text_line(view, anchor?, false)),
        (Source::UpdatedLine, &|| text_line(view, anchor?, true)),
    ];
    chain
        .iter()
        .filter(|(source, _)| !source.is_visible() || view.reads_visible_facts())
        .find_map(|(source, find)| Some((find()?, *source)))
}

/// The first valid date of the metas `keys`, key by key.
fn metas(view: &View, keys: &[&str]) -> Option<NaiveDate> {
    keys.iter()
        .find_map(|k| view.metas(k).find_map(parse_structured))
}

/// The first article-like record's `datePublished`, else `dateCreated`,
/// else `uploadDate`, written as a machine writes dates (a JSON-LD date
/// written out, "Jun 24, 2025", is a template's, often the build's).
fn json_ld(view: &View) -> Option<NaiveDate> {
    view.records
        .iter()
        .filter(|r| r.is_any(ARTICLE_TYPES))
        .find_map(|r| {
            [&r.date_published, &r.date_created, &r.upload_date]
                .into_iter()
                .flatten()
                .find_map(|d| iso_prefix(d).flatten())
        })
}

/// Microdata `itemprop=datePublished` (or `dateCreated`) on an element:
/// its `content` or `datetime`, else its text.
fn item_prop(view: &View) -> Option<NaiveDate> {
    view.markup.captures.iter().find_map(|c| match &c.kind {
        CaptureKind::ItemProp { prop, content, .. }
            if prop
                .split_whitespace()
                .any(|p| p == "datepublished" || p == "datecreated") =>
        {
            let value = content
                .as_deref()
                .filter(|v| !v.is_empty())
                .unwrap_or(&c.text);
            parse_structured(value)
        }
        _ => None,
    })
}

static ADDRESS_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)[0-9][0-9])/([0-9]{1,2})/([0-9]{1,2})(?:/|$|-)").expect("valid")
});

/// A `/2024/05/03/` in the page's address.
fn address(url: &str) -> Option<NaiveDate> {
    let c = ADDRESS_DATE.captures(url)?;
    let part = |i: usize| c.get(i)?.as_str().parse::<u32>().ok();
    valid(c.get(1)?.as_str().parse().ok()?, part(2)?, part(3)?)
}

static GOOD_TIME_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)publish|posted|entry-date|post-date|post-meta|entry-meta|byline|article-date|dateline|created|date-published|meta-date|timestamp")
        .expect("valid")
});
static BAD_TIME_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)comment|related|recommend|sidebar|widget|footer|reply|review|teaser|card|popular|latest|more-|trending|upcoming|event")
        .expect("valid")
});
static UPDATED_CLASS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)updated|modified").expect("valid"));

/// The first `<time>` marked as the publication's (`pubdate`, an
/// `itemprop` of a publication date, a class that says so, outside
/// comments and teasers), else the first in the article outside asides,
/// teasers and modification dates: its `datetime`, else its text.
fn time(view: &View) -> Option<NaiveDate> {
    let times: Vec<(&Captured, Option<&str>, bool)> = view
        .markup
        .captures
        .iter()
        .filter_map(|c| match &c.kind {
            CaptureKind::Time {
                datetime,
                published,
            } => Some((c, datetime.as_deref(), *published)),
            _ => None,
        })
        .collect();
    let value = |text: &str, datetime: Option<&str>| {
        datetime
            .and_then(parse_structured)
            .or_else(|| parse_text(text))
    };
    let marked = times.iter().find_map(|&(c, datetime, published)| {
        let context = prefix(&c.context, 200);
        let marked = published || GOOD_TIME_CONTEXT.is_match(context);
        let bad = BAD_TIME_CONTEXT.is_match(context) && !published;
        (marked && !bad).then(|| value(&c.text, datetime)).flatten()
    });
    marked.or_else(|| {
        times.iter().find_map(|&(c, datetime, _)| {
            let ok = c.in_article
                && !c.aside
                && !BAD_TIME_CONTEXT.is_match(&c.context)
                && !UPDATED_CLASS.is_match(prefix(&c.context, 120));
            ok.then(|| value(&c.text, datetime)).flatten()
        })
    })
}

/// At most the first `n` bytes of `s`, cut at a character boundary.
fn prefix(s: &str, n: usize) -> &str {
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

static NOT_PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)©|copyright|\b(?:event|deadline|expires?|valid|until|through|closes|starts?|ends?|opening|registration|webinar|born|died|since|est\.|established|founded)\b")
        .expect("valid")
});
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:ago|yesterday|today|hace|il y a|vor\s+\d|前)\b").expect("valid")
});
static UPDATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:updated|modified|last\s+edited|edited|revised|aktualisiert|mis à jour|actualizado)\b")
        .expect("valid")
});
static PUBLISHED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:published|posted)\b").expect("valid"));

/// The first date in the lines from 3 before the headline to 25 after it,
/// skipping long lines, events, copyrights, relative dates and lines that
/// only say when the page was updated (unless `updated` allows them: the
/// last resort, for the date a page shows is the one readers take for it).
fn text_line(view: &View, start: usize, updated: bool) -> Option<NaiveDate> {
    let lines = &view.lines[start.saturating_sub(3)..(start + 25).min(view.lines.len())];
    lines.iter().find_map(|line| {
        if !has_ascii_digit(line)
            || chars(line) > 150
            || NOT_PUBLISHED.is_match(line)
            || RELATIVE.is_match(line)
        {
            return None;
        }
        let date = parse_text(line)?;
        let updated_only = UPDATED.is_match(line) && !PUBLISHED.is_match(line);
        (updated || !updated_only).then_some(date)
    })
}
