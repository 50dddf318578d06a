//! The `page` feature group: where a block stands on its page.
//!
//! Position, length relative to the page's longest block, the share of the
//! page's text before it, page size, and where the page's main run of long
//! punctuated prose is (inside, before, after, distance), with the comment
//! and list headings seen so far and a few conjunctions a linear model cannot
//! form by itself.

use super::overlap::{PageWords, Shared, shared_with_run};
use super::shape::column::{
    COMMENT_MARKER, COUNTER_SHAPE, DATE_SHAPE, ENDS_TERMINAL, LIST_MARKER, LONG_AND_TERMINAL,
};
use super::shape::{self, Shape};
use crate::block::Block;
use crate::numeric::log_scaled;

/// How many blocks on each side [`share_around`] looks at.
const AROUND: usize = 3;

/// How many page features a block has.
pub(crate) const COUNT: usize = 24;

/// The page features of a block, in column order.
pub(crate) const NAMES: [&str; COUNT] = [
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
    "known_word_share",
    "run_overlap",
    "headline_overlap",
    "best_headline",
];

/// How far before the main run a headline may stand, in blocks (bylines,
/// dates, counters and share buttons often come between).
const HEADLINE_ZONE: usize = 12;

/// The least share of its words a headline shares with the article.
const HEADLINE_SHARE: f32 = 0.34;

/// The least number of words a headline shares with the article: one or two
/// shared words make a menu item (`Strength Training`) look like a title.
const HEADLINE_SHARED_WORDS: usize = 3;

/// How much a paragraph that is not long punctuated prose costs a run of the
/// article, in characters (see [`main_run`]).
const RUN_GAP_COST: f32 = 60.0;

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

/// What every page-level group needs to know of a page: each block's
/// length in characters and the page's main run.
#[derive(Debug)]
pub(crate) struct Outline {
    /// Each block's trimmed length in characters.
    pub(crate) lengths: Vec<f32>,
    /// The page's main run of long punctuated prose ([`main_run`]).
    pub(crate) run: std::ops::Range<usize>,
}

impl Outline {
    /// The outline of a page's blocks, given their shapes.
    #[cfg(test)]
    pub(crate) fn of(blocks: &[Block], shapes: &[Shape]) -> Self {
        let lengths = blocks
            .iter()
            .map(|b| b.text.trim().chars().count() as f32)
            .collect();
        Self::with_lengths(lengths, shapes)
    }

    /// The outline of a page whose blocks have trimmed `lengths` in
    /// characters and `shapes`.
    pub(crate) fn with_lengths(lengths: Vec<f32>, shapes: &[Shape]) -> Self {
        let run = main_run(&lengths, shapes);
        Outline { lengths, run }
    }
}

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

/// The share of the paragraphs within [`AROUND`] on each side of `i` (not `i`
/// itself) whose flag is set: for counted items, a run of them is a widget.
fn share_around(flags: &[bool], i: usize) -> f32 {
    let (lo, hi) = (i.saturating_sub(AROUND), (i + AROUND + 1).min(flags.len()));
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

/// The block most likely to be the article's headline: of the blocks with a
/// headline's shape and place, the first that shares the most words with
/// the article, at least [`HEADLINE_SHARED_WORDS`] and [`HEADLINE_SHARE`] of
/// its own (a headline repeated below it, as image text, is not the best).
fn best_headline(headline_shared: &[Shared]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, s) in headline_shared.iter().enumerate() {
        let qualifies = s.shared >= HEADLINE_SHARED_WORDS && s.share() >= HEADLINE_SHARE;
        if qualifies && best.is_none_or(|b| s.shared > headline_shared[b].shared) {
            best = Some(i);
        }
    }
    best
}

/// The page features of every block, block after block ([`NAMES`] order),
/// from the blocks' texts and shape features, and the share of the page's
/// words whose stems the vocabulary knows (low on a page in a language the
/// model was not trained on, where the terms say little and the page's
/// shape must speak).
pub(crate) fn features(
    blocks: &[Block],
    shapes: &[Shape],
    outline: &Outline,
    known: f32,
    words: &PageWords,
) -> Vec<[f32; COUNT]> {
    let Outline { lengths, run } = outline;
    let run = run.clone();
    let longest = lengths.iter().cloned().fold(1.0, f32::max);
    let total: f32 = lengths.iter().sum::<f32>().max(1.0);
    let n = blocks.len();
    let log_size = log_scaled(n, 1000);
    let run_share = lengths[run.clone()].iter().sum::<f32>() / total;
    let counted: Vec<bool> = blocks
        .iter()
        .zip(shapes)
        .map(|(b, s)| is_counted_item(&b.text, s))
        .collect();
    let shared = shared_with_run(words, run.clone());
    let in_headline_zone = |i: usize| {
        i < run.start && run.start - i <= HEADLINE_ZONE && is_headline_shaped(&shapes[i])
    };
    let headline_shared: Vec<Shared> = (0..n)
        .map(|i| match in_headline_zone(i) {
            true => shared[i],
            false => Shared::default(),
        })
        .collect();
    let best_headline = best_headline(&headline_shared);
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
            log_scaled(distance, 100),
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
            known,
            shared[i].share(),
            headline_shared[i].share(),
            (best_headline == Some(i)) as u8 as f32,
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
