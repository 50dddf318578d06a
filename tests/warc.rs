//! `declutter clean --warc`: WARC and WET files in, one JSON Lines record a
//! page out, with bad records reported by file and offset.

use assert_cmd::Command;
use flate2::{Compression, write::GzEncoder};
use serde_json::Value;
use std::io::Write;
use std::path::Path;

const TEXT_PAGE: &str = include_str!("../examples/page.txt");
const HTML_PAGE: &str = include_str!("../examples/page.html");

fn declutter() -> Command {
    Command::cargo_bin("declutter").unwrap()
}

fn record(kind: &str, url: &str, extra: &str, content: &[u8]) -> Vec<u8> {
    let mut bytes = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2026-11-30T12:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:{url}>\r\n{extra}Content-Length: {}\r\n\r\n",
        content.len()
    )
    .into_bytes();
    bytes.extend_from_slice(content);
    bytes.extend_from_slice(b"\r\n\r\n");
    bytes
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

fn http(html: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}").into_bytes()
}

/// What `declutter clean FILE` prints for a page.
fn clean_file(path: &Path) -> String {
    let out = declutter().arg("clean").arg(path).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn rows(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn wet_and_warc_pages_come_out_in_order_as_clean_prints_them_and_bad_records_are_reported() {
    let records = [
        record("warcinfo", "info", "", b"software: test\r\n"),
        record(
            "conversion",
            "text",
            "WARC-Identified-Content-Language: eng,fra\r\n",
            TEXT_PAGE.as_bytes(),
        ),
        record("request", "html", "", b"GET / HTTP/1.1\r\n\r\n"),
        record("response", "html", "", &http(HTML_PAGE)),
        b"WARC/1.0\r\nWARC-Type: conversion\r\n\r\nno length\r\n\r\n".to_vec(),
        record("conversion", "last", "", b"Home\nMenu\n"),
    ];
    let offset_of_bad: usize = records[..4].iter().map(|r| gzip(r).len()).sum();
    let file: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.warc.gz");
    std::fs::write(&path, file).unwrap();
    let out = declutter()
        .args(["clean", "--warc"])
        .arg(&path)
        .assert()
        .code(1);
    let rows = rows(&out.get_output().stdout);
    let urls: Vec<&str> = rows.iter().map(|r| r["url"].as_str().unwrap()).collect();
    assert_eq!(urls, ["text", "html", "last"]);
    assert_eq!(rows[0]["language"], "en"); // the record's own, as ISO 639-1
    assert_eq!(rows[0]["warc_record_id"], "<urn:uuid:text>");
    assert_eq!(rows[0]["date"], "2026-11-30T12:00:00Z");
    assert!(rows[0].get("title").is_none());
    assert_eq!(rows[1]["language"], "en"); // identified from the page's text
    assert!(
        rows[1]["title"]
            .as_str()
            .unwrap()
            .starts_with("Town council approves")
    );
    std::fs::write(dir.path().join("page.txt"), TEXT_PAGE).unwrap();
    std::fs::write(dir.path().join("page.html"), HTML_PAGE).unwrap();
    assert_eq!(rows[0]["text"], clean_file(&dir.path().join("page.txt")));
    assert_eq!(rows[1]["text"], clean_file(&dir.path().join("page.html")));
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let expected = format!(
        "{}: at byte {offset_of_bad} (gzip member; byte ",
        path.display()
    );
    assert!(
        err.contains(&expected) && err.contains("no Content-Length; skipped"),
        "{err}"
    );
}

#[test]
fn a_truncated_file_ends_with_an_error_after_its_records_and_the_next_file_is_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let whole = record("conversion", "first", "", TEXT_PAGE.as_bytes());
    let mut cut = [
        whole.clone(),
        record("conversion", "second", "", TEXT_PAGE.as_bytes()),
    ]
    .concat();
    cut.truncate(whole.len() + 200);
    let truncated = dir.path().join("cut.wet");
    std::fs::write(&truncated, cut).unwrap();
    let next = dir.path().join("next.wet.gz");
    std::fs::write(
        &next,
        gzip(&record("conversion", "third", "", TEXT_PAGE.as_bytes())),
    )
    .unwrap();
    let out = declutter()
        .args(["clean", "--warc"])
        .arg(&truncated)
        .arg(dir.path().join("absent.warc"))
        .arg(&next)
        .assert()
        .code(1);
    let rows = rows(&out.get_output().stdout);
    let urls: Vec<&str> = rows.iter().map(|r| r["url"].as_str().unwrap()).collect();
    assert_eq!(urls, ["first", "third"]);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let expected = format!(
        "{}: at byte {}: the file ends inside a record",
        truncated.display(),
        whole.len()
    );
    assert!(err.contains(&expected), "{err}");
    assert!(err.contains("absent.warc"), "{err}");
}

#[test]
fn standard_input_is_read_and_a_clean_run_exits_zero() {
    let file = record("conversion", "stdin", "", TEXT_PAGE.as_bytes());
    let out = declutter()
        .args(["clean", "--warc", "-j", "1"])
        .write_stdin(file)
        .assert()
        .success();
    let rows = rows(&out.get_output().stdout);
    assert_eq!(rows.len(), 1);
    assert!(
        rows[0]["text"]
            .as_str()
            .unwrap()
            .contains("The town council voted")
    );
}

#[test]
fn records_take_the_format_markdown_in_the_text_field_and_json_facts_as_their_declutter_object() {
    let dir = tempfile::tempdir().unwrap();
    let warc = dir.path().join("crawl.warc");
    let html = record("response", "https://example.org/a", "", &http(HTML_PAGE));
    std::fs::write(&warc, html).unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(&page, HTML_PAGE).unwrap();
    let run = |args: &[&str], file: &Path| {
        let out = declutter()
            .arg("clean")
            .args(args)
            .arg(file)
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let text = rows(run(&["--warc"], &warc).as_bytes());
    let markdown = rows(run(&["--warc", "--format", "markdown"], &warc).as_bytes());
    let json = rows(run(&["--warc", "--format", "json"], &warc).as_bytes());
    assert!(text[0].get("declutter").is_none());
    assert_eq!(
        markdown[0]["text"].as_str().unwrap(),
        run(&["--format", "markdown"], &page)
            .strip_suffix('\n')
            .unwrap()
    );
    assert_eq!(json[0]["text"], text[0]["text"]);
    assert_eq!(json[0]["url"], "https://example.org/a");
    let mut page_json: Value = serde_json::from_str(&run(&["--format", "json"], &page)).unwrap();
    page_json.as_object_mut().unwrap().shift_remove("text");
    assert_eq!(json[0]["declutter"], page_json);
    assert_eq!(json[0]["declutter"]["author"], "Jane Morrow");

    let jsonl = dir.path().join("pages.jsonl");
    let line = serde_json::json!({"id": 7, "text": HTML_PAGE, "title": "kept"});
    std::fs::write(&jsonl, format!("{line}\n")).unwrap();
    let records = rows(run(&["--jsonl", "--input", "html", "--format", "json"], &jsonl).as_bytes());
    assert_eq!(
        (&records[0]["id"], &records[0]["title"]),
        (&7.into(), &"kept".into())
    );
    assert_eq!(records[0]["declutter"], page_json);
    let records = rows(
        run(
            &["--jsonl", "--input", "html", "--format", "markdown"],
            &jsonl,
        )
        .as_bytes(),
    );
    assert_eq!(records[0]["text"], markdown[0]["text"]);
}
