//! The page's own headline (its `<h1>` or the run of its `<title>` that
//! matches one, without the site name the title appends), the site's name
//! and the page's description.

use super::View;
use super::json_ld::Name;
use super::text::{chars, host, lenient_key, norm_ws, segments, straight_quotes};
use crate::page_type::PageType;
use std::collections::HashSet;

/// The most `<h1>`s weighed.
const HEADINGS: usize = 3;

/// The share of a heading's content words the title must hold for the
/// heading to be the headline (chosen on site-disjoint folds: 0.5 in 4 of 5).
const OVERLAP: f64 = 0.5;

/// The longest headline taken from an `<h1>` that only overlaps the title.
const MAX_HEADING_CHARS: usize = 200;

/// The page's headline, with straight quotes.
pub(super) fn title(view: &View) -> Option<String> {
    raw_title(view).map(|t| straight_quotes(&t))
}

fn raw_title(view: &View) -> Option<String> {
    let og = view.meta_first(&["og:title", "twitter:title"]);
    let mut t = norm_ws(view.markup.title_element.as_deref().unwrap_or(""));
    if t.is_empty() {
        t = og.clone().unwrap_or_default();
    }
    let headings = &view.headings[..view.headings.len().min(HEADINGS)];
    if let Some(h) = heading_in_title(&t, headings) {
        return Some(h);
    }
    let reference = format!("{t} {}", og.as_deref().unwrap_or(""));
    // A service page's <h1> is a slogan more often than its name.
    if view.page_type != Some(PageType::Service)
        && let Some(h) = overlapping_heading(&reference, headings)
    {
        return Some(h.to_string());
    }
    if t.is_empty() {
        return headings.first().cloned();
    }
    Some(strip_site(view, &t))
}

/// Step A: the heading that lenient-equals a run of the title's segments
/// (longest runs first); an all-capitals heading gives the run instead.
fn heading_in_title(t: &str, headings: &[String]) -> Option<String> {
    if t.is_empty() || headings.is_empty() {
        return None;
    }
    let spans = segments(t);
    let mut runs: Vec<(usize, usize)> = (0..spans.len())
        .flat_map(|i| (i..spans.len()).map(move |j| (i, j)))
        .collect();
    runs.sort_by_key(|&(i, j)| std::cmp::Reverse(j - i));
    let keys: Vec<String> = headings.iter().map(|h| lenient_key(h)).collect();
    for (i, j) in runs {
        let run = &t[spans[i].0..spans[j].1];
        let key = lenient_key(run);
        // The last heading of a key, as a map from key to heading keeps it.
        if let Some(k) = keys.iter().rposition(|k| *k == key) {
            let h = &headings[k];
            let shouts = h.to_uppercase() == *h && run.to_uppercase() != run;
            return Some(if shouts { run.to_string() } else { h.clone() });
        }
    }
    None
}

/// Words that do not count in the overlap of a heading with the title.
const STOP: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "for", "to", "in", "on", "at", "by", "with", "from", "is",
    "are", "be", "your", "our", "you", "we", "my", "how", "what", "why", "this", "that", "it",
    "its", "as", "vs",
];

fn content_words(s: &str) -> Vec<String> {
    lenient_key(s)
        .split(' ')
        .filter(|w| !w.is_empty() && !STOP.contains(w))
        .map(str::to_string)
        .collect()
}

/// The share of the heading's content words found in `reference`.
fn overlap(heading: &str, reference: &HashSet<String>) -> f64 {
    let words = content_words(heading);
    if words.is_empty() {
        return 0.0;
    }
    let found = words.iter().filter(|w| reference.contains(*w)).count();
    found as f64 / words.len() as f64
}

/// Step B: the heading whose content words the title holds best (the
/// earlier on ties), when it holds enough of them.
fn overlapping_heading<'h>(reference: &str, headings: &'h [String]) -> Option<&'h str> {
    let reference: HashSet<String> = content_words(reference).into_iter().collect();
    let mut best: Option<(&str, f64)> = None;
    for h in headings {
        let o = overlap(h, &reference);
        if best.is_none_or(|(_, b)| o > b) {
            best = Some((h, o));
        }
    }
    let (h, o) = best?;
    (o >= OVERLAP && chars(h) <= MAX_HEADING_CHARS).then_some(h)
}

/// Step C: the title without the segments that name the site, at its
/// right end then at its left; the first segment left.
fn strip_site(view: &View, t: &str) -> String {
    let spans = segments(t);
    if spans.len() == 1 {
        return t.to_string();
    }
    let segs: Vec<&str> = spans.iter().map(|&(a, b)| &t[a..b]).collect();
    let names: Vec<(String, String)> = site_names(view)
        .iter()
        .map(|n| {
            let k = lenient_key(n);
            let spaceless = k.replace(' ', "");
            (k, spaceless)
        })
        .filter(|(_, s)| !s.is_empty())
        .collect();
    let (mut i, mut j) = (0, segs.len() - 1);
    while j > i && is_site(segs[j], &names) {
        j -= 1;
    }
    while i < j && is_site(segs[i], &names) {
        i += 1;
    }
    segs[i].to_string()
}

/// Whether a segment of the title names the site.
fn is_site(segment: &str, names: &[(String, String)]) -> bool {
    let k = lenient_key(segment);
    if k.is_empty() {
        return true;
    }
    let ks = k.replace(' ', "");
    let few_words = k.split(' ').count() <= 5;
    names.iter().any(|(nk, nks)| {
        k == *nk
            || ks == *nks
            || (chars(nks) >= 4 && few_words && (ks.contains(nks.as_str()) || nks.contains(&ks)))
    })
}

/// What the page calls its site: its declarations, JSON-LD `WebSite` and
/// `Organization` names, publishers, and its host.
fn site_names(view: &View) -> Vec<String> {
    let mut names: Vec<String> = [
        "og:site_name",
        "application-name",
        "apple-mobile-web-app-title",
        "twitter:site",
    ]
    .iter()
    .filter_map(|k| view.meta_first(&[k]))
    .map(|v| v.trim_start_matches('@').to_string())
    .collect();
    for r in &view.records {
        if r.is_any(&["WebSite", "Organization"]) && r.depth <= 2 {
            names.extend(r.name.iter().filter(|n| !n.is_empty()).cloned());
        }
        names.extend(r.publisher.iter().filter_map(|p| match p {
            Name::Text(t) => Some(t.clone()),
            Name::Ref(_) => None,
        }));
    }
    if let Some(h) = host(view.url) {
        names.extend(registrable_label(&h).map(str::to_string));
        names.push(h);
    }
    names.retain(|n| !n.is_empty());
    names
}

/// The label a host is registered under: `klaviyo` of `www.klaviyo.com`,
/// `bbc` of `bbc.co.uk`.
fn registrable_label(host: &str) -> Option<&str> {
    let parts: Vec<&str> = host.split('.').collect();
    let n = parts.len();
    let second = *parts.get(n.checked_sub(2)?)?;
    let generic = ["co", "com", "org", "ac", "gov", "net"].contains(&second);
    Some(if generic && n >= 3 {
        parts[n - 3]
    } else {
        second
    })
}

/// The site's name: `og:site_name`, `application-name`, a JSON-LD
/// `WebSite`'s name, a publisher's, else the last segment of a `<title>`
/// of several (of at most 5 words). Never the host.
pub(super) fn site_name(view: &View) -> Option<String> {
    if let Some(v) = view.meta_first(&["og:site_name", "application-name"]) {
        return Some(v);
    }
    let website = view.records.iter().find_map(|r| {
        let name = r.name.as_deref().filter(|n| !n.is_empty());
        name.filter(|_| r.types.iter().any(|t| t == "WebSite"))
    });
    if let Some(name) = website {
        return Some(norm_ws(name));
    }
    let publisher = view
        .records
        .iter()
        .flat_map(|r| &r.publisher)
        .find_map(|p| match p {
            Name::Text(t) => Some(norm_ws(t)),
            Name::Ref(_) => None,
        });
    if publisher.is_some() {
        return publisher;
    }
    let t = norm_ws(view.markup.title_element.as_deref().unwrap_or(""));
    let spans = segments(&t);
    let &(a, b) = spans.last()?;
    let last = &t[a..b];
    (spans.len() > 1 && !last.is_empty() && last.split_whitespace().count() <= 5)
        .then(|| last.to_string())
}

/// The page's description: `description`, `og:description` or
/// `twitter:description`, else the first JSON-LD description; never made
/// up from the text.
pub(super) fn description(view: &View) -> Option<String> {
    view.meta_first(&["description", "og:description", "twitter:description"])
        .or_else(|| {
            let d = view.records.iter().find_map(|r| r.description.as_deref());
            d.map(norm_ws).filter(|d| !d.is_empty())
        })
}
