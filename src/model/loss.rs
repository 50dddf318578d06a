//! The multinomial logistic loss of linfa-logistic, computed straight on
//! weighted sparse rows, and its minimisation with the solver linfa-logistic
//! itself uses (argmin's L-BFGS with a Moré–Thuente line search, memory 10).
//!
//! linfa-logistic fits a dense `rows × features` matrix, which caps training at
//! a sample of the rows. The loss here is the same,
//! `Σ w_i · (−log softmax(x_i·W + b)[y_i]) + α/2 · ‖W‖²`, but each row costs
//! only its stored entries, so every distinct paragraph can take part.

use crate::error::{Error, TrainingError};
use crate::features::rows::SparseRows;
type Result<T> = std::result::Result<T, Error>;
use argmin::core::{CostFunction, Executor, Gradient};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use ndarray::Array1;
use rayon::prelude::*;
use std::ops::Range;
use std::sync::Mutex;

/// Rows per parallel chunk. Chunks are summed in order, so a fit gives the same
/// weights on any number of threads.
const CHUNK_ROWS: usize = 4096;

/// L-BFGS memory and gradient tolerance, as in linfa-logistic.
const LBFGS_MEMORY: usize = 10;
const GRADIENT_TOLERANCE: f64 = 1e-4;

/// Weighted rows of one fit: `rows[i]` of `x` with class `classes[i]`
/// (in `0..n_classes`) and weight `weights[i]`.
pub(super) struct Rows<'a> {
    pub x: &'a SparseRows,
    pub rows: Vec<usize>,
    pub classes: Vec<usize>,
    pub weights: Vec<f64>,
    pub n_classes: usize,
}

/// A fitted weight matrix, `features × classes` in row-major order, and the
/// intercepts.
pub(super) struct Fitted {
    pub weights: Vec<f64>,
    pub intercept: Vec<f64>,
}

/// Minimises the penalised loss over `data` for at most `max_iterations`
/// L-BFGS iterations, starting from zero as linfa-logistic does.
pub(super) fn minimise(data: &Rows, alpha: f64, max_iterations: u64) -> Result<Fitted> {
    let problem = Loss {
        data,
        alpha,
        last: Mutex::new(None),
    };
    let params = (data.x.n_cols() + 1) * data.n_classes;
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), LBFGS_MEMORY)
        .with_tolerance_grad(GRADIENT_TOLERANCE)
        .map_err(|e| Error::from(TrainingError::Solver(e.to_string())))?;
    let result = Executor::new(problem, solver)
        .configure(|state| state.param(Array1::zeros(params)).max_iters(max_iterations))
        .run()
        .map_err(|e| Error::from(TrainingError::Solver(e.to_string())))?;
    let best = result.state.best_param.ok_or_else(|| {
        Error::from(TrainingError::Solver(
            "the solver returned no parameters".into(),
        ))
    })?;
    let mut weights = best.to_vec();
    let intercept = weights.split_off(data.x.n_cols() * data.n_classes);
    Ok(Fitted { weights, intercept })
}

/// The loss as argmin sees it. The line search asks for the cost and the
/// gradient at the same point; one pass computes both and keeps them.
struct Loss<'a, 'b> {
    data: &'b Rows<'a>,
    alpha: f64,
    last: Mutex<Option<Evaluated>>,
}

/// The cost and gradient at one point.
struct Evaluated {
    param: Array1<f64>,
    cost: f64,
    gradient: Array1<f64>,
}

impl Loss<'_, '_> {
    fn evaluate(&self, param: &Array1<f64>) -> (f64, Array1<f64>) {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = last.as_ref().filter(|e| e.param == param) {
            return (e.cost, e.gradient.clone());
        }
        let (cost, gradient) = loss_and_gradient(self.data, self.alpha, &param.to_vec());
        let gradient = Array1::from(gradient);
        *last = Some(Evaluated {
            param: param.clone(),
            cost,
            gradient: gradient.clone(),
        });
        (cost, gradient)
    }
}

impl CostFunction for Loss<'_, '_> {
    type Param = Array1<f64>;
    type Output = f64;

    fn cost(&self, param: &Array1<f64>) -> std::result::Result<f64, argmin::core::Error> {
        Ok(self.evaluate(param).0)
    }
}

impl Gradient for Loss<'_, '_> {
    type Param = Array1<f64>;
    type Gradient = Array1<f64>;

    fn gradient(
        &self,
        param: &Array1<f64>,
    ) -> std::result::Result<Array1<f64>, argmin::core::Error> {
        Ok(self.evaluate(param).1)
    }
}

/// The penalised loss and its gradient at `param` (`features × classes`
/// weights, then the intercepts).
fn loss_and_gradient(data: &Rows, alpha: f64, param: &[f64]) -> (f64, Vec<f64>) {
    let k = data.n_classes;
    let split = data.x.n_cols() * k;
    let n = data.rows.len();
    let chunks: Vec<(f64, Vec<f64>)> = (0..n.div_ceil(CHUNK_ROWS))
        .into_par_iter()
        .map(|c| chunk_loss(data, param, c * CHUNK_ROWS..n.min((c + 1) * CHUNK_ROWS)))
        .collect();
    let mut cost = 0.0;
    let mut gradient = vec![0.0; param.len()];
    for (c, g) in chunks {
        cost += c;
        gradient.iter_mut().zip(&g).for_each(|(a, b)| *a += b);
    }
    let (w, _) = param.split_at(split);
    cost += 0.5 * alpha * w.iter().map(|v| v * v).sum::<f64>();
    gradient[..split]
        .iter_mut()
        .zip(w)
        .for_each(|(g, w)| *g += alpha * w);
    (cost, gradient)
}

/// The unpenalised loss and gradient of the rows at positions `chunk`.
fn chunk_loss(data: &Rows, param: &[f64], chunk: Range<usize>) -> (f64, Vec<f64>) {
    let k = data.n_classes;
    let split = data.x.n_cols() * k;
    let (w, b) = param.split_at(split);
    let mut gradient = vec![0.0; param.len()];
    let mut cost = 0.0;
    let mut logits = vec![0.0; k];
    for i in chunk {
        let row = data.rows[i];
        logits.copy_from_slice(b);
        for (col, value) in data.x.row(row) {
            let w = &w[col as usize * k..][..k];
            logits
                .iter_mut()
                .zip(w)
                .for_each(|(l, w)| *l += value as f64 * w);
        }
        let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let sum: f64 = logits.iter().map(|l| (l - max).exp()).sum();
        let log_norm = max + sum.ln();
        let weight = data.weights[i];
        cost += weight * (log_norm - logits[data.classes[i]]);
        // logits become weight · (softmax − one-hot), the row's error.
        logits
            .iter_mut()
            .for_each(|l| *l = weight * (*l - log_norm).exp());
        logits[data.classes[i]] -= weight;
        for (col, value) in data.x.row(row) {
            let g = &mut gradient[col as usize * k..][..k];
            g.iter_mut()
                .zip(&logits)
                .for_each(|(g, d)| *g += value as f64 * d);
        }
        gradient[split..]
            .iter_mut()
            .zip(&logits)
            .for_each(|(g, d)| *g += d);
    }
    (cost, gradient)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> SparseRows {
        let mut x = SparseRows::new(3);
        x.push_row([(0, 1.0), (2, 0.5)]);
        x.push_row([(1, 2.0)]);
        x.push_row([(0, -1.0), (1, 0.25), (2, 1.0)]);
        x
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let x = toy();
        let data = Rows {
            x: &x,
            rows: vec![0, 1, 2, 1],
            classes: vec![0, 1, 2, 0],
            weights: vec![1.0, 0.5, 2.0, 1.5],
            n_classes: 3,
        };
        let param: Vec<f64> = (0..12).map(|i| (i as f64 * 0.37).sin()).collect();
        let (_, gradient) = loss_and_gradient(&data, 0.3, &param);
        for j in 0..param.len() {
            let mut up = param.clone();
            let mut down = param.clone();
            up[j] += 1e-6;
            down[j] -= 1e-6;
            let numeric = (loss_and_gradient(&data, 0.3, &up).0
                - loss_and_gradient(&data, 0.3, &down).0)
                / 2e-6;
            assert!(
                (numeric - gradient[j]).abs() < 1e-5,
                "{j}: {numeric} vs {}",
                gradient[j]
            );
        }
    }

    #[test]
    fn zero_parameters_cost_log_k_per_unit_weight() {
        let x = toy();
        let data = Rows {
            x: &x,
            rows: vec![0, 1, 2],
            classes: vec![0, 1, 1],
            weights: vec![1.0, 2.0, 1.0],
            n_classes: 2,
        };
        let (cost, _) = loss_and_gradient(&data, 1.0, &[0.0; 8]);
        assert!((cost - 4.0 * 2f64.ln()).abs() < 1e-12, "{cost}");
    }
}
