//! What the featurizer knows of each token, behind a per-thread cache.
//!
//! Each paragraph's tokens feed both the TF-IDF row (through lowercasing, the
//! Snowball stemmer and the vocabulary) and the shape features (through a
//! lowercase look-up in the word lists). Both depend on the token alone, and
//! most tokens of a page were seen before, so they are computed once per
//! distinct token and kept in a per-thread cache. Tokens of up to 16 bytes,
//! the vast majority, are keyed by their bytes packed into one or two machine
//! words, and the cache is a fixed-size table that works like a CPU cache
//! (four-way set-associative): a look-up hashes and compares machine words and
//! touches one place in memory, and the cache never grows. Tokens are looked
//! up one behind the tokenizer, so that the next token's place in the table is
//! already on its way into the CPU's cache.

use super::shape::WordShape;
use super::vocabulary::Vocabulary;
use crate::features::language::LanguageTables;
use crate::features::tokenize::words_at;
use std::cell::RefCell;

/// What the featurizer knows of one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    /// The token's TF-IDF column, or [`NO_COLUMN`] when its stem is not in the
    /// vocabulary (a sentinel rather than an `Option`, to keep cache entries small).
    column: u32,
    /// What the shape features need of it.
    pub shape: WordShape,
}

/// [`Token::column`] of a token whose stem is not in the vocabulary.
const NO_COLUMN: u32 = u32::MAX;

impl Default for Token {
    /// A token with no column and no shape facts (what empty cache entries hold).
    fn default() -> Self {
        Token {
            column: NO_COLUMN,
            shape: WordShape::default(),
        }
    }
}

impl Token {
    /// The token's TF-IDF column, if its stem is in the vocabulary.
    pub(crate) fn column(self) -> Option<u32> {
        (self.column != NO_COLUMN).then_some(self.column)
    }
}

/// Tokens longer than this many bytes are not cached (they are rare, and
/// caching them would let one page of giant tokens fill the memory).
const MAX_CACHED_BYTES: usize = 16;

/// A packed token: a table key. The zero key marks an empty entry (no token packs to zero).
trait Key: Copy + Eq + Default {
    /// A well-mixed hash (the table uses its top bits).
    fn hash(self) -> u64;
}

/// The multiplier of Fibonacci hashing (2^64 / the golden ratio).
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

impl Key for u64 {
    fn hash(self) -> u64 {
        self.wrapping_mul(GOLDEN)
    }
}

impl Key for [u64; 2] {
    fn hash(self) -> u64 {
        (self[0].wrapping_mul(GOLDEN) ^ self[1]).wrapping_mul(GOLDEN)
    }
}

/// Entries a set holds.
const WAYS: usize = 4;

/// One set of entries, aligned so that a set of short tokens is one cache line.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Set<K>([(K, Token); WAYS]);

/// A fixed-size, four-way set-associative table from packed tokens to their
/// facts: each key has one set of four entries, kept in order of last use; a
/// new key goes first in its set and evicts the set's least recently used entry.
struct Table<K> {
    sets: Vec<Set<K>>,
    /// log2 of the number of sets.
    bits: u32,
}

impl<K: Key> Table<K> {
    /// An empty table of `2^bits` sets.
    fn new(bits: u32) -> Self {
        let empty = (K::default(), Token::default());
        Table {
            sets: vec![Set([empty; WAYS]); 1 << bits],
            bits,
        }
    }

    /// The index of the set that holds `key`.
    fn set_of(&self, key: K) -> usize {
        key.hash().checked_shr(64 - self.bits).unwrap_or(0) as usize
    }

    /// Starts loading the set of `key` into the CPU's cache, so that a
    /// look-up of the next token overlaps the work on this one: an ordinary
    /// read whose value is only handed to `black_box`, so the compiler keeps
    /// it and the CPU runs ahead of it.
    fn prefetch(&self, key: K) {
        let Set(set) = &self.sets[self.set_of(key)];
        std::hint::black_box(set[0].0);
    }

    /// The facts of the token packed as `key`, computed and kept when missing.
    fn get_or_insert(&mut self, key: K, compute: impl FnOnce() -> Token) -> Token {
        let index = self.set_of(key);
        let Set(set) = &mut self.sets[index];
        if let Some(j) = set.iter().position(|(k, _)| *k == key) {
            // Move the entry to the front, so that frequent tokens outlive rare ones.
            set[..=j].rotate_right(1);
            return set[0].1;
        }
        let token = compute();
        set.copy_within(0..WAYS - 1, 1);
        set[0] = (key, token);
        token
    }
}

/// The per-thread cache: two tables by token length, so that the common short
/// tokens' entries stay small (16 bytes, four to a cache line).
struct Cache {
    /// The [`Vocabulary::id`] of the vocabulary the columns belong to.
    owner: u64,
    /// Tokens of up to 8 bytes (2^15 sets of 64 bytes: 2 MiB).
    short: Table<u64>,
    /// Tokens of 9 to 16 bytes (2^13 sets of 128 bytes: 1 MiB).
    long: Table<[u64; 2]>,
    /// Scratch space for lowercasing.
    buffer: String,
}

impl Cache {
    fn new(owner: u64) -> Self {
        Cache {
            owner,
            short: Table::new(15),
            long: Table::new(13),
            buffer: String::new(),
        }
    }
}

/// How many vocabularies' caches a thread keeps: a program that alternates
/// between a few models (say, one per language) keeps each one's cache warm.
const CACHES_PER_THREAD: usize = 4;

thread_local! {
    /// The caches of the vocabularies this thread used last, in the order
    /// they were first used (the oldest goes when a new one comes).
    static CACHES: RefCell<Vec<Cache>> = const { RefCell::new(Vec::new()) };
}

/// The bytes `text[start..start + len]` as two numbers, when `len` is at most
/// [`MAX_CACHED_BYTES`]: the token's cache key. Tokens never hold a NUL byte
/// (it is not alphanumeric), so the zero padding cannot make two tokens equal.
fn packed(text: &[u8], start: usize, len: usize) -> Option<[u64; 2]> {
    if len > MAX_CACHED_BYTES {
        return None;
    }
    let word = |at: usize, n: usize| -> u64 {
        if n == 0 {
            return 0;
        }
        // Reading eight bytes and masking beats copying a short, variable-length slice.
        let mask = u64::MAX >> (64 - 8 * n);
        match text.get(at..at + 8) {
            Some(eight) => u64::from_le_bytes(eight.try_into().expect("8 bytes")) & mask,
            None => {
                let mut padded = [0u8; 8];
                padded[..n].copy_from_slice(&text[at..at + n]);
                u64::from_le_bytes(padded)
            }
        }
    };
    Some([
        word(start, len.min(8)),
        word(start + 8, len.saturating_sub(8)),
    ])
}

fn compute(
    vocabulary: &Vocabulary,
    language: &LanguageTables,
    word: &str,
    buffer: &mut String,
) -> Token {
    let column = vocabulary.column_with(language.stemmer(), word, buffer);
    Token {
        column: column.unwrap_or(NO_COLUMN),
        shape: WordShape::of(word, buffer, language).known(column.is_some()),
    }
}

/// A hash of a token's spelling (its exact bytes): what tells two tokens
/// apart when the vocabulary does not know them.
pub(crate) type Spelling = u64;

/// The [`Spelling`] of a token of more than [`MAX_CACHED_BYTES`] bytes.
fn long_spelling(word: &str) -> Spelling {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(word)
}

/// Calls `each` with every token of `text` ([`crate::words`]), in order, as
/// the vocabulary and the shape features see it, and its [`Spelling`].
pub(crate) fn for_each_token(
    vocabulary: &Vocabulary,
    language: &LanguageTables,
    text: &str,
    mut each: impl FnMut(Token, Spelling),
) {
    // A token's facts depend on the vocabulary and on the page's language.
    let owner = vocabulary.id() << 8 | language.key;
    CACHES.with(|caches| {
        let mut caches = caches.borrow_mut();
        let position = caches.iter().position(|c| c.owner == owner);
        let cache = match position {
            Some(i) => &mut caches[i],
            None => {
                if caches.len() == CACHES_PER_THREAD {
                    caches.remove(0);
                }
                caches.push(Cache::new(owner));
                caches.last_mut().expect("just pushed")
            }
        };
        let Cache {
            short,
            long,
            buffer,
            ..
        } = cache;
        let keyed =
            words_at(text).map(|(start, word)| (word, packed(text.as_bytes(), start, word.len())));
        // One token ahead: its set is loaded while this one is looked up.
        let mut pending = None;
        for next in keyed.map(Some).chain([None]) {
            match next {
                Some((_, Some([low, 0]))) => short.prefetch(low),
                Some((_, Some(key))) => long.prefetch(key),
                _ => {}
            }
            if let Some((word, key)) = std::mem::replace(&mut pending, next) {
                let (token, spelling) = match key {
                    Some([low, 0]) => (
                        short.get_or_insert(low, || compute(vocabulary, language, word, buffer)),
                        low.hash(),
                    ),
                    Some(key) => (
                        long.get_or_insert(key, || compute(vocabulary, language, word, buffer)),
                        key.hash(),
                    ),
                    None => (
                        compute(vocabulary, language, word, buffer),
                        long_spelling(word),
                    ),
                };
                each(token, spelling);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::language::Language;
    use crate::features::tokenize::words;

    fn english() -> &'static LanguageTables {
        LanguageTables::of(Some(Language::English))
    }

    fn vocabulary(terms: &[&str]) -> Vocabulary {
        let terms = terms.iter().map(|t| t.to_string()).collect();
        Vocabulary::new(terms, Language::English).unwrap()
    }

    #[test]
    fn packing_keeps_short_tokens_apart_and_skips_long_ones() {
        let pack = |word: &str| packed(word.as_bytes(), 0, word.len());
        assert_ne!(pack("ab"), pack("ab0"));
        assert_eq!(
            pack("eight_by"),
            Some([u64::from_le_bytes(*b"eight_by"), 0])
        );
        assert_ne!(pack("eight_by"), pack("eight_byt"));
        assert_ne!(pack("a"), pack("b"));
        assert!(pack("sixteen_bytes_xx").is_some());
        assert!(pack("seventeen_bytes_x").is_none());
        // Inside a longer text, the bytes after the token do not count.
        let text = b"ab cd_and_more_bytes_after";
        assert_eq!(packed(text, 0, 2), pack("ab"));
        assert_eq!(packed(text, 3, 2), pack("cd"));
        assert_eq!(packed(b"xxxxxxxxxyz", 9, 2), pack("yz"));
        assert_eq!(packed(b"--twelve_bytes", 2, 12), pack("twelve_bytes"));
    }

    #[test]
    fn a_full_set_evicts_its_least_recently_used_token() {
        let mut table: Table<u64> = Table::new(0); // one set: every key shares it
        let token = |column| Token {
            column,
            shape: WordShape::default(),
        };
        let mut computed = Vec::new();
        let look_up = |table: &mut Table<u64>, key: u64, computed: &mut Vec<u64>| {
            table.get_or_insert(key, || {
                computed.push(key);
                token(key as u32)
            })
        };
        for key in [1, 2, 3, 4, 1, 5, 1, 6] {
            let found = look_up(&mut table, key, &mut computed);
            assert_eq!(found.column(), Some(key as u32));
        }
        // 1 was used again before 5 and 6 came, so 2 and 3 were evicted, not 1.
        assert_eq!(look_up(&mut table, 1, &mut computed).column(), Some(1));
        assert_eq!(computed, [1, 2, 3, 4, 5, 6]);
        look_up(&mut table, 2, &mut computed);
        assert_eq!(computed, [1, 2, 3, 4, 5, 6, 2]);
    }

    #[test]
    fn cached_and_uncached_tokens_agree_with_computing_them() {
        let tfidf = vocabulary(&["run", "the", "news", "internation"]);
        let text = "Running internationalisations the RUNNING news Zebra";
        for _ in 0..2 {
            let mut got = Vec::new();
            for_each_token(&tfidf, english(), text, |t, _| got.push(t));
            let mut buffer = String::new();
            let expected: Vec<Token> = words(text)
                .map(|w| compute(&tfidf, english(), w, &mut buffer))
                .collect();
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn a_cache_never_serves_columns_of_another_vocabulary() {
        let first = vocabulary(&["alpha", "beta"]);
        let second = vocabulary(&["beta", "alpha"]);
        let column = |tfidf: &Vocabulary| {
            let mut column = None;
            for_each_token(tfidf, english(), "alpha", |t, _| column = t.column());
            column
        };
        assert_ne!(column(&first), column(&second));
        assert_eq!(column(&second), Some(1));
        // More vocabularies in turn than a thread keeps caches for.
        let many: Vec<Vocabulary> = (0..CACHES_PER_THREAD + 2)
            .map(|i| {
                let mut terms = vec!["beta"; i];
                terms.push("alpha");
                let terms: Vec<String> = terms
                    .iter()
                    .enumerate()
                    .map(|(j, t)| {
                        format!(
                            "{t}{}",
                            if *t == "beta" {
                                j.to_string()
                            } else {
                                String::new()
                            }
                        )
                    })
                    .collect();
                Vocabulary::new(terms, Language::English).unwrap()
            })
            .collect();
        for _ in 0..2 {
            for tfidf in &many {
                let expected = tfidf.terms().iter().position(|t| t == "alpha");
                assert_eq!(column(tfidf), expected.map(|c| c as u32));
            }
        }
    }
}
