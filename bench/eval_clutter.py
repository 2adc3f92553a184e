"""How often find_clutter excludes real text, and how well it finds clutter.

Run:  .venv/bin/python bench/eval_clutter.py [--show N]

1. CT19 debate transcripts (/work/shared/data/ct19-checkworthy-debates): each
   transcript's lines joined into one text, one line per paragraph. None of it is
   page clutter, so every excluded line is a false exclusion.
2. CT24 sentences (/work/shared/data/ct24-checkworthy-en/*.tsv) joined as
   paragraphs, 25 to a document: again nothing should be excluded.
3. The annotated samples in tests/data/ingest/clutter/ (each NAME.txt/.md has a
   NAME.expected listing the lines that are clutter): precision and recall per line.
4. Speed: find_clutter on a 2 MB single line with no punctuation, and
   read_article on 5 MB and hostile files (HTML that makes html.parser quadratic).

The research data is read in place and never copied.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from workbench.ingest.clutter import find_clutter

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path("/work/shared/data")
SAMPLES = ROOT / "tests" / "data" / "ingest" / "clutter"


def excluded_lines(text: str) -> list[tuple[str, str]]:
    """(line, reason) for every non-blank line inside an excluded span."""
    out = []
    for span in find_clutter(text):
        for line in text[span.start:span.end].split("\n"):
            if line.strip():
                out.append((line.strip(), span.reason))
    return out


def false_exclusions(docs: list[list[str]], label: str, show: int) -> None:
    total = sum(len(d) for d in docs)
    for joiner, how in (("\n\n", "blank line between"), ("\n", "one per line")):
        bad: list[tuple[str, str]] = []
        for lines in docs:
            bad.extend(excluded_lines(joiner.join(lines)))
        rate = len(bad) / total if total else 0.0
        print(f"{label} ({how}): {len(docs)} documents, {total} lines, {len(bad)} excluded "
              f"-> false exclusion rate {rate:.4%}")
        for line, reason in bad[:show]:
            print(f"    [{reason}] {line[:110]!r}")


def ct19_docs() -> list[list[str]]:
    path = SHARED / "ct19-checkworthy-debates" / "CT19-T1-Training.csv"
    if not path.exists():
        return []
    by_file: dict[str, list[tuple[int, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            by_file[row["file_name"]].append((int(row["line_number"]), row["text"].strip()))
    return [[t for _, t in sorted(rows) if t] for _, rows in sorted(by_file.items())]


def ct24_docs(size: int = 25) -> list[list[str]]:
    docs: list[list[str]] = []
    for path in sorted((SHARED / "ct24-checkworthy-en").glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as fh:
            rows = [r["Text"].strip() for r in csv.DictReader(fh, delimiter="\t") if r.get("Text")]
        docs.extend(rows[i:i + size] for i in range(0, len(rows), size))
    return docs


def samples(show: int, *, squeeze: bool = False) -> None:
    """Per-line precision and recall; ``squeeze`` drops the blank lines between paragraphs first."""
    tp = fp = fn = 0
    print("samples" + (" without blank lines:" if squeeze else ":"))
    for path in sorted(SAMPLES.glob("*")):
        if path.suffix not in (".txt", ".md"):
            continue
        expected_path = path.with_suffix(".expected")
        if not expected_path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        if squeeze:
            text = re.sub(r"\n\s*\n", "\n", text)
        expected = {ln.strip() for ln in expected_path.read_text(encoding="utf-8").splitlines() if ln.strip()}
        got = {line for line, _ in excluded_lines(text)}
        file_fp = got - expected
        file_fn = expected - got
        tp += len(got & expected)
        fp += len(file_fp)
        fn += len(file_fn)
        print(f"  {path.name}: {len(got & expected)}/{len(expected)} clutter lines found, "
              f"{len(file_fp)} real lines excluded")
        for line in sorted(file_fp)[:show]:
            print(f"    wrongly excluded: {line[:100]!r}")
        for line in sorted(file_fn)[:show]:
            print(f"    missed: {line[:100]!r}")
    if tp + fp + fn:
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"samples: precision {precision:.3f}, recall {recall:.3f} (lines)")


def speed() -> None:
    giant = ("word " * 420_000)[:2_000_000]
    started = time.perf_counter()
    find_clutter(giant)
    one_line = time.perf_counter() - started
    many = "\n".join(["Share", "A short line", "Skip to content", "x" * 100] * 40_000)
    started = time.perf_counter()
    find_clutter(many)
    lines = time.perf_counter() - started
    print(f"speed: 2 MB single line {one_line * 1000:.0f} ms; "
          f"{len(many) / 1e6:.1f} MB in {len(many.splitlines()) // 1000}k short lines {lines * 1000:.0f} ms")


def reader_speed() -> None:
    """read_article on large and hostile files (built in a temp folder, removed after)."""
    import os
    import tempfile

    from workbench.ingest import IngestError, read_article
    from workbench.ingest.files import Candidate

    para = ("The minister said the caf\u00e9\u2019s \u201cnew rules\u201d would cost \u20ac5m \u2014 "
            "a rise of 20%. The plan was published on Monday.\n\n")
    cases = {
        "4.9 MB UTF-8 prose": (para * 50_000).encode()[:4_900_000],
        "4.9 MB cp1252 prose": (para * 50_000).encode("cp1252")[:4_900_000],
        "4.9 MB HTML page": (("<p>" + para + "</p><div><span>Share</span></div>") * 40_000).encode()[:4_900_000],
        "2 MB single line": ("word " * 420_000).encode()[:2_000_000],
        "2 MB of '<a'": b"<a" * 1_000_000,
        "1 MB of '</'": b"</" * 500_000 + b">",
        "10k nested divs": b"<div>" * 10_000 + b"<p>x y z.</p>" + b"</div>" * 10_000,
        "4.9 MB random bytes": os.urandom(4_900_000),
        "7 MB file (over the cap)": b"a" * 7_000_000,
    }
    with tempfile.TemporaryDirectory() as tmp:
        for label, data in cases.items():
            path = Path(tmp) / ("case.html" if "HTML" in label or "<" in label or "div" in label else "case.txt")
            path.write_bytes(data)
            started = time.perf_counter()
            try:
                article = read_article(Candidate(path, None, label))
                outcome = f"{article.format}, {len(article.text)} chars, {len(article.excluded)} spans"
            except IngestError as exc:
                outcome = f"{exc.status}: {exc.reason}"
            print(f"  {label}: {(time.perf_counter() - started) * 1000:.0f} ms ({outcome})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=15, help="examples to print per set")
    args = parser.parse_args()
    docs = ct19_docs()
    if docs:
        false_exclusions(docs, "CT19 debates", args.show)
    else:
        print("CT19 data not found; skipped")
    docs = ct24_docs()
    if docs:
        false_exclusions(docs, "CT24 sentences", args.show)
    else:
        print("CT24 data not found; skipped")
    samples(args.show)
    samples(args.show, squeeze=True)
    speed()
    print("reading layer:")
    reader_speed()
    return 0


if __name__ == "__main__":
    sys.exit(main())
