//! The `section` feature group: the stretch of the page a block belongs to.
//!
//! Teaser lists and readers' comment threads are stretches of blocks with a
//! repeating shape (a headline, a name, a date, a lead; or `X says:`, a
//! date, a comment, `Reply`), usually after the article and often opened by
//! a marker (`Related`, `N Comments`, `Leave a Reply`). Their prose looks
//! like the article's, block by block; the stretch does not. The page is cut
//! into sections at the main run's ends and at every marker, each section is
//! described (its size, what kinds of lines it holds, how strongly they
//! repeat, where it stands against the article), and every block gets its
//! section's description.

use super::page::Outline;
use super::shape::column::{
    COMMENT_MARKER, DATE_SHAPE, ENDS_TERMINAL, LIST_MARKER, LONG_AND_TERMINAL,
};
use super::shape::{self, Shape};
use std::ops::Range;

/// How many section features a block has.
pub(crate) const COUNT: usize = 14;

/// The section features of a block, in column order.
pub(crate) const NAMES: [&str; COUNT] = [
    "log_blocks",
    "text_share",
    "opened_by_comment_marker",
    "opened_by_list_marker",
    "prose_share",
    "date_share",
    "short_share",
    "headline_share",
    "repetition",
    "before_main_run",
    "after_main_run",
    "prose_in_repeating",
    "prose_in_marked_after_run",
    "prose_in_marked_in_run",
];

const SHORT: [usize; 3] = [
    shape::index("words_0"),
    shape::index("words_1"),
    shape::index("words_2_3"),
];
const HEADLINE_WORDS: [usize; 2] = [shape::index("words_4_7"), shape::index("words_8_15")];

/// The longest period of repetition looked for, in blocks: a comment is
/// seldom more than a name, a date, two paragraphs and `Reply`.
const MAX_PERIOD: usize = 6;

/// A block's kind, as repetition compares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Prose,
    Date,
    Short,
    Headline,
    Other,
}

fn kind(s: &Shape) -> Kind {
    if s[LONG_AND_TERMINAL] > 0.0 {
        Kind::Prose
    } else if s[DATE_SHAPE] > 0.0 {
        Kind::Date
    } else if SHORT.iter().any(|&w| s[w] > 0.0) {
        Kind::Short
    } else if HEADLINE_WORDS.iter().any(|&w| s[w] > 0.0) && s[ENDS_TERMINAL] == 0.0 {
        Kind::Headline
    } else {
        Kind::Other
    }
}

fn is_marker(s: &Shape) -> bool {
    s[COMMENT_MARKER] > 0.0 || s[LIST_MARKER] > 0.0
}

/// The page's sections, in order: cut where the main run starts and ends,
/// and before a marker that opens something. A marker of the same kind as
/// one less than [`MAX_PERIOD`] blocks before it belongs to the same thread
/// or list (`mary says:` and `Reply` after `3 Comments`) and does not cut.
fn sections(shapes: &[Shape], run: &Range<usize>) -> Vec<Range<usize>> {
    let mut cuts = Vec::new();
    let mut start = 0;
    // Where the last comment marker and the last list marker were.
    let mut last = [None::<usize>; 2];
    for (i, s) in shapes.iter().enumerate() {
        let kinds = [s[COMMENT_MARKER] > 0.0, s[LIST_MARKER] > 0.0];
        let opens = (0..2).any(|k| kinds[k] && last[k].is_none_or(|j| i - j > MAX_PERIOD));
        (0..2).filter(|&k| kinds[k]).for_each(|k| last[k] = Some(i));
        let cut = i > start && (opens || i == run.start || i == run.end);
        if cut {
            cuts.push(start..i);
            start = i;
        }
    }
    if start < shapes.len() {
        cuts.push(start..shapes.len());
    }
    cuts
}

/// How strongly a sequence of kinds repeats with a period of two blocks or
/// more, beyond what repeating kind after kind already gives: 0 for a
/// stretch of one kind (prose only, or a menu), near 1 for `name, date,
/// comment, Reply` over and over.
fn repetition(kinds: &[Kind]) -> f32 {
    let agreement = |p: usize| {
        let pairs = kinds.len().saturating_sub(p);
        let same = (0..pairs).filter(|&i| kinds[i] == kinds[i + p]).count();
        same as f32 / pairs.max(1) as f32
    };
    // A period needs to be seen at least twice over.
    let best = (2..=MAX_PERIOD)
        .filter(|&p| kinds.len() >= 2 * p)
        .map(agreement)
        .fold(0.0, f32::max);
    (best - agreement(1)).max(0.0)
}

/// The section features of every block, block after block ([`NAMES`] order).
pub(crate) fn features(shapes: &[Shape], outline: &Outline) -> Vec<[f32; COUNT]> {
    let total = outline.lengths.iter().sum::<f32>().max(1.0);
    let run = &outline.run;
    let kinds: Vec<Kind> = shapes.iter().map(kind).collect();
    let mut rows = Vec::with_capacity(shapes.len());
    for section in sections(shapes, run) {
        let n = section.len() as f32;
        let share = |k: Kind| kinds[section.clone()].iter().filter(|&&x| x == k).count() as f32 / n;
        let first = &shapes[section.start];
        let by_comments = first[COMMENT_MARKER];
        let marked = is_marker(first) as u8 as f32;
        let before = (section.end <= run.start) as u8 as f32;
        let after = (section.start >= run.end && !run.is_empty()) as u8 as f32;
        let in_run = (run.contains(&section.start)) as u8 as f32;
        let repeats = repetition(&kinds[section.clone()]);
        let description = [
            crate::numeric::log_scaled(section.len(), 100),
            outline.lengths[section.clone()].iter().sum::<f32>() / total,
            by_comments,
            first[LIST_MARKER],
            share(Kind::Prose),
            share(Kind::Date),
            share(Kind::Short),
            share(Kind::Headline),
            repeats,
            before,
            after,
        ];
        for i in section {
            let prose = (kinds[i] == Kind::Prose) as u8 as f32;
            let mut row = [0.0; COUNT];
            row[..description.len()].copy_from_slice(&description);
            row[description.len()..].copy_from_slice(&[
                prose * repeats,
                prose * marked * after,
                prose * marked * in_run,
            ]);
            rows.push(row);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::block::Block;
    use crate::features::shape::shape;

    fn outline(texts: &[&str]) -> (Vec<Shape>, Outline) {
        let shapes: Vec<Shape> = texts.iter().map(|t| shape(t, false)).collect();
        let blocks = Block::from_texts(texts.iter().copied());
        let outline = Outline::of(&blocks, &shapes);
        (shapes, outline)
    }

    fn column(name: &str) -> usize {
        NAMES.iter().position(|n| *n == name).unwrap()
    }

    const PROSE: &str = "The council voted on Tuesday to build a barrier across the harbour mouth.";

    #[test]
    fn sections_cut_at_the_run_and_at_markers() {
        let texts = [
            "Home",
            "News",
            PROSE,
            PROSE,
            PROSE,
            "Related",
            "Other story",
            "3 Comments",
            "mary says:",
            PROSE,
            "Reply",
            "joe says:",
        ];
        let (shapes, outline) = outline(&texts);
        assert_eq!(outline.run, 2..5);
        assert_eq!(sections(&shapes, &outline.run), [0..2, 2..5, 5..7, 7..12]);
    }

    #[test]
    fn a_comment_thread_repeats_and_an_article_does_not() {
        use Kind::*;
        let thread = [
            Short, Date, Prose, Short, Short, Date, Prose, Short, Short, Date, Prose, Short,
        ];
        assert!(repetition(&thread) > 0.7, "{}", repetition(&thread));
        assert_eq!(repetition(&[Prose; 12]), 0.0);
        assert_eq!(repetition(&[Short; 12]), 0.0);
        // A period must show twice: three blocks say nothing.
        assert_eq!(repetition(&[Short, Date, Prose]), 0.0);
    }

    #[test]
    fn prose_of_a_marked_thread_after_the_article_is_told_from_the_article() {
        let mut texts = vec!["Home", PROSE, PROSE, PROSE, PROSE, "2 Comments"];
        for _ in 0..2 {
            texts.extend(["mary says:", "March 14, 2024 at 6:34 am", PROSE, "Reply"]);
        }
        let (shapes, outline) = outline(&texts);
        let rows = features(&shapes, &outline);
        let marked_after = column("prose_in_marked_after_run");
        let repeating = column("prose_in_repeating");
        let article = if outline.run.contains(&2) { 2 } else { 1 };
        assert_eq!(rows[article][marked_after], 0.0);
        assert_eq!(rows[article][repeating], 0.0);
        let comment = texts.len() - 2;
        let marked_anywhere =
            rows[comment][marked_after] + rows[comment][column("prose_in_marked_in_run")];
        assert_eq!(marked_anywhere, 1.0);
        assert!(rows[comment][repeating] > 0.5);
        assert_eq!(rows[comment][column("opened_by_comment_marker")], 1.0);
    }
}
