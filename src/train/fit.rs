//! Training: fit the featurizer on a corpus, transform every page, fit the
//! first-pass model, and (with cross-validation folds) the second pass and the
//! Viterbi decoder on out-of-fold predictions.
//!
//! Folds keep each site in one fold ([`crate::train::folds`]), so no page is
//! ever predicted by a model that saw it or another page of its site. The decoder's transition weight is
//! chosen on the out-of-fold second-pass predictions, by the mean of
//! token-weighted content F1 and macro-F1: settings come from cross-validation
//! on the training pages, never from evaluation data.

use crate::error::{Result, TrainingError};
use crate::features::language::LanguageSetting;
use crate::features::rows::{SelectedRows, SparseRows};
use crate::features::tokenize::words;
use crate::features::{Featurizer, PageParts, Terms};
use crate::label::Label;
use crate::model::dense::fit_dense;
use crate::model::{Model, Probabilities, ValidModelParams};
use crate::pipeline::file::{SavedModel, second_pass_width};
use crate::pipeline::settings::{TrainConfig, TrainingInfo, WeightScore};
use crate::sequence::{Decoder, DecoderSettings, SequenceModel, sequence_rows};
use crate::train::augment::with_sections;
use crate::train::corpus::{Corpus, LabelledPage};
use crate::train::eval::Evaluation;
use crate::train::folds::fold_of;
use linfa::DatasetBase;
use linfa::traits::Fit;
use ndarray::{Array2, Axis};
use rayon::prelude::*;
use std::ops::Range;
use std::time::Instant;

/// The seed of the synthetic sections' draws: the same corpus always gets
/// the same sections.
const SEED: u64 = 0x6465_636c_7574;

/// The transition weights tried by cross-validation.
const TRANSITION_WEIGHTS: [f32; 6] = [0.0, 0.25, 0.5, 0.75, 1.0, 1.5];

/// The content biases (added to the log-probability of `content`) tried by
/// cross-validation for the balanced mode.
const CONTENT_BIASES: [f32; 5] = [-1.0, -0.5, 0.0, 0.5, 1.0];

/// Hears how training goes, for progress bars. Every method has a no-op default.
pub trait Progress: Sync {
    /// A stage starts; `total` is its number of steps when known.
    fn stage(&self, _name: &str, _total: Option<u64>) {}
    /// `n` more steps of the current stage are done.
    fn advance(&self, _n: u64) {}
    /// The current stage is done.
    fn finish_stage(&self) {}
}

/// Progress that nobody hears.
pub struct Silent;

impl Progress for Silent {}

/// Featurized training data: first-pass rows, and the labels, word tokens
/// and row ranges of the pages.
struct Data {
    x: SparseRows,
    labelled: Labelled,
}

/// Times the stages of a training run and tells `progress` about them.
struct Stages<'a> {
    progress: &'a dyn Progress,
    done: Vec<(String, f64)>,
}

impl Stages<'_> {
    fn run<T>(
        &mut self,
        name: &str,
        total: Option<u64>,
        work: impl FnOnce(&dyn Progress) -> T,
    ) -> T {
        let started = Instant::now();
        self.progress.stage(name, total);
        let result = work(self.progress);
        self.progress.finish_stage();
        self.done
            .push((name.to_string(), started.elapsed().as_secs_f64()));
        result
    }
}

/// Fits a featurizer, a first-pass model and, with folds, a second pass and
/// decoder. The settings are checked before anything else.
///
/// ```
/// use declutter::Label;
/// use declutter::train::{fit, Corpus, LabelledPage, LabelledParagraph, Silent, TrainConfig};
/// let page = |i: usize| LabelledPage::new(vec![
///     LabelledParagraph::new("Home", Label::Boilerplate),
///     LabelledParagraph::new(format!("The minister spoke on day {i} about the long war, officials said."), Label::Content),
///     LabelledParagraph::new("More stories", Label::Related),
/// ]);
/// let corpus = Corpus::from_pages((0..6).map(page).collect());
/// let saved = fit(&corpus, &TrainConfig::default(), &Silent)?;
/// assert_eq!(saved.training().pages, 6);
/// # Ok::<(), declutter::Error>(())
/// ```
pub fn fit(corpus: &Corpus, config: &TrainConfig, progress: &dyn Progress) -> Result<SavedModel> {
    config.check()?;
    let (first_params, second_params) = (config.model.check()?, config.sequence.model.check()?);
    if corpus.pages.is_empty() {
        return Err(TrainingError::NoPages.into());
    }
    let (augmented, synthetic) = with_sections(corpus, config.synthetic_sections_share, SEED);
    let corpus = &*augmented;
    let mut stages = Stages {
        progress,
        done: Vec::new(),
    };
    let texts = corpus
        .pages
        .iter()
        .flat_map(|p| p.paragraphs.iter().map(|q| q.text.as_str()));
    let featurizer = stages.run("fitting vocabulary", None, |_| {
        Featurizer::fit(config.featurizer, texts)
    })?;
    let pages = corpus.pages.len() as u64;
    let reading = Reading {
        featurizer: &featurizer,
        unknown_words_share: config.unknown_words_share,
    };
    let folds = config.sequence.folds;
    let data = stages.run("featurizing pages", Some(pages), |p| {
        featurize(&reading, corpus, folds, p)
    });
    crate::model::require_two_labels(data.labelled.y.iter().copied())?;
    let with_sequence = folds >= 2 && corpus.pages.len() >= folds;
    let first = match with_sequence {
        true => Some(
            stages.run("cross-validating first pass", Some(folds as u64), |p| {
                out_of_fold(&first_params, &data, folds, p)
            })?,
        ),
        false => None,
    };
    let (model, fit) = stages.run("fitting first pass on all pages", None, |_| {
        first_params.fit(&Model::dataset(&data.x, data.labelled.y.clone()))
    })?;
    let Data { x, labelled } = data;
    drop(x);
    let mut training = TrainingInfo {
        pages: corpus.pages.len(),
        paragraphs: labelled.y.len(),
        skipped_empty_pages: corpus.skipped_empty_pages,
        config: *config,
        fit,
        vocabulary: featurizer.vocabulary_len(),
        features: featurizer.n_features(),
        synthetic,
        ..TrainingInfo::default()
    };
    let sequence = match first {
        Some(first) => {
            let second_x = second_pass_rows(&reading, corpus, &labelled.pages, &first);
            drop(first);
            let (sequence, scores, chosen) =
                fit_sequence(&mut stages, &second_params, &second_x, &labelled, folds)?;
            training.chosen = Some(chosen);
            training.cross_validation = scores;
            Some(sequence)
        }
        None => None,
    };
    let mut saved = SavedModel::new(featurizer, model, sequence, training)?;
    saved.set_stages(stages.done);
    Ok(saved)
}

/// Labels, word tokens, page ranges and folds: what the second pass needs
/// of the data.
struct Labelled {
    y: Vec<Label>,
    tokens: Vec<u64>,
    pages: Vec<Range<usize>>,
    /// Each page's fold, site by site ([`fold_of`]).
    folds: Vec<usize>,
}

impl Labelled {
    /// Every block's label and word count, each page's range, and each
    /// page's fold of `folds`, in corpus order.
    fn of(corpus: &Corpus, folds: usize) -> Self {
        let mut labelled = Labelled {
            y: Vec::new(),
            tokens: Vec::new(),
            pages: Vec::with_capacity(corpus.pages.len()),
            folds: page_folds(corpus, folds),
        };
        for page in &corpus.pages {
            let start = labelled.y.len();
            for p in &page.paragraphs {
                labelled.y.push(p.label);
                labelled.tokens.push(words(&p.text).count() as u64);
            }
            labelled.pages.push(start..labelled.y.len());
        }
        labelled
    }
}

/// How training reads its pages: each in its own language, and a share of
/// them with their words read as unknown.
struct Reading<'a> {
    featurizer: &'a Featurizer,
    unknown_words_share: f32,
}

impl Reading<'_> {
    /// The parts of page `i`'s rows: the one place the first and the second
    /// pass's training rows come from.
    fn parts(&self, i: usize, page: &LabelledPage) -> PageParts {
        let blocks = page.blocks();
        let language = self
            .featurizer
            .page_language(LanguageSetting::Auto, &blocks);
        let terms = match unknown_words(i, self.unknown_words_share) {
            true => Terms::Blanked,
            false => Terms::Read,
        };
        self.featurizer.parts_in(&blocks, language, terms)
    }
}

/// Whether page `i` is one of the `share` of pages read with unknown words:
/// a fixed hash of its position, so that every stage picks the same pages.
fn unknown_words(i: usize, share: f32) -> bool {
    let hash = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
    (hash as f32 / (1u64 << 24) as f32) < share
}

fn featurize(reading: &Reading, corpus: &Corpus, folds: usize, progress: &dyn Progress) -> Data {
    let featurizer = reading.featurizer;
    let pages: Vec<SparseRows> = corpus
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            let parts = reading.parts(i, page);
            progress.advance(1);
            parts.to_rows()
        })
        .collect();
    let mut x = SparseRows::new(featurizer.n_features());
    for rows in &pages {
        x.append(rows);
    }
    Data {
        x,
        labelled: Labelled::of(corpus, folds),
    }
}

/// Each page's fold of `folds`, site by site ([`fold_of`]); by position
/// when every page would fall in one fold (one site, or no URLs), so that
/// there is always something to train on.
fn page_folds(corpus: &Corpus, folds: usize) -> Vec<usize> {
    let by_site: Vec<usize> = (corpus.pages.iter().enumerate())
        .map(|(i, page)| fold_of(i, page.url.as_deref(), folds))
        .collect();
    match by_site.windows(2).all(|w| w[0] == w[1]) && by_site.len() > 1 {
        true => (0..by_site.len()).map(|i| i % folds.max(1)).collect(),
        false => by_site,
    }
}

/// The rows of the pages in fold `k` (`held_out`) or in every other fold.
fn fold_rows(data: &Labelled, k: usize, held_out: bool) -> Vec<usize> {
    data.pages
        .iter()
        .zip(&data.folds)
        .filter(|(_, fold)| (**fold == k) == held_out)
        .flat_map(|(r, _)| r.clone())
        .collect()
}

/// Predicts every first-pass row with a model fitted on the other folds' pages.
fn out_of_fold(
    params: &ValidModelParams,
    data: &Data,
    folds: usize,
    progress: &dyn Progress,
) -> Result<Probabilities> {
    let mut predictions = vec![[0.0; Label::COUNT]; data.labelled.y.len()];
    for k in 0..folds {
        let rows = fold_rows(&data.labelled, k, false);
        let labels = rows.iter().map(|&r| data.labelled.y[r]).collect();
        let dataset = DatasetBase::new(SelectedRows { x: &data.x, rows }, labels);
        let (model, _) = params.fit(&dataset)?;
        for (page, _) in
            (data.labelled.pages.iter().zip(&data.labelled.folds)).filter(|(_, fold)| **fold == k)
        {
            let probabilities = model.predict_proba(&data.x.slice(page.clone()));
            predictions[page.clone()].copy_from_slice(&probabilities);
        }
        progress.advance(1);
    }
    Ok(predictions)
}

/// The second pass's rows of every page, built as inference builds them
/// (each page featurized again: cheaper than keeping every block's own
/// features through the first pass's fits).
fn second_pass_rows(
    reading: &Reading,
    corpus: &Corpus,
    pages: &[Range<usize>],
    first: &Probabilities,
) -> Array2<f32> {
    let featurizer = reading.featurizer;
    let page_rows: Vec<Array2<f32>> = corpus
        .pages
        .par_iter()
        .enumerate()
        .zip(pages)
        .map(|((i, page), range)| {
            let parts = reading.parts(i, page);
            let own = parts.own_rows();
            sequence_rows(own.view(), parts.containers(), &first[range.clone()])
        })
        .collect();
    let mut rows = Array2::zeros((first.len(), second_pass_width(featurizer)));
    for (range, page) in pages.iter().zip(page_rows) {
        rows.slice_mut(ndarray::s![range.clone(), ..]).assign(&page);
    }
    rows
}

fn fit_sequence(
    stages: &mut Stages,
    params: &ValidModelParams,
    x: &Array2<f32>,
    data: &Labelled,
    folds: usize,
) -> Result<(SequenceModel, Vec<WeightScore>, WeightScore)> {
    let second = stages.run(
        "cross-validating second pass",
        Some(folds as u64),
        |progress| {
            let mut predictions = vec![[0.0; Label::COUNT]; data.y.len()];
            for k in 0..folds {
                let rows = fold_rows(data, k, false);
                let model = fit_dense(params, x.view(), &data.y, &rows)?;
                let held_out = fold_rows(data, k, true);
                let probabilities = model.predict_proba(&x.select(Axis(0), &held_out));
                for (&r, p) in held_out.iter().zip(probabilities) {
                    predictions[r] = p;
                }
                progress.advance(1);
            }
            Ok::<_, crate::error::Error>(predictions)
        },
    )?;
    let label_pages: Vec<&[Label]> = data.pages.iter().map(|r| &data.y[r.clone()]).collect();
    let decoder = Decoder::fit(label_pages.iter().copied(), 0.0);
    let (scores, best) = choose_decoder(&decoder, &CONTENT_BIASES, data, &second);
    let all: Vec<usize> = (0..data.y.len()).collect();
    let model = stages.run("fitting second pass on all pages", None, |_| {
        fit_dense(params, x.view(), &data.y, &all)
    })?;
    let sequence = SequenceModel {
        model,
        decoder: decoder.with_settings(best.settings),
    };
    Ok((sequence, scores, best))
}

/// Scores every decoder setting (transition weights × `biases` × the
/// headline's block biased or not) on labelled pages and their second-pass
/// probabilities, by the sum of content F1, macro-F1 and per-page F1. The
/// chosen setting is the simplest (lowest transition weight, then the
/// headline's block biased, then smallest content bias in size) whose sum
/// is within one standard error of the best's: the standard error of the
/// mean of the two settings' per-page F1 differences, page by page (the
/// one-standard-error rule). A stronger pull between labels tends to flip
/// whole pages one way or the other, so it must win by more than that
/// noise.
fn choose_decoder(
    decoder: &Decoder,
    biases: &[f32],
    data: &Labelled,
    probabilities: &[[f32; Label::COUNT]],
) -> (Vec<WeightScore>, WeightScore) {
    let settings: Vec<DecoderSettings> = TRANSITION_WEIGHTS
        .iter()
        .flat_map(|&weight| {
            biases
                .iter()
                .map(move |&content_bias| (weight, content_bias))
        })
        .flat_map(|(weight, content_bias)| {
            [false, true].map(|unbiased_lead| DecoderSettings {
                weight,
                content_bias,
                unbiased_lead,
            })
        })
        .collect();
    let scored: Vec<(WeightScore, Vec<f64>)> = settings
        .par_iter()
        .map(|&settings| score_weight(&decoder.with_settings(settings), data, probabilities))
        .collect();
    let fallback = WeightScore {
        settings: decoder.settings,
        content_f1: 0.0,
        macro_f1: 0.0,
        page_f1: 0.0,
    };
    let Some((top, top_pages)) = scored
        .iter()
        .max_by(|a, b| a.0.criterion().total_cmp(&b.0.criterion()))
    else {
        return (Vec::new(), fallback);
    };
    let simplicity = |s: &DecoderSettings| (s.weight, s.unbiased_lead, s.content_bias.abs());
    let best = scored
        .iter()
        .filter(|(s, pages)| {
            s.criterion() >= top.criterion() - paired_standard_error(top_pages, pages)
        })
        .map(|(s, _)| *s)
        .min_by(|a, b| {
            simplicity(&a.settings)
                .partial_cmp(&simplicity(&b.settings))
                .expect("finite settings")
        })
        .unwrap_or(fallback);
    let scores = scored.into_iter().map(|(s, _)| s).collect();
    (scores, best)
}

/// The content biases tried on validation pages: wider than on the
/// training folds, since a validation set of another kind of page may want
/// a stronger push either way.
const VALIDATION_BIASES: [f32; 9] = [-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0];

/// Chooses the decoder's settings (transition weight, content bias, whether
/// the headline's block is unbiased) on validation pages (labelled pages of
/// the kind the model will clean, which no weight is fitted on), in place
/// of the choice made by cross-validation on the training pages; the scores
/// go in the model's training report.
///
/// ```
/// use declutter::Label;
/// use declutter::train::{fit, tune_decoder, Corpus, LabelledPage, LabelledParagraph, Silent, TrainConfig};
/// let page = |i: usize| LabelledPage::new(vec![
///     LabelledParagraph::new("Home", Label::Boilerplate),
///     LabelledParagraph::new(format!("The minister spoke on day {i} about the long war, officials said."), Label::Content),
///     LabelledParagraph::new("More stories", Label::Related),
/// ]);
/// let saved = fit(&Corpus::from_pages((0..6).map(page).collect()), &TrainConfig::default(), &Silent)?;
/// let tuned = tune_decoder(saved, &Corpus::from_pages((6..9).map(page).collect()))?;
/// // 6 transition weights × 9 content biases × the lead biased or not.
/// assert_eq!(tuned.training().validation.len(), 6 * 9 * 2);
/// # Ok::<(), declutter::Error>(())
/// ```
pub fn tune_decoder(mut saved: SavedModel, validation: &Corpus) -> Result<SavedModel> {
    let Some(sequence) = saved.sequence() else {
        return Ok(saved);
    };
    let decoder = sequence.decoder.clone();
    let pipeline = saved.clone().into_pipeline();
    let per_page: Vec<Probabilities> = validation
        .pages
        .par_iter()
        .map(|page| {
            let blocks = page.blocks();
            let language = pipeline.language_of(LanguageSetting::Auto, &blocks);
            pipeline.probabilities(&blocks, language)
        })
        .collect();
    let probabilities: Probabilities = per_page.into_iter().flatten().collect();
    let data = Labelled::of(validation, 1);
    let (scores, best) = choose_decoder(&decoder, &VALIDATION_BIASES, &data, &probabilities);
    saved.set_decoder_settings(best, scores);
    Ok(saved)
}

/// A decoder's scores on labelled pages, and each page's content F1.
fn score_weight(
    decoder: &Decoder,
    data: &Labelled,
    probabilities: &[[f32; Label::COUNT]],
) -> (WeightScore, Vec<f64>) {
    let mut evaluation = Evaluation::default();
    let mut page_f1 = Vec::with_capacity(data.pages.len());
    for page in &data.pages {
        let (gold, tokens) = (&data.y[page.clone()], &data.tokens[page.clone()]);
        let predicted =
            decoder.decode_page(&probabilities[page.clone()], 0.0, |i| tokens[i] as usize);
        evaluation.add_weighted(gold, &predicted, tokens);
        page_f1.push(page_content_f1(gold, &predicted, tokens));
    }
    let score = WeightScore {
        settings: decoder.settings,
        content_f1: evaluation.content_tokens().f1,
        macro_f1: evaluation.macro_f1(),
        page_f1: page_f1.iter().sum::<f64>() / page_f1.len().max(1) as f64,
    };
    (score, page_f1)
}

/// The standard error of the mean of `a[i] - b[i]` (0 for fewer than two pairs).
fn paired_standard_error(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    if n < 2 {
        return 0.0;
    }
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    let mean = d.iter().sum::<f64>() / n as f64;
    let variance = d.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    (variance / n as f64).sqrt()
}

/// One page's content F1 over its paragraphs, weighted by their tokens: 1
/// when the page has no content and none is kept, 0 when only one is empty.
fn page_content_f1(gold: &[Label], predicted: &[Label], tokens: &[u64]) -> f64 {
    let (mut both, mut kept, mut wanted) = (0u64, 0u64, 0u64);
    for ((g, p), n) in gold.iter().zip(predicted).zip(tokens) {
        let (g, p) = (*g == Label::Content, *p == Label::Content);
        both += (g && p) as u64 * n;
        kept += p as u64 * n;
        wanted += g as u64 * n;
    }
    match (kept, wanted) {
        (0, 0) => 1.0,
        (0, _) | (_, 0) => 0.0,
        _ => 2.0 * both as f64 / (kept + wanted) as f64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pages_content_f1_weighs_paragraphs_by_tokens() {
        use Label::{Boilerplate as B, Content as C};
        assert_eq!(page_content_f1(&[C, B], &[C, B], &[5, 3]), 1.0);
        // 10 tokens kept, 5 of them content, of 5 wanted: P 0.5, R 1.
        assert!((page_content_f1(&[C, B], &[C, C], &[5, 5]) - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(page_content_f1(&[B, B], &[B, B], &[5, 5]), 1.0);
        assert_eq!(page_content_f1(&[C, B], &[B, B], &[5, 5]), 0.0);
    }

    #[test]
    fn the_paired_standard_error_is_that_of_the_mean_difference() {
        let se = paired_standard_error(&[1.0, 0.0, 1.0, 0.0], &[0.0; 4]);
        assert!((se - (1.0f64 / 12.0).sqrt()).abs() < 1e-12, "{se}");
        assert_eq!(paired_standard_error(&[0.3, 0.5], &[0.2, 0.4]), 0.0);
        assert_eq!(paired_standard_error(&[1.0], &[0.0]), 0.0);
    }

    #[test]
    fn a_tie_between_decoder_settings_goes_to_the_simplest() {
        use Label::{Boilerplate as B, Content as C};
        let data = Labelled {
            y: vec![B, C, C, B, C, B],
            tokens: vec![3, 20, 30, 2, 25, 4],
            pages: vec![0..3, 3..6],
            folds: vec![0, 1],
        };
        let sure = |l: Label| {
            if l == C {
                [0.99, 0.01, 0.0]
            } else {
                [0.01, 0.99, 0.0]
            }
        };
        let probabilities: Vec<_> = data.y.iter().map(|&l| sure(l)).collect();
        let decoder = Decoder::fit(data.pages.iter().map(|r| &data.y[r.clone()]), 0.0);
        let (scores, best) = choose_decoder(&decoder, &[-1.0, 0.0, 1.0], &data, &probabilities);
        assert_eq!(scores.len(), TRANSITION_WEIGHTS.len() * 3 * 2);
        assert!(
            scores
                .iter()
                .all(|s| s.criterion() == scores[0].criterion())
        );
        assert_eq!((scores[0].content_f1, scores[0].page_f1), (1.0, 1.0));
        assert_eq!(best.settings, DecoderSettings::default());
    }

    #[test]
    fn the_pages_read_with_unknown_words_are_a_fixed_share() {
        assert!((0..1000).all(|i| !unknown_words(i, 0.0)));
        let chosen = (0..10_000).filter(|&i| unknown_words(i, 0.4)).count();
        assert!((3_800..4_200).contains(&chosen), "{chosen}");
        assert_eq!(unknown_words(17, 0.4), unknown_words(17, 0.4));
    }
}
