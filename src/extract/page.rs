//! [`Page`]: a page to clean, as it arrived, and the blocks it reads into.

use crate::block::Block;
use crate::error::HtmlError;
use crate::features::PageFacts;
use crate::input::html::{PageMarkup, ReadOptions, read_html_with};
use crate::input::text::read_text;

/// A page to clean, as it arrived: plain text (one paragraph a line), or
/// HTML as bytes (read in the charset the page declares) or as text already
/// decoded; with the HTTP charset and the page's address where known.
///
/// ```
/// use declutter::Page;
/// let text = Page::text("Home\nThe story, in full.\n");
/// let html = Page::html(b"<p>Caf\xe9</p>").with_charset("ISO-8859-1").with_url("https://example.org/a");
/// assert!(!text.is_html() && html.is_html());
/// assert_eq!(html.url(), Some("https://example.org/a"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page<'a> {
    source: Source<'a>,
    charset: Option<&'a str>,
    url: Option<&'a str>,
}

/// What a page's content is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source<'a> {
    /// Plain text, one paragraph a line.
    Text(&'a str),
    /// HTML bytes as fetched.
    Html(&'a [u8]),
    /// HTML already decoded to text (a JSON string, a Python `str`).
    HtmlText(&'a str),
}

/// A page read into its blocks, not yet labelled: what [`Page::read`]
/// gives, or blocks read elsewhere ([`ReadPage::from_blocks`]), for
/// [`crate::Cleaner::classify`].
///
/// ```
/// use declutter::{Block, Page, ReadPage};
/// let read = Page::html(b"<title>T</title><nav><a href=/>Home</a></nav><p>The story, told.</p>").read()?;
/// assert_eq!(read.blocks[1].text, "The story, told.");
/// assert_eq!(read.blocks[0].markup.as_ref().unwrap().link_density(), 1.0);
/// assert_eq!(read.title(), Some("T"));
/// let mine = ReadPage::from_blocks(Block::from_texts(["Home", "The story."])).with_url("https://example.org/a");
/// assert_eq!((mine.title(), mine.url.as_deref()), (None, Some("https://example.org/a")));
/// # Ok::<(), declutter::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ReadPage<'a> {
    /// The page's blocks, in document order.
    pub blocks: Vec<Block<'a>>,
    /// The page's address, as given.
    pub url: Option<String>,
    /// What an HTML page's markup says of the whole page.
    pub(crate) markup: Option<Box<PageMarkup>>,
}

impl<'a> ReadPage<'a> {
    /// A page of blocks read elsewhere (another reader, a labelled corpus).
    pub fn from_blocks(blocks: Vec<Block<'a>>) -> Self {
        ReadPage {
            blocks,
            url: None,
            markup: None,
        }
    }

    /// The page with its address.
    pub fn with_url(self, url: impl Into<String>) -> Self {
        ReadPage {
            url: Some(url.into()),
            ..self
        }
    }

    /// An HTML page's `<title>`, else its `og:title` meta, else its first `<h1>`.
    pub fn title(&self) -> Option<&str> {
        self.markup.as_ref()?.title.as_deref()
    }

    /// What the page says of itself beside its blocks, for the featurizer.
    pub(crate) fn facts(&self) -> PageFacts<'_> {
        PageFacts {
            markup: self.markup.as_deref(),
            url: self.url.as_deref(),
        }
    }

    /// Whether the page was read from HTML (its blocks carry markup).
    pub fn is_html(&self) -> bool {
        self.markup.is_some() || self.blocks.iter().any(|b| b.markup.is_some())
    }
}

impl<'a> Page<'a> {
    /// A plain-text page: every non-blank line is a block.
    pub fn text(text: &'a str) -> Self {
        Page::of(Source::Text(text))
    }

    /// An HTML page's bytes as fetched: read in the charset the HTTP header
    /// gives ([`Page::with_charset`]), else the one the page declares (byte
    /// order mark, `<meta charset>`), else UTF-8, else Windows-1252.
    pub fn html(bytes: &'a [u8]) -> Self {
        Page::of(Source::Html(bytes))
    }

    /// An HTML page already decoded to text (a JSON string, a Python `str`):
    /// read as the text it is, whatever charset its `<meta>` declares.
    pub fn html_text(html: &'a str) -> Self {
        Page::of(Source::HtmlText(html))
    }

    fn of(source: Source<'a>) -> Self {
        Page {
            source,
            charset: None,
            url: None,
        }
    }

    /// The charset of the HTTP `Content-Type` header, which comes before the
    /// page's own declaration (HTML bytes only).
    pub fn with_charset(self, charset: &'a str) -> Self {
        Page {
            charset: Some(charset),
            ..self
        }
    }

    /// The page's address.
    pub fn with_url(self, url: &'a str) -> Self {
        Page {
            url: Some(url),
            ..self
        }
    }

    /// Whether the page is HTML.
    pub fn is_html(&self) -> bool {
        !matches!(self.source, Source::Text(_))
    }

    /// The page's address, where given.
    pub fn url(&self) -> Option<&'a str> {
        self.url
    }

    /// Reads the page into its blocks, without labelling them; the only
    /// errors are HTML that cannot be read (too large, binary).
    pub fn read(&self) -> Result<ReadPage<'a>, HtmlError> {
        let url = self.url.map(str::to_string);
        let (bytes, charset) = match self.source {
            Source::Text(text) => {
                return Ok(ReadPage {
                    url,
                    ..ReadPage::from_blocks(read_text(text))
                });
            }
            Source::Html(bytes) => (bytes, self.charset),
            Source::HtmlText(text) => (text.as_bytes(), Some("utf-8")),
        };
        let options = ReadOptions {
            http_charset: charset.map(str::to_string),
            ..ReadOptions::default()
        };
        let page = read_html_with(bytes, &options)?;
        Ok(ReadPage {
            blocks: page.blocks,
            url,
            markup: Some(Box::new(page.markup)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(page: Page) -> Vec<String> {
        let read = page.read().unwrap();
        read.blocks
            .into_iter()
            .map(|b| b.text.into_owned())
            .collect()
    }

    #[test]
    fn each_source_reads_as_it_should() {
        assert_eq!(texts(Page::text("a\n\nb")), ["a", "b"]);
        assert_eq!(texts(Page::html(b"<p>a</p><p>b</p>")), ["a", "b"]);
        let declared = "<meta charset=\"windows-1252\"><p>Café</p>";
        assert_eq!(texts(Page::html_text(declared)), ["Café"]);
        let latin1 = Page::html(b"<p>Caf\xe9</p>").with_charset("ISO-8859-1");
        assert_eq!(texts(latin1), ["Caf\u{e9}"]);
        let html = Page::html(b"<title>T</title><p>x</p>").with_url("u");
        let read = html.read().unwrap();
        assert_eq!((read.title(), read.url.as_deref()), (Some("T"), Some("u")));
        assert!(read.is_html());
        let text = Page::text("T").read().unwrap();
        assert_eq!(text.title(), None);
        assert!(!text.is_html());
    }
}
