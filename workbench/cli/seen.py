"""Commands of "seen before": import published fact-checks, list a claim's matches, answer them."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench.api import Workbench
from workbench.cli.output import (
    Context, echo_decision, echo_json, echo_table, format_option, pass_ctx, reviewer_option, wants_json,
)
from workbench.domain import Match
from workbench.safetext import visible


def match_after(wb: Workbench) -> None:
    """Match pending claims after an ingest or import, saying how far it got on stderr."""
    levels: dict[str, int] = {}

    def on_step(step) -> None:  # type: ignore[no-untyped-def]
        for level in step.levels.values():
            levels[level] = levels.get(level, 0) + 1

    matched = wb.match_pending(on_step=on_step)
    if matched:
        click.echo(
            f"seen before: {matched} claim(s) matched, {levels.get('match', 0)} seen before, "
            f"{levels.get('suggest', 0)} with suggestions",
            err=True,
        )


@click.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--match/--no-match", "match", default=True, show_default=True,
              help="Then match every claim against what was imported.")
@click.option("--quiet", "-q", is_flag=True, help="Only the problems and the summary.")
@format_option
@pass_ctx
def import_(obj: Context, files: tuple[Path, ...], match: bool, quiet: bool, fmt: str, as_json: bool) -> None:
    """Import published fact-checks: ClaimReview JSON-LD, the workbench's exports, simple CSV/JSONL.

    FILES are files or folders (walked for .json, .jsonld, .jsonl, .csv, .tsv
    and .html). A simple CSV or JSONL has the columns claim, rating, url, date,
    publisher (also title, summary, claimant, claim_date). Each fact-check is
    stored once, keyed by its URL (else its identifier or a content hash):
    importing again changes nothing. Each bad record is one line on stderr
    (file: record: reason) and is skipped. Exit 1 only when nothing could be
    read.
    """
    wb = obj.workbench(create=True)

    def on_file(report) -> None:  # type: ignore[no-untyped-def]
        for problem in report.problems:
            click.echo(problem.line(), err=True)
        if not quiet and not wants_json(fmt, as_json) and report.format is not None:
            click.echo(visible(
                f"{report.path}: {report.format}: {report.added} added, {report.updated} updated, "
                f"{report.unchanged} unchanged" + (f", {report.ignored} not fact-checks" if report.ignored else "")
            ))

    reports = wb.import_factchecks(list(files), match=False, on_file=on_file)
    read = [r for r in reports if r.format is not None]
    totals = {k: sum(getattr(r, k) for r in reports) for k in ("added", "updated", "unchanged", "ignored")}
    problems = sum(len(r.problems) for r in reports)
    if wants_json(fmt, as_json):
        echo_json({
            **totals, "problems": problems, "files": len(reports), "read": len(read),
            "reports": [{"path": r.path, "format": r.format, "added": r.added, "updated": r.updated,
                         "unchanged": r.unchanged, "ignored": r.ignored,
                         "problems": [{"record": p.record, "reason": p.reason} for p in r.problems]}
                        for r in reports],
        })
    else:
        click.echo(
            f"{len(read)} of {len(reports)} file(s) read: {totals['added']} added, {totals['updated']} updated, "
            f"{totals['unchanged']} unchanged, {problems} problem(s)"
        )
    if match and (totals["added"] or totals["updated"]):
        match_after(wb)
    if not read or not (totals["added"] or totals["updated"] or totals["unchanged"] or totals["ignored"]):
        sys.exit(1)


def _rows(found: list[Match]) -> list[list[object]]:
    rows: list[list[object]] = []
    number = 0
    for m in found:
        if m.answer is None:
            number += 1
        rows.append([
            number if m.answer is None else "-", m.answer or m.level or "", "" if m.score is None else f"{m.score:.3f}",
            m.rating or "", m.publisher or "", m.date or "", m.kind, m.ref, m.url or "", m.text,
        ])
    return rows


@click.command()
@click.argument("claim_id", type=int)
@format_option
@pass_ctx
def matches(obj: Context, claim_id: int, fmt: str, as_json: bool) -> None:
    """A claim's "seen before" candidates: imported fact-checks and the team's earlier verdicts.

    Answered candidates come first (confirm, reject); then the suggestions,
    numbered (N) for `workbench match CLAIM_ID --confirm N`. LEVEL is match
    (the claim is marked seen before) or suggest (shown only). The claim is
    matched now if the worker has not reached it yet.
    """
    found = obj.workbench().matches(claim_id)
    if wants_json(fmt, as_json):
        echo_json([m.to_json() for m in found])
        return
    if not found:
        click.echo(f"claim {claim_id}: nothing seen before")
        return
    echo_table(
        ["n", "level", "score", "rating", "publisher", "date", "kind", "ref", "url", "claim"],
        _rows(found),
        widths={"rating": 24, "publisher": 24, "url": 60, "claim": 70},
    )


@click.command()
@click.argument("claim_id", type=int)
@click.option("--confirm", "confirm", type=click.IntRange(min=1), metavar="N",
              help="Confirm suggestion N of `workbench matches` as the same claim.")
@click.option("--reject", "reject", type=click.IntRange(min=1), metavar="N",
              help="Reject suggestion N: never suggested again for this claim.")
@reviewer_option
@pass_ctx
def match(obj: Context, claim_id: int, confirm: int | None, reject: int | None, reviewer: str) -> None:
    """Confirm or reject a "seen before" suggestion of a claim (an audited decision; `undo` takes it back).

    A confirmed match links the claim to the fact-check or earlier claim and
    proposes its verdict, which you then give with `workbench verdict`.
    """
    if (confirm is None) == (reject is None):
        raise click.UsageError("give --confirm N or --reject N")
    wb = obj.workbench()
    number = confirm if confirm is not None else reject
    candidate = wb.suggestion(claim_id, number)  # type: ignore[arg-type]
    what = f"{candidate.kind} {candidate.ref}" + (f" ({candidate.url})" if candidate.url else "")
    if confirm is not None:
        decision = wb.confirm_match(claim_id, candidate, reviewer=reviewer)
        echo_decision(decision, f"match confirmed: {what}")
        proposed = wb.proposed_verdict(claim_id)
        rating = candidate.rating or "no rating"
        if proposed:
            click.echo(visible(f"proposed verdict: {proposed} (rated {rating}); "
                               f"give it with: workbench verdict {claim_id} {proposed}"))
        else:
            click.echo(visible(f"rated {rating!r}, which is not on the scale: choose the verdict yourself"))
    else:
        echo_decision(wb.reject_match(claim_id, candidate, reviewer=reviewer), f"match rejected: {what}")


COMMANDS = (import_, matches, match)
__all__ = ["COMMANDS", "match_after"]
