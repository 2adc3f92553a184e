"""Commands on the record as a whole: verify the audit log, count, export, list the scales."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench.cli.output import Context, echo_json, fail, format_option, pass_ctx, wants_json
from workbench.safetext import visible
from workbench.scales import DISMISS
from workbench.vocab import ExportFormat


@click.command()
@click.option("--expect-head", metavar="SEQ:HASH", help="Also fail unless this earlier head is still on the chain.")
@pass_ctx
def verify(obj: Context, expect_head: str | None) -> None:
    """Check the audit log: chain, hashes, triggers, caches and database integrity."""
    result = obj.workbench().verify(expect_head=expect_head)
    if result.ok:
        click.echo(f"OK {result.events} events head={result.head}")
        return
    for problem in result.problems:
        click.echo(visible(f"FAILED: {problem}"), err=True)
    sys.exit(1)


@click.command()
@format_option
@pass_ctx
def stats(obj: Context, fmt: str, as_json: bool) -> None:
    """Counts of documents, claims, reviews, verdicts and reviewers."""
    data = obj.workbench().stats()
    if wants_json(fmt, as_json):
        echo_json(data.to_json())
        return
    for key in ("documents", "claims", "reviewed", "unreviewed", "pending", "disputed", "flagged", "conflicts", "events", "head"):
        click.echo(f"{key:<11} {getattr(data, key)}")
    if data.by_verdict:
        click.echo("by verdict:")
        for name, n in data.by_verdict.items():
            click.echo(visible(f"  {name:<16} {n}"))
    if data.by_reviewer:
        click.echo("by reviewer:")
        for name, counts in data.by_reviewer.items():
            click.echo(visible(f"  {name:<16} {counts.decisions} decisions, {counts.verdicts} verdicts"))


@click.command()
@click.option(
    "--format", "fmt", type=click.Choice([f.value for f in ExportFormat]), default=ExportFormat.CSV.value,
    show_default=True,
    help="csv for spreadsheets, jsonl (lossless, with every event) for tools, claimreview (JSON-LD) to publish.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout).")
@click.option("--reviewed-only", is_flag=True, help="Leave out claims without a verdict or dismissal.")
@click.option("--document", "document", type=int, help="Only claims of this document.")
@click.option("--reviewer", help="Only claims whose current verdict is by this reviewer.")
@click.option("--since", metavar="DATE", help="Only claims decided at or after this ISO 8601 date or time.")
@click.option("--include-disputed", is_flag=True,
              help="ClaimReview: also publish claims whose reviewers disagree or conflict (each is listed).")
@pass_ctx
def export(
    obj: Context, fmt: str, output: Path | None, reviewed_only: bool, document: int | None,
    reviewer: str | None, since: str | None, include_disputed: bool,
) -> None:
    """Export claims and verdicts as CSV, JSONL or ClaimReview JSON-LD.

    The CSV ends with a line `# audit head SEQ:HASH`; `workbench verify
    --expect-head SEQ:HASH` later proves the log has not been cut back since.
    ClaimReview leaves out claims with an open disagreement or conflict
    (each one is listed) unless --include-disputed.
    """
    kind = ExportFormat(fmt)
    wb = obj.workbench()
    options = dict(
        reviewed_only=reviewed_only, document=document, reviewer=reviewer, since=since,
        include_disputed=include_disputed,
    )
    try:
        if output is None:
            result = wb.export(kind, sys.stdout.buffer, **options)
            sys.stdout.buffer.flush()
        else:
            result = wb.export(kind, output, **options)
    except ValueError as exc:
        fail(str(exc), 2)
    for warning in result.warnings:
        click.echo(visible(f"warning: {warning}"), err=True)
    where = f" to {output}" if output else ""
    click.echo(visible(f"exported {result.count} {kind.noun}{where} (audit head {result.head})"), err=True)


@click.command()
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
            rating = f"rating {v.rating_value} of {v.worst_rating}..{v.best_rating}" if v.on_scale else "off the scale (published by name)"
            click.echo(visible(f"  {v.position}  {v.slug:<14} {v.label:<14} {rating}"))
    click.echo(f"triage: x  {DISMISS} (dismiss), f  flag as needing checking")
    click.echo("custom: list .toml files under [review] scales in workbench.toml, or pass one to --scale")


@click.command()
@format_option
@pass_ctx
def agreement(obj: Context, fmt: str, as_json: bool) -> None:
    """Agreement between reviewers on double review's independent verdicts.

    For each pair of reviewers: the claims both decided blind, how many they
    agree on, percent agreement, and Cohen's kappa, overall and per verdict
    (this verdict or not). Verdicts given after seeing a colleague's are not
    counted.
    """
    report = obj.workbench().agreement()
    if wants_json(fmt, as_json):
        echo_json(report.to_json())
        return
    for line in report.lines():
        click.echo(visible(line, multiline=False))


COMMANDS = (verify, stats, export, scales, agreement)
