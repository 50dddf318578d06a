//! The seven kinds of page (see "Pages that are not articles" in the
//! project's `LABELS.md`): what a page exists for decides what its content is.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What kind of page a page is.
///
/// ```
/// use declutter::PageType;
/// let kind: PageType = "forum".parse()?;
/// assert_eq!(kind, PageType::Forum);
/// assert_eq!(kind.to_string(), "forum");
/// assert!("blog".parse::<PageType>().is_err());
/// # Ok::<(), declutter::UnknownPageType>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageType {
    /// A news or blog article, a review, a recipe: one story.
    Article,
    /// A discussion thread, Q&A or community post: every post is content.
    Forum,
    /// One product: its name, description, specifications and tabs.
    Product,
    /// A category page or product grid: the items of the grid.
    Collection,
    /// An index of content (a list of reviews, a catalogue): every card.
    Listing,
    /// An API reference, tutorial or wiki page: the text, code and tables.
    Documentation,
    /// A company's page of what it offers: every section of it.
    Service,
}

impl PageType {
    /// Every page type, in the order of probability arrays and model columns.
    pub const ALL: [PageType; 7] = [
        PageType::Article,
        PageType::Forum,
        PageType::Product,
        PageType::Collection,
        PageType::Listing,
        PageType::Documentation,
        PageType::Service,
    ];

    /// How many page types there are.
    pub const COUNT: usize = 7;

    /// The type's column in probability arrays (`PageType::ALL[t.index()] == t`).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The type's name, as data files and output write it.
    pub fn as_str(self) -> &'static str {
        match self {
            PageType::Article => "article",
            PageType::Forum => "forum",
            PageType::Product => "product",
            PageType::Collection => "collection",
            PageType::Listing => "listing",
            PageType::Documentation => "documentation",
            PageType::Service => "service",
        }
    }
}

impl fmt::Display for PageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing a [`PageType`] from a string that names none.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown page type {0:?} (expected article, forum, product, collection, listing, documentation or service)"
)]
#[non_exhaustive]
pub struct UnknownPageType(pub String);

impl FromStr for PageType {
    type Err = UnknownPageType;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PageType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| UnknownPageType(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_index_the_arrays() {
        for (i, t) in PageType::ALL.into_iter().enumerate() {
            assert_eq!(t.index(), i);
            assert_eq!(t.as_str().parse::<PageType>(), Ok(t));
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{t}\""));
        }
        assert_eq!(PageType::ALL.len(), PageType::COUNT);
    }
}
