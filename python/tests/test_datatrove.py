"""The datatrove step (declutter.datatrove.Declutter) in datatrove's local
executor, on a WARC file this test writes (a gzip member a record): each
document's text must equal what ``declutter clean`` prints for its page.

Needs the package's datatrove extra (``pip install "./python[datatrove]"``)
and the command-line binary in ``DECLUTTER_BIN``; ``tests/python.sh`` at the
repository's root installs and builds both.
"""

import gzip
import json
import os
import pickle
import subprocess
import uuid
from pathlib import Path

import pytest

pytest.importorskip("datatrove")
pytest.importorskip("warcio")
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.extractors.base import BaseExtractor  # noqa: E402
from datatrove.pipeline.readers import WarcReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from declutter import Cleaner, DeclutterError  # noqa: E402
from declutter.datatrove import Declutter  # noqa: E402

EXAMPLES = Path(__file__).parents[2] / "examples"

# UTF-8 pages (datatrove decodes a record's bytes itself: UTF-8 first).
PAGES = {
    "https://example.org/harbour": (EXAMPLES / "page.html").read_bytes(),
    "https://example.org/tea": (
        "<!DOCTYPE html><html><head><title>Green tea for the canteen | Staff news</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/about'>About</a></nav>"
        "<article><h1>Green tea for the canteen</h1>"
        "<p>From Monday the staff canteen will brew green tea every morning, after a vote of the "
        "kitchen committee that ended a long argument about the coffee machine.</p>"
        "<p>The tea comes from a small grower near Shizuoka, and costs the canteen about the same as "
        "the coffee it replaces, the committee\u2019s treasurer said.</p>"
        "<ul><li>Sencha on Mondays and Thursdays</li><li>Genmaicha on the other days</li></ul>"
        "</article><footer>\u00a9 2024 Staff news \u00b7 Privacy \u00b7 Contact</footer></body></html>"
    ).encode(),
    # No text at all: nothing to keep.
    "https://example.org/photo": b"<html><head></head><body><img src='/photo.jpg'></body></html>",
}


def binary():
    path = os.environ.get("DECLUTTER_BIN")
    if not path:
        pytest.skip("DECLUTTER_BIN (the declutter binary) is not set")
    return path


def record(kind, url, payload_type, content):
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\n"
        f"WARC-Date: 2024-12-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>\r\n"
        f"Content-Type: application/http; msgtype=response\r\n"
        f"WARC-Identified-Payload-Type: {payload_type}\r\nContent-Length: {len(content)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + content + b"\r\n\r\n")


def write_warc(path, pages):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    records = [record("response", url, "text/html", http + page) for url, page in pages.items()]
    image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n"
    records.insert(1, record("response", "https://example.org/logo.png", "image/png", image))
    path.write_bytes(b"".join(records))


def expected(tmp_path, *options):
    """What `declutter clean` prints for each page, by address."""
    out = {}
    for i, (url, page) in enumerate(PAGES.items()):
        path = tmp_path / f"page{i}.html"
        path.write_bytes(page)
        result = subprocess.run([binary(), "clean", *options, str(path)], capture_output=True, check=True)
        out[url] = result.stdout.decode("utf-8")
    return out


def run_pipeline(tmp_path, step, tasks=1):
    """WarcReader -> step -> JsonlWriter over one WARC file a task; the
    documents written, by address."""
    warcs = tmp_path / "warcs"
    warcs.mkdir()
    urls = list(PAGES)
    for task in range(tasks):
        write_warc(warcs / f"crawl-{task}.warc.gz", {u: PAGES[u] for u in urls[task::tasks]})
    out = tmp_path / "out"
    LocalPipelineExecutor(
        pipeline=[WarcReader(str(warcs), glob_pattern="*.warc.gz"), step, JsonlWriter(str(out))],
        tasks=tasks,
        workers=tasks,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    docs = {}
    for path in sorted(out.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                doc = json.loads(line)
                docs[doc["metadata"]["url"]] = doc
    return docs


def test_each_documents_text_is_what_declutter_clean_prints(tmp_path):
    want = expected(tmp_path)
    docs = run_pipeline(tmp_path, Declutter())
    # A page with nothing kept is dropped, as datatrove's extractors drop it.
    assert want["https://example.org/photo"] == ""
    assert sorted(docs) == sorted(url for url, text in want.items() if text)
    for url, doc in docs.items():
        assert doc["text"] == want[url], url
    assert "The town council voted" in docs["https://example.org/harbour"]["text"]


def test_markdown_in_two_tasks_is_what_declutter_clean_prints(tmp_path):
    want = expected(tmp_path, "--format", "markdown", "--mode", "recall")
    # Two tasks in two processes: the step is pickled and its cleaner made again.
    docs = run_pipeline(tmp_path, Declutter(format="markdown", mode="recall"), tasks=2)
    assert sorted(docs) == sorted(url for url, text in want.items() if text)
    for url, doc in docs.items():
        # The command line puts a blank line after each page.
        assert doc["text"] + "\n" == want[url], url


def test_the_step_is_a_datatrove_extractor_with_the_cleaners_options():
    step = Declutter(keep="content,related", min_confidence=0.3, language="en", page_type="article", timeout=5)
    assert isinstance(step, BaseExtractor) and step.timeout == 5
    page = PAGES["https://example.org/harbour"].decode()
    cleaner = Cleaner(keep="content,related", min_confidence=0.3, language="en", page_type="article")
    assert step.extract(page) == cleaner.clean_html(page)
    again = pickle.loads(pickle.dumps(step))
    assert again.extract(page) == step.extract(page)
    assert step.extract("") == ""
    text = "Home\nThe minister spoke on Friday about the war, officials said.\n"
    assert Declutter(html=None).extract(text) == cleaner.clean(text)


@pytest.mark.parametrize(
    "options, message",
    [
        (dict(mode="fast"), 'unknown mode "fast"'),
        (dict(keep="menu"), 'unknown label "menu"'),
        (dict(format="json"), 'unknown format "json" for the datatrove step'),
        (dict(page_type="blog"), "blog"),
    ],
)
def test_bad_options_raise_when_the_step_is_made(options, message):
    with pytest.raises(DeclutterError, match=message):
        Declutter(**options)
