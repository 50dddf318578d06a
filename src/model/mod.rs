//! The multinomial logistic model, as linfa means it.
//!
//! A [`Model`] is a weight per feature and label and an intercept per
//! label. It is fitted through linfa's [`linfa::traits::Fit`] on checked
//! parameters ([`ValidModelParams`], see [`params`]) and asked through
//! [`linfa::traits::PredictInplace`], on any rows that can be scored
//! linearly ([`LinearRows`]): sparse rows, dense rows, or a page's factored
//! rows. It scores the rows it is given and never asks how they were made.
//!
//! Two fits, both behind the `train` feature: the first pass's wide sparse
//! rows are fitted by [`fit`] (linfa-logistic's loss and solver, on sparse
//! rows: [`loss`]); the second pass's dense rows by linfa-logistic itself
//! ([`dense`]).

#[cfg(feature = "train")]
pub(crate) mod dense;
#[cfg(feature = "train")]
mod fit;
#[cfg(feature = "train")]
mod loss;
pub(crate) mod page_type;
mod params;

#[cfg(feature = "train")]
pub(crate) use fit::require_two_labels;
pub use params::{ModelParams, ValidModelParams};

use crate::features::rows::LinearRows;
use crate::label::Label;
use crate::numeric::softmax;
use linfa::traits::PredictInplace;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

/// The label probabilities of each row, in [`Label::ALL`] order.
pub type Probabilities = Vec<[f32; Label::COUNT]>;

/// A fitted model: a weight per feature and label, and an intercept per label.
///
/// ```
/// use declutter::Label;
/// use declutter::train::{Model, ModelParams, SparseRows};
/// use linfa::prelude::*;
/// let mut x = SparseRows::new(2);
/// let mut y = Vec::new();
/// for i in 0..40 {
///     x.push_row([(0, 1.0), (1, i as f32 / 40.0)]);
///     y.push(Label::Content);
///     x.push_row([(1, 1.0 + i as f32 / 40.0)]);
///     y.push(Label::Boilerplate);
/// }
/// let (model, _report) = ModelParams::default().fit(&Model::dataset(&x, y)).unwrap();
/// let mut page = SparseRows::new(2);
/// page.push_row([(0, 1.0)]);
/// let p = model.predict_proba(&page); // or linfa's `PredictInplace::predict_inplace`
/// assert!(p[0][Label::Content.index()] > 0.5);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ModelState", into = "ModelState")]
pub struct Model {
    weights: Array2<f32>,
    intercept: [f32; Label::COUNT],
}

#[derive(Serialize, Deserialize)]
struct ModelState {
    weights: Array2<f32>,
    intercept: Array1<f32>,
}

impl TryFrom<ModelState> for Model {
    type Error = String;

    fn try_from(state: ModelState) -> Result<Self, String> {
        Model::new(state.weights, state.intercept)
    }
}

impl From<Model> for ModelState {
    fn from(m: Model) -> Self {
        ModelState {
            weights: m.weights,
            intercept: Array1::from(m.intercept.to_vec()),
        }
    }
}

/// What fitting did, for reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FitReport {
    /// Rows given.
    pub rows: usize,
    /// Distinct rows among them: the rows fitted.
    pub distinct_rows: usize,
    /// Distinct rows of each label, in [`Label::ALL`] order.
    #[serde(default)]
    pub distinct_rows_by_label: [usize; Label::COUNT],
    /// The weight of each of a label's rows in the loss, in [`Label::ALL`] order.
    #[serde(default)]
    pub label_weights: [f64; Label::COUNT],
}

/// The intercept of a label that was absent from the training data: never predicted.
#[cfg(feature = "train")]
pub(crate) const ABSENT_LABEL_INTERCEPT: f32 = -50.0;

impl Model {
    /// A model from its weights (`features × 3`, columns in [`Label::ALL`] order)
    /// and intercepts; refuses wrong shapes and non-finite values.
    pub fn new(weights: Array2<f32>, intercept: Array1<f32>) -> Result<Self, String> {
        if weights.ncols() != Label::COUNT || intercept.len() != Label::COUNT {
            return Err(format!(
                "weights have {} columns and {} intercepts; expected {}",
                weights.ncols(),
                intercept.len(),
                Label::COUNT
            ));
        }
        if weights
            .iter()
            .chain(intercept.iter())
            .any(|w| !w.is_finite())
        {
            return Err("a weight is not a finite number".into());
        }
        Ok(Model {
            weights: weights.as_standard_layout().into_owned(),
            intercept: [intercept[0], intercept[1], intercept[2]],
        })
    }

    /// The number of features the model expects.
    pub fn n_features(&self) -> usize {
        self.weights.nrows()
    }

    /// The weights, `features × 3`, columns in [`Label::ALL`] order.
    pub fn weights(&self) -> &Array2<f32> {
        &self.weights
    }

    /// The label probabilities of every row (linfa's `predict`, without
    /// importing its traits).
    ///
    /// # Panics
    /// If the rows have another number of features than the model.
    pub fn predict_proba<R: LinearRows>(&self, rows: &R) -> Probabilities {
        let mut out = Vec::with_capacity(rows.nsamples());
        self.predict_inplace(rows, &mut out);
        out
    }
}

impl<R: LinearRows> PredictInplace<R, Probabilities> for Model {
    /// Replaces `y` with the label probabilities of every row of `x`.
    ///
    /// # Panics
    /// If `x` has another number of features than the model.
    fn predict_inplace(&self, x: &R, y: &mut Probabilities) {
        assert_eq!(x.nfeatures(), self.n_features(), "feature count mismatch");
        let weights = self.weights.as_slice().expect("standard layout");
        y.clear();
        y.extend(
            x.linear_scores(weights, self.intercept)
                .into_iter()
                .map(softmax),
        );
    }

    fn default_target(&self, x: &R) -> Probabilities {
        Vec::with_capacity(x.nsamples())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::rows::SparseRows;

    #[test]
    fn bad_shapes_and_values_are_refused() {
        assert!(Model::new(Array2::zeros((4, 2)), Array1::zeros(3)).is_err());
        let mut w = Array2::zeros((4, 3));
        w[[1, 1]] = f32::NAN;
        assert!(Model::new(w, Array1::zeros(3)).is_err());
    }

    #[test]
    fn sparse_and_dense_rows_score_the_same() {
        let weights = Array2::from_shape_fn((3, 3), |(i, j)| (i * 3 + j) as f32 * 0.1 - 0.4);
        let model = Model::new(weights, Array1::from(vec![0.1, -0.2, 0.3])).unwrap();
        let mut sparse = SparseRows::new(3);
        sparse.push_row([(0, 1.0), (2, -0.5)]);
        sparse.push_row([]);
        let dense = ndarray::array![[1.0f32, 0.0, -0.5], [0.0, 0.0, 0.0]];
        let (a, b) = (model.predict_proba(&sparse), model.predict_proba(&dense));
        for (a, b) in a.iter().zip(&b) {
            assert!(a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-6));
            assert!((a.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        }
    }
}
