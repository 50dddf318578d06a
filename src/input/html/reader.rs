//! The reader: the lexer's tokens through a stack of open elements, with
//! the browser's rules for implied and misnested tags; the text between
//! tags goes to the open block ([`super::blocks`]).

use super::HtmlBlock;
use super::elements::{
    closes_p, is_block, is_counted_href, is_formatting, is_head_content, is_scope_boundary,
    is_skipped, is_special, is_void, landmark, style_hides,
};
use super::head::{Head, PageMarkup};
use super::lexer::{
    Attrs, Content, Lexer, Tok, content_of, foreign_end, parse_attrs, raw_text_end,
};
use super::strings::{ChainLists, Strings, Token};
use super::structure::Structure;
use std::borrow::Cow;
use std::sync::Arc;

/// One open element.
pub(super) struct Open {
    /// Lowercase name, interned.
    pub(super) name: Arc<str>,
    /// The roles the element gives a block (its landmark role, then its
    /// lowercased `role` tokens), then its class tokens (the lowercased
    /// class and id tokens, each followed by its '-'/'_' parts): ranges in
    /// `Reader::tokens` (`Reader::root_tokens` for `html` and `body`).
    pub(super) roles: (u32, u32),
    pub(super) classes: (u32, u32),
    /// A block element (entered while visible).
    pub(super) block: bool,
    /// A counted link (entered while visible).
    pub(super) link: bool,
    /// Starts an invisible subtree.
    pub(super) hides: bool,
    /// Closed out of order by the end tag of a formatting element: no longer
    /// an ancestor of what follows.
    pub(super) dead: bool,
    /// The element's number on its page (its start tag's rank, from 1).
    pub(super) serial: u32,
    /// A visible `<pre>`.
    pub(super) pre: bool,
    /// How many items (`li` of a list, `tr` of a table, cells of a `tr`)
    /// it has had so far.
    pub(super) items: u32,
    /// Its own position among its list's, table's or row's items (from 1;
    /// 0 for an element that is no such item).
    pub(super) position: u32,
}

/// Streaming reader state.
pub(super) struct Reader<'a> {
    pub(super) src: &'a str,
    pub(super) keep_noscript: bool,
    pub(super) max_depth: usize,
    pub(super) stack: Vec<Open>,
    /// The page's distinct names and tokens.
    pub(super) strings: Strings,
    /// How many visible elements carry each class or id token, by its id
    /// in `strings`.
    pub(super) class_counts: Vec<u32>,
    /// Role and class tokens of the open elements, in stack order.
    pub(super) tokens: Vec<Token>,
    /// The lists of the block being flushed, built in reused buffers.
    pub(super) lists: ChainLists,
    /// Live open elements per name hash bucket: a search for names whose
    /// buckets are empty is skipped (keeps deep documents linear).
    pub(super) open_count: [u32; 256],
    /// Role and class tokens of `html` and `body` (their tags may come late).
    pub(super) root_tokens: Vec<Token>,
    /// Whether `html` and `body` were given a role, class or id.
    pub(super) root_attrs_set: [bool; 2],
    /// Start tags dropped for depth whose end tags are still to be dropped.
    pub(super) dropped: usize,
    /// Elements pushed so far (numbers them: [`Open::serial`]).
    pub(super) elements_opened: u32,
    pub(super) hidden_open: u32,
    pub(super) links_open: u32,
    pub(super) head_at: Option<usize>,
    pub(super) body_started: bool,
    pub(super) foreign_unclosed: bool,
    /// Open block: normalised text, pending space, counts, line of first text.
    pub(super) buf: String,
    pub(super) pending: bool,
    pub(super) chars: u32,
    pub(super) link_chars: u32,
    pub(super) first_line: Option<usize>,
    /// Newlines counted up to byte `line_at` (line `line_no`).
    pub(super) line_at: usize,
    pub(super) line_no: usize,
    pub(super) blocks: Vec<HtmlBlock>,
    pub(super) head: Head,
    /// The open block's structure (pre text, links, images).
    pub(super) structure: Structure,
    pub(super) saw_noscript: bool,
}

/// What a read produced.
pub(super) struct ReadOut {
    pub(super) blocks: Vec<HtmlBlock>,
    pub(super) markup: PageMarkup,
    pub(super) saw_noscript: bool,
}

/// Reads decoded HTML text into blocks.
pub(super) fn read_text(src: &str, keep_noscript: bool, max_depth: usize) -> ReadOut {
    let mut r = Reader {
        src,
        keep_noscript,
        max_depth: max_depth.max(2),
        stack: Vec::with_capacity(64),
        strings: Strings::default(),
        class_counts: Vec::new(),
        tokens: Vec::with_capacity(256),
        lists: ChainLists::default(),
        root_tokens: Vec::new(),
        root_attrs_set: [false; 2],
        open_count: [0; 256],
        dropped: 0,
        elements_opened: 0,
        hidden_open: 0,
        links_open: 0,
        head_at: None,
        body_started: false,
        foreign_unclosed: false,
        buf: String::with_capacity(1024),
        pending: false,
        chars: 0,
        link_chars: 0,
        first_line: None,
        line_at: 0,
        line_no: 1,
        blocks: Vec::new(),
        head: Head::default(),
        structure: Structure::default(),
        saw_noscript: false,
    };
    r.push_open("html", &Attrs::default());
    r.push_open("body", &Attrs::default());
    let mut lex = Lexer { src, pos: 0 };
    while let Some(tok) = lex.next_tok() {
        match tok {
            Tok::Text(s, e) => r.text(s, e, true),
            Tok::End(s, e) => {
                let name = lower(&src[s..e]);
                r.end_tag(&name);
            }
            Tok::Start {
                name: (s, e),
                attrs: (a, z),
                self_closing,
            } => {
                let name = lower(&src[s..e]);
                let attrs = parse_attrs(&src[a..z]);
                if let Some(next) = r.start_tag(&name, &attrs, self_closing, lex.pos) {
                    lex.pos = next;
                }
            }
        }
    }
    r.pop_to(0);
    r.flush();
    let class_tokens = r.strings.census(&r.class_counts);
    ReadOut {
        blocks: r.blocks,
        markup: r.head.into_markup(class_tokens),
        saw_noscript: r.saw_noscript,
    }
}

/// ASCII-lowercased tag name (borrowed when already lowercase).
fn lower(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|c| c.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Hash bucket of an element name (FNV-1a, 8 bits).
fn bucket(name: &str) -> usize {
    let h = name.bytes().fold(0x811C_9DC5u32, |h, c| {
        (h ^ u32::from(c)).wrapping_mul(0x0100_0193)
    });
    (h ^ (h >> 8) ^ (h >> 16) ^ (h >> 24)) as usize & 255
}

/// `u32` from a buffer length (buffers stay far below 4 GiB: 64 MiB input cap).
pub(super) fn len32(s: &str) -> u32 {
    u32::try_from(s.len()).unwrap_or(u32::MAX)
}

impl Reader<'_> {
    /// Whether an element named one of `names` may be open.
    fn maybe_open(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.open_count[bucket(n)] > 0)
    }

    /// Name of open element `i`.
    pub(super) fn name(&self, i: usize) -> &str {
        &self.stack[i].name
    }

    /// Handles a start tag; returns where the lexer continues when the
    /// element's content was consumed here (raw text, foreign content).
    fn start_tag(
        &mut self,
        name: &str,
        attrs: &Attrs,
        self_closing: bool,
        after: usize,
    ) -> Option<usize> {
        self.head.start_tag(name, attrs);
        let shown = self.hidden_open == 0 && !attrs.hidden && !attrs.style.is_some_and(style_hides);
        if shown {
            self.head.count(name);
        }
        match name {
            "html" => {
                self.merge_attrs(0, attrs);
                return None;
            }
            "body" => {
                self.close_head();
                self.body_started = true;
                self.merge_attrs(1, attrs);
                return None;
            }
            "head" => {
                if !self.body_started && self.head_at.is_none() && self.stack.len() == 2 {
                    self.head_at = Some(2);
                    self.push_open("head", attrs);
                }
                return None;
            }
            _ => {}
        }
        if name == "noscript" {
            self.saw_noscript = true;
        }
        if self.head_at.is_some() {
            if !is_head_content(name) {
                self.close_head();
                self.body_started = true;
            }
        } else if !is_head_content(name) {
            self.body_started = true;
        }
        self.implied_ends(name);
        if name == "svg" || name == "math" {
            if self_closing || self.foreign_unclosed {
                return None;
            }
            let Some(end) = foreign_end(self.src, after, name) else {
                self.foreign_unclosed = true;
                return None;
            };
            self.push_open(name, attrs);
            return Some(end);
        }
        if is_void(name) {
            self.head.separate();
            if shown {
                self.count_void_classes(attrs);
                if name == "img" {
                    let at = len32(&self.buf) + u32::from(self.pending);
                    self.structure.image(attrs.src, attrs.alt, at);
                }
            }
            if self.hidden_open == 0 && is_block(name) {
                self.flush();
            }
            return None;
        }
        let content = content_of(name, !self.keep_noscript);
        if content == Content::Markup && self.stack.len() >= self.max_depth {
            self.dropped += 1;
            return None;
        }
        self.push_open(name, attrs);
        match content {
            Content::Markup => None,
            Content::Plaintext => {
                self.text(after, self.src.len(), false);
                Some(self.src.len())
            }
            Content::Raw | Content::Rcdata => {
                let end = raw_text_end(self.src.as_bytes(), after, name);
                if name == "title" {
                    self.head.title_element(&self.src[after..end]);
                } else if name == "script" {
                    self.head.script(attrs, &self.src[after..end]);
                } else if matches!(name, "xmp" | "noembed" | "noframes") {
                    self.text(after, end, false);
                }
                Some(end)
            }
        }
    }

    /// Closes the elements that a start tag `name` ends implicitly, and opens
    /// the table parts it implies.
    fn implied_ends(&mut self, name: &str) {
        if closes_p(name) {
            self.close_in_scope("p", &["p"]);
        }
        match name {
            "li" => self.close_list_item(&["li"]),
            "dd" | "dt" => self.close_list_item(&["dd", "dt"]),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let top = self.stack.len() - 1;
                if matches!(self.name(top), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                    self.pop_to(top);
                }
            }
            "td" | "th" => {
                self.close_in_scope("td", &["td", "th"]);
                self.open_table_parts(true);
            }
            "tr" => {
                self.close_in_scope("tr", &["tr"]);
                self.open_table_parts(false);
            }
            "tbody" | "thead" | "tfoot" => {
                self.close_in_scope("tbody", &["tbody", "thead", "tfoot"])
            }
            "option" => self.close_top(&["option"]),
            "optgroup" => {
                self.close_top(&["option"]);
                self.close_top(&["optgroup"]);
            }
            "a" if self.maybe_open(&["a"]) => {
                // A new link closes an open one in the same block.
                let top = self.stack.len();
                for i in (2..top).rev() {
                    let n = self.name(i);
                    if n == "a" && !self.stack[i].dead {
                        self.kill(i);
                        break;
                    }
                    if is_special(n) {
                        break;
                    }
                }
            }
            _ => {}
        }
    }

    /// Opens `tbody` (and `tr` for a cell) when a row or cell starts directly
    /// in a table.
    fn open_table_parts(&mut self, cell: bool) {
        let top = self.name(self.stack.len() - 1);
        if top == "table" {
            self.push_open("tbody", &Attrs::default());
        }
        let top = self.name(self.stack.len() - 1);
        if cell && matches!(top, "tbody" | "thead" | "tfoot") {
            self.push_open("tr", &Attrs::default());
        }
    }

    /// Pops the current element if it is one of `names`.
    fn close_top(&mut self, names: &[&str]) {
        let top = self.stack.len() - 1;
        if top >= 2 && names.contains(&self.name(top)) {
            self.pop_to(top);
        }
    }

    /// Closes the nearest open element among `names` if it is in scope.
    fn close_in_scope(&mut self, scope: &str, names: &[&str]) {
        if let Some(i) = self.find_in_scope(scope, names) {
            self.pop_to(i);
        }
    }

    /// Index of the nearest open element among `names` within the scope of
    /// an end tag `scope`.
    fn find_in_scope(&self, scope: &str, names: &[&str]) -> Option<usize> {
        if !self.maybe_open(names) {
            return None;
        }
        for i in (2..self.stack.len()).rev() {
            let n = self.name(i);
            if names.contains(&n) && !self.stack[i].dead {
                return Some(i);
            }
            if is_scope_boundary(n, scope) {
                return None;
            }
        }
        None
    }

    /// Closes an open list item (`li`, or `dd`/`dt`) before a new one.
    fn close_list_item(&mut self, names: &[&str]) {
        if !self.maybe_open(names) {
            return;
        }
        for i in (2..self.stack.len()).rev() {
            let n = self.name(i);
            if names.contains(&n) {
                self.pop_to(i);
                return;
            }
            if is_special(n) && !matches!(n, "address" | "div" | "p") {
                return;
            }
        }
    }

    /// Handles an end tag.
    fn end_tag(&mut self, name: &str) {
        match name {
            "br" | "html" | "body" => return,
            "head" => {
                self.close_head();
                return;
            }
            _ => {}
        }
        if self.dropped > 0 {
            self.dropped -= 1;
            return;
        }
        const HEADINGS: [&str; 6] = ["h1", "h2", "h3", "h4", "h5", "h6"];
        if is_special(name) {
            // Any heading end tag closes the open heading.
            let names = if HEADINGS.contains(&name) {
                &HEADINGS[..]
            } else {
                &[name][..]
            };
            if let Some(i) = self.find_in_scope(name, names) {
                self.pop_to(i);
            }
            return;
        }
        if !self.maybe_open(&[name]) {
            return;
        }
        for i in (2..self.stack.len()).rev() {
            let n = self.name(i);
            if n == name && !self.stack[i].dead {
                self.pop_to(i);
                return;
            }
            if is_special(n) {
                break;
            }
        }
        // Out of order: a formatting element stops being an ancestor.
        if is_formatting(name) {
            let low = self.stack.len().saturating_sub(64).max(2);
            if let Some(i) = (low..self.stack.len())
                .rev()
                .find(|&i| !self.stack[i].dead && self.name(i) == name)
            {
                self.kill(i);
            }
        }
    }

    /// Marks open element `i` as closed without popping what is above it.
    fn kill(&mut self, i: usize) {
        let e = &mut self.stack[i];
        if e.link {
            e.link = false;
            self.links_open -= 1;
            self.structure.close_link(len32(&self.buf));
        }
        if e.hides {
            e.hides = false;
            self.hidden_open -= 1;
        }
        e.dead = true;
        let b = bucket(self.name(i));
        self.open_count[b] -= 1;
    }

    /// Closes an open `<head>`.
    pub(super) fn close_head(&mut self) {
        if let Some(i) = self.head_at.take() {
            self.pop_to(i);
        }
    }

    /// Gives `html` or `body` (open element `i` < 2) the attributes of its
    /// tag, unless it already has some.
    fn merge_attrs(&mut self, i: usize, attrs: &Attrs) {
        let has_some = attrs.role.is_some() || attrs.class.is_some() || attrs.id.is_some();
        if has_some && !std::mem::replace(&mut self.root_attrs_set[i], true) {
            let (roles, classes) = self.strings.store(&mut self.root_tokens, None, Some(attrs));
            let e = &mut self.stack[i];
            (e.roles, e.classes) = (roles, classes);
        }
    }

    /// Opens element `name`.
    fn push_open(&mut self, name: &str, attrs: &Attrs) {
        let visible = self.hidden_open == 0;
        let hidden = attrs.hidden || attrs.style.is_some_and(style_hides);
        let hides = visible && (is_skipped(name, self.keep_noscript) || hidden);
        let block = visible && !hides && is_block(name);
        let link = visible && !hides && name == "a" && attrs.href.is_some_and(is_counted_href);
        if block {
            self.flush();
        }
        if hides {
            self.hidden_open += 1;
        }
        if link {
            self.links_open += 1;
            self.structure.open_link(attrs.href.unwrap_or(""));
        }
        let pre = visible && !hides && name == "pre";
        if pre {
            self.structure.pre(true);
        }
        let position = self.position_of(name);
        if visible
            && !hides
            && let Some(kind) = self.head.capture_kind(name, attrs)
        {
            let (context, place) = self.chain_context(attrs);
            self.head
                .open_capture(self.stack.len(), kind, context, place);
        }
        self.open_count[bucket(name)] += 1;
        self.elements_opened = self.elements_opened.saturating_add(1);
        let (roles, classes) = if self.stack.len() < 2 {
            ((0, 0), (0, 0))
        } else {
            let attrs = (visible && !hides).then_some(attrs);
            let ranges = self.strings.store(&mut self.tokens, landmark(name), attrs);
            self.count_classes(ranges.1);
            ranges
        };
        self.head.open(name, self.stack.len());
        self.stack.push(Open {
            name: self.strings.intern(name).text,
            roles,
            classes,
            block,
            link,
            hides,
            dead: false,
            serial: self.elements_opened,
            pre,
            items: 0,
            position,
        });
    }

    /// The lowercased class and id tokens of a new element (`attrs`) and
    /// of the open elements, innermost first (at most 512 bytes); whether
    /// an `<article>`, `<header>` or `<main>` is open; whether an `<aside>`
    /// is, or a `<footer>` outside every `<article>`.
    fn chain_context(&self, attrs: &Attrs) -> (String, (bool, bool)) {
        let mut context: String = [attrs.class, attrs.id]
            .iter()
            .flatten()
            .map(|v| v.to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        let (mut article, mut aside, mut footer) = (false, false, false);
        for (i, e) in self.stack.iter().enumerate().rev().filter(|(_, e)| !e.dead) {
            match &*e.name {
                "article" | "header" | "main" => article = true,
                "aside" => aside = true,
                "footer" => footer = true,
                _ => {}
            }
            if context.len() < 512 && i >= 2 {
                let (s, end) = e.classes;
                for token in &self.tokens[s as usize..end as usize] {
                    context.push(' ');
                    context.push_str(&token.text);
                }
            }
        }
        let mut end = context.len().min(512);
        while !context.is_char_boundary(end) {
            end -= 1;
        }
        context.truncate(end);
        let outside_article = footer && !self.stack.iter().any(|e| &*e.name == "article");
        (context, (article, aside || outside_article))
    }

    /// The position of a new `li` in its list, `tr` in its table, or cell
    /// in its row (counted on the innermost open one), else 0.
    fn position_of(&mut self, name: &str) -> u32 {
        let parents: &[&str] = match name {
            "li" => &["ul", "ol", "menu"],
            "tr" => &["table"],
            "td" | "th" => &["tr"],
            _ => return 0,
        };
        if !self.maybe_open(parents) {
            return 0;
        }
        let low = self.stack.len().saturating_sub(64).max(2);
        let Some(i) = (low..self.stack.len())
            .rev()
            .find(|&i| !self.stack[i].dead && parents.contains(&self.name(i)))
        else {
            return 0;
        };
        let e = &mut self.stack[i];
        e.items = e.items.saturating_add(1);
        e.items
    }

    /// Counts the class tokens of a visible void element (`<img>`,
    /// `<input>`), which is never pushed, in the census.
    fn count_void_classes(&mut self, attrs: &Attrs) {
        if attrs.class.is_none() && attrs.id.is_none() {
            return;
        }
        let (roles, classes) = self.strings.store(&mut self.tokens, None, Some(attrs));
        self.count_classes(classes);
        self.tokens.truncate(roles.0 as usize);
    }

    /// Counts an element's class tokens (`tokens[classes]`) in the census.
    fn count_classes(&mut self, (start, end): (u32, u32)) {
        for token in &self.tokens[start as usize..end as usize] {
            let id = token.id as usize;
            if id >= self.class_counts.len() {
                self.class_counts.resize(id + 1, 0);
            }
            self.class_counts[id] = self.class_counts[id].saturating_add(1);
        }
    }

    /// Pops open elements until `len` remain (never `html` and `body`, unless
    /// `len` is 0 at the end of the input).
    fn pop_to(&mut self, len: usize) {
        let len = if len == 0 { 0 } else { len.max(2) };
        while self.stack.len() > len {
            let i = self.stack.len() - 1;
            let (hides, block, link) = {
                let e = &self.stack[i];
                (e.hides, e.block, e.link)
            };
            if hides {
                self.hidden_open -= 1;
            } else {
                if block {
                    self.flush();
                }
                if link {
                    self.links_open -= 1;
                    self.structure.close_link(len32(&self.buf));
                }
            }
            if self.stack[i].pre {
                self.structure.pre(false);
            }
            self.head.close(i);
            if self.head_at == Some(i) {
                self.head_at = None;
            }
            if !self.stack[i].dead {
                let b = bucket(self.name(i));
                self.open_count[b] -= 1;
            }
            let e = self.stack.pop().expect("non-empty");
            if i >= 2 {
                self.tokens.truncate(e.roles.0 as usize);
            }
        }
    }
}
