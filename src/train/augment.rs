//! Synthetic training sections: readers' comment threads and teaser lists
//! appended to training articles, made of other training pages' lines.
//!
//! The training pages (WCXB) have few comment threads or teaser lists under
//! their articles, which news and blog pages are full of. A share of the
//! training pages gets one, right after its last content paragraph, where
//! such sections stand, labelled as `LABELS.md` says:
//!
//! - a **comment thread** (boilerplate): a marker (`4 Comments`, `Leave a
//!   Reply`, `12 responses to "<headline>"`), then comments, each an author
//!   line (`mary says:`), a date line, one to three paragraphs of prose and
//!   often `Reply`;
//! - a **teaser list** (related): a marker (`Related Posts`, `You may also
//!   like`), then teasers, each a headline, sometimes a byline and a date,
//!   and a lead.
//!
//! The prose and the headlines are other training pages' content paragraphs
//! and first content lines; the names come from a short list below, the
//! dates are drawn. Pages that carry markup (HTML training) are left alone:
//! their synthetic lines would have none. Everything is drawn from a seeded
//! generator, so the same corpus gives the same sections.

use crate::features::tokenize::words;
use crate::label::Label;
use crate::page_type::PageType;
use crate::pipeline::settings::SyntheticSections as Synthetic;
use crate::train::corpus::{Corpus, LabelledPage, LabelledParagraph};
use std::borrow::Cow;

/// A small, seeded generator (SplitMix64): enough for drawing lines, and
/// the same on every machine.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `range` (which must not be empty).
    fn int(&mut self, range: std::ops::RangeInclusive<usize>) -> usize {
        let span = (range.end() - range.start() + 1) as u64;
        range.start() + (self.next() % span) as usize
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f32) -> bool {
        ((self.next() >> 40) as f32 / (1u64 << 24) as f32) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.int(0..=items.len() - 1)]
    }
}

/// The lines other pages lend: long punctuated content paragraphs, and the
/// headline-shaped first content lines.
struct Pool<'a> {
    prose: Vec<&'a str>,
    headlines: Vec<&'a str>,
}

impl<'a> Pool<'a> {
    fn of(corpus: &'a Corpus) -> Self {
        let mut pool = Pool {
            prose: Vec::new(),
            headlines: Vec::new(),
        };
        for page in &corpus.pages {
            let content = page.paragraphs.iter().filter(|p| p.label == Label::Content);
            for (k, p) in content.enumerate() {
                let text = p.text.trim();
                let n = words(text).count();
                let terminal = text.ends_with(['.', '!', '?']);
                if k == 0 && (4..=16).contains(&n) && !terminal {
                    pool.headlines.push(text);
                } else if (12..=120).contains(&n) && terminal {
                    pool.prose.push(text);
                }
            }
        }
        pool
    }

    fn usable(&self) -> bool {
        self.prose.len() >= 2 && self.headlines.len() >= 2
    }
}

const FIRST_NAMES: [&str; 16] = [
    "Mary", "John", "Aisha", "Carlos", "Mei", "Olga", "Tom", "Priya", "Jean", "Sven", "Fatima",
    "Dave", "Keiko", "Marco", "Ana", "Liam",
];
const LAST_NAMES: [&str; 10] = [
    "Smith", "Garcia", "Nguyen", "Kowalski", "Okafor", "Brown", "Rossi", "Tanaka", "Müller",
    "Silva",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const THREAD_MARKERS: [&str; 5] = [
    "{n} Comments",
    "{n} responses to \"{title}\"",
    "Comments",
    "{n} thoughts on \"{title}\"",
    "Discussion ({n})",
];
const LIST_MARKERS: [&str; 7] = [
    "Related Posts",
    "You may also like",
    "More Stories",
    "Related Articles",
    "Recommended for you",
    "Read Next",
    "Latest News",
];

fn name(draw: &mut Draw) -> String {
    let (first, last) = (*draw.pick(&FIRST_NAMES), *draw.pick(&LAST_NAMES));
    match draw.int(0..=3) {
        0 => format!("{first} {last}"),
        1 => format!("{}{}", first.to_lowercase(), draw.int(1..=999)),
        2 => first.to_string(),
        _ => format!("{first} {}.", &last[..1]),
    }
}

fn date(draw: &mut Draw) -> String {
    let (day, month, year) = (draw.int(1..=28), draw.int(0..=11), draw.int(2009..=2025));
    let (hour, minute) = (draw.int(1..=12), draw.int(0..=59));
    let ampm = if draw.chance(0.5) { "am" } else { "pm" };
    match draw.int(0..=3) {
        0 => format!(
            "{} {day}, {year} at {hour}:{minute:02} {ampm}",
            MONTHS[month]
        ),
        1 => format!("{day} {} {year}", &MONTHS[month][..3]),
        2 => format!("{year}-{:02}-{day:02} {hour:02}:{minute:02}", month + 1),
        _ => format!("{} days ago", draw.int(2..=30)),
    }
}

fn paragraph(text: impl Into<String>, label: Label) -> LabelledParagraph {
    LabelledParagraph::new(text, label)
}

/// A readers' comment thread, all boilerplate, about an article titled `title`.
fn thread(draw: &mut Draw, pool: &Pool, title: &str) -> Vec<LabelledParagraph> {
    let n = draw.int(2..=8);
    let marker = draw
        .pick(&THREAD_MARKERS)
        .replace("{n}", &n.to_string())
        .replace("{title}", title);
    let mut lines = vec![marker];
    let (says, reply) = (draw.int(0..=2), draw.chance(0.6));
    for _ in 0..n {
        let who = name(draw);
        lines.push(match says {
            0 => format!("{who} says:"),
            1 => format!("{who} wrote:"),
            _ => who,
        });
        lines.push(date(draw));
        for _ in 0..draw.int(1..=3) {
            lines.push(draw.pick(&pool.prose).to_string());
        }
        if reply {
            lines.push("Reply".to_string());
        }
    }
    if draw.chance(0.5) {
        lines.extend(
            ["Leave a Reply", "Your email address will not be published."].map(String::from),
        );
    }
    lines
        .into_iter()
        .map(|t| paragraph(t, Label::Boilerplate))
        .collect()
}

/// A list of teasers of other articles, all related.
fn teasers(draw: &mut Draw, pool: &Pool) -> Vec<LabelledParagraph> {
    let mut lines = vec![draw.pick(&LIST_MARKERS).to_string()];
    let (byline, dated) = (draw.chance(0.5), draw.chance(0.6));
    for _ in 0..draw.int(3..=8) {
        lines.push(draw.pick(&pool.headlines).to_string());
        if byline {
            lines.push(format!("By {}", name(draw)));
        }
        if dated {
            lines.push(date(draw));
        }
        let lead = draw.pick(&pool.prose);
        lines.push(match draw.chance(0.3) {
            true => format!(
                "{} …",
                lead.split_inclusive(' ')
                    .take(20)
                    .collect::<String>()
                    .trim_end()
            ),
            false => lead.to_string(),
        });
    }
    lines
        .into_iter()
        .map(|t| paragraph(t, Label::Related))
        .collect()
}

/// The corpus with a comment thread or a teaser list after the last content
/// paragraph of about `share` of its pages (articles, or pages of no known
/// type, with content and no markup), and what was added. The corpus is copied only when a page gets
/// a section (never for pages read from HTML).
pub(crate) fn with_sections(
    corpus: &Corpus,
    share: f32,
    seed: u64,
) -> (Cow<'_, Corpus>, Synthetic) {
    let mut added = Synthetic::default();
    let pool = Pool::of(corpus);
    if !pool.usable() || share <= 0.0 {
        return (Cow::Borrowed(corpus), added);
    }
    let mut draw = Draw(seed);
    let sections: Vec<Option<Vec<LabelledParagraph>>> = corpus
        .pages
        .iter()
        .map(|page| {
            let chosen = draw.chance(share);
            chosen.then(|| section_for(page, &mut draw, &pool, &mut added))?
        })
        .collect();
    if sections.iter().all(Option::is_none) {
        return (Cow::Borrowed(corpus), added);
    }
    let mut grown = corpus.clone();
    for (page, section) in grown.pages.iter_mut().zip(sections) {
        if let Some(section) = section {
            let at = last_content(page).expect("chosen pages have content") + 1;
            added.paragraphs += section.len();
            page.paragraphs.splice(at..at, section);
        }
    }
    (Cow::Owned(grown), added)
}

fn last_content(page: &LabelledPage) -> Option<usize> {
    page.paragraphs
        .iter()
        .rposition(|p| p.label == Label::Content)
}

/// The section a chosen page gets, if it can have one.
fn section_for(
    page: &LabelledPage,
    draw: &mut Draw,
    pool: &Pool,
    added: &mut Synthetic,
) -> Option<Vec<LabelledParagraph>> {
    let has_markup = page.paragraphs.iter().any(|p| p.markup.is_some());
    // On a forum the thread is the content, and on a listing the cards:
    // only an article (or a page of no known type) gets a section after it.
    let article = matches!(page.page_type, None | Some(PageType::Article));
    if has_markup || !article || last_content(page).is_none() {
        return None;
    }
    let title = page
        .paragraphs
        .iter()
        .find(|p| p.label == Label::Content)
        .map(|p| p.text.trim())
        .unwrap_or_default();
    Some(match draw.chance(0.5) {
        true => {
            added.threads += 1;
            thread(draw, pool, title)
        }
        false => {
            added.teaser_lists += 1;
            teasers(draw, pool)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(pages: usize) -> Corpus {
        let page = |i: usize| {
            LabelledPage::new(vec![
                paragraph("Home", Label::Boilerplate),
                paragraph(
                    format!("Council approves flood barrier number {i}"),
                    Label::Content,
                ),
                paragraph(
                    format!(
                        "The council voted on Tuesday to build barrier {i} across the harbour mouth."
                    ),
                    Label::Content,
                ),
                paragraph("© 2024 The Gazette", Label::Boilerplate),
            ])
        };
        Corpus::from_pages((0..pages).map(page).collect())
    }

    #[test]
    fn sections_go_after_the_article_with_the_labels_they_deserve() {
        let original = corpus(40);
        let (c, added) = with_sections(&original, 0.5, 7);
        assert!(added.threads > 0 && added.teaser_lists > 0, "{added:?}");
        let grown: Vec<&LabelledPage> = c.pages.iter().filter(|p| p.paragraphs.len() > 4).collect();
        assert_eq!(grown.len(), added.threads + added.teaser_lists);
        let total: usize = grown.iter().map(|p| p.paragraphs.len() - 4).sum();
        assert_eq!(total, added.paragraphs);
        for page in grown {
            let labels = page.labels();
            // The article and the footer are where they were.
            assert_eq!(
                labels[..3],
                [Label::Boilerplate, Label::Content, Label::Content]
            );
            assert_eq!(page.paragraphs.last().unwrap().text, "© 2024 The Gazette");
            let section = &labels[3..labels.len() - 1];
            let one_label = section.iter().all(|&l| l == section[0]);
            assert!(one_label && section[0] != Label::Content, "{section:?}");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_sections() {
        let (a, b) = (corpus(20), corpus(20));
        let (a, b) = (with_sections(&a, 0.5, 3).0, with_sections(&b, 0.5, 3).0);
        assert_eq!(a.pages, b.pages);
        let none = corpus(20);
        let (unchanged, added) = with_sections(&none, 0.0, 3);
        assert_eq!(added, Synthetic::default());
        assert!(matches!(unchanged, Cow::Borrowed(_)));
        assert_eq!(unchanged.pages, corpus(20).pages);
    }

    #[test]
    fn pages_with_markup_are_left_alone() {
        let mut c = corpus(10);
        for page in &mut c.pages {
            page.paragraphs[0].markup = Some(Box::default());
        }
        let (unchanged, added) = with_sections(&c, 0.99, 1);
        assert_eq!(added.paragraphs, 0);
        assert!(matches!(unchanged, Cow::Borrowed(_)));
    }
}
