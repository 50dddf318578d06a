//! Fitting a [`Model`] on dense rows with linfa-logistic itself.
//!
//! The second pass has few features (about 90), so its rows fit in a dense
//! matrix and `linfa_logistic::MultiLogisticRegression` fits them directly.
//! linfa-logistic weighs every row the same, so the label weights of
//! [`super::ValidModelParams::class_weight_power`] are given by sampling:
//! each label keeps the share `w_label / max w` of its rows (every row of the
//! most weighted label, evenly spread picks of the others, the same on every
//! run), and alpha is divided by `max w`, so that the sampled loss is, in
//! expectation, the weighted loss of all rows up to a constant factor.

use super::fit::{label_weights, require_two_labels};
use super::{ABSENT_LABEL_INTERCEPT, Model, ValidModelParams};
use crate::error::{Error, TrainingError};
use crate::label::Label;
use linfa::DatasetBase;
use linfa::traits::Fit;
use ndarray::{Array1, Array2, ArrayView2, Axis};

/// Fits a model on the rows `rows` of dense rows `x` (labels `y`, one a row
/// of `x`) with `linfa_logistic::MultiLogisticRegression`, in `f64`.
pub(crate) fn fit_dense(
    params: &ValidModelParams,
    x: ArrayView2<f32>,
    y: &[Label],
    rows: &[usize],
) -> Result<Model, Error> {
    if x.nrows() != y.len() {
        let (rows, labels) = (x.nrows(), y.len());
        return Err(TrainingError::LengthMismatch { rows, labels }.into());
    }
    require_two_labels(rows.iter().map(|&r| y[r]))?;
    let (sampled, scale) = weighted_sample(params, y, rows);
    let targets: Array1<usize> = sampled.iter().map(|&r| y[r].index()).collect();
    let records = x.select(Axis(0), &sampled).mapv(f64::from);
    let fitted = linfa_logistic::MultiLogisticRegression::<f64>::default()
        .alpha(params.alpha() as f64 / scale)
        .max_iterations(params.max_iterations())
        .fit(&DatasetBase::new(records, targets))?;
    let mut weights = Array2::zeros((x.ncols(), Label::COUNT));
    let mut intercept = Array1::from_elem(Label::COUNT, ABSENT_LABEL_INTERCEPT);
    for (j, &class) in fitted.classes().iter().enumerate() {
        weights
            .column_mut(class)
            .iter_mut()
            .zip(fitted.params().column(j))
            .for_each(|(w, &v)| *w = v as f32);
        intercept[class] = fitted.intercept()[j] as f32;
    }
    Model::new(weights, intercept).map_err(|e| TrainingError::Solver(e).into())
}

/// The rows kept to weigh the labels by sampling, and the largest label
/// weight (the factor the sampled loss is smaller by).
fn weighted_sample(params: &ValidModelParams, y: &[Label], rows: &[usize]) -> (Vec<usize>, f64) {
    let mut counts = [0usize; Label::COUNT];
    rows.iter().for_each(|&r| counts[y[r].index()] += 1);
    let weights = label_weights(&counts, params);
    let max = weights.iter().copied().fold(0.0, f64::max);
    let keep = weights.map(|w| w / max);
    // Evenly spread picks: a row is kept when its label's running share
    // passes the next whole number.
    let mut seen = [0.0f64; Label::COUNT];
    let sampled = rows
        .iter()
        .copied()
        .filter(|&r| {
            let l = y[r].index();
            let before = (seen[l] * keep[l]).floor();
            seen[l] += 1.0;
            (seen[l] * keep[l]).floor() > before
        })
        .collect();
    (sampled, max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelParams;
    use Label::*;

    #[test]
    fn sampling_keeps_each_label_in_proportion_to_its_weight() {
        let y: Vec<Label> = [vec![Boilerplate; 900], vec![Content; 100]].concat();
        let rows: Vec<usize> = (0..y.len()).collect();
        let even = ModelParams::default()
            .class_weight_power(1.0)
            .check()
            .unwrap();
        let (sampled, scale) = weighted_sample(&even, &y, &rows);
        let count = |l| sampled.iter().filter(|&&r| y[r] == l).count();
        assert_eq!((count(Content), count(Boilerplate)), (100, 100));
        assert!((scale - 5.0).abs() < 1e-9);
        let none = ModelParams::default()
            .class_weight_power(0.0)
            .check()
            .unwrap();
        assert_eq!(weighted_sample(&none, &y, &rows).0, rows);
    }
}
