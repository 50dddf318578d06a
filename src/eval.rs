//! Quality metrics: per-label precision, recall and F1, the confusion matrix,
//! and token-weighted precision, recall and F1 of `content`.
//!
//! Token weighting counts each paragraph by its number of word tokens, so that
//! a missed article paragraph of 80 words weighs 80 times a one-word menu item:
//! this is the figure extraction benchmarks report.

use crate::corpus::Corpus;
use crate::tokenize::words;
use crate::{Cleaner, Label};
use rayon::prelude::*;
use serde::Serialize;

/// Labels every page of `corpus` with `cleaner` (in parallel) and scores the result.
pub fn evaluate(cleaner: &Cleaner, corpus: &Corpus) -> Evaluation {
    corpus
        .pages
        .par_iter()
        .map(|page| {
            let texts = page.texts();
            let mut e = Evaluation::default();
            e.add(&texts, &page.labels(), &cleaner.predict(&texts));
            e
        })
        .reduce(Evaluation::default, |mut a, b| {
            a.merge(&b);
            a
        })
}

/// Precision, recall and F1 of one label.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Scores {
    /// Of the items predicted with the label, the share that has it.
    pub precision: f64,
    /// Of the items that have the label, the share predicted with it.
    pub recall: f64,
    /// The harmonic mean of precision and recall.
    pub f1: f64,
    /// How many items have the label (paragraphs or tokens).
    pub support: u64,
}

impl Scores {
    fn from_counts(true_pos: u64, predicted: u64, actual: u64) -> Scores {
        let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let (precision, recall) = (ratio(true_pos, predicted), ratio(true_pos, actual));
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Scores {
            precision,
            recall,
            f1,
            support: actual,
        }
    }
}

/// Accumulates gold and predicted labels over pages, then reports metrics.
///
/// ```
/// use declutter::{eval::Evaluation, Label::*};
/// let mut eval = Evaluation::default();
/// eval.add(&["The article, in full.", "Home"], &[Content, Boilerplate], &[Content, Content]);
/// assert_eq!(eval.paragraphs(), 2);
/// assert_eq!(eval.content_tokens().recall, 1.0);
/// assert_eq!(eval.content_tokens().precision, 4.0 / 5.0);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evaluation {
    /// `confusion[gold][predicted]`, indexed by [`Label::index`].
    pub confusion: [[u64; Label::COUNT]; Label::COUNT],
    content_tokens: [u64; 3],
    pages: u64,
}

/// The whole report, as `eval --json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Pages evaluated.
    pub pages: u64,
    /// Paragraphs evaluated.
    pub paragraphs: u64,
    /// Per-label scores, by label name.
    pub labels: std::collections::BTreeMap<&'static str, Scores>,
    /// The mean F1 over the three labels.
    pub macro_f1: f64,
    /// Token-weighted scores of `content`.
    pub content_tokens: Scores,
    /// `confusion[gold][predicted]` in content, boilerplate, related order.
    pub confusion: [[u64; Label::COUNT]; Label::COUNT],
}

impl Evaluation {
    /// Adds one page: its paragraph texts, gold labels and predicted labels.
    ///
    /// # Panics
    /// If the three slices differ in length.
    pub fn add<S: AsRef<str>>(&mut self, texts: &[S], gold: &[Label], predicted: &[Label]) {
        let tokens: Vec<u64> = texts
            .iter()
            .map(|t| words(t.as_ref()).count() as u64)
            .collect();
        self.add_weighted(gold, predicted, &tokens);
    }

    /// Adds one page given each paragraph's number of word tokens instead of its text.
    ///
    /// # Panics
    /// If the three slices differ in length.
    pub fn add_weighted(&mut self, gold: &[Label], predicted: &[Label], tokens: &[u64]) {
        assert!(
            tokens.len() == gold.len() && gold.len() == predicted.len(),
            "length mismatch"
        );
        self.pages += 1;
        for ((&tokens, &g), &p) in tokens.iter().zip(gold).zip(predicted) {
            self.confusion[g.index()][p.index()] += 1;
            let (g, p) = (g == Label::Content, p == Label::Content);
            self.content_tokens[0] += tokens * (g && p) as u64;
            self.content_tokens[1] += tokens * p as u64;
            self.content_tokens[2] += tokens * g as u64;
        }
    }

    /// Adds the counts of another evaluation (for instance of another thread).
    pub fn merge(&mut self, other: &Evaluation) {
        for g in 0..Label::COUNT {
            for p in 0..Label::COUNT {
                self.confusion[g][p] += other.confusion[g][p];
            }
            self.content_tokens[g] += other.content_tokens[g];
        }
        self.pages += other.pages;
    }

    /// The number of paragraphs added.
    pub fn paragraphs(&self) -> u64 {
        self.confusion.iter().flatten().sum()
    }

    /// Paragraph-level scores of `label`.
    pub fn scores(&self, label: Label) -> Scores {
        let i = label.index();
        let predicted = (0..Label::COUNT).map(|g| self.confusion[g][i]).sum();
        let actual = self.confusion[i].iter().sum();
        Scores::from_counts(self.confusion[i][i], predicted, actual)
    }

    /// The mean paragraph-level F1 over the three labels.
    pub fn macro_f1(&self) -> f64 {
        Label::ALL.iter().map(|&l| self.scores(l).f1).sum::<f64>() / Label::COUNT as f64
    }

    /// Token-weighted scores of `content`.
    pub fn content_tokens(&self) -> Scores {
        let [tp, predicted, actual] = self.content_tokens;
        Scores::from_counts(tp, predicted, actual)
    }

    /// The full report.
    pub fn report(&self) -> Report {
        Report {
            pages: self.pages,
            paragraphs: self.paragraphs(),
            labels: Label::ALL
                .iter()
                .map(|&l| (l.as_str(), self.scores(l)))
                .collect(),
            macro_f1: self.macro_f1(),
            content_tokens: self.content_tokens(),
            confusion: self.confusion,
        }
    }
}

impl std::fmt::Display for Evaluation {
    /// A table for people: per-label scores, token-weighted content, confusion matrix.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{} pages, {} paragraphs", self.pages, self.paragraphs())?;
        writeln!(
            f,
            "{:<22}{:>10}{:>10}{:>10}{:>10}",
            "label", "precision", "recall", "f1", "support"
        )?;
        let row = |f: &mut std::fmt::Formatter<'_>, name: &str, s: Scores| {
            writeln!(
                f,
                "{name:<22}{:>10.3}{:>10.3}{:>10.3}{:>10}",
                s.precision, s.recall, s.f1, s.support
            )
        };
        for label in Label::ALL {
            row(f, label.as_str(), self.scores(label))?;
        }
        row(f, "content (tokens)", self.content_tokens())?;
        writeln!(f, "macro-F1 {:.3}", self.macro_f1())?;
        writeln!(f, "confusion (rows gold, columns predicted)")?;
        write!(f, "{:<14}", "")?;
        for label in Label::ALL {
            write!(f, "{:>14}", label.as_str())?;
        }
        writeln!(f)?;
        for gold in Label::ALL {
            write!(f, "{:<14}", gold.as_str())?;
            for count in self.confusion[gold.index()] {
                write!(f, "{count:>14}")?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Label::*;

    #[test]
    fn per_label_scores_follow_the_confusion_matrix() {
        let mut e = Evaluation::default();
        e.add(
            &["a", "b", "c", "d"],
            &[Content, Content, Related, Boilerplate],
            &[Content, Related, Related, Related],
        );
        let related = e.scores(Related);
        assert!((related.precision - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(related.recall, 1.0);
        assert_eq!(e.scores(Content).recall, 0.5);
        assert_eq!(e.scores(Boilerplate).f1, 0.0);
        assert_eq!(e.confusion[Content.index()][Related.index()], 1);
    }

    #[test]
    fn tokens_weigh_content_by_words() {
        let mut e = Evaluation::default();
        e.add(
            &["one two three", "four"],
            &[Content, Content],
            &[Content, Boilerplate],
        );
        let t = e.content_tokens();
        assert_eq!((t.precision, t.recall, t.support), (1.0, 0.75, 4));
    }

    #[test]
    fn merging_adds_counts() {
        let mut a = Evaluation::default();
        a.add(&["x"], &[Content], &[Content]);
        let mut b = a.clone();
        b.merge(&a);
        assert_eq!(b.paragraphs(), 2);
        assert_eq!(b.report().pages, 2);
    }
}
