//! What the featurizer knows of each token, behind a per-thread cache.
//!
//! Each paragraph's tokens feed both the TF-IDF row (through lowercasing, the
//! Snowball stemmer and the vocabulary) and the shape features (through a
//! lowercase look-up in the word lists). Both depend on the token alone, and
//! most tokens of a page were seen before, so they are computed once per
//! distinct token and kept in a per-thread cache. Short tokens, the vast
//! majority, are keyed by their bytes packed into one `u128`, so that a
//! look-up hashes and compares two machine words instead of a string.

use super::shape::WordShape;
use super::tfidf::Tfidf;
use crate::tokenize::words;
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// What the featurizer knows of one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// The token's TF-IDF column, or [`NO_COLUMN`] when its stem is not in the
    /// vocabulary (a sentinel rather than an `Option`, to keep cache entries small).
    column: u32,
    /// What the shape features need of it.
    pub shape: WordShape,
}

/// [`Token::column`] of a token whose stem is not in the vocabulary.
const NO_COLUMN: u32 = u32::MAX;

impl Token {
    /// The token's TF-IDF column, if its stem is in the vocabulary.
    pub fn column(self) -> Option<u32> {
        (self.column != NO_COLUMN).then_some(self.column)
    }
}

/// The cache's size bound: a table is emptied when it holds this many tokens.
const CACHE_LIMIT: usize = 1 << 17;

/// Tokens longer than this many bytes are not cached (they are rare, and
/// caching them would let one page of giant tokens fill the memory).
const MAX_CACHED_BYTES: usize = 16;

/// The cached tokens, in two tables by length so that entries stay small and
/// the common short tokens' table fits in a core's cache.
#[derive(Default)]
struct Cache {
    /// The [`Tfidf::id`] of the vocabulary the columns belong to.
    owner: u64,
    /// Tokens of up to 8 bytes.
    short: FxHashMap<u64, Token>,
    /// Tokens of 9 to 16 bytes.
    long: FxHashMap<[u64; 2], Token>,
    /// Scratch space for lowercasing.
    buffer: String,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

/// `word`'s bytes as two numbers, when it has at most [`MAX_CACHED_BYTES`].
/// Tokens never hold a NUL byte (it is not alphanumeric), so the zero padding
/// cannot make two tokens equal.
fn packed(word: &str) -> Option<[u64; 2]> {
    let bytes = word.as_bytes();
    if bytes.len() > MAX_CACHED_BYTES {
        return None;
    }
    let mut key = [0u8; MAX_CACHED_BYTES];
    key[..bytes.len()].copy_from_slice(bytes);
    let half = |i: usize| u64::from_le_bytes(key[i..i + 8].try_into().expect("8 bytes"));
    Some([half(0), half(8)])
}

/// The cached token under `key`, computed and cached when missing.
fn cached<K: std::hash::Hash + Eq>(
    table: &mut FxHashMap<K, Token>,
    key: K,
    compute: impl FnOnce() -> Token,
) -> Token {
    if let Some(&token) = table.get(&key) {
        return token;
    }
    if table.len() >= CACHE_LIMIT {
        table.clear();
    }
    let token = compute();
    table.insert(key, token);
    token
}

fn compute(tfidf: &Tfidf, word: &str, buffer: &mut String) -> Token {
    Token {
        column: tfidf.column(word, buffer).unwrap_or(NO_COLUMN),
        shape: WordShape::of(word, buffer),
    }
}

/// Calls `each` with every token of `text` ([`words`]), in order, as `tfidf` and
/// the shape features see it.
///
/// ```
/// use declutter::features::tfidf::{Tfidf, TfidfConfig};
/// use declutter::features::tokens::for_each_token;
/// let config = TfidfConfig { min_df: 1, ..TfidfConfig::default() };
/// let tfidf = Tfidf::fit(config, ["running news"]).unwrap();
/// let mut columns = Vec::new();
/// for_each_token(&tfidf, "Running late", |t| columns.push(t.column()));
/// assert_eq!(columns, [tfidf.terms().iter().position(|t| t == "run").map(|c| c as u32), None]);
/// ```
pub fn for_each_token(tfidf: &Tfidf, text: &str, mut each: impl FnMut(Token)) {
    CACHE.with(|cache| {
        let cache = &mut *cache.borrow_mut();
        if cache.owner != tfidf.id() {
            cache.owner = tfidf.id();
            cache.short.clear();
            cache.long.clear();
        }
        let Cache {
            short,
            long,
            buffer,
            ..
        } = cache;
        for word in words(text) {
            let token = match packed(word) {
                Some([low, 0]) => cached(short, low, || compute(tfidf, word, buffer)),
                Some(key) => cached(long, key, || compute(tfidf, word, buffer)),
                None => compute(tfidf, word, buffer),
            };
            each(token);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::tfidf::TfidfConfig;

    #[test]
    fn packing_keeps_short_tokens_apart_and_skips_long_ones() {
        assert_ne!(packed("ab"), packed("ab0"));
        assert_eq!(
            packed("eight_by"),
            Some([u64::from_le_bytes(*b"eight_by"), 0])
        );
        assert_ne!(packed("eight_by"), packed("eight_byt"));
        assert_ne!(packed("a"), packed("b"));
        assert_eq!(packed("sixteen_bytes_xx"), packed("sixteen_bytes_xx"));
        assert!(packed("sixteen_bytes_xx").is_some());
        assert!(packed("seventeen_bytes_x").is_none());
    }

    #[test]
    fn cached_and_uncached_tokens_agree_with_computing_them() {
        let config = TfidfConfig {
            min_df: 1,
            ..TfidfConfig::default()
        };
        let tfidf = Tfidf::fit(config, ["Running the news", "internationalisations run"]).unwrap();
        let text = "Running internationalisations the RUNNING news Zebra";
        for _ in 0..2 {
            let mut got = Vec::new();
            for_each_token(&tfidf, text, |t| got.push(t));
            let mut buffer = String::new();
            let expected: Vec<Token> = words(text)
                .map(|w| compute(&tfidf, w, &mut buffer))
                .collect();
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn a_cache_never_serves_columns_of_another_vocabulary() {
        let config = TfidfConfig {
            min_df: 1,
            ..TfidfConfig::default()
        };
        let first = Tfidf::fit(config, ["alpha", "beta"]).unwrap();
        let second = Tfidf::fit(config, ["beta", "beta", "alpha"]).unwrap();
        let column = |tfidf: &Tfidf| {
            let mut column = None;
            for_each_token(tfidf, "alpha", |t| column = t.column());
            column
        };
        assert_ne!(column(&first), column(&second));
        assert_eq!(column(&second), Some(1));
    }
}
