//! [`PageParts`]: a page's feature rows in factored form, scored without
//! building them.
//!
//! A row repeats each neighbouring block's dense values (prev, next, ...), so
//! the parts keep every block's values once and [`LinearRows::linear_scores`]
//! computes each block's contribution to each of its neighbours' scores once.
//! The result equals scoring [`PageParts::to_rows`], up to rounding.

use super::layout::{Context, DENSE_GROUPS, Layout, NEIGHBOUR_BLOCKS, WINDOW, group};
use super::markup::Container;
use super::page_type;
use crate::features::rows::{Lanes, LinearRows, SparseRows};
use crate::label::Label;
use crate::page_type::PageType;
use ndarray::Array2;

/// The number of dense groups.
const N_DENSE: usize = DENSE_GROUPS.len();

/// The scores of one label set: `[content, boilerplate, related]`.
type Scores = [f32; Label::COUNT];

/// What a page's feature rows are made of: each block's TF-IDF terms and
/// its own values of every dense group.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PageParts {
    layout: Layout,
    terms: SparseRows,
    /// Per dense group (in [`DENSE_GROUPS`] order), every block's own values,
    /// block after block; empty for a group the layout leaves out.
    dense: [Vec<f32>; N_DENSE],
    /// Every block's container, when the layout has the markup groups.
    containers: Option<Vec<Container>>,
    /// The page's page-type features, when the layout has the page-type group.
    page_row: Option<Vec<f32>>,
}

impl PageParts {
    /// Parts from their computed pieces.
    ///
    /// # Panics
    /// If a dense group does not hold its width of values for every block:
    /// a featurizer bug, not an input error.
    pub(crate) fn new(
        layout: Layout,
        terms: SparseRows,
        dense: [Vec<f32>; N_DENSE],
        containers: Option<Vec<Container>>,
        page_row: Option<Vec<f32>>,
    ) -> Self {
        for (g, (group, values)) in DENSE_GROUPS.iter().zip(&dense).enumerate() {
            let width = if layout.uses(g) {
                group.features.len()
            } else {
                0
            };
            assert_eq!(values.len(), terms.n_rows() * width, "group {}", group.name);
        }
        if let Some(containers) = &containers {
            assert_eq!(
                containers.len(),
                terms.n_rows(),
                "containers of every block"
            );
        }
        PageParts {
            layout,
            terms,
            dense,
            containers,
            page_row,
        }
    }

    /// The page's page-type features ([`super::page_type`]), for a
    /// featurizer with page types.
    pub(crate) fn page_row(&self) -> Option<&[f32]> {
        self.page_row.as_deref()
    }

    /// Gives every block the page-type group's values for the page's type
    /// probabilities `p`: `p` itself and its products with the block
    /// features whose meaning changes with the type. Nothing for a layout
    /// without the group.
    pub(crate) fn set_page_type(&mut self, p: &[f32; PageType::COUNT]) {
        const G: usize = group("page_type");
        if !self.layout.uses(G) {
            return;
        }
        let typed = page_type::TYPED.map(|(group_name, feature)| {
            let g = DENSE_GROUPS.iter().position(|d| d.name == group_name);
            let g = g.filter(|&g| self.layout.uses(g));
            g.and_then(|g| {
                let column = DENSE_GROUPS[g]
                    .features
                    .iter()
                    .position(|f| *f == feature)?;
                Some((g, column))
            })
        });
        let mut values = Vec::with_capacity(self.len() * page_type::BLOCK_WIDTH);
        for i in 0..self.len() {
            let block: [f32; page_type::TYPED.len()] =
                std::array::from_fn(|k| typed[k].map_or(0.0, |(g, column)| self.own(g, i)[column]));
            page_type::block_features(p, &block, &mut values);
        }
        self.dense[G] = values;
    }

    /// The number of blocks.
    pub(crate) fn len(&self) -> usize {
        self.terms.n_rows()
    }

    /// Block `i`'s own values of dense group `g`.
    fn own(&self, g: usize, i: usize) -> &[f32] {
        let width = DENSE_GROUPS[g].features.len();
        &self.dense[g][i * width..(i + 1) * width]
    }

    /// Every block's own values of every dense group in the layout, a row a
    /// block: what the second pass sees of each block.
    pub(crate) fn own_rows(&self) -> Array2<f32> {
        let width = self.layout.own_width();
        let mut values = Vec::with_capacity(self.len() * width);
        for i in 0..self.len() {
            for (g, _) in self.layout.groups() {
                values.extend_from_slice(self.own(g, i));
            }
        }
        Array2::from_shape_vec((self.len(), width), values).expect("own values of every group")
    }

    /// Every block's container ([`crate::Markup::container`]; 0 for a block
    /// of plain text), for a featurizer with the markup groups: what the
    /// second pass's containers context reads.
    pub(crate) fn containers(&self) -> Option<&[u32]> {
        self.containers.as_deref()
    }

    /// The full feature rows, in page order.
    pub(crate) fn to_rows(&self) -> SparseRows {
        let mut rows = SparseRows::new(self.layout.n_features());
        let mut dense = Vec::with_capacity(self.layout.n_features() - self.layout.terms());
        for i in 0..self.len() {
            dense.clear();
            for (g, group) in self.layout.groups() {
                match group.context {
                    Context::Own => dense.extend_from_slice(self.own(g, i)),
                    Context::Neighbours => self.neighbour_values(g, i, &mut dense),
                }
            }
            let offset = self.layout.terms() as u32;
            let dense_entries = dense
                .iter()
                .enumerate()
                .map(|(j, v)| (offset + j as u32, *v));
            rows.push_row(self.terms.row(i).chain(dense_entries));
        }
        rows
    }

    /// Appends the [`NEIGHBOUR_BLOCKS`] copies of group `g` for block `i`.
    fn neighbour_values(&self, g: usize, i: usize, out: &mut Vec<f32>) {
        let width = DENSE_GROUPS[g].features.len();
        let n = self.len();
        let absent = vec![0.0; width];
        let at = |j: Option<usize>| j.filter(|&j| j < n).map_or(&absent[..], |j| self.own(g, j));
        out.extend_from_slice(self.own(g, i));
        out.extend_from_slice(at(i.checked_sub(1)));
        out.extend_from_slice(at(Some(i + 1)));
        out.extend_from_slice(at(i.checked_sub(2)));
        out.extend_from_slice(at(Some(i + 2)));
        let (lo, hi) = window(i, n);
        let mut mean = vec![0.0f32; width];
        for j in (lo..hi).filter(|&j| j != i) {
            mean.iter_mut()
                .zip(self.own(g, j))
                .for_each(|(m, v)| *m += v);
        }
        let count = (hi - lo - 1).max(1) as f32;
        out.extend(mean.iter().map(|m| m / count));
    }

    /// Adds group `g`'s contributions (a [`Context::Neighbours`] group) to
    /// every block's scores. Each block's six copies are scored in one pass
    /// over its values (contiguous multiply-adds the compiler vectorises),
    /// and the window mean is a mean of those contributions.
    fn add_neighbour_scores(&self, g: usize, weights: &[f32], scores: &mut [Scores]) {
        const COPIES: usize = NEIGHBOUR_BLOCKS.len();
        let width = DENSE_GROUPS[g].features.len();
        let start = self.layout.start(g);
        let w = |col: usize| &weights[col * 3..col * 3 + 3];
        // The weights of feature `f` in every copy, side by side.
        let copy_weights: Vec<[f32; COPIES * 3]> = (0..width)
            .map(|f| {
                let mut row = [0.0f32; COPIES * 3];
                for k in 0..COPIES {
                    row[k * 3..k * 3 + 3].copy_from_slice(w(start + k * width + f));
                }
                row
            })
            .collect();
        let n = self.len();
        let blocks: Vec<[Scores; COPIES]> = self.dense[g]
            .chunks_exact(width)
            .map(|own| {
                let mut sum = [0.0f32; COPIES * 3];
                for (&x, row) in own.iter().zip(&copy_weights) {
                    if x != 0.0 {
                        sum.iter_mut().zip(row).for_each(|(s, w)| *s += x * w);
                    }
                }
                std::array::from_fn(|k| [sum[k * 3], sum[k * 3 + 1], sum[k * 3 + 2]])
            })
            .collect();
        let mut window_prefix = vec![[0.0f32; 3]; n + 1];
        for j in 0..n {
            window_prefix[j + 1] = std::array::from_fn(|l| window_prefix[j][l] + blocks[j][5][l]);
        }
        for (i, score) in scores.iter_mut().enumerate() {
            let mut add = |c: &Scores, x: f32| (0..3).for_each(|l| score[l] += x * c[l]);
            add(&blocks[i][0], 1.0);
            let neighbours = [
                (i.checked_sub(1), 1),
                (Some(i + 1), 2),
                (i.checked_sub(2), 3),
                (Some(i + 2), 4),
            ];
            for (j, k) in neighbours {
                if let Some(j) = j.filter(|&j| j < n) {
                    add(&blocks[j][k], 1.0);
                }
            }
            let (lo, hi) = window(i, n);
            let count = (hi - lo - 1).max(1) as f32;
            let sum: Scores = std::array::from_fn(|l| {
                window_prefix[hi][l] - window_prefix[lo][l] - blocks[i][5][l]
            });
            add(&sum, 1.0 / count);
        }
    }

    /// Adds group `g`'s contributions (a [`Context::Own`] group) to every block's scores.
    /// The labels' sums are kept side by side in [`Lanes`] (vector
    /// instructions, no branch a feature): each label's score gets the same
    /// additions in the same order (a zero feature adds zero).
    fn add_own_scores(&self, g: usize, weights: &[f32], scores: &mut [Scores]) {
        let start = self.layout.start(g);
        let width = DENSE_GROUPS[g].features.len();
        let group_weights = Lanes::of(&weights[start * 3..(start + width) * 3]);
        for (score, own) in scores.iter_mut().zip(self.dense[g].chunks_exact(width)) {
            let mut lanes = Lanes::from_scores(*score);
            lanes.add_products(own, &group_weights);
            *score = lanes.scores();
        }
    }
}

/// The blocks `lo..hi` within [`WINDOW`] of block `i` on a page of `n` (`i` included).
fn window(i: usize, n: usize) -> (usize, usize) {
    (i.saturating_sub(WINDOW), (i + WINDOW + 1).min(n))
}

impl linfa::dataset::Records for PageParts {
    type Elem = f32;

    fn nsamples(&self) -> usize {
        self.len()
    }

    fn nfeatures(&self) -> usize {
        self.layout.n_features()
    }
}

impl LinearRows for PageParts {
    fn linear_scores(&self, weights: &[f32], intercept: Scores) -> Vec<Scores> {
        assert_eq!(
            weights.len(),
            self.layout.n_features() * 3,
            "weights of other rows"
        );
        let mut scores: Vec<Scores> = (0..self.len())
            .map(|i| {
                let mut score = intercept;
                for (col, value) in self.terms.row(i) {
                    let c = &weights[col as usize * 3..col as usize * 3 + 3];
                    (0..3).for_each(|l| score[l] += value * c[l]);
                }
                score
            })
            .collect();
        for (g, group) in self.layout.groups() {
            match group.context {
                Context::Own => self.add_own_scores(g, weights, &mut scores),
                Context::Neighbours => self.add_neighbour_scores(g, weights, &mut scores),
            }
        }
        scores
    }
}
