//! [`Block`]: one paragraph of a page, whatever the page was read from.
//!
//! Every input (plain text, HTML) produces blocks; features, model, decoding
//! and cleaning take blocks and never ask where they came from. A block read
//! from plain text has no [`Markup`]; one read from HTML carries the facts its
//! markup gives.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

/// One paragraph of a page: its text, where it sits in the input, and the
/// facts its markup gave (none for plain text).
///
/// ```
/// use declutter::Block;
/// let blocks = Block::from_texts(["Home", "The article starts here."]);
/// assert_eq!(blocks[1].text, "The article starts here.");
/// assert_eq!((blocks[1].line, blocks[1].span.clone()), (2, Some(5..29)));
/// assert!(blocks[1].markup.is_none());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Block<'a> {
    /// The block's text: for plain text, the line exactly as in the input,
    /// without its line end; for HTML, the block's visible text with its
    /// whitespace collapsed.
    pub text: Cow<'a, str>,
    /// The byte range of the block's text in the input, for plain text;
    /// `None` for HTML, whose blocks are assembled from runs of text between
    /// tags, with character references resolved and whitespace collapsed.
    pub span: Option<Range<usize>>,
    /// The 1-based line of the input where the block starts.
    pub line: usize,
    /// What the markup says of the block; `None` for plain text.
    pub markup: Option<Box<Markup>>,
}

impl<'a> Block<'a> {
    /// A block of plain text.
    pub fn text(text: &'a str, span: Range<usize>, line: usize) -> Self {
        Block {
            text: Cow::Borrowed(text),
            span: Some(span),
            line,
            markup: None,
        }
    }

    /// Plain-text blocks of paragraphs given one by one, numbered and placed
    /// as if they were the lines of one text joined by `\n`.
    pub fn from_texts<I>(texts: I) -> Vec<Block<'a>>
    where
        I: IntoIterator<Item = &'a str>,
    {
        let mut start = 0;
        texts
            .into_iter()
            .enumerate()
            .map(|(i, text)| {
                let block = Block::text(text, start..start + text.len(), i + 1);
                start += text.len() + 1;
                block
            })
            .collect()
    }
}

/// What the markup of an HTML page says of one block.
///
/// Its names and tokens are shared strings (`Arc<str>`): the reader keeps
/// one copy of each distinct name and token of a page, which all the page's
/// blocks share, instead of a `String` per block and per ancestor.
///
/// ```
/// use declutter::Markup;
/// let markup = Markup { element: "li".into(), in_list: true, chars: 10, link_chars: 10, ..Markup::default() };
/// assert_eq!(markup.link_density(), 1.0);
/// assert_eq!(&*markup.element, "li");
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Markup {
    /// The element that opened the block (lowercase tag name: `p`, `li`,
    /// `td`, `h2`, `div`; `body` for loose text).
    pub element: Arc<str>,
    /// Tag names of the block's ancestors, outermost first, ending with
    /// [`Markup::element`] (at most the innermost 16).
    pub path: Vec<Arc<str>>,
    /// Lowercased class and id tokens of the block's element and its
    /// ancestors, whole and split at `-` and `_`.
    pub class_tokens: Vec<Arc<str>>,
    /// ARIA roles and landmark elements of the chain (`navigation`,
    /// `banner`, `contentinfo`, `complementary`, `main`).
    pub roles: Vec<Arc<str>>,
    /// Non-space characters of the block's text.
    pub chars: u32,
    /// Of those, the ones inside links to other pages.
    pub link_chars: u32,
    /// 1 to 6 inside `h1` to `h6`, else 0.
    pub heading: u8,
    /// Inside a list (`ul`, `ol`, `dl`, `menu`).
    pub in_list: bool,
    /// Inside a table.
    pub in_table: bool,
    /// Inside a form.
    pub in_form: bool,
    /// The element depth of the block below the document's root.
    pub depth: u16,
    /// The element that holds [`Markup::element`], as a number unique to
    /// that element on its page: blocks with the same number sit in the same
    /// element (0: none, for a block of the root element).
    pub container: u32,
    /// Where the block stands in a list, when it is (in) a list item.
    pub list: Option<ListItem>,
    /// Where the block stands in a table, when it is (in) a cell.
    pub cell: Option<Cell>,
    /// The block's text with its whitespace as written, when it is inside
    /// a `<pre>` (code, verse).
    pub pre: Option<String>,
    /// The links in the block's text, in order.
    pub links: Vec<Link>,
    /// The images shown with the block (visible `<img>` inside it, or just
    /// before it), in order.
    pub images: Vec<Image>,
}

/// Where a block stands in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListItem {
    /// How many lists hold the item (1: a top-level list).
    pub depth: u8,
    /// Whether the innermost list is numbered (`<ol>`).
    pub ordered: bool,
    /// The item's position in its list, from 1.
    pub number: u32,
}

/// Where a block stands in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cell {
    /// The table's number on its page (blocks of one table share it).
    pub table: u32,
    /// The cell's row in its table, from 1.
    pub row: u32,
    /// The cell's column in its row, from 1.
    pub column: u32,
    /// Whether it is a header cell (`<th>`).
    pub header: bool,
}

/// A link in a block's text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Link {
    /// Where the link's text starts and ends in the block's text (bytes).
    pub start: u32,
    /// See [`Link::start`].
    pub end: u32,
    /// The link's target, as written (references decoded, not resolved).
    pub href: Box<str>,
}

/// An image shown with a block.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Image {
    /// Where in the block's text the image stands (bytes).
    pub at: u32,
    /// The image's address, as written.
    pub src: Box<str>,
    /// Its alternative text.
    pub alt: Box<str>,
}

impl Markup {
    /// The share of the block's characters that are link text (0 for no text).
    pub fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }
}
