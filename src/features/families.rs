//! Families of words that tell kinds of page apart (*I*, *we*, *you*,
//! forum chrome, answers, buying, reviews, browsing, documentation,
//! services, sharing, bylines). The shape group looks each word's family up
//! once, in the token cache, and the page-type features count them; both
//! import it from here.

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// A family of words that tells kinds of page apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Family {
    /// No family.
    None = 0,
    /// *I*, *my*, *me*: a writer of a blog or a forum post.
    I,
    /// *we*, *our*, *us*: a company.
    We,
    /// *you*, *your*: a company or a tutorial addressing its reader.
    You,
    /// Forum chrome: *reply*, *quote*, *posted*, *joined*, *thread*.
    Forum,
    /// Questions and answers: *answer*, *votes*, *accepted*, *asked*.
    Answer,
    /// Buying: *cart*, *checkout*, *stock*, *shipping*, *sku*.
    Commerce,
    /// Reviews and ratings.
    Review,
    /// Browsing a grid: *sort*, *filter*, *results*, *categories*.
    Browse,
    /// Documentation: *api*, *parameters*, *returns*, *install*, *syntax*.
    Doc,
    /// Selling a service: *pricing*, *plans*, *demo*, *solutions*.
    Service,
    /// Sharing: *share*, *facebook*, *twitter*.
    Share,
    /// Bylines: *written*, *author*, *published*, *updated*.
    Byline,
}

/// The words of each family (lowercase).
const FAMILY_WORDS: [(Family, &[&str]); 12] = [
    (Family::I, &["i", "my", "me", "mine", "myself"]),
    (Family::We, &["we", "our", "us", "ours", "ourselves"]),
    (Family::You, &["you", "your", "yours", "yourself"]),
    (
        Family::Forum,
        &[
            "reply",
            "replies",
            "replied",
            "quote",
            "quoted",
            "posted",
            "joined",
            "posts",
            "permalink",
            "thread",
            "threads",
            "topic",
            "topics",
            "member",
            "members",
            "moderator",
            "registered",
            "reputation",
            "karma",
            "newbie",
            "upvote",
            "upvotes",
        ],
    ),
    (
        Family::Answer,
        &[
            "answer", "answers", "answered", "votes", "vote", "accepted", "asked", "solved",
        ],
    ),
    (
        Family::Commerce,
        &[
            "cart", "basket", "checkout", "wishlist", "sku", "qty", "quantity", "stock",
            "shipping", "delivery", "buy", "price", "prices", "sale", "instock", "warranty",
        ],
    ),
    (
        Family::Review,
        &["review", "reviews", "rating", "ratings", "rated", "stars"],
    ),
    (
        Family::Browse,
        &[
            "sort",
            "filter",
            "filters",
            "results",
            "showing",
            "categories",
            "refine",
            "brands",
        ],
    ),
    (
        Family::Doc,
        &[
            "api",
            "parameter",
            "parameters",
            "returns",
            "example",
            "examples",
            "install",
            "installation",
            "version",
            "versions",
            "docs",
            "documentation",
            "reference",
            "argument",
            "arguments",
            "syntax",
            "usage",
            "deprecated",
            "method",
            "methods",
            "function",
            "functions",
            "module",
            "modules",
            "default",
            "configuration",
            "tutorial",
        ],
    ),
    (
        Family::Service,
        &[
            "pricing",
            "plan",
            "plans",
            "trial",
            "demo",
            "contact",
            "sales",
            "features",
            "solutions",
            "customers",
            "testimonials",
            "trusted",
            "services",
            "enterprise",
            "platform",
            "consultation",
            "clients",
        ],
    ),
    (
        Family::Share,
        &[
            "share",
            "tweet",
            "facebook",
            "twitter",
            "linkedin",
            "pinterest",
            "whatsapp",
            "email",
            "instagram",
            "youtube",
        ],
    ),
    (
        Family::Byline,
        &[
            "written",
            "author",
            "authors",
            "published",
            "updated",
            "editor",
        ],
    ),
];

static FAMILIES: LazyLock<FxHashMap<&'static str, Family>> = LazyLock::new(|| {
    let mut map = FxHashMap::default();
    for (family, words) in FAMILY_WORDS {
        for word in words {
            map.entry(*word).or_insert(family);
        }
    }
    map
});

/// The family of a lowercase word.
pub(crate) fn family_of(lower: &str) -> Family {
    FAMILIES.get(lower).copied().unwrap_or(Family::None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_are_looked_up_by_lowercase_word() {
        assert_eq!(family_of("reply"), Family::Forum);
        assert_eq!(family_of("pricing"), Family::Service);
        assert_eq!(family_of("we"), Family::We);
        assert_eq!(family_of("minister"), Family::None);
    }
}
