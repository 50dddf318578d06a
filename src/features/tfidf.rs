//! TF-IDF over stemmed terms: a vocabulary fitted on a corpus of paragraphs.
//!
//! Weights follow scikit-learn's `TfidfVectorizer(sublinear_tf=True,
//! smooth_idf=True, norm="l2")`: `tf = 1 + ln(count)`,
//! `idf = ln((1 + n) / (1 + df)) + 1`, and each row is scaled to unit length.

use super::tokens::{Spelling, Token, for_each_token};
pub(crate) use super::vocabulary::MAX_VOCABULARY;
use super::vocabulary::Vocabulary;
use crate::error::{Result, TrainingError};
use crate::features::language::{Language, LanguageTables, Tokenizer};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

/// Settings of the TF-IDF vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TfidfConfig {
    /// The language of the training pages: its Snowball stemmer makes the
    /// vocabulary's terms, and it is taken for a page whose language cannot
    /// be told.
    pub language: Language,
    /// At most this many terms, the most frequent (by document frequency) first.
    pub max_vocabulary: usize,
    /// A term must occur in at least this many paragraphs.
    pub min_df: usize,
}

impl Default for TfidfConfig {
    fn default() -> Self {
        TfidfConfig {
            language: Language::English,
            max_vocabulary: 2000,
            min_df: 3,
        }
    }
}

/// A fitted vocabulary: stemmed terms and their inverse document frequencies.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "TfidfState", into = "TfidfState")]
pub(crate) struct Tfidf {
    config: TfidfConfig,
    vocabulary: Vocabulary,
    idf: Vec<f32>,
}

/// What a fitted vocabulary stores in a model file.
#[derive(Serialize, Deserialize)]
struct TfidfState {
    config: TfidfConfig,
    terms: Vec<String>,
    idf: Vec<f32>,
}

/// The largest idf weight a model file may hold: `ln(1 + n) + 1` stays below
/// 50 for any corpus that fits in memory, and far larger weights overflow the
/// row norm.
pub(crate) const MAX_IDF: f32 = 1000.0;

impl TryFrom<TfidfState> for Tfidf {
    type Error = String;

    fn try_from(state: TfidfState) -> Result<Self, String> {
        if state.terms.len() != state.idf.len() {
            return Err(format!(
                "{} terms but {} idf weights",
                state.terms.len(),
                state.idf.len()
            ));
        }
        if state.idf.iter().any(|w| !(0.0..=MAX_IDF).contains(w)) {
            return Err(format!(
                "an idf weight is not a number between 0 and {MAX_IDF}"
            ));
        }
        Ok(Tfidf {
            vocabulary: Vocabulary::new(state.terms, state.config.language)?,
            config: state.config,
            idf: state.idf,
        })
    }
}

impl From<Tfidf> for TfidfState {
    fn from(t: Tfidf) -> Self {
        TfidfState {
            config: t.config,
            terms: t.vocabulary.terms().to_vec(),
            idf: t.idf,
        }
    }
}

impl Tfidf {
    /// Fits the vocabulary on a corpus of paragraphs (each paragraph is one document).
    ///
    pub(crate) fn fit<'a>(
        config: TfidfConfig,
        paragraphs: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self> {
        let tokenizer = Tokenizer::new(config.language);
        let mut df: HashMap<String, usize> = HashMap::default();
        let mut seen: Vec<String> = Vec::new();
        let mut buffer = String::new();
        let mut n_docs = 0usize;
        for text in paragraphs {
            n_docs += 1;
            seen.clear();
            tokenizer.for_each_stem(text, &mut buffer, |stem| seen.push(stem.to_string()));
            seen.sort_unstable();
            seen.dedup();
            for stem in seen.drain(..) {
                *df.entry(stem).or_insert(0) += 1;
            }
        }
        let mut kept: Vec<(String, usize)> = df
            .into_iter()
            .filter(|(_, count)| *count >= config.min_df.max(1))
            .collect();
        kept.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        kept.truncate(config.max_vocabulary);
        let idf = kept
            .iter()
            .map(|(_, d)| ((1.0 + n_docs as f64) / (1.0 + *d as f64)).ln() as f32 + 1.0)
            .collect();
        let terms: Vec<String> = kept.into_iter().map(|(t, _)| t).collect();
        Ok(Tfidf {
            config,
            vocabulary: Vocabulary::new(terms, config.language).map_err(TrainingError::Solver)?,
            idf,
        })
    }

    /// The settings it was fitted with.
    pub(crate) fn config(&self) -> &TfidfConfig {
        &self.config
    }

    /// The vocabulary, in column order.
    pub(crate) fn terms(&self) -> &[String] {
        self.vocabulary.terms()
    }

    /// The number of columns (terms).
    pub(crate) fn len(&self) -> usize {
        self.vocabulary.len()
    }

    /// The L2-normalised TF-IDF entries of one paragraph, sorted by column,
    /// written into `out` (cleared first).
    #[cfg(test)]
    pub(crate) fn transform_into(&self, text: &str, out: &mut Vec<(u32, f32)>) {
        let language = LanguageTables::of(Some(self.config.language));
        self.transform_tokens(text, language, out, |_, _| {});
    }

    /// [`Tfidf::transform_into`] of a paragraph of a page in `language`
    /// (whose stemmer maps its tokens to terms), also handing every token
    /// to `each` with its spelling, in order: what the shape and page
    /// features need, from the same pass.
    pub(crate) fn transform_tokens(
        &self,
        text: &str,
        language: &LanguageTables,
        out: &mut Vec<(u32, f32)>,
        mut each: impl FnMut(Token, Spelling),
    ) {
        out.clear();
        for_each_token(&self.vocabulary, language, text, |t, spelling| {
            each(t, spelling);
            if let Some(column) = t.column() {
                out.push((column, 1.0));
            }
        });
        self.weigh(out);
    }

    /// Turns `entries`, one `(column, 1.0)` per occurrence of a term in a
    /// paragraph, into the paragraph's L2-normalised TF-IDF entries, sorted by column.
    fn weigh(&self, entries: &mut Vec<(u32, f32)>) {
        entries.sort_unstable_by_key(|e| e.0);
        let mut merged = 0;
        for i in 0..entries.len() {
            if merged > 0 && entries[merged - 1].0 == entries[i].0 {
                entries[merged - 1].1 += 1.0;
            } else {
                entries[merged] = entries[i];
                merged += 1;
            }
        }
        entries.truncate(merged);
        let mut norm = 0.0f32;
        for (col, value) in entries.iter_mut() {
            let tf = if *value == 1.0 { 1.0 } else { 1.0 + value.ln() };
            *value = tf * self.idf[*col as usize];
            norm += *value * *value;
        }
        let norm = norm.sqrt();
        if norm > 0.0 {
            entries.iter_mut().for_each(|e| e.1 /= norm);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fitted() -> Tfidf {
        let config = TfidfConfig {
            min_df: 1,
            ..TfidfConfig::default()
        };
        Tfidf::fit(config, ["share share news", "news today", "news"]).unwrap()
    }

    #[test]
    fn vocabulary_is_ordered_by_document_frequency_and_capped() {
        assert_eq!(fitted().terms(), ["news", "share", "today"]);
        let config = TfidfConfig {
            min_df: 1,
            max_vocabulary: 1,
            ..TfidfConfig::default()
        };
        let tfidf = Tfidf::fit(config, ["share share news", "news today"]).unwrap();
        assert_eq!(tfidf.terms(), ["news"]);
    }

    #[test]
    fn rows_use_sublinear_tf_smoothed_idf_and_unit_length() {
        let tfidf = fitted();
        let mut row = Vec::new();
        tfidf.transform_into("Share share NEWS unknownword", &mut row);
        let idf_news = (4.0f32 / 4.0).ln() + 1.0;
        let idf_share = (4.0f32 / 2.0).ln() + 1.0;
        let (news, share) = (idf_news, (1.0 + 2f32.ln()) * idf_share);
        let norm = (news * news + share * share).sqrt();
        assert_eq!(row.len(), 2);
        assert!((row[0].1 - news / norm).abs() < 1e-6);
        assert!((row[1].1 - share / norm).abs() < 1e-6);
    }

    #[test]
    fn a_paragraph_without_known_terms_has_an_empty_row() {
        let mut row = vec![(7, 1.0)];
        fitted().transform_into("zebra!", &mut row);
        assert!(row.is_empty());
    }

    #[test]
    fn a_vocabulary_round_trips_through_json_and_refuses_bad_state() {
        let json = serde_json::to_string(&fitted()).unwrap();
        let back: Tfidf = serde_json::from_str(&json).unwrap();
        assert_eq!(back.terms(), fitted().terms());
        let bad = json.replace("\"today\"", "\"news\"");
        assert!(serde_json::from_str::<Tfidf>(&bad).is_err());
    }
}
