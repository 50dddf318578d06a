//! The strings of a page's markup, each interned once a page and shared by
//! every block that names it (tag names, roles, class and id tokens), the
//! lists of them a block's chain gathers, and the whitespace rules of text.

use super::entities::decode_refs;
use super::lexer::Attrs;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// A string of a page, interned, with its number among the page's strings.
#[derive(Clone)]
pub(super) struct Token {
    pub(super) id: u32,
    pub(super) text: Arc<str>,
}

/// The distinct strings of one page (tag names, roles, class and id
/// tokens), each allocated once and shared by every block that names it.
#[derive(Default)]
pub(super) struct Strings {
    ids: FxHashMap<Arc<str>, u32>,
    /// Lowercased attribute values, split here.
    scratch: String,
}

impl Strings {
    /// The page's one copy of `s`.
    pub(super) fn intern(&mut self, s: &str) -> Token {
        intern(&mut self.ids, s)
    }

    /// Every string whose count in `counts` (by id) is positive, with its
    /// count, in alphabetical order.
    pub(super) fn census(&self, counts: &[u32]) -> Vec<(Arc<str>, u32)> {
        let mut out: Vec<(Arc<str>, u32)> = self
            .ids
            .iter()
            .filter_map(|(s, &id)| {
                let n = counts.get(id as usize).copied().unwrap_or(0);
                (n > 0).then(|| (Arc::clone(s), n))
            })
            .collect();
        out.sort_unstable();
        out
    }

    /// Appends to `tokens` the roles an element gives a block (`landmark`,
    /// then the lowercased `role` tokens), then its lowercased class and id
    /// tokens, each followed by its '-'/'_' parts; returns the two ranges.
    pub(super) fn store(
        &mut self,
        tokens: &mut Vec<Token>,
        landmark: Option<&str>,
        attrs: Option<&Attrs>,
    ) -> ((u32, u32), (u32, u32)) {
        let Strings { ids, scratch } = self;
        let r0 = count32(tokens);
        tokens.extend(landmark.map(|role| intern(ids, role)));
        if let Some(attrs) = attrs {
            lowercase_into(scratch, &[attrs.role]);
            tokens.extend(scratch.split_whitespace().map(|w| intern(ids, w)));
        }
        let r1 = count32(tokens);
        if let Some(attrs) = attrs {
            lowercase_into(scratch, &[attrs.class, attrs.id]);
            for word in scratch.split_whitespace() {
                tokens.push(intern(ids, word));
                if word.contains(['-', '_']) {
                    let parts = word.split(['-', '_']).filter(|p| !p.is_empty());
                    tokens.extend(parts.map(|p| intern(ids, p)));
                }
            }
        }
        ((r0, r1), (r1, count32(tokens)))
    }
}

/// The one copy of `s` among `ids` (the strings met so far), added if new.
fn intern(ids: &mut FxHashMap<Arc<str>, u32>, s: &str) -> Token {
    if let Some((text, &id)) = ids.get_key_value(s) {
        return Token {
            id,
            text: Arc::clone(text),
        };
    }
    let id = u32::try_from(ids.len()).expect("fewer strings than input bytes");
    let text: Arc<str> = Arc::from(s);
    ids.insert(Arc::clone(&text), id);
    Token { id, text }
}

/// Replaces `buf` with the attribute values, entities decoded and
/// lowercased, each after a space.
fn lowercase_into(buf: &mut String, values: &[Option<&str>]) {
    buf.clear();
    for v in values.iter().flatten() {
        let v = decode_refs(v, true);
        buf.push(' ');
        if v.is_ascii() {
            let at = buf.len();
            buf.push_str(&v);
            buf[at..].make_ascii_lowercase();
        } else {
            buf.extend(v.chars().flat_map(char::to_lowercase));
        }
    }
}

/// `u32` length of a token list (lists stay far below 4 G items).
fn count32(tokens: &[Token]) -> u32 {
    u32::try_from(tokens.len()).unwrap_or(u32::MAX)
}

/// The path, roles and class tokens of the block being flushed, gathered
/// from its chain (innermost first) in buffers reused from block to block.
#[derive(Default)]
pub(super) struct ChainLists {
    pub(super) path: Vec<Arc<str>>,
    pub(super) roles: UniqueList,
    pub(super) classes: UniqueList,
}

/// Tokens without repeats, in the order first met, up to a cap.
#[derive(Default)]
pub(super) struct UniqueList {
    items: Vec<Arc<str>>,
    /// `seen[id] == round + 1`: token `id` is in `items`.
    seen: Vec<u32>,
    /// How many lists were taken.
    round: u32,
}

impl UniqueList {
    /// Adds `t` unless already there or the list holds `cap` tokens.
    pub(super) fn push(&mut self, t: &Token, cap: usize) {
        let id = t.id as usize;
        if id >= self.seen.len() {
            self.seen.resize(id + 1, 0);
        }
        if self.items.len() < cap && self.seen[id] != self.round + 1 {
            self.seen[id] = self.round + 1;
            self.items.push(Arc::clone(&t.text));
        }
    }

    /// The list, leaving an empty one for the next block.
    pub(super) fn take(&mut self) -> Vec<Arc<str>> {
        self.round += 1;
        self.items.drain(..).collect()
    }
}

/// Zero-width characters and the soft hyphen, removed from text.
pub(super) fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{00AD}')
}

/// Whitespace as the reference saw it: Unicode white space, the
/// information separators U+001C-U+001F (as Python's `str.split()`), and
/// the zero-width space and BOM (U+200B, U+FEFF).
pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{1C}'..='\u{1F}' | '\u{200B}' | '\u{FEFF}')
}

/// Collapses whitespace runs to one space, drops zero-width characters and
/// trims; returns the text and its count of non-space characters.
pub(super) fn normalize(raw: &str) -> (String, u32) {
    let mut out = String::with_capacity(raw.len());
    let mut pending = false;
    let mut chars = 0u32;
    for c in raw.chars() {
        if is_zero_width(c) || c == '\0' {
            continue;
        }
        if is_space(c) {
            pending = !out.is_empty();
            continue;
        }
        if pending {
            out.push(' ');
            pending = false;
        }
        out.push(c);
        chars += 1;
    }
    (out, chars)
}
