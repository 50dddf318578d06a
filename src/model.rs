//! The classifier: a multinomial logistic regression over the three labels.
//!
//! Fitting goes through linfa-logistic (L-BFGS on a dense `f64` matrix: its
//! loss is summed over rows, and in `f32` the line search overflows on a
//! hundred thousand rows and silently returns the starting point). To keep
//! that practical on ~400,000 paragraphs, the rows are first made distinct
//! (training once on each distinct paragraph-with-context) and then resampled
//! to weigh the classes (linfa-logistic takes no sample weights): a class's
//! rows are repeated or thinned by a deterministic hash so that its total
//! weight follows `(n / (3 · n_class))^class_weight_power`, all within a cap
//! on the number of dense rows. Prediction never builds a dense matrix: it
//! takes sparse dot products against the fitted weights.

use crate::features::{Featurizer, PageParts};
use crate::sparse::SparseRows;
use crate::{Error, Label, LabelSet, Result};
use linfa::prelude::*;
use linfa_logistic::MultiLogisticRegression;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

/// Settings of model fitting.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ModelConfig {
    /// L2 penalty on the weights (linfa's `alpha`; the loss is summed over rows).
    pub alpha: f32,
    /// At most this many L-BFGS iterations.
    pub max_iterations: u64,
    /// How strongly to weigh rare labels up: 0 keeps the data's proportions,
    /// 1 gives every label the same total weight.
    pub class_weight_power: f32,
    /// At most this many rows go to the dense solver (memory is rows × features × 4 bytes).
    pub max_rows: usize,
}

impl Default for ModelConfig {
    fn default() -> Self {
        ModelConfig {
            alpha: 0.3,
            max_iterations: 60,
            class_weight_power: 0.5,
            max_rows: 60_000,
        }
    }
}

/// A fitted model: a weight per feature and label, and an intercept per label.
///
/// ```
/// use declutter::{model::{Model, ModelConfig}, sparse::SparseRows, Label};
/// let mut x = SparseRows::new(2);
/// let mut y = Vec::new();
/// for i in 0..40 {
///     x.push_row([(0, 1.0), (1, i as f32 / 40.0)]);
///     y.push(Label::Content);
///     x.push_row([(1, 1.0 + i as f32 / 40.0)]);
///     y.push(Label::Boilerplate);
/// }
/// let (model, _) = Model::fit(&ModelConfig::default(), &x, &y).unwrap();
/// let mut page = SparseRows::new(2);
/// page.push_row([(0, 1.0)]);
/// let p = model.predict_proba(&page);
/// assert!(p[0][Label::Content.index()] > 0.5);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ModelState", into = "ModelState")]
pub struct Model {
    weights: Array2<f32>,
    intercept: Array1<f32>,
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
            intercept: m.intercept,
        }
    }
}

/// What fitting did, for reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FitReport {
    /// Rows given.
    pub rows: usize,
    /// Distinct rows among them.
    pub distinct_rows: usize,
    /// Rows given to the solver after class weighting.
    pub training_rows: usize,
    /// Training rows of each label, in [`Label::ALL`] order.
    pub training_rows_by_label: [usize; Label::COUNT],
}

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
            intercept,
        })
    }

    /// Fits the model on feature rows and their labels with linfa-logistic.
    pub fn fit(config: &ModelConfig, x: &SparseRows, y: &[Label]) -> Result<(Model, FitReport)> {
        let all: Vec<usize> = (0..y.len()).collect();
        Self::fit_rows(config, x, y, &all)
    }

    /// Fits the model on the rows of `x` (and labels of `y`) listed in `rows`,
    /// for instance the pages of some cross-validation folds.
    pub fn fit_rows(
        config: &ModelConfig,
        x: &SparseRows,
        y: &[Label],
        rows: &[usize],
    ) -> Result<(Model, FitReport)> {
        check_config(config)?;
        if x.n_rows() != y.len() {
            return Err(Error::Training(format!(
                "{} rows but {} labels",
                x.n_rows(),
                y.len()
            )));
        }
        require_two_labels(rows.iter().map(|&r| y[r]))?;
        let distinct = distinct_rows(x, y, rows);
        let given = rows.len();
        let rows = weighted_sample(&distinct, y, config);
        let mut report = FitReport {
            rows: given,
            distinct_rows: distinct.len(),
            training_rows: rows.len(),
            ..FitReport::default()
        };
        for &r in &rows {
            report.training_rows_by_label[y[r].index()] += 1;
        }
        let records = x.to_dense::<f64>(&rows);
        let targets: Array1<usize> = rows.iter().map(|&r| y[r].index()).collect();
        let fitted = MultiLogisticRegression::<f64>::default()
            .alpha(config.alpha as f64)
            .max_iterations(config.max_iterations)
            .fit(&Dataset::new(records, targets))
            .map_err(|e| Error::Training(e.to_string()))?;
        let mut weights = Array2::zeros((x.n_cols(), Label::COUNT));
        let mut intercept = Array1::from_elem(Label::COUNT, ABSENT_LABEL_INTERCEPT);
        if fitted.params().iter().all(|&w| w == 0.0) {
            return Err(Error::Training(
                "the solver made no progress (all weights are zero); try fewer --max-rows or a larger --alpha".into(),
            ));
        }
        for (j, &class) in fitted.classes().iter().enumerate() {
            weights
                .column_mut(class)
                .assign(&fitted.params().column(j).mapv(|w| w as f32));
            intercept[class] = fitted.intercept()[j] as f32;
        }
        let model = Model::new(weights, intercept).map_err(Error::Training)?;
        Ok((model, report))
    }

    /// The number of features the model expects.
    pub fn n_features(&self) -> usize {
        self.weights.nrows()
    }

    /// The weights, `features × 3`, columns in [`Label::ALL`] order.
    pub fn weights(&self) -> &Array2<f32> {
        &self.weights
    }

    /// The label probabilities of a page's paragraphs from their feature parts,
    /// without building the rows (see [`Featurizer::linear_scores`]).
    ///
    /// # Panics
    /// If the featurizer makes another number of features than the model has.
    pub fn predict_parts(
        &self,
        featurizer: &Featurizer,
        parts: &PageParts,
    ) -> Vec<[f32; Label::COUNT]> {
        let weights = self.weights.as_slice().expect("standard layout");
        let intercept = [self.intercept[0], self.intercept[1], self.intercept[2]];
        featurizer
            .linear_scores(parts, weights, intercept)
            .into_iter()
            .map(softmax)
            .collect()
    }

    /// The label probabilities of one dense row (every feature, in column order).
    ///
    /// # Panics
    /// If `row` has another number of values than the model has features.
    pub fn predict_dense(&self, row: &[f32]) -> [f32; Label::COUNT] {
        assert_eq!(row.len(), self.n_features(), "feature count mismatch");
        let weights = self.weights.as_slice().expect("standard layout");
        let mut logits = [self.intercept[0], self.intercept[1], self.intercept[2]];
        for (value, w) in row.iter().zip(weights.chunks_exact(Label::COUNT)) {
            logits.iter_mut().zip(w).for_each(|(l, w)| *l += value * w);
        }
        softmax(logits)
    }

    /// The label probabilities of every row, in [`Label::ALL`] order.
    ///
    /// # Panics
    /// If `x` has another number of columns than the model has features.
    pub fn predict_proba(&self, x: &SparseRows) -> Vec<[f32; Label::COUNT]> {
        assert_eq!(x.n_cols(), self.n_features(), "feature count mismatch");
        let weights = self.weights.as_slice().expect("standard layout");
        (0..x.n_rows())
            .map(|i| {
                let mut logits = [self.intercept[0], self.intercept[1], self.intercept[2]];
                for (col, value) in x.row(i) {
                    let w = &weights[col as usize * Label::COUNT..][..Label::COUNT];
                    logits.iter_mut().zip(w).for_each(|(l, w)| *l += value * w);
                }
                softmax(logits)
            })
            .collect()
    }
}

/// Refuses training labels with fewer than two distinct labels, naming those present.
pub fn require_two_labels(labels: impl IntoIterator<Item = Label>) -> Result<()> {
    let mut present = LabelSet::EMPTY;
    labels.into_iter().for_each(|l| present = present.with(l));
    if present.iter().count() < 2 {
        let names: Vec<&str> = present.iter().map(Label::as_str).collect();
        return Err(Error::Training(format!(
            "the data needs at least two labels, it has only [{}]",
            names.join(", ")
        )));
    }
    Ok(())
}

/// The intercept of a label that was absent from the training data: never predicted.
const ABSENT_LABEL_INTERCEPT: f32 = -50.0;

fn check_config(config: &ModelConfig) -> Result<()> {
    if !(config.alpha.is_finite() && config.alpha > 0.0) {
        return Err(Error::Config("alpha must be a positive number".into()));
    }
    if !(0.0..=2.0).contains(&config.class_weight_power) {
        return Err(Error::Config(
            "class_weight_power must be between 0 and 2".into(),
        ));
    }
    if config.max_rows == 0 || config.max_iterations == 0 {
        return Err(Error::Config(
            "max_rows and max_iterations must be positive".into(),
        ));
    }
    Ok(())
}

/// Softmax of three logits.
pub fn softmax(logits: [f32; Label::COUNT]) -> [f32; Label::COUNT] {
    let max = logits.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
    let exp = logits.map(|l| (l - max).exp());
    let sum: f32 = exp.iter().sum();
    exp.map(|e| e / sum)
}

/// The index of the first occurrence of every distinct (row, label) among `rows`.
fn distinct_rows(x: &SparseRows, y: &[Label], rows: &[usize]) -> Vec<usize> {
    let mut seen = HashSet::with_capacity(rows.len());
    rows.iter()
        .copied()
        .filter(|&i| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            y[i].hash(&mut h);
            for (col, value) in x.row(i) {
                (col, value.to_bits()).hash(&mut h);
            }
            seen.insert(h.finish())
        })
        .collect()
}

/// Repeats or thins the rows of each label so that label weights follow the
/// configured power, within `max_rows` in all. Deterministic.
fn weighted_sample(rows: &[usize], y: &[Label], config: &ModelConfig) -> Vec<usize> {
    let mut counts = [0usize; Label::COUNT];
    rows.iter().for_each(|&r| counts[y[r].index()] += 1);
    let n = rows.len() as f64;
    let present = counts.iter().filter(|&&c| c > 0).count() as f64;
    let mut weight = counts.map(|c| {
        if c == 0 {
            0.0
        } else {
            (n / (present * c as f64)).powf(config.class_weight_power as f64)
        }
    });
    let total: f64 = counts.iter().zip(&weight).map(|(&c, w)| c as f64 * w).sum();
    if total > config.max_rows as f64 {
        let scale = config.max_rows as f64 / total;
        weight.iter_mut().for_each(|w| *w *= scale);
    }
    let mut out = Vec::with_capacity(total.min(config.max_rows as f64) as usize + Label::COUNT);
    for &r in rows {
        let w = weight[y[r].index()];
        let copies = w.floor() as usize + (unit_hash(r as u64) < w.fract()) as usize;
        out.extend(std::iter::repeat_n(r, copies));
    }
    out
}

/// A deterministic pseudo-random number in [0, 1) from `x` (splitmix64).
fn unit_hash(x: u64) -> f64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_rows_are_trained_once() {
        let mut x = SparseRows::new(2);
        for _ in 0..3 {
            x.push_row([(0, 1.0)]);
        }
        x.push_row([(1, 1.0)]);
        let y = [
            Label::Content,
            Label::Content,
            Label::Boilerplate,
            Label::Content,
        ];
        assert_eq!(distinct_rows(&x, &y, &[0, 1, 2, 3]), [0, 2, 3]);
        assert_eq!(distinct_rows(&x, &y, &[1, 3]), [1, 3]);
    }

    #[test]
    fn class_weighting_balances_within_the_row_cap() {
        let y: Vec<Label> = (0..1000)
            .map(|i| {
                if i < 900 {
                    Label::Boilerplate
                } else {
                    Label::Related
                }
            })
            .collect();
        let rows: Vec<usize> = (0..1000).collect();
        let config = ModelConfig {
            class_weight_power: 1.0,
            max_rows: 500,
            ..ModelConfig::default()
        };
        let sample = weighted_sample(&rows, &y, &config);
        let related = sample.iter().filter(|&&r| y[r] == Label::Related).count();
        assert!((450..=550).contains(&sample.len()), "{}", sample.len());
        assert!((200..=300).contains(&related), "{related}");
    }

    #[test]
    fn one_label_is_refused() {
        let mut x = SparseRows::new(1);
        x.push_row([(0, 1.0)]);
        let err = Model::fit(&ModelConfig::default(), &x, &[Label::Content]).unwrap_err();
        assert!(err.to_string().contains("at least two labels"), "{err}");
    }

    #[test]
    fn bad_shapes_and_values_are_refused() {
        assert!(Model::new(Array2::zeros((4, 2)), Array1::zeros(3)).is_err());
        let mut w = Array2::zeros((4, 3));
        w[[1, 1]] = f32::NAN;
        assert!(Model::new(w, Array1::zeros(3)).is_err());
    }

    #[test]
    fn softmax_is_stable_for_large_logits() {
        let p = softmax([1000.0, 0.0, -1000.0]);
        assert!((p[0] - 1.0).abs() < 1e-6 && p.iter().all(|v| v.is_finite()));
    }
}
