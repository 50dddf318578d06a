//! The `markup` feature group: what an HTML block's markup says of it.
//! Plain-text blocks have no markup, and every value is 0.
//!
//! `markup` (seen by the neighbours too) holds the block's link density,
//! heading level, list, table and form membership, depth, element, ARIA
//! roles and landmark ancestors, and a few families of class and id words
//! that sites use for chrome, comments, teasers and articles.
//!
//! A second group that hashed every class and id token of the chain into
//! 64 columns was measured and dropped: without it, `valid` read from HTML
//! scored macro-F1 0.775 against 0.758 (content F1 0.856 against 0.855);
//! the hashed tokens learn the training sites' own words.

use crate::block::{Block, Markup};
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// The container of a block: its number on the page ([`crate::block::Markup::container`]);
/// 0 for none (a block of plain text), which shares it with no other block.
pub(crate) type Container = u32;

/// How many markup features a block has.
pub(crate) const COUNT: usize = NAMES.len();

/// The markup features of a block, in column order.
pub(crate) const NAMES: [&str; 44] = [
    "has_markup",
    "link_density",
    "all_link",
    "heading_1",
    "heading_2",
    "heading_3_6",
    "in_list",
    "in_table",
    "in_form",
    "depth",
    "element_p",
    "element_li",
    "element_cell",
    "element_div",
    "element_body",
    "element_definition",
    "element_quote",
    "element_pre",
    "element_caption",
    "element_option",
    "element_other",
    "role_navigation",
    "role_banner",
    "role_contentinfo",
    "role_complementary",
    "role_main",
    "in_article",
    "in_section",
    "in_figure",
    "class_nav",
    "class_footer",
    "class_header",
    "class_sidebar",
    "class_comment",
    "class_related",
    "class_share",
    "class_ad",
    "class_content",
    "class_caption",
    "class_meta",
    "class_tags",
    "class_utility",
    "class_title",
    "class_hidden",
];

/// Families of class and id words, each setting one `class_*` feature.
const CLASS_FAMILIES: [(&str, &[&str]); 15] = [
    (
        "class_nav",
        &[
            "nav",
            "navbar",
            "navigation",
            "menu",
            "menubar",
            "topnav",
            "subnav",
        ],
    ),
    (
        "class_footer",
        &["footer", "foot", "copyright", "colophon", "legal"],
    ),
    (
        "class_header",
        &["header", "masthead", "topbar", "branding", "logo"],
    ),
    (
        "class_sidebar",
        &[
            "sidebar", "side", "aside", "widget", "widgets", "rail", "sidebox",
        ],
    ),
    (
        "class_comment",
        &[
            "comment",
            "comments",
            "reply",
            "replies",
            "respond",
            "discussion",
            "disqus",
            "commentlist",
        ],
    ),
    (
        "class_related",
        &[
            "related",
            "recommended",
            "recommend",
            "popular",
            "trending",
            "teaser",
            "teasers",
            "promo",
            "more",
            "most",
            "outbrain",
            "taboola",
            "recirc",
            "card",
            "cards",
        ],
    ),
    (
        "class_share",
        &[
            "share",
            "sharing",
            "social",
            "sharethis",
            "addthis",
            "follow",
            "facebook",
            "twitter",
        ],
    ),
    (
        "class_ad",
        &[
            "ad",
            "ads",
            "advert",
            "advertisement",
            "adsense",
            "sponsor",
            "sponsored",
            "dfp",
        ],
    ),
    (
        "class_content",
        &[
            "article",
            "content",
            "post",
            "entry",
            "story",
            "body",
            "text",
            "main",
            "prose",
            "articlebody",
        ],
    ),
    (
        "class_caption",
        &[
            "caption",
            "credit",
            "photo",
            "image",
            "img",
            "figure",
            "media",
            "gallery",
            "thumbnail",
            "thumb",
        ],
    ),
    (
        "class_meta",
        &[
            "byline",
            "author",
            "date",
            "time",
            "meta",
            "published",
            "dateline",
            "timestamp",
            "posted",
        ],
    ),
    (
        "class_tags",
        &[
            "breadcrumb",
            "breadcrumbs",
            "tags",
            "tag",
            "category",
            "categories",
            "topics",
            "keywords",
        ],
    ),
    (
        "class_utility",
        &[
            "cookie",
            "consent",
            "newsletter",
            "subscribe",
            "signup",
            "login",
            "search",
            "modal",
            "popup",
            "paywall",
        ],
    ),
    ("class_title", &["title", "headline", "heading", "hed"]),
    (
        "class_hidden",
        &[
            "hidden",
            "hide",
            "invisible",
            "sr",
            "screenreader",
            "visually",
        ],
    ),
];

/// The column of each `class_*` feature, in [`CLASS_FAMILIES`] order.
const FIRST_CLASS: usize = 29;

/// The markup features of every block.
pub(crate) fn features(blocks: &[Block]) -> Vec<[f32; COUNT]> {
    blocks
        .iter()
        .map(|b| b.markup.as_deref().map_or([0.0; COUNT], markup_features))
        .collect()
}

/// The container of every block (0 for a block without markup), for the
/// second pass's containers context.
pub(crate) fn containers(blocks: &[Block]) -> Vec<Container> {
    blocks
        .iter()
        .map(|b| b.markup.as_deref().map_or(0, |m| m.container))
        .collect()
}

fn markup_features(m: &Markup) -> [f32; COUNT] {
    let mut f = [0.0f32; COUNT];
    let density = m.link_density();
    let has = |path: &str| m.path.iter().any(|e| **e == *path);
    f[0] = 1.0;
    f[1] = density;
    f[2] = (density >= 0.9) as u8 as f32;
    f[3] = (m.heading == 1) as u8 as f32;
    f[4] = (m.heading == 2) as u8 as f32;
    f[5] = (m.heading >= 3) as u8 as f32;
    f[6] = m.in_list as u8 as f32;
    f[7] = m.in_table as u8 as f32;
    f[8] = m.in_form as u8 as f32;
    f[9] = (m.depth as f32 / 32.0).min(1.0);
    f[10 + element_kind(&m.element)] = 1.0;
    for (k, role) in [
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "main",
    ]
    .iter()
    .enumerate()
    {
        f[21 + k] = m.roles.iter().any(|r| **r == **role) as u8 as f32;
    }
    f[26] = has("article") as u8 as f32;
    f[27] = has("section") as u8 as f32;
    f[28] = has("figure") as u8 as f32;
    let families = m.class_tokens.iter().fold(0u32, |set, t| {
        set | FAMILY_OF.get(&**t).copied().unwrap_or(0)
    });
    for k in 0..CLASS_FAMILIES.len() {
        f[FIRST_CLASS + k] = (families >> k & 1) as f32;
    }
    f
}

/// The families of each class and id word, as bits in [`CLASS_FAMILIES`] order.
static FAMILY_OF: LazyLock<FxHashMap<&'static str, u32>> = LazyLock::new(|| {
    let mut map = FxHashMap::default();
    for (k, (_, words)) in CLASS_FAMILIES.iter().enumerate() {
        for word in *words {
            *map.entry(*word).or_insert(0) |= 1 << k;
        }
    }
    map
});

/// The `element_*` feature of a block element (0 for `p` ... 10 for other).
fn element_kind(element: &str) -> usize {
    match element {
        "p" => 0,
        "li" => 1,
        "td" | "th" | "tr" => 2,
        "div" | "section" | "article" | "main" | "header" | "footer" | "nav" | "aside" => 3,
        "body" | "html" => 4,
        "dt" | "dd" | "dl" => 5,
        "blockquote" => 6,
        "pre" => 7,
        "figcaption" | "caption" | "figure" => 8,
        "option" | "select" => 9,
        _ => 10,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_and_families_line_up() {
        for (k, (name, _)) in CLASS_FAMILIES.iter().enumerate() {
            assert_eq!(NAMES[FIRST_CLASS + k], *name);
        }
        assert_eq!(NAMES[10], "element_p");
        assert_eq!(NAMES[21], "role_navigation");
        assert_eq!(FIRST_CLASS + CLASS_FAMILIES.len(), COUNT);
    }

    #[test]
    fn plain_text_blocks_have_no_markup_features() {
        let blocks = Block::from_texts(["Home"]);
        assert!(features(&blocks)[0].iter().all(|&v| v == 0.0));
    }

    #[test]
    fn a_menu_link_and_an_article_paragraph_differ() {
        let page = crate::input::html::read_html(
            b"<nav class='main-menu'><ul><li><a href='/a'>Home</a></li></ul></nav>\
              <article><p class='story-body'>The minister spoke, officials said.</p></article>",
        )
        .unwrap();
        let f = features(&page.blocks);
        let at = |i: usize, name: &str| f[i][NAMES.iter().position(|n| *n == name).unwrap()];
        assert_eq!(
            (at(0, "link_density"), at(0, "in_list"), at(0, "element_li")),
            (1.0, 1.0, 1.0)
        );
        assert_eq!((at(0, "role_navigation"), at(0, "class_nav")), (1.0, 1.0));
        assert_eq!(
            (
                at(1, "link_density"),
                at(1, "in_article"),
                at(1, "class_content")
            ),
            (0.0, 1.0, 1.0)
        );
    }
}
