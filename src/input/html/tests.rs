//! The reader as a whole: HTML in, blocks and their markup out.

use super::*;
use std::sync::Arc;

#[test]
fn read_html_gives_blocks_with_markup_and_the_title() {
    let page = read_html(b"<title>T</title><nav><a href=/a>Home</a></nav><p>The story, told.</p>")
        .unwrap();
    let texts: Vec<&str> = page.blocks.iter().map(|b| b.text.as_ref()).collect();
    assert_eq!(texts, ["Home", "The story, told."]);
    let nav = page.blocks[0].markup.as_ref().unwrap();
    assert_eq!((nav.link_density(), &*nav.roles[0]), (1.0, "navigation"));
    assert_eq!(page.markup.title.as_deref(), Some("T"));
}

/// Texts of the blocks of `html`.
fn texts(html: &str) -> Vec<String> {
    parse(html.as_bytes())
        .unwrap()
        .blocks
        .into_iter()
        .map(|b| b.text)
        .collect()
}

/// The single block of `html`.
/// The strings of a markup list, to compare with literals.
fn strs(list: &[Arc<str>]) -> Vec<&str> {
    list.iter().map(|s| &**s).collect()
}

fn one(html: &str) -> HtmlBlock {
    let page = parse(html.as_bytes()).unwrap();
    assert_eq!(page.blocks.len(), 1, "{:?}", page.blocks);
    page.blocks.into_iter().next().unwrap()
}

#[test]
fn blocks_follow_block_elements_and_breaks() {
    let html = "<body>loose<p>One <b>bold</b> run</p>tail<div>a<br>b<hr>c</div>\
                <ul><li>x</li><li>y <a href=/>z</a></li></ul><span>s1</span><span>s2</span></body>";
    assert_eq!(
        texts(html),
        [
            "loose",
            "One bold run",
            "tail",
            "a",
            "b",
            "c",
            "x",
            "y z",
            "s1s2"
        ]
    );
}

#[test]
fn stray_br_end_tag_is_ignored() {
    assert_eq!(
        texts("<p>Featured:</br>TED Quotes</p>"),
        ["Featured:TED Quotes"]
    );
}

#[test]
fn skipped_and_hidden_subtrees() {
    let html = "<body><script>var x</script><style>p{}</style><p>seen</p>\
                <div hidden>h1</div><div style='DISPLAY: none'>h2</div>\
                <span style='visibility:hidden'>h3</span><textarea>t</textarea>\
                <svg><div>in svg</div></svg><template>tp</template></body>";
    assert_eq!(texts(html), ["seen"]);
}

#[test]
fn whitespace_is_normalised() {
    let html = "<p>\u{a0} a\u{2003}\n b\u{200b}c so\u{ad}ft z\u{200c}w \u{feff}</p><p> \u{a0} </p><p>|</p>";
    assert_eq!(texts(html), ["a b c soft zw", "|"]);
}

#[test]
fn link_characters() {
    let b = one(
        "<p>ab <a href='/x'>c d</a> <a href='#top'>ee</a> <a href='javascript:void(0)'>ff</a> <a>gg</a></p>",
    );
    assert_eq!((b.markup.chars, b.markup.link_chars), (10, 2));
}

#[test]
fn markup_facts() {
    let html = "<body><div class='post-body main_col' id=Content><nav><ul>\
                <li role=menuitem><h3>Title <span class=x>t</span></h3></li></ul></nav>\
                <form><table><tr><td>cell</td></tr></table></form></div></body>";
    let page = parse(html.as_bytes()).unwrap();
    let m = &page.blocks[0].markup;
    assert_eq!(&*m.element, "h3");
    assert_eq!(strs(&m.path), ["div", "nav", "ul", "li", "h3"]);
    assert_eq!(m.heading, 3);
    assert!(m.in_list && !m.in_table && !m.in_form);
    assert_eq!(strs(&m.roles), ["menuitem", "navigation"]);
    for t in [
        "post-body",
        "post",
        "body",
        "main_col",
        "main",
        "col",
        "content",
    ] {
        assert!(
            strs(&m.class_tokens).contains(&t),
            "{t} in {:?}",
            m.class_tokens
        );
    }
    assert_eq!(m.depth, 6);
    let cell = &page.blocks[1].markup;
    assert_eq!(&*cell.element, "td");
    assert!(cell.in_table && cell.in_form && !cell.in_list);
    assert_eq!(page.blocks[1].line, 1);
}

#[test]
fn blocks_name_the_containers_they_share() {
    let html = "<body><div class=post><p>one</p><p>two <b>bold</b></p>\
                <section><p>three</p></section></div><ul><li>four</li></ul></body>";
    let page = parse(html.as_bytes()).unwrap();
    let c: Vec<u32> = page.blocks.iter().map(|b| b.markup.container).collect();
    assert_eq!(page.blocks.len(), 4);
    // `one` and `two` (its `<b>` is inline) sit in the same `div`;
    // `three` in a `section` of it, `four` in a `ul`.
    assert_eq!(c[0], c[1]);
    assert_ne!(c[2], c[0]);
    assert_ne!(c[3], c[0]);
    assert_ne!(c[3], c[2]);
    assert!(c.iter().all(|&id| id != 0));
    let html = "<body><div><p>one</p></div><div><p>two</p></div></body>";
    let page = parse(html.as_bytes()).unwrap();
    assert_ne!(
        page.blocks[0].markup.container,
        page.blocks[1].markup.container
    );
    // Loose text is a block of `body`, which sits in `html`.
    assert_ne!(one("<body>just text</body>").markup.container, 0);
}

#[test]
fn loose_text_is_body() {
    let b = one("<body>just text</body>");
    assert_eq!((&*b.markup.element, b.markup.depth), ("body", 1));
    assert!(b.markup.path.is_empty());
}

#[test]
fn line_numbers() {
    let page = parse(b"<html>\n<body>\n<p>one</p>\n\n<p>two\nlines</p>").unwrap();
    let lines: Vec<usize> = page.blocks.iter().map(|b| b.line).collect();
    assert_eq!(lines, [3, 5]);
}

#[test]
fn title_fallbacks() {
    let title = |h: &str| parse(h.as_bytes()).unwrap().markup.title;
    assert_eq!(
        title("<title> A  b </title><h1>H</h1>").as_deref(),
        Some("A b")
    );
    assert_eq!(
        title("<meta property='og:title' content='OG'><h1>H</h1>").as_deref(),
        Some("OG")
    );
    assert_eq!(
        title("<h1>Head <i>line</i></h1>").as_deref(),
        Some("Head line")
    );
    assert_eq!(title("<p>none</p>"), None);
}

#[test]
fn noscript_is_read_when_page_is_empty() {
    let html =
        "<body><script>app()</script><noscript><p>Crawler view</p><p>Two</p></noscript></body>";
    assert_eq!(texts(html), ["Crawler view", "Two"]);
    let long = format!(
        "<p>{}</p><noscript><p>skip me</p></noscript>",
        "word ".repeat(60)
    );
    assert_eq!(texts(&long).len(), 1);
}

#[test]
fn decode_rules() {
    let d = |b: &[u8], h: Option<&str>| decode_html_bytes(b, h);
    assert_eq!(
        d(b"\xEF\xBB\xBF<meta charset=latin1>\xC3\xA9", None),
        ("<meta charset=latin1>é".into(), "UTF-8")
    );
    assert_eq!(
        d(b"<meta charset=\"iso-8859-1\">\xE9", None).1,
        "windows-1252"
    );
    assert_eq!(
        d(
            b"<meta http-equiv=Content-Type content='text/html; charset=Shift_JIS'>\x82\xA0",
            None
        ),
        (
            "<meta http-equiv=Content-Type content='text/html; charset=Shift_JIS'>あ".into(),
            "Shift_JIS"
        )
    );
    assert_eq!(
        d(b"<meta charset=latin1>\xE9", Some("utf-8")).1,
        "windows-1252"
    );
    assert_eq!(
        d(b"<meta charset=bogus-x>\xC3\xA9", None),
        ("<meta charset=bogus-x>é".into(), "UTF-8")
    );
    assert_eq!(d(b"<p>\xE9t\xE9", None), ("<p>été".into(), "windows-1252"));
    // Declared Latin-1 but bytes only valid as UTF-8 (0x9D undefined in 1252).
    assert_eq!(d(b"<meta charset=iso-8859-1>\xE2\x80\x9D", None).1, "UTF-8");
    // Nothing decodes strictly: UTF-8 with replacement.
    assert_eq!(d(b"a\x9D\x81", None), ("a\u{FFFD}\u{FFFD}".into(), "UTF-8"));
    assert_eq!(parse(b"<p>caf\xE9</p>").unwrap().encoding, "windows-1252");
}

#[test]
fn looks_like_html_detects() {
    assert!(looks_like_html(b"\xEF\xBB\xBF  \n<!DOCTYPE HTML><html>"));
    assert!(looks_like_html(b"<DIV>x</DIV>"));
    assert!(!looks_like_html(b"hello <html>"));
    assert!(!looks_like_html(b"<xml version='1.0'><rss>"));
    assert!(!looks_like_html(b""));
}

#[test]
fn binary_and_size_errors() {
    let bin = [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13];
    assert!(matches!(parse(&bin), Err(HtmlError::Binary { offset: 4 })));
    let opts = ReadOptions {
        max_bytes: 10,
        ..ReadOptions::default()
    };
    let err = parse_with(b"<p>0123456789</p>", &opts).unwrap_err();
    assert!(matches!(
        err,
        HtmlError::TooLarge {
            bytes: 17,
            limit: 10
        }
    ));
    assert!(err.to_string().contains("exceeds"));
}

#[test]
fn deep_nesting_is_bounded() {
    let n = 100_000;
    let html = format!("{}deep text{}", "<div>".repeat(n), "</div>".repeat(n));
    let t = std::time::Instant::now();
    let page = parse(html.as_bytes()).unwrap();
    assert!(t.elapsed().as_secs() < 5, "took {:?}", t.elapsed());
    assert_eq!(page.blocks[0].text, "deep text");
    assert!(page.blocks[0].markup.depth as usize <= DEFAULT_MAX_DEPTH + 2);
    let fonts: String = (0..50_000).map(|i| format!("<font size={i}>t")).collect();
    let t = std::time::Instant::now();
    assert_eq!(
        parse(fonts.as_bytes()).unwrap().blocks[0].markup.chars,
        50_000
    );
    assert!(t.elapsed().as_secs() < 5, "took {:?}", t.elapsed());
}

#[test]
fn depth_guard_drops_deep_tags_and_keeps_text() {
    let opts = ReadOptions {
        max_depth: 4,
        ..ReadOptions::default()
    };
    let html = "<div>a<div>b<div>c<div>d</div>e</div>f</div>g</div><p>h</p>";
    let page = parse_with(html.as_bytes(), &opts).unwrap();
    let texts: Vec<&str> = page.blocks.iter().map(|b| b.text.as_str()).collect();
    // `html` and `body` count: the third `<div>` and its end tag are dropped.
    assert_eq!(texts, ["a", "bcdef", "g", "h"]);
    assert!(page.blocks.iter().all(|b| b.markup.depth < 4));
}

#[test]
fn foreign_and_raw_text_edge_cases() {
    let deep_svg = format!("{}<svg><div>x</div></svg><p>after</p>", "<div>".repeat(5));
    assert_eq!(texts(&deep_svg), ["after"]);
    let svgs = "<svg><b>".repeat(20_000);
    let t = std::time::Instant::now();
    let _ = parse(svgs.as_bytes()).unwrap();
    assert!(t.elapsed().as_secs() < 5);
    assert_eq!(texts("<p a=x'y>one</br>two</p>"), ["onetwo"]);
    assert_eq!(texts("<p title='a>b'>one</br>two</p>"), ["onetwo"]);
    // A `</script>` inside a commented `document.write` does not end the script.
    let html = "<script><!--\ndocument.write('<script src=x></script>'); //-->\n</script><p>ok</p>";
    assert_eq!(texts(html), ["ok"]);
    assert_eq!(
        texts("<style>p{}</STYLE >x<xmp><b>&amp;</b></xmp>"),
        ["x", "<b>&amp;</b>"]
    );
    assert_eq!(
        texts("a<!-->b<!--->c<!-- <p>x</p> -->d<!doctype x><?pi?>e"),
        ["abcde"]
    );
    assert_eq!(texts("<plaintext><p>raw"), ["<p>raw"]);
}

#[test]
fn character_references() {
    assert_eq!(
        texts("<p>a&amp;b &lt;&gt; &copy &notit; &#x41;&#66;&#150; &bogus; &#;</p>"),
        ["a&b <> © ¬it; AB– &bogus; &#;"]
    );
    assert_eq!(texts("<p>x&nbsp;&nbsp;y&shy;z</p>"), ["x yz"]);
    let b = one("<p><a href='&#35;top'>in page</a> <a href='/x?a=1&amp;b'>out</a></p>");
    assert_eq!(b.markup.link_chars, 3);
}

#[test]
fn tree_rules() {
    // Uppercase tags, implied end tags, headings closed by any heading end tag.
    assert_eq!(texts("<P>a<P>b<UL><LI>c<LI>d</UL>"), ["a", "b", "c", "d"]);
    let page = parse(b"<h2>t</h3><p>body</p>").unwrap();
    assert_eq!(
        (page.blocks[1].markup.heading, page.blocks[1].markup.depth),
        (0, 2)
    );
    let page = parse(b"<table><tr><td>cell</table>").unwrap();
    assert_eq!(
        strs(&page.blocks[0].markup.path),
        ["table", "tbody", "tr", "td"]
    );
    // Stray inline end tags do not close blocks; a misnested link ends.
    let page = parse(b"<div>a</span>b</div><a href=/x><div>in</a>out</div>").unwrap();
    let got: Vec<(&str, u32)> = page
        .blocks
        .iter()
        .map(|b| (b.text.as_str(), b.markup.link_chars))
        .collect();
    assert_eq!(got, [("ab", 0), ("inout", 2)]);
    // Head content and late body attributes.
    let page =
        parse(b"<html class=js><head><title>T</title><meta name=x></head><body class=main-page>x")
            .unwrap();
    assert_eq!(page.markup.title.as_deref(), Some("T"));
    assert_eq!(
        strs(&page.blocks[0].markup.class_tokens),
        ["main-page", "main", "page", "js"]
    );
    assert_eq!(texts("<head><title>T</title>loose<p>p</p>"), ["loose", "p"]);
}

#[test]
fn odd_documents_do_not_fail() {
    assert!(parse(b"").unwrap().blocks.is_empty());
    assert!(
        parse(b"<script>document.write('<p>x</p>')")
            .unwrap()
            .blocks
            .is_empty()
    );
    assert_eq!(texts("<div><p><span><a href=x>open"), ["open"]);
    let frames = "<html><frameset><frame src=a><frame src=b></frameset></html>";
    assert!(parse(frames.as_bytes()).unwrap().blocks.is_empty());
    assert_eq!(texts("text only"), ["text only"]);
    assert_eq!(
        texts("<a0:ul><a0:li>one</a0:li><a0:li>two</a0:li></a0:ul>"),
        ["one", "two"]
    );
    assert_eq!(texts("<table><tr><td>a<td>b</table>"), ["a", "b"]);
    assert_eq!(texts("<svg><title>x</title>"), Vec::<String>::new());
}

#[test]
fn arbitrary_bytes_do_not_panic() {
    let mut x = 0x2545F4914F6CDD1Du64;
    for len in [1usize, 7, 100, 5000, 40_000] {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                b"<>/ =\"'a-!p\xC3\xA9\x00div"[(x % 16) as usize]
            })
            .collect();
        let _ = parse(&bytes);
        let _ = looks_like_html(&bytes);
    }
}

#[test]
fn the_head_and_the_census_say_what_the_page_declares_and_holds() {
    let html = br#"<html lang="en-GB"><head><title>Tea &amp; cake | Shop</title>
        <meta property="og:type" content="product"><meta name="Author" content=" Ann &amp; Bo ">
        <meta content="no key">
        <link rel="stylesheet canonical" href="https://shop.example/tea">
        <base href="https://shop.example/">
        <script type="application/ld+json">{"@type": "Product"}</script>
        <script>var x = 1;</script></head>
        <body><div class="product-card grid" itemscope itemtype="https://schema.org/Product">
        <button class="add-to-cart">Buy</button><img class="product-photo"><code>x</code></div>
        <div hidden class="product-card"><button>Hidden</button></div>
        <p class="product-card">Tea.</p></body></html>"#;
    let m = parse(html).unwrap().markup;
    assert_eq!(m.title.as_deref(), Some("Tea & cake | Shop"));
    assert_eq!(m.meta("og:type"), Some("product"));
    assert_eq!(m.meta("author"), Some("Ann & Bo"));
    assert_eq!(m.metas.len(), 2);
    assert_eq!(m.json_ld, [r#"{"@type": "Product"}"#]);
    assert_eq!(m.item_types, ["https://schema.org/Product"]);
    assert_eq!(m.canonical.as_deref(), Some("https://shop.example/tea"));
    assert_eq!(m.base.as_deref(), Some("https://shop.example/"));
    assert_eq!(m.lang.as_deref(), Some("en-GB"));
    assert_eq!(
        (m.count("button"), m.count("img"), m.count("code")),
        (1, 1, 1)
    );
    assert_eq!(m.count("blink"), 0);
    let count = |token: &str| {
        m.class_tokens
            .iter()
            .find(|(t, _)| &**t == token)
            .map_or(0, |(_, n)| *n)
    };
    // Hidden elements and their subtrees are not counted.
    assert_eq!(count("product-card"), 2);
    assert_eq!(count("product"), 3);
    assert_eq!(count("cart"), 1);
}

#[test]
fn blocks_know_their_list_table_pre_links_and_images() {
    let html = br#"<body><ol><li>First <a href="/a?x=1&amp;y=2">step</a></li>
        <li>Second<ul><li>Nested</li></ul></li></ol>
        <table><tr><th>Name</th><th>Size</th></tr><tr><td>Tea</td><td><p>Big</p></td></tr></table>
        <pre>fn main() {
    println!("hi");
}</pre>
        <figure><img src="/cat.png" alt=" A cat "></figure><p>Caption <img src="x.gif">here.</p>
        <p><a href="/one">One</a> and <a href="/two">two</a></p></body>"#;
    let blocks = parse(html).unwrap().blocks;
    let by = |text: &str| &blocks.iter().find(|b| b.text == text).unwrap().markup;
    let first = by("First step");
    assert_eq!(
        first.list,
        Some(crate::block::ListItem {
            depth: 1,
            ordered: true,
            number: 1
        })
    );
    assert_eq!(first.links.len(), 1);
    assert_eq!(&*first.links[0].href, "/a?x=1&y=2");
    assert_eq!(
        &"First step"[first.links[0].start as usize..first.links[0].end as usize],
        "step"
    );
    assert_eq!(by("Second").list.unwrap().number, 2);
    let nested = by("Nested").list.unwrap();
    assert_eq!((nested.depth, nested.ordered, nested.number), (2, false, 1));
    let name = by("Name").cell.unwrap();
    assert_eq!((name.row, name.column, name.header), (1, 1, true));
    let big = by("Big").cell.unwrap();
    assert_eq!(
        (big.table, big.row, big.column, big.header),
        (name.table, 2, 2, false)
    );
    assert!(by("Tea").list.is_none());
    let code = blocks
        .iter()
        .find(|b| b.text.starts_with("fn main"))
        .unwrap();
    assert_eq!(
        code.markup.pre.as_deref(),
        Some("fn main() {\n    println!(\"hi\");\n}")
    );
    // The image of the empty figure goes with the next block.
    let caption = by("Caption here.");
    let srcs: Vec<&str> = caption.images.iter().map(|i| &*i.src).collect();
    assert_eq!(srcs, ["/cat.png", "x.gif"]);
    assert_eq!(&*caption.images[0].alt, "A cat");
    assert_eq!((caption.images[0].at, caption.images[1].at), (0, 8));
    let two = by("One and two");
    let spans: Vec<(u32, u32)> = two.links.iter().map(|l| (l.start, l.end)).collect();
    assert_eq!(spans, [(0, 3), (8, 11)]);
}

#[test]
fn elements_that_say_who_wrote_a_page_and_when_are_captured() {
    use super::head::CaptureKind;
    let html = br#"<body><article><header><h1>Title</h1>
        <span class="byline">By <a rel="author" href="/ann">Ann Lee</a></span>
        <time datetime="2024-05-03T10:00:00+02:00" pubdate>May 3, 2024</time></header>
        <div itemprop="author" itemscope><span itemprop="name">Ann  Lee</span></div>
        <p>Story.</p></article>
        <aside class="sidebar"><time datetime="2020-01-01">Old</time></aside>
        <div hidden class="author">Ghost</div></body>"#;
    let mut m = parse(html).unwrap().markup;
    assert_eq!(m.captures[0].kind, CaptureKind::Heading);
    assert_eq!(m.captures.remove(0).text, "Title");
    let kinds: Vec<String> = m
        .captures
        .iter()
        .map(|c| format!("{:?}", c.kind).chars().take(6).collect())
        .collect();
    assert_eq!(
        kinds,
        ["Byline", "RelAut", "Time {", "ItemPr", "ItemPr", "Time {"],
        "{:?}",
        m.captures
    );
    assert_eq!(m.captures[0].text, "By Ann Lee");
    assert!(m.captures[0].in_article && !m.captures[0].aside);
    assert_eq!(m.captures[1].text, "Ann Lee");
    match &m.captures[2].kind {
        CaptureKind::Time {
            datetime,
            published,
        } => {
            assert_eq!(datetime.as_deref(), Some("2024-05-03T10:00:00+02:00"));
            assert!(published);
        }
        other => panic!("{other:?}"),
    }
    match &m.captures[4].kind {
        CaptureKind::ItemProp { prop, within, .. } => {
            assert_eq!((prop.as_str(), within.as_deref()), ("name", Some("author")));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(m.captures[4].text, "Ann Lee");
    let last = &m.captures[5];
    assert!(last.aside && last.context.contains("sidebar"), "{last:?}");
}
