//! A page's language: which one it is (whatlang), and what declutter knows
//! of it: its Snowball stemmer (rust-stemmers), where there is one, and its
//! stop words (the English list of [`crate::features::tokenize`]; for the other
//! languages NLTK's list where NLTK has one, else stopwords-iso's, through
//! the `stop-words` crate).

use crate::block::Block;
use crate::features::tokenize::{lowercase_into, stem_with, words};
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;
use whatlang::Lang;

macro_rules! languages {
    ($($variant:ident $name:literal $code:literal $lang:ident $stemmer:expr;)*) => {
        /// A language declutter knows: its stop words, and its Snowball
        /// stemmer where rust-stemmers has one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "lowercase")]
        #[allow(missing_docs)]
        pub enum Language {
            $(#[doc = $name] $variant,)*
        }

        impl Language {
            /// Every language, in alphabetical order of English names.
            pub const ALL: &[Language] = &[$(Language::$variant,)*];

            /// Its name in English, lowercase (`english`).
            pub fn name(self) -> &'static str {
                match self { $(Language::$variant => $name,)* }
            }

            /// Its ISO 639-1 code (`en`).
            pub fn code(self) -> &'static str {
                match self { $(Language::$variant => $code,)* }
            }

            fn whatlang(self) -> Lang {
                match self { $(Language::$variant => Lang::$lang,)* }
            }

            /// The language whatlang identified, if declutter knows it.
            fn from_whatlang(lang: Lang) -> Option<Language> {
                match lang { $(Lang::$lang => Some(Language::$variant),)* _ => None }
            }

            fn stemmer(self) -> Option<Algorithm> {
                match self { $(Language::$variant => $stemmer,)* }
            }
        }
    };
}

languages! {
    Afrikaans "afrikaans" "af" Afr None;
    Arabic "arabic" "ar" Ara Some(Algorithm::Arabic);
    Bengali "bengali" "bn" Ben None;
    Bulgarian "bulgarian" "bg" Bul None;
    Catalan "catalan" "ca" Cat None;
    Chinese "chinese" "zh" Cmn None;
    Croatian "croatian" "hr" Hrv None;
    Czech "czech" "cs" Ces None;
    Danish "danish" "da" Dan Some(Algorithm::Danish);
    Dutch "dutch" "nl" Nld Some(Algorithm::Dutch);
    English "english" "en" Eng Some(Algorithm::English);
    Estonian "estonian" "et" Est None;
    Finnish "finnish" "fi" Fin Some(Algorithm::Finnish);
    French "french" "fr" Fra Some(Algorithm::French);
    German "german" "de" Deu Some(Algorithm::German);
    Greek "greek" "el" Ell Some(Algorithm::Greek);
    Hebrew "hebrew" "he" Heb None;
    Hindi "hindi" "hi" Hin None;
    Hungarian "hungarian" "hu" Hun Some(Algorithm::Hungarian);
    Indonesian "indonesian" "id" Ind None;
    Italian "italian" "it" Ita Some(Algorithm::Italian);
    Japanese "japanese" "ja" Jpn None;
    Korean "korean" "ko" Kor None;
    Latvian "latvian" "lv" Lav None;
    Lithuanian "lithuanian" "lt" Lit None;
    Norwegian "norwegian" "no" Nob Some(Algorithm::Norwegian);
    Persian "persian" "fa" Pes None;
    Polish "polish" "pl" Pol None;
    Portuguese "portuguese" "pt" Por Some(Algorithm::Portuguese);
    Romanian "romanian" "ro" Ron Some(Algorithm::Romanian);
    Russian "russian" "ru" Rus Some(Algorithm::Russian);
    Slovak "slovak" "sk" Slk None;
    Slovenian "slovenian" "sl" Slv None;
    Spanish "spanish" "es" Spa Some(Algorithm::Spanish);
    Swedish "swedish" "sv" Swe Some(Algorithm::Swedish);
    Tamil "tamil" "ta" Tam Some(Algorithm::Tamil);
    Thai "thai" "th" Tha None;
    Turkish "turkish" "tr" Tur Some(Algorithm::Turkish);
    Ukrainian "ukrainian" "uk" Ukr None;
    Vietnamese "vietnamese" "vi" Vie None;
}

impl Default for Language {
    /// English: the language of the default models' training pages.
    fn default() -> Self {
        Language::English
    }
}

impl Language {
    /// Whether rust-stemmers has a Snowball stemmer for it.
    ///
    /// ```
    /// use declutter::Language;
    /// assert!(Language::French.has_stemmer());
    /// assert!(!Language::Chinese.has_stemmer());
    /// ```
    pub fn has_stemmer(self) -> bool {
        self.stemmer().is_some()
    }

    /// Its ISO 639-3 code, as whatlang and Common Crawl give it (`eng`).
    pub fn code3(self) -> &'static str {
        self.whatlang().code()
    }

    fn index(self) -> usize {
        Language::ALL
            .iter()
            .position(|&l| l == self)
            .expect("every language is listed")
    }

    /// Its Snowball stemmer, if it has one.
    pub(crate) fn snowball(self) -> Option<Stemmer> {
        self.stemmer().map(Stemmer::create)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Language {
    type Err = String;

    /// By English name or ISO 639-1 or 639-3 code, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_lowercase();
        Language::ALL
            .iter()
            .copied()
            .find(|l| l.name() == wanted || l.code() == wanted || l.code3() == wanted)
            .ok_or_else(|| format!("unknown language {s:?} (expected auto or a name such as english, or a code such as en)"))
    }
}

/// Which language a page is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LanguageSetting {
    /// Identified page by page from its text (whatlang). When the text is
    /// too short or too mixed to tell, the model's own language (the
    /// language of its training pages) is taken.
    #[default]
    Auto,
    /// Every page is in this language.
    Fixed(Language),
}

impl LanguageSetting {
    /// The language of a page: the fixed one, or the one identified from
    /// its blocks' text; `None` for a language declutter does not know
    /// (no stemming then, and no stop words).
    ///
    /// ```
    /// use declutter::{Block, Language, LanguageSetting};
    /// let page = Block::from_texts([
    ///     "Le conseil municipal a voté mardi soir la construction d'une nouvelle digue.",
    ///     "Les travaux commenceront au printemps et dureront deux ans, selon le maire.",
    /// ]);
    /// assert_eq!(LanguageSetting::Auto.resolve(&page, Language::English), Some(Language::French));
    /// let short = Block::from_texts(["Home", "News"]);
    /// assert_eq!(LanguageSetting::Auto.resolve(&short, Language::English), Some(Language::English));
    /// ```
    pub fn resolve(self, blocks: &[Block], fallback: Language) -> Option<Language> {
        match self {
            LanguageSetting::Fixed(language) => Some(language),
            LanguageSetting::Auto => {
                let sample = sample(blocks);
                if mostly_stop_words_of(&sample, fallback) {
                    return Some(fallback);
                }
                match identify(&sample) {
                    Identified::Known(language) => Some(language),
                    Identified::Unknown => None,
                    Identified::Unsure => Some(fallback),
                }
            }
        }
    }
}

impl fmt::Display for LanguageSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LanguageSetting::Auto => f.write_str("auto"),
            LanguageSetting::Fixed(language) => write!(f, "{language}"),
        }
    }
}

impl FromStr for LanguageSetting {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().eq_ignore_ascii_case("auto") {
            true => Ok(LanguageSetting::Auto),
            false => s.parse().map(LanguageSetting::Fixed),
        }
    }
}

/// What whatlang made of a page.
enum Identified {
    Known(Language),
    /// Reliably a language declutter has no tables for.
    Unknown,
    /// Too little text, or no clear winner.
    Unsure,
}

/// How much of a page's text language identification reads, in bytes: a
/// few sentences tell the language, and whatlang's cost grows with it.
const SAMPLE_BYTES: usize = 300;

/// Blocks shorter than this are left out of the sample while longer ones
/// fill it: menus and buttons are the least telling text of a page.
const SAMPLE_MIN_BLOCK: usize = 40;

/// The text language identification reads: up to [`SAMPLE_BYTES`] of the
/// page's longer blocks, in page order (of all its blocks, if those give
/// too little).
fn sample(blocks: &[Block]) -> String {
    let mut sample = String::with_capacity(SAMPLE_BYTES + 64);
    for min_len in [SAMPLE_MIN_BLOCK, 0] {
        for block in blocks.iter().filter(|b| b.text.len() >= min_len) {
            if sample.len() >= SAMPLE_BYTES {
                break;
            }
            let room = SAMPLE_BYTES - sample.len();
            let mut end = room.min(block.text.len());
            while !block.text.is_char_boundary(end) {
                end -= 1;
            }
            sample.push_str(&block.text[..end]);
            sample.push('\n');
        }
        if sample.len() >= SAMPLE_BYTES / 2 {
            break;
        }
    }
    sample
}

/// The share of stop words above which a sample is taken to be in a
/// language without asking whatlang: prose has 40 to 50 % of its own
/// language's stop words, and text in another language a few per cent of
/// them (`a`, `in`, `die` ...).
const CLEARLY_IN: f32 = 0.18;

/// Whether a sample of at least a few words is clearly in `language`: the
/// fast path for pages in the model's own language, since whatlang costs
/// 60 to 130 µs a call, a third to a half of labelling a page.
fn mostly_stop_words_of(sample: &str, language: Language) -> bool {
    let tables = LanguageTables::of(Some(language));
    let (mut count, mut stop) = (0usize, 0usize);
    let mut lower = String::new();
    for word in words(sample) {
        lowercase_into(word, &mut lower);
        count += 1;
        stop += tables.is_stop_word(&lower) as usize;
    }
    count >= 8 && stop as f32 >= CLEARLY_IN * count as f32
}

fn identify(sample: &str) -> Identified {
    match whatlang::detect(sample) {
        Some(info) if info.is_reliable() => match Language::from_whatlang(info.lang()) {
            Some(language) => Identified::Known(language),
            None => Identified::Unknown,
        },
        _ => Identified::Unsure,
    }
}

/// Lowercases and stems tokens with one language's Snowball stemmer.
pub(crate) struct Tokenizer {
    language: Language,
    stemmer: Option<Stemmer>,
}

impl Tokenizer {
    /// A tokenizer stemming with `language`'s Snowball stemmer (a language
    /// without one is only lowercased).
    pub(crate) fn new(language: Language) -> Self {
        Tokenizer {
            language,
            stemmer: language.snowball(),
        }
    }

    /// The stemmer's language.
    pub(crate) fn language(&self) -> Language {
        self.language
    }

    /// Calls `each` with the lowercased stem of every token of `text`, in order.
    /// `buffer` is scratch space reused across calls to avoid allocating.
    pub(crate) fn for_each_stem(
        &self,
        text: &str,
        buffer: &mut String,
        mut each: impl FnMut(&str),
    ) {
        for word in words(text) {
            each(&self.stem(word, buffer));
        }
    }

    /// The lowercased stem of one token; `buffer` is scratch space.
    pub(crate) fn stem<'b>(&self, word: &str, buffer: &'b mut String) -> std::borrow::Cow<'b, str> {
        stem_with(self.stemmer.as_ref(), word, buffer)
    }

    /// The lowercased stems of `text`'s tokens (a convenience over [`Tokenizer::for_each_stem`]).
    #[cfg(test)]
    pub(crate) fn stems(&self, text: &str) -> Vec<String> {
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

/// What the featurizer uses of a page's language.
pub(crate) struct LanguageTables {
    /// Identifies the tables to the per-thread token cache (0: no language).
    pub(crate) key: u64,
    stemmer: Option<Stemmer>,
    stop_words: FxHashSet<&'static str>,
}

impl LanguageTables {
    /// The tables of a language (or of none: no stemmer, no stop words),
    /// made once and kept.
    pub(crate) fn of(language: Option<Language>) -> &'static LanguageTables {
        static TABLES: OnceLock<Vec<LanguageTables>> = OnceLock::new();
        let tables = TABLES.get_or_init(|| {
            let none = LanguageTables::new(None);
            std::iter::once(none)
                .chain(Language::ALL.iter().map(|&l| LanguageTables::new(Some(l))))
                .collect()
        });
        &tables[language.map_or(0, |l| l.index() + 1)]
    }

    fn new(language: Option<Language>) -> Self {
        let stop_words: &[&'static str] = match language {
            None => &[],
            Some(Language::English) => STOP_WORDS,
            Some(l) => stop_words::lookup(l.code()).unwrap_or(&[]),
        };
        LanguageTables {
            key: language.map_or(0, |l| l.index() as u64 + 1),
            stemmer: language.and_then(Language::stemmer).map(Stemmer::create),
            stop_words: stop_words.iter().copied().collect(),
        }
    }

    /// The stemmer, if the language has one.
    pub(crate) fn stemmer(&self) -> Option<&Stemmer> {
        self.stemmer.as_ref()
    }

    /// Whether a lowercase word is one of the language's stop words.
    pub(crate) fn is_stop_word(&self, lowercase_word: &str) -> bool {
        self.stop_words.contains(lowercase_word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_stop_words_and_parses_by_name_and_codes() {
        for &language in Language::ALL {
            let tables = LanguageTables::of(Some(language));
            assert!(tables.stop_words.len() >= 20, "{language}");
            for text in [language.name(), language.code(), language.code3()] {
                assert_eq!(text.parse::<Language>(), Ok(language));
            }
            assert_eq!(tables.stemmer.is_some(), language.has_stemmer());
        }
        assert!(LanguageTables::of(Some(Language::French)).is_stop_word("les"));
        assert!(LanguageTables::of(Some(Language::English)).is_stop_word("the"));
        assert!(!LanguageTables::of(None).is_stop_word("the"));
        assert_eq!("AUTO".parse(), Ok(LanguageSetting::Auto));
        assert_eq!("de".parse(), Ok(LanguageSetting::Fixed(Language::German)));
        assert!("klingon".parse::<LanguageSetting>().is_err());
    }

    #[test]
    fn pages_in_other_scripts_are_identified() {
        fn page<'a>(texts: &[&'a str]) -> Vec<Block<'a>> {
            Block::from_texts(texts.iter().copied())
        }
        let auto = |texts: &[&str]| LanguageSetting::Auto.resolve(&page(texts), Language::English);
        assert_eq!(
            auto(&["市议会周二晚上投票批准在老港口修建新的防洪屏障，工程将于明年春天开始。"]),
            Some(Language::Chinese)
        );
        assert_eq!(
            auto(&[
                "Городской совет во вторник вечером одобрил строительство нового барьера в старой гавани."
            ]),
            Some(Language::Russian)
        );
        assert_eq!(
            auto(&[
                "Het college heeft dinsdag besloten dat de nieuwe dijk in de oude haven wordt gebouwd en dat het werk in het voorjaar begint."
            ]),
            Some(Language::Dutch)
        );
        assert_eq!(
            auto(&[
                "Der Stadtrat hat am Dienstag beschlossen, dass die neue Mauer im alten Hafen gebaut wird und die Arbeiten im Frühjahr beginnen."
            ]),
            Some(Language::German)
        );
        let english = "The council said on Tuesday that the new wall in the old harbour would be built and that the work would start in the spring.";
        assert!(mostly_stop_words_of(english, Language::English));
        assert!(!mostly_stop_words_of(
            "Het college heeft dinsdag besloten dat de nieuwe dijk in de oude haven wordt gebouwd.",
            Language::English
        ));
        let fixed = LanguageSetting::Fixed(Language::Czech);
        assert_eq!(
            fixed.resolve(&page(&["Home"]), Language::English),
            Some(Language::Czech)
        );
    }

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
    fn the_language_is_a_setting() {
        let german = Tokenizer::new(Language::German);
        assert_eq!(german.stems("Häuser"), ["haus"]);
        assert_eq!("French".parse::<Language>().unwrap(), Language::French);
        assert!("klingon".parse::<Language>().is_err());
    }
}
