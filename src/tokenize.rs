//! Tokenizing, lowercasing and Snowball stemming.
//!
//! A token is a maximal run of Unicode alphanumeric characters. Tokens are
//! lowercased with Unicode rules and stemmed with the Snowball stemmer of the
//! configured [`Language`] (rust-stemmers).

use crate::language::Language;
use rust_stemmers::Stemmer;
use std::fmt;

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
pub(crate) fn words_at(text: &str) -> WordsAt<'_> {
    WordsAt { text, at: 0 }
}

/// The tokens of a text and their byte offsets: maximal runs of
/// alphanumeric characters, except that a character of a script written
/// without spaces between words (Chinese, Japanese kana, Thai, Lao, Khmer,
/// Myanmar) is a token of its own, so that word counts there are character
/// counts. One pass over the bytes, ASCII bytes without decoding: as fast
/// as splitting at separators was (dev's paragraphs, same run).
pub(crate) struct WordsAt<'a> {
    text: &'a str,
    at: usize,
}

impl WordsAt<'_> {
    /// The character at byte `at` (a character boundary).
    fn char_at(&self, at: usize) -> char {
        self.text[at..]
            .chars()
            .next()
            .expect("a character boundary")
    }
}

impl<'a> Iterator for WordsAt<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        let mut at = self.at;
        // Skip to the next alphanumeric character.
        loop {
            let &b = bytes.get(at)?;
            if b.is_ascii_alphanumeric() {
                break;
            }
            if b < 0x80 {
                at += 1;
                continue;
            }
            let c = self.char_at(at);
            if c.is_alphanumeric() {
                if is_unspaced(c) {
                    self.at = at + c.len_utf8();
                    return Some((at, &self.text[at..self.at]));
                }
                break;
            }
            at += c.len_utf8();
        }
        let start = at;
        // Extend over the run: ASCII bytes first, the rest a character at a time.
        loop {
            while bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
                at += 1;
            }
            match bytes.get(at) {
                Some(&b) if b >= 0x80 => {
                    let c = self.char_at(at);
                    if !c.is_alphanumeric() || is_unspaced(c) {
                        break;
                    }
                    at += c.len_utf8();
                }
                _ => break,
            }
        }
        self.at = at;
        Some((start, &self.text[start..at]))
    }
}

/// Whether `c` belongs to a script written without spaces between words.
fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x31F0..=0x31FF // Katakana phonetic extensions
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0xFF66..=0xFF9F // half-width Katakana
        | 0x20000..=0x3FFFF // CJK extensions B and later
    )
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
    stemmer: Option<Stemmer>,
}

impl Tokenizer {
    /// A tokenizer stemming with `language`'s Snowball stemmer (a language
    /// without one is only lowercased).
    pub fn new(language: Language) -> Self {
        Tokenizer {
            language,
            stemmer: language.snowball(),
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
        stem_with(self.stemmer.as_ref(), word, buffer)
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

/// The lowercased stem of `word` under `stemmer` (or the lowercased word,
/// without one); `buffer` is scratch space.
pub(crate) fn stem_with<'b>(
    stemmer: Option<&Stemmer>,
    word: &str,
    buffer: &'b mut String,
) -> std::borrow::Cow<'b, str> {
    lowercase_into(word, buffer);
    match stemmer {
        Some(stemmer) => stemmer.stem(buffer),
        None => std::borrow::Cow::Borrowed(buffer.as_str()),
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
            ["école", "straße", "東", "京", "run"]
        );
        assert!(t.stems("— … !!").is_empty());
    }

    #[test]
    fn scripts_without_spaces_are_a_token_a_character() {
        let tokens: Vec<(usize, &str)> = words_at("市议会ABC投票 hello ภาษา").collect();
        assert_eq!(
            tokens,
            [
                (0, "市"),
                (3, "议"),
                (6, "会"),
                (9, "ABC"),
                (12, "投"),
                (15, "票"),
                (19, "hello"),
                (25, "ภ"),
                (28, "า"),
                (31, "ษ"),
                (34, "า")
            ]
        );
        assert_eq!(
            words("Straße, 2022").collect::<Vec<_>>(),
            ["Straße", "2022"]
        );
    }

    #[test]
    fn the_language_is_a_setting() {
        let german = Tokenizer::new(Language::German);
        assert_eq!(german.stems("Häuser"), ["haus"]);
        assert_eq!("French".parse::<Language>().unwrap(), Language::French);
        assert!("klingon".parse::<Language>().is_err());
    }
}
