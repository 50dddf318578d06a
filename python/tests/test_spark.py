"""The Spark job of examples/spark/, in Spark's local mode (local[2]), on WET
and JSON Lines files this test writes: each page's text must equal what
``declutter clean`` prints for the same page.

Needs pyspark (and Java) and the command-line binary in ``DECLUTTER_BIN``;
``tests/python.sh`` at the repository's root installs and builds both.
"""

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark")
from pyspark.sql import SparkSession  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "spark"))
import clean_spark  # noqa: E402

EXAMPLE = (ROOT / "examples" / "page.txt").read_text(encoding="utf-8")


def binary():
    path = os.environ.get("DECLUTTER_BIN")
    if not path:
        pytest.skip("DECLUTTER_BIN is not set")
    return path


def pages():
    """A dozen different pages: the example page cut and reordered."""
    lines = EXAMPLE.splitlines()
    out = []
    for i in range(12):
        cut = lines[: len(lines) - i] if i % 2 else lines[i:]
        out.append("\n".join(cut + [f"Page {i} of the test set, printed for readers."]) + "\n")
    return out


def clean_cli(text, tmp_path):
    path = tmp_path / "one.txt"
    path.write_text(text, encoding="utf-8")
    return subprocess.run([binary(), "clean", str(path)], check=True, capture_output=True).stdout.decode()


def wet_record(kind, url, body):
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\n"
        f"WARC-Date: 2026-11-30T12:00:00Z\r\nWARC-Record-ID: <urn:uuid:{url}>\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head + body + b"\r\n\r\n"


def write_wet(folder, texts):
    """Two WET files: one gzipped a record a member, one plain."""
    folder.mkdir()
    half = len(texts) // 2
    with open(folder / "a.warc.wet.gz", "wb") as f:
        f.write(gzip.compress(wet_record("warcinfo", "info", b"software: test\r\n")))
        for i, text in enumerate(texts[:half]):
            f.write(gzip.compress(wet_record("conversion", f"u{i}", text.encode())))
    with open(folder / "b.warc.wet", "wb") as f:
        for i, text in enumerate(texts[half:], half):
            f.write(wet_record("conversion", f"u{i}", text.encode()))


def write_jsonl(folder, texts):
    folder.mkdir()
    half = len(texts) // 2
    for name, part in [("a.jsonl", range(half)), ("b.jsonl", range(half, len(texts)))]:
        with open(folder / name, "w", encoding="utf-8") as f:
            for i in part:
                f.write(json.dumps({"id": i, "url": f"u{i}", "text": texts[i]}) + "\n")


@pytest.fixture(scope="module")
def spark():
    # The workers run this interpreter, where the package is installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = SparkSession.builder.master("local[2]").appName("declutter-test").getOrCreate()
    # The workers unpickle the job's functions by module name.
    session.sparkContext.addPyFile(clean_spark.__file__)
    yield session
    session.stop()


@pytest.fixture(scope="module")
def expected(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli")
    return {f"u{i}": clean_cli(text, tmp) for i, text in enumerate(pages())}


def run_job(spark, tmp_path, fmt, variant):
    folder = tmp_path / "in"
    (write_wet if fmt == "wet" else write_jsonl)(folder, pages())
    out = tmp_path / "out.parquet"
    argv = [str(folder), str(out), "--format", fmt, "--variant", variant, "--declutter", binary()]
    count = clean_spark.run(spark, clean_spark.parse_args(argv))
    rows = spark.read.parquet(str(out)).collect()
    assert count == len(rows)
    return {row["url"]: row for row in rows}


def test_the_package_inside_executors_cleans_wet_files_as_the_cli_does(spark, tmp_path, expected):
    rows = run_job(spark, tmp_path, "wet", "package")
    assert set(rows) == set(expected)
    for url, row in rows.items():
        assert row["text"] == expected[url], url
        assert row["warc_record_id"] == f"<urn:uuid:{url}>"
        assert row["date"] == "2026-11-30T12:00:00Z"
        assert row["source"].endswith((".wet", ".wet.gz"))


def test_the_package_inside_executors_cleans_jsonl_files_as_the_cli_does(spark, tmp_path, expected):
    rows = run_job(spark, tmp_path, "jsonl", "package")
    assert set(rows) == set(expected)
    for url, row in rows.items():
        assert row["text"] == expected[url], url
        assert row["id"] == url[1:]


def test_the_pipe_variant_cleans_jsonl_files_as_the_cli_does(spark, tmp_path, expected):
    rows = run_job(spark, tmp_path, "jsonl", "pipe")
    assert set(rows) == set(expected)
    for url, row in rows.items():
        assert row["text"] == expected[url], url


def test_the_pipe_variant_refuses_wet_input():
    with pytest.raises(SystemExit):
        clean_spark.parse_args(["in", "out", "--format", "wet", "--variant", "pipe"])
