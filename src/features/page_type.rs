//! The page's own features, one row a page, from which the page-type model
//! tells what kind of page it is (article, forum, product, collection,
//! listing, documentation, service): what a reader would look at.
//!
//! - **Its text** (every input): how many blocks and how long, how much is
//!   long prose and how much the main run holds, how often the writer says
//!   *I*, *we* or *you*, questions, digits, dates, prices and code, lines
//!   that repeat, and lines with words of forum, commerce, review, browsing,
//!   documentation, service, sharing and byline families (each word is
//!   looked up once, in the token cache: [`super::families::family_of`]).
//! - **Its address**, where known (given, else the page's canonical link or
//!   `og:url`): the words of its host and path, its depth, slug, ids, year.
//! - **Its markup** (HTML): schema.org types (JSON-LD and microdata),
//!   `og:type`, the words of `<title>`, families of class and id tokens
//!   (product, price, cart, reply, user, doc, pricing, filter, card), and
//!   counts of code, buttons, images, articles, tables and forms, and how
//!   much of the text is links.
//!
//! The choice of families and words follows a measurement on the training
//! pages' site-disjoint folds (see the model card); counts enter as
//! `ln(1 + n)`, shares as they are.

use super::families::Family;
use super::page::Outline;
use super::shape::{self, Shape, WordShape};
use crate::block::Block;
use crate::input::html::PageMarkup;
use crate::page_type::PageType;
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// The page features, in column order.
pub(crate) const NAMES: [&str; 75] = [
    // text: blocks
    "log_blocks",
    "log_mean_words",
    "prose_word_share",
    "log_prose_blocks",
    "main_run_share",
    "short_share",
    // text: style
    "i_rate",
    "we_rate",
    "you_rate",
    "question_share",
    "digit_share",
    "date_lines",
    "date_share",
    "price_lines",
    "price_alone_lines",
    "code_share",
    "repeated_share",
    "counted_share",
    // text: families of words, lines holding one
    "forum_lines",
    "answer_lines",
    "commerce_lines",
    "review_lines",
    "browse_lines",
    "doc_lines",
    "service_lines",
    "service_share",
    "share_lines",
    "byline_lines",
    "comment_marker_lines",
    "list_marker_lines",
    "text_before_comment_marker",
    // address
    "has_url",
    "url_forum",
    "url_product",
    "url_collection",
    "url_docs",
    "url_blog",
    "url_service",
    "url_listing",
    "url_depth",
    "url_slug",
    "url_numeric_id",
    "url_year",
    "url_root",
    "url_query",
    "url_file",
    // markup
    "is_html",
    "schema_article",
    "schema_product",
    "schema_forum",
    "schema_faq",
    "schema_collection",
    "og_article",
    "og_product",
    "title_forum",
    "title_docs",
    "title_service",
    "class_product",
    "class_price",
    "class_cart",
    "class_reply",
    "class_comment",
    "class_user",
    "class_doc",
    "class_pricing",
    "class_filter",
    "class_card",
    "code_elements",
    "buttons",
    "images",
    "articles",
    "tables",
    "forms",
    "link_share",
    "all_link_share",
];

/// How many page features a page has.
pub(crate) const WIDTH: usize = NAMES.len();

/// What a page's blocks say, gathered block by block while they are
/// tokenized: what the page-type features need of the text.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    /// Each block's word tokens.
    block_words: Vec<usize>,
    /// Word tokens, and those of blocks of at least 8 words.
    words: usize,
    long_words: usize,
    /// Of the tokens of blocks of at least 8 words: I, we, you.
    pronouns: [usize; 3],
    /// Blocks of at least 8 words, and those ending in `?`.
    long_blocks: usize,
    questions: usize,
    /// Per family: blocks holding one of its words (forum and answer words
    /// count in blocks of at most 8 words only).
    family_blocks: [usize; 13],
    /// Blocks with a price, and with a price and at most 4 words.
    prices: usize,
    prices_alone: usize,
    /// Blocks that look like code.
    code: usize,
}

impl Tally {
    /// Adds a block: its text and its tokens' facts.
    pub(crate) fn add(&mut self, text: &str, words: &[WordShape]) {
        let n = words.len();
        self.block_words.push(n);
        self.words += n;
        let mut seen = 0u16;
        let mut pronouns = [0usize; 3];
        for w in words {
            seen |= 1 << w.family();
            if (1..=3).contains(&w.family()) {
                pronouns[usize::from(w.family()) - 1] += 1;
            }
        }
        if n >= 8 {
            self.long_blocks += 1;
            self.long_words += n;
            self.pronouns
                .iter_mut()
                .zip(pronouns)
                .for_each(|(a, b)| *a += b);
            self.questions += usize::from(text.trim_end().ends_with('?'));
        }
        for f in 4..self.family_blocks.len() {
            let short_only = f == Family::Forum as usize || f == Family::Answer as usize;
            if seen & (1 << f) != 0 && (!short_only || n <= 8) {
                self.family_blocks[f] += 1;
            }
        }
        if has_price(text) {
            self.prices += 1;
            self.prices_alone += usize::from(n <= 4);
        }
        self.code += usize::from(looks_like_code(text));
    }
}

/// Whether a text holds a price: a currency sign next to a digit.
fn has_price(text: &str) -> bool {
    let mut last = ' ';
    for c in text.chars() {
        let currency = |c: char| matches!(c, '$' | '€' | '£' | '¥' | '₹');
        if (currency(last) && c.is_ascii_digit()) || (last.is_ascii_digit() && currency(c)) {
            return true;
        }
        if !c.is_whitespace() {
            last = c;
        }
    }
    false
}

/// Whether a line looks like code: a call, an operator of programming
/// languages, a tag, or a statement's end.
fn looks_like_code(text: &str) -> bool {
    let t = text.trim_end();
    // One pass over the byte pairs: every mark is two ASCII bytes.
    t.as_bytes().windows(2).any(|pair| {
        matches!(
            pair,
            b"()" | b"=>" | b"->" | b"::" | b"</" | b"/>" | b"!=" | b"==" | b"&&"
        )
    }) || t.ends_with(['{', '}', ';'])
}

/// What the page-type features read: the page's blocks, their shapes and
/// outline, the tally of their words, its markup and its address.
pub(crate) struct PageView<'a> {
    pub(crate) blocks: &'a [Block<'a>],
    pub(crate) shapes: &'a [Shape],
    pub(crate) outline: &'a Outline,
    pub(crate) tally: &'a Tally,
    pub(crate) markup: Option<&'a PageMarkup>,
    pub(crate) url: Option<&'a str>,
}

/// `ln(1 + n)`.
fn log(n: usize) -> f32 {
    (n as f32).ln_1p()
}

/// The page's features, [`NAMES`] in order.
pub(crate) fn features(page: &PageView) -> Vec<f32> {
    let mut row = Vec::with_capacity(WIDTH);
    text_features(page, &mut row);
    address_features(address(page).as_deref(), &mut row);
    markup_features(page, &mut row);
    debug_assert_eq!(row.len(), WIDTH);
    row
}

/// The page's address: given, else its canonical link, else its `og:url`.
fn address(page: &PageView) -> Option<String> {
    let declared = page
        .markup
        .and_then(|m| m.canonical.as_deref().or_else(|| m.meta("og:url")));
    page.url.or(declared).map(str::to_string)
}

const LONG_AND_TERMINAL: usize = shape::index("long_and_terminal");
const DATE_SHAPE: usize = shape::index("date_shape");
const DIGIT_SHARE: usize = shape::index("digit_share");
const DUPLICATED: usize = shape::index("duplicated_on_page");
const COMMENT_MARKER: usize = shape::index("comment_marker");
const LIST_MARKER: usize = shape::index("list_marker");

fn text_features(page: &PageView, row: &mut Vec<f32>) {
    let (shapes, t) = (page.shapes, page.tally);
    let n = shapes.len().max(1) as f32;
    let count = |column: usize| shapes.iter().filter(|s| s[column] > 0.0).count();
    let block_words = |i: usize| t.block_words.get(i).copied().unwrap_or(0);
    let (mut prose_words, mut prose_blocks, mut short, mut dates) = (0, 0, 0, 0);
    for (i, s) in shapes.iter().enumerate() {
        if s[LONG_AND_TERMINAL] > 0.0 {
            prose_words += block_words(i);
            prose_blocks += 1;
        }
        short += usize::from(block_words(i) <= 3);
        dates += usize::from(s[DATE_SHAPE] > 0.0 && block_words(i) <= 8);
    }
    let words = t.words.max(1) as f32;
    let rate = |k: usize| 100.0 * t.pronouns[k] as f32 / t.long_words.max(1) as f32;
    let digit_share = shapes.iter().map(|s| s[DIGIT_SHARE]).sum::<f32>() / n;
    let run_words: usize = page.outline.run.clone().map(block_words).sum();
    let family = |f: Family| log(t.family_blocks[f as usize]);
    row.extend([
        log(shapes.len()),
        log(t.words / shapes.len().max(1)),
        prose_words as f32 / words,
        log(prose_blocks),
        (run_words as f32 / words).min(1.0),
        short as f32 / n,
        rate(0),
        rate(1),
        rate(2),
        t.questions as f32 / t.long_blocks.max(1) as f32,
        digit_share,
        log(dates),
        dates as f32 / n,
        log(t.prices),
        log(t.prices_alone),
        t.code as f32 / n,
        count(DUPLICATED) as f32 / n,
        page.blocks.iter().filter(|b| counted(&b.text)).count() as f32 / n,
        family(Family::Forum),
        family(Family::Answer),
        family(Family::Commerce),
        family(Family::Review),
        family(Family::Browse),
        family(Family::Doc),
        family(Family::Service),
        t.family_blocks[Family::Service as usize] as f32 / n,
        family(Family::Share),
        family(Family::Byline),
        log(count(COMMENT_MARKER)),
        log(count(LIST_MARKER)),
        text_before_comment_marker(shapes, t),
    ]);
}

/// The share of the page's words before its first comment marker (1 for
/// none): an article with readers' comments has most of its text before
/// them; a forum thread seldom has a marker, or has it near the top.
fn text_before_comment_marker(shapes: &[Shape], t: &Tally) -> f32 {
    let Some(first) = shapes.iter().position(|s| s[COMMENT_MARKER] > 0.0) else {
        return 1.0;
    };
    let before: usize = t.block_words[..first.min(t.block_words.len())].iter().sum();
    before as f32 / t.words.max(1) as f32
}

/// A short line ending in a count, as archive and category widgets print
/// them (`Android (2257)`).
fn counted(text: &str) -> bool {
    let t = text.trim();
    t.len() <= 48 && t.ends_with(')') && t[..t.len() - 1].ends_with(|c: char| c.is_ascii_digit())
}

/// The words of an address's host and path that say what a page is.
const URL_WORDS: [&[&str]; 7] = [
    &[
        "forum",
        "forums",
        "thread",
        "threads",
        "topic",
        "topics",
        "t",
        "questions",
        "question",
        "q",
        "discussion",
        "discussions",
        "community",
        "communities",
        "board",
        "boards",
        "viewtopic",
        "showthread",
        "comments",
        "r",
        "answers",
        "discuss",
        "d",
    ],
    &[
        "product", "products", "p", "dp", "item", "items", "shop", "store", "buy", "sku", "gp",
        "app", "ip",
    ],
    &[
        "category",
        "categories",
        "collections",
        "collection",
        "c",
        "catalog",
        "browse",
        "department",
        "departments",
        "search",
        "s",
        "cat",
        "all",
        "shop",
        "deals",
        "sale",
        "b",
    ],
    &[
        "docs",
        "doc",
        "documentation",
        "api",
        "reference",
        "ref",
        "guide",
        "guides",
        "manual",
        "tutorial",
        "tutorials",
        "learn",
        "wiki",
        "library",
        "sdk",
        "developer",
        "developers",
        "latest",
        "stable",
        "man",
        "howto",
        "std",
        "dev",
        "help",
        "kb",
        "support",
        "handbook",
    ],
    &[
        "blog",
        "blogs",
        "news",
        "article",
        "articles",
        "post",
        "posts",
        "story",
        "stories",
        "opinion",
        "magazine",
        "editorial",
        "insights",
        "press",
    ],
    &[
        "pricing",
        "features",
        "feature",
        "services",
        "service",
        "solutions",
        "solution",
        "platform",
        "enterprise",
        "plans",
        "business",
        "for",
        "about",
        "company",
        "software",
        "integrations",
        "use",
        "cases",
        "industries",
        "consulting",
        "agency",
    ],
    &[
        "reviews",
        "best",
        "list",
        "lists",
        "top",
        "tag",
        "tags",
        "archive",
        "archives",
        "page",
        "author",
        "index",
        "roundup",
        "vs",
        "ranking",
        "rankings",
        "directory",
    ],
];

/// The file endings of a path's last segment that name a script or page.
const FILE_ENDINGS: [&str; 6] = [".html", ".htm", ".php", ".asp", ".aspx", ".jsp"];

fn address_features(url: Option<&str>, row: &mut Vec<f32>) {
    let parsed = url.and_then(|u| url::Url::parse(u.trim()).ok());
    let Some(parsed) = parsed else {
        row.extend([0.0; 15]);
        return;
    };
    let host = parsed.host_str().unwrap_or("").to_ascii_lowercase();
    let path = parsed.path().to_lowercase();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut tokens: Vec<&str> = path
        .split(['/', '-', '_', '.', '?', '=', '&', '+', ',', ';', ':', '%'])
        .filter(|s| !s.is_empty())
        .collect();
    let labels: Vec<&str> = host.split('.').collect();
    tokens.extend(&labels[..labels.len().saturating_sub(1)]);
    let any = |words: &[&str]| tokens.iter().any(|t| words.contains(t)) as u8 as f32;
    let last = segments.last().copied().unwrap_or("");
    let stem = FILE_ENDINGS
        .iter()
        .find_map(|e| last.strip_suffix(e))
        .unwrap_or(last);
    let is_year = |t: &str| t.len() == 4 && (t.starts_with("19") || t.starts_with("20"));
    let numbers: Vec<&str> = (tokens.iter().copied())
        .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    row.push(1.0);
    row.extend(URL_WORDS.map(any));
    row.extend([
        log(segments.len()),
        (stem.split(['-', '_']).filter(|p| !p.is_empty()).count() >= 4) as u8 as f32,
        numbers.iter().any(|t| t.len() >= 4 && !is_year(t)) as u8 as f32,
        numbers.iter().any(|t| is_year(t)) as u8 as f32,
        segments.is_empty() as u8 as f32,
        parsed.query().is_some_and(|q| !q.is_empty()) as u8 as f32,
        FILE_ENDINGS.iter().any(|e| last.ends_with(e)) as u8 as f32,
    ]);
}

/// The schema.org types of each kind of page.
const SCHEMA_TYPES: [&[&str]; 5] = [
    &[
        "article",
        "newsarticle",
        "blogposting",
        "report",
        "scholarlyarticle",
        "liveblogposting",
        "opinionnewsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "recipe",
        "blog",
        "socialmediaposting",
        "techarticle",
    ],
    &[
        "product",
        "offer",
        "aggregateoffer",
        "productgroup",
        "individualproduct",
        "productmodel",
    ],
    &["discussionforumposting", "qapage", "question", "answer"],
    &["faqpage"],
    &[
        "collectionpage",
        "itemlist",
        "offercatalog",
        "searchresultspage",
    ],
];

/// The family of [`CLASS_STEMS`] that holds `price` alone.
const PRICE_FAMILY: usize = 1;

/// The stems of class and id tokens of each family (a token counts when it
/// holds one of them).
const CLASS_STEMS: [&[&str]; 10] = [
    &["product", "sku", "variant", "pdp"],
    &["price"],
    &["cart", "basket", "checkout", "addtobag", "buy"],
    &[
        "reply",
        "replies",
        "quote",
        "answer",
        "vote",
        "thread",
        "topic",
        "forum",
        "message",
        "bbp",
        "phpbb",
        "xenforo",
        "vbulletin",
        "discourse",
    ],
    &["comment"],
    &["user", "author", "avatar", "member", "profile"],
    &[
        "doc",
        "api",
        "highlight",
        "syntax",
        "sphinx",
        "markdown",
        "admonition",
        "hljs",
        "prism",
        "language",
        "signature",
    ],
    &[
        "pricing",
        "plan",
        "feature",
        "testimonial",
        "faq",
        "logo",
        "benefit",
    ],
    &["filter", "facet", "sort", "pagination", "pager"],
    &["card", "grid", "tile", "teaser"],
];

fn markup_features(page: &PageView, row: &mut Vec<f32>) {
    let Some(markup) = page.markup else {
        row.extend([0.0; 29]);
        return;
    };
    let types = schema_types(markup);
    let has_type = |kinds: &[&str]| types.iter().any(|t| kinds.contains(&t.as_str())) as u8 as f32;
    let og = markup.meta("og:type").unwrap_or("").to_ascii_lowercase();
    let title = markup.title_element.as_deref().unwrap_or("").to_lowercase();
    let title_words: Vec<&str> = title.split(|c: char| !c.is_alphanumeric()).collect();
    let in_title = |words: &[&str]| title_words.iter().any(|w| words.contains(w)) as u8 as f32;
    row.push(1.0);
    row.extend(SCHEMA_TYPES.map(has_type));
    row.extend([
        og.starts_with("article") as u8 as f32,
        og.contains("product") as u8 as f32,
        in_title(&[
            "forum",
            "forums",
            "community",
            "thread",
            "discussion",
            "reddit",
            "question",
        ]),
        in_title(&[
            "docs",
            "documentation",
            "api",
            "reference",
            "guide",
            "manual",
            "tutorial",
            "wiki",
        ]),
        in_title(&[
            "pricing",
            "plans",
            "features",
            "platform",
            "software",
            "solutions",
            "services",
        ]),
    ]);
    row.extend(class_counts(markup).map(log));
    let count = |tags: &[&str]| log(tags.iter().map(|t| markup.count(t) as usize).sum());
    row.extend([
        count(&["code", "kbd", "samp"]),
        count(&["button"]),
        count(&["img", "picture"]),
        count(&["article"]),
        count(&["table"]),
        count(&["form"]),
    ]);
    let (chars, links, all_link) = page.blocks.iter().filter_map(|b| b.markup.as_ref()).fold(
        (0u64, 0u64, 0usize),
        |(c, l, a), m| {
            let whole = m.chars > 0 && m.link_chars == m.chars;
            (
                c + u64::from(m.chars),
                l + u64::from(m.link_chars),
                a + usize::from(whole),
            )
        },
    );
    row.push(links as f32 / chars.max(1) as f32);
    row.push(all_link as f32 / page.blocks.len().max(1) as f32);
}

/// Every stem of [`CLASS_STEMS`] in one automaton, with its family.
static CLASS_MATCHER: LazyLock<(AhoCorasick, Vec<usize>)> = LazyLock::new(|| {
    let stems: Vec<(&str, usize)> = (CLASS_STEMS.iter().enumerate())
        .flat_map(|(family, stems)| stems.iter().map(move |s| (*s, family)))
        .collect();
    let automaton = AhoCorasick::new(stems.iter().map(|(s, _)| s)).expect("class stems build");
    (
        automaton,
        stems.into_iter().map(|(_, family)| family).collect(),
    )
});

/// For each family of [`CLASS_STEMS`], how many elements carry a class or
/// id token holding one of its stems (`price` does not count the tokens
/// that also hold `pricing`).
fn class_counts(markup: &PageMarkup) -> [usize; CLASS_STEMS.len()] {
    let (automaton, families) = &*CLASS_MATCHER;
    let mut counts = [0; CLASS_STEMS.len()];
    for (token, n) in &markup.class_tokens {
        let mut found = [false; CLASS_STEMS.len()];
        let (mut price, mut pricing) = (false, false);
        for m in automaton.find_overlapping_iter(&**token) {
            found[families[m.pattern().as_usize()]] = true;
            let stem = &token[m.range()];
            price |= stem == "price";
            pricing |= stem == "pricing";
        }
        found[PRICE_FAMILY] = price && !pricing;
        for (count, _) in counts.iter_mut().zip(found).filter(|(_, f)| *f) {
            *count += *n as usize;
        }
    }
    counts
}

/// The schema.org types a page declares, lowercased and without their
/// vocabulary's address: every `@type` of its JSON-LD (nested, in
/// `@graph`s and arrays too) and every microdata `itemtype`.
pub(crate) fn schema_types(markup: &PageMarkup) -> Vec<String> {
    let mut types = Vec::new();
    for script in &markup.json_ld {
        match serde_json::from_str::<serde_json::Value>(script) {
            Ok(value) => json_types(&value, 0, &mut types),
            Err(_) => quoted_types(script, &mut types),
        }
    }
    for item_types in &markup.item_types {
        types.extend(item_types.split_whitespace().map(str::to_string));
    }
    types
        .iter()
        .map(|t| {
            let t = t.trim().trim_end_matches('/').to_lowercase();
            let t = t.rsplit('/').next().unwrap_or(&t).to_string();
            t.rsplit(':').next().unwrap_or(&t).to_string()
        })
        .collect()
}

/// How deep [`json_types`] goes into nested JSON.
const MAX_JSON_DEPTH: usize = 32;

/// Every `@type` string in `value`, to [`MAX_JSON_DEPTH`] levels.
fn json_types(value: &serde_json::Value, depth: usize, out: &mut Vec<String>) {
    if depth > MAX_JSON_DEPTH || out.len() > 256 {
        return;
    }
    match value {
        serde_json::Value::Object(map) => {
            match map.get("@type") {
                Some(serde_json::Value::String(s)) => out.push(s.clone()),
                Some(serde_json::Value::Array(list)) => {
                    out.extend(list.iter().filter_map(|v| v.as_str().map(str::to_string)));
                }
                _ => {}
            }
            map.values().for_each(|v| json_types(v, depth + 1, out));
        }
        serde_json::Value::Array(list) => list.iter().for_each(|v| json_types(v, depth + 1, out)),
        _ => {}
    }
}

/// The `"@type": "X"` strings of JSON-LD that does not parse.
fn quoted_types(script: &str, out: &mut Vec<String>) {
    for (at, _) in script.match_indices("\"@type\"").take(256) {
        let rest = script[at + 7..].trim_start();
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        let rest = rest.trim_start();
        if let Some(value) = rest.strip_prefix('"')
            && let Some(end) = value.find('"')
        {
            out.push(value[..end].to_string());
        }
    }
}

/// The kinds of page whose blocks read differently, as groups of types: a
/// forum keeps its thread, a grid (collection, listing) its cards, a
/// product its tabs, documentation and service pages their sections.
const TYPE_GROUPS: [(&str, &[PageType]); 4] = [
    ("forum", &[PageType::Forum]),
    ("grid", &[PageType::Collection, PageType::Listing]),
    ("product", &[PageType::Product]),
    ("sections", &[PageType::Documentation, PageType::Service]),
];

/// The block features whose meaning changes with the kind of page, each
/// read from its group's own values of the block: (group, feature).
pub(crate) const TYPED: [(&str, &str); 11] = [
    ("shape", "long_and_terminal"),
    ("shape", "comment_marker"),
    ("page", "after_comment_marker"),
    ("page", "prose_after_main_run"),
    ("page", "prose_far_from_main_run"),
    ("page", "in_main_run"),
    ("section", "prose_in_repeating"),
    ("section", "opened_by_comment_marker"),
    ("markup", "class_comment"),
    ("markup", "in_list"),
    ("markup", "link_density"),
];

/// How many block features the `page_type` group has: the page's type
/// probabilities, then each type group's products with [`TYPED`].
pub(crate) const BLOCK_WIDTH: usize = PageType::COUNT + TYPE_GROUPS.len() * TYPED.len();

/// The names of the `page_type` group's block features, in column order:
/// the page's type probabilities, then each type group's products with
/// [`TYPED`] (checked against both lists by a test).
pub(crate) const BLOCK_NAMES: [&str; BLOCK_WIDTH] = [
    "p_article",
    "p_forum",
    "p_product",
    "p_collection",
    "p_listing",
    "p_documentation",
    "p_service",
    "forum_x_long_and_terminal",
    "forum_x_comment_marker",
    "forum_x_after_comment_marker",
    "forum_x_prose_after_main_run",
    "forum_x_prose_far_from_main_run",
    "forum_x_in_main_run",
    "forum_x_prose_in_repeating",
    "forum_x_opened_by_comment_marker",
    "forum_x_class_comment",
    "forum_x_in_list",
    "forum_x_link_density",
    "grid_x_long_and_terminal",
    "grid_x_comment_marker",
    "grid_x_after_comment_marker",
    "grid_x_prose_after_main_run",
    "grid_x_prose_far_from_main_run",
    "grid_x_in_main_run",
    "grid_x_prose_in_repeating",
    "grid_x_opened_by_comment_marker",
    "grid_x_class_comment",
    "grid_x_in_list",
    "grid_x_link_density",
    "product_x_long_and_terminal",
    "product_x_comment_marker",
    "product_x_after_comment_marker",
    "product_x_prose_after_main_run",
    "product_x_prose_far_from_main_run",
    "product_x_in_main_run",
    "product_x_prose_in_repeating",
    "product_x_opened_by_comment_marker",
    "product_x_class_comment",
    "product_x_in_list",
    "product_x_link_density",
    "sections_x_long_and_terminal",
    "sections_x_comment_marker",
    "sections_x_after_comment_marker",
    "sections_x_prose_after_main_run",
    "sections_x_prose_far_from_main_run",
    "sections_x_in_main_run",
    "sections_x_prose_in_repeating",
    "sections_x_opened_by_comment_marker",
    "sections_x_class_comment",
    "sections_x_in_list",
    "sections_x_link_density",
];

/// A block's `page_type` group values: the page's type probabilities `p`,
/// then for each type group, its summed probability times each of the
/// block's [`TYPED`] values (`typed`, in that order; 0 for a group the
/// layout lacks).
pub(crate) fn block_features(
    p: &[f32; PageType::COUNT],
    typed: &[f32; TYPED.len()],
    out: &mut Vec<f32>,
) {
    out.extend_from_slice(p);
    for (_, types) in TYPE_GROUPS {
        let share: f32 = types.iter().map(|t| p[t.index()]).sum();
        out.extend(typed.iter().map(|v| share * v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_names_follow_the_types_and_the_typed_features() {
        let mut expected: Vec<String> = PageType::ALL.iter().map(|t| format!("p_{t}")).collect();
        for (kind, _) in TYPE_GROUPS {
            expected.extend(TYPED.iter().map(|(_, f)| format!("{kind}_x_{f}")));
        }
        assert_eq!(BLOCK_NAMES.to_vec(), expected);
        let mut out = Vec::new();
        let mut p = [0.0; PageType::COUNT];
        p[PageType::Collection.index()] = 0.25;
        p[PageType::Listing.index()] = 0.5;
        let typed = std::array::from_fn(|j| j as f32);
        block_features(&p, &typed, &mut out);
        assert_eq!(out.len(), BLOCK_WIDTH);
        let grid = BLOCK_NAMES
            .iter()
            .position(|n| *n == "grid_x_comment_marker")
            .unwrap();
        assert_eq!(out[grid], 0.75);
    }

    #[test]
    fn feature_names_are_distinct() {
        let names: std::collections::HashSet<_> = NAMES.iter().collect();
        assert_eq!(names.len(), WIDTH, "feature names are distinct");
    }

    #[test]
    fn class_tokens_count_for_every_family_whose_stem_they_hold() {
        let markup = PageMarkup {
            class_tokens: [
                ("product-price", 2),
                ("pricing-plan", 3),
                ("price-pricing", 5),
            ]
            .map(|(t, n)| (std::sync::Arc::from(t), n))
            .to_vec(),
            ..PageMarkup::default()
        };
        let counts = class_counts(&markup);
        assert_eq!(counts[0], 2, "product");
        assert_eq!(
            counts[PRICE_FAMILY], 2,
            "price, not in a token that says pricing"
        );
        assert_eq!(counts[7], 8, "pricing and plan, once a token");
        assert_eq!(counts.iter().sum::<usize>(), 12);
    }

    #[test]
    fn prices_and_code_are_seen_in_a_line() {
        assert!(has_price("Now $ 19.99") && has_price("24,90 €") && !has_price("$HOME is set"));
        assert!(looks_like_code("let x = f();") && looks_like_code("fn main() {"));
        assert!(!looks_like_code("The minister spoke on Friday."));
        for mark in [
            "a->b", "x => y", "std::io", "</p>", "<br/>", "a != b", "a == b", "a && b",
        ] {
            assert!(looks_like_code(mark), "{mark}");
        }
        assert!(counted("Android (2257)") && !counted("Budget (draft)"));
    }

    #[test]
    fn an_address_says_what_its_words_say() {
        let row = |url: Option<&str>| {
            let mut row = Vec::new();
            address_features(url, &mut row);
            row
        };
        let names = &NAMES[31..46];
        let value = |row: &[f32], name: &str| row[names.iter().position(|n| *n == name).unwrap()];
        let forum = row(Some(
            "https://forum.example.org/t/why-does-my-build-fail/12345?page=2",
        ));
        assert_eq!(forum.len(), 15);
        assert_eq!(value(&forum, "has_url"), 1.0);
        assert_eq!(value(&forum, "url_forum"), 1.0);
        assert_eq!(value(&forum, "url_product"), 0.0);
        assert_eq!(value(&forum, "url_numeric_id"), 1.0);
        assert_eq!(value(&forum, "url_query"), 1.0);
        let blog = row(Some(
            "https://www.example.com/2024/05/the-best-cheap-laptops-this-year.html",
        ));
        assert_eq!(
            [
                value(&blog, "url_year"),
                value(&blog, "url_slug"),
                value(&blog, "url_file")
            ],
            [1.0, 1.0, 1.0]
        );
        assert_eq!(value(&row(Some("https://example.com/")), "url_root"), 1.0);
        assert!(
            row(None)
                .iter()
                .chain(&row(Some("not a url")))
                .all(|v| *v == 0.0)
        );
    }

    #[test]
    fn schema_types_come_from_json_ld_nested_or_broken_and_microdata() {
        let markup = PageMarkup {
            json_ld: vec![
                r#"{"@graph": [{"@type": ["WebPage", "FAQPage"]}, {"author": {"@type": "Person"}}]}"#.into(),
                r#"{"@type": "Product", "name": "broken"#.into(),
            ],
            item_types: vec!["https://schema.org/Offer http://schema.org/Thing/".into()],
            ..PageMarkup::default()
        };
        assert_eq!(
            schema_types(&markup),
            ["webpage", "faqpage", "person", "product", "offer", "thing"]
        );
        let deep = format!(
            "{}{{\"@type\":\"Article\"}}{}",
            "[".repeat(1000),
            "]".repeat(1000)
        );
        let markup = PageMarkup {
            json_ld: vec![deep],
            ..PageMarkup::default()
        };
        // Deeper than serde_json parses: read as text, the type is found.
        assert_eq!(schema_types(&markup), ["article"]);
    }
}
