//! Turning a page's blocks into feature rows (fit, then transform).
//!
//! A row is made of named groups ([`layout`]): the block's TF-IDF terms
//! ([`tfidf`]), then dense groups: its shape features ([`shape`]) with those
//! of its neighbours, where it stands on its page ([`page`]) and the section
//! of the page it belongs to ([`section`]), and, for HTML, its markup
//! ([`markup`]) with that of its neighbours.

mod families;
pub(crate) mod language;
mod layout;
pub(crate) mod markup;
mod overlap;
mod page;
pub(crate) mod page_type;
mod parts;
pub(crate) mod rows;
mod section;
pub(crate) mod shape;
pub(crate) mod tfidf;
pub(crate) mod tokenize;
mod tokens;
mod vocabulary;

pub use layout::GroupSpec;
pub(crate) use parts::PageParts;

use crate::block::Block;
use crate::features::language::LanguageTables;
use crate::features::rows::SparseRows;
use crate::input::html::PageMarkup;
use language::{Language, LanguageSetting};
use layout::Layout;
use overlap::PageWords;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::collections::hash_map::Entry;
use tfidf::{Tfidf, TfidfConfig};

/// Whether a page's words are read (the default), or blanked as if in a
/// language the vocabulary does not know (see [`Featurizer::parts_in`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Terms {
    /// Words map to the vocabulary's terms.
    #[default]
    Read,
    /// No word is known: the rows have no terms.
    Blanked,
}

/// Settings of a [`Featurizer`].
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct FeaturizerConfig {
    /// The TF-IDF vocabulary's settings.
    pub tfidf: TfidfConfig,
    /// Whether rows have the markup groups (for models of HTML pages); a
    /// model of plain text leaves them out.
    #[serde(default, skip_serializing_if = "is_false")]
    pub markup: bool,
    /// Whether rows have the page-type group (the page's type probabilities,
    /// and the block features whose meaning changes with the type), and
    /// the featurizer gives each page its page-type features.
    #[serde(default, skip_serializing_if = "is_false")]
    pub page_types: bool,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// Turns blocks into feature rows; fitted on a corpus first.
///
/// ```
/// use declutter::Block;
/// use declutter::train::{Featurizer, FeaturizerConfig};
/// let corpus = ["Home", "News", "The minister spoke on Friday.", "Home"];
/// let featurizer = Featurizer::fit(FeaturizerConfig::default(), corpus).unwrap();
/// let rows = featurizer.transform(&Block::from_texts(["Home", "The minister spoke."]));
/// assert_eq!(rows.n_rows(), 2);
/// assert_eq!(rows.n_cols(), featurizer.n_features());
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Featurizer {
    tfidf: Tfidf,
    #[serde(default, skip_serializing_if = "is_false")]
    markup: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    page_types: bool,
}

impl Featurizer {
    /// Fits the vocabulary on a corpus of block texts.
    pub fn fit<'a>(
        config: FeaturizerConfig,
        texts: impl IntoIterator<Item = &'a str>,
    ) -> crate::error::Result<Self> {
        Ok(Featurizer {
            tfidf: Tfidf::fit(config.tfidf, texts)?,
            markup: config.markup,
            page_types: config.page_types,
        })
    }

    /// The settings it was fitted with.
    pub fn config(&self) -> FeaturizerConfig {
        FeaturizerConfig {
            tfidf: *self.tfidf.config(),
            markup: self.markup,
            page_types: self.page_types,
        }
    }

    fn layout(&self) -> Layout {
        Layout::new(self.tfidf.len(), self.markup, self.page_types)
    }

    /// Whether the featurizer gives pages their page-type features.
    pub(crate) fn has_page_types(&self) -> bool {
        self.page_types
    }

    /// How many own features (of every dense group) a block has: the width
    /// of what the second pass sees of it.
    pub(crate) fn own_width(&self) -> usize {
        self.layout().own_width()
    }

    /// The number of terms of the fitted vocabulary.
    pub fn vocabulary_len(&self) -> usize {
        self.tfidf.len()
    }

    /// The number of columns of a feature row.
    pub fn n_features(&self) -> usize {
        self.layout().n_features()
    }

    /// The feature groups of a row, in column order, with their widths.
    pub fn groups(&self) -> Vec<GroupSpec> {
        self.layout().specs()
    }

    /// A readable name for every column, for inspecting a model.
    pub fn feature_names(&self) -> Vec<String> {
        self.layout().names(self.tfidf.terms())
    }

    /// The language its vocabulary was fitted in: the language of the
    /// training pages, taken for a page whose language cannot be told.
    pub fn language(&self) -> Language {
        self.tfidf.config().language
    }

    /// The language a page is read in under `setting` ([`LanguageSetting::resolve`]).
    pub(crate) fn page_language(
        &self,
        setting: LanguageSetting,
        blocks: &[Block],
    ) -> Option<Language> {
        setting.resolve(blocks, self.language())
    }

    /// The parts that a page's feature rows are made of, its language
    /// identified from its text.
    pub(crate) fn parts(&self, blocks: &[Block]) -> PageParts {
        let language = self.page_language(LanguageSetting::Auto, blocks);
        self.parts_in(blocks, language, Terms::Read, PageFacts::default())
    }

    /// The parts of a page's rows, the page read in `language` (`None`: a
    /// language without stemmer or stop words). Each group's computation is
    /// one line here, in the order the groups are declared. With
    /// [`Terms::Blanked`] the page's words are read as unknown: no term
    /// features, and no known words (how training shows the model pages in
    /// languages its vocabulary does not know). With page types, the parts
    /// hold the page's page-type features (read from its blocks and
    /// `facts`), and the page-type group waits for the page's type
    /// probabilities ([`PageParts::set_page_type`]).
    pub(crate) fn parts_in(
        &self,
        blocks: &[Block],
        language: Option<Language>,
        terms_of: Terms,
        facts: PageFacts,
    ) -> PageParts {
        let tables = LanguageTables::of(language);
        let blank = terms_of == Terms::Blanked;
        let mut shapes = Vec::with_capacity(blocks.len());
        let mut lengths = Vec::with_capacity(blocks.len());
        let mut terms = SparseRows::new(self.tfidf.len());
        let mut row = Vec::new();
        let mut words = Vec::new();
        let duplicated = duplicated_blocks(blocks);
        let (mut known, mut total) = (0usize, 0usize);
        let mut page_words = PageWords::with_blocks(blocks.len());
        let mut tally = page_type::Tally::default();
        for (block, duplicated) in blocks.iter().zip(duplicated) {
            words.clear();
            self.tfidf
                .transform_tokens(&block.text, tables, &mut row, |t, spelling| {
                    words.push(t.shape);
                    if !t.shape.is_stop_word() {
                        page_words.push(match t.column() {
                            Some(column) if !blank => overlap::known(column),
                            _ => overlap::unknown(spelling),
                        });
                    }
                });
            page_words.end_block();
            if blank {
                row.clear();
            } else {
                known += words.iter().filter(|w| w.is_known()).count();
            }
            total += words.len();
            if self.page_types {
                tally.add(&block.text, &words);
            }
            terms.push_row(row.iter().copied());
            let (shape, length) = shape::shape_and_length(&block.text, &words, duplicated);
            shapes.push(shape);
            lengths.push(length as f32);
        }
        let known_share = known as f32 / total.max(1) as f32;
        let outline = page::Outline::with_lengths(lengths, &shapes);
        let page = page::features(blocks, &shapes, &outline, known_share, &page_words);
        let section = section::features(&shapes, &outline);
        let (markup, containers) = match self.markup {
            true => (markup::features(blocks), Some(markup::containers(blocks))),
            false => (Vec::new(), None),
        };
        let page_row = self.page_types.then(|| {
            page_type::features(&page_type::PageView {
                blocks,
                shapes: &shapes,
                outline: &outline,
                tally: &tally,
                markup: facts.markup,
                url: facts.url,
            })
        });
        let typed = match self.page_types {
            true => vec![0.0; blocks.len() * page_type::BLOCK_WIDTH],
            false => Vec::new(),
        };
        let dense = [
            shapes.into_flattened(),
            page.into_flattened(),
            section.into_flattened(),
            markup.into_flattened(),
            typed,
        ];
        PageParts::new(self.layout(), terms, dense, containers, page_row)
    }

    /// The feature rows of one page's blocks, in page order.
    pub fn transform(&self, blocks: &[Block]) -> SparseRows {
        self.parts(blocks).to_rows()
    }
}

/// What a page says of itself beside its blocks, which the page-type
/// features read: its markup (HTML) and its address, where known.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PageFacts<'a> {
    /// What an HTML page's markup says of the whole page.
    pub(crate) markup: Option<&'a PageMarkup>,
    /// The page's address, as given.
    pub(crate) url: Option<&'a str>,
}

/// Whether each block's trimmed text occurs more than once on the page
/// (one hash look-up a block).
fn duplicated_blocks(blocks: &[Block]) -> Vec<bool> {
    let mut first_seen: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(blocks.len(), Default::default());
    let mut duplicated = vec![false; blocks.len()];
    for (i, b) in blocks.iter().enumerate() {
        match first_seen.entry(b.text.trim()) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn featurizer() -> Featurizer {
        let config = FeaturizerConfig {
            tfidf: TfidfConfig {
                min_df: 1,
                ..TfidfConfig::default()
            },
            markup: true,
            page_types: true,
        };
        Featurizer::fit(config, ["home news", "the minister spoke", "home"]).unwrap()
    }

    fn rows_of(f: &Featurizer, page: &[&str]) -> SparseRows {
        f.transform(&Block::from_texts(page.iter().copied()))
    }

    fn value(rows: &SparseRows, row: usize, name: &str, names: &[String]) -> f32 {
        let col = names.iter().position(|n| n == name).unwrap() as u32;
        rows.row(row).find(|e| e.0 == col).map_or(0.0, |e| e.1)
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
        let rows = rows_of(&f, &page);
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
        let rows = rows_of(&f, &page);
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
        let rows = rows_of(&f, &titled);
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
        let rows = rows_of(&f, &page);
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
        let rows = rows_of(&f, &page);
        let v = |row, name| value(&rows, row, name, &names);
        let counted: Vec<f32> = (0..page.len()).map(|i| v(i, "page:counted_item")).collect();
        assert_eq!(counted, [1.0, 1.0, 1.0, 0.0, 1.0]);
        assert_eq!(v(3, "page:counted_items_around"), 1.0);
        assert!((v(0, "page:counted_items_around") - 2.0 / 3.0).abs() < 1e-6);
    }

    #[test]
    fn linear_scores_equal_scoring_the_built_rows() {
        use crate::features::rows::LinearRows;
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
            let parts = f.parts(&Block::from_texts(page.iter().copied()));
            let built = parts.to_rows();
            let fast = parts.linear_scores(&weights, [0.1, 0.2, 0.3]);
            let slow = built.linear_scores(&weights, [0.1, 0.2, 0.3]);
            for (i, (fast, slow)) in fast.iter().zip(&slow).enumerate() {
                for l in 0..3 {
                    assert!(
                        (fast[l] - slow[l]).abs() < 1e-4,
                        "{i} {l}: {} vs {}",
                        fast[l],
                        slow[l]
                    );
                }
            }
            let own = layout::Layout::new(f.tfidf.len(), f.markup, f.page_types).own_columns();
            let own_rows = parts.own_rows();
            for i in 0..built.n_rows() {
                let from_rows: Vec<f32> = own
                    .iter()
                    .map(|&c| built.row(i).find(|e| e.0 == c).map_or(0.0, |e| e.1))
                    .collect();
                assert_eq!(own_rows.row(i).to_vec(), from_rows);
            }
        }
    }

    #[test]
    fn blanked_terms_leave_no_term_and_no_known_word() {
        let f = featurizer();
        let names = f.feature_names();
        let page = Block::from_texts(["home news", "The minister spoke on Friday."]);
        let english = Some(Language::English);
        let read = f
            .parts_in(&page, english, Terms::Read, PageFacts::default())
            .to_rows();
        let blanked = f
            .parts_in(&page, english, Terms::Blanked, PageFacts::default())
            .to_rows();
        let terms = |rows: &SparseRows| {
            (0..2)
                .flat_map(|i| {
                    rows.row(i)
                        .filter(|e| names[e.0 as usize].starts_with("term:"))
                        .collect::<Vec<_>>()
                })
                .count()
        };
        assert!(terms(&read) > 0);
        assert_eq!(terms(&blanked), 0);
        assert!(value(&read, 0, "page:known_word_share", &names) > 0.5);
        assert_eq!(value(&blanked, 0, "page:known_word_share", &names), 0.0);
        assert_eq!(
            value(&read, 1, "self:stop_word_share", &names),
            value(&blanked, 1, "self:stop_word_share", &names)
        );
    }

    #[test]
    fn stop_words_are_the_pages_languages() {
        let f = featurizer();
        let names = f.feature_names();
        let page =
            Block::from_texts(["Le maire a dit que les travaux du port seront finis en mai."]);
        let share = |language| {
            let rows = f
                .parts_in(&page, Some(language), Terms::Read, PageFacts::default())
                .to_rows();
            value(&rows, 0, "self:stop_word_share", &names)
        };
        assert!(share(Language::French) > 0.3);
        assert!(share(Language::English) < 0.1);
    }

    #[test]
    fn an_empty_page_has_no_rows() {
        assert_eq!(featurizer().transform(&[]).n_rows(), 0);
    }

    #[test]
    fn a_fitted_featurizer_round_trips_through_json() {
        let f = featurizer();
        let back: Featurizer = serde_json::from_str(&serde_json::to_string(&f).unwrap()).unwrap();
        let page = ["Home", "The minister spoke."];
        assert_eq!(rows_of(&back, &page), rows_of(&f, &page));
    }

    #[test]
    fn linear_scores_equal_scoring_the_built_rows_of_an_html_page() {
        use crate::features::rows::LinearRows;
        let f = featurizer();
        let weights: Vec<f32> = (0..f.n_features() * 3)
            .map(|i| ((i * 7919) % 13) as f32 / 13.0 - 0.5)
            .collect();
        let page = crate::input::html::read_html(
            b"<nav class=menu><a href=/>Home</a> <a href=/n>News</a></nav><article>\
              <h1>The minister spoke</h1><p>The minister spoke on Friday about the war.</p>\
              <p class=byline>By <a href=/a>A. Writer</a></p></article><footer>Home</footer>",
        )
        .unwrap();
        let parts = f.parts(&page.blocks);
        let fast = parts.linear_scores(&weights, [0.1, 0.2, 0.3]);
        let slow = parts.to_rows().linear_scores(&weights, [0.1, 0.2, 0.3]);
        for (a, b) in fast.iter().zip(&slow) {
            assert!(
                a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-4),
                "{a:?} {b:?}"
            );
        }
        assert_eq!(parts.own_rows().ncols(), f.own_width());
        let names = f.feature_names();
        let rows = parts.to_rows();
        let col = names.iter().position(|n| n == "self:link_density").unwrap() as u32;
        assert_eq!(rows.row(0).find(|e| e.0 == col).map(|e| e.1), Some(1.0));
    }
}
