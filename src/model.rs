//! The classifier: a multinomial logistic regression over the three labels.
//!
//! Fitting minimises linfa-logistic's loss (the cross-entropy summed over
//! rows plus `alpha / 2 · ‖W‖²`, intercepts unpenalised) with the solver
//! linfa-logistic uses, argmin's L-BFGS, but straight on sparse rows
//! ([`loss`]): linfa-logistic needs a dense `rows × features` matrix, which
//! held training to a sample of 60,000 of ~400,000 paragraphs. The rows are
//! first made distinct (each distinct paragraph-with-context counts once),
//! and each label's rows carry the weight `(n / (k · n_label))^class_weight_power`
//! (`k` labels present), which raises rare labels. Prediction takes sparse dot
//! products against the fitted weights.

use crate::features::{Featurizer, PageParts};
use crate::sparse::SparseRows;
use crate::{Error, Label, LabelSet, Result};
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

mod loss;

/// Settings of model fitting.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ModelConfig {
    /// L2 penalty on the weights (linfa's `alpha`; the loss is summed over
    /// weighted rows, so the penalty weighs less as the data grows).
    pub alpha: f32,
    /// At most this many L-BFGS iterations.
    pub max_iterations: u64,
    /// How strongly to weigh rare labels up: 0 keeps the data's proportions,
    /// 1 gives every label the same total weight.
    pub class_weight_power: f32,
}

impl Default for ModelConfig {
    fn default() -> Self {
        ModelConfig {
            alpha: 0.3,
            max_iterations: 200,
            class_weight_power: 0.5,
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
    /// Distinct rows among them: the rows fitted.
    pub distinct_rows: usize,
    /// Distinct rows of each label, in [`Label::ALL`] order.
    #[serde(default)]
    pub distinct_rows_by_label: [usize; Label::COUNT],
    /// The weight of each of a label's rows in the loss, in [`Label::ALL`] order.
    #[serde(default)]
    pub label_weights: [f64; Label::COUNT],
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

    /// Fits the model on feature rows and their labels.
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
        let mut report = FitReport {
            rows: rows.len(),
            distinct_rows: distinct.len(),
            ..FitReport::default()
        };
        distinct
            .iter()
            .for_each(|&r| report.distinct_rows_by_label[y[r].index()] += 1);
        report.label_weights = label_weights(&report.distinct_rows_by_label, config);
        let present: Vec<Label> = Label::ALL
            .into_iter()
            .filter(|l| report.distinct_rows_by_label[l.index()] > 0)
            .collect();
        let class = |label: Label| present.iter().position(|&p| p == label).expect("present");
        let data = loss::Rows {
            x,
            classes: distinct.iter().map(|&r| class(y[r])).collect(),
            weights: distinct
                .iter()
                .map(|&r| report.label_weights[y[r].index()])
                .collect(),
            rows: distinct,
            n_classes: present.len(),
        };
        let fitted = loss::minimise(&data, config.alpha as f64, config.max_iterations)?;
        if fitted.weights.iter().all(|&w| w == 0.0) {
            return Err(Error::Training(
                "the solver made no progress (all weights are zero); try a larger --alpha".into(),
            ));
        }
        let mut weights = Array2::zeros((x.n_cols(), Label::COUNT));
        let mut intercept = Array1::from_elem(Label::COUNT, ABSENT_LABEL_INTERCEPT);
        for (j, label) in present.iter().enumerate() {
            let column = fitted.weights.iter().skip(j).step_by(present.len());
            weights
                .column_mut(label.index())
                .iter_mut()
                .zip(column)
                .for_each(|(w, &v)| *w = v as f32);
            intercept[label.index()] = fitted.intercept[j] as f32;
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
    if config.max_iterations == 0 {
        return Err(Error::Config("max_iterations must be positive".into()));
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

/// The weight of one row of each label: `(n / (k · n_label))^power` over the
/// `k` labels present, so that with power 1 every label weighs the same in all.
fn label_weights(counts: &[usize; Label::COUNT], config: &ModelConfig) -> [f64; Label::COUNT] {
    let n: usize = counts.iter().sum();
    let present = counts.iter().filter(|&&c| c > 0).count();
    counts.map(|c| {
        if c == 0 {
            0.0
        } else {
            (n as f64 / (present * c) as f64).powf(config.class_weight_power as f64)
        }
    })
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
    fn class_weighting_gives_every_label_the_same_total_at_power_one() {
        let counts = [100, 900, 0];
        let even = ModelConfig {
            class_weight_power: 1.0,
            ..ModelConfig::default()
        };
        let w = label_weights(&counts, &even);
        assert!((100.0 * w[0] - 500.0).abs() < 1e-9 && (900.0 * w[1] - 500.0).abs() < 1e-9);
        assert_eq!(w[2], 0.0);
        let kept = ModelConfig {
            class_weight_power: 0.0,
            ..ModelConfig::default()
        };
        assert_eq!(label_weights(&counts, &kept), [1.0, 1.0, 0.0]);
    }

    /// The sparse fit minimises linfa-logistic's loss: both reach the same
    /// probabilities on a small problem that both solve to convergence.
    #[test]
    fn fit_agrees_with_linfa_logistic() {
        use linfa::prelude::*;
        let (n, d) = (300, 4);
        let mut x = SparseRows::new(d);
        let mut dense = ndarray::Array2::<f64>::zeros((n, d));
        let mut y = Vec::new();
        for i in 0..n {
            let v: Vec<f32> = (0..d)
                .map(|j| ((i * 7 + j * 13) as f32 * 0.61).sin())
                .collect();
            let score = [v[0] + v[1], v[2] - v[0], 0.5 * v[3]];
            let best = (0..3)
                .max_by(|&a, &b| score[a].total_cmp(&score[b]))
                .unwrap();
            // one row in five gets a label its features do not predict
            let label = Label::ALL[if i % 5 == 0 { (best + 1) % 3 } else { best }];
            x.push_row(v.iter().enumerate().map(|(j, &v)| (j as u32, v)));
            v.iter()
                .enumerate()
                .for_each(|(j, &v)| dense[[i, j]] = v as f64);
            y.push(label);
        }
        let config = ModelConfig {
            alpha: 1.0,
            max_iterations: 500,
            class_weight_power: 0.0,
        };
        let (ours, report) = Model::fit(&config, &x, &y).unwrap();
        assert_eq!(report.distinct_rows, n);
        let targets: Array1<usize> = y.iter().map(|l| l.index()).collect();
        let linfa = linfa_logistic::MultiLogisticRegression::<f64>::default()
            .alpha(1.0)
            .max_iterations(500)
            .fit(&Dataset::new(dense.clone(), targets))
            .unwrap();
        let theirs = linfa.predict_probabilities(&dense);
        for (i, p) in ours.predict_proba(&x).iter().enumerate() {
            for label in Label::ALL {
                let column = linfa
                    .classes()
                    .iter()
                    .position(|&c| c == label.index())
                    .unwrap();
                let diff = (p[label.index()] as f64 - theirs[[i, column]]).abs();
                assert!(diff < 1e-3, "row {i} {label:?}: {diff}");
            }
        }
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
