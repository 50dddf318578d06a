//! What Markdown needs of a block beyond its text, gathered while reading:
//! its text as written inside a `<pre>`, the links in its text, the images
//! shown with it, and (from the open elements) where it stands in a list or
//! a table.

use super::entities::decode_refs;
use crate::block::{Image, Link};

/// At most this many bytes of a `<pre>` block's text are kept as written.
const MAX_PRE_BYTES: usize = 16 << 20;

/// At most this many links and images are kept a block.
const MAX_ITEMS: usize = 1024;

/// The structure of the open block.
#[derive(Debug, Default)]
pub(super) struct Structure {
    /// How many `<pre>` elements are open.
    pre_open: u32,
    /// The open block's `<pre>` text, references decoded, whitespace kept.
    pre: String,
    /// The innermost counted link: its target, and where its text started
    /// in the open block (once some was written).
    link: Option<(Box<str>, Option<u32>)>,
    links: Vec<Link>,
    images: Vec<Image>,
}

/// What a block gets of its structure when it ends.
pub(super) struct Taken {
    pub(super) pre: Option<String>,
    pub(super) links: Vec<Link>,
    pub(super) images: Vec<Image>,
}

impl Structure {
    /// A `<pre>` opens or closes.
    pub(super) fn pre(&mut self, open: bool) {
        match open {
            true => self.pre_open += 1,
            false => self.pre_open = self.pre_open.saturating_sub(1),
        }
    }

    /// Visible character data inside the open block (raw, references not
    /// yet decoded).
    pub(super) fn text(&mut self, raw: &str) {
        if self.pre_open > 0 && self.pre.len() < MAX_PRE_BYTES {
            self.pre.push_str(&decode_refs(raw, false));
        }
    }

    /// A counted link opens (its target as written).
    pub(super) fn open_link(&mut self, href: &str) {
        self.link = Some((decode_refs(href.trim(), true).into(), None));
    }

    /// Visible text is about to be written at byte `at` of the open block.
    pub(super) fn visible_at(&mut self, at: u32) {
        if let Some((_, start @ None)) = &mut self.link {
            *start = Some(at);
        }
    }

    /// The innermost counted link closes, its text ending at byte `end`.
    pub(super) fn close_link(&mut self, end: u32) {
        if let Some((href, Some(start))) = self.link.take() {
            self.push_link(start, end, href);
        }
    }

    fn push_link(&mut self, start: u32, end: u32, href: Box<str>) {
        if end > start && self.links.len() < MAX_ITEMS {
            self.links.push(Link { start, end, href });
        }
    }

    /// A visible `<img>` at byte `at` of the open block.
    pub(super) fn image(&mut self, src: Option<&str>, alt: Option<&str>, at: u32) {
        let Some(src) = src.map(str::trim).filter(|s| !s.is_empty()) else {
            return;
        };
        if self.images.len() < MAX_ITEMS {
            self.images.push(Image {
                at,
                src: decode_refs(src, true).into(),
                alt: decode_refs(alt.unwrap_or(""), true).trim().into(),
            });
        }
    }

    /// The open block ends with `len` bytes of text: what it keeps. A link
    /// still open goes on into the next block. A block without text passes
    /// its images on to the next one.
    pub(super) fn take(&mut self, len: u32) -> Taken {
        if len == 0 {
            self.pre.clear();
            self.links.clear();
            return Taken {
                pre: None,
                links: Vec::new(),
                images: Vec::new(),
            };
        }
        if let Some((href, start)) = &mut self.link
            && let Some(s) = start.take()
        {
            let href = href.clone();
            self.push_link(s, len, href);
        }
        let pre = (!self.pre.is_empty()).then(|| std::mem::take(&mut self.pre));
        Taken {
            pre: pre.map(|p| p.strip_prefix('\n').map(str::to_string).unwrap_or(p)),
            links: std::mem::take(&mut self.links),
            images: std::mem::take(&mut self.images),
        }
    }
}
