//! The vocabulary: stemmed terms and their columns, with the stemmer that
//! maps a raw token to its term. The token cache ([`super::tokens`]) and the
//! TF-IDF weights ([`super::tfidf`]) both build on it.

use crate::features::language::{Language, Tokenizer};
use crate::features::tokenize::stem_with;
use rust_stemmers::Stemmer;
use rustc_hash::FxHashMap as HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// The most terms a vocabulary may hold, checked when a model file is read.
pub(crate) const MAX_VOCABULARY: usize = 1 << 22;

/// Stemmed terms in column order, indexed for look-up.
#[derive(Debug)]
pub(crate) struct Vocabulary {
    terms: Vec<String>,
    index: HashMap<String, u32>,
    tokenizer: Tokenizer,
    /// Identifies this vocabulary to the per-thread token cache.
    id: u64,
}

/// A new identity for a vocabulary (0 is never used, so a fresh cache owns nothing).
fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Vocabulary {
    /// A vocabulary of `terms` (in column order), stemmed with `language`;
    /// refuses a term listed twice and more than [`MAX_VOCABULARY`] terms.
    pub(crate) fn new(terms: Vec<String>, language: Language) -> Result<Self, String> {
        if terms.len() > MAX_VOCABULARY {
            return Err(format!("{} terms is over the limit", terms.len()));
        }
        let mut index = HashMap::default();
        index.reserve(terms.len());
        for (i, term) in terms.iter().enumerate() {
            if index.insert(term.clone(), i as u32).is_some() {
                return Err(format!("the term {term:?} is listed twice"));
            }
        }
        Ok(Vocabulary {
            terms,
            index,
            tokenizer: Tokenizer::new(language),
            id: next_id(),
        })
    }

    /// The terms, in column order.
    pub(crate) fn terms(&self) -> &[String] {
        &self.terms
    }

    /// The number of terms (columns).
    pub(crate) fn len(&self) -> usize {
        self.terms.len()
    }

    /// Identifies this vocabulary (clones share it: they have the same columns).
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// The column of a raw token's stem, if the vocabulary has it; `buffer` is scratch space.
    #[cfg(test)]
    pub(crate) fn column(&self, word: &str, buffer: &mut String) -> Option<u32> {
        let stem = self.tokenizer.stem(word, buffer);
        self.index.get(stem.as_ref()).copied()
    }

    /// The column of a raw token's stem under another language's stemmer
    /// (a page's), or of the lowercased token without one.
    pub(crate) fn column_with(
        &self,
        stemmer: Option<&Stemmer>,
        word: &str,
        buffer: &mut String,
    ) -> Option<u32> {
        let stem = stem_with(stemmer, word, buffer);
        self.index.get(stem.as_ref()).copied()
    }
}

impl Clone for Vocabulary {
    fn clone(&self) -> Self {
        Vocabulary {
            terms: self.terms.clone(),
            index: self.index.clone(),
            tokenizer: Tokenizer::new(self.tokenizer.language()),
            id: self.id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_map_to_the_column_of_their_stem() {
        let vocabulary =
            Vocabulary::new(vec!["news".into(), "run".into()], Language::English).unwrap();
        let mut buffer = String::new();
        assert_eq!(vocabulary.column("Running", &mut buffer), Some(1));
        assert_eq!(vocabulary.column("zebra", &mut buffer), None);
        assert!(Vocabulary::new(vec!["a".into(), "a".into()], Language::English).is_err());
    }
}
