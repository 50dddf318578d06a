//! HTML pages: on the command line (files, gzipped files, standard input,
//! hostile inputs), in training and evaluation from an HTML folder.

mod common;

use assert_cmd::Command;
use std::fs;
use std::io::Write;
use std::path::Path;

fn declutter() -> Command {
    Command::cargo_bin("declutter").unwrap()
}

/// A news page: a menu, an article with its headline, a related list, a footer.
const PAGE: &str = r#"<!doctype html><html><head><meta charset="utf-8"><title>Harbour barrier approved</title>
<script>var x = "<p>not text</p>";</script></head><body>
<header><nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<article class="story"><h1>Town council approves new flood barrier for the old harbour</h1>
<p class="byline">By Jane Smith</p>
<p>The town council voted on Tuesday evening to build a flood barrier across the old harbour, after two winters of storms left the quay under water for weeks.</p>
<p>The barrier will cost 4.2 million euros and should be finished before the winter of 2026, the mayor told reporters after the vote.</p>
<p style="display:none">Hidden text</p></article>
<aside class="related-posts"><h3>Related</h3><ul><li><a href="/a">Bridge repairs delayed again</a></li><li><a href="/b">Storm damage costs rise</a></li></ul></aside>
<footer><p>&copy; 2024 The Daily Example. All rights reserved.</p></footer></body></html>"#;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (
        out.status.code().unwrap_or(-1),
        text(out.stdout),
        text(out.stderr),
    )
}

#[test]
fn html_files_plain_and_gzipped_are_read_as_html_and_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("page.html");
    let gz = dir.path().join("page.htm.gz");
    fs::write(&plain, PAGE).unwrap();
    fs::write(&gz, gzip(PAGE.as_bytes())).unwrap();
    for path in [&plain, &gz] {
        let (code, out, err) = run(declutter().arg("clean").arg(path));
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("The town council voted on Tuesday evening"),
            "{out}"
        );
        assert!(
            !out.contains("not text") && !out.contains("Hidden text") && !out.contains('<'),
            "{out}"
        );
        assert!(!out.contains("All rights reserved"), "{out}");
    }
}

#[test]
fn standard_input_is_sniffed_and_input_forces_the_kind() {
    let (code, out, _) = run(declutter().arg("clean").write_stdin(PAGE));
    assert_eq!(code, 0);
    assert!(
        out.contains("The town council voted") && !out.contains("<p>"),
        "{out}"
    );
    // Read as text, every line of markup is a paragraph and no tag is removed.
    let (code, out, _) = run(declutter()
        .args(["classify", "--input", "text"])
        .write_stdin(PAGE));
    assert_eq!(code, 0);
    assert!(out.contains("<p>The town council"), "{out}");
}

#[test]
fn classify_jsonl_gives_each_html_block_its_element_path_and_link_density() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.html");
    fs::write(&path, PAGE).unwrap();
    let (code, out, err) = run(declutter()
        .args(["classify", "--format", "jsonl"])
        .arg(&path));
    assert_eq!(code, 0, "{err}");
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let home = rows.iter().find(|r| r["text"] == "Home").unwrap();
    assert_eq!(home["link_density"], 1.0);
    assert!(
        home["element_path"]
            .as_str()
            .unwrap()
            .ends_with("nav > ul > li"),
        "{home}"
    );
    let body = rows
        .iter()
        .find(|r| r["text"].as_str().unwrap().starts_with("The barrier"))
        .unwrap();
    assert_eq!(body["link_density"], 0.0);
    assert_eq!(body["element_path"], "article > p");
}

#[test]
fn hostile_html_inputs_get_a_result_or_a_clear_error_and_the_others_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        path
    };
    let deep = format!(
        "{}deep text{}",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let good = write("good.html", PAGE.as_bytes());
    let gz = gzip(PAGE.as_bytes());
    let inputs = [
        write("deep.html", deep.as_bytes()),
        write(
            "unclosed.html",
            "<div><p><span><a href=x>text ".repeat(20_000).as_bytes(),
        ),
        write("script.html", b"<script>while(1){}</script>"),
        write("frames.html", b"<frameset><frame src=a.html></frameset>"),
        write("nobody.html", b"<p>No body at all, just a paragraph."),
        write(
            "wrong-charset.html",
            b"<meta charset=klingon><p>caf\xe9 cr\xe8me</p>",
        ),
        write("binary.html", b"\x7fELF\x00\x00\x00\x01\x02\x03"),
        write("truncated.html.gz", &gz[..gz.len() / 2]),
        good,
    ];
    let started = std::time::Instant::now();
    let (code, out, err) = run(declutter().arg("clean").args(&inputs));
    assert!(
        started.elapsed().as_secs() < 60,
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("The town council voted"),
        "the good page is still cleaned: {out}"
    );
    assert!(
        err.contains("binary.html") && err.contains("binary"),
        "{err}"
    );
    assert!(err.contains("truncated.html.gz"), "{err}");
    assert_eq!(
        err.lines().count(),
        2,
        "only the two unreadable pages fail: {err}"
    );
    let (code, out, _) = run(declutter().arg("classify").arg(&inputs[5]));
    assert_eq!(code, 0);
    assert!(
        out.contains("café crème"),
        "an unknown charset falls back to UTF-8, then Windows-1252: {out}"
    );
}

#[test]
fn train_and_eval_read_labelled_pages_from_their_html() {
    let dir = tempfile::tempdir().unwrap();
    let html_dir = dir.path().join("html");
    fs::create_dir(&html_dir).unwrap();
    let corpus = common::corpus(30);
    let mut jsonl = String::new();
    for (i, page) in corpus.pages.iter().enumerate() {
        let id = format!("p{i}");
        let body: String = page
            .paragraphs
            .iter()
            .map(|p| match p.label {
                declutter::Label::Content => format!("<p>{}</p>", escape(&p.text)),
                _ => format!("<li><a href=\"/x\">{}</a></li>", escape(&p.text)),
            })
            .collect();
        fs::write(
            html_dir.join(format!("{id}.html.gz")),
            gzip(format!("<body>{body}</body>").as_bytes()),
        )
        .unwrap();
        let paragraphs: Vec<_> = page
            .paragraphs
            .iter()
            .map(|p| serde_json::json!({"text": p.text, "label": p.label}))
            .collect();
        jsonl.push_str(&serde_json::json!({"id": id, "paragraphs": paragraphs}).to_string());
        jsonl.push('\n');
    }
    let data = dir.path().join("pages.jsonl");
    fs::write(&data, jsonl).unwrap();
    let model = dir.path().join("html-model.json");
    let (code, out, err) = run(declutter()
        .args(["train", "--min-df", "1", "--max-iterations", "60", "--data"])
        .arg(&data)
        .arg("--html-dir")
        .arg(&html_dir)
        .arg("--out")
        .arg(&model));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("HTML: 30 pages read"), "{err}");
    let n = corpus.n_paragraphs();
    assert!(
        err.contains(&format!("{n} of the {n} labelled paragraphs matched")),
        "{err}"
    );
    assert!(out.contains("trained on 30 pages"), "{out}");
    let saved: serde_json::Value = serde_json::from_slice(&fs::read(&model).unwrap()).unwrap();
    let groups: Vec<&str> = saved["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["terms", "shape", "page", "section", "markup"]);
    let (code, out, err) = run(declutter()
        .args(["eval", "--json", "--model"])
        .arg(&model)
        .arg("--data")
        .arg(&data)
        .arg("--html-dir")
        .arg(&html_dir));
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["paragraphs"], n as u64);
    assert!(
        report["content_tokens"]["f1"].as_f64().unwrap() > 0.8,
        "{report}"
    );
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

#[test]
fn a_missing_html_folder_page_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("pages.jsonl");
    fs::write(&data, common::corpus_jsonl(3)).unwrap();
    let (code, _, err) = run(declutter()
        .args(["eval", "--data"])
        .arg(&data)
        .arg("--html-dir")
        .arg(Path::new("/nonexistent-folder")));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("0 pages read (3 without an HTML file"),
        "{err}"
    );
}

#[test]
fn hostile_structure_and_facts_give_every_format_and_nothing_panics() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, body: String| {
        let path = dir.path().join(name);
        fs::write(&path, body).unwrap();
        path
    };
    let story = "<p>The council voted on Tuesday to build a flood barrier across the old harbour, after two winters of storms.</p>";
    let deep_json = format!(
        "{}{{\"@type\":\"Article\",\"datePublished\":\"2024-01-02\"}}{}",
        "[".repeat(1000),
        "]".repeat(1000)
    );
    let row: String = (0..10_000).map(|i| format!("<td>c{i}</td>")).collect();
    let pre = format!("<pre>{}</pre>", "let x = 1;\n".repeat(1_000_000));
    let inputs = [
        write(
            "not-json.html",
            format!("<script type='application/ld+json'>{{not json</script><h1>T</h1>{story}"),
        ),
        write(
            "year-99999.html",
            format!(
                "<script type='application/ld+json'>{{\"@type\":\"NewsArticle\",\"datePublished\":\"99999-01-01\",\"author\":{{\"name\":\"\"}}}}</script>{story}"
            ),
        ),
        write(
            "deep-json.html",
            format!("<script type='application/ld+json'>{deep_json}</script>{story}"),
        ),
        write(
            "garbage-time.html",
            format!("<time datetime='garbage \u{1F600} 2024-99-99'>yesterday-ish</time>{story}"),
        ),
        write(
            "wide-table.html",
            format!("{story}<table><tr>{row}</tr><tr>{row}</tr></table>"),
        ),
        write("big-pre.html", format!("{story}{pre}")),
    ];
    for format in ["text", "markdown", "json"] {
        let mut args = vec!["clean", "--format", format];
        if format == "markdown" {
            args.extend(["--links", "--images"]);
        }
        let (code, out, err) = run(declutter().args(&args).args(&inputs));
        assert_eq!(code, 0, "{format}: {err}");
        assert_eq!(
            out.matches("flood barrier").count(),
            inputs.len(),
            "{format}: every page comes out once"
        );
        if format == "json" {
            let pages: Vec<serde_json::Value> = out
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            assert_eq!(pages.len(), inputs.len());
            // An impossible date is absent, never invented or clipped.
            assert_eq!(pages[1]["date"], serde_json::Value::Null, "{}", pages[1]);
            assert_eq!(pages[3]["date"], serde_json::Value::Null, "{}", pages[3]);
        }
    }
}

#[test]
fn clean_formats_markdown_headline_json_options_and_a_known_page_type() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/page.html");
    let (code, markdown, err) = run(declutter()
        .args(["clean", "--format", "markdown"])
        .arg(&example));
    assert_eq!(code, 0, "{err}");
    assert!(
        markdown.starts_with("# Town council approves new flood barrier for the old harbour\n\n"),
        "{markdown}"
    );
    let json = |extra: &[&str]| -> serde_json::Value {
        let (code, out, err) = run(declutter()
            .args(["clean", "--format", "json"])
            .args(extra)
            .arg(&example));
        assert_eq!(code, 0, "{err}");
        assert_eq!(out.lines().count(), 1, "one object, one line");
        serde_json::from_str(&out).unwrap()
    };
    let plain = json(&[]);
    assert!(plain.get("markdown").is_none() && plain.get("blocks").is_none());
    let full = json(&["--with-markdown", "--blocks"]);
    assert_eq!(
        Some(full["markdown"].as_str().unwrap()),
        markdown.strip_suffix('\n')
    );
    let blocks = full["blocks"].as_array().unwrap();
    let kept: Vec<&str> = (blocks.iter())
        .filter(|b| b["kept"] == true)
        .map(|b| b["text"].as_str().unwrap())
        .collect();
    assert!(kept.iter().any(|t| t.starts_with("The town council voted")));
    assert!(
        blocks
            .iter()
            .all(|b| b["label"].is_string() && b["probabilities"]["related"].is_number())
    );
    let told = json(&["--page-type", "listing"]);
    assert_eq!(
        (&told["page_type"], &told["page_type_probability"]),
        (&"listing".into(), &1.0.into())
    );

    let (code, out, err) = run(declutter()
        .args(["clean", "--page-type", "blog"])
        .arg(&example));
    assert_eq!(
        (code, out.as_str()),
        (2, ""),
        "a type that does not exist is refused before any page"
    );
    assert!(err.contains("blog") && err.contains("article"), "{err}");
}
