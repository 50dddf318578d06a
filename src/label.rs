//! The three labels a paragraph can get (see `LABELS.md` in the project's data).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a paragraph of a scraped page is.
///
/// ```
/// use declutter::Label;
/// let label: Label = "related".parse().unwrap();
/// assert_eq!(label, Label::Related);
/// assert_eq!(label.to_string(), "related");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// The article itself: headline, body, quotes, lists and tables of the story.
    Content,
    /// Site chrome: menus, bylines, share buttons, comment forms, captions, copyright.
    Boilerplate,
    /// Pointers to other content: teasers, related and recommended lists.
    Related,
}

impl Label {
    /// Every label, in the order used for probability arrays and model columns.
    pub const ALL: [Label; 3] = [Label::Content, Label::Boilerplate, Label::Related];

    /// How many labels there are.
    pub const COUNT: usize = 3;

    /// The label's column in probability arrays (`Label::ALL[label.index()] == label`).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The label's name as written in data files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Content => "content",
            Label::Boilerplate => "boilerplate",
            Label::Related => "related",
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing a [`Label`] from a string that names none.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown label {0:?} (expected content, boilerplate or related)")]
#[non_exhaustive]
pub struct UnknownLabel(pub String);

impl FromStr for Label {
    type Err = UnknownLabel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Label::ALL
            .into_iter()
            .find(|label| label.as_str() == s)
            .ok_or_else(|| UnknownLabel(s.to_string()))
    }
}

/// A set of labels, for instance the labels `clean` keeps.
///
/// ```
/// use declutter::{Label, LabelSet};
/// let keep: LabelSet = "content,related".parse().unwrap();
/// assert!(keep.contains(Label::Related));
/// assert!(!keep.contains(Label::Boilerplate));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LabelSet(u8);

impl LabelSet {
    /// The set with no label.
    pub const EMPTY: LabelSet = LabelSet(0);

    /// The set holding one label.
    pub fn only(label: Label) -> Self {
        LabelSet(1 << label.index())
    }

    /// This set with `label` added.
    pub fn with(self, label: Label) -> Self {
        LabelSet(self.0 | (1 << label.index()))
    }

    /// Whether `label` is in the set.
    pub fn contains(self, label: Label) -> bool {
        self.0 & (1 << label.index()) != 0
    }

    /// Whether the set holds no label.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The labels in the set, in [`Label::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Label> {
        Label::ALL.into_iter().filter(move |l| self.contains(*l))
    }
}

impl FromStr for LabelSet {
    type Err = UnknownLabel;

    /// Parses a comma-separated list such as `content,related`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut set = LabelSet::EMPTY;
        for name in s.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            set = set.with(name.parse()?);
        }
        if set.is_empty() {
            return Err(UnknownLabel(s.to_string()));
        }
        Ok(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip_through_their_names() {
        for label in Label::ALL {
            assert_eq!(label.as_str().parse::<Label>().unwrap(), label);
            assert_eq!(Label::ALL[label.index()], label);
        }
        assert!("Content".parse::<Label>().is_err());
    }

    #[test]
    fn label_sets_parse_lists_and_refuse_empty_ones() {
        let set: LabelSet = "content, related".parse().unwrap();
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            [Label::Content, Label::Related]
        );
        assert!("".parse::<LabelSet>().is_err());
        assert!("content,menu".parse::<LabelSet>().is_err());
    }
}
