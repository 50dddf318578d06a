"""Throughput of the Python bindings against the command line, in one run.

Usage:
    python bench/bench_clean_many.py CORPUS.jsonl [--bin PATH/TO/declutter] [--rounds N]

CORPUS.jsonl is a labelled corpus (one page a line, {"paragraphs": [{"text": ...}]});
each page's text is its paragraphs joined by newlines, as the library's
corpus reader and the throughput example form it. The script prints:

- the cost of one `clean` call on a 3-line page (and on an empty page: the
  call itself), in microseconds;
- pages/s of `Cleaner.clean_many` with threads=1 and threads=2, and of a
  plain loop of `clean` calls;
- with --bin, pages/s of `declutter clean --jsonl -j 1` and `-j 2` on the
  same pages (written to a temporary JSONL file of {"text": page} records,
  outside the project), whose output is checked to equal clean_many's.

Every pass is first run --warmup times untimed (the first rounds of a
process are up to twice as slow: page faults, allocator growth, cold
per-thread token caches), then --rounds times, the passes taking turns,
and keeps its best time, so that all passes see the same moments of a
noisy machine. Each CLI round is a new process, so it pays its start,
model loading and warm-up every time, as a pipeline stage does.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import timeit

import declutter

SMALL = "Home\nThe minister spoke on Friday about the war, officials said.\nShare on Facebook\n"


def read_pages(path):
    with open(path, encoding="utf-8") as f:
        return ["\n".join(p["text"] for p in json.loads(line)["paragraphs"]) for line in f if line.strip()]


def per_call_micros(fn, arg, number):
    """The best of ten rounds of `number` calls (after one untimed round)."""
    timeit.timeit(lambda: fn(arg), number=number)
    return min(timeit.repeat(lambda: fn(arg), number=number, repeat=10)) / number * 1e6


def best_times(passes, rounds):
    best = {name: float("inf") for name in passes}
    for _ in range(rounds):
        for name, run in passes.items():
            started = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - started)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--bin", help="the declutter binary, to time `declutter clean --jsonl`")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()

    started = time.perf_counter()
    cleaner = declutter.Cleaner()
    load_ms = (time.perf_counter() - started) * 1e3
    pages = read_pages(args.corpus)
    mb = sum(len(p.encode()) for p in pages) / 1e6
    print(f"{len(pages)} pages, {mb:.1f} MB; Cleaner() (both default models) in {load_ms:.1f} ms")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")

    small = per_call_micros(cleaner.clean, SMALL, 20_000)
    empty = per_call_micros(cleaner.clean, "", 200_000)
    print(f"per call: clean(3-line page) {small:.2f} us, clean('') {empty:.3f} us")

    expected = cleaner.clean_many(pages, threads=1)
    assert expected == [cleaner.clean(p) for p in pages]
    passes = {
        "loop of clean()": lambda: [cleaner.clean(p) for p in pages],
        "clean_many threads=1": lambda: cleaner.clean_many(pages, threads=1),
        "clean_many threads=2": lambda: cleaner.clean_many(pages, threads=2),
    }
    with tempfile.TemporaryDirectory() as tmp:
        if args.bin:
            records = os.path.join(tmp, "pages.jsonl")
            with open(records, "w", encoding="utf-8") as f:
                for page in pages:
                    f.write(json.dumps({"text": page}) + "\n")

            def cli(jobs):
                out = subprocess.run(
                    [args.bin, "clean", "--jsonl", "-j", str(jobs), records],
                    capture_output=True,
                    check=True,
                ).stdout
                return out

            got = [json.loads(line)["text"] for line in cli(1).decode().splitlines()]
            assert got == expected, "the command line and clean_many differ"
            passes["CLI clean --jsonl -j 1"] = lambda: cli(1)
            passes["CLI clean --jsonl -j 2"] = lambda: cli(2)
        best_times(passes, args.warmup)
        best = best_times(passes, args.rounds)

    base = best["clean_many threads=1"]
    print(f"{'pass':<24} {'seconds':>8} {'pages/s':>8} {'vs threads=1':>13}")
    for name, seconds in best.items():
        print(f"{name:<24} {seconds:8.3f} {len(pages) / seconds:8.0f} {base / seconds:12.2f}x")


if __name__ == "__main__":
    main()
