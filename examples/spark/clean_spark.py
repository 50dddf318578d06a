"""Clean a folder of WET/WARC or JSON Lines files with Spark, and write Parquet.

Two variants:

- ``--variant package`` (default): the ``declutter`` Python package runs inside
  the executors, one ``Cleaner`` per partition. WET and WARC files (plain or
  gzipped) are read whole with ``binaryFiles``; JSON Lines files line by line,
  cleaned a batch at a time with ``Cleaner.clean_many``.
- ``--variant pipe``: JSON Lines records go through the ``declutter`` command
  line with ``rdd.pipe`` (``declutter clean --jsonl``), one process per
  partition. The binary must be on every executor (``--declutter PATH``).

Output columns: for WET/WARC ``source, url, warc_record_id, date, language,
title, text``; for JSON Lines ``source`` (empty), ``url``, ``id`` and ``text``
(``url`` and ``id`` are taken from the record when it has them).

Local run (the workers must run a Python that has the package)::

    PYSPARK_PYTHON=$(which python) python examples/spark/clean_spark.py \\
        --master 'local[*]' --format wet crawl/ out.parquet

``binaryFiles`` hands each task a whole file as it is stored (gzipped), so a
task holds one file's compressed bytes (about 100 MB for a Common Crawl WET
file) and cleans its records a batch at a time.

On a cluster, ship a packed virtual environment that holds the package (a
native module cannot be imported from ``--py-files``)::

    python -m venv job-env && job-env/bin/pip install ./python venv-pack
    job-env/bin/venv-pack -o job-env.tar.gz
    PYSPARK_PYTHON=./env/bin/python spark-submit --master yarn \\
        --archives job-env.tar.gz#env examples/spark/clean_spark.py \\
        --format wet hdfs:///crawl/wet/ hdfs:///crawl/clean/
"""

import argparse
import json
import os
import shlex
import shutil
import time

from pyspark.sql import Row, SparkSession
from pyspark.sql.types import StringType, StructField, StructType

WARC_COLUMNS = ["source", "url", "warc_record_id", "date", "language", "title", "text"]
JSONL_COLUMNS = ["source", "url", "id", "text"]
BATCH = 256


def schema(columns):
    return StructType([StructField(c, StringType(), c != "text") for c in columns])


def clean_warc_files(files):
    """mapPartitions: (path, bytes) pairs of WET/WARC files to page rows."""
    import declutter

    cleaner = declutter.Cleaner()
    for path, content in files:
        records = cleaner.clean_warc(bytes(content))
        for record in records:
            yield Row(source=path, **{c: record.get(c) for c in WARC_COLUMNS[1:]})
        for error in records.errors:
            print(f"declutter: {path}: {error}; skipped")


def batches(lines, size):
    batch = []
    for line in lines:
        if line.strip():
            batch.append(line)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def jsonl_row(record, text):
    ident = record.get("id")
    return Row(
        source="",
        url=record.get("url"),
        id=None if ident is None else str(ident),
        text=text,
    )


def clean_jsonl_lines(field):
    """mapPartitions: JSON Lines records to page rows, a batch at a time."""

    def run(lines):
        import declutter

        cleaner = declutter.Cleaner()
        for batch in batches(lines, BATCH):
            records = [json.loads(line) for line in batch]
            texts = cleaner.clean_many([r[field] for r in records], threads=1)
            for record, text in zip(records, texts):
                yield jsonl_row(record, text)

    return run


def piped_rows(rdd, binary, field):
    """JSON Lines records through the command line, one process a partition."""
    command = shlex.join([binary, "clean", "--jsonl", "--field", field, "-j", "1"])
    cleaned = rdd.filter(lambda line: line.strip()).pipe(command)
    return cleaned.map(json.loads).map(lambda r: jsonl_row(r, r[field]))


def input_bytes(folder):
    """The input's size, when the folder is local (else 0: no MB/s)."""
    if not os.path.isdir(folder):
        return 0
    return sum(
        os.path.getsize(os.path.join(root, name))
        for root, _, names in os.walk(folder)
        for name in names
    )


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="a folder (or glob) of WET/WARC or JSON Lines files")
    parser.add_argument("output", help="the Parquet folder to write (replaced)")
    parser.add_argument("--format", choices=["wet", "jsonl"], default="wet")
    parser.add_argument("--variant", choices=["package", "pipe"], default="package")
    parser.add_argument("--field", default="text", help="JSON Lines: the page text field")
    parser.add_argument("--declutter", default="declutter", help="pipe: the binary")
    parser.add_argument("--master", default=None, help="e.g. local[2] (default: spark-submit's)")
    args = parser.parse_args(argv)
    if args.variant == "pipe" and args.format != "jsonl":
        parser.error("the pipe variant reads JSON Lines (--format jsonl)")
    return args


def run(spark, args):
    """Cleans the input folder into the output Parquet folder; returns the page count."""
    sc = spark.sparkContext
    started = time.perf_counter()
    if args.format == "wet":
        rows = sc.binaryFiles(args.input).mapPartitions(clean_warc_files)
        columns = WARC_COLUMNS
    else:
        lines = sc.textFile(args.input)
        if args.variant == "pipe":
            rows = piped_rows(lines, args.declutter, args.field)
        else:
            rows = lines.mapPartitions(clean_jsonl_lines(args.field))
        columns = JSONL_COLUMNS
    frame = spark.createDataFrame(rows, schema(columns)).cache()
    pages = frame.count()
    if os.path.isdir(args.output):
        shutil.rmtree(args.output)
    frame.write.parquet(args.output)
    frame.unpersist()
    seconds = time.perf_counter() - started
    megabytes = input_bytes(args.input) / 1e6
    rate = f", {megabytes / seconds:.2f} MB/s of input" if megabytes else ""
    print(f"declutter: {pages} pages in {seconds:.1f} s ({pages / seconds:.1f} pages/s{rate})")
    return pages


def main(argv=None):
    args = parse_args(argv)
    builder = SparkSession.builder.appName("declutter")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        run(spark, args)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
