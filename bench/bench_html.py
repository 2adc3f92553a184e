"""Saved pages: body precision, recall and time per page of the new HTML path against the old one, in one run.

    .venv/bin/python bench/bench_html.py [--pages DIR] [--rounds 3] [--hostile] [--per-page]

On the project's own saved pages (tests/data/web/pages/, built by
tests/data/web/make_pages.py; each NAME.html has its expected body in
NAME.body.txt) it scores, for every page:

- old:          the workbench's own tokenizer and clutter rules (the path before issue 15);
- trafilatura:  trafilatura's main text on its own (bare_extraction, the settings the new path uses);
- new:          the workbench's HTML path now (trafilatura's main text, laid out with the page's
                other lines as excluded spans, then the project's clutter rules on top);
- new, no rules: the same without the project's clutter rules (what those rules add).

The body of a result is its stored text minus its excluded spans. Precision and
recall are over word tokens (lower-cased, bag of words, as extraction
benchmarks count them), averaged over pages; F1 is per page, averaged. Time is
reading one page's bytes into an Article (decode, extract, clutter, metadata),
median over --rounds. Pages in the styles looked at while building the path
("dev") and the styles only scored at the end ("held-out") are reported apart.

--hostile times the hostile pages (an "<a" flood, 20,000 nested divs, unclosed
scripts, a 5 MB page, broken encodings) through the old and the new path, with
each page at two sizes to show the time grows linearly.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.ingest.clutter import find_clutter  # noqa: E402
from workbench.ingest.decode import decode  # noqa: E402
from workbench.ingest.html import extract_html  # noqa: E402
from workbench.ingest.metadata import extract_metadata  # noqa: E402
from workbench.ingest.reader import build_article  # noqa: E402
from workbench.ingest.webpage import read_html, trafilatura_text  # noqa: E402
from workbench.records import ExcludedSpan  # noqa: E402

PAGES = ROOT / "tests" / "data" / "web" / "pages"
_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in _WORD.findall(text))


def body_of(text: str, excluded: list[ExcludedSpan]) -> str:
    out, pos = [], 0
    for span in sorted(excluded, key=lambda s: s.start):
        if span.start > pos:
            out.append(text[pos:span.start])
        pos = max(pos, span.end)
    out.append(text[pos:])
    return "\n".join(out)


def score(got: str, want: str) -> tuple[float, float, float]:
    g, w = words(got), words(want)
    common = sum((g & w).values())
    p = common / sum(g.values()) if g else 0.0
    r = common / sum(w.values()) if w else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def old_path(data: bytes) -> str:
    text, html_meta = extract_html(decode(data).text)
    excluded = find_clutter(text)
    extract_metadata(text, excluded, html_meta=html_meta)
    return body_of(text, excluded)


def trafilatura_path(data: bytes) -> str:
    return trafilatura_text(decode(data).text) or ""


def new_path(data: bytes) -> str:
    article = build_article(data, decode(data), "html", path="page.html", display="page.html")
    return body_of(article.text, article.excluded)


def new_no_rules(data: bytes) -> str:
    page = read_html(decode(data).text, clutter_rules=False)
    return body_of(page.text, page.excluded)


SYSTEMS: dict[str, Callable[[bytes], str]] = {
    "old (own rules)": old_path,
    "trafilatura alone": trafilatura_path,
    "new": new_path,
    "new, no own rules": new_no_rules,
}


def timed(fn: Callable[[bytes], str], data: bytes, rounds: int) -> tuple[str, float]:
    times, out = [], ""
    for _ in range(rounds):
        t = time.perf_counter()
        out = fn(data)
        times.append(time.perf_counter() - t)
    return out, statistics.median(times)


def run_pages(folder: Path, rounds: int, per_page: bool) -> None:
    pages = sorted(folder.glob("*.html"))
    if not pages:
        sys.exit(f"no pages in {folder}")
    rows: dict[str, dict[str, list[tuple[float, float, float, float]]]] = {s: {"dev": [], "held-out": []} for s in SYSTEMS}
    empty: Counter[str] = Counter()
    for page in pages:
        data = page.read_bytes()
        want = page.with_suffix("").with_suffix(".body.txt").read_text(encoding="utf-8")
        meta_path = page.with_suffix("").with_suffix(".meta.json")
        group = "held-out" if meta_path.exists() and json.loads(meta_path.read_text())["held_out"] else "dev"
        line = [page.stem[:40].ljust(40)]
        for name, fn in SYSTEMS.items():
            got, seconds = timed(fn, data, rounds)
            if not got.strip():
                empty[name] += 1
            p, r, f = score(got, want)
            rows[name][group].append((p, r, f, seconds))
            line.append(f"{f:.3f}")
        if per_page:
            print("  ".join(line))
    print(f"{len(pages)} pages in {folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder}, "
          f"median of {rounds} rounds per page\n")
    print(f"{'':22s}{'group':>10s}{'pages':>7s}{'P':>8s}{'R':>8s}{'F1':>8s}{'ms/page':>10s}{'no text':>9s}")
    for name in SYSTEMS:
        for group in ("dev", "held-out", "all"):
            data_rows = rows[name]["dev"] + rows[name]["held-out"] if group == "all" else rows[name][group]
            if not data_rows:
                continue
            p = statistics.mean(r[0] for r in data_rows)
            r_ = statistics.mean(r[1] for r in data_rows)
            f = statistics.mean(r[2] for r in data_rows)
            ms = 1000 * statistics.mean(r[3] for r in data_rows)
            print(f"{name:22s}{group:>10s}{len(data_rows):7d}{p:8.3f}{r_:8.3f}{f:8.3f}{ms:10.1f}"
                  f"{empty[name] if group == 'all' else '':>9}")
        print()


def hostile_pages(scale: int) -> dict[str, bytes]:
    """The hostile set at ``scale`` times its base size (the base "big article" is 1.4 MB)."""
    para = "<p>The council voted on Tuesday to raise the minimum wage for contractors to $18 an hour, officials said.</p>\n"
    return {
        "<a flood": ("<html><body><p>Start.</p>" + "<a" * (100_000 * scale)).encode(),
        "nested divs": ("<html><body>" + "<div>" * (10_000 * scale) + para * 5 + "</div>" * (10_000 * scale)).encode(),
        "unclosed nested": ("<html><body><article>" + "<span><b>" * (5_000 * scale) + para * 5).encode(),
        "unclosed script": ("<html><body>" + para * 20 + "<script>var a = '<p>x</p>';" + "x" * (500_000 * scale)).encode(),
        "big article": ("<html><body><article>" + "".join(
            para.replace("council", f"council {i}") for i in range(12_000 * scale)) + "</article></body></html>").encode(),
        "broken encoding": (b"<html><head><meta charset=utf-8></head><body>" + b"<p>Caf\xe9 \xff\xfe na\xefve r\xe9sum\xe9 "
                            + b"\xc3\x28 \xe2\x82 text</p>\n" * (5_000 * scale)),
        "script-heavy page": ("<html><head><script>window.__STATE__ = " + '{"k": "' + "v" * (1_200_000 * scale) + '"}'
                              + "</script></head><body><article><h1>Headline of the story</h1>" + para * 12
                              + "</article></body></html>").encode(),
        "huge attribute": ('<html><body><p title="' + "x" * (1_000_000 * scale) + '">After a huge attribute.</p>' + para * 5).encode(),
    }


def read_page_new(data: bytes) -> str:
    return new_path(data)


def read_page_old(data: bytes) -> str:
    return old_path(data)


def run_hostile(rounds: int = 2) -> None:
    print("hostile pages: seconds to read each into its text, spans and metadata (old path / new path),\n"
          f"at 1x, 2x and 4x size, best of {rounds}; linear time means 4x size ~ 4x seconds\n")
    print(f"{'page':18s}{'MB at 1x':>10s}{'old 1x':>9s}{'old 4x':>9s}{'new 1x':>9s}{'new 2x':>9s}{'new 4x':>9s}"
          f"{'new 4x/1x':>11s}")
    sizes = [hostile_pages(k) for k in (1, 2, 4)]
    new_path(b"<html><body><p>Warm-up: the libraries load here, not inside the first timing.</p></body></html>")

    def best(fn: Callable[[bytes], str], data: bytes) -> float:
        times = []
        for _ in range(rounds):
            t = time.perf_counter()
            fn(data)
            times.append(time.perf_counter() - t)
        return min(times)

    for name in sizes[0]:
        old = [best(read_page_old, sizes[k][name]) for k in (0, 2)]
        new = [best(read_page_new, sizes[k][name]) for k in (0, 1, 2)]
        ratio = new[2] / new[0] if new[0] > 0.005 else float("nan")
        print(f"{name:18s}{len(sizes[0][name]) / 1e6:10.2f}{old[0]:9.2f}{old[1]:9.2f}"
              f"{new[0]:9.2f}{new[1]:9.2f}{new[2]:9.2f}{ratio:11.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, default=PAGES, help="folder of NAME.html with NAME.body.txt")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds per page (median)")
    parser.add_argument("--hostile", action="store_true", help="also time the hostile pages")
    parser.add_argument("--per-page", action="store_true", help="print each page's F1 for every system")
    args = parser.parse_args()
    run_pages(args.pages, args.rounds, args.per_page)
    if args.hostile:
        run_hostile()


if __name__ == "__main__":
    main()
