//! Feature rows: what the featurizer makes and the model scores.
//!
//! [`SparseRows`] is a compressed sparse row (CSR) matrix of `f32`: TF-IDF
//! rows are mostly zeros, so the inference path never builds a dense matrix.
//! [`LinearRows`] is what the model asks of any rows it scores: their linear
//! scores against its weights. Sparse rows, dense `ndarray` rows and the
//! featurizer's factored page rows each answer it in their own way, so the
//! model never needs to know how rows were made.

use crate::label::Label;
use ndarray::Array2;

/// Rows that the model can score: `b + W·x` for every row `x`.
pub trait LinearRows: linfa::dataset::Records<Elem = f32> {
    /// The linear scores of every row, for weights `W` (`nfeatures × 3`,
    /// row-major) and intercepts `b`.
    ///
    /// # Panics
    /// If `weights` does not hold `nfeatures × 3` values.
    fn linear_scores(
        &self,
        weights: &[f32],
        intercept: [f32; Label::COUNT],
    ) -> Vec<[f32; Label::COUNT]>;
}

/// Rows of `(column, value)` pairs, stored back to back.
///
/// ```
/// use declutter::train::SparseRows;
/// let mut rows = SparseRows::new(4);
/// rows.push_row([(0, 1.0), (3, 2.0)]);
/// rows.push_row([]);
/// assert_eq!(rows.n_rows(), 2);
/// assert_eq!(rows.row(0).collect::<Vec<_>>(), [(0, 1.0), (3, 2.0)]);
/// assert_eq!(rows.row(1).count(), 0);
/// assert_eq!(rows.slice(0..1).row(0).count(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SparseRows {
    n_cols: usize,
    row_starts: Vec<usize>,
    columns: Vec<u32>,
    values: Vec<f32>,
}

impl SparseRows {
    /// An empty matrix of `n_cols` columns.
    pub fn new(n_cols: usize) -> Self {
        SparseRows {
            n_cols,
            row_starts: vec![0],
            columns: Vec::new(),
            values: Vec::new(),
        }
    }

    /// The number of columns.
    pub fn n_cols(&self) -> usize {
        self.n_cols
    }

    /// The number of rows.
    pub fn n_rows(&self) -> usize {
        self.row_starts.len() - 1
    }

    /// The number of stored (non-zero) entries.
    pub fn n_stored(&self) -> usize {
        self.values.len()
    }

    /// Appends a row. Entries must have columns below [`SparseRows::n_cols`];
    /// zeros are dropped.
    ///
    /// # Panics
    /// On a column out of range: a programming error, not an input error.
    pub fn push_row(&mut self, entries: impl IntoIterator<Item = (u32, f32)>) {
        let entries = entries.into_iter();
        self.columns.reserve(entries.size_hint().0);
        self.values.reserve(entries.size_hint().0);
        for (col, value) in entries {
            assert!((col as usize) < self.n_cols, "column {col} out of range");
            if value != 0.0 {
                self.columns.push(col);
                self.values.push(value);
            }
        }
        self.row_starts.push(self.values.len());
    }

    /// Appends every row of `other`, which must have as many columns.
    pub fn append(&mut self, other: &SparseRows) {
        assert_eq!(self.n_cols, other.n_cols, "column counts differ");
        let offset = self.values.len();
        self.columns.extend_from_slice(&other.columns);
        self.values.extend_from_slice(&other.values);
        self.row_starts
            .extend(other.row_starts[1..].iter().map(|s| s + offset));
    }

    /// A copy of the rows in `rows`.
    pub fn slice(&self, rows: std::ops::Range<usize>) -> SparseRows {
        let (start, end) = (self.row_starts[rows.start], self.row_starts[rows.end]);
        SparseRows {
            n_cols: self.n_cols,
            row_starts: self.row_starts[rows.start..=rows.end]
                .iter()
                .map(|s| s - start)
                .collect(),
            columns: self.columns[start..end].to_vec(),
            values: self.values[start..end].to_vec(),
        }
    }

    /// The entries of row `i`, as `(column, value)` pairs.
    pub fn row(&self, i: usize) -> impl Iterator<Item = (u32, f32)> + '_ {
        let range = self.row_starts[i]..self.row_starts[i + 1];
        self.columns[range.clone()]
            .iter()
            .copied()
            .zip(self.values[range].iter().copied())
    }
}

impl linfa::dataset::Records for SparseRows {
    type Elem = f32;

    fn nsamples(&self) -> usize {
        self.n_rows()
    }

    fn nfeatures(&self) -> usize {
        self.n_cols
    }
}

impl LinearRows for SparseRows {
    fn linear_scores(
        &self,
        weights: &[f32],
        intercept: [f32; Label::COUNT],
    ) -> Vec<[f32; Label::COUNT]> {
        check_weights(weights, self.n_cols);
        (0..self.n_rows())
            .map(|i| {
                let mut logits = intercept;
                for (col, value) in self.row(i) {
                    let w = &weights[col as usize * Label::COUNT..][..Label::COUNT];
                    logits.iter_mut().zip(w).for_each(|(l, w)| *l += value * w);
                }
                logits
            })
            .collect()
    }
}

/// Panics unless `weights` holds a weight per label for each of `n_cols` columns.
pub(crate) fn check_weights(weights: &[f32], n_cols: usize) {
    assert_eq!(
        weights.len(),
        n_cols * Label::COUNT,
        "weights of other rows"
    );
}

/// The three labels' scores (or a column's weights) side by side, padded to
/// four lanes, so that the compiler adds them with vector instructions:
/// each label's lane does the same additions, in the same order, as its
/// scalar sum would.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Lanes([f32; 4]);

impl Lanes {
    /// Every column's weights (`Label::COUNT` a column) in lanes.
    pub(crate) fn of(weights: &[f32]) -> Vec<Lanes> {
        weights
            .chunks_exact(Label::COUNT)
            .map(|w| Lanes([w[0], w[1], w[2], 0.0]))
            .collect()
    }

    /// Scores in lanes.
    pub(crate) fn from_scores(scores: [f32; Label::COUNT]) -> Self {
        Lanes([scores[0], scores[1], scores[2], 0.0])
    }

    /// The scores of the first [`Label::COUNT`] lanes.
    pub(crate) fn scores(self) -> [f32; Label::COUNT] {
        [self.0[0], self.0[1], self.0[2]]
    }

    /// Adds `x` times `weights`, lane by lane.
    pub(crate) fn add_scaled(&mut self, x: f32, weights: &Lanes) {
        for (s, w) in self.0.iter_mut().zip(&weights.0) {
            *s += x * w;
        }
    }

    /// Adds every value times its column's weights, in order.
    pub(crate) fn add_products(&mut self, values: &[f32], weights: &[Lanes]) {
        for (&x, w) in values.iter().zip(weights) {
            self.add_scaled(x, w);
        }
    }
}

impl LinearRows for Array2<f32> {
    fn linear_scores(
        &self,
        weights: &[f32],
        intercept: [f32; Label::COUNT],
    ) -> Vec<[f32; Label::COUNT]> {
        check_weights(weights, self.ncols());
        let score = |row: &[f32]| {
            let mut logits = intercept;
            for (value, w) in row.iter().zip(weights.chunks_exact(Label::COUNT)) {
                logits.iter_mut().zip(w).for_each(|(l, w)| *l += value * w);
            }
            logits
        };
        match self.as_slice() {
            Some(values) if self.ncols() > 0 => {
                values.chunks_exact(self.ncols()).map(score).collect()
            }
            _ => self
                .rows()
                .into_iter()
                .map(|row| score(&row.to_vec()))
                .collect(),
        }
    }
}

/// Some rows of a [`SparseRows`] (all of them, or the pages of some
/// cross-validation folds): the records of a training [`linfa::Dataset`].
#[derive(Debug, Clone)]
pub struct SelectedRows<'a> {
    /// The whole matrix.
    pub x: &'a SparseRows,
    /// The rows selected, in order.
    pub rows: Vec<usize>,
}

impl<'a> SelectedRows<'a> {
    /// Every row of `x`.
    pub fn all(x: &'a SparseRows) -> Self {
        SelectedRows {
            x,
            rows: (0..x.n_rows()).collect(),
        }
    }
}

impl linfa::dataset::Records for SelectedRows<'_> {
    type Elem = f32;

    fn nsamples(&self) -> usize {
        self.rows.len()
    }

    fn nfeatures(&self) -> usize {
        self.x.n_cols()
    }
}
