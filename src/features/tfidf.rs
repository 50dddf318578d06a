//! TF-IDF over stemmed terms: a vocabulary fitted on a corpus of paragraphs.
//!
//! Weights follow scikit-learn's `TfidfVectorizer(sublinear_tf=True,
//! smooth_idf=True, norm="l2")`: `tf = 1 + ln(count)`,
//! `idf = ln((1 + n) / (1 + df)) + 1`, and each row is scaled to unit length.

use super::tokens::{Token, for_each_token};
use crate::tokenize::{Language, Tokenizer};
use crate::{Error, Result};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};

/// Settings of the TF-IDF vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TfidfConfig {
    /// The Snowball stemmer's language.
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
#[derive(Debug, Serialize, Deserialize)]
#[serde(try_from = "TfidfState", into = "TfidfState")]
pub struct Tfidf {
    config: TfidfConfig,
    terms: Vec<String>,
    idf: Vec<f32>,
    index: HashMap<String, u32>,
    tokenizer: Tokenizer,
    /// Identifies this vocabulary to the per-thread token cache ([`super::tokens`]).
    id: u64,
}

/// A new identity for a vocabulary (0 is never used, so a fresh cache owns nothing).
fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
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
pub const MAX_IDF: f32 = 1000.0;

/// The most terms a vocabulary may hold, checked when a model file is read.
pub const MAX_VOCABULARY: usize = 1 << 22;

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
        if state.terms.len() > MAX_VOCABULARY {
            return Err(format!("{} terms is over the limit", state.terms.len()));
        }
        if state.idf.iter().any(|w| !(0.0..=MAX_IDF).contains(w)) {
            return Err(format!(
                "an idf weight is not a number between 0 and {MAX_IDF}"
            ));
        }
        let index = index_terms(&state.terms)?;
        Ok(Tfidf {
            tokenizer: Tokenizer::new(state.config.language),
            config: state.config,
            terms: state.terms,
            idf: state.idf,
            index,
            id: next_id(),
        })
    }
}

impl From<Tfidf> for TfidfState {
    fn from(t: Tfidf) -> Self {
        TfidfState {
            config: t.config,
            terms: t.terms,
            idf: t.idf,
        }
    }
}

impl Clone for Tfidf {
    fn clone(&self) -> Self {
        Tfidf {
            config: self.config,
            terms: self.terms.clone(),
            idf: self.idf.clone(),
            index: self.index.clone(),
            tokenizer: Tokenizer::new(self.config.language),
            id: self.id,
        }
    }
}

fn index_terms(terms: &[String]) -> Result<HashMap<String, u32>, String> {
    let mut index = HashMap::default();
    index.reserve(terms.len());
    for (i, term) in terms.iter().enumerate() {
        if index.insert(term.clone(), i as u32).is_some() {
            return Err(format!("the term {term:?} is listed twice"));
        }
    }
    Ok(index)
}

impl Tfidf {
    /// Fits the vocabulary on a corpus of paragraphs (each paragraph is one document).
    ///
    /// ```
    /// use declutter::features::tfidf::{Tfidf, TfidfConfig};
    /// let config = TfidfConfig { min_df: 2, ..TfidfConfig::default() };
    /// let tfidf = Tfidf::fit(config, ["Share on Facebook", "Share this", "The minister spoke"]).unwrap();
    /// assert_eq!(tfidf.terms(), ["share"]);
    /// ```
    pub fn fit<'a>(
        config: TfidfConfig,
        paragraphs: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self> {
        if config.max_vocabulary == 0 || config.max_vocabulary > MAX_VOCABULARY {
            return Err(Error::Config(format!(
                "max_vocabulary must be between 1 and {MAX_VOCABULARY}"
            )));
        }
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
        let index = index_terms(&terms).map_err(Error::Training)?;
        Ok(Tfidf {
            config,
            terms,
            idf,
            index,
            tokenizer,
            id: next_id(),
        })
    }

    /// The settings it was fitted with.
    pub fn config(&self) -> &TfidfConfig {
        &self.config
    }

    /// The vocabulary, in column order.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// The number of columns (terms).
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether the vocabulary is empty.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Identifies this vocabulary (clones share it: they have the same columns).
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// The column of a raw token's stem, if the vocabulary has it; `buffer` is scratch space.
    pub(crate) fn column(&self, word: &str, buffer: &mut String) -> Option<u32> {
        let stem = self.tokenizer.stem(word, buffer);
        self.index.get(stem.as_ref()).copied()
    }

    /// The L2-normalised TF-IDF entries of one paragraph, sorted by column,
    /// written into `out` (cleared first).
    pub fn transform_into(&self, text: &str, out: &mut Vec<(u32, f32)>) {
        self.transform_tokens(text, out, |_| {});
    }

    /// [`Tfidf::transform_into`], also handing every token to `each`, in
    /// order: what the shape features need, from the same pass.
    pub(crate) fn transform_tokens(
        &self,
        text: &str,
        out: &mut Vec<(u32, f32)>,
        mut each: impl FnMut(Token),
    ) {
        out.clear();
        for_each_token(self, text, |t| {
            each(t);
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
