//! Choosing the decoder's settings (transition weight, content bias,
//! whether the headline's block is unbiased) on held-out pages: the
//! training pages' out-of-fold second-pass probabilities, and validation
//! pages where given. With page types, each type gets the settings that
//! decode its held-out pages best (a forum keeps its thread, a listing its
//! cards), chosen on the pages predicted of that type, as the settings
//! will be used on pages predicted of that type; the validation pages
//! (news and blogs) count for articles only.

use crate::features::tokenize::words;
use crate::label::Label;
use crate::page_type::PageType;
use crate::pipeline::settings::{TypeChoice, WeightScore};
use crate::sequence::{Decoder, DecoderSettings};
use crate::train::corpus::Corpus;
use crate::train::eval::Evaluation;
use crate::train::folds::fold_of;
use rayon::prelude::*;
use std::ops::Range;

/// The transition weights tried.
const TRANSITION_WEIGHTS: [f32; 6] = [0.0, 0.25, 0.5, 0.75, 1.0, 1.5];

/// The content biases (added to the log-probability of `content`) tried on
/// the training folds for the decoder's own settings.
const CONTENT_BIASES: [f32; 5] = [-1.0, -0.5, 0.0, 0.5, 1.0];

/// The content biases tried on validation pages and for each page type:
/// wider, since a kind of page may want a stronger push either way (a
/// forum keeps long posts a news page would drop as comments).
const WIDE_BIASES: [f32; 9] = [-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0];

/// A page type needs this many held-out pages for settings of its own;
/// with fewer, it takes the decoder's own.
const MIN_TYPE_PAGES: usize = 20;

/// Labels, word tokens, page ranges and folds: what the second pass and
/// the decoder's choice need of labelled pages.
pub(crate) struct Labelled {
    pub(crate) y: Vec<Label>,
    pub(crate) tokens: Vec<u64>,
    pub(crate) pages: Vec<Range<usize>>,
    /// Each page's fold, site by site ([`fold_of`]).
    pub(crate) folds: Vec<usize>,
}

impl Labelled {
    /// Every block's label and word count, each page's range, and each
    /// page's fold of `folds`, in corpus order.
    pub(crate) fn of(corpus: &Corpus, folds: usize) -> Self {
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

/// Each page's fold of `folds`, site by site ([`fold_of`]); by position
/// when every page would fall in one fold (one site, or no URLs), so that
/// there is always something to train on.
pub(crate) fn page_folds(corpus: &Corpus, folds: usize) -> Vec<usize> {
    let by_site: Vec<usize> = (corpus.pages.iter().enumerate())
        .map(|(i, page)| fold_of(i, page.url.as_deref(), folds))
        .collect();
    match by_site.windows(2).all(|w| w[0] == w[1]) && by_site.len() > 1 {
        true => (0..by_site.len()).map(|i| i % folds.max(1)).collect(),
        false => by_site,
    }
}

/// Held-out pages: their labels, second-pass probabilities, and predicted
/// types with their probabilities (none for a model that does not tell
/// types).
pub(crate) struct Held<'a> {
    pub(crate) labelled: &'a Labelled,
    pub(crate) probabilities: &'a [[f32; Label::COUNT]],
    pub(crate) types: &'a [Option<(PageType, f32)>],
}

/// Some pages of one or more [`Held`] sets.
struct Pages<'a> {
    /// (set, page) pairs.
    pages: Vec<(&'a Held<'a>, usize)>,
}

impl<'a> Pages<'a> {
    /// Every page of `held`.
    fn all(held: &'a Held<'a>) -> Self {
        Pages {
            pages: (0..held.labelled.pages.len()).map(|i| (held, i)).collect(),
        }
    }

    /// The pages of `held` predicted of type `t`.
    fn of_type(held: &'a Held<'a>, t: PageType) -> Self {
        let pages = (0..held.labelled.pages.len())
            .filter(|&i| held.types.get(i).copied().flatten().map(|p| p.0) == Some(t))
            .map(|i| (held, i))
            .collect();
        Pages { pages }
    }

    fn and(mut self, other: Pages<'a>) -> Self {
        self.pages.extend(other.pages);
        self
    }
}

/// What the choice made: the decoder's own settings and their scores on
/// the training folds (and on validation pages), and each type's.
pub(crate) struct Choice {
    pub(crate) chosen: WeightScore,
    pub(crate) cross_validation: Vec<WeightScore>,
    pub(crate) validation: Vec<WeightScore>,
    pub(crate) by_type: Vec<TypeChoice>,
}

impl Choice {
    /// `decoder` with the chosen settings.
    pub(crate) fn apply(&self, decoder: &Decoder) -> Decoder {
        let mut decoder = decoder.with_settings(self.chosen.settings);
        decoder.by_type = self.by_type.iter().map(|c| c.chosen.settings).collect();
        decoder
    }
}

/// Chooses the decoder's own settings (on the training folds, or on the
/// validation pages when given) and, with page types, each type's.
pub(crate) fn choose(
    decoder: &Decoder,
    train: &Held,
    validation: Option<&Held>,
    with_types: bool,
) -> Choice {
    let (cross_validation, on_folds) = choose_decoder(decoder, &CONTENT_BIASES, &Pages::all(train));
    let (validation_scores, chosen) = match validation {
        Some(v) => choose_decoder(decoder, &WIDE_BIASES, &Pages::all(v)),
        None => (Vec::new(), on_folds),
    };
    let by_type: Vec<TypeChoice> = match with_types {
        true => PageType::ALL
            .iter()
            .map(|&t| choose_type(decoder, t, train, validation, chosen))
            .collect(),
        false => Vec::new(),
    };
    Choice {
        chosen,
        cross_validation,
        validation: validation_scores,
        by_type,
    }
}

/// The settings of page type `t`, chosen on the held-out pages predicted
/// of that type (validation pages for articles only); `fallback` when they
/// are too few.
fn choose_type(
    decoder: &Decoder,
    t: PageType,
    train: &Held,
    validation: Option<&Held>,
    fallback: WeightScore,
) -> TypeChoice {
    let mut pages = Pages::of_type(train, t);
    if let Some(v) = validation.filter(|_| t == PageType::Article) {
        pages = pages.and(Pages::of_type(v, t));
    }
    let n = pages.pages.len();
    let chosen = match n >= MIN_TYPE_PAGES {
        true => choose_decoder(decoder, &WIDE_BIASES, &pages).1,
        false => fallback,
    };
    TypeChoice {
        page_type: t,
        pages: if n >= MIN_TYPE_PAGES { n } else { 0 },
        chosen,
    }
}

/// Scores every decoder setting (transition weights × `biases` × the
/// headline's block biased or not) on held-out pages, by the sum of content
/// F1, macro-F1 and per-page F1. The chosen setting is the simplest (lowest
/// transition weight, then the headline's block biased, then smallest
/// content bias in size) whose sum is within one standard error of the
/// best's: the standard error of the mean of the two settings' per-page F1
/// differences, page by page (the one-standard-error rule). A stronger pull
/// between labels tends to flip whole pages one way or the other, so it
/// must win by more than that noise.
fn choose_decoder(
    decoder: &Decoder,
    biases: &[f32],
    pages: &Pages,
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
        .map(|&settings| score_weight(&decoder.with_settings(settings), pages))
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

/// A decoder's scores on held-out pages (decoded with its own settings),
/// and each page's content F1.
fn score_weight(decoder: &Decoder, pages: &Pages) -> (WeightScore, Vec<f64>) {
    let mut evaluation = Evaluation::default();
    let mut page_f1 = Vec::with_capacity(pages.pages.len());
    for &(held, i) in &pages.pages {
        let range = held.labelled.pages[i].clone();
        let (gold, tokens) = (
            &held.labelled.y[range.clone()],
            &held.labelled.tokens[range.clone()],
        );
        let probabilities = &held.probabilities[range];
        let predicted = decoder.decode_page(probabilities, 0.0, |j| tokens[j] as usize, None);
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
    use Label::{Boilerplate as B, Content as C};

    #[test]
    fn a_pages_content_f1_weighs_paragraphs_by_tokens() {
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

    fn sure(l: Label) -> [f32; Label::COUNT] {
        if l == C {
            [0.99, 0.01, 0.0]
        } else {
            [0.01, 0.99, 0.0]
        }
    }

    #[test]
    fn a_tie_between_decoder_settings_goes_to_the_simplest() {
        let data = Labelled {
            y: vec![B, C, C, B, C, B],
            tokens: vec![3, 20, 30, 2, 25, 4],
            pages: vec![0..3, 3..6],
            folds: vec![0, 1],
        };
        let probabilities: Vec<_> = data.y.iter().map(|&l| sure(l)).collect();
        let held = Held {
            labelled: &data,
            probabilities: &probabilities,
            types: &[],
        };
        let decoder = Decoder::fit(data.pages.iter().map(|r| &data.y[r.clone()]), 0.0);
        let (scores, best) = choose_decoder(&decoder, &[-1.0, 0.0, 1.0], &Pages::all(&held));
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
    fn each_type_with_enough_pages_gets_settings_of_its_own() {
        // Forum pages whose posts the second pass doubts (content 0.3): a
        // strong content bias keeps them; articles are sure either way.
        let n = MIN_TYPE_PAGES;
        let mut data = Labelled {
            y: Vec::new(),
            tokens: Vec::new(),
            pages: Vec::new(),
            folds: Vec::new(),
        };
        let (mut probabilities, mut types) = (Vec::new(), Vec::new());
        for i in 0..2 * n {
            let forum = i % 2 == 0;
            let start = data.y.len();
            for l in [B, C, C] {
                data.y.push(l);
                data.tokens.push(if l == C { 40 } else { 2 });
                probabilities.push(match (forum, l) {
                    (true, C) => [0.3, 0.7, 0.0],
                    _ => sure(l),
                });
            }
            data.pages.push(start..data.y.len());
            data.folds.push(0);
            types.push(Some((
                if forum {
                    PageType::Forum
                } else {
                    PageType::Article
                },
                0.9,
            )));
        }
        let held = Held {
            labelled: &data,
            probabilities: &probabilities,
            types: &types,
        };
        let decoder = Decoder::fit(data.pages.iter().map(|r| &data.y[r.clone()]), 0.0);
        let choice = choose(&decoder, &held, None, true);
        let forum = &choice.by_type[PageType::Forum.index()];
        assert_eq!(forum.pages, n);
        assert!(forum.chosen.settings.content_bias >= 1.0, "{forum:?}");
        assert_eq!(forum.chosen.page_f1, 1.0);
        let product = &choice.by_type[PageType::Product.index()];
        assert_eq!((product.pages, product.chosen), (0, choice.chosen));
        let decoder = choice.apply(&decoder);
        assert_eq!(
            decoder.settings_for(Some((PageType::Forum, 0.9))),
            forum.chosen.settings
        );
        assert_eq!(decoder.by_type.len(), PageType::COUNT);
    }
}
