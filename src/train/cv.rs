//! Cross-validation of the whole pipeline, site by site: for each fold,
//! the pipeline is trained on the other folds' pages (its own settings
//! chosen there, and on validation pages when given) and scores the fold's
//! pages, which no model saw, nor any page of their sites. The scores of
//! every page, grouped by page type, say how the model does on every kind
//! of page of sites it never saw.

use crate::error::Result;
use crate::extract::cleaner::Cleaner;
use crate::pipeline::settings::TrainConfig;
use crate::train::corpus::Corpus;
use crate::train::eval::{Evaluation, evaluate_pages};
use crate::train::fit::{Progress, fit};
use crate::train::folds::fold_of;

/// Trains the pipeline `folds` times, each time on the pages outside one
/// fold (folds keep each site in one fold: the FNV-1a hash of the host of
/// its `url`, by position without one), and
/// scores that fold's pages; returns every page's evaluation, in `corpus`
/// order, and each page's fold. With `validation` pages, each fold's
/// decoder settings are chosen on them too, as `declutter train --valid`
/// does ([`crate::train::fit`]).
///
/// ```
/// use declutter::Label;
/// use declutter::train::{cross_validate, Corpus, LabelledPage, LabelledParagraph, Silent, TrainConfig};
/// let page = |i: usize| {
///     let mut page = LabelledPage::new(vec![
///         LabelledParagraph::new("Home", Label::Boilerplate),
///         LabelledParagraph::new(format!("The minister spoke on day {i} about the long war, officials said."), Label::Content),
///         LabelledParagraph::new("More stories", Label::Related),
///     ]);
///     page.url = Some(format!("https://site{}.example/story", i % 4));
///     page
/// };
/// let corpus = Corpus::from_pages((0..12).map(page).collect());
/// let (pages, folds) = cross_validate(&corpus, &TrainConfig::default(), 2, None, &Silent)?;
/// assert_eq!((pages.len(), folds.len()), (12, 12));
/// assert_eq!(folds[0], folds[4]); // one site, one fold
/// # Ok::<(), declutter::Error>(())
/// ```
pub fn cross_validate(
    corpus: &Corpus,
    config: &TrainConfig,
    folds: usize,
    validation: Option<&Corpus>,
    progress: &dyn Progress,
) -> Result<(Vec<Evaluation>, Vec<usize>)> {
    cross_validate_with(
        corpus,
        config,
        folds,
        validation,
        Scoring::default(),
        progress,
    )
}

/// How [`cross_validate_with`] scores the held-out pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scoring {
    /// Score each held-out page as if it came without its address (as a
    /// plain-text file does); folds are still made by site.
    pub without_urls: bool,
}

/// [`cross_validate`], scoring the held-out pages as `scoring` says.
pub fn cross_validate_with(
    corpus: &Corpus,
    config: &TrainConfig,
    folds: usize,
    validation: Option<&Corpus>,
    scoring: Scoring,
    progress: &dyn Progress,
) -> Result<(Vec<Evaluation>, Vec<usize>)> {
    config.check()?;
    let page_folds: Vec<usize> = (corpus.pages.iter().enumerate())
        .map(|(i, page)| fold_of(i, page.url.as_deref(), folds))
        .collect();
    let mut scores: Vec<Option<Evaluation>> = vec![None; corpus.pages.len()];
    for k in 0..folds.max(1) {
        let (train, held_out) = split(corpus, &page_folds, k);
        if train.pages.is_empty() || held_out.pages.is_empty() {
            continue;
        }
        let saved = fit(&train, validation, config, progress)?;
        let cleaner = Cleaner::from_model(saved);
        let evaluations = evaluate_pages(
            |page| {
                let mut read = page.read();
                if scoring.without_urls {
                    read.url = None;
                }
                cleaner.classify(read).into()
            },
            &held_out,
        );
        let held: Vec<usize> = (0..corpus.pages.len())
            .filter(|&i| page_folds[i] == k)
            .collect();
        for (i, e) in held.into_iter().zip(evaluations) {
            scores[i] = Some(e);
        }
    }
    let scores = scores.into_iter().map(Option::unwrap_or_default).collect();
    Ok((scores, page_folds))
}

/// The pages outside fold `k`, and the pages in it.
fn split(corpus: &Corpus, folds: &[usize], k: usize) -> (Corpus, Corpus) {
    let pick = |held: bool| {
        let pages = (corpus.pages.iter().zip(folds))
            .filter(|(_, f)| (**f == k) == held)
            .map(|(p, _)| p.clone())
            .collect();
        Corpus::from_pages(pages)
    };
    (pick(false), pick(true))
}
