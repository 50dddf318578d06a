//! The classes of elements the reader's rules name: skipped subtrees, block
//! elements, void elements, the elements that close a `<p>`, scopes,
//! formatting and head elements, hiding styles, counted links, landmarks,
//! and the facts an element gives a block by its name alone.

use super::entities::decode_refs;
use crate::block::Markup;

/// Subtrees whose text is never page text.
pub(super) fn is_skipped(name: &str, keep_noscript: bool) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "template"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "math"
            | "canvas"
            | "img"
            | "input"
            | "video"
            | "audio"
            | "source"
            | "track"
            | "param"
            | "area"
            | "base"
            | "textarea"
    ) || (name == "noscript" && !keep_noscript)
}

/// Elements that start a block when they open and end it when they close
/// (a `prefix:` is ignored: `<a0:li>` is a block, as libxml2 reads it).
pub(super) fn is_block(name: &str) -> bool {
    let name = name.rsplit(':').next().unwrap_or(name);
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "frame"
            | "frameset"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "optgroup"
            | "option"
            | "p"
            | "plaintext"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "ul"
            | "xmp"
            | "br"
            | "select"
    )
}

/// Elements without content or end tag.
pub(super) fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
            | "frame"
            | "basefont"
            | "bgsound"
            | "image"
    )
}

/// Start tags that close an open `<p>`.
pub(super) fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "search"
            | "section"
            | "summary"
            | "ul"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "listing"
            | "form"
            | "plaintext"
            | "table"
            | "hr"
            | "xmp"
            | "li"
            | "dd"
            | "dt"
    )
}

/// Elements that stop the search of an inline end tag for its start tag
/// (HTML's "special" category, structural part).
pub(super) fn is_special(name: &str) -> bool {
    is_block(name)
        || matches!(
            name,
            "applet"
                | "button"
                | "colgroup"
                | "marquee"
                | "object"
                | "search"
                | "template"
                | "textarea"
                | "noscript"
                | "iframe"
                | "noembed"
                | "noframes"
                | "script"
                | "style"
                | "title"
        )
}

/// Elements that bound the scope in which a block end tag looks for its
/// start tag.
pub(super) fn is_scope_boundary(name: &str, closing: &str) -> bool {
    match closing {
        "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "table" | "caption" => {
            matches!(name, "table" | "template")
        }
        _ => {
            matches!(
                name,
                "applet" | "caption" | "table" | "td" | "th" | "marquee" | "object" | "template"
            ) || (closing == "p" && name == "button")
                || (closing == "li" && matches!(name, "ul" | "ol"))
        }
    }
}

/// Formatting elements (their end tag can close them out of order).
pub(super) fn is_formatting(name: &str) -> bool {
    matches!(
        name,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

/// Elements allowed inside `<head>` (any other start tag closes it).
pub(super) fn is_head_content(name: &str) -> bool {
    matches!(
        name,
        "base"
            | "basefont"
            | "bgsound"
            | "link"
            | "meta"
            | "title"
            | "noscript"
            | "noframes"
            | "style"
            | "script"
            | "template"
    )
}

/// Whether an inline style hides the element.
pub(super) fn style_hides(style: &str) -> bool {
    let b = style.as_bytes();
    let maybe = b.len() >= 4
        && b.windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"none") || w.eq_ignore_ascii_case(b"hidd"));
    if !maybe {
        return false;
    }
    let s: String = decode_refs(style, true)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    s.contains("display:none") || s.contains("visibility:hidden")
}

/// Whether an `<a href>` value counts for link characters.
pub(super) fn is_counted_href(href: &str) -> bool {
    let h = decode_refs(href, true);
    let h = h.trim_start();
    !h.starts_with('#')
        && !h
            .get(..11)
            .is_some_and(|p| p.eq_ignore_ascii_case("javascript:"))
}

/// The ARIA landmark role an element implies.
pub(super) fn landmark(name: &str) -> Option<&'static str> {
    match name {
        "nav" => Some("navigation"),
        "header" => Some("banner"),
        "footer" => Some("contentinfo"),
        "aside" => Some("complementary"),
        "main" => Some("main"),
        _ => None,
    }
}

/// Adds the facts that element `name` of a block's chain gives by its name
/// alone (heading level, list, table, form).
pub(super) fn element_facts(name: &str, m: &mut Markup) {
    match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if m.heading == 0 => {
            m.heading = name.as_bytes()[1] - b'0';
        }
        "ul" | "ol" | "dl" | "menu" | "li" | "dd" | "dt" => m.in_list = true,
        "table" => m.in_table = true,
        "form" => m.in_form = true,
        _ => {}
    }
}
