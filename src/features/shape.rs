//! Shallow features of a paragraph's shape: its length, punctuation, case,
//! digits, stop words, date or counter look, and whether it repeats on the page.
//!
//! Words alone do not tell a related headline from a sentence of the article;
//! these features, for the paragraph and its neighbours, do much of that work.

use crate::features::language::LanguageTables;
use crate::features::tokenize::lowercase_into;
use aho_corasick::AhoCorasick;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// The names of the shape features, in column order.
pub(crate) const NAMES: [&str; 31] = [
    "log_words",
    "words_0",
    "words_1",
    "words_2_3",
    "words_4_7",
    "words_8_15",
    "words_16_31",
    "words_32_up",
    "ends_terminal",
    "ends_colon",
    "capitalised_share",
    "all_caps_share",
    "digit_share",
    "stop_word_share",
    "punctuation_share",
    "date_shape",
    "counter_shape",
    "duplicated_on_page",
    "separator",
    "starts_lowercase",
    "comma_rate",
    "mean_word_length",
    "url_or_email",
    "starts_bullet",
    "copyright",
    "ends_ellipsis",
    "long_and_terminal",
    "has_quotes",
    "comment_marker",
    "list_marker",
    "present",
];

/// How many shape features a paragraph has.
pub(crate) const COUNT: usize = NAMES.len();

/// The column of the shape feature `name`, evaluated at compile time when
/// used in a constant (an unknown name then fails the build).
pub(crate) const fn index(name: &str) -> usize {
    let mut i = 0;
    while i < NAMES.len() {
        if const_equal(NAMES[i].as_bytes(), name.as_bytes()) {
            return i;
        }
        i += 1;
    }
    panic!("unknown shape feature")
}

/// The columns of the shape features that the page and section groups read.
pub(crate) mod column {
    use super::index;
    pub(crate) const LONG_AND_TERMINAL: usize = index("long_and_terminal");
    pub(crate) const ENDS_TERMINAL: usize = index("ends_terminal");
    pub(crate) const COUNTER_SHAPE: usize = index("counter_shape");
    pub(crate) const DATE_SHAPE: usize = index("date_shape");
    pub(crate) const COMMENT_MARKER: usize = index("comment_marker");
    pub(crate) const LIST_MARKER: usize = index("list_marker");
}

/// `a == b`, usable in a `const fn`.
const fn const_equal(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The shape features of one paragraph.
pub(crate) type Shape = [f32; COUNT];

/// Month names and abbreviations (English first; then German, French,
/// Spanish, Portuguese, Italian, Dutch, and the genitive forms Polish,
/// Czech and Russian dates use), and the date characters of Chinese,
/// Japanese and Korean (`2022年10月21日`): with a number, a date.
const MONTHS: [&str; 120] = [
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    // German
    "januar",
    "februar",
    "märz",
    "mai",
    "juni",
    "juli",
    "oktober",
    "dezember",
    // French
    "janvier",
    "février",
    "mars",
    "avril",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    // Spanish
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
    // Portuguese
    "janeiro",
    "fevereiro",
    "março",
    "maio",
    "junho",
    "julho",
    "setembro",
    "outubro",
    "dezembro",
    // Italian
    "gennaio",
    "febbraio",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "settembre",
    "ottobre",
    "dicembre",
    // Dutch
    "januari",
    "februari",
    "maart",
    "mei",
    "augustus",
    // Polish (genitive)
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
    // Czech (genitive)
    "ledna",
    "února",
    "března",
    "dubna",
    "května",
    "června",
    "července",
    "srpna",
    "září",
    "října",
    "listopadu",
    "prosince",
    // Russian (genitive)
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
    // Chinese and Japanese, Korean
    "年",
    "月",
    "日",
    "년",
    "월",
];

/// Time units (English; German, French, Spanish, Portuguese, Italian):
/// with a number, `5 minutes ago`, `vor 3 Tagen`, `hace 2 horas`.
const TIME_UNITS: [&str; 50] = [
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    // German
    "minuten",
    "stunde",
    "stunden",
    "tage",
    "tagen",
    "woche",
    "wochen",
    "monat",
    "monaten",
    "jahr",
    "jahren",
    // French
    "heure",
    "heures",
    "jour",
    "jours",
    "semaine",
    "semaines",
    "mois",
    "années",
    // Spanish and Portuguese
    "minuto",
    "minutos",
    "hora",
    "horas",
    "día",
    "días",
    "dia",
    "dias",
    "semana",
    "semanas",
    "mes",
    "meses",
    "mês",
    "año",
    "años",
    "ano",
    "anos",
    // Italian
    "giorni",
    "settimane",
];

const STOP: u16 = 1;
const MONTH: u16 = 2;
const TIME_UNIT: u16 = 4;
const AGO: u16 = 8;
const DIGITS: u16 = 16;
const CAPITALISED: u16 = 32;
const ALL_CAPS: u16 = 64;
/// The token contains `copyright`, ignoring ASCII case.
const COPYRIGHT: u16 = 128;
/// The token is `rights`, ignoring ASCII case (`all rights reserved` may follow).
const RIGHTS: u16 = 256;
/// The token contains `http`.
const HTTP: u16 = 512;
/// The token ends with `www` (`www.` may follow).
const WWW: u16 = 1024;
/// The lowercase token contains a word of a comment or list marker phrase
/// (see [`MARKER_WORDS`]).
const MARKER_WORD: u16 = 2048;
/// The token's stem is in the vocabulary.
const KNOWN: u16 = 4096;

/// A word of every phrase [`is_comment_marker`] and [`is_list_marker`] look
/// for: a paragraph without a token containing one of them cannot match.
const MARKER_WORDS: [&str; 68] = [
    "comment",
    "reply",
    "responses",
    "discussion",
    "your",
    "post",
    "says",
    "said",
    "wrote",
    "replied",
    "related",
    "recent",
    "popular",
    "most",
    "trending",
    "also",
    "read",
    "more",
    "latest",
    "next",
    "previous",
    "recommended",
    // German, French, Spanish, Portuguese, Italian, Dutch
    "kommentar",
    "antworten",
    "ähnliche",
    "weitere",
    "meistgelesen",
    "répondre",
    "similaires",
    "lire",
    "lus",
    "comentario",
    "comentário",
    "responder",
    "relacionad",
    "interesar",
    "leia",
    "veja",
    "rispondi",
    "correlati",
    "leggi",
    "reacties",
    "reageer",
    "gerelateerd",
    "lees",
    // Polish, Czech, Russian
    "komentarz",
    "odpowiedz",
    "zobacz",
    "czytaj",
    "komentář",
    "související",
    "čtěte",
    "комментари",
    "ответить",
    "читайте",
    "похожие",
    // Chinese and Japanese: a token a character
    "评",
    "回",
    "留",
    "相",
    "推",
    "热",
    "最",
    "コ",
    "返",
    "関",
    "お",
    "人",
];

/// `ago`, and the words other languages use for it (`hace 2 horas`,
/// `2 часа назад`).
const AGO_WORDS: [&str; 3] = ["ago", "hace", "назад"];

/// What the shape features need to know of a lowercase word, in one hash
/// look-up: month name, time unit, `ago` (as bit flags).
static WORD_KINDS: LazyLock<FxHashMap<&'static str, u16>> = LazyLock::new(|| {
    let mut kinds = FxHashMap::default();
    let lists: [(&[&'static str], u16); 3] = [
        (&MONTHS, MONTH),
        (&TIME_UNITS, TIME_UNIT),
        (&AGO_WORDS, AGO),
    ];
    for (words, kind) in lists {
        for word in words {
            *kinds.entry(*word).or_insert(0) |= kind;
        }
    }
    kinds
});

/// What the shape features need to know of one token: its length and a few
/// yes/no facts. It depends on the token alone, so the featurizer computes it
/// once per distinct token and caches it (see [`super::tokens`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct WordShape {
    /// The token's length in characters (at most 255: longer tokens count
    /// as that long, which no feature can tell apart).
    chars: u8,
    /// The word family the lowercase token belongs to, which the page-type
    /// features count ([`super::families::Family`]); 0 for none.
    family: u8,
    /// Bit flags: stop word, month, time unit, `ago`, all digits, capitalised,
    /// all capitals, and the substrings that [`shape_of`] looks for.
    flags: u16,
}

impl WordShape {
    /// The facts of token `word` (a run of alphanumeric characters) on a
    /// page in `language`; `lower` is scratch space.
    pub(crate) fn of(word: &str, lower: &mut String, language: &LanguageTables) -> Self {
        let chars = if word.is_ascii() {
            word.len()
        } else {
            word.chars().count()
        };
        let mut flags = 0;
        let mut family = 0;
        if word.chars().next().is_some_and(char::is_uppercase) {
            flags |= CAPITALISED;
            if chars >= 2 && word.chars().all(|c| !c.is_lowercase()) {
                flags |= ALL_CAPS;
            }
        }
        if word.bytes().all(|b| b.is_ascii_digit()) {
            flags |= DIGITS;
        } else {
            static MARKERS: LazyLock<AhoCorasick> = LazyLock::new(|| phrases(&MARKER_WORDS));
            lowercase_into(word, lower);
            if chars <= 13 {
                // No month, time unit or family word is longer.
                flags |= WORD_KINDS.get(lower.as_str()).copied().unwrap_or(0);
                family = super::families::family_of(lower) as u8;
            }
            if language.is_stop_word(lower) {
                flags |= STOP;
            }
            if MARKERS.is_match(lower.as_str()) {
                flags |= MARKER_WORD;
            }
        }
        let substrings = [
            (contains_ignoring_case(word, "copyright"), COPYRIGHT),
            (word.eq_ignore_ascii_case("rights"), RIGHTS),
            (word.contains("http"), HTTP),
            (word.ends_with("www"), WWW),
        ];
        for (yes, flag) in substrings {
            flags |= if yes { flag } else { 0 };
        }
        WordShape {
            chars: u8::try_from(chars).unwrap_or(u8::MAX),
            family,
            flags,
        }
    }

    /// The word family of the token (0: none).
    pub(crate) fn family(self) -> u8 {
        self.family
    }

    fn has(self, flag: u16) -> bool {
        self.flags & flag != 0
    }

    /// Whether the token is in the page language's stop-word list.
    pub(crate) fn is_stop_word(self) -> bool {
        self.has(STOP)
    }

    /// Whether the token's stem is in the vocabulary.
    pub(crate) fn is_known(self) -> bool {
        self.has(KNOWN)
    }

    /// The facts, saying whether the token's stem is in the vocabulary.
    pub(crate) fn known(mut self, known: bool) -> Self {
        self.flags = (self.flags & !KNOWN) | if known { KNOWN } else { 0 };
        self
    }
}

/// Character classes of the shape features, as bit flags.
const SPACE: u16 = 1;
const NUMERIC: u16 = 2;
const ALPHABETIC: u16 = 4;
const ALPHANUMERIC: u16 = 8;
const LOWERCASE: u16 = 16;
const SEPARATOR: u16 = 32;
const QUOTE: u16 = 64;
const COMMA: u16 = 128;
const AT: u16 = 256;
const ASCII_DIGIT: u16 = 512;
const COPYRIGHT_SIGN: u16 = 1024;

/// The classes of one character.
fn char_class(c: char) -> u16 {
    // Each Unicode property is looked up once (`is_alphanumeric` would look
    // up both again; only letters can be lowercase).
    let (alphabetic, numeric) = (c.is_alphabetic(), c.is_numeric());
    let flags = [
        (c.is_whitespace(), SPACE),
        (numeric, NUMERIC),
        (alphabetic, ALPHABETIC),
        (alphabetic || numeric, ALPHANUMERIC),
        (alphabetic && c.is_lowercase(), LOWERCASE),
        (matches!(c, '|' | '»' | '›' | '•' | '·' | '/'), SEPARATOR),
        (matches!(c, '"' | '“' | '”' | '«' | '»'), QUOTE),
        (c == ',', COMMA),
        (c == '@', AT),
        (c.is_ascii_digit(), ASCII_DIGIT),
        (c == '©', COPYRIGHT_SIGN),
    ];
    flags.iter().fold(
        0,
        |class, &(yes, flag)| if yes { class | flag } else { class },
    )
}

/// [`char_class`] of every ASCII character, so that the common case is a table look-up.
static ASCII_CLASSES: LazyLock<[u16; 128]> =
    LazyLock::new(|| std::array::from_fn(|b| char_class(b as u8 as char)));

/// [`increments`] of every ASCII character.
static ASCII_INCREMENTS: LazyLock<[u64; 128]> =
    LazyLock::new(|| std::array::from_fn(|b| increments(ASCII_CLASSES[b])));

/// The counts a character of `class` adds to [`CharCounts`], packed into four
/// 16-bit lanes (non-space, numeric, commas, punctuation), so that counting a
/// character is one addition.
fn increments(class: u16) -> u64 {
    let counted = class & SPACE == 0;
    let lanes = [
        counted,
        class & NUMERIC != 0,
        class & COMMA != 0,
        counted && class & ALPHANUMERIC == 0,
    ];
    lanes
        .iter()
        .enumerate()
        .fold(0, |packed, (k, &yes)| packed | (yes as u64) << (16 * k))
}

/// Characters counted into the packed lanes before they are unpacked (no lane
/// can then exceed 16 bits).
const LANE_LIMIT: usize = u16::MAX as usize;

/// Counts over a paragraph's characters.
#[derive(Default)]
struct CharCounts {
    /// Characters, spaces included.
    chars: usize,
    non_space: usize,
    numeric: usize,
    punctuation: usize,
    commas: usize,
    /// The union of the classes of all characters.
    seen: u16,
    first_letter_lowercase: Option<bool>,
}

impl CharCounts {
    fn of(text: &str) -> Self {
        let mut counts = CharCounts::default();
        let (classes, increments_of): (&[u16; 128], &[u64; 128]) =
            (&ASCII_CLASSES, &ASCII_INCREMENTS);
        let bytes = text.as_bytes();
        // Bytes after the first of a character (what `chars` is short of the length).
        let mut continuation = 0;
        let mut i = 0;
        while i < bytes.len() {
            // At most LANE_LIMIT characters (each at least a byte) per round.
            let end = (i + LANE_LIMIT).min(bytes.len());
            let mut lanes = 0u64;
            while i < end {
                let b = bytes[i];
                if b.is_ascii() {
                    lanes += increments_of[b as usize];
                    counts.seen |= classes[b as usize];
                    i += 1;
                } else {
                    let c = text[i..].chars().next().expect("a char boundary");
                    let class = char_class(c);
                    lanes += increments(class);
                    counts.seen |= class;
                    i += c.len_utf8();
                    continuation += c.len_utf8() - 1;
                }
            }
            counts.unpack(lanes);
        }
        counts.chars = bytes.len() - continuation;
        counts.first_letter_lowercase = text
            .chars()
            .map(|c| match c {
                _ if c.is_ascii() => classes[c as usize],
                _ => char_class(c),
            })
            .find(|class| class & ALPHABETIC != 0)
            .map(|class| class & LOWERCASE != 0);
        counts
    }

    /// Adds the counts packed by [`increments`].
    fn unpack(&mut self, lanes: u64) {
        let lane = |k: u32| (lanes >> (16 * k) & 0xFFFF) as usize;
        self.non_space += lane(0);
        self.numeric += lane(1);
        self.commas += lane(2);
        self.punctuation += lane(3);
    }

    fn has(&self, class: u16) -> bool {
        self.seen & class != 0
    }
}

/// The shape features of paragraph `text`; `duplicated` says whether the same
/// (trimmed) text occurs elsewhere on its page.
#[cfg(test)]
pub(crate) fn shape(text: &str, duplicated: bool) -> Shape {
    use crate::features::tokenize::words;
    let mut lower = String::new();
    let english = LanguageTables::of(Some(crate::features::language::Language::English));
    let tokens: Vec<WordShape> = words(text)
        .map(|w| WordShape::of(w, &mut lower, english))
        .collect();
    shape_of(text, &tokens, duplicated)
}

/// [`shape`], given the [`WordShape`] of each of the text's tokens ([`words`]), in order.
#[cfg(test)]
pub(crate) fn shape_of(text: &str, tokens: &[WordShape], duplicated: bool) -> Shape {
    shape_and_length(text, tokens, duplicated).0
}

/// [`shape`], given the [`WordShape`] of each of the text's tokens
/// ([`words`]), in order, and the length of the trimmed text in
/// characters (what the page features call a block's length), counted in
/// the same pass.
pub(crate) fn shape_and_length(
    text: &str,
    tokens: &[WordShape],
    duplicated: bool,
) -> (Shape, usize) {
    let text = text.trim();
    let mut s = [0.0f32; COUNT];
    let n_words = tokens.len();
    let (mut capitalised, mut all_caps, mut stop, mut word_chars) = (0, 0, 0, 0usize);
    let mut any = 0u16;
    for t in tokens {
        capitalised += t.has(CAPITALISED) as usize;
        all_caps += t.has(ALL_CAPS) as usize;
        stop += t.has(STOP) as usize;
        word_chars += t.chars as usize;
        any |= t.flags;
    }
    let has = |flag| any & flag != 0;
    let date_words = has(MONTH) || has(AGO) || has(TIME_UNIT);
    let c = CharCounts::of(text);
    let words_f = n_words.max(1) as f32;
    let last = text.chars().last().unwrap_or(' ');
    let ends_terminal = ends_in_terminal_punctuation(text);
    s[0] = crate::numeric::log_scaled(n_words, 256);
    s[1 + word_bin(n_words)] = 1.0;
    s[8] = ends_terminal as u8 as f32;
    s[9] = (last == ':') as u8 as f32;
    s[10] = capitalised as f32 / words_f;
    s[11] = all_caps as f32 / words_f;
    s[12] = c.numeric as f32 / c.non_space.max(1) as f32;
    s[13] = stop as f32 / words_f;
    s[14] = c.punctuation as f32 / c.non_space.max(1) as f32;
    // A numeric date's middle digit group is a token of digits.
    let date = has(DIGITS) && (date_words || numeric_date(text));
    s[15] = date as u8 as f32;
    s[16] = (n_words <= 3 && text.len() <= 32 && c.has(ASCII_DIGIT)) as u8 as f32;
    s[17] = duplicated as u8 as f32;
    s[18] = c.has(SEPARATOR) as u8 as f32;
    s[19] = c.first_letter_lowercase.unwrap_or(false) as u8 as f32;
    s[20] = (c.commas as f32 / words_f * 4.0).min(1.0);
    s[21] = (word_chars as f32 / words_f / 12.0).min(1.0);
    // Tokens are runs of alphanumeric characters, so `http` and `copyright`
    // can only occur inside one token, `www.` only after a token ending in
    // `www`, and `all rights reserved` only around a token `rights`: the
    // tokens' flags spare scanning most paragraphs.
    let www = has(WWW) && text.contains("www.");
    s[22] = (c.has(AT) || has(HTTP) || www) as u8 as f32;
    s[23] = starts_with_bullet(text) as u8 as f32;
    s[24] = (c.has(COPYRIGHT_SIGN)
        || has(COPYRIGHT)
        || has(RIGHTS) && contains_ignoring_case(text, "all rights reserved")) as u8
        as f32;
    s[25] = (text.ends_with("...") || text.ends_with('…')) as u8 as f32;
    s[26] = (ends_terminal && n_words >= 8) as u8 as f32;
    s[27] = c.has(QUOTE) as u8 as f32;
    // A marker phrase's words lie inside tokens of the lowercased text (for
    // scripts written without spaces, its first character is a token): without a
    // marker word, no phrase matches.
    if (1..=8).contains(&n_words) && has(MARKER_WORD) {
        let lower = text.to_lowercase();
        s[28] = is_comment_marker(&lower, n_words) as u8 as f32;
        s[29] = is_list_marker(&lower, n_words) as u8 as f32;
    }
    s[30] = 1.0;
    (s, c.chars)
}

/// Endings of a comment thread's author lines (`Dale McNeill wrote:`).
const COMMENT_ENDINGS: [&str; 6] = ["says:", "said:", "wrote:", "says", "replied:", "commented:"];

/// Phrases of comment-thread headings and buttons.
const COMMENT_PHRASES: [&str; 27] = [
    "comment",
    "leave a reply",
    "reply",
    "responses",
    "join the discussion",
    "discussion",
    "add your",
    "post a",
    // German, French, Spanish, Portuguese, Italian, Dutch ("commentaires",
    // "commenti" hold "comment")
    "kommentar",
    "antworten",
    "répondre",
    "comentario",
    "comentário",
    "responder",
    "rispondi",
    "reacties",
    "reageer",
    // Polish, Czech, Russian
    "komentarz",
    "odpowiedz",
    "komentář",
    "комментари",
    "ответить",
    // Chinese, Japanese
    "评论",
    "回复",
    "留言",
    "コメント",
    "返信",
];

/// Phrases of headings of lists of other content.
const LIST_PHRASES: [&str; 40] = [
    "related",
    "recent",
    "popular",
    "most read",
    "trending",
    "also like",
    "read more",
    "more from",
    "latest",
    "next post",
    "previous post",
    "recommended",
    // German
    "ähnliche",
    "weitere artikel",
    "meistgelesen",
    // French
    "articles similaires",
    "lire aussi",
    "les plus lus",
    // Spanish, Portuguese
    "relacionad",
    "te puede interesar",
    "leia também",
    "veja também",
    // Italian, Dutch
    "articoli correlati",
    "leggi anche",
    "gerelateerd",
    "lees ook",
    // Polish, Czech, Russian
    "zobacz też",
    "zobacz także",
    "czytaj także",
    "související",
    "čtěte také",
    "читайте также",
    "похожие",
    // Chinese, Japanese
    "相关",
    "推荐",
    "热门",
    "最新",
    "関連",
    "おすすめ",
    "人気",
];

/// Whether `text` opens or belongs to a readers' comment thread:
/// `9 Comments`, `Leave a Reply`, `Dale McNeill wrote:`, `thetentman Says:`, `Reply`.
///
/// `lower` is the trimmed, lowercased paragraph and `n_words` its word count.
pub(crate) fn is_comment_marker(lower: &str, n_words: usize) -> bool {
    if n_words == 0 || n_words > 8 {
        return false;
    }
    static PHRASES: LazyLock<AhoCorasick> = LazyLock::new(|| phrases(&COMMENT_PHRASES));
    COMMENT_ENDINGS.iter().any(|e| lower.ends_with(e)) || PHRASES.is_match(lower)
}

/// A searcher for any of `phrases`: one pass over the text instead of one per phrase.
fn phrases(phrases: &[&str]) -> AhoCorasick {
    AhoCorasick::new(phrases).expect("valid fixed phrases")
}

/// Whether `text` heads a list of other content: `Related`, `Recent Posts`,
/// `You may also like`, `Most Read`, `Next Post`.
///
/// `lower` is the trimmed, lowercased paragraph and `n_words` its word count.
pub(crate) fn is_list_marker(lower: &str, n_words: usize) -> bool {
    if n_words == 0 || n_words > 6 {
        return false;
    }
    static PHRASES: LazyLock<AhoCorasick> = LazyLock::new(|| phrases(&LIST_PHRASES));
    PHRASES.is_match(lower)
}

fn word_bin(n_words: usize) -> usize {
    match n_words {
        0 => 0,
        1 => 1,
        2..=3 => 2,
        4..=7 => 3,
        8..=15 => 4,
        16..=31 => 5,
        _ => 6,
    }
}

fn ends_in_terminal_punctuation(text: &str) -> bool {
    let trimmed = text.trim_end_matches(['"', '\'', '’', '”', ')', ']', '»', ' ']);
    trimmed.ends_with(['.', '!', '?', '。', '！', '？']) && !trimmed.ends_with("...")
}

fn starts_with_bullet(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some('•' | '-' | '*' | '·' | '–' | '—' | '>' | '▪' | '►') => true,
        Some(c) if c.is_ascii_digit() => {
            let rest = chars.as_str();
            let token = &rest[..rest.find(char::is_whitespace).unwrap_or(rest.len())];
            token.ends_with('.') || token.ends_with(')')
        }
        _ => false,
    }
}

/// Whether `haystack` contains the lowercase ASCII `needle`, ignoring ASCII case.
pub(crate) fn contains_ignoring_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Whether `text` holds a numeric date such as `2022-10-21`, `21/10/2022` or `10.21.22`.
fn numeric_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit()) {
            let groups = digit_groups(&bytes[i..]);
            if groups >= 3 {
                return true;
            }
        }
        i += 1;
    }
    false
}

/// How many digit groups joined by one same separator (`-`, `/` or `.`) start `bytes`.
fn digit_groups(bytes: &[u8]) -> usize {
    let mut groups = 0;
    let mut sep = None;
    let mut i = 0;
    loop {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let len = i - start;
        if len == 0 || len > 4 {
            return groups;
        }
        groups += 1;
        match bytes.get(i) {
            Some(&b) if matches!(b, b'-' | b'/' | b'.') && sep.is_none_or(|s| s == b) => {
                sep = Some(b);
                i += 1;
            }
            _ => return groups,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature(text: &str, name: &str) -> f32 {
        shape(text, false)[NAMES.iter().position(|n| *n == name).unwrap()]
    }

    /// [`CharCounts::of`] computed one character at a time, without packed lanes.
    fn naive_counts(text: &str) -> [usize; 4] {
        let classes: Vec<u16> = text.chars().map(char_class).collect();
        let count = |keep: &dyn Fn(u16) -> bool| classes.iter().filter(|&&c| keep(c)).count();
        [
            count(&|c| c & SPACE == 0),
            count(&|c| c & NUMERIC != 0),
            count(&|c| c & COMMA != 0),
            count(&|c| c & SPACE == 0 && c & ALPHANUMERIC == 0),
        ]
    }

    #[test]
    fn packed_character_counts_equal_counting_one_by_one() {
        let mixed = "Ça coûte 12,50 € — “Quoted”, said Ωmega: 3½ | ٣ items, ok?";
        // Longer than a round of packed lanes, so that lanes are unpacked mid-text.
        let long = mixed.repeat(2 * LANE_LIMIT / mixed.len() + 1);
        let commas = "a,".repeat(LANE_LIMIT);
        for text in [
            mixed,
            "",
            "   ",
            "élan Vital",
            long.as_str(),
            commas.as_str(),
        ] {
            let c = CharCounts::of(text);
            assert_eq!(
                [c.non_space, c.numeric, c.commas, c.punctuation],
                naive_counts(text),
                "{}",
                text.chars().take(40).collect::<String>()
            );
            let seen = text.chars().fold(0, |seen, ch| seen | char_class(ch));
            assert_eq!(c.seen, seen);
            assert_eq!(c.chars, text.chars().count());
        }
        assert_eq!(CharCounts::of("12 élan").first_letter_lowercase, Some(true));
        assert_eq!(CharCounts::of("— Élan").first_letter_lowercase, Some(false));
        assert_eq!(CharCounts::of("12 34").first_letter_lowercase, None);
    }

    #[test]
    fn prose_and_menus_differ_in_shape() {
        let prose =
            "The Pentagon and Kremlin confirmed the call, which was followed by a second one.";
        assert_eq!(feature(prose, "long_and_terminal"), 1.0);
        assert_eq!(feature(prose, "words_8_15"), 1.0);
        assert!(feature(prose, "stop_word_share") > 0.3);
        assert_eq!(feature("Breaking News", "long_and_terminal"), 0.0);
        assert_eq!(feature("Breaking News", "capitalised_share"), 1.0);
        assert_eq!(feature("He said: \"No.\"", "ends_terminal"), 1.0);
    }

    #[test]
    fn dates_and_counters_are_recognised() {
        assert_eq!(feature("October 21, 2022", "date_shape"), 1.0);
        assert_eq!(feature("date 2022-10-22", "date_shape"), 1.0);
        assert_eq!(feature("a21/10/2022abc", "date_shape"), 1.0);
        assert_eq!(feature("a21/1x/2022", "date_shape"), 0.0);
        assert_eq!(feature("3 hours ago", "date_shape"), 1.0);
        assert_eq!(feature("Version 1.2", "date_shape"), 0.0);
        assert_eq!(feature("11.3k Subscribers", "counter_shape"), 1.0);
        assert_eq!(feature("7", "counter_shape"), 1.0);
        assert_eq!(feature("Views", "counter_shape"), 0.0);
    }

    #[test]
    fn bullets_copyright_and_teasers_are_recognised() {
        assert_eq!(feature("  • Home", "starts_bullet"), 1.0);
        assert_eq!(feature("1. First step", "starts_bullet"), 1.0);
        assert_eq!(feature("2022 was a year", "starts_bullet"), 0.0);
        assert_eq!(
            feature("© 2022 UPI. All Rights Reserved.", "copyright"),
            1.0
        );
        assert_eq!(
            feature("Austin calls Shoigu as war...", "ends_ellipsis"),
            1.0
        );
    }

    #[test]
    fn copyright_and_addresses_are_found_inside_and_across_tokens() {
        for (text, copyright) in [
            ("Copyrighted by UPI", 1.0),
            ("ALL RIGHTS RESERVED", 1.0),
            ("2022 Foo, all  rights reserved", 0.0),
            ("All rights go to the people", 0.0),
            ("© UPI", 1.0),
            ("The right to copy", 0.0),
        ] {
            assert_eq!(feature(text, "copyright"), copyright, "{text}");
        }
        for (text, url) in [
            ("see www.example.com today", 1.0),
            ("https://example.com", 1.0),
            ("mail me@example.com", 1.0),
            ("WWW. is shouting", 0.0),
            ("the wwwx. site", 0.0),
            ("HTTP is a protocol", 0.0),
        ] {
            assert_eq!(feature(text, "url_or_email"), url, "{text}");
        }
    }

    #[test]
    fn every_marker_phrase_holds_a_marker_word() {
        // shape_of checks for marker phrases only when a token holds a marker word.
        let phrases = COMMENT_ENDINGS.iter().chain(&COMMENT_PHRASES);
        for phrase in phrases {
            assert_eq!(feature(phrase, "comment_marker"), 1.0, "{phrase}");
        }
        for phrase in LIST_PHRASES {
            assert_eq!(feature(phrase, "list_marker"), 1.0, "{phrase}");
        }
        assert_eq!(feature("Dale McNeill WROTE:", "comment_marker"), 1.0);
        assert_eq!(feature("Unrelatedness", "list_marker"), 1.0);
        assert_eq!(feature("Home page", "list_marker"), 0.0);
        assert_eq!(feature("12 Kommentare", "comment_marker"), 1.0);
        assert_eq!(feature("Articles similaires", "list_marker"), 1.0);
        assert_eq!(feature("发表评论", "comment_marker"), 1.0);
        assert_eq!(feature("Le conseil municipal", "list_marker"), 0.0);
    }

    #[test]
    fn empty_and_symbol_only_text_has_finite_features() {
        for text in ["", "— • —", "👍🏽", "日本語の記事。"] {
            assert!(
                shape(text, true)
                    .iter()
                    .all(|v| v.is_finite() && (0.0..=1.0).contains(v))
            );
        }
    }
}
