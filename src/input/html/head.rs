//! What a page says of itself beside its blocks: its title (from `<title>`,
//! else the `og:title` meta, else the first `<h1>`), its `<meta>`
//! declarations, its JSON-LD scripts and microdata types, its canonical
//! address, base and language, and a census of its elements (how many of
//! some tags, how many elements carry each class or id token). Page-level
//! features (the page's type) and page facts read these.

use super::entities::decode_refs;
use super::lexer::Attrs;
use super::strings::normalize;
use std::sync::Arc;

/// At most this many `<meta>` declarations are kept a page.
const MAX_METAS: usize = 256;
/// At most this many bytes of a `<meta>` content are kept.
const MAX_META_BYTES: usize = 4096;
/// At most this many JSON-LD scripts are kept a page.
const MAX_JSON_LD: usize = 16;
/// At most this many bytes of JSON-LD are kept a page.
const MAX_JSON_LD_BYTES: usize = 1 << 20;
/// At most this many microdata types are kept a page.
const MAX_ITEM_TYPES: usize = 64;

/// The tags whose elements the census counts, in [`ElementCounts`] order.
pub(crate) const COUNTED_TAGS: [&str; 12] = [
    "code", "kbd", "samp", "pre", "button", "img", "picture", "article", "table", "form", "input",
    "time",
];

/// How many elements of each of [`COUNTED_TAGS`] a page has.
pub(crate) type ElementCounts = [u32; COUNTED_TAGS.len()];

/// What an HTML page's markup says of the whole page.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PageMarkup {
    /// `<title>`, else the `og:title` meta, else the first `<h1>`,
    /// whitespace normalised.
    pub(crate) title: Option<String>,
    /// The raw text of the first `<title>` (references decoded).
    pub(crate) title_element: Option<String>,
    /// Each `<meta>`'s key (its `property`, else `name`, else `itemprop`,
    /// lowercased) and `content`, references decoded, in document order.
    pub(crate) metas: Vec<(String, String)>,
    /// The text of each `<script type="application/ld+json">`.
    pub(crate) json_ld: Vec<String>,
    /// Each `itemtype` attribute's value.
    pub(crate) item_types: Vec<String>,
    /// The `href` of `<link rel="canonical">`.
    pub(crate) canonical: Option<String>,
    /// The `href` of `<base>`.
    pub(crate) base: Option<String>,
    /// The `lang` of `<html>`.
    pub(crate) lang: Option<String>,
    /// How many visible elements of each counted tag there are.
    pub(crate) elements: ElementCounts,
    /// Each class or id token (lowercased, whole and split at `-` and `_`)
    /// of the visible elements, with how many elements carry it.
    pub(crate) class_tokens: Vec<(Arc<str>, u32)>,
    /// The visible elements that may say who wrote the page and when:
    /// `<time>`, microdata `itemprop`s, `rel=author` links and elements
    /// whose class or id names an author or byline, and the `<h1>`s, in
    /// document order.
    pub(crate) captures: Vec<Captured>,
}

/// A visible element that may say who wrote the page and when, with its
/// text and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Captured {
    /// What kind of element it is.
    pub(crate) kind: CaptureKind,
    /// Its text, references decoded, whitespace normalised (at most
    /// [`MAX_CAPTURE_BYTES`] of it).
    pub(crate) text: String,
    /// The lowercased class and id tokens of the element and its
    /// ancestors, innermost first, space-separated (at most 512 bytes).
    pub(crate) context: String,
    /// Whether it is inside an `<article>`, `<header>` or `<main>`.
    pub(crate) in_article: bool,
    /// Whether it is inside an `<aside>`, or a `<footer>` outside every
    /// `<article>`.
    pub(crate) aside: bool,
}

/// The kinds of [`Captured`] element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CaptureKind {
    /// `<time>`, with its `datetime`, and whether it has `pubdate` (one
    /// with an `itemprop` of a publication date is an [`CaptureKind::ItemProp`]).
    Time {
        datetime: Option<String>,
        published: bool,
    },
    /// An element with an `itemprop` (lowercased) of `author`, `creator`,
    /// `name`, `datepublished`, `datecreated` or `headline`, with its
    /// `content` or `datetime`, and the `itemprop` of the nearest such
    /// element around it.
    ItemProp {
        prop: String,
        content: Option<String>,
        within: Option<String>,
    },
    /// An `<a rel=author>`.
    RelAuthor,
    /// An `<h1>` (its text joined across the elements inside it).
    Heading,
    /// An element whose class or id names an author or byline (its own
    /// class and id, lowercased).
    Byline { own: String },
}

/// At most this many bytes of a captured element's text are kept.
pub(crate) const MAX_CAPTURE_BYTES: usize = 512;

/// At most this many elements are captured a page.
const MAX_CAPTURES: usize = 192;

impl PageMarkup {
    /// The content of the first `<meta>` whose key is `key` (lowercase).
    pub(crate) fn meta(&self, key: &str) -> Option<&str> {
        self.metas
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// How many visible `tag` elements the page has (0 for an uncounted tag).
    pub(crate) fn count(&self, tag: &str) -> u32 {
        COUNTED_TAGS
            .iter()
            .position(|t| *t == tag)
            .map_or(0, |i| self.elements[i])
    }
}

/// The page's declarations met while reading, in raw form until the end.
#[derive(Debug, Default)]
pub(super) struct Head {
    /// The first `<title>` element's text, references decoded.
    title: Option<String>,
    /// The first `og:title` meta's content, references decoded.
    og_title: Option<String>,
    /// The first `<h1>`'s text (hidden parts too), references decoded.
    h1: Option<String>,
    /// Where the first `<h1>` is on the stack of open elements while its
    /// text is being collected.
    h1_at: Option<usize>,
    metas: Vec<(String, String)>,
    json_ld: Vec<String>,
    json_ld_bytes: usize,
    item_types: Vec<String>,
    canonical: Option<String>,
    base: Option<String>,
    lang: Option<String>,
    elements: ElementCounts,
    captures: Vec<Captured>,
    /// The captures whose element is open, by its index on the stack.
    open_captures: Vec<(usize, usize)>,
}

impl Head {
    /// A `<title>` element's raw text.
    pub(super) fn title_element(&mut self, raw: &str) {
        if self.title.is_none() {
            self.title = Some(decode_refs(raw, false).into_owned());
        }
    }

    /// A `<script>` element's attributes and raw text.
    pub(super) fn script(&mut self, attrs: &Attrs, raw: &str) {
        let json_ld = attrs
            .kind
            .is_some_and(|k| k.trim().eq_ignore_ascii_case("application/ld+json"));
        if json_ld
            && self.json_ld.len() < MAX_JSON_LD
            && self.json_ld_bytes + raw.len() <= MAX_JSON_LD_BYTES
        {
            self.json_ld_bytes += raw.len();
            self.json_ld.push(raw.to_string());
        }
    }

    /// A start tag's attributes, for the declarations they make: `<meta>`,
    /// `<link rel=canonical>`, `<base>`, `<html lang>`, `itemtype`.
    pub(super) fn start_tag(&mut self, name: &str, attrs: &Attrs) {
        match name {
            "meta" => self.meta(attrs),
            "link" if attrs.rel.is_some_and(|r| has_token(r, "canonical")) => {
                set_once(&mut self.canonical, attrs.href);
            }
            "base" => set_once(&mut self.base, attrs.href),
            "html" => set_once(&mut self.lang, attrs.lang),
            _ => {}
        }
        if let Some(types) = attrs.itemtype
            && self.item_types.len() < MAX_ITEM_TYPES
        {
            self.item_types.push(decode_refs(types, true).into_owned());
        }
    }

    fn meta(&mut self, attrs: &Attrs) {
        let Some(content) = attrs.content else {
            return;
        };
        if self.og_title.is_none() && attrs.property == Some("og:title") {
            self.og_title = Some(decode_refs(content, true).into_owned());
        }
        let key = attrs.property.or(attrs.name).or(attrs.itemprop);
        if let Some(key) = key
            && self.metas.len() < MAX_METAS
        {
            let content = truncated(content, MAX_META_BYTES);
            let content = decode_refs(content, true).trim().to_string();
            let key = decode_refs(key, true).trim().to_ascii_lowercase();
            self.metas.push((key, content));
        }
    }

    /// A visible element `name` opening at stack index `at`.
    pub(super) fn open(&mut self, name: &str, at: usize) {
        self.separate();
        if name == "h1" && self.h1.is_none() {
            self.h1 = Some(String::new());
            self.h1_at = Some(at);
        }
    }

    /// A visible element `name`, for the census.
    pub(super) fn count(&mut self, name: &str) {
        if let Some(i) = COUNTED_TAGS.iter().position(|t| *t == name) {
            self.elements[i] = self.elements[i].saturating_add(1);
        }
    }

    /// The element at stack index `at` closing.
    pub(super) fn close(&mut self, at: usize) {
        self.separate();
        if self.h1_at == Some(at) {
            self.h1_at = None;
        }
        while self.open_captures.last().is_some_and(|&(i, _)| i >= at) {
            self.open_captures.pop();
        }
    }

    /// A space in the text of the open captures at an element's edge
    /// ("By<a>Ann</a>" reads "By Ann", as the page facts were measured).
    pub(super) fn separate(&mut self) {
        for &(_, c) in &self.open_captures {
            let text = &mut self.captures[c].text;
            if !text.is_empty() && !text.ends_with(' ') && text.len() < MAX_CAPTURE_BYTES {
                text.push(' ');
            }
        }
    }

    /// Raw character data met while reading (in `<body>` or out of it).
    pub(super) fn text(&mut self, raw: &str) {
        if self.h1_at.is_some()
            && let Some(h1) = self.h1.as_mut()
        {
            h1.push_str(&decode_refs(raw, false));
        }
        if !self.open_captures.is_empty() {
            let decoded = decode_refs(raw, false);
            for &(_, c) in &self.open_captures {
                let text = &mut self.captures[c].text;
                if text.len() < MAX_CAPTURE_BYTES {
                    text.push_str(truncated(&decoded, MAX_CAPTURE_BYTES - text.len()));
                }
            }
        }
    }

    /// Whether a visible element `name` with `attrs` is one that may say
    /// who wrote the page and when, and what kind.
    pub(super) fn capture_kind(&self, name: &str, attrs: &Attrs) -> Option<CaptureKind> {
        if self.captures.len() >= MAX_CAPTURES {
            return None;
        }
        if name == "h1" {
            return Some(CaptureKind::Heading);
        }
        let prop = attrs.itemprop.map(|p| p.trim().to_ascii_lowercase());
        let publication = |p: &str| {
            p.split_whitespace()
                .any(|w| w == "datepublished" || w == "datecreated")
        };
        if name == "time" && !prop.as_deref().is_some_and(publication) {
            let published = attrs.pubdate;
            let datetime = attrs
                .datetime
                .map(|d| decode_refs(d, true).trim().to_string());
            return Some(CaptureKind::Time {
                datetime,
                published,
            });
        }
        if let Some(prop) = prop.filter(|p| {
            ITEM_PROPS
                .iter()
                .any(|k| p.split_whitespace().any(|w| w == *k))
        }) && name != "meta"
        {
            let content = attrs.content.or(attrs.datetime);
            let within =
                self.open_captures
                    .iter()
                    .rev()
                    .find_map(|&(_, c)| match &self.captures[c].kind {
                        CaptureKind::ItemProp { prop, .. } => Some(prop.clone()),
                        _ => None,
                    });
            return Some(CaptureKind::ItemProp {
                prop,
                content: content.map(|c| decode_refs(c, true).trim().to_string()),
                within,
            });
        }
        if name == "a" && attrs.rel.is_some_and(|r| has_token(r, "author")) {
            return Some(CaptureKind::RelAuthor);
        }
        let own = [attrs.class, attrs.id]
            .iter()
            .flatten()
            .map(|v| v.to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        BYLINE_WORDS
            .iter()
            .any(|w| own.contains(w))
            .then_some(CaptureKind::Byline { own })
    }

    /// Starts capturing an element that opens at stack index `at`.
    pub(super) fn open_capture(
        &mut self,
        at: usize,
        kind: CaptureKind,
        context: String,
        place: (bool, bool),
    ) {
        self.open_captures.push((at, self.captures.len()));
        self.captures.push(Captured {
            kind,
            text: String::new(),
            context,
            in_article: place.0,
            aside: place.1,
        });
    }

    /// What the page said of itself, with the census of its class tokens.
    pub(super) fn into_markup(mut self, class_tokens: Vec<(Arc<str>, u32)>) -> PageMarkup {
        for c in &mut self.captures {
            c.text = normalize(&c.text).0;
        }
        let title = [&self.title, &self.og_title, &self.h1]
            .into_iter()
            .flatten()
            .map(|t| normalize(t).0)
            .find(|t| !t.is_empty());
        PageMarkup {
            title,
            title_element: self.title,
            metas: self.metas,
            json_ld: self.json_ld,
            item_types: self.item_types,
            canonical: self.canonical,
            base: self.base,
            lang: self.lang,
            elements: self.elements,
            class_tokens,
            captures: self.captures,
        }
    }
}

/// The `itemprop`s whose elements are captured.
const ITEM_PROPS: [&str; 6] = [
    "author",
    "creator",
    "name",
    "datepublished",
    "datecreated",
    "headline",
];

/// The words of a class or id that name an author or byline.
const BYLINE_WORDS: [&str; 14] = [
    "author",
    "byline",
    "writer",
    "username",
    "user-name",
    "user_name",
    "poster",
    "creator",
    "user-details",
    "user-info",
    "userinfo",
    "post-user",
    "membername",
    "member-name",
];

/// Sets `slot` to the decoded, trimmed `value` unless it is set already.
fn set_once(slot: &mut Option<String>, value: Option<&str>) {
    if slot.is_none()
        && let Some(v) = value.map(|v| decode_refs(v, true).trim().to_string())
        && !v.is_empty()
    {
        *slot = Some(v);
    }
}

/// Whether a space-separated attribute value holds `token` (ASCII case ignored).
fn has_token(value: &str, token: &str) -> bool {
    value
        .split_ascii_whitespace()
        .any(|t| t.eq_ignore_ascii_case(token))
}

/// `s` cut to at most `max` bytes, at a character boundary.
fn truncated(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}
