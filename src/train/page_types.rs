//! Training the page-type model: its L2 penalty chosen by cross-validation
//! on folds that keep each site in one fold, and every training page's
//! type probabilities predicted out of fold, which the block model then
//! reads as features (so that it learns from probabilities as unsure as
//! the ones it will see on new pages, not from the page-type model's
//! memory of its own training pages).

use crate::error::Result;
use crate::model::page_type::{PageTypeModel, likeliest};
use crate::page_type::PageType;
use crate::pipeline::settings::PageTypeReport;
use ndarray::{Array2, Axis};
use rayon::prelude::*;

/// The L2 penalties tried, on standardised features.
const ALPHAS: [f32; 5] = [1.0, 3.0, 10.0, 30.0, 100.0];

/// L-BFGS iterations at most.
const MAX_ITERATIONS: u64 = 300;

/// The page-type model fitted on every page with a type, and every page's
/// type probabilities from a model that did not see its site.
pub(crate) struct PageTypeFit {
    pub(crate) model: PageTypeModel,
    pub(crate) out_of_fold: Vec<[f32; PageType::COUNT]>,
    pub(crate) report: PageTypeReport,
}

impl PageTypeFit {
    /// The fit with the model's reading thresholds set ([`PageTypeModel::reading`]).
    pub(crate) fn with_thresholds(self, thresholds: [f32; PageType::COUNT]) -> Self {
        PageTypeFit {
            model: self.model.with_thresholds(thresholds),
            ..self
        }
    }

    /// The type probabilities each training page is read with: its
    /// out-of-fold probabilities through the model's thresholds, as a new
    /// page's are.
    pub(crate) fn read_as(&self) -> Vec<[f32; PageType::COUNT]> {
        (self.out_of_fold.iter())
            .map(|p| self.model.reading(p))
            .collect()
    }
}

/// Whether pages of at least two types are given: what a page-type model needs.
pub(crate) fn enough_types(types: &[Option<PageType>]) -> bool {
    let mut seen = types.iter().flatten();
    seen.next().is_some_and(|first| seen.any(|t| t != first))
}

/// Fits the page-type model on the pages' features (`rows`, a row a page)
/// and types (pages without one are predicted, not fitted on), with each
/// page's fold (`folds[i]` of `n_folds`).
pub(crate) fn fit_page_types(
    rows: &Array2<f32>,
    types: &[Option<PageType>],
    folds: &[usize],
    n_folds: usize,
) -> Result<PageTypeFit> {
    let runs: Vec<(f32, Vec<[f32; PageType::COUNT]>)> = ALPHAS
        .par_iter()
        .map(|&alpha| Ok((alpha, out_of_fold(rows, types, folds, n_folds, alpha)?)))
        .collect::<Result<_>>()?;
    let grid: Vec<(f32, f64)> = runs
        .iter()
        .map(|(alpha, p)| (*alpha, accuracy(p, types)))
        .collect();
    let best = (0..runs.len())
        .max_by(|&a, &b| grid[a].1.total_cmp(&grid[b].1).then(b.cmp(&a)))
        .unwrap_or(0);
    let (alpha, out_of_fold) = runs.into_iter().nth(best).expect("one run an alpha");
    let model = fit_on(rows, types, |_| true, alpha)?;
    let report = PageTypeReport {
        pages: types.iter().flatten().count(),
        folds: n_folds,
        alpha,
        accuracy: grid[best].1,
        grid,
    };
    Ok(PageTypeFit {
        model,
        out_of_fold,
        report,
    })
}

/// A model fitted on the typed pages that `keep` keeps.
fn fit_on(
    rows: &Array2<f32>,
    types: &[Option<PageType>],
    keep: impl Fn(usize) -> bool,
    alpha: f32,
) -> Result<PageTypeModel> {
    let picked: Vec<usize> = (0..types.len())
        .filter(|&i| types[i].is_some() && keep(i))
        .collect();
    let y: Vec<PageType> = picked.iter().filter_map(|&i| types[i]).collect();
    PageTypeModel::fit(
        rows.select(Axis(0), &picked).view(),
        &y,
        alpha,
        MAX_ITERATIONS,
    )
}

/// Every page's type probabilities from a model fitted on the other folds.
fn out_of_fold(
    rows: &Array2<f32>,
    types: &[Option<PageType>],
    folds: &[usize],
    n_folds: usize,
    alpha: f32,
) -> Result<Vec<[f32; PageType::COUNT]>> {
    let mut p = vec![[0.0; PageType::COUNT]; types.len()];
    for k in 0..n_folds {
        let held: Vec<usize> = (0..types.len()).filter(|&i| folds[i] == k).collect();
        let training = (0..types.len()).filter(|&i| folds[i] != k && types[i].is_some());
        if held.is_empty() || !enough_types(&training.map(|i| types[i]).collect::<Vec<_>>()) {
            continue;
        }
        let model = fit_on(rows, types, |i| folds[i] != k, alpha)?;
        for i in held {
            let row = rows.row(i);
            p[i] = model.predict_proba(row.as_slice().expect("a standard-layout row"));
        }
    }
    Ok(p)
}

/// The share of typed pages whose likeliest type is theirs.
fn accuracy(p: &[[f32; PageType::COUNT]], types: &[Option<PageType>]) -> f64 {
    let (mut right, mut total) = (0usize, 0usize);
    for (p, t) in p.iter().zip(types) {
        if let Some(t) = t {
            total += 1;
            right += usize::from(likeliest(p).0 == *t);
        }
    }
    right as f64 / total.max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_penalty_is_chosen_out_of_fold_and_every_page_is_predicted() {
        let n = 60;
        let rows = Array2::from_shape_fn((n, 2), |(i, j)| match (i % 3, j) {
            (0, 0) => 3.0 + (i % 5) as f32,
            (1, 1) => 2.0 + (i % 4) as f32,
            _ => (i % 2) as f32 * 0.1,
        });
        let kinds = [PageType::Forum, PageType::Product, PageType::Article];
        let types: Vec<Option<PageType>> = (0..n).map(|i| Some(kinds[i % 3])).collect();
        let folds: Vec<usize> = (0..n).map(|i| i % 5).collect();
        let fit = fit_page_types(&rows, &types, &folds, 5).unwrap();
        assert_eq!(fit.report.grid.len(), ALPHAS.len());
        assert!(fit.report.accuracy > 0.9, "{:?}", fit.report);
        assert_eq!(fit.out_of_fold.len(), n);
        assert!(
            fit.out_of_fold
                .iter()
                .all(|p| (p.iter().sum::<f32>() - 1.0).abs() < 1e-4)
        );
        assert!(!enough_types(&[
            Some(PageType::Forum),
            None,
            Some(PageType::Forum)
        ]));
        assert!(enough_types(&[
            Some(PageType::Forum),
            Some(PageType::Article)
        ]));
    }
}
