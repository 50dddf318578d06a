//! What a page says of itself beside its blocks: its title, from
//! `<title>`, else the `og:title` meta, else the first `<h1>`.

use super::blocks::normalize;
use super::entities::decode_refs;
use super::lexer::Attrs;

/// The title candidates met while reading, in raw form until the end.
#[derive(Debug, Default)]
pub(super) struct Head {
    /// The first `<title>` element's text, references decoded.
    title: Option<String>,
    /// The first `og:title` meta's content, references decoded.
    og_title: Option<String>,
    /// The first `<h1>`'s text (hidden parts too), references decoded.
    h1: Option<String>,
    /// Where the first `<h1>` is on the stack of open elements while its
    /// text is being collected.
    h1_at: Option<usize>,
}

impl Head {
    /// A `<title>` element's raw text.
    pub(super) fn title_element(&mut self, raw: &str) {
        if self.title.is_none() {
            self.title = Some(decode_refs(raw, false).into_owned());
        }
    }

    /// A `<meta>` tag's attributes.
    pub(super) fn meta(&mut self, attrs: &Attrs) {
        if self.og_title.is_none()
            && attrs.property == Some("og:title")
            && let Some(c) = attrs.content
        {
            self.og_title = Some(decode_refs(c, true).into_owned());
        }
    }

    /// An element opening at stack index `at`.
    pub(super) fn open(&mut self, name: &str, at: usize) {
        if name == "h1" && self.h1.is_none() {
            self.h1 = Some(String::new());
            self.h1_at = Some(at);
        }
    }

    /// The element at stack index `at` closing.
    pub(super) fn close(&mut self, at: usize) {
        if self.h1_at == Some(at) {
            self.h1_at = None;
        }
    }

    /// Raw character data met while reading (in `<body>` or out of it).
    pub(super) fn text(&mut self, raw: &str) {
        if self.h1_at.is_some()
            && let Some(h1) = self.h1.as_mut()
        {
            h1.push_str(&decode_refs(raw, false));
        }
    }

    /// The page's title: the first non-empty of `<title>`, `og:title` and
    /// the first `<h1>`, whitespace normalised.
    pub(super) fn into_title(self) -> Option<String> {
        [self.title, self.og_title, self.h1]
            .into_iter()
            .flatten()
            .map(|t| normalize(&t).0)
            .find(|t| !t.is_empty())
    }
}
