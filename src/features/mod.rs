//! Turning a page's paragraphs into feature rows (fit, then transform).
//!
//! A row is the paragraph's TF-IDF terms ([`tfidf`]) followed by dense blocks of
//! shape features ([`shape`]): the paragraph's own, those of its neighbours (one
//! and two before and after), the mean over a window of three on each side, and
//! a few page-level ones (position, length relative to the page's longest
//! paragraph, share of the page's text before it, page size).

pub mod shape;
pub mod tfidf;
pub mod tokens;

use crate::Result;
use crate::sparse::SparseRows;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use shape::{COUNT as SHAPE, Shape};
use std::collections::hash_map::Entry;
use std::sync::LazyLock;
use tfidf::{Tfidf, TfidfConfig};

/// The context blocks of shape features, in column order after the vocabulary.
const BLOCKS: [&str; 6] = ["self", "prev", "next", "prev2", "next2", "window"];

/// Page-level features, in column order after the context blocks.
const PAGE_FEATURES: [&str; 20] = [
    "position",
    "relative_length",
    "text_before",
    "log_page_size",
    "after_comment_marker",
    "after_list_marker",
    "in_main_run",
    "before_main_run",
    "after_main_run",
    "distance_to_main_run",
    "main_run_share",
    "after_comment_marker_in_run",
    "headline_candidate",
    "prose_before_main_run",
    "prose_after_main_run",
    "prose_far_from_main_run",
    "prose_after_comment_marker_in_run",
    "short_in_main_run",
    "counted_item",
    "counted_items_around",
];

/// How much a paragraph that is not long punctuated prose costs a run of the
/// article, in characters (see [`main_run`]).
const RUN_GAP_COST: f32 = 60.0;

/// `ln(1 + n)` for a count `n`, from a table for the small counts that
/// nearly every paragraph has (the same values as computing it).
pub(crate) fn ln_1p_count(n: usize) -> f32 {
    static TABLE: LazyLock<[f32; 257]> = LazyLock::new(|| std::array::from_fn(ln_1p));
    fn ln_1p(n: usize) -> f32 {
        (1.0 + n as f32).ln()
    }
    TABLE.get(n).copied().unwrap_or_else(|| ln_1p(n))
}

/// How many paragraphs on each side the `window` block averages over.
const WINDOW: usize = 3;

/// Settings of a [`Featurizer`].
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct FeaturizerConfig {
    /// The TF-IDF vocabulary's settings.
    pub tfidf: TfidfConfig,
}

/// Turns paragraphs into sparse feature rows; fitted on a corpus first.
///
/// ```
/// use declutter::features::{Featurizer, FeaturizerConfig};
/// let corpus = ["Home", "News", "The minister spoke on Friday.", "Home"];
/// let featurizer = Featurizer::fit(FeaturizerConfig::default(), corpus).unwrap();
/// let rows = featurizer.transform(&["Home", "The minister spoke."]);
/// assert_eq!(rows.n_rows(), 2);
/// assert_eq!(rows.n_cols(), featurizer.n_features());
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Featurizer {
    tfidf: Tfidf,
}

impl Featurizer {
    /// Fits the vocabulary on a corpus of paragraph texts.
    pub fn fit<'a>(
        config: FeaturizerConfig,
        paragraphs: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self> {
        Ok(Featurizer {
            tfidf: Tfidf::fit(config.tfidf, paragraphs)?,
        })
    }

    /// The settings it was fitted with.
    pub fn config(&self) -> FeaturizerConfig {
        FeaturizerConfig {
            tfidf: *self.tfidf.config(),
        }
    }

    /// The fitted vocabulary.
    pub fn tfidf(&self) -> &Tfidf {
        &self.tfidf
    }

    /// The number of columns of a feature row.
    pub fn n_features(&self) -> usize {
        self.tfidf.len() + BLOCKS.len() * SHAPE + PAGE_FEATURES.len()
    }

    /// The columns of a paragraph's own shape features and its page features
    /// (not its terms or neighbours), sorted: what the second pass sees of the
    /// first pass's row (see [`crate::decode`]).
    pub fn own_columns(&self) -> Vec<u32> {
        let v = self.tfidf.len();
        let page_start = v + BLOCKS.len() * SHAPE;
        (v..v + SHAPE)
            .chain(page_start..self.n_features())
            .map(|c| c as u32)
            .collect()
    }

    /// How many own features ([`Featurizer::own_columns`]) a paragraph has.
    pub fn own_width(&self) -> usize {
        SHAPE + PAGE_FEATURES.len()
    }

    /// A readable name for every column, for inspecting a model.
    pub fn feature_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .tfidf
            .terms()
            .iter()
            .map(|t| format!("term:{t}"))
            .collect();
        for block in BLOCKS {
            names.extend(shape::NAMES.iter().map(|n| format!("{block}:{n}")));
        }
        names.extend(PAGE_FEATURES.iter().map(|n| format!("page:{n}")));
        names
    }

    /// The parts that a page's feature rows are made of.
    pub fn parts<S: AsRef<str>>(&self, paragraphs: &[S]) -> PageParts {
        let mut shapes = Vec::with_capacity(paragraphs.len());
        let mut terms = SparseRows::new(self.tfidf.len());
        let mut row = Vec::new();
        let mut words = Vec::new();
        let duplicated = duplicated_paragraphs(paragraphs);
        for (text, duplicated) in paragraphs.iter().zip(duplicated) {
            let text = text.as_ref();
            words.clear();
            self.tfidf
                .transform_tokens(text, &mut row, |t| words.push(t.shape));
            terms.push_row(row.iter().copied());
            shapes.push(shape::shape_of(text, &words, duplicated));
        }
        let page = page_features(paragraphs, &shapes);
        PageParts {
            terms,
            shapes,
            page,
        }
    }

    /// The feature rows of one page's paragraphs, in page order.
    pub fn transform<S: AsRef<str>>(&self, paragraphs: &[S]) -> SparseRows {
        let parts = self.parts(paragraphs);
        let mut rows = SparseRows::new(self.n_features());
        let mut dense = Vec::with_capacity(BLOCKS.len() * SHAPE + PAGE_FEATURES.len());
        let offset = self.tfidf.len() as u32;
        for i in 0..parts.len() {
            dense.clear();
            context_blocks(&parts.shapes, i, &mut dense);
            dense.extend_from_slice(&parts.page[i]);
            let dense_entries = dense
                .iter()
                .enumerate()
                .map(|(j, v)| (offset + j as u32, *v));
            rows.push_row(parts.terms.row(i).chain(dense_entries));
        }
        rows
    }

    /// The linear scores `b + W·row` of every row of a page, for weights `W`
    /// (`n_features × 3`, row-major) and intercepts `b`, without building the
    /// rows: each shape block's contribution is computed once per paragraph
    /// and shared by the neighbours that see it, and the window mean is a
    /// mean of those contributions. Equal to scoring [`Featurizer::transform`]'s
    /// rows, up to rounding.
    ///
    /// # Panics
    /// If `weights` does not hold `n_features × 3` values.
    pub fn linear_scores(
        &self,
        parts: &PageParts,
        weights: &[f32],
        intercept: [f32; 3],
    ) -> Vec<[f32; 3]> {
        assert_eq!(
            weights.len(),
            self.n_features() * 3,
            "weights of another featurizer"
        );
        let v = self.tfidf.len();
        let w = |col: usize| &weights[col * 3..col * 3 + 3];
        let n = parts.len();
        // The weights of shape feature `f` in every block, side by side, so
        // that one paragraph's six block contributions are one pass over its
        // features (contiguous multiply-adds the compiler vectorises).
        let mut block_weights = [[0.0f32; BLOCKS.len() * 3]; SHAPE];
        for (f, row) in block_weights.iter_mut().enumerate() {
            for k in 0..BLOCKS.len() {
                row[k * 3..k * 3 + 3].copy_from_slice(w(v + k * SHAPE + f));
            }
        }
        let blocks: Vec<[[f32; 3]; BLOCKS.len()]> = parts
            .shapes
            .iter()
            .map(|shape| {
                let mut sum = [0.0f32; BLOCKS.len() * 3];
                for (&x, row) in shape.iter().zip(&block_weights) {
                    if x != 0.0 {
                        sum.iter_mut().zip(row).for_each(|(s, w)| *s += x * w);
                    }
                }
                std::array::from_fn(|k| [sum[k * 3], sum[k * 3 + 1], sum[k * 3 + 2]])
            })
            .collect();
        let mut window_prefix = vec![[0.0f32; 3]; n + 1];
        for j in 0..n {
            window_prefix[j + 1] = std::array::from_fn(|l| window_prefix[j][l] + blocks[j][5][l]);
        }
        let page_start = v + BLOCKS.len() * SHAPE;
        (0..n)
            .map(|i| {
                let mut score = intercept;
                let mut add = |c: &[f32], x: f32| (0..3).for_each(|l| score[l] += x * c[l]);
                for (col, value) in parts.terms.row(i) {
                    add(w(col as usize), value);
                }
                add(&blocks[i][0], 1.0);
                let neighbours = [
                    (i.checked_sub(1), 1),
                    (Some(i + 1), 2),
                    (i.checked_sub(2), 3),
                    (Some(i + 2), 4),
                ];
                for (j, k) in neighbours {
                    if let Some(j) = j.filter(|&j| j < n) {
                        add(&blocks[j][k], 1.0);
                    }
                }
                let (lo, hi) = (i.saturating_sub(WINDOW), (i + WINDOW + 1).min(n));
                let count = (hi - lo - 1).max(1) as f32;
                let sum: [f32; 3] = std::array::from_fn(|l| {
                    window_prefix[hi][l] - window_prefix[lo][l] - blocks[i][5][l]
                });
                add(&sum, 1.0 / count);
                for (f, &x) in parts.page[i].iter().enumerate() {
                    add(w(page_start + f), x);
                }
                score
            })
            .collect()
    }

    /// The paragraph's own shape and page features, in [`Featurizer::own_columns`] order.
    pub fn own_features(&self, parts: &PageParts, i: usize) -> impl Iterator<Item = f32> + '_ {
        let (shape, page) = (parts.shapes[i], parts.page[i]);
        shape.into_iter().chain(page)
    }

    /// Every paragraph's [`Featurizer::own_features`], row after row
    /// ([`Featurizer::own_width`] values a paragraph).
    pub fn own_rows(&self, parts: &PageParts) -> Vec<f32> {
        let mut rows = Vec::with_capacity(parts.len() * self.own_width());
        for i in 0..parts.len() {
            rows.extend(self.own_features(parts, i));
        }
        rows
    }
}

/// What a page's feature rows are made of: each paragraph's TF-IDF terms, its
/// shape features and its page features.
#[derive(Debug, Clone, PartialEq)]
pub struct PageParts {
    /// The TF-IDF rows (columns: the vocabulary).
    pub terms: SparseRows,
    /// The shape features of each paragraph.
    pub shapes: Vec<Shape>,
    /// The page features of each paragraph.
    pub page: Vec<[f32; PAGE_FEATURES.len()]>,
}

impl PageParts {
    /// The number of paragraphs.
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    /// Whether the page has no paragraphs.
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }
}

/// Whether each paragraph's trimmed text occurs more than once on the page
/// (one hash look-up a paragraph).
fn duplicated_paragraphs<S: AsRef<str>>(paragraphs: &[S]) -> Vec<bool> {
    let mut first_seen: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(paragraphs.len(), Default::default());
    let mut duplicated = vec![false; paragraphs.len()];
    for (i, p) in paragraphs.iter().enumerate() {
        match first_seen.entry(p.as_ref().trim()) {
            Entry::Occupied(first) => {
                duplicated[*first.get()] = true;
                duplicated[i] = true;
            }
            Entry::Vacant(slot) => {
                slot.insert(i);
            }
        }
    }
    duplicated
}

/// Appends the context blocks of paragraph `i` (see [`BLOCKS`]) to `out`.
fn context_blocks(shapes: &[Shape], i: usize, out: &mut Vec<f32>) {
    let absent = [0.0; SHAPE];
    let at = |j: Option<usize>| j.and_then(|j| shapes.get(j)).unwrap_or(&absent);
    out.extend_from_slice(&shapes[i]);
    out.extend_from_slice(at(i.checked_sub(1)));
    out.extend_from_slice(at(Some(i + 1)));
    out.extend_from_slice(at(i.checked_sub(2)));
    out.extend_from_slice(at(Some(i + 2)));
    let lo = i.saturating_sub(WINDOW);
    let hi = (i + WINDOW + 1).min(shapes.len());
    let mut mean = [0.0f32; SHAPE];
    for s in (lo..hi).filter(|&j| j != i).map(|j| &shapes[j]) {
        mean.iter_mut().zip(s).for_each(|(m, v)| *m += v);
    }
    let n = (hi - lo - 1).max(1) as f32;
    out.extend(mean.iter().map(|m| m / n));
}

const LONG_AND_TERMINAL: usize = shape::index("long_and_terminal");
const ENDS_TERMINAL: usize = shape::index("ends_terminal");
const COUNTER_SHAPE: usize = shape::index("counter_shape");
const DATE_SHAPE: usize = shape::index("date_shape");
const COMMENT_MARKER: usize = shape::index("comment_marker");
const LIST_MARKER: usize = shape::index("list_marker");
const SHORT_WORD_COUNTS: [usize; 3] = [
    shape::index("words_1"),
    shape::index("words_2_3"),
    shape::index("words_4_7"),
];
const TITLE_WORD_COUNTS: [usize; 4] = [
    shape::index("words_2_3"),
    shape::index("words_4_7"),
    shape::index("words_8_15"),
    shape::index("words_16_31"),
];

/// The page's main run: the stretch of paragraphs (`start..end`) that holds the
/// most characters of long punctuated prose, each other paragraph costing
/// [`RUN_GAP_COST`] (a maximum-sum segment, found in one pass).
fn main_run(lengths: &[f32], shapes: &[Shape]) -> std::ops::Range<usize> {
    let (mut best, mut best_range) = (0.0f32, 0..0);
    let (mut sum, mut start) = (0.0f32, 0);
    for (i, (len, s)) in lengths.iter().zip(shapes).enumerate() {
        let score = if s[LONG_AND_TERMINAL] > 0.0 {
            *len
        } else {
            -RUN_GAP_COST
        };
        if sum <= 0.0 {
            sum = 0.0;
            start = i;
        }
        sum += score;
        if sum > best {
            best = sum;
            best_range = start..i + 1;
        }
    }
    best_range
}

/// Whether a short paragraph ends in a count, as the items of archive and
/// category widgets do: `Android (2257)`, `► April (31)`, `Politics [12]`.
fn is_counted_item(text: &str, s: &Shape) -> bool {
    let text = text.trim_end();
    let Some(inner) = text
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once('(').map(|(_, c)| c))
        .or_else(|| {
            text.strip_suffix(']')
                .and_then(|t| t.rsplit_once('[').map(|(_, c)| c))
        })
    else {
        return false;
    };
    let short = SHORT_WORD_COUNTS.iter().any(|&w| s[w] > 0.0);
    short
        && inner.starts_with(|c: char| c.is_ascii_digit())
        && inner.chars().all(|c| c.is_ascii_digit() || c == ',')
}

/// The share of the paragraphs within [`WINDOW`] on each side of `i` (not `i`
/// itself) whose flag is set: for counted items, a run of them is a widget.
fn share_around(flags: &[bool], i: usize) -> f32 {
    let (lo, hi) = (i.saturating_sub(WINDOW), (i + WINDOW + 1).min(flags.len()));
    let count = (lo..hi).filter(|&j| j != i && flags[j]).count();
    count as f32 / (hi - lo - 1).max(1) as f32
}

/// A title's shape: 2 to 31 words, no terminal punctuation, no counter or date.
fn is_headline_shaped(s: &Shape) -> bool {
    TITLE_WORD_COUNTS.iter().any(|&w| s[w] > 0.0)
        && s[ENDS_TERMINAL] == 0.0
        && s[COUNTER_SHAPE] == 0.0
        && s[DATE_SHAPE] == 0.0
}

fn page_features<S: AsRef<str>>(
    paragraphs: &[S],
    shapes: &[Shape],
) -> Vec<[f32; PAGE_FEATURES.len()]> {
    let lengths: Vec<f32> = paragraphs
        .iter()
        .map(|p| p.as_ref().trim().chars().count() as f32)
        .collect();
    let longest = lengths.iter().cloned().fold(1.0, f32::max);
    let total: f32 = lengths.iter().sum::<f32>().max(1.0);
    let n = paragraphs.len();
    let log_size = ((1.0 + n as f32).ln() / 1001f32.ln()).min(1.0);
    let run = main_run(&lengths, shapes);
    let run_share = lengths[run.clone()].iter().sum::<f32>() / total;
    let counted: Vec<bool> = paragraphs
        .iter()
        .zip(shapes)
        .map(|(p, s)| is_counted_item(p.as_ref(), s))
        .collect();
    let (mut before, mut comment_seen, mut list_seen) = (0.0, 0.0f32, 0.0f32);
    let mut comment_seen_in_run = 0.0f32;
    let mut rows = Vec::with_capacity(n);
    for (i, (len, s)) in lengths.iter().zip(shapes).enumerate() {
        let prose = s[LONG_AND_TERMINAL];
        let position = if n > 1 {
            i as f32 / (n - 1) as f32
        } else {
            0.0
        };
        let distance = if run.contains(&i) {
            0
        } else if i < run.start {
            run.start - i
        } else {
            i + 1 - run.end
        };
        rows.push([
            position,
            len / longest,
            before / total,
            log_size,
            comment_seen,
            list_seen,
            run.contains(&i) as u8 as f32,
            (i < run.start) as u8 as f32,
            (i >= run.end && !run.is_empty()) as u8 as f32,
            (ln_1p_count(distance) / 101f32.ln()).min(1.0),
            run_share,
            comment_seen_in_run,
            (i < run.start && run.start - i <= 3 && is_headline_shaped(s)) as u8 as f32,
            // Conjunctions a linear model cannot form by itself: long prose
            // outside the main run is mostly readers' comments or teasers.
            prose * (i < run.start) as u8 as f32,
            prose * (i >= run.end && !run.is_empty()) as u8 as f32,
            prose * (distance > 5) as u8 as f32,
            prose * comment_seen_in_run,
            (1.0 - prose) * run.contains(&i) as u8 as f32,
            counted[i] as u8 as f32,
            share_around(&counted, i),
        ]);
        before += len;
        comment_seen = comment_seen.max(s[COMMENT_MARKER]);
        if i >= run.start {
            comment_seen_in_run = comment_seen_in_run.max(s[COMMENT_MARKER]);
        }
        list_seen = list_seen.max(s[LIST_MARKER]);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn featurizer() -> Featurizer {
        let config = FeaturizerConfig {
            tfidf: TfidfConfig {
                min_df: 1,
                ..TfidfConfig::default()
            },
        };
        Featurizer::fit(config, ["home news", "the minister spoke", "home"]).unwrap()
    }

    fn value(rows: &SparseRows, row: usize, name: &str, names: &[String]) -> f32 {
        let col = names.iter().position(|n| n == name).unwrap() as u32;
        rows.row(row).find(|e| e.0 == col).map_or(0.0, |e| e.1)
    }

    #[test]
    fn the_log_table_gives_the_computed_values() {
        for n in [0, 1, 7, 256, 257, 10_000] {
            assert_eq!(ln_1p_count(n), (1.0 + n as f32).ln(), "{n}");
        }
    }

    #[test]
    fn names_cover_every_column() {
        let f = featurizer();
        assert_eq!(f.feature_names().len(), f.n_features());
    }

    #[test]
    fn own_columns_are_the_self_and_page_blocks() {
        let f = featurizer();
        let names = f.feature_names();
        let own: Vec<&str> = f
            .own_columns()
            .iter()
            .map(|&c| names[c as usize].as_str())
            .collect();
        assert_eq!(own.len(), f.own_width());
        assert!(
            own.iter()
                .all(|n| n.starts_with("self:") || n.starts_with("page:"))
        );
    }

    #[test]
    fn neighbours_features_come_from_the_right_paragraphs() {
        let f = featurizer();
        let names = f.feature_names();
        let page = [
            "Home",
            "The minister spoke on Friday about the war in Ukraine.",
            "Home",
        ];
        let rows = f.transform(&page);
        assert_eq!(value(&rows, 0, "prev:present", &names), 0.0);
        assert_eq!(value(&rows, 0, "next:long_and_terminal", &names), 1.0);
        assert_eq!(value(&rows, 1, "self:long_and_terminal", &names), 1.0);
        assert_eq!(value(&rows, 2, "next:present", &names), 0.0);
        assert_eq!(value(&rows, 0, "self:duplicated_on_page", &names), 1.0);
        assert_eq!(value(&rows, 1, "self:duplicated_on_page", &names), 0.0);
        assert_eq!(value(&rows, 1, "page:relative_length", &names), 1.0);
        assert_eq!(value(&rows, 2, "page:position", &names), 1.0);
        assert!(value(&rows, 1, "term:minist", &names) > 0.0);
    }

    #[test]
    fn the_main_run_and_comment_markers_place_each_paragraph() {
        let f = featurizer();
        let names = f.feature_names();
        let prose = "The minister spoke on Friday about the war in Ukraine and the talks.";
        let page = [
            "Home",
            prose,
            prose,
            "Menu",
            prose,
            "3 Comments",
            "Great article, thanks for writing it.",
        ];
        let rows = f.transform(&page);
        let v = |row, name| value(&rows, row, name, &names);
        assert_eq!(v(0, "page:before_main_run"), 1.0);
        assert_eq!(
            (
                v(1, "page:in_main_run"),
                v(3, "page:in_main_run"),
                v(4, "page:in_main_run")
            ),
            (1.0, 1.0, 1.0)
        );
        assert_eq!(v(6, "page:after_main_run"), 1.0);
        assert!(v(6, "page:distance_to_main_run") > 0.0);
        assert_eq!(v(5, "page:after_comment_marker"), 0.0);
        assert_eq!(v(6, "page:after_comment_marker"), 1.0);
        assert_eq!(v(6, "page:after_comment_marker_in_run"), 1.0);
        assert_eq!(v(0, "page:headline_candidate"), 0.0);
        let titled = [
            "3 Comments",
            "Council approves the new harbour barrier",
            prose,
            prose,
            "Great post!",
        ];
        let rows = f.transform(&titled);
        let v = |row, name| value(&rows, row, name, &names);
        assert_eq!(v(1, "page:headline_candidate"), 1.0);
        assert_eq!(v(4, "page:after_comment_marker"), 1.0);
        assert_eq!(v(4, "page:after_comment_marker_in_run"), 0.0);
    }

    #[test]
    fn prose_outside_the_main_run_is_flagged() {
        let f = featurizer();
        let names = f.feature_names();
        let long = "The minister spoke on Friday about the war in Ukraine and the long talks that followed it in the capital.";
        let comment =
            "I really think the minister was right about the war, thanks for the article.";
        let mut page = vec![
            "Home",
            long,
            long,
            long,
            "Subheading here",
            long,
            "Share",
            "2 Comments",
        ];
        page.extend(["Menu"; 5]);
        page.push(comment);
        let rows = f.transform(&page);
        let v = |row, name| value(&rows, row, name, &names);
        assert_eq!(v(1, "page:prose_after_main_run"), 0.0);
        assert_eq!(v(4, "page:short_in_main_run"), 1.0);
        let last = page.len() - 1;
        assert_eq!(v(last, "page:prose_after_main_run"), 1.0);
        assert_eq!(v(last, "page:prose_far_from_main_run"), 1.0);
        assert_eq!(v(last, "page:prose_after_comment_marker_in_run"), 1.0);
        assert_eq!(v(last, "page:prose_before_main_run"), 0.0);
    }

    #[test]
    fn widget_items_with_counts_are_flagged() {
        let f = featurizer();
        let names = f.feature_names();
        let page = [
            "Android (2257)",
            "► April (31)",
            "Politics [12]",
            "Budget (draft)",
            "2012 (3)",
        ];
        let rows = f.transform(&page);
        let v = |row, name| value(&rows, row, name, &names);
        let counted: Vec<f32> = (0..page.len()).map(|i| v(i, "page:counted_item")).collect();
        assert_eq!(counted, [1.0, 1.0, 1.0, 0.0, 1.0]);
        assert_eq!(v(3, "page:counted_items_around"), 1.0);
        assert!((v(0, "page:counted_items_around") - 2.0 / 3.0).abs() < 1e-6);
    }

    #[test]
    fn linear_scores_equal_scoring_the_built_rows() {
        let f = featurizer();
        let n = f.n_features();
        let weights: Vec<f32> = (0..n * 3)
            .map(|i| ((i * 7919) % 13) as f32 / 13.0 - 0.5)
            .collect();
        let prose = "The minister spoke on Friday about the war in Ukraine and the talks.";
        let pages: [&[&str]; 3] = [
            &[],
            &["Home"],
            &[
                "Home",
                prose,
                "3 Comments",
                prose,
                "Menu",
                "home news",
                prose,
                "x",
                "y",
            ],
        ];
        for page in pages {
            let rows = f.transform(page);
            let fast = f.linear_scores(&f.parts(page), &weights, [0.1, 0.2, 0.3]);
            for (i, score) in fast.iter().enumerate() {
                let mut slow = [0.1f32, 0.2, 0.3];
                for (col, value) in rows.row(i) {
                    (0..3).for_each(|l| slow[l] += value * weights[col as usize * 3 + l]);
                }
                for l in 0..3 {
                    assert!(
                        (score[l] - slow[l]).abs() < 1e-4,
                        "{i} {l}: {} vs {}",
                        score[l],
                        slow[l]
                    );
                }
            }
            let own = f.own_columns();
            for i in 0..rows.n_rows() {
                let from_rows: Vec<f32> = own
                    .iter()
                    .map(|&c| rows.row(i).find(|e| e.0 == c).map_or(0.0, |e| e.1))
                    .collect();
                assert_eq!(
                    f.own_features(&f.parts(page), i).collect::<Vec<_>>(),
                    from_rows
                );
                let width = f.own_width();
                assert_eq!(
                    f.own_rows(&f.parts(page))[i * width..(i + 1) * width],
                    from_rows
                );
            }
        }
    }

    #[test]
    fn an_empty_page_has_no_rows() {
        assert_eq!(featurizer().transform::<&str>(&[]).n_rows(), 0);
    }

    #[test]
    fn a_fitted_featurizer_round_trips_through_json() {
        let f = featurizer();
        let back: Featurizer = serde_json::from_str(&serde_json::to_string(&f).unwrap()).unwrap();
        let page = ["Home", "The minister spoke."];
        assert_eq!(back.transform(&page), f.transform(&page));
    }
}
