//! Tokenizing, lowercasing and Snowball stemming.
//!
//! A token is a maximal run of Unicode alphanumeric characters. Tokens are
//! lowercased with Unicode rules and stemmed with the Snowball stemmer of the
//! configured [`Language`] (rust-stemmers).

use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The language of the Snowball stemmer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Language {
    Arabic,
    Danish,
    Dutch,
    #[default]
    English,
    Finnish,
    French,
    German,
    Greek,
    Hungarian,
    Italian,
    Norwegian,
    Portuguese,
    Romanian,
    Russian,
    Spanish,
    Swedish,
    Tamil,
    Turkish,
}

impl Language {
    /// Every supported language.
    pub const ALL: [Language; 18] = [
        Language::Arabic,
        Language::Danish,
        Language::Dutch,
        Language::English,
        Language::Finnish,
        Language::French,
        Language::German,
        Language::Greek,
        Language::Hungarian,
        Language::Italian,
        Language::Norwegian,
        Language::Portuguese,
        Language::Romanian,
        Language::Russian,
        Language::Spanish,
        Language::Swedish,
        Language::Tamil,
        Language::Turkish,
    ];

    fn algorithm(self) -> Algorithm {
        match self {
            Language::Arabic => Algorithm::Arabic,
            Language::Danish => Algorithm::Danish,
            Language::Dutch => Algorithm::Dutch,
            Language::English => Algorithm::English,
            Language::Finnish => Algorithm::Finnish,
            Language::French => Algorithm::French,
            Language::German => Algorithm::German,
            Language::Greek => Algorithm::Greek,
            Language::Hungarian => Algorithm::Hungarian,
            Language::Italian => Algorithm::Italian,
            Language::Norwegian => Algorithm::Norwegian,
            Language::Portuguese => Algorithm::Portuguese,
            Language::Romanian => Algorithm::Romanian,
            Language::Russian => Algorithm::Russian,
            Language::Spanish => Algorithm::Spanish,
            Language::Swedish => Algorithm::Swedish,
            Language::Tamil => Algorithm::Tamil,
            Language::Turkish => Algorithm::Turkish,
        }
    }

    fn name(self) -> String {
        format!("{self:?}").to_lowercase()
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl FromStr for Language {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.to_lowercase();
        Language::ALL
            .into_iter()
            .find(|l| l.name() == wanted)
            .ok_or_else(|| format!("unknown stemmer language {s:?}"))
    }
}

/// The raw tokens of `text`: maximal runs of alphanumeric characters, as written.
///
/// ```
/// let words: Vec<&str> = declutter::words("Austin's call, 2022-10-21!").collect();
/// assert_eq!(words, ["Austin", "s", "call", "2022", "10", "21"]);
/// ```
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    words_at(text).map(|(_, word)| word)
}

/// [`words`] with the byte offset of each token in `text`.
pub(crate) fn words_at(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut offset = 0;
    text.split(|c: char| !c.is_alphanumeric())
        .filter_map(move |piece| {
            let start = offset;
            let end = start + piece.len();
            // Each piece is followed by exactly one separator character (or the end).
            offset = end + bytes.get(end).map_or(0, |&b| utf8_width(b));
            (!piece.is_empty()).then_some((start, piece))
        })
}

/// The length in bytes of the UTF-8 character that starts with byte `first`.
fn utf8_width(first: u8) -> usize {
    match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// Lowercases and stems tokens with one language's Snowball stemmer.
///
/// ```
/// use declutter::{Language, Tokenizer};
/// let tokenizer = Tokenizer::new(Language::English);
/// assert_eq!(tokenizer.stems("Running QUICKLY"), ["run", "quick"]);
/// ```
pub struct Tokenizer {
    language: Language,
    stemmer: Stemmer,
}

impl Tokenizer {
    /// A tokenizer stemming with `language`'s Snowball stemmer.
    pub fn new(language: Language) -> Self {
        Tokenizer {
            language,
            stemmer: Stemmer::create(language.algorithm()),
        }
    }

    /// The stemmer's language.
    pub fn language(&self) -> Language {
        self.language
    }

    /// Calls `each` with the lowercased stem of every token of `text`, in order.
    /// `buffer` is scratch space reused across calls to avoid allocating.
    pub fn for_each_stem(&self, text: &str, buffer: &mut String, mut each: impl FnMut(&str)) {
        for word in words(text) {
            each(&self.stem(word, buffer));
        }
    }

    /// The lowercased stem of one token; `buffer` is scratch space.
    pub fn stem<'b>(&self, word: &str, buffer: &'b mut String) -> std::borrow::Cow<'b, str> {
        lowercase_into(word, buffer);
        self.stemmer.stem(buffer)
    }

    /// The lowercased stems of `text`'s tokens (a convenience over [`Tokenizer::for_each_stem`]).
    pub fn stems(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut buffer = String::new();
        self.for_each_stem(text, &mut buffer, |s| out.push(s.to_string()));
        out
    }
}

impl fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokenizer")
            .field("language", &self.language)
            .finish()
    }
}

/// Writes `word` lowercased into `buffer` (cleared first), with a fast path for ASCII.
pub(crate) fn lowercase_into(word: &str, buffer: &mut String) {
    buffer.clear();
    if word.is_ascii() {
        buffer.push_str(word);
        buffer.make_ascii_lowercase();
    } else {
        buffer.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// Whether `lowercase_word` is a common English function word.
///
/// Used for the share-of-stop-words shape feature: prose is full of them,
/// menus and headlines much less so.
#[cfg(test)]
pub(crate) fn is_stop_word(lowercase_word: &str) -> bool {
    STOP_WORDS.binary_search(&lowercase_word).is_ok()
}

/// English function words, sorted for binary search.
pub(crate) const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stop_word("the") && is_stop_word("yourselves"));
        assert!(!is_stop_word("pentagon"));
    }

    #[test]
    fn tokens_are_unicode_aware_and_lowercased() {
        let t = Tokenizer::new(Language::English);
        assert_eq!(
            t.stems("ÉCOLE Straße 東京 Running"),
            ["école", "straße", "東京", "run"]
        );
        assert!(t.stems("— … !!").is_empty());
    }

    #[test]
    fn the_language_is_a_setting() {
        let german = Tokenizer::new(Language::German);
        assert_eq!(german.stems("Häuser"), ["haus"]);
        assert_eq!("French".parse::<Language>().unwrap(), Language::French);
        assert!("klingon".parse::<Language>().is_err());
    }
}
