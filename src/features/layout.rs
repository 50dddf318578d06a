//! The feature groups and the column layout derived from them.
//!
//! A feature row is the `terms` group (the TF-IDF vocabulary, whose width is
//! fitted) followed by the dense groups of [`DENSE_GROUPS`], each declaring
//! its name, its feature names and how neighbouring blocks see it. The column
//! count, the feature names, the columns the second pass sees and the scoring
//! offsets all come from that one declaration, and a model file records the
//! groups by name and width ([`GroupSpec`]).

use super::{markup, page, page_type, section, shape};
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
    pub(crate) name: &'static str,
    /// The names of the block's own features, in column order.
    pub(crate) features: &'static [&'static str],
    /// How neighbouring blocks see them.
    pub(crate) context: Context,
    /// What the group needs, without which a featurizer leaves it out of
    /// its rows altogether.
    pub(crate) needs: Needs,
}

/// What a dense group needs to be in the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Needs {
    /// Nothing: every featurizer has it.
    Nothing,
    /// Markup: a featurizer of HTML pages has it, one of plain text does not.
    Markup,
    /// The page's type probabilities: a featurizer fitted with page types.
    PageTypes,
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
/// entry here plus its computation in [`super::Featurizer::parts`].
pub(crate) const DENSE_GROUPS: [DenseGroup; 5] = [
    DenseGroup {
        name: "shape",
        features: &shape::NAMES,
        context: Context::Neighbours,
        needs: Needs::Nothing,
    },
    DenseGroup {
        name: "page",
        features: &page::NAMES,
        context: Context::Own,
        needs: Needs::Nothing,
    },
    DenseGroup {
        name: "section",
        features: &section::NAMES,
        context: Context::Own,
        needs: Needs::Nothing,
    },
    DenseGroup {
        name: "markup",
        features: &markup::NAMES,
        context: Context::Neighbours,
        needs: Needs::Markup,
    },
    DenseGroup {
        name: "page_type",
        features: &page_type::BLOCK_NAMES,
        context: Context::Own,
        needs: Needs::PageTypes,
    },
];

/// The index in [`DENSE_GROUPS`] of the group named `name`, evaluated at
/// compile time when used in a constant (an unknown name fails the build).
pub(crate) const fn group(name: &str) -> usize {
    let mut g = 0;
    while g < DENSE_GROUPS.len() {
        let (a, b) = (DENSE_GROUPS[g].name.as_bytes(), name.as_bytes());
        if a.len() == b.len() {
            let mut i = 0;
            while i < a.len() && a[i] == b[i] {
                i += 1;
            }
            if i == a.len() {
                return g;
            }
        }
        g += 1;
    }
    panic!("no such dense group")
}

/// The name of the group of TF-IDF terms, the first of every row.
pub(crate) const TERMS: &str = "terms";

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
    /// Whether the markup groups are in the rows.
    markup: bool,
    /// Whether the page-type group is in the rows.
    page_types: bool,
}

impl Layout {
    /// The layout of rows with `terms` TF-IDF columns, with or without the
    /// markup groups and the page-type group.
    pub(crate) fn new(terms: usize, markup: bool, page_types: bool) -> Self {
        Layout {
            terms,
            markup,
            page_types,
        }
    }

    /// The width of the terms group.
    pub(crate) fn terms(self) -> usize {
        self.terms
    }

    /// Whether dense group `g` is in the rows.
    pub(crate) fn uses(self, g: usize) -> bool {
        match DENSE_GROUPS[g].needs {
            Needs::Nothing => true,
            Needs::Markup => self.markup,
            Needs::PageTypes => self.page_types,
        }
    }

    /// The dense groups in the rows, with their index in [`DENSE_GROUPS`].
    pub(crate) fn groups(self) -> impl Iterator<Item = (usize, &'static DenseGroup)> {
        DENSE_GROUPS
            .iter()
            .enumerate()
            .filter(move |(g, _)| self.uses(*g))
    }

    /// The first column of dense group `g` (or where it would be).
    pub(crate) fn start(self, g: usize) -> usize {
        self.terms
            + self
                .groups()
                .take_while(|(h, _)| *h < g)
                .map(|(_, d)| d.width())
                .sum::<usize>()
    }

    /// The number of columns of a row.
    pub(crate) fn n_features(self) -> usize {
        self.start(DENSE_GROUPS.len())
    }

    /// How many own features a block has: every used dense group's own
    /// values, which the second pass sees (in [`DENSE_GROUPS`] order).
    pub(crate) fn own_width(self) -> usize {
        self.groups().map(|(_, d)| d.features.len()).sum()
    }

    /// Every group's name and width, in column order.
    pub(crate) fn specs(self) -> Vec<GroupSpec> {
        let terms = GroupSpec {
            name: TERMS.to_string(),
            width: self.terms,
        };
        let dense = self.groups().map(|(_, g)| GroupSpec {
            name: g.name.to_string(),
            width: g.width(),
        });
        std::iter::once(terms).chain(dense).collect()
    }

    /// A readable name for every column (`term:minist`, `prev:date_shape`, `page:position`).
    pub(crate) fn names(self, terms: &[String]) -> Vec<String> {
        let mut names: Vec<String> = terms.iter().map(|t| format!("term:{t}")).collect();
        for (_, group) in self.groups() {
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

    /// The columns of every used dense group's own values (sorted): what
    /// the second pass sees of the first pass's row.
    #[cfg(test)]
    pub(crate) fn own_columns(self) -> Vec<u32> {
        self.groups()
            .flat_map(|(g, d)| {
                let start = self.start(g) as u32;
                start..start + d.features.len() as u32
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cover_every_column_and_specs_sum_to_it() {
        let layout = Layout::new(2, true, false);
        let names = layout.names(&["a".into(), "b".into()]);
        assert_eq!(names.len(), layout.n_features());
        let widths: usize = layout.specs().iter().map(|s| s.width).sum();
        assert_eq!(widths, layout.n_features());
        assert_eq!(layout.specs()[0].name, TERMS);
    }

    #[test]
    fn own_columns_are_each_groups_own_values() {
        let layout = Layout::new(3, true, false);
        let names = layout.names(&["a".into(), "b".into(), "c".into()]);
        let own = layout.own_columns();
        assert_eq!(own.len(), layout.own_width());
        let text = Layout::new(3, false, false);
        assert_eq!(
            text.specs()
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>(),
            ["terms", "shape", "page", "section"]
        );
        assert_eq!(text.own_width(), 69);
        assert!(own.windows(2).all(|w| w[0] < w[1]));
        assert!(own.iter().all(|&c| {
            let name = &names[c as usize];
            ["self:", "page:", "section:"]
                .iter()
                .any(|p| name.starts_with(p))
        }));
    }
}
