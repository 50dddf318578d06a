//! Block cutting: the text between tags, whitespace normalised, into the
//! open block; a block ends when a block element opens or closes, and takes
//! its markup facts from its chain of open elements (names, roles, class
//! tokens, each interned once a page).

use super::HtmlBlock;
use super::elements::{element_facts, is_block};
use super::entities::char_ref;
use super::reader::{Reader, len32};
use super::strings::{is_space, is_zero_width};
use crate::block::{Cell, ListItem, Markup};
use std::sync::Arc;

impl Reader<'_> {
    /// Character data `src[s..e]` (entities decoded when `decode`).
    pub(super) fn text(&mut self, s: usize, e: usize, decode: bool) {
        let src = self.src;
        let t = &src[s..e];
        self.head.text(t);
        if self.head_at.is_some() {
            if t.bytes().all(|c| c.is_ascii_whitespace()) {
                return;
            }
            self.close_head();
        }
        if self.hidden_open > 0 {
            return;
        }
        if t.bytes().any(|c| !c.is_ascii_whitespace()) {
            self.body_started = true;
        }
        if decode {
            self.structure.text(t);
        }
        let b = t.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c == b'&'
                && decode
                && let Some((c1, c2, len)) = char_ref(t, i, false)
            {
                self.push_char(c1, s + i);
                if let Some(c2) = c2 {
                    self.push_char(c2, s + i);
                }
                i += len;
                continue;
            }
            if c < 0x80 {
                if matches!(c, 9..=13 | 0x1C..=0x20) {
                    self.pending = !self.buf.is_empty();
                    i += 1;
                    continue;
                }
                if c == 0 {
                    i += 1;
                    continue;
                }
                let start = i;
                i += 1;
                while i < b.len() && b[i] > 0x20 && b[i] < 0x80 && b[i] != b'&' {
                    i += 1;
                }
                self.push_run(&t[start..i], s + start);
                continue;
            }
            let ch = t[i..].chars().next().expect("char boundary");
            self.push_char(ch, s + i);
            i += ch.len_utf8();
        }
    }

    /// Appends visible ASCII (no spaces) at source offset `at`.
    fn push_run(&mut self, run: &str, at: usize) {
        self.before_visible(at);
        self.buf.push_str(run);
        self.count_visible(len32(run));
    }

    /// Appends one character at source offset `at`.
    fn push_char(&mut self, c: char, at: usize) {
        if is_zero_width(c) || c == '\0' {
            return;
        }
        if is_space(c) {
            self.pending = !self.buf.is_empty();
            return;
        }
        self.before_visible(at);
        self.buf.push(c);
        self.count_visible(1);
    }

    /// Before visible text at source offset `at`: notes the block's first
    /// line and writes the space pending before it.
    fn before_visible(&mut self, at: usize) {
        if self.first_line.is_none() {
            self.first_line = Some(self.line_of(at));
        }
        if self.pending {
            self.buf.push(' ');
            self.pending = false;
        }
        self.structure.visible_at(len32(&self.buf));
    }

    /// Counts `n` visible characters just written, as link text when inside a link.
    fn count_visible(&mut self, n: u32) {
        self.chars += n;
        if self.links_open > 0 {
            self.link_chars += n;
        }
    }

    /// 1-based line of source offset `at` (offsets asked in increasing order).
    fn line_of(&mut self, at: usize) -> usize {
        if at > self.line_at {
            let b = &self.src.as_bytes()[self.line_at..at];
            self.line_no += memchr::memchr_iter(b'\n', b).count();
            self.line_at = at;
        }
        self.line_no
    }

    /// Ends the open block, keeping it when it has visible text.
    pub(super) fn flush(&mut self) {
        let first = self.first_line.take();
        let (chars, link_chars) = (self.chars, self.link_chars);
        (self.chars, self.link_chars, self.pending) = (0, 0, false);
        let Some(line) = first else {
            self.buf.clear();
            self.structure.take(0);
            return;
        };
        let taken = self.structure.take(len32(&self.buf));
        let text = String::from(self.buf.as_str());
        self.buf.clear();
        let mut markup = self.block_markup();
        markup.chars = chars;
        markup.link_chars = link_chars.min(chars);
        markup.pre = taken.pre;
        markup.links = taken.links;
        markup.images = taken.images;
        self.blocks.push(HtmlBlock { text, markup, line });
    }

    /// Markup facts (without character counts) of the open block: taken from
    /// the innermost open block element and its ancestors.
    fn block_markup(&mut self) -> Markup {
        let live = |i: &usize| !self.stack[*i].dead;
        let block = (0..self.stack.len())
            .rev()
            .filter(live)
            .find(|&i| is_block(self.name(i)))
            .unwrap_or(0);
        let mut m = Markup {
            element: Arc::clone(&self.stack[block].name),
            path: Vec::new(),
            class_tokens: Vec::new(),
            roles: Vec::new(),
            chars: 0,
            link_chars: 0,
            heading: 0,
            in_list: false,
            in_table: false,
            in_form: false,
            depth: 0,
            list: None,
            cell: None,
            pre: None,
            links: Vec::new(),
            images: Vec::new(),
            container: (self.stack[..block].iter().rev())
                .find(|e| !e.dead)
                .map_or(0, |e| e.serial),
        };
        let lists = &mut self.lists;
        let mut depth = 0usize;
        let mut place = Place::default();
        for (i, e) in self.stack[..=block].iter().enumerate().rev() {
            if e.dead {
                continue;
            }
            depth += 1;
            element_facts(&e.name, &mut m);
            place.see(e);
            if i >= 2 && lists.path.len() < 16 {
                lists.path.push(Arc::clone(&e.name));
            }
            let tokens = if i < 2 {
                &self.root_tokens
            } else {
                &self.tokens
            };
            let range = |(s, e): (u32, u32)| &tokens[s as usize..e as usize];
            range(e.roles).iter().for_each(|t| lists.roles.push(t, 16));
            range(e.classes)
                .iter()
                .for_each(|t| lists.classes.push(t, 64));
        }
        m.path = lists.path.drain(..).rev().collect();
        m.roles = lists.roles.take();
        m.class_tokens = lists.classes.take();
        m.depth = u16::try_from(depth.saturating_sub(1)).unwrap_or(u16::MAX);
        (m.list, m.cell) = place.finish();
        m
    }
}

/// Where a block stands in lists and tables, gathered from its chain of
/// open elements, innermost first.
#[derive(Default)]
struct Place {
    /// The innermost list item's position and whether it came before any
    /// cell; the lists around it and whether the innermost is numbered.
    item: Option<(u32, bool)>,
    lists: u8,
    ordered: Option<bool>,
    /// The innermost cell's column and kind, its row, its table.
    cell: Option<(u32, bool)>,
    row: Option<u32>,
    table: Option<u32>,
}

impl Place {
    fn see(&mut self, e: &super::reader::Open) {
        match &*e.name {
            "li" if self.item.is_none() => self.item = Some((e.position, self.cell.is_none())),
            "ul" | "ol" | "menu" => {
                self.lists = self.lists.saturating_add(1);
                self.ordered.get_or_insert(&*e.name == "ol");
            }
            "td" | "th" if self.cell.is_none() => self.cell = Some((e.position, &*e.name == "th")),
            "tr" if self.row.is_none() => self.row = Some(e.position),
            "table" if self.table.is_none() => self.table = Some(e.serial),
            _ => {}
        }
    }

    /// The list item and the cell the block is in: the innermost of the two.
    fn finish(self) -> (Option<ListItem>, Option<Cell>) {
        match (self.item, self.cell) {
            (Some((number, true)), _) if self.lists > 0 => {
                let item = ListItem {
                    depth: self.lists,
                    ordered: self.ordered.unwrap_or(false),
                    number,
                };
                (Some(item), None)
            }
            (_, Some((column, header))) => {
                let cell = Cell {
                    table: self.table.unwrap_or(0),
                    row: self.row.unwrap_or(0),
                    column,
                    header,
                };
                (None, Some(cell))
            }
            _ => (None, None),
        }
    }
}
