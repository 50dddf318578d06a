"""Tests of Cleaner.extract and of the format= of clean_many and clean_warc:
each test names the behaviour it checks."""

import gzip
import json
import os
import subprocess
from pathlib import Path

import pytest

from declutter import Cleaner, DeclutterError

EXAMPLES = Path(__file__).parents[2] / "examples"
PAGE_TXT = (EXAMPLES / "page.txt").read_text(encoding="utf-8")
PAGE_HTML = (EXAMPLES / "page.html").read_bytes()
HEADLINE = "Town council approves new flood barrier for the old harbour"
JSON_FIELDS = {"text", "title", "language", "url", "page_type", "page_type_probability"}

# A page whose every block a keep-everything cleaner keeps, with a relative
# link and an image, a list and a heading.
SMALL_HTML = (
    "<html><head><title>Tea notes</title></head><body><h2>Brewing</h2>"
    "<p>A <a href='/green'>green</a> tea, brewed for the staff canteen every morning.</p>"
    "<ul><li>Boil the water</li><li>Pour slowly</li></ul>"
    "<p><img src='/cup.png' alt='A cup'> The cup, on the counter.</p></body></html>"
)


@pytest.fixture(scope="module")
def cleaner():
    return Cleaner()


@pytest.fixture(scope="module")
def keep_all():
    return Cleaner(min_confidence=0.0)


def binary():
    path = os.environ.get("DECLUTTER_BIN")
    if not path:
        pytest.skip("DECLUTTER_BIN (the declutter binary) is not set")
    return path


def cli(*args):
    return subprocess.run([binary(), "clean", *map(str, args)], capture_output=True, check=True).stdout.decode()


def test_extract_gives_a_dict_of_the_page_by_default(cleaner):
    page = cleaner.extract(PAGE_HTML)
    assert isinstance(page, dict) and JSON_FIELDS <= set(page)
    assert page["text"] == cleaner.clean_html(PAGE_HTML)
    assert page["title"].startswith(HEADLINE)
    assert page["language"] == "en" and page["url"] is None
    assert page["page_type"] == cleaner.classify_html(PAGE_HTML).page_type
    assert "markdown" not in page and "blocks" not in page


def test_json_is_what_the_command_line_writes(cleaner):
    for name, page in [("page.html", PAGE_HTML), ("page.txt", PAGE_TXT)]:
        assert json.loads(cli("--format", "json", EXAMPLES / name)) == cleaner.extract(page)


def test_text_is_clean_and_clean_html(cleaner):
    assert cleaner.extract(PAGE_HTML, "text") == cleaner.clean_html(PAGE_HTML)
    assert cleaner.extract(PAGE_HTML.decode(), format="text") == cleaner.clean_html(PAGE_HTML)
    assert cleaner.extract(PAGE_TXT, "text") == cleaner.clean(PAGE_TXT)
    assert cleaner.extract(PAGE_TXT, "text") == cli(EXAMPLES / "page.txt")
    assert cleaner.extract("", "text") == "" and cleaner.extract(b"", "text") == ""


def test_markdown_is_what_the_command_line_writes(cleaner):
    markdown = cleaner.extract(PAGE_HTML, "markdown")
    assert markdown.startswith("# " + HEADLINE + "\n\n")
    assert "The town council voted" in markdown and "Post Comment" not in markdown
    # The command line puts a blank line after each page.
    assert cli("--format", "markdown", EXAMPLES / "page.html") == markdown + "\n"
    with_all = cleaner.extract(PAGE_HTML, "markdown", links=True, images=True)
    assert cli("--format", "markdown", "--links", "--images", EXAMPLES / "page.html") == with_all + "\n"


def test_links_and_images_are_kept_on_request_and_resolved_against_the_url(keep_all):
    plain = keep_all.extract(SMALL_HTML, "markdown")
    assert "A green tea" in plain and "](" not in plain
    assert "## Brewing" in plain and "- Boil the water\n- Pour slowly" in plain
    linked = keep_all.extract(SMALL_HTML, "markdown", links=True, images=True, url="https://example.org/tea/")
    assert "A [green](https://example.org/green) tea" in linked
    assert "![A cup](https://example.org/cup.png)" in linked
    relative = keep_all.extract(SMALL_HTML, "markdown", links=True)
    assert "[green](/green)" in relative and "![" not in relative


def test_url_is_the_pages_address(cleaner):
    page = cleaner.extract(PAGE_HTML, url="https://example.org/news/barrier")
    assert page["url"] == "https://example.org/news/barrier"


def test_a_str_is_html_when_it_looks_like_html_else_text(keep_all):
    def texts(page, **options):
        return [b["text"] for b in keep_all.extract(page, blocks=True, **options)["blocks"]]

    lines = "Home\nThe story, told in a line.\n"
    assert texts(lines) == ["Home", "The story, told in a line."]
    assert texts(lines, html=True) == ["Home The story, told in a line."]
    tagged = "<p>The story, told in a paragraph.</p>\n<p>And another one.</p>"
    assert texts(tagged) == ["The story, told in a paragraph.", "And another one."]
    assert texts(tagged, html=False) == tagged.split("\n")
    # Bytes are HTML unless told otherwise; as text they are read as UTF-8.
    assert texts(lines.encode()) == ["Home The story, told in a line."]
    assert texts("Caf\u00e9\nNext".encode(), html=False) == ["Caf\u00e9", "Next"]


def test_markdown_and_blocks_add_fields_to_the_dict(cleaner):
    page = cleaner.extract(PAGE_HTML, markdown=True, blocks=True, links=True)
    assert page["markdown"] == cleaner.extract(PAGE_HTML, "markdown", links=True)
    paragraphs = cleaner.classify_html(PAGE_HTML).paragraphs
    assert len(page["blocks"]) == len(paragraphs)
    for block, p in zip(page["blocks"], paragraphs):
        assert set(block) == {"text", "label", "probabilities", "line", "kept"}
        assert (block["text"], block["label"], block["line"], block["kept"]) == (p.text, p.label, p.line, p.kept)
        # JSON writes an f32 as it reads (0.97185206), the Paragraph holds its exact double
        assert block["probabilities"] == pytest.approx(p.probabilities, rel=1e-6)
    assert cleaner.extract(PAGE_HTML, markdown=True).keys() == JSON_FIELDS.union(cleaner.extract(PAGE_HTML), {"markdown"})


@pytest.mark.parametrize("bad", ["xml", "JSON", "", "txt"])
def test_an_unknown_format_raises_before_any_page_is_read(cleaner, bad, tmp_path):
    message = f'unknown format "{bad}" \\(expected text, markdown or json\\)'
    with pytest.raises(DeclutterError, match=message):
        cleaner.extract(b"\x00 binary data that would fail", bad)
    with pytest.raises(DeclutterError, match=message):
        cleaner.clean_many([b"bytes without html=True would be a TypeError"], format=bad)
    with pytest.raises(DeclutterError, match=message):
        cleaner.clean_warc(tmp_path / "no-such-file.warc", format=bad)


def test_markdown_and_blocks_are_for_json_only(cleaner):
    for fmt in ["text", "markdown"]:
        with pytest.raises(DeclutterError, match='markdown=True adds a field to format="json"'):
            cleaner.extract(PAGE_HTML, fmt, markdown=True)
        with pytest.raises(DeclutterError, match='blocks=True adds a field to format="json"'):
            cleaner.extract(PAGE_HTML, fmt, blocks=True)


def test_extract_raises_for_a_page_that_cannot_be_read(cleaner):
    with pytest.raises(DeclutterError, match="binary data"):
        cleaner.extract(b"\x00\x01 not html")
    with pytest.raises(DeclutterError, match="binary data"):
        cleaner.extract(b"text\x00", "text", html=False)


TEXT_PAGES = [PAGE_TXT, "", "Home\nThe minister spoke on Friday about the war, officials said.\nShare on Facebook"] * 3
HTML_PAGES = [PAGE_HTML, SMALL_HTML, b"", PAGE_HTML.decode()] * 3


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
@pytest.mark.parametrize("threads", [None, 2])
def test_clean_many_in_each_format_equals_extract_one_by_one(cleaner, fmt, threads):
    as_text = cleaner.clean_many(TEXT_PAGES, threads=threads, format=fmt)
    assert as_text == [cleaner.extract(p, fmt, html=False) for p in TEXT_PAGES]
    as_html = cleaner.clean_many(HTML_PAGES, threads, True, fmt)
    assert as_html == [cleaner.extract(p, fmt, html=True) for p in HTML_PAGES]
    if fmt == "text":
        assert as_text == [cleaner.clean(p) for p in TEXT_PAGES]
    if fmt == "json":
        assert all(isinstance(page, dict) for page in as_text + as_html)
        assert [page["text"] for page in as_html] == cleaner.clean_many(HTML_PAGES, html=True)


def test_clean_many_names_the_page_that_cannot_be_read_in_every_format(cleaner):
    for fmt in ["markdown", "json"]:
        with pytest.raises(DeclutterError, match=r"page 1: binary data"):
            cleaner.clean_many([PAGE_HTML, b"\x00\x00"], html=True, format=fmt)


def warc_record(kind, url, content, extra=""):
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\n"
        f"WARC-Record-ID: <urn:uuid:{url}>\r\nWARC-Date: 2024-12-01T10:00:00Z\r\n"
        f"{extra}Content-Length: {len(content)}\r\n\r\n"
    ).encode()
    return head + content + b"\r\n\r\n"


def http(body, *headers, status="200 OK"):
    head = "".join(f"{h}\r\n" for h in headers)
    return f"HTTP/1.1 {status}\r\n{head}\r\n".encode() + body


def chunked(body, size=100):
    parts = [b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size]) for i in range(0, len(body), size)]
    return b"".join(parts) + b"0\r\n\r\n"


# A crawl of every kind of record: a WET page, HTML pages plain, chunked and
# gzipped, with a charset in the header, and records that hold no page.
LATIN1 = "<title>Caf\u00e9</title><p>The caf\u00e9 on the quay reopened on Monday after a long winter.</p>"
CRAWL = [
    warc_record("warcinfo", "info", b"software: test"),
    warc_record("conversion", "wet", PAGE_TXT.encode(), "WARC-Identified-Content-Language: eng\r\n"),
    warc_record("response", "plain", http(PAGE_HTML, "Content-Type: text/html")),
    warc_record(
        "response",
        "chunked-gzip",
        http(chunked(gzip.compress(PAGE_HTML)), "Content-Type: text/html", "Transfer-Encoding: chunked", "Content-Encoding: gzip"),
    ),
    warc_record("response", "latin1", http(LATIN1.encode("latin-1"), "Content-Type: text/html; charset=ISO-8859-1")),
    warc_record("response", "untyped", http(SMALL_HTML.encode())),
    warc_record("response", "image", http(b"\x89PNG\r\n", "Content-Type: image/png")),
    warc_record("response", "missing", http(PAGE_HTML, "Content-Type: text/html", status="404 Not Found")),
    warc_record("request", "request", b"GET / HTTP/1.1\r\n\r\n"),
]
CRAWL_BYTES = b"".join(gzip.compress(r) for r in CRAWL)
PAGES_OF_CRAWL = {
    "wet": (PAGE_TXT, False),
    "plain": (PAGE_HTML, True),
    "chunked-gzip": (PAGE_HTML, True),
    "latin1": (LATIN1.encode("latin-1"), True),
    "untyped": (SMALL_HTML, True),
}
RECORD_FIELDS = ["url", "warc_record_id", "date", "language", "title", "page_type", "page_type_probability"]


def test_clean_warc_in_each_format_reads_the_same_records(cleaner):
    by_format = {fmt: list(cleaner.clean_warc(CRAWL_BYTES, threads=2, format=fmt)) for fmt in ["text", "markdown", "json"]}
    for pages in by_format.values():
        assert [p["url"] for p in pages] == list(PAGES_OF_CRAWL)
    text, markdown, as_json = by_format["text"], by_format["markdown"], by_format["json"]
    for t, m, j in zip(text, markdown, as_json):
        page, html = PAGES_OF_CRAWL[t["url"]]
        assert t["text"] == cleaner.extract(page, "text", html=html)
        assert m["text"] == cleaner.extract(page, "markdown", html=html)
        assert j["text"] == t["text"]
        for field in RECORD_FIELDS:  # the record's fields are the same in every format
            assert t[field] == m[field] == j[field], field
        # With json, the page's other fields are added as the dict
        # "declutter": extract's dict without its text.
        facts = cleaner.extract(page, html=html)
        del facts["text"]
        assert j == {**t, "declutter": facts}
        assert list(j["declutter"]) == list(facts)
    assert text[0]["language"] == "en" and text[0]["date"] == "2024-12-01T10:00:00Z"
    assert text[1]["text"] == text[2]["text"] == cleaner.clean_html(PAGE_HTML)
    assert text[3]["title"] == "Caf\u00e9" and "caf\u00e9 on the quay" in text[3]["text"]
    assert markdown[1]["text"].startswith("# " + HEADLINE)


def test_clean_warc_text_is_what_the_command_line_writes(cleaner, tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(CRAWL_BYTES)
    lines = [json.loads(line) for line in cli("--warc", path).splitlines()]
    pages = list(cleaner.clean_warc(path, format="text"))
    assert [line["url"] for line in lines] == [p["url"] for p in pages]
    assert [line["text"] for line in lines] == [p["text"] for p in pages]


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_clean_warc_skips_the_same_bad_records_in_every_format(cleaner, fmt):
    data = b"".join(
        [
            warc_record("conversion", "first", PAGE_TXT.encode()),
            b"WARC/1.0\r\nWARC-Type: conversion\r\n\r\nno length\r\n\r\n",
            warc_record("response", "no-end", b"HTTP/1.1 200 OK\r\nContent-Type: text/html"),
            warc_record("response", "brotli", http(b"xx", "Content-Type: text/html", "Content-Encoding: br")),
            warc_record("response", "bad-chunk", http(b"zz\r\nabc", "Content-Type: text/html", "Transfer-Encoding: chunked")),
            warc_record("response", "binary", http(b"\x00\x01\x02 not html", "Content-Type: text/html")),
            warc_record("conversion", "last", PAGE_TXT.encode()),
        ]
    )
    pages = cleaner.clean_warc(data, format=fmt)
    with pytest.warns(RuntimeWarning):
        urls = [p["url"] for p in pages]
    assert urls == ["first", "last"]
    assert len(pages.errors) == 5
    if fmt != "text":
        reference = cleaner.clean_warc(data, format="text")
        with pytest.warns(RuntimeWarning):
            list(reference)
        assert pages.errors == reference.errors
