//! [`Facts`]: what a page says of itself (title, author, publication date,
//! site name, description, canonical address, image), read from its own
//! declarations first (JSON-LD, OpenGraph and other metas, microdata,
//! `<time>`, `rel=author`, byline elements), then from its lines (the
//! byline and date lines around the headline). A fact that cannot be
//! found is absent, never guessed: an invented date is worse than none.
//!
//! The rules were designed and measured on the WCXB pages' gold facts;
//! `declutter eval --meta` scores them.

mod author;
mod date;
mod dates;
mod json_ld;
pub(crate) mod text;
mod title;

use crate::block::Block;
use crate::input::html::{CaptureKind, PageMarkup};
use crate::label::Label;
use crate::page_type::PageType;
use chrono::NaiveDate;
use json_ld::Record;
use text::{lenient_key, norm_ws};
use url::Url;

/// What a page says of itself.
///
/// ```
/// use declutter::{Cleaner, Page};
/// let html = br#"<html><head><title>Flood barrier approved | The Gazette</title>
///   <meta property="article:published_time" content="2024-05-03T10:00:00+02:00">
///   <link rel="canonical" href="/news/flood-barrier"></head>
///   <body><h1>Flood barrier approved</h1><p class="byline">By Ann Lee</p>
///   <p>The town council voted on Tuesday evening to build a new flood barrier.</p></body></html>"#;
/// let doc = Cleaner::new()?.extract(Page::html(html).with_url("https://gazette.example/x?y=1"))?;
/// let facts = &doc.facts;
/// assert_eq!(facts.title.as_deref(), Some("Flood barrier approved"));
/// assert_eq!(facts.author.as_deref(), Some("Ann Lee"));
/// assert_eq!(facts.date.map(|d| d.to_string()).as_deref(), Some("2024-05-03"));
/// assert_eq!(facts.site_name.as_deref(), Some("The Gazette"));
/// assert_eq!(facts.url.as_deref(), Some("https://gazette.example/news/flood-barrier"));
/// # Ok::<(), declutter::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Facts {
    /// The page's own headline: the `<h1>` or the part of `<title>` that
    /// names the page, without the site's name (typographic quotes made
    /// straight).
    pub title: Option<String>,
    /// Who wrote it (several names joined: `A and B`, `A, B, and C`).
    pub author: Option<String>,
    /// When it was published: the day as the page writes it (no time-zone
    /// conversion). Displays as ISO 8601 (`2024-05-03`).
    pub date: Option<NaiveDate>,
    /// The site's name, as the page declares it.
    pub site_name: Option<String>,
    /// The page's description, as it declares it.
    pub description: Option<String>,
    /// The canonical address the page declares (`<link rel=canonical>`),
    /// resolved against its `<base>` and its address.
    pub url: Option<String>,
    /// The page's image (`og:image`, `twitter:image`), resolved the same way.
    pub image: Option<String>,
}

impl Facts {
    /// The facts of a page read into `blocks`, with its markup (HTML), its
    /// address, its blocks' labels and its type, when known.
    pub(crate) fn of(
        blocks: &[Block],
        markup: Option<&PageMarkup>,
        url: Option<&str>,
        labels: &[Label],
        page_type: Option<PageType>,
    ) -> Facts {
        let empty = PageMarkup::default();
        let view = View {
            markup: markup.unwrap_or(&empty),
            url,
            records: json_ld::records(markup.map_or(&[][..], |m| &m.json_ld)),
            lines: blocks.iter().map(|b| b.text.as_ref()).collect(),
            headings: headings(blocks, markup),
            page_type,
        };
        let title = markup.and_then(|_| title::title(&view));
        // Byline and date lines sit near the headline: the first line that
        // is the title, else the first <h1>, else (a plain-text page names
        // no title) the first content line.
        let first_h1 = || {
            let h1 = |b: &Block| b.markup.as_ref().is_some_and(|m| m.heading == 1);
            blocks.iter().position(h1)
        };
        let first_content = || labels.iter().position(|&l| l == Label::Content);
        let anchor = title
            .as_deref()
            .and_then(|t| view.headline_line(t))
            .or_else(first_h1)
            .or_else(first_content);
        Facts {
            author: author::author(&view, anchor).map(|(a, _)| a),
            date: date::date(&view, anchor).map(|(d, _)| d),
            site_name: markup.and_then(|_| title::site_name(&view)),
            description: markup.and_then(|_| title::description(&view)),
            url: markup.and_then(|m| resolve(m.canonical.as_deref()?, m, url)),
            image: markup.and_then(|m| resolve(&view.meta_first(IMAGE_METAS)?, m, url)),
            title,
        }
    }
}

/// The metas that name the page's image, in order.
const IMAGE_METAS: &[&str] = &[
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
    "twitter:image:src",
];

/// `href` resolved against the page's `<base>` and address: an absolute
/// `http` or `https` address, else absent.
fn resolve(href: &str, markup: &PageMarkup, page_url: Option<&str>) -> Option<String> {
    let page = page_url.and_then(|u| Url::parse(u).ok());
    let base = match markup.base.as_deref() {
        Some(b) => match &page {
            Some(p) => p.join(b).ok().or(page),
            None => Url::parse(b).ok(),
        },
        None => page,
    };
    let href = href.trim();
    let url = match &base {
        Some(b) => b.join(href),
        None => Url::parse(href),
    }
    .ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

/// The text of the page's visible `<h1>`s (else of its blocks in `<h1>`,
/// for a page read elsewhere), without trailing permalink signs (`¶`, `#`,
/// `🔗`), in order.
fn headings(blocks: &[Block], markup: Option<&PageMarkup>) -> Vec<String> {
    let captured: Vec<&str> = markup
        .iter()
        .flat_map(|m| &m.captures)
        .filter(|c| c.kind == CaptureKind::Heading)
        .map(|c| c.text.as_str())
        .collect();
    let texts: Vec<&str> = match captured.is_empty() {
        false => captured,
        true => blocks
            .iter()
            .filter(|b| b.markup.as_ref().is_some_and(|m| m.heading == 1))
            .map(|b| b.text.as_ref())
            .collect(),
    };
    texts
        .iter()
        .map(|t| {
            let t = norm_ws(t);
            let trimmed = t.trim_end_matches(|c: char| c.is_whitespace() || "¶#🔗".contains(c));
            trimmed.to_string()
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// A page as the fact rules read it.
struct View<'p> {
    markup: &'p PageMarkup,
    url: Option<&'p str>,
    /// Its JSON-LD records.
    records: Vec<Record>,
    /// Its lines (the blocks' texts).
    lines: Vec<&'p str>,
    /// Its visible `<h1>`s.
    headings: Vec<String>,
    /// Its type, when known.
    page_type: Option<PageType>,
}

impl View<'_> {
    /// The non-empty values of the metas whose key is `key`, in order.
    fn metas<'s>(&'s self, key: &str) -> impl Iterator<Item = &'s str> + use<'s> {
        let key = key.to_string();
        self.markup
            .metas
            .iter()
            .filter(move |(k, v)| *k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// The first non-empty value of the metas `keys`, key by key,
    /// whitespace normalised.
    fn meta_first(&self, keys: &[&str]) -> Option<String> {
        keys.iter()
            .flat_map(|k| self.metas(k))
            .map(norm_ws)
            .find(|v| !v.is_empty())
    }

    /// Whether an author or date may come from the page's markup and lines
    /// (bylines, `<time>`, date lines), not only from its declarations: not
    /// on listings, collections, product, service and documentation pages,
    /// where the first teaser's byline or a widget's date is not the page's,
    /// unless the page declares itself an article (its own word over the
    /// predicted type).
    fn reads_visible_facts(&self) -> bool {
        let other = matches!(
            self.page_type,
            Some(
                PageType::Listing
                    | PageType::Collection
                    | PageType::Product
                    | PageType::Service
                    | PageType::Documentation
            )
        );
        !other || self.declares_article()
    }

    /// Whether the page says it is an article: `og:type` article (or blog,
    /// news), or a JSON-LD record of an article type.
    fn declares_article(&self) -> bool {
        let og = |v: &str| {
            ["article", "blog", "blogposting", "news"].contains(&v.to_lowercase().as_str())
        };
        self.metas("og:type").any(og)
            || self.records.iter().any(|r| r.is_any(author::ARTICLE_TYPES))
    }

    /// The first line that is the headline (lenient), if one is.
    fn headline_line(&self, headline: &str) -> Option<usize> {
        let key = lenient_key(headline);
        self.lines.iter().position(|l| lenient_key(l) == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::page::Page;

    fn facts(html: &str, url: Option<&str>) -> Facts {
        let mut page = Page::html_text(html);
        if let Some(url) = url {
            page = page.with_url(url);
        }
        let read = page.read().expect("readable");
        let labels = vec![Label::Content; read.blocks.len()];
        Facts::of(&read.blocks, read.markup.as_deref(), url, &labels, None)
    }

    #[test]
    fn declared_facts_come_first() {
        let html = r#"<html><head><title>Flood barrier approved - The Gazette</title>
            <meta property="og:site_name" content="The Gazette">
            <meta name="description" content="  The council   voted. ">
            <meta property="og:image" content="/img/barrier.jpg">
            <base href="https://cdn.example/news/">
            <script type="application/ld+json">{"@type": "NewsArticle",
              "author": [{"@type": "Person", "name": "Ann Lee"}, "Bob Roy"],
              "datePublished": "2024-05-03T23:30:00-05:00"}</script></head>
            <body><h1>Flood barrier approved</h1><p>By Carl Doe, May 1, 2024</p></body></html>"#;
        let f = facts(html, Some("https://gazette.example/a"));
        assert_eq!(f.title.as_deref(), Some("Flood barrier approved"));
        assert_eq!(f.author.as_deref(), Some("Ann Lee and Bob Roy"));
        assert_eq!(f.date.map(|d| d.to_string()).as_deref(), Some("2024-05-03"));
        assert_eq!(f.site_name.as_deref(), Some("The Gazette"));
        assert_eq!(f.description.as_deref(), Some("The council voted."));
        assert_eq!(
            f.image.as_deref(),
            Some("https://cdn.example/img/barrier.jpg")
        );
        assert_eq!(f.url, None);
    }

    #[test]
    fn lines_near_the_headline_give_what_the_markup_does_not() {
        let html = "<title>Flood barrier approved | The Gazette</title><p>Menu</p>\
            <h1>Flood barrier approved</h1><p>By Ann Lee | 3 May 2024</p><p>The story.</p>";
        let f = facts(html, None);
        assert_eq!(f.author.as_deref(), Some("Ann Lee"));
        assert_eq!(f.date.map(|d| d.to_string()).as_deref(), Some("2024-05-03"));
        let relative = "<h1>Flood barrier</h1><p>Posted 3 days ago</p><p>© 2024 The Gazette</p>";
        assert_eq!(facts(relative, None).date, None);
    }

    #[test]
    fn hostile_declarations_leave_the_fact_absent() {
        let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
        let scripts = [
            "{not json at all".to_string(),
            r#"{"@type": "Article", "datePublished": "99999-01-01", "author": {"name": 42}}"#
                .to_string(),
            deep,
        ];
        for script in scripts {
            let html = format!(
                "<script type=application/ld+json>{script}</script><time datetime='\u{0}zz-99'>\
                 garbage 31/31/31</time><meta property=article:published_time content=2024-02-30>\
                 <link rel=canonical href='javascript:alert(1)'><h1>T</h1><p>x</p>"
            );
            let f = facts(&html, Some("not a url"));
            assert_eq!((f.author, f.date, f.url), (None, None, None), "{script}");
            assert_eq!(f.title.as_deref(), Some("T"));
        }
    }

    #[test]
    fn a_canonical_address_is_resolved() {
        let html = "<link rel=canonical href='/news/a?b=1'><p>x</p>";
        let f = facts(html, Some("https://gazette.example/x/y"));
        assert_eq!(f.url.as_deref(), Some("https://gazette.example/news/a?b=1"));
        assert_eq!(facts(html, None).url, None);
    }

    #[test]
    fn a_text_page_has_the_lines_near_its_first_content_line() {
        let blocks =
            Block::from_texts(["Home", "Flood barrier approved", "By Ann Lee", "2024-05-03"]);
        let labels = [
            Label::Boilerplate,
            Label::Content,
            Label::Content,
            Label::Content,
        ];
        let f = Facts::of(&blocks, None, None, &labels, None);
        assert_eq!(f.title, None);
        assert_eq!(f.author.as_deref(), Some("Ann Lee"));
        assert_eq!(f.date.map(|d| d.to_string()).as_deref(), Some("2024-05-03"));
    }
}
