//! Quality metrics: per-label precision, recall and F1, the confusion matrix,
//! token-weighted precision, recall and F1 of `content`, and the per-page
//! token overlap of the kept text with the gold text.
//!
//! Token weighting counts each paragraph by its number of word tokens, so that
//! a missed article paragraph of 80 words weighs 80 times a one-word menu item:
//! this is the figure extraction benchmarks report. The per-page overlap
//! compares each page's kept text with its gold content as bags of word
//! tokens and averages over pages, as benchmarks of HTML extractors do: every
//! page counts the same, however long.

use crate::extract::document::Document;
use crate::features::tokenize::words;
use crate::label::Label;
use crate::page_type::PageType;
use crate::train::corpus::{Corpus, LabelledPage};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

/// What a labeller says of a page: a label for each of its blocks and,
/// where it tells, the page's type.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Labelling {
    /// A label a block, in page order.
    pub labels: Vec<Label>,
    /// The page's type, when the labeller tells it.
    pub page_type: Option<PageType>,
}

impl From<Vec<Label>> for Labelling {
    fn from(labels: Vec<Label>) -> Self {
        Labelling {
            labels,
            page_type: None,
        }
    }
}

impl From<Document<'_>> for Labelling {
    fn from(doc: Document<'_>) -> Self {
        Labelling {
            labels: doc.labels(),
            page_type: doc.page_type.map(|(t, _)| t),
        }
    }
}

/// Labels every page of `corpus` with `labeller` (in parallel, one call a
/// page) and scores the result. Any labelling function can be scored: a
/// [`crate::Cleaner`] (`|page| cleaner.classify(page.read()).into()`), a
/// baseline rule, another tool.
///
/// ```
/// use declutter::{Cleaner, Label};
/// use declutter::train::{evaluate, Corpus, Labelling, LabelledPage, LabelledParagraph};
/// let page = LabelledPage::new(vec![
///     LabelledParagraph::new("Home", Label::Boilerplate),
///     LabelledParagraph::new("The minister spoke on Friday about the war.", Label::Content),
/// ]);
/// let corpus = Corpus::from_pages(vec![page]);
/// let keep_long = |page: &LabelledPage| -> Labelling {
///     let long = |t: &&str| if t.len() > 20 { Label::Content } else { Label::Boilerplate };
///     page.texts().iter().map(long).collect::<Vec<_>>().into()
/// };
/// assert_eq!(evaluate(keep_long, &corpus).macro_f1(), 2.0 / 3.0);
/// let cleaner = Cleaner::new()?;
/// assert!(evaluate(|page| cleaner.classify(page.read()).into(), &corpus).paragraphs() == 2);
/// # Ok::<(), declutter::Error>(())
/// ```
pub fn evaluate<F>(labeller: F, corpus: &Corpus) -> Evaluation
where
    F: Fn(&LabelledPage) -> Labelling + Sync,
{
    let mut all = Evaluation::default();
    for page in evaluate_pages(labeller, corpus) {
        all.merge(&page);
    }
    all
}

/// [`evaluate`], page by page: one evaluation a page of `corpus`, in its
/// order, so that the worst pages can be found (and groups of pages scored)
/// without labelling any page twice. Merged, they give [`evaluate`]'s result.
///
/// ```
/// use declutter::Label;
/// use declutter::train::{evaluate_pages, Corpus, Evaluation, Labelling, LabelledPage, LabelledParagraph};
/// let page = |text: &str| LabelledPage::new(vec![
///     LabelledParagraph::new("Home", Label::Boilerplate),
///     LabelledParagraph::new(text, Label::Content),
/// ]);
/// let corpus = Corpus::from_pages(vec![page("Short."), page("A long enough article line.")]);
/// let keep_long = |page: &LabelledPage| -> Labelling {
///     let long = |t: &&str| if t.len() > 20 { Label::Content } else { Label::Boilerplate };
///     page.texts().iter().map(long).collect::<Vec<_>>().into()
/// };
/// let pages = evaluate_pages(keep_long, &corpus);
/// assert_eq!(pages[0].page_overlap().f1, 0.0);
/// assert_eq!(pages[1].page_overlap().f1, 1.0);
/// let mut all = Evaluation::default();
/// pages.iter().for_each(|p| all.merge(p));
/// assert_eq!(all, declutter::train::evaluate(keep_long, &corpus));
/// ```
pub fn evaluate_pages<F>(labeller: F, corpus: &Corpus) -> Vec<Evaluation>
where
    F: Fn(&LabelledPage) -> Labelling + Sync,
{
    corpus
        .pages
        .par_iter()
        .map(|page| evaluate_page(page, labeller(page)))
        .collect()
}

/// One page scored against what a labeller said of it.
fn evaluate_page(page: &LabelledPage, labelling: Labelling) -> Evaluation {
    let texts = page.texts();
    let mut e = Evaluation::default();
    e.add(&texts, &page.labels(), &labelling.labels);
    e.add_page_type(page.page_type, labelling.page_type);
    e
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
/// use declutter::{train::Evaluation, Label::*};
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
    /// Sums over pages of the token overlap's precision, recall and F1.
    page_overlap: [f64; 3],
    /// Pages whose token overlap was measured (those added with their texts).
    overlap_pages: u64,
    /// Of the pages with gold content, how many kept their first content
    /// paragraph (usually the headline), and how many there were.
    first_content: [u64; 2],
    /// `page_types[gold][predicted]` for the pages whose type was
    /// predicted; the last row is for pages of no known type.
    page_types: [[u64; PageType::COUNT]; PageType::COUNT + 1],
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
    /// The mean per-page token overlap of the kept text with the gold
    /// content ([`Evaluation::page_overlap`]); its support counts pages.
    pub page_overlap: Scores,
    /// The share of pages with gold content whose first content paragraph
    /// (usually the headline) was kept ([`Evaluation::first_content_kept`]).
    pub first_content_kept: f64,
    /// `confusion[gold][predicted]` in content, boilerplate, related order.
    pub confusion: [[u64; Label::COUNT]; Label::COUNT],
    /// The share of the pages of a known type whose type was predicted
    /// right, when types were predicted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_type_accuracy: Option<f64>,
}

impl Evaluation {
    /// Adds one page: its paragraph texts, gold labels and predicted labels.
    ///
    /// # Panics
    /// If the three slices differ in length.
    pub fn add<S: AsRef<str>>(&mut self, texts: &[S], gold: &[Label], predicted: &[Label]) {
        let paragraphs: Vec<Vec<&str>> =
            texts.iter().map(|t| words(t.as_ref()).collect()).collect();
        let tokens: Vec<u64> = paragraphs.iter().map(|w| w.len() as u64).collect();
        self.add_weighted(gold, predicted, &tokens);
        let overlap = token_overlap(&paragraphs, gold, predicted);
        for (sum, value) in self.page_overlap.iter_mut().zip(overlap) {
            *sum += value;
        }
        self.overlap_pages += 1;
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
        if let Some(first) = gold.iter().position(|&g| g == Label::Content) {
            self.first_content[0] += (predicted[first] == Label::Content) as u64;
            self.first_content[1] += 1;
        }
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
            self.page_overlap[g] += other.page_overlap[g];
        }
        self.pages += other.pages;
        self.overlap_pages += other.overlap_pages;
        for (a, b) in self.first_content.iter_mut().zip(other.first_content) {
            *a += b;
        }
        for (a, b) in self.page_types.iter_mut().zip(&other.page_types) {
            a.iter_mut().zip(b).for_each(|(a, b)| *a += b);
        }
    }

    /// Adds one page's gold and predicted types (nothing when none was predicted).
    pub fn add_page_type(&mut self, gold: Option<PageType>, predicted: Option<PageType>) {
        if let Some(predicted) = predicted {
            let row = gold.map_or(PageType::COUNT, PageType::index);
            self.page_types[row][predicted.index()] += 1;
        }
    }

    /// Of the pages of a known type whose type was predicted, the share
    /// predicted right; `None` when no such page was added.
    ///
    /// ```
    /// use declutter::{train::Evaluation, PageType::*};
    /// let mut eval = Evaluation::default();
    /// assert_eq!(eval.page_type_accuracy(), None);
    /// eval.add_page_type(Some(Forum), Some(Forum));
    /// eval.add_page_type(Some(Listing), Some(Article));
    /// eval.add_page_type(None, Some(Article));
    /// assert_eq!(eval.page_type_accuracy(), Some(0.5));
    /// ```
    pub fn page_type_accuracy(&self) -> Option<f64> {
        let known = &self.page_types[..PageType::COUNT];
        let total: u64 = known.iter().flatten().sum();
        let right: u64 = (0..PageType::COUNT).map(|t| known[t][t]).sum();
        (total > 0).then(|| right as f64 / total as f64)
    }

    /// The type predicted for the page, for an evaluation of one page
    /// (of several: the commonest).
    pub fn predicted_page_type(&self) -> Option<PageType> {
        let column = |t: usize| self.page_types.iter().map(|row| row[t]).sum::<u64>();
        (0..PageType::COUNT)
            .filter(|&t| column(t) > 0)
            .max_by_key(|&t| column(t))
            .map(|t| PageType::ALL[t])
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

    /// The mean over pages of the token overlap between each page's kept
    /// (`content`) text and its gold content, as precision, recall and F1 of
    /// bags of word tokens; `support` is the number of pages. Only pages
    /// added with their texts ([`Evaluation::add`]) count.
    ///
    /// A page with no gold content and nothing kept scores 1; a page where
    /// only one of the two is empty scores 0.
    pub fn page_overlap(&self) -> Scores {
        let n = self.overlap_pages.max(1) as f64;
        let [precision, recall, f1] = self.page_overlap.map(|sum| sum / n);
        Scores {
            precision,
            recall,
            f1,
            support: self.overlap_pages,
        }
    }

    /// Of the pages with gold content, the share whose first content
    /// paragraph was kept: on news pages that is usually the headline.
    ///
    /// ```
    /// use declutter::{train::Evaluation, Label::*};
    /// let mut eval = Evaluation::default();
    /// eval.add_weighted(&[Boilerplate, Content, Content], &[Boilerplate, Boilerplate, Content], &[1, 8, 40]);
    /// eval.add_weighted(&[Content, Content], &[Content, Content], &[8, 40]);
    /// eval.add_weighted(&[Boilerplate], &[Boilerplate], &[1]);
    /// assert_eq!(eval.first_content_kept(), 0.5);
    /// ```
    pub fn first_content_kept(&self) -> f64 {
        let [kept, pages] = self.first_content;
        if pages == 0 {
            0.0
        } else {
            kept as f64 / pages as f64
        }
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
            page_overlap: self.page_overlap(),
            first_content_kept: self.first_content_kept(),
            confusion: self.confusion,
            page_type_accuracy: self.page_type_accuracy(),
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
        if self.overlap_pages > 0 {
            row(f, "page token overlap", self.page_overlap())?;
        }
        writeln!(f, "macro-F1 {:.3}", self.macro_f1())?;
        if let Some(accuracy) = self.page_type_accuracy() {
            let pages: u64 = self.page_types[..PageType::COUNT].iter().flatten().sum();
            writeln!(f, "page type accuracy {accuracy:.3} of {pages} pages")?;
        }
        if self.first_content[1] > 0 {
            writeln!(
                f,
                "first content paragraph kept on {:.3} of {} pages",
                self.first_content_kept(),
                self.first_content[1]
            )?;
        }
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

/// One page's precision, recall and F1 of its kept text against its gold
/// content, as bags of word tokens (see [`Evaluation::page_overlap`]);
/// `paragraphs` holds each paragraph's word tokens.
fn token_overlap(paragraphs: &[Vec<&str>], gold: &[Label], predicted: &[Label]) -> [f64; 3] {
    let content = |labels: &[Label]| {
        paragraphs
            .iter()
            .zip(labels)
            .filter(|(_, l)| **l == Label::Content)
            .flat_map(|(w, _)| w.iter().copied())
            .collect::<Vec<&str>>()
    };
    let (gold, kept) = (content(gold), content(predicted));
    let mut unmatched: HashMap<&str, u64> = HashMap::default();
    for token in &gold {
        *unmatched.entry(token).or_default() += 1;
    }
    let mut common = 0u64;
    for token in &kept {
        if let Some(n) = unmatched.get_mut(token).filter(|n| **n > 0) {
            *n -= 1;
            common += 1;
        }
    }
    let ratio = |of: usize| {
        if of == 0 {
            1.0
        } else {
            common as f64 / of as f64
        }
    };
    let (precision, recall) = (ratio(kept.len()), ratio(gold.len()));
    let f1 = if gold.is_empty() != kept.is_empty() || precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    [precision, recall, f1]
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
    fn page_overlap_compares_bags_of_tokens() {
        let texts = ["one two three", "four", "two five"].map(|t| words(t).collect::<Vec<_>>());
        let gold = [Content, Boilerplate, Boilerplate];
        let overlap = |predicted: &[Label]| token_overlap(&texts, &gold, predicted);
        assert_eq!(overlap(&gold), [1.0, 1.0, 1.0]);
        // Keeping a menu line: all gold tokens found, 3 of 4 kept ones right.
        let [p, r, f1] = overlap(&[Content, Content, Boilerplate]);
        assert_eq!((p, r), (0.75, 1.0));
        assert!((f1 - 6.0 / 7.0).abs() < 1e-12);
        // A token of another paragraph still matches once: `two`, not `five`.
        let [p, r, _] = overlap(&[Boilerplate, Boilerplate, Content]);
        assert_eq!((p, r), (0.5, 1.0 / 3.0));
        // Nothing kept of a page with content; content kept of a page without.
        assert_eq!(overlap(&[Boilerplate; 3])[2], 0.0);
        let none = [Boilerplate; 3];
        assert_eq!(token_overlap(&texts, &none, &gold)[2], 0.0);
        assert_eq!(token_overlap(&texts, &none, &none), [1.0, 1.0, 1.0]);
    }

    #[test]
    fn page_overlap_is_a_mean_over_pages() {
        let mut e = Evaluation::default();
        let long = "a b c d e f g h i j";
        e.add(&[long], &[Content], &[Content]);
        e.add(&["x"], &[Content], &[Boilerplate]);
        let pages = e.page_overlap();
        assert_eq!((pages.f1, pages.support), (0.5, 2));
        // Token weighting lets the long page dominate instead.
        assert!((e.content_tokens().recall - 10.0 / 11.0).abs() < 1e-12);
        // Pages added without their texts have no overlap to average.
        e.add_weighted(&[Content], &[Boilerplate], &[5]);
        assert_eq!(e.page_overlap().support, 2);
        let mut merged = Evaluation::default();
        merged.merge(&e);
        merged.merge(&e);
        assert_eq!(
            merged.page_overlap(),
            Scores {
                support: 4,
                ..pages
            }
        );
    }

    #[test]
    fn merging_adds_counts() {
        let mut a = Evaluation::default();
        a.add(&["x"], &[Content], &[Content]);
        let mut b = a.clone();
        b.merge(&a);
        assert_eq!(b.paragraphs(), 2);
        assert_eq!(b.report().pages, 2);
        let mut c = Evaluation::default();
        c.add(&["x", "y"], &[Content, Content], &[Boilerplate, Content]);
        b.merge(&c);
        assert_eq!(b.first_content_kept(), 2.0 / 3.0);
    }
}
