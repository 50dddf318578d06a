//! The feature groups and the column layout derived from them.
//!
//! A feature row is the `terms` group (the TF-IDF vocabulary, whose width is
//! fitted) followed by the dense groups of [`DENSE_GROUPS`], each declaring
//! its name, its feature names and how neighbouring blocks see it. The column
//! count, the feature names, the columns the second pass sees and the scoring
//! offsets all come from that one declaration, and a model file records the
//! groups by name and width ([`GroupSpec`]).

use super::{page, shape};
use serde::{Deserialize, Serialize};

/// How a dense group's values enter a block's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// The block's own values only.
    Own,
    /// The block's own values, those of the blocks one and two before and
    /// after it, and their mean over [`WINDOW`] blocks on each side: the
    /// [`NEIGHBOUR_BLOCKS`], in that order.
    Neighbours,
}

/// The copies of a [`Context::Neighbours`] group in a row, in column order.
pub(crate) const NEIGHBOUR_BLOCKS: [&str; 6] = ["self", "prev", "next", "prev2", "next2", "window"];

/// How many blocks on each side the `window` copy averages over.
pub(crate) const WINDOW: usize = 3;

/// A named group of dense features, computed for every block of a page.
#[derive(Debug)]
pub(crate) struct DenseGroup {
    /// The group's name, as model files record it.
    pub name: &'static str,
    /// The names of the block's own features, in column order.
    pub features: &'static [&'static str],
    /// How neighbouring blocks see them.
    pub context: Context,
}

impl DenseGroup {
    /// The group's number of columns in a row.
    pub(super) const fn width(&self) -> usize {
        match self.context {
            Context::Own => self.features.len(),
            Context::Neighbours => self.features.len() * NEIGHBOUR_BLOCKS.len(),
        }
    }
}

/// The dense groups, in column order after the terms. Adding a group is one
/// line here plus its computation in [`super::Featurizer::parts`].
pub(crate) const DENSE_GROUPS: [DenseGroup; 2] = [
    DenseGroup {
        name: "shape",
        features: &shape::NAMES,
        context: Context::Neighbours,
    },
    DenseGroup {
        name: "page",
        features: &page::NAMES,
        context: Context::Own,
    },
];

/// The name of the group of TF-IDF terms, the first of every row.
pub(crate) const TERMS: &str = "terms";

/// How many own features a block has: every dense group's own values, which
/// the second pass sees (in [`DENSE_GROUPS`] order).
pub(crate) const OWN_WIDTH: usize = own_width();

const fn own_width() -> usize {
    let mut width = 0;
    let mut g = 0;
    while g < DENSE_GROUPS.len() {
        width += DENSE_GROUPS[g].features.len();
        g += 1;
    }
    width
}

/// A group as a model file records it: its name and width.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSpec {
    /// The group's name.
    pub name: String,
    /// Its number of columns.
    pub width: usize,
}

/// The columns of a row: where each group starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Layout {
    /// The number of terms (the width of the terms group).
    terms: usize,
}

impl Layout {
    /// The layout of rows with `terms` TF-IDF columns.
    pub(crate) fn new(terms: usize) -> Self {
        Layout { terms }
    }

    /// The width of the terms group.
    pub(crate) fn terms(self) -> usize {
        self.terms
    }

    /// The first column of dense group `g`.
    pub(crate) fn start(self, g: usize) -> usize {
        self.terms
            + DENSE_GROUPS[..g]
                .iter()
                .map(DenseGroup::width)
                .sum::<usize>()
    }

    /// The number of columns of a row.
    pub(crate) fn n_features(self) -> usize {
        self.start(DENSE_GROUPS.len())
    }

    /// Every group's name and width, in column order.
    pub(crate) fn specs(self) -> Vec<GroupSpec> {
        let terms = GroupSpec {
            name: TERMS.to_string(),
            width: self.terms,
        };
        let dense = DENSE_GROUPS.iter().map(|g| GroupSpec {
            name: g.name.to_string(),
            width: g.width(),
        });
        std::iter::once(terms).chain(dense).collect()
    }

    /// A readable name for every column (`term:minist`, `prev:date_shape`, `page:position`).
    pub(crate) fn names(self, terms: &[String]) -> Vec<String> {
        let mut names: Vec<String> = terms.iter().map(|t| format!("term:{t}")).collect();
        for group in &DENSE_GROUPS {
            match group.context {
                Context::Own => {
                    names.extend(group.features.iter().map(|n| format!("{}:{n}", group.name)));
                }
                Context::Neighbours => {
                    for block in NEIGHBOUR_BLOCKS {
                        names.extend(group.features.iter().map(|n| format!("{block}:{n}")));
                    }
                }
            }
        }
        names
    }

    /// The columns of every dense group's own values ([`OWN_WIDTH`] of them,
    /// sorted): what the second pass sees of the first pass's row.
    #[cfg(test)]
    pub(crate) fn own_columns(self) -> Vec<u32> {
        (0..DENSE_GROUPS.len())
            .flat_map(|g| {
                let start = self.start(g) as u32;
                start..start + DENSE_GROUPS[g].features.len() as u32
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cover_every_column_and_specs_sum_to_it() {
        let layout = Layout::new(2);
        let names = layout.names(&["a".into(), "b".into()]);
        assert_eq!(names.len(), layout.n_features());
        let widths: usize = layout.specs().iter().map(|s| s.width).sum();
        assert_eq!(widths, layout.n_features());
        assert_eq!(layout.specs()[0].name, TERMS);
    }

    #[test]
    fn own_columns_are_each_groups_own_values() {
        let layout = Layout::new(3);
        let names = layout.names(&["a".into(), "b".into(), "c".into()]);
        let own = layout.own_columns();
        assert_eq!(own.len(), OWN_WIDTH);
        assert!(own.windows(2).all(|w| w[0] < w[1]));
        assert!(own.iter().all(|&c| {
            let name = &names[c as usize];
            name.starts_with("self:") || name.starts_with("page:")
        }));
    }
}
