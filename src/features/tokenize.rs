//! Tokens, lowercasing, and stemming with a given Snowball stemmer.
//!
//! A token is a maximal run of Unicode alphanumeric characters (a character
//! of a script written without spaces is a token of its own). Tokens are
//! lowercased with Unicode rules; the `Tokenizer` of the `language` module
//! stems them with a language's Snowball stemmer (rust-stemmers).

use rust_stemmers::Stemmer;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
