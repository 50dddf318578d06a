//! The lexer: HTML text to tokens (text runs, start tags with their
//! attributes, end tags), in one linear pass without allocating. Comments,
//! doctypes and processing instructions are skipped; the reader moves the
//! lexer past the content of raw-text and foreign elements.

/// A token of the lexer; ranges are byte offsets into the source.
pub(super) enum Tok {
    /// Character data (entities not yet decoded).
    Text(usize, usize),
    /// A start tag: name range, attribute range, whether written `/>`.
    Start {
        name: (usize, usize),
        attrs: (usize, usize),
        self_closing: bool,
    },
    /// An end tag: name range.
    End(usize, usize),
}

/// Splits HTML text into text runs and tags; comments, doctypes and
/// processing instructions are skipped. The reader moves `pos` past the
/// content of raw-text elements.
pub(super) struct Lexer<'a> {
    pub(super) src: &'a str,
    pub(super) pos: usize,
}

impl Lexer<'_> {
    /// The next token.
    pub(super) fn next_tok(&mut self) -> Option<Tok> {
        let b = self.src.as_bytes();
        loop {
            let at = self.pos;
            if at >= b.len() {
                return None;
            }
            let Some(i) = memchr::memchr(b'<', &b[at..]) else {
                self.pos = b.len();
                return Some(Tok::Text(at, b.len()));
            };
            if i > 0 {
                self.pos = at + i;
                return Some(Tok::Text(at, at + i));
            }
            let rest = &b[at + 1..];
            match rest.first() {
                Some(b'!') if rest.starts_with(b"!--") => self.pos = comment_end(b, at + 4),
                Some(b'!' | b'?') => self.pos = after_gt(b, at + 2),
                Some(b'/') => match rest.get(1) {
                    Some(c) if c.is_ascii_alphabetic() => {
                        let name_end = name_end(b, at + 2);
                        self.pos = tag_end(b, name_end)?;
                        return Some(Tok::End(at + 2, name_end));
                    }
                    Some(b'>') => self.pos = at + 3,
                    Some(_) => self.pos = after_gt(b, at + 2),
                    None => {
                        self.pos = b.len();
                        return Some(Tok::Text(at, b.len()));
                    }
                },
                Some(c) if c.is_ascii_alphabetic() => {
                    let name_end = name_end(b, at + 1);
                    let stop = tag_end(b, name_end)?;
                    self.pos = stop;
                    let self_closing = stop - 2 >= name_end && b[stop - 2] == b'/';
                    return Some(Tok::Start {
                        name: (at + 1, name_end),
                        attrs: (name_end, stop - 1),
                        self_closing,
                    });
                }
                _ => {
                    self.pos = at + 1;
                    return Some(Tok::Text(at, at + 1));
                }
            }
        }
    }
}

/// Offset after the comment whose text starts at `from` (`-->`, or the
/// degenerate `<!-->` and `<!--->`; an unclosed comment runs to the end).
fn comment_end(b: &[u8], from: usize) -> usize {
    let rest = &b[from.min(b.len())..];
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    memchr::memmem::find(rest, b"-->").map_or(b.len(), |i| from + i + 3)
}

/// Offset after the next `>` at or after `from` (or the end).
fn after_gt(b: &[u8], from: usize) -> usize {
    memchr::memchr(b'>', &b[from.min(b.len())..]).map_or(b.len(), |i| from + i + 1)
}

/// End of a tag name starting at `from` (whitespace, `/` or `>` ends it).
fn name_end(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|&c| matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ' | b'/' | b'>'))
        .map_or(b.len(), |i| from + i)
}

/// Offset just after the `>` that ends a tag, honouring quoted attribute
/// values (a quote opens one only right after `=`); `None` when the input
/// ends inside the tag (the tag is then dropped, as browsers do).
fn tag_end(b: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    let mut after_eq = false;
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) => {
                // Jump to the closing quote.
                let close = memchr::memchr(q, &b[i..])?;
                i += close + 1;
                quote = None;
                after_eq = false;
                continue;
            }
            None if after_eq && (c == b'"' || c == b'\'') => quote = Some(c),
            None if c == b'>' => return Some(i + 1),
            None => {}
        }
        if !c.is_ascii_whitespace() {
            after_eq = c == b'=';
        }
        i += 1;
    }
    None
}

/// The attributes the reader uses, as written (entities not decoded).
#[derive(Default)]
pub(super) struct Attrs<'a> {
    pub(super) class: Option<&'a str>,
    pub(super) id: Option<&'a str>,
    pub(super) role: Option<&'a str>,
    pub(super) style: Option<&'a str>,
    pub(super) href: Option<&'a str>,
    pub(super) property: Option<&'a str>,
    pub(super) content: Option<&'a str>,
    pub(super) name: Option<&'a str>,
    pub(super) itemprop: Option<&'a str>,
    pub(super) itemtype: Option<&'a str>,
    pub(super) rel: Option<&'a str>,
    /// The `type` attribute (of a `<script>`).
    pub(super) kind: Option<&'a str>,
    pub(super) lang: Option<&'a str>,
    pub(super) src: Option<&'a str>,
    pub(super) alt: Option<&'a str>,
    pub(super) datetime: Option<&'a str>,
    pub(super) hidden: bool,
    /// A `pubdate` attribute (of a `<time>`).
    pub(super) pubdate: bool,
}

/// Parses the attribute text of a start tag (first occurrence wins).
pub(super) fn parse_attrs(s: &str) -> Attrs<'_> {
    let b = s.as_bytes();
    let mut a = Attrs::default();
    let mut i = 0;
    let is_ws = |c: u8| matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ');
    loop {
        while i < b.len() && (is_ws(b[i]) || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return a;
        }
        let start = i;
        i += 1;
        while i < b.len() && !is_ws(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = &s[start..i];
        while i < b.len() && is_ws(b[i]) {
            i += 1;
        }
        let mut value = "";
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && is_ws(b[i]) {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let end = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |e| i + 1 + e);
                value = &s[i + 1..end];
                i = end + 1;
            } else {
                let start = i;
                while i < b.len() && !is_ws(b[i]) && b[i] != b'>' {
                    i += 1;
                }
                value = &s[start..i];
            }
        }
        let Some(slot) = a.slot(name) else {
            continue;
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }
}

impl<'a> Attrs<'a> {
    /// Where the value of attribute `name` goes; `None` for an attribute the
    /// reader does not use (and for `hidden`, which has no value to keep).
    fn slot(&mut self, name: &str) -> Option<&mut Option<&'a str>> {
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        Some(match name.len() {
            2 if is("id") => &mut self.id,
            3 if is("rel") => &mut self.rel,
            3 if is("src") => &mut self.src,
            3 if is("alt") => &mut self.alt,
            4 if is("role") => &mut self.role,
            4 if is("href") => &mut self.href,
            4 if is("name") => &mut self.name,
            4 if is("type") => &mut self.kind,
            4 if is("lang") => &mut self.lang,
            5 if is("class") => &mut self.class,
            5 if is("style") => &mut self.style,
            6 if is("hidden") => {
                self.hidden = true;
                return None;
            }
            7 if is("pubdate") => {
                self.pubdate = true;
                return None;
            }
            7 if is("content") => &mut self.content,
            8 if is("property") => &mut self.property,
            8 if is("itemprop") => &mut self.itemprop,
            8 if is("itemtype") => &mut self.itemtype,
            8 if is("datetime") => &mut self.datetime,
            _ => return None,
        })
    }
}

/// Whether `b[at..]` starts with `tag` (case-insensitive) followed by
/// whitespace, `/`, `>` or the end.
fn tag_at(b: &[u8], at: usize, tag: &[u8]) -> bool {
    let n = tag.len();
    b.len() >= at + n
        && b[at..at + n].eq_ignore_ascii_case(tag)
        && b.get(at + n)
            .is_none_or(|&c| matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ' | b'/' | b'>'))
}

/// Offset of the `</name` (followed by whitespace, `/`, `>` or the end) that
/// ends the raw text starting at `from`, or the end of the input. In
/// `<script>`, a `<!--` section holding a `<script` hides the next
/// `</script>` (HTML's double-escaped script data).
pub(super) fn raw_text_end(b: &[u8], from: usize, name: &str) -> usize {
    let script = name == "script";
    let mut close = Vec::with_capacity(name.len() + 1);
    close.push(b'/');
    close.extend_from_slice(name.as_bytes());
    // 0: data, 1: escaped (inside `<!--`), 2: double-escaped.
    let mut state = 0u8;
    let mut at = from;
    loop {
        let next = if script && state > 0 {
            memchr::memchr2(b'<', b'-', &b[at..])
        } else {
            memchr::memchr(b'<', &b[at..])
        };
        let Some(i) = next else { return b.len() };
        let p = at + i;
        at = p + 1;
        if b[p] == b'-' {
            if b[p..].starts_with(b"-->") {
                state = 0;
                at = p + 3;
            }
            continue;
        }
        if state < 2 && tag_at(b, p + 1, &close) {
            return p;
        }
        if !script {
            continue;
        }
        match state {
            0 if b[p..].starts_with(b"<!--") => {
                state = 1;
                at = p + 4;
            }
            1 if tag_at(b, p + 1, b"script") => state = 2,
            2 if tag_at(b, p + 1, b"/script") => state = 1,
            _ => {}
        }
    }
}

/// Offset of the `</name` that closes a foreign (`svg`/`math`) element whose
/// start tag ends at `from`, counting nested ones; `None` if it is unclosed.
pub(super) fn foreign_end(src: &str, from: usize, name: &str) -> Option<usize> {
    let mut lex = Lexer { src, pos: from };
    let mut depth = 1usize;
    let mut start = from;
    while let Some(tok) = lex.next_tok() {
        match tok {
            Tok::Start {
                name: (s, e),
                self_closing,
                ..
            } if !self_closing && src[s..e].eq_ignore_ascii_case(name) => depth += 1,
            Tok::End(s, e) if src[s..e].eq_ignore_ascii_case(name) => {
                depth -= 1;
                if depth == 0 {
                    return Some(start);
                }
            }
            _ => {}
        }
        start = lex.pos;
    }
    None
}

/// How the content of an element is tokenised.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Content {
    /// Ordinary markup.
    Markup,
    /// Raw text up to the end tag, entities decoded (`title`, `textarea`).
    Rcdata,
    /// Raw text up to the end tag (`script`, `style`, `xmp`, ...).
    Raw,
    /// Everything to the end of the input is text (`plaintext`).
    Plaintext,
}

/// Content model of element `name`.
pub(super) fn content_of(name: &str, scripting: bool) -> Content {
    match name {
        "title" | "textarea" => Content::Rcdata,
        "script" | "style" | "xmp" | "iframe" | "noembed" | "noframes" => Content::Raw,
        "noscript" if scripting => Content::Raw,
        "plaintext" => Content::Plaintext,
        _ => Content::Markup,
    }
}
