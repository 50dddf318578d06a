//! Training: fit the featurizer on a corpus, the page-type model on the
//! pages' types, transform every page, fit the first-pass model, and (with
//! cross-validation folds) the second pass and the decoder on out-of-fold
//! predictions.
//!
//! Folds keep each site in one fold ([`crate::train::folds`]), so no page is
//! ever predicted by a model that saw it or another page of its site. The
//! decoder's settings are chosen on the out-of-fold second-pass predictions
//! ([`crate::train::decoding`]): settings come from cross-validation on the
//! training pages and from validation pages, never from evaluation data.

use crate::error::{Result, TrainingError};
use crate::features::language::LanguageSetting;
use crate::features::rows::{SelectedRows, SparseRows};
use crate::features::{Featurizer, PageParts, Terms, page_type};
use crate::label::Label;
use crate::model::dense::fit_dense;
use crate::model::page_type::likeliest;
use crate::model::{Model, Probabilities, ValidModelParams};
use crate::page_type::PageType;
use crate::pipeline::file::{SavedModel, second_pass_width};
use crate::pipeline::settings::TrainConfig;
use crate::pipeline::settings::TrainingInfo;
use crate::pipeline::{PageInput, Pipeline};
use crate::sequence::{Decoder, SequenceModel, sequence_rows};
use crate::train::augment::with_sections;
use crate::train::corpus::{Corpus, LabelledPage};
use crate::train::decoding::{Choice, Held, Labelled, choose, page_folds};
use crate::train::page_types::{PageTypeFit, enough_types, fit_page_types};
use linfa::DatasetBase;
use linfa::traits::Fit;
use ndarray::{Array2, Axis};
use rayon::prelude::*;
use std::ops::Range;
use std::time::Instant;

/// The seed of the synthetic sections' draws: the same corpus always gets
/// the same sections.
const SEED: u64 = 0x6465_636c_7574;

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

/// Fits a featurizer, a page-type model (when the pages have types), a
/// first-pass model and, with folds, a second pass and decoder. The
/// settings are checked before anything else. With `validation` pages
/// (labelled pages of the kind the model will clean, news and blogs here,
/// which no weight is fitted on), the decoder's own settings are chosen on
/// them, and the article type's on them and the training folds' articles.
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
/// let saved = fit(&corpus, None, &TrainConfig::default(), &Silent)?;
/// assert_eq!(saved.training().pages, 6);
/// let validated = fit(&corpus, Some(&Corpus::from_pages((6..9).map(page).collect())), &TrainConfig::default(), &Silent)?;
/// // 6 transition weights × 9 content biases × the lead biased or not.
/// assert_eq!(validated.training().validation.len(), 6 * 9 * 2);
/// # Ok::<(), declutter::Error>(())
/// ```
pub fn fit(
    corpus: &Corpus,
    validation: Option<&Corpus>,
    config: &TrainConfig,
    progress: &dyn Progress,
) -> Result<SavedModel> {
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
    let types: Vec<Option<PageType>> = corpus.pages.iter().map(|p| p.page_type).collect();
    let mut featurizer_config = config.featurizer;
    featurizer_config.page_types &= enough_types(&types);
    let texts = corpus
        .pages
        .iter()
        .flat_map(|p| p.paragraphs.iter().map(|q| q.text.as_str()));
    let featurizer = stages.run("fitting vocabulary", None, |_| {
        Featurizer::fit(featurizer_config, texts)
    })?;
    let pages = corpus.pages.len() as u64;
    let mut reading = Reading {
        featurizer: &featurizer,
        unknown_words_share: config.unknown_words_share,
        page_types: None,
    };
    let page_types = match featurizer.has_page_types() {
        true => Some(stages.run("fitting the page-type model", Some(pages), |p| {
            fit_types(&reading, corpus, &types, p)
        })?),
        false => None,
    };
    let page_types = page_types.map(|f| f.with_thresholds(config.page_type_thresholds));
    reading.page_types = page_types.as_ref().map(PageTypeFit::read_as);
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
    let (page_model, page_report) = match page_types {
        Some(f) => (Some(f.model), Some(f.report)),
        None => (None, None),
    };
    let mut training = TrainingInfo {
        pages: corpus.pages.len(),
        paragraphs: labelled.y.len(),
        skipped_empty_pages: corpus.skipped_empty_pages,
        config: *config,
        fit,
        vocabulary: featurizer.vocabulary_len(),
        features: featurizer.n_features(),
        synthetic,
        page_types: page_report,
        ..TrainingInfo::default()
    };
    let sequence = match first {
        Some(first) => {
            let second_x = second_pass_rows(&reading, corpus, &labelled.pages, &first);
            drop(first);
            let (second, held_out) =
                fit_second_pass(&mut stages, &second_params, &second_x, &labelled, folds)?;
            let label_pages = labelled.pages.iter().map(|r| &labelled.y[r.clone()]);
            let decoder = Decoder::fit(label_pages, 0.0);
            let sequence = SequenceModel {
                model: second,
                decoder,
            };
            let predicted: Vec<Option<(PageType, f32)>> = match &reading.page_types {
                Some(p) => p.iter().map(|p| Some(likeliest(p))).collect(),
                None => Vec::new(),
            };
            let train = Held {
                labelled: &labelled,
                probabilities: &held_out,
                types: &predicted,
            };
            let pipeline = Pipeline::new(
                featurizer.clone(),
                page_model.clone(),
                model.clone(),
                Some(sequence.clone()),
            );
            let choice = stages.run("choosing the decoder's settings", None, |_| {
                choose_settings(&pipeline, &sequence.decoder, &train, validation)
            });
            training.chosen = Some(choice.chosen);
            training.cross_validation = choice.cross_validation.clone();
            training.validation = choice.validation.clone();
            training.by_type = choice.by_type.clone();
            Some(SequenceModel {
                decoder: choice.apply(&sequence.decoder),
                ..sequence
            })
        }
        None => None,
    };
    let mut saved = SavedModel::new(featurizer, page_model, model, sequence, training)?;
    saved.set_stages(stages.done);
    Ok(saved)
}

/// Chooses the decoder's settings on the training folds' held-out pages
/// and, when given, the validation pages labelled by `pipeline` (the
/// models fitted on every training page).
fn choose_settings(
    pipeline: &Pipeline,
    decoder: &Decoder,
    train: &Held,
    validation: Option<&Corpus>,
) -> Choice {
    let with_types = !train.types.is_empty();
    let Some(validation) = validation else {
        return choose(decoder, train, None, with_types);
    };
    let labelled = Labelled::of(validation, 1);
    let scored: Vec<(Probabilities, Option<(PageType, f32)>)> = validation
        .pages
        .par_iter()
        .map(|page| {
            let read = page.read();
            let language = pipeline.language_of(LanguageSetting::Auto, &read.blocks);
            let input = PageInput {
                blocks: &read.blocks,
                facts: read.facts(),
                language,
                page_type: None,
            };
            let (probabilities, typed) = pipeline.probabilities(&input);
            (probabilities, typed.map(|t| likeliest(&t.read_as)))
        })
        .collect();
    let types: Vec<Option<(PageType, f32)>> = scored.iter().map(|(_, t)| *t).collect();
    let probabilities: Probabilities = scored.into_iter().flat_map(|(p, _)| p).collect();
    let held = Held {
        labelled: &labelled,
        probabilities: &probabilities,
        types: &types,
    };
    choose(decoder, train, Some(&held), with_types)
}

/// How training reads its pages: each in its own language, a share of them
/// with their words read as unknown, and, once the page-type model has
/// told them, each with its out-of-fold type probabilities.
struct Reading<'a> {
    featurizer: &'a Featurizer,
    unknown_words_share: f32,
    page_types: Option<Vec<[f32; PageType::COUNT]>>,
}

impl Reading<'_> {
    /// The parts of page `i`'s rows: the one place the first and the second
    /// pass's training rows (and the page-type model's) come from.
    fn parts(&self, i: usize, page: &LabelledPage) -> PageParts {
        let read = page.read();
        let language = self
            .featurizer
            .page_language(LanguageSetting::Auto, &read.blocks);
        let terms = match unknown_words(i, self.unknown_words_share) {
            true => Terms::Blanked,
            false => Terms::Read,
        };
        let mut facts = read.facts();
        if facts.markup.is_none() && without_address(i) {
            facts.url = None;
        }
        let mut parts = self
            .featurizer
            .parts_in(&read.blocks, language, terms, facts);
        if let Some(p) = &self.page_types {
            parts.set_page_type(&p[i]);
        }
        parts
    }
}

/// The page-type model, fitted on the pages' page-type features, with every
/// page's out-of-fold type probabilities (5 folds, site by site).
fn fit_types(
    reading: &Reading,
    corpus: &Corpus,
    types: &[Option<PageType>],
    progress: &dyn Progress,
) -> Result<PageTypeFit> {
    let rows: Vec<Vec<f32>> = (corpus.pages.par_iter().enumerate())
        .map(|(i, page)| {
            let parts = reading.parts(i, page);
            progress.advance(1);
            parts.page_row().map(<[f32]>::to_vec).unwrap_or_default()
        })
        .collect();
    let width = page_type::WIDTH;
    let flat: Vec<f32> = rows.into_iter().flatten().collect();
    let x = Array2::from_shape_vec((corpus.pages.len(), width), flat)
        .map_err(|e| TrainingError::Solver(e.to_string()))?;
    fit_page_types(
        &x,
        types,
        &page_folds(corpus, PAGE_TYPE_FOLDS),
        PAGE_TYPE_FOLDS,
    )
}

/// The folds of the page-type model's cross-validation.
const PAGE_TYPE_FOLDS: usize = 5;

/// Whether page `i` is one of the `share` of pages read with unknown words:
/// a fixed hash of its position, so that every stage picks the same pages.
fn unknown_words(i: usize, share: f32) -> bool {
    let hash = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
    (hash as f32 / (1u64 << 24) as f32) < share
}

/// Whether text page `i` is read without its address: half of them (by
/// another fixed hash of their position), since plain text often comes
/// without one (a file, a scraper's output) and the page-type features
/// must learn to do without it. An HTML page keeps its own canonical link.
fn without_address(i: usize) -> bool {
    let hash = (i as u64 + 7).wrapping_mul(0xD1B5_4A32_D192_ED03) >> 40;
    hash & 1 == 1
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

/// The second pass fitted on every page, and every page's out-of-fold
/// second-pass probabilities (what the decoder's settings are chosen on).
fn fit_second_pass(
    stages: &mut Stages,
    params: &ValidModelParams,
    x: &Array2<f32>,
    data: &Labelled,
    folds: usize,
) -> Result<(Model, Probabilities)> {
    let held_out = stages.run(
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
    let all: Vec<usize> = (0..data.y.len()).collect();
    let model = stages.run("fitting second pass on all pages", None, |_| {
        fit_dense(params, x.view(), &data.y, &all)
    })?;
    Ok((model, held_out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_the_text_pages_are_read_without_their_address() {
        let dropped = (0..10_000).filter(|&i| without_address(i)).count();
        assert!((4_800..5_200).contains(&dropped), "{dropped}");
        let both = (0..10_000)
            .filter(|&i| without_address(i) && unknown_words(i, 0.4))
            .count();
        assert!(
            (1_800..2_200).contains(&both),
            "independent of the unknown words: {both}"
        );
    }

    #[test]
    fn the_pages_read_with_unknown_words_are_a_fixed_share() {
        assert!((0..1000).all(|i| !unknown_words(i, 0.0)));
        let chosen = (0..10_000).filter(|&i| unknown_words(i, 0.4)).count();
        assert!((3_800..4_200).contains(&chosen), "{chosen}");
        assert_eq!(unknown_words(17, 0.4), unknown_words(17, 0.4));
    }
}
