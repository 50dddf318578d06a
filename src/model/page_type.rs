//! The page-type model: a multinomial logistic model over a page's
//! page-level features (one row a page), which gives the probability of
//! each [`PageType`]. The features are standardised with the training
//! pages' means and spreads, kept in the model, so that one L2 penalty fits
//! columns of every scale. It is fitted by linfa-logistic itself: a corpus
//! has a few thousand pages at most, a dense matrix.

use crate::page_type::PageType;
use serde::{Deserialize, Serialize};

/// A fitted page-type model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PageTypeModel {
    /// Each feature's mean over the training pages.
    mean: Vec<f32>,
    /// Each feature's standard deviation over the training pages (1 where
    /// it was 0).
    scale: Vec<f32>,
    /// `weights[t][j]`: feature `j`'s weight for page type `t`.
    weights: Vec<Vec<f32>>,
    /// Each page type's intercept.
    intercepts: [f32; PageType::COUNT],
    /// How probable each type ([`PageType::ALL`] order) must be for a page
    /// told of that type to be read as one ([`PageTypeModel::reading`]);
    /// empty: every page is read as its likeliest type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    thresholds: Vec<f32>,
}

/// A type absent from the training pages gets this intercept: never likely.
#[cfg(feature = "train")]
const ABSENT_TYPE_INTERCEPT: f32 = -30.0;

impl PageTypeModel {
    /// The number of features a page's row has.
    pub(crate) fn width(&self) -> usize {
        self.mean.len()
    }

    /// Whether every number is finite and every part has the width of the
    /// means (`width` features).
    pub(crate) fn is_valid(&self, width: usize) -> bool {
        let finite = |v: &[f32]| v.iter().all(|x| x.is_finite());
        self.mean.len() == width
            && self.scale.len() == width
            && self.weights.len() == PageType::COUNT
            && self.weights.iter().all(|w| w.len() == width && finite(w))
            && finite(&self.mean)
            && finite(&self.scale)
            && self.scale.iter().all(|&s| s > 0.0)
            && finite(&self.intercepts)
            && (self.thresholds.is_empty() || self.thresholds.len() == PageType::COUNT)
            && self.thresholds.iter().all(|t| (0.0..=1.0).contains(t))
    }

    /// The model with these thresholds ([`PageType::ALL`] order).
    #[cfg(any(feature = "train", test))]
    pub(crate) fn with_thresholds(self, thresholds: [f32; PageType::COUNT]) -> Self {
        PageTypeModel {
            thresholds: thresholds.to_vec(),
            ..self
        }
    }

    /// The type probabilities a page told `p` is read with: `p` itself when
    /// its likeliest type is at least as probable as that type's threshold,
    /// else an article's. A type the model is unsure of would steer the
    /// labelling the wrong way (a news page with readers' comments read as
    /// a forum keeps the comments); an article is the commonest page.
    pub(crate) fn reading(&self, p: &[f32; PageType::COUNT]) -> [f32; PageType::COUNT] {
        let (t, probability) = likeliest(p);
        match self.thresholds.get(t.index()) {
            Some(&threshold) if probability < threshold => one_hot(PageType::Article),
            _ => *p,
        }
    }

    /// The probability of each page type for a page's features (`row`, of
    /// [`PageTypeModel::width`] values), in [`PageType::ALL`] order.
    pub(crate) fn predict_proba(&self, row: &[f32]) -> [f32; PageType::COUNT] {
        let z: Vec<f32> = (row.iter().zip(&self.mean).zip(&self.scale))
            .map(|((x, m), s)| (x - m) / s)
            .collect();
        let scores: [f32; PageType::COUNT] = std::array::from_fn(|t| {
            let dot: f32 = self.weights[t].iter().zip(&z).map(|(w, x)| w * x).sum();
            dot + self.intercepts[t]
        });
        softmax(scores)
    }
}

/// The probabilities of a page known to be of type `t`.
pub(crate) fn one_hot(t: PageType) -> [f32; PageType::COUNT] {
    std::array::from_fn(|i| f32::from(u8::from(i == t.index())))
}

/// A page's type: the probabilities the page-type model tells (or a type
/// given, for sure), and those the page is read and decoded with
/// ([`PageTypeModel::reading`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TypeReading {
    pub(crate) told: [f32; PageType::COUNT],
    pub(crate) read_as: [f32; PageType::COUNT],
}

fn softmax<const N: usize>(scores: [f32; N]) -> [f32; N] {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exp = scores.map(|s| (s - max).exp());
    let sum: f32 = exp.iter().sum();
    exp.map(|e| e / sum)
}

/// The most probable type and its probability.
pub(crate) fn likeliest(p: &[f32; PageType::COUNT]) -> (PageType, f32) {
    let best = (0..PageType::COUNT).fold(0, |b, t| if p[t] > p[b] { t } else { b });
    (PageType::ALL[best], p[best])
}

#[cfg(feature = "train")]
mod fit {
    use super::*;
    use crate::error::{Error, TrainingError};
    use linfa::DatasetBase;
    use linfa::traits::Fit;
    use ndarray::{Array1, Array2, ArrayView2};

    impl PageTypeModel {
        /// Fits the model on pages' features (`x`, a row a page) and types,
        /// with L2 penalty `alpha` on the standardised features.
        pub(crate) fn fit(
            x: ArrayView2<f32>,
            y: &[PageType],
            alpha: f32,
            max_iterations: u64,
        ) -> Result<Self, Error> {
            if x.nrows() != y.len() {
                let (rows, labels) = (x.nrows(), y.len());
                return Err(TrainingError::LengthMismatch { rows, labels }.into());
            }
            let (mean, scale) = standardisation(x);
            let z = Array2::from_shape_fn(x.dim(), |(i, j)| {
                f64::from((x[[i, j]] - mean[j]) / scale[j])
            });
            let targets: Array1<usize> = y.iter().map(|t| t.index()).collect();
            let fitted = linfa_logistic::MultiLogisticRegression::<f64>::default()
                .alpha(f64::from(alpha))
                .max_iterations(max_iterations)
                .fit(&DatasetBase::new(z, targets))?;
            let mut weights = vec![vec![0.0f32; x.ncols()]; PageType::COUNT];
            let mut intercepts = [ABSENT_TYPE_INTERCEPT; PageType::COUNT];
            for (k, &t) in fitted.classes().iter().enumerate() {
                for (w, &v) in weights[t].iter_mut().zip(fitted.params().column(k)) {
                    *w = v as f32;
                }
                intercepts[t] = fitted.intercept()[k] as f32;
            }
            Ok(PageTypeModel {
                mean,
                scale,
                weights,
                intercepts,
                thresholds: Vec::new(),
            })
        }
    }

    /// Each column's mean and standard deviation (1 for a constant column).
    fn standardisation(x: ArrayView2<f32>) -> (Vec<f32>, Vec<f32>) {
        let n = x.nrows().max(1) as f32;
        let columns = x.columns().into_iter();
        columns
            .map(|c| {
                let mean = c.sum() / n;
                let var = c.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / n;
                let sd = var.sqrt();
                (mean, if sd > 1e-6 { sd } else { 1.0 })
            })
            .unzip()
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_fitted_model_tells_types_apart_by_their_features() {
            // Forums have many reply lines, products many prices.
            let rows: Vec<[f32; 2]> = (0..40)
                .map(|i| match i % 2 {
                    0 => [5.0 + (i % 3) as f32, 0.0],
                    _ => [0.0, 4.0 + (i % 5) as f32],
                })
                .collect();
            let x = Array2::from_shape_fn((40, 2), |(i, j)| rows[i][j]);
            let y: Vec<PageType> = (0..40)
                .map(|i| [PageType::Forum, PageType::Product][i % 2])
                .collect();
            let model = PageTypeModel::fit(x.view(), &y, 0.1, 200).unwrap();
            assert!(model.is_valid(2));
            let forum = model.predict_proba(&[6.0, 0.0]);
            assert_eq!(likeliest(&forum).0, PageType::Forum);
            assert_eq!(
                likeliest(&model.predict_proba(&[0.0, 5.0])).0,
                PageType::Product
            );
            assert!(
                forum[PageType::Article.index()] < 1e-6,
                "absent types are never likely"
            );
            assert!((forum.iter().sum::<f32>() - 1.0).abs() < 1e-5);
            assert!(!model.is_valid(3));
        }

        #[test]
        fn a_page_of_an_uncertain_type_is_read_as_an_article() {
            let x = Array2::from_shape_fn((20, 1), |(i, _)| (i % 2) as f32);
            let y: Vec<PageType> = (0..20)
                .map(|i| [PageType::Forum, PageType::Listing][i % 2])
                .collect();
            let model = PageTypeModel::fit(x.view(), &y, 1.0, 200).unwrap();
            let unsure = [0.1, 0.55, 0.0, 0.0, 0.35, 0.0, 0.0];
            assert_eq!(model.reading(&unsure), unsure, "no thresholds: as told");
            let mut thresholds = [0.0; PageType::COUNT];
            thresholds[PageType::Forum.index()] = 0.6;
            let model = model.with_thresholds(thresholds);
            assert!(model.is_valid(1));
            assert_eq!(model.reading(&unsure), one_hot(PageType::Article));
            let sure = [0.0, 0.7, 0.0, 0.0, 0.3, 0.0, 0.0];
            assert_eq!(model.reading(&sure), sure);
            let listing = [0.1, 0.0, 0.0, 0.0, 0.5, 0.0, 0.4];
            assert_eq!(
                model.reading(&listing),
                listing,
                "each type its own threshold"
            );
            thresholds[PageType::Listing.index()] = 1.5;
            assert!(!model.with_thresholds(thresholds).is_valid(1));
        }
    }
}
