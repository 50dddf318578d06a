#!/usr/bin/env python3
"""Count the kinds of errors a model makes on a labelled corpus (docs/ERROR_ANALYSIS.md).

Usage:
    python3 docs/error_kinds.py DEV.jsonl PRED.jsonl [--examples N] [--kind KIND]
    python3 docs/error_kinds.py DEV.jsonl PRED.jsonl --compare BEFORE_PRED.jsonl

DEV.jsonl is a labelled corpus (one page a line: id, paragraphs [{text, label}]).
PRED.jsonl is what `declutter classify --format jsonl PAGES/*.txt` prints for one
text file a page, named `<id>.txt`, holding the page's paragraphs joined by "\\n".
Predictions are matched to pages by file name and to paragraphs by order; a page
whose prediction count differs from its paragraph count is aligned by matching
texts in order, and paragraphs left without a prediction are reported and left
out. The report (markdown) goes to standard output; with --examples N it ends
with N short examples of the largest error kind (by tokens) of sections 3 and 4,
or of KIND (`kept:<kind>` or `lost:<kind>`). With --compare it prints only a
side-by-side table of the key figures, BEFORE_PRED's against PRED's.
Standard library only.

Rules (each error gets the first that matches):
- words: whitespace-separated; tokens: \\w+ runs.
- headline-shaped: 2 to 31 words, no final . ! ? (closing quotes and brackets
  skipped), not a date line.
- date line: a date, time or "n days ago" in a line of at most 15 words.
- long prose: at least 12 words, ending in . ! ? (closing quotes skipped).
- comment thread: a paragraph after the page's last gold content line, at or
  after the first comment marker (`12 Comments`, `N responses to`, `Leave a
  Reply`, `... says:`/`wrote:`, `Reply`, ...) that stands at or after that last
  content line. On a page without gold content any marker opens the thread.
"""

import argparse
import collections
import json
import os
import re
import sys

LABELS = ("content", "boilerplate", "related")

TOKEN = re.compile(r"\w+")
TRAILING_CLOSERS = "\"'”’»)]›* \t"

MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
         r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
DATE = re.compile(
    r"\b(?:"
    + MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4})?"           # July 21, 2012
    + r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH + r"(?:,?\s+\d{4})?"  # 21 July 2012
    + r"|" + MONTH + r",?\s+\d{4}"                                       # July 2012
    + r"|\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}"                                # 07/21/2012, 2012-07-21
    + r"|\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?"                               # 10:32 am
    + r"|\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago"      # 3 days ago
    + r"|(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?,\s"  # Monday,
    + r")",
    re.IGNORECASE,
)
BYLINE = re.compile(
    r"^\s*(?:by|posted|written|published|filed|submitted|author|updated|"
    r"posted\s+by|written\s+by|posted\s+on|posted\s+in)\b[\s:]*\S",
    re.IGNORECASE,
)
NUMBER_WORD = r"(?:\d+|no|one|two|three|four|five|six|seven|eight|nine|ten)"
COMMENT_MARKER = re.compile(
    r"^\W*" + NUMBER_WORD + r"\s+(?:comments?|responses?|replies|thoughts?\s+on|reactions?)\b"
    r"|\b\d+\s+(?:responses?|comments?|replies)\s+to\b"
    r"|^\W*(?:comments?|reader\s+comments|responses?|discussion|discuss\s+this(?:\s+\w+)?|"
    r"join\s+the\s+(?:discussion|conversation)|trackbacks?(?:\s+pings)?)\W*(?:\(\d+\)|\d+)?\W*$"
    r"|^\s*(?:comment\s*#?\s*\d+\s*\W\s*)?posted\s+by\s*:"
    r"|^\s*(?:leave|post|add|submit|write)\s+(?:a|your)\s+(?:reply|comment|response)\b"
    r"|^\s*reply\b"
    r"|\breply\s*(?:↓|→)?\s*$",
    re.IGNORECASE,
)
SAYS = re.compile(r"\b(?:says|said|wrote)\s*:", re.IGNORECASE)

KEPT_KINDS = ("comment thread", "teaser (gold related)", "date/byline", "long prose", "other")
LOST_KINDS = ("headline-shaped", "short (<8 words)", "long prose", "other")
POSITIONS = ("before", "inside", "after", "page without content")


def words(text):
    return text.split()


def tokens(text):
    return len(TOKEN.findall(text))


def final_char(text):
    t = text.rstrip(TRAILING_CLOSERS)
    return t[-1:] if t else ""


def is_date_line(text):
    return len(words(text)) <= 15 and DATE.search(text) is not None


def is_headline_shaped(text):
    n = len(words(text))
    return 2 <= n <= 31 and final_char(text) not in (".", "!", "?") and not is_date_line(text)


def is_long_prose(text):
    return len(words(text)) >= 12 and final_char(text) in (".", "!", "?")


def is_comment_marker(text):
    if COMMENT_MARKER.search(text):
        return True
    return len(words(text)) <= 15 and SAYS.search(text) is not None


def is_date_or_byline(text):
    return is_date_line(text) or (len(words(text)) <= 15 and BYLINE.search(text) is not None)


def read_gold(path):
    pages = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                pages.append((str(r["id"]), [(p["text"], p["label"]) for p in r["paragraphs"]]))
    return pages


def read_predictions(path):
    by_page = collections.defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                name = os.path.basename(r["path"])
                page_id = name[:-4] if name.endswith(".txt") else name
                by_page[page_id].append((r.get("line", 0), r["text"], r["label"]))
    for rows in by_page.values():
        rows.sort(key=lambda r: r[0])
    return by_page


def align(paragraphs, preds, stats):
    """One predicted label (or None) per gold paragraph."""
    if len(preds) == len(paragraphs) and all(
            p[1].strip() == g[0].strip() for p, g in zip(preds, paragraphs)):
        stats["pages aligned by order"] += 1
        return [p[2] for p in preds]
    # Match texts in order: each gold paragraph takes the next prediction with its text.
    labels, j = [], 0
    for text, _ in paragraphs:
        k = j
        while k < len(preds) and preds[k][1].strip() != text.strip():
            k += 1
        if k < len(preds):
            labels.append(preds[k][2])
            stats["predictions skipped"] += k - j
            j = k + 1
        else:
            labels.append(None)
    stats["predictions skipped"] += len(preds) - j
    missing = sum(l is None for l in labels)
    stats["pages aligned by text"] += 1
    stats["paragraphs without a prediction"] += missing
    return labels


def fmt(n):
    return f"{n:,}"


def pct(a, b):
    return f"{100.0 * a / b:.1f} %" if b else "–"


def analyse(gold, preds):
    stats = collections.Counter()
    confusion = collections.Counter()
    confusion_tokens = collections.Counter()
    headline = collections.Counter()
    kept = collections.Counter()          # (kind, position) -> paragraphs
    kept_tokens = collections.Counter()
    kept_examples = collections.defaultdict(list)
    comment_prose = collections.Counter()  # comment-thread lines of >= 6 words
    lost = collections.Counter()
    lost_tokens = collections.Counter()
    lost_examples = collections.defaultdict(list)

    for page_id, paragraphs in gold:
        stats["pages"] += 1
        if page_id not in preds:
            stats["pages without predictions"] += 1
            continue
        labels = align(paragraphs, preds[page_id], stats)
        content_at = [i for i, (_, g) in enumerate(paragraphs) if g == "content"]
        first = content_at[0] if content_at else None
        last = content_at[-1] if content_at else None

        # The comment thread opens at the first marker at or after the last content line.
        thread_from = None
        for i, (text, _) in enumerate(paragraphs):
            if (last is None or i >= last) and is_comment_marker(text):
                thread_from = i
                break

        if first is not None:
            headline["pages with content"] += 1
            h_text = paragraphs[first][0]
            h_ok = labels[first] == "content"
            headline["first content kept"] += h_ok
            if is_headline_shaped(h_text):
                headline["headline-shaped"] += 1
                headline["headline-shaped kept"] += h_ok

        for i, ((text, g), p) in enumerate(zip(paragraphs, labels)):
            if p is None:
                continue
            n_tok = tokens(text)
            confusion[g, p] += 1
            confusion_tokens[g, p] += n_tok
            if g != "content" and p == "content":
                if first is None:
                    pos = "page without content"
                elif i < first:
                    pos = "before"
                elif i > last:
                    pos = "after"
                else:
                    pos = "inside"
                if (thread_from is not None and i >= thread_from
                        and pos in ("after", "page without content")):
                    kind = "comment thread"
                elif g == "related":
                    kind = "teaser (gold related)"
                elif is_date_or_byline(text):
                    kind = "date/byline"
                elif is_long_prose(text):
                    kind = "long prose"
                else:
                    kind = "other"
                kept[kind, pos] += 1
                kept_tokens[kind, pos] += n_tok
                kept_examples[kind].append(f"{page_id}:{i}  {text}")
                if kind == "comment thread" and len(words(text)) >= 6:
                    comment_prose["paragraphs"] += 1
                    comment_prose["tokens"] += n_tok
            elif g == "content" and p != "content":
                if is_headline_shaped(text):
                    kind = "headline-shaped"
                elif len(words(text)) < 8:
                    kind = "short (<8 words)"
                elif is_long_prose(text):
                    kind = "long prose"
                else:
                    kind = "other"
                lost[kind, p] += 1
                lost_tokens[kind, p] += n_tok
                lost_examples[kind].append(f"{page_id}:{i}  {text}")

    return dict(stats=stats, confusion=confusion, confusion_tokens=confusion_tokens,
                headline=headline, kept=kept, kept_tokens=kept_tokens,
                kept_examples=kept_examples, comment_prose=comment_prose,
                lost=lost, lost_tokens=lost_tokens, lost_examples=lost_examples)


def report(a, dev_path, pred_path, out):
    s, c, ct = a["stats"], a["confusion"], a["confusion_tokens"]
    w = out.write
    w(f"# Error kinds\n\nGold `{dev_path}`, predictions `{pred_path}`.\n\n")
    aligned_text = s["pages aligned by text"]
    w(f"Alignment: {s['pages']} pages; {s['pages aligned by order']} aligned by order "
      f"(prediction count = paragraph count, same texts), {aligned_text} by matching texts, "
      f"{s['pages without predictions']} without predictions; "
      f"{s['paragraphs without a prediction']} paragraphs without a prediction, "
      f"{s['predictions skipped']} predictions unmatched.\n\n")

    w("## 1. Confusion matrix (rows gold, columns predicted; paragraphs, tokens in brackets)\n\n")
    w("| gold \\ predicted | " + " | ".join(LABELS) + " | total |\n|---|---|---|---|---|\n")
    for g in LABELS:
        row = [f"{fmt(c[g, p])} ({fmt(ct[g, p])})" for p in LABELS]
        tot = sum(c[g, p] for p in LABELS)
        tot_t = sum(ct[g, p] for p in LABELS)
        w(f"| {g} | " + " | ".join(row) + f" | {fmt(tot)} ({fmt(tot_t)}) |\n")
    tp, tpt = c["content", "content"], ct["content", "content"]
    pp = sum(c[g, "content"] for g in LABELS)
    ppt = sum(ct[g, "content"] for g in LABELS)
    gp = sum(c["content", p] for p in LABELS)
    gpt = sum(ct["content", p] for p in LABELS)

    def prf(t, p, g):
        pr, rc = (t / p if p else 0.0), (t / g if g else 0.0)
        return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)

    w("\ncontent P / R / F1: paragraphs %.3f / %.3f / %.3f; tokens %.3f / %.3f / %.3f\n\n"
      % (prf(tp, pp, gp) + prf(tpt, ppt, gpt)))

    h = a["headline"]
    w("## 2. Headline (the first gold-content paragraph of each page)\n\n")
    w("| pages | count | first content paragraph predicted content |\n|---|---|---|\n")
    w(f"| with gold content | {h['pages with content']} | {h['first content kept']} "
      f"({pct(h['first content kept'], h['pages with content'])}) |\n")
    w(f"| ... whose first content paragraph is headline-shaped | {h['headline-shaped']} | "
      f"{h['headline-shaped kept']} ({pct(h['headline-shaped kept'], h['headline-shaped'])}) |\n\n")

    k, kt = a["kept"], a["kept_tokens"]
    tot_k = sum(k.values())
    tot_kt = sum(kt.values())
    w(f"## 3. Falsely kept content (gold not content, predicted content): "
      f"{fmt(tot_k)} paragraphs, {fmt(tot_kt)} tokens\n\n")
    w("Paragraphs (tokens) by kind and position relative to the page's gold content.\n\n")
    w("| kind | " + " | ".join(POSITIONS) + " | total | share of tokens |\n")
    w("|---|" + "---|" * (len(POSITIONS) + 2) + "\n")
    for kind in KEPT_KINDS + ("total",):
        cells = []
        for pos in POSITIONS:
            if kind == "total":
                n = sum(k[x, pos] for x in KEPT_KINDS)
                t = sum(kt[x, pos] for x in KEPT_KINDS)
            else:
                n, t = k[kind, pos], kt[kind, pos]
            cells.append(f"{fmt(n)} ({fmt(t)})")
        if kind == "total":
            n, t = tot_k, tot_kt
        else:
            n = sum(k[kind, pos] for pos in POSITIONS)
            t = sum(kt[kind, pos] for pos in POSITIONS)
        w(f"| {kind} | " + " | ".join(cells) + f" | {fmt(n)} ({fmt(t)}) | {pct(t, tot_kt)} |\n")
    ct_tok = sum(kt["comment thread", pos] for pos in POSITIONS)
    cp = a["comment_prose"]
    w(f"\nComment thread after the article: {pct(ct_tok, tot_kt)} of the falsely kept "
      f"content tokens; comment prose (thread lines of >= 6 words): {fmt(cp['paragraphs'])} "
      f"paragraphs, {fmt(cp['tokens'])} tokens, **{pct(cp['tokens'], tot_kt)}** of the "
      f"falsely kept content tokens.\n\n")

    l, lt = a["lost"], a["lost_tokens"]
    tot_l = sum(l.values())
    tot_lt = sum(lt.values())
    w(f"## 4. Lost content (gold content, predicted not content): "
      f"{fmt(tot_l)} paragraphs, {fmt(tot_lt)} tokens\n\n")
    w("| kind | predicted boilerplate | predicted related | total | share of tokens |\n"
      "|---|---|---|---|---|\n")
    for kind in LOST_KINDS + ("total",):
        cells = []
        for p in ("boilerplate", "related"):
            if kind == "total":
                n = sum(l[x, p] for x in LOST_KINDS)
                t = sum(lt[x, p] for x in LOST_KINDS)
            else:
                n, t = l[kind, p], lt[kind, p]
            cells.append(f"{fmt(n)} ({fmt(t)})")
        if kind == "total":
            n, t = tot_l, tot_lt
        else:
            n = l[kind, "boilerplate"] + l[kind, "related"]
            t = lt[kind, "boilerplate"] + lt[kind, "related"]
        w(f"| {kind} | " + " | ".join(cells) + f" | {fmt(n)} ({fmt(t)}) | {pct(t, tot_lt)} |\n")

    w("\n## 5. Related vs boilerplate\n\n| confusion | paragraphs | tokens |\n|---|---|---|\n")
    w(f"| gold related, predicted boilerplate | {fmt(c['related', 'boilerplate'])} | "
      f"{fmt(ct['related', 'boilerplate'])} |\n")
    w(f"| gold boilerplate, predicted related | {fmt(c['boilerplate', 'related'])} | "
      f"{fmt(ct['boilerplate', 'related'])} |\n")


def largest_kind(a):
    sizes = {}
    for kind in KEPT_KINDS:
        sizes["kept:" + kind] = sum(a["kept_tokens"][kind, pos] for pos in POSITIONS)
    for kind in LOST_KINDS:
        sizes["lost:" + kind] = sum(a["lost_tokens"][kind, p] for p in ("boilerplate", "related"))
    return max(sizes, key=sizes.get), sizes


def examples(a, kind, n, out):
    group, name = kind.split(":", 1)
    rows = (a["kept_examples"] if group == "kept" else a["lost_examples"]).get(name, [])
    out.write(f"\n## Examples: {kind} ({len(rows)} paragraphs; {n} spread evenly)\n\n")
    step = max(1, len(rows) // n) if rows else 1
    for row in rows[::step][:n]:
        row = " ".join(row.split())
        out.write("- `" + (row if len(row) <= 80 else row[:79] + "…").replace("`", "'") + "`\n")


def key_numbers(a):
    """The figures of the side-by-side summary, in order: (name, value)."""
    c, ct, h = a["confusion"], a["confusion_tokens"], a["headline"]
    k, kt, l, lt = a["kept"], a["kept_tokens"], a["lost"], a["lost_tokens"]
    rows = [("pages aligned by order / by text", "{:,} / {:,}".format(
        a["stats"]["pages aligned by order"], a["stats"]["pages aligned by text"]))]
    for g in LABELS:
        for p in LABELS:
            rows.append((f"gold {g} → predicted {p} (paragraphs)", c[g, p]))
    tp, tpt = c["content", "content"], ct["content", "content"]
    pp, ppt = sum(c[g, "content"] for g in LABELS), sum(ct[g, "content"] for g in LABELS)
    gp, gpt = sum(c["content", p] for p in LABELS), sum(ct["content", p] for p in LABELS)
    for name, t, pr, g in (("paragraphs", tp, pp, gp), ("tokens", tpt, ppt, gpt)):
        P, R = t / pr if pr else 0.0, t / g if g else 0.0
        rows.append((f"content P / R / F1, {name}",
                     "%.3f / %.3f / %.3f" % (P, R, 2 * P * R / (P + R) if P + R else 0.0)))
    rows.append(("first content paragraph kept (pages)",
                 "{:,} / {:,}".format(h["first content kept"], h["pages with content"])))
    rows.append(("... headline-shaped first paragraph kept",
                 "{:,} / {:,}".format(h["headline-shaped kept"], h["headline-shaped"])))
    rows.append(("falsely kept content: paragraphs", sum(k.values())))
    rows.append(("falsely kept content: tokens", sum(kt.values())))
    for pos in POSITIONS[:3]:
        rows.append((f"  tokens {pos} the content", sum(kt[x, pos] for x in KEPT_KINDS)))
    for kind in KEPT_KINDS:
        rows.append((f"  {kind}: paragraphs / tokens", "{:,} / {:,}".format(
            sum(k[kind, p] for p in POSITIONS), sum(kt[kind, p] for p in POSITIONS))))
    tot = sum(kt.values())
    rows.append(("  comment prose after the article, share of tokens",
                 pct(a["comment_prose"]["tokens"], tot)))
    rows.append(("lost content: paragraphs", sum(l.values())))
    rows.append(("lost content: tokens", sum(lt.values())))
    for kind in LOST_KINDS:
        rows.append((f"  {kind}: paragraphs / tokens", "{:,} / {:,}".format(
            l[kind, "boilerplate"] + l[kind, "related"],
            lt[kind, "boilerplate"] + lt[kind, "related"])))
    rows.append(("related → boilerplate (paragraphs)", c["related", "boilerplate"]))
    rows.append(("boilerplate → related (paragraphs)", c["boilerplate", "related"]))
    return [("· " + n.strip(), v) if n.startswith("  ") else (n, v) for n, v in rows]


def change(b, a):
    if isinstance(b, int) and isinstance(a, int):
        return f"{a - b:+,}"
    parts = []
    for x, y in zip(str(b).split("/"), str(a).split("/")):
        x, y = x.strip().replace(",", ""), y.strip().replace(",", "")
        if x.endswith("%") and y.endswith("%"):
            parts.append("%+.1f pt" % (float(y[:-1]) - float(x[:-1])))
        elif "." in x:
            parts.append("%+.3f" % (float(y) - float(x)))
        else:
            parts.append(f"{int(y) - int(x):+,}")
    return " / ".join(parts)


def summary(before, after, out):
    out.write("| figure | before | after | change |\n|---|---|---|---|\n")
    for (name, b), (_, a) in zip(key_numbers(before), key_numbers(after)):
        out.write(f"| {name} | {fmt(b) if isinstance(b, int) else b} | "
                  f"{fmt(a) if isinstance(a, int) else a} | {change(b, a)} |\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dev", help="labelled corpus, JSON lines")
    ap.add_argument("pred", help="`declutter classify --format jsonl` output")
    ap.add_argument("--examples", type=int, default=0, metavar="N",
                    help="print N examples of the largest error kind")
    ap.add_argument("--kind", help="with --examples: this kind instead (kept:<kind> or lost:<kind>)")
    ap.add_argument("--compare", metavar="BEFORE_PRED",
                    help="print instead a side-by-side table: BEFORE_PRED's figures against PRED's")
    args = ap.parse_args()
    gold = read_gold(args.dev)
    a = analyse(gold, read_predictions(args.pred))
    if args.compare:
        summary(analyse(gold, read_predictions(args.compare)), a, sys.stdout)
    else:
        report(a, args.dev, args.pred, sys.stdout)
    if args.examples:
        kind, sizes = largest_kind(a)
        examples(a, args.kind or kind, args.examples, sys.stdout)


if __name__ == "__main__":
    main()
