"""Tests of the declutter Python package: each test names the behaviour it checks."""

import math
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import declutter
from declutter import Cleaner, DeclutterError

EXAMPLES = Path(__file__).parents[2] / "examples"
PAGE_TXT = (EXAMPLES / "page.txt").read_text(encoding="utf-8")
PAGE_HTML = (EXAMPLES / "page.html").read_bytes()
HEADLINE = "Town council approves new flood barrier for the old harbour"
RELATED_LINE = "New ferry route to the islands starts in May"


@pytest.fixture(scope="module")
def cleaner():
    return Cleaner()


def test_clean_keeps_the_article_and_drops_the_share_buttons(cleaner):
    text = cleaner.clean(PAGE_TXT)
    assert "The town council voted on Tuesday evening" in text
    assert "Share on Facebook" not in text
    assert RELATED_LINE not in text
    assert text.endswith("\n")


def test_clean_of_an_empty_page_is_empty(cleaner):
    assert cleaner.clean("") == ""
    assert cleaner.classify("\n\n") == []


def test_classify_gives_labels_probabilities_and_lines(cleaner):
    paragraphs = cleaner.classify(PAGE_TXT)
    non_blank = [i + 1 for i, line in enumerate(PAGE_TXT.splitlines()) if line.strip()]
    assert [p.line for p in paragraphs] == non_blank
    assert [p.text for p in paragraphs] == [PAGE_TXT.splitlines()[i - 1] for i in non_blank]
    labels = {p.label for p in paragraphs}
    assert labels == {"content", "boilerplate", "related"}
    for p in paragraphs:
        assert set(p.probabilities) == {"content", "boilerplate", "related"}
        assert math.isclose(sum(p.probabilities.values()), 1.0, abs_tol=1e-4)
        assert p.confidence == p.probabilities[p.label]
    voted = next(p for p in paragraphs if p.text.startswith("The town council voted"))
    assert voted.label == "content" and voted.kept
    assert next(p for p in paragraphs if p.text == RELATED_LINE).label == "related"


def test_classify_counts_blank_lines_and_every_line_end(cleaner):
    paragraphs = cleaner.classify("Home\r\n\r\nThe article starts here.\rAnd goes on.")
    assert [(p.line, p.text) for p in paragraphs] == [
        (1, "Home"),
        (3, "The article starts here."),
        (4, "And goes on."),
    ]


def test_kept_paragraphs_are_what_clean_prints(cleaner):
    kept = [p.text + "\n" for p in cleaner.classify(PAGE_TXT) if p.kept]
    assert "".join(kept) == cleaner.clean(PAGE_TXT)


def test_paragraph_repr_shows_line_label_and_text(cleaner):
    r = repr(cleaner.classify("Home\nThe minister spoke on Friday about the war, officials said.")[1])
    assert r.startswith("Paragraph(line=2, label='")
    assert "The minister spoke" in r


def test_clean_html_starts_with_the_headline(cleaner):
    text = cleaner.clean_html(PAGE_HTML)
    assert text.startswith(HEADLINE + "\n")
    assert "The town council voted" in text and "Post Comment" not in text and "<" not in text


def test_classify_html_gives_the_title_and_blocks(cleaner):
    page = cleaner.classify_html(PAGE_HTML)
    assert page.title.startswith(HEADLINE)
    assert len(page) == len(page.paragraphs) > 10
    label_of = {p.text: p.label for p in page.paragraphs}
    assert label_of["Privacy Policy"] == "boilerplate"
    assert label_of[RELATED_LINE] == "related"
    lines = [p.line for p in page.paragraphs]
    assert lines == sorted(lines) and lines[0] >= 1
    assert "Page(title='Town council" in repr(page)
    assert cleaner.classify_html("<p>no title here</p>").title is None


def test_html_str_and_bytes_give_the_same_page(cleaner):
    assert cleaner.clean_html(PAGE_HTML.decode("utf-8")) == cleaner.clean_html(PAGE_HTML)


def test_html_bytes_follow_their_charset_and_a_str_is_read_as_text(cleaner):
    page = (
        '<html><head><meta charset="windows-1252"><title>Caf\u00e9 news</title></head>'
        "<body><p>The caf\u00e9 on the quay reopened on Monday after a long winter of repairs, "
        "its owner said.</p></body></html>"
    )
    from_bytes = cleaner.classify_html(page.encode("windows-1252"))
    from_str = cleaner.classify_html(page)
    assert from_bytes.title == from_str.title == "Caf\u00e9 news"
    assert [p.text for p in from_bytes.paragraphs] == [p.text for p in from_str.paragraphs]
    assert "caf\u00e9 on the quay" in from_str.paragraphs[0].text


def test_html_that_cannot_be_read_raises_declutter_error(cleaner):
    with pytest.raises(DeclutterError, match="binary data"):
        cleaner.clean_html(b"\x00\x01\x02 not html")
    with pytest.raises(DeclutterError, match="exceeds the limit"):
        cleaner.classify_html(b" " * ((64 << 20) + 1))


PAGES = [
    PAGE_TXT,
    "",
    "Home\nThe minister spoke on Friday about the war, officials said.\nShare on Facebook",
    PAGE_TXT.replace("\n", "\r\n"),
] * 5


@pytest.mark.parametrize("threads", [None, 1, 2])
def test_clean_many_equals_clean_one_by_one_in_order(cleaner, threads):
    assert cleaner.clean_many(PAGES, threads=threads) == [cleaner.clean(p) for p in PAGES]


@pytest.mark.parametrize("threads", [None, 2])
def test_clean_many_html_equals_clean_html(cleaner, threads):
    pages = [PAGE_HTML, "<title>T</title><p>Only a paragraph.</p>", PAGE_HTML.decode(), b""] * 3
    out = cleaner.clean_many(pages, threads=threads, html=True)
    assert out == [cleaner.clean_html(p) for p in pages]
    assert out[0].startswith(HEADLINE)


def test_clean_many_html_names_the_page_that_cannot_be_read(cleaner):
    with pytest.raises(DeclutterError, match=r"page 1: binary data"):
        cleaner.clean_many([PAGE_HTML, b"\x00\x00"], html=True)


def test_clean_many_refuses_a_str_and_non_str_items(cleaner):
    with pytest.raises(TypeError):
        cleaner.clean_many("one page")
    with pytest.raises(TypeError):
        cleaner.clean_many([PAGE_HTML])  # bytes need html=True


def test_one_cleaner_is_shared_by_python_threads(cleaner):
    expected = [cleaner.clean(p) for p in PAGES]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(cleaner.clean, PAGES)) == expected


def test_keep_related_keeps_the_related_lines_the_default_drops():
    default = Cleaner().clean(PAGE_TXT)
    for keep in [("content", "related"), "content,related"]:
        cleaner = Cleaner(keep=keep)
        assert cleaner.keep == ("content", "related")
        text = cleaner.clean(PAGE_TXT)
        assert RELATED_LINE in text and RELATED_LINE not in default
        assert "The town council voted" in text


def test_min_confidence_zero_keeps_every_paragraph():
    cleaner = Cleaner(min_confidence=0.0)
    assert cleaner.min_confidence == 0.0
    lines = [line for line in PAGE_TXT.splitlines() if line.strip()]
    assert cleaner.clean(PAGE_TXT) == "".join(line + "\n" for line in lines)


def test_modes_change_how_readily_content_is_kept():
    def content(cleaner):
        paragraphs = cleaner.classify(PAGE_TXT) + cleaner.classify_html(PAGE_HTML).paragraphs
        return sum(p.label == "content" for p in paragraphs)

    kept = {mode: content(Cleaner(mode=mode)) for mode in ["precision", "balanced", "recall"]}
    assert kept["precision"] <= kept["balanced"] <= kept["recall"]
    assert kept["precision"] < kept["recall"]
    assert Cleaner(mode="recall").mode == "recall"


@pytest.mark.parametrize(
    "options, message",
    [
        (dict(mode="fast"), 'unknown mode "fast"'),
        (dict(keep=("content", "menu")), 'unknown label "menu"'),
        (dict(keep="content,menu"), 'unknown label "menu"'),
        (dict(keep=()), "keep is empty"),
        (dict(min_confidence=1.5), "min_confidence is 1.5"),
        (dict(min_confidence=-0.1), "min_confidence is -0.1"),
    ],
)
def test_bad_options_raise_declutter_error(options, message):
    with pytest.raises(DeclutterError, match=message):
        Cleaner(**options)


def test_from_path_uses_one_model_file_for_text_and_html():
    path = EXAMPLES.parent / "models" / "default.json"
    cleaner = Cleaner.from_path(path, keep=("content", "related"))
    assert cleaner.clean(PAGE_TXT) == Cleaner(keep="content,related").clean(PAGE_TXT)
    assert "The town council voted" in cleaner.clean_html(PAGE_HTML)
    assert str(path) in repr(cleaner)


def test_from_path_with_a_missing_file_names_it(tmp_path):
    path = tmp_path / "no-such-model.json"
    with pytest.raises(DeclutterError) as info:
        Cleaner.from_path(path)
    assert str(path) in str(info.value)


def test_from_path_with_a_corrupt_file_names_it(tmp_path):
    path = tmp_path / "corrupt.json"
    path.write_text('{"format": "declutter-model", "trunc')
    with pytest.raises(DeclutterError) as info:
        Cleaner.from_path(str(path), mode="recall")
    assert str(info.value).startswith(f"{path}: not a usable declutter model")


def test_declutter_error_is_an_exception_of_the_package():
    assert issubclass(DeclutterError, Exception)
    assert DeclutterError.__module__ == "declutter"
    assert declutter.__version__


def test_clean_equals_what_the_command_line_prints(cleaner, tmp_path):
    binary = os.environ.get("DECLUTTER_BIN")
    if not binary:
        pytest.skip("DECLUTTER_BIN (the declutter binary) is not set")
    for name, text in [("page.txt", PAGE_TXT), ("small.txt", PAGES[2])]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8", newline="")
        out = subprocess.run([binary, "clean", str(path)], capture_output=True, check=True)
        assert out.stdout.decode("utf-8") == cleaner.clean(text)
    html = subprocess.run(
        [binary, "clean", str(EXAMPLES / "page.html")], capture_output=True, check=True
    )
    assert html.stdout.decode("utf-8") == cleaner.clean_html(PAGE_HTML)


def warc_record(kind, url, content, extra=""):
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\n"
        f"WARC-Record-ID: <urn:uuid:{url}>\r\n{extra}Content-Length: {len(content)}\r\n\r\n"
    ).encode()
    return head + content + b"\r\n\r\n"


def test_clean_warc_reads_wet_and_warc_pages_in_order_from_a_path_or_bytes(cleaner, tmp_path):
    import gzip

    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + PAGE_HTML
    records = [
        warc_record("warcinfo", "info", b"software: test"),
        warc_record("conversion", "text", PAGE_TXT.encode(), "WARC-Identified-Content-Language: eng\r\n"),
        warc_record("response", "html", http),
    ]
    data = b"".join(gzip.compress(r) for r in records)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data)
    for source in (path, str(path), data):
        pages = list(cleaner.clean_warc(source, threads=1))
        assert [p["url"] for p in pages] == ["text", "html"]
        assert pages[0]["text"] == cleaner.clean(PAGE_TXT)
        assert pages[0]["language"] == "en" and pages[0]["title"] is None  # ISO 639-1
        assert pages[1]["text"] == cleaner.clean_html(PAGE_HTML)
        assert pages[1]["title"].startswith(HEADLINE)
        assert pages[1]["warc_record_id"] == "<urn:uuid:html>"


def test_clean_warc_skips_a_bad_record_with_a_warning_and_lists_it(cleaner):
    data = b"".join(
        [
            warc_record("conversion", "first", PAGE_TXT.encode()),
            b"WARC/1.0\r\nWARC-Type: conversion\r\n\r\nno length\r\n\r\n",
            warc_record("conversion", "last", PAGE_TXT.encode()),
        ]
    )
    pages = cleaner.clean_warc(data)
    with pytest.warns(RuntimeWarning, match="no Content-Length"):
        urls = [p["url"] for p in pages]
    assert urls == ["first", "last"]
    offset = len(warc_record("conversion", "first", PAGE_TXT.encode()))
    assert pages.errors == [f"<bytes>: at byte {offset}: not a WARC record: no Content-Length"]


def test_clean_warc_raises_after_the_pages_before_a_truncation(cleaner, tmp_path):
    whole = warc_record("conversion", "first", PAGE_TXT.encode())
    data = whole + warc_record("conversion", "cut", PAGE_TXT.encode())[:200]
    pages = cleaner.clean_warc(data)
    assert next(pages)["url"] == "first"
    with pytest.raises(DeclutterError, match=f"at byte {len(whole)}: the file ends inside a record"):
        next(pages)
    with pytest.raises(StopIteration):
        next(pages)
    with pytest.raises(DeclutterError, match="absent.warc"):
        cleaner.clean_warc(tmp_path / "absent.warc")


def test_language_is_identified_or_fixed_and_bad_names_raise():
    assert Cleaner().language == "auto"
    assert Cleaner(language="fr").language == "french"
    with pytest.raises(DeclutterError, match="unknown language"):
        Cleaner(language="klingon")
    french = "Accueil\nLe conseil municipal a voté mardi soir la construction d'une nouvelle digue dans le vieux port.\n"
    as_french = [p.probabilities for p in Cleaner(language="french").classify(french)]
    as_english = [p.probabilities for p in Cleaner(language="english").classify(french)]
    assert as_french != as_english  # French stop words and stemmer change the reading
    assert [p.probabilities for p in Cleaner().classify(french)] == as_french  # identified
