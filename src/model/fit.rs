//! Fitting a [`Model`] on sparse rows, through linfa's [`Fit`].
//!
//! The loss is linfa-logistic's, computed on sparse rows ([`super::loss`]):
//! each distinct (row, label) is fitted once, and each label's rows weigh
//! `(n / (k · n_label))^power`.

use super::loss;
use super::{ABSENT_LABEL_INTERCEPT, FitReport, Model, ValidModelParams};
use crate::error::{Error, TrainingError};
use crate::features::rows::{SelectedRows, SparseRows};
use crate::label::{Label, LabelSet};
use linfa::DatasetBase;
use linfa::traits::Fit;
use ndarray::{Array1, Array2};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

/// A training set: some rows of a sparse matrix and their labels.
pub(super) type SparseDataset<'a> = DatasetBase<SelectedRows<'a>, Vec<Label>>;

impl Model {
    /// The dataset of every row of `x` with labels `y` (one a row).
    pub fn dataset(x: &SparseRows, y: Vec<Label>) -> SparseDataset<'_> {
        DatasetBase::new(SelectedRows::all(x), y)
    }
}

impl<'a> Fit<SelectedRows<'a>, Vec<Label>, Error> for ValidModelParams {
    type Object = (Model, FitReport);

    fn fit(&self, dataset: &SparseDataset<'a>) -> Result<(Model, FitReport), Error> {
        let (x, y) = (dataset.records.x, dataset.targets());
        let selected = &dataset.records.rows;
        if selected.len() != y.len() {
            let (rows, labels) = (selected.len(), y.len());
            return Err(TrainingError::LengthMismatch { rows, labels }.into());
        }
        require_two_labels(y.iter().copied())?;
        let distinct = distinct_rows(x, selected, y);
        let mut report = FitReport {
            rows: y.len(),
            distinct_rows: distinct.len(),
            ..FitReport::default()
        };
        distinct
            .iter()
            .for_each(|&i| report.distinct_rows_by_label[y[i].index()] += 1);
        report.label_weights = label_weights(&report.distinct_rows_by_label, self);
        let present: Vec<Label> = Label::ALL
            .into_iter()
            .filter(|l| report.distinct_rows_by_label[l.index()] > 0)
            .collect();
        let class_of = |label: Label| present.iter().position(|&p| p == label).unwrap_or(0);
        let data = loss::Rows {
            x,
            rows: distinct.iter().map(|&i| selected[i]).collect(),
            classes: distinct.iter().map(|&i| class_of(y[i])).collect(),
            weights: distinct
                .iter()
                .map(|&i| report.label_weights[y[i].index()])
                .collect(),
            n_classes: present.len(),
        };
        let fitted = loss::minimise(&data, self.alpha() as f64, self.max_iterations())?;
        if fitted.weights.iter().all(|&w| w == 0.0) {
            return Err(TrainingError::Solver(
                "the solver made no progress (all weights are zero); try a larger --alpha".into(),
            )
            .into());
        }
        Ok((to_model(x.n_cols(), &present, &fitted)?, report))
    }
}

/// The model of a fit over the labels `present` (columns of `fitted` in that order).
fn to_model(n_features: usize, present: &[Label], fitted: &loss::Fitted) -> Result<Model, Error> {
    let mut weights = Array2::zeros((n_features, Label::COUNT));
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
    Model::new(weights, intercept).map_err(|e| TrainingError::Solver(e).into())
}

/// Refuses training labels with fewer than two distinct labels, naming those present.
pub(crate) fn require_two_labels(labels: impl IntoIterator<Item = Label>) -> Result<(), Error> {
    let mut present = LabelSet::EMPTY;
    labels.into_iter().for_each(|l| present = present.with(l));
    if present.iter().count() < 2 {
        return Err(TrainingError::TooFewLabels(present.iter().collect()).into());
    }
    Ok(())
}

/// The positions (in `selected`) of the first occurrence of every distinct
/// (row, label) among the selected rows.
fn distinct_rows(x: &SparseRows, selected: &[usize], y: &[Label]) -> Vec<usize> {
    let mut seen = HashSet::with_capacity(selected.len());
    (0..selected.len())
        .filter(|&i| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            y[i].hash(&mut h);
            for (col, value) in x.row(selected[i]) {
                (col, value.to_bits()).hash(&mut h);
            }
            seen.insert(h.finish())
        })
        .collect()
}

/// The weight of one row of each label: `(n / (k · n_label))^power` over the
/// `k` labels present, so that with power 1 every label weighs the same in all.
pub(crate) fn label_weights(
    counts: &[usize; Label::COUNT],
    params: &ValidModelParams,
) -> [f64; Label::COUNT] {
    let n: usize = counts.iter().sum();
    let present = counts.iter().filter(|&&c| c > 0).count();
    counts.map(|c| {
        if c == 0 {
            0.0
        } else {
            (n as f64 / (present * c) as f64).powf(params.class_weight_power() as f64)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelParams;

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
        assert_eq!(distinct_rows(&x, &[0, 1, 2, 3], &y), [0, 2, 3]);
        assert_eq!(distinct_rows(&x, &[1, 3], &[y[1], y[3]]), [0, 1]);
    }

    #[test]
    fn class_weighting_gives_every_label_the_same_total_at_power_one() {
        let counts = [100, 900, 0];
        let even = ModelParams::default()
            .class_weight_power(1.0)
            .check()
            .unwrap();
        let w = label_weights(&counts, &even);
        assert!((100.0 * w[0] - 500.0).abs() < 1e-9 && (900.0 * w[1] - 500.0).abs() < 1e-9);
        assert_eq!(w[2], 0.0);
        let kept = ModelParams::default()
            .class_weight_power(0.0)
            .check()
            .unwrap();
        assert_eq!(label_weights(&counts, &kept), [1.0, 1.0, 0.0]);
    }

    /// The sparse fit minimises linfa-logistic's loss: both reach the same
    /// probabilities on a small problem that both solve to convergence.
    #[test]
    fn fit_agrees_with_linfa_logistic() {
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
        let params = ModelParams::default()
            .alpha(1.0)
            .max_iterations(500)
            .class_weight_power(0.0);
        let (ours, report) = params
            .check()
            .unwrap()
            .fit(&Model::dataset(&x, y.clone()))
            .unwrap();
        assert_eq!(report.distinct_rows, n);
        let dense = dense.mapv(|v| v as f32);
        let all: Vec<usize> = (0..n).collect();
        let theirs =
            super::super::dense::fit_dense(&params.check().unwrap(), dense.view(), &y, &all)
                .unwrap();
        for (p, q) in ours
            .predict_proba(&x)
            .iter()
            .zip(theirs.predict_proba(&dense))
        {
            for label in Label::ALL {
                let diff = (p[label.index()] - q[label.index()]).abs();
                assert!(diff < 1e-3, "{label:?}: {diff}");
            }
        }
    }

    #[test]
    fn one_label_is_refused() {
        let mut x = SparseRows::new(1);
        x.push_row([(0, 1.0)]);
        let params = ModelParams::default().check().unwrap();
        let err = params
            .fit(&Model::dataset(&x, vec![Label::Content]))
            .unwrap_err();
        assert!(err.to_string().contains("at least two labels"), "{err}");
    }
}
