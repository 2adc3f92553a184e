"""Commands that run the pipeline: ingest files, re-extract stored documents, score sentences."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from workbench.cli.output import Context, fail, load_nlp, model_option, pass_ctx
from workbench.safetext import visible


def parse_size(text: str) -> int:
    units = {"": 1, "b": 1, "k": 1_000, "kb": 1_000, "m": 1_000_000, "mb": 1_000_000, "g": 1_000_000_000, "gb": 1_000_000_000}
    raw = text.strip().lower().replace("_", "")
    number = raw.rstrip("kmgb")
    unit = raw[len(number):]
    try:
        value = float(number)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a size (e.g. 5000000, 5MB, 800KB)") from None
    if unit not in units or value <= 0:
        raise click.BadParameter(f"{text!r} is not a size (e.g. 5000000, 5MB, 800KB)")
    return int(value * units[unit])


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--urls", "url_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A file of URLs to fetch, one per line (# comments and blank lines skipped).")
@click.option("--feed", "feeds", multiple=True, metavar="URL",
              help="An RSS or Atom feed: fetch and ingest its entries not stored yet (repeatable).")
@click.option("--all-files", is_flag=True, help="Also take files whose extension is not .txt, .md, .html or .htm.")
@click.option(
    "--max-bytes",
    default="5MB",
    show_default=True,
    help="Refuse files and pages larger than this (bytes, or with KB/MB/GB).",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help="Extraction processes.")
@click.option("--fetch-jobs", type=click.IntRange(min=1, max=16), default=4, show_default=True,
              help="Pages fetched at once (never more than 2 from one host).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Seconds to wait for a connection or for the next data of a page.")
@click.option("--quiet", "-q", is_flag=True, help="Only the summary and the problems.")
@click.option("--match/--no-match", "match", default=True, show_default=True,
              help="Then match the new claims against imported fact-checks and earlier verdicts (seen before).")
@model_option
@pass_ctx
def ingest(
    obj: Context, paths: tuple[str, ...], url_files: tuple[Path, ...], feeds: tuple[str, ...], all_files: bool,
    max_bytes: str, jobs: int, fetch_jobs: int, timeout: float, quiet: bool, match: bool, model: str | None,
) -> None:
    """Ingest article files and folders (walked recursively), web pages and feeds: store, split, extract claims.

    PATHS are files, folders, or http(s) URLs. Each file or URL gets one line:
    ingested, new version, unchanged, skipped or failed, with its reason. A
    page fetched again with the same bytes is unchanged; with other bytes, a
    new version. Exit 1 when something was refused; the rest are still stored.
    """
    from workbench.ingest.web import looks_like_url
    from workbench.ingest.webrun import read_url_list

    cap = parse_size(max_bytes)
    urls = [p for p in paths if looks_like_url(p)]
    files = [Path(p) for p in paths if not looks_like_url(p)]
    for url_file in url_files:
        try:
            urls.extend(read_url_list(url_file))
        except OSError as exc:
            fail(f"cannot read --urls {visible(str(url_file))}: {exc.strerror or exc}", 2)
    if not files and not urls and not feeds:
        raise click.UsageError("give a file, folder or URL, --urls FILE or --feed URL")
    wb = obj.workbench(create=True)
    pipeline = load_nlp(model) if jobs == 1 else None
    if pipeline is None:
        click.echo(f"extraction in {jobs} processes", err=True)

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True, markup=False, highlight=False, emoji=False)
    progress = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=console, transient=True, disable=not console.is_terminal,
    )
    task = progress.add_task("ingesting", total=None)
    fetching = progress.add_task("fetching ", total=None, visible=False)
    totals = [0]

    def on_total(total: int) -> None:
        totals[0] += total
        progress.update(task, total=totals[0])
        if totals[0] > 1:
            progress.start()

    def on_web_total(total: int) -> None:
        progress.update(fetching, total=total, visible=True)
        on_total(total)

    def on_fetch(url: str) -> None:
        progress.advance(fetching)

    def on_file(file_report: Any) -> None:
        progress.advance(task)
        if quiet and not file_report.refused:
            return
        line = file_report.line()
        if progress.live.is_started:
            progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            click.echo(line, err=file_report.failed)

    try:
        report = wb.ingest(
            files, urls=urls, feeds=list(feeds), pipeline=pipeline, model=model, all_files=all_files,
            max_bytes=cap, jobs=jobs, fetch_jobs=fetch_jobs, timeout=timeout,
            on_file=on_file, on_total=on_total, on_web_total=on_web_total, on_fetch=on_fetch,
        )
    finally:
        progress.stop()
    for note in report.notes:
        click.echo(visible(f"note: {note}"), err=True)
    click.echo(report.summary())
    if match and any(f.claims for f in report.files):
        from workbench.cli.seen import match_after

        match_after(wb)
    if not report.ok:
        sys.exit(1)


@click.command()
@click.option("--document", "document", type=int, help="Only this document (default: every current document).")
@model_option
@pass_ctx
def extract(obj: Context, document: int | None, model: str | None) -> None:
    """Re-run claim extraction over stored documents with the current extractor.

    Claims whose identity (document, sentence and normalised text) is
    unchanged keep their id, verdicts, corrections and history; claims that
    vanish are marked superseded, never deleted.
    """
    wb = obj.workbench()
    if document is not None:
        wb.document(document)  # a clear error for an unknown id, before the model loads
    pipeline = load_nlp(model)

    def on_document(outcome: Any) -> None:
        click.echo(visible(outcome.line()), err=not outcome.ok)

    results = wb.extract(document=document, pipeline=pipeline, on_document=on_document)
    if not all(r.ok for r in results):
        sys.exit(1)


@click.command()
@click.argument("file", type=click.File("rb"), default="-")
@click.option("--transcript", is_flag=True,
              help="The lines are one debate, speech or interview in order: rank each with its neighbours.")
@model_option
def score(file: Any, model: str | None, transcript: bool) -> None:
    """Score sentences for check-worthiness, one per line (stdin when no FILE).

    Prints exactly one line per input line, in order:
    <score><TAB><yes|no><TAB><sentence>. Each line is scored alone, unless
    --transcript says the lines are speech in order.
    """
    from workbench.nlp.checkworthy import THRESHOLD, score_texts, score_transcript

    lines = [raw.decode("utf-8", errors="replace").rstrip("\r\n") for raw in file]
    pipeline = load_nlp(model)
    out = sys.stdout
    scorer = score_transcript if transcript else score_texts
    for line, result in zip(lines, scorer(lines, pipeline.nlp)):
        verdict_word = "yes" if result.score >= THRESHOLD else "no"
        out.write(f"{result.score:.4f}\t{verdict_word}\t{visible(line)}\n")
    out.flush()


COMMANDS = (ingest, extract, score)
