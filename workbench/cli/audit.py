"""Commands on the record as a whole: verify the audit log, count, export, list the scales."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from workbench.cli.output import Context, echo_json, fail, format_option, pass_ctx, reviewer_option, wants_json
from workbench.safetext import visible
from workbench.scales import DISMISS
from workbench.vocab import ExportFormat


@click.command()
@click.option("--expect-head", metavar="SEQ:HASH", help="Also fail unless this earlier head is still on the chain.")
@click.option("--export", "exports", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
              help="A CSV or JSONL export: the head it recorded must still be on the chain (repeatable).")
@click.option("--witness", "witnesses", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
              help="Another witness file (a colleague's copy); yours is always checked (repeatable).")
@click.option("--no-witness", is_flag=True, help="Do not check your own witness file.")
@click.option("--signed-head", "signed", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
              help="A head signed with `workbench head --sign` by a trusted key (repeatable).")
@click.option("--trust-key", "trust", multiple=True, metavar="KEY",
              help="A public key (base64, as `workbench head --sign` prints it) to accept signed heads from.")
@pass_ctx
def verify(
    obj: Context, expect_head: str | None, exports: tuple[Path, ...], witnesses: tuple[Path, ...],
    no_witness: bool, signed: tuple[Path, ...], trust: tuple[str, ...],
) -> None:
    """Check the audit log: chain, hashes, triggers, content digests, caches, database integrity,
    and the heads kept outside it (your witness file, exports, signed heads).

    The chain alone proves the log is consistent, not that it is the one that
    was written: heads kept where the database's writer cannot write prove that.
    """
    result = obj.workbench().verify(
        expect_head=expect_head, exports=exports, witnesses=witnesses, use_witness=not no_witness,
        signed_heads=signed, trust_keys=trust,
    )
    for checked in result.checked:
        click.echo(visible(f"checked against {checked}"), err=True)
    if result.ok:
        click.echo(f"OK {result.events} events head={result.head}")
        return
    for problem in result.problems:
        click.echo(visible(f"FAILED: {problem}"), err=True)
    sys.exit(1)


@click.command()
@click.option("--sign", is_flag=True, help="Sign it with your Ed25519 key (made on first use, kept in your config folder).")
@click.option("--key", type=click.Path(path_type=Path), help="The private key file (default: your config folder's reviewer.key).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the signed head here (default: stdout).")
@reviewer_option
@pass_ctx
def head(obj: Context, sign: bool, key: Path | None, output: Path | None, reviewer: str) -> None:
    """Print the audit head (SEQ:HASH), or a signed statement of it for `verify --signed-head`.

    Keep it where whoever can write the database cannot: it is what later
    proves the log was not rewritten or cut back.
    """
    wb = obj.workbench()
    if not sign:
        seq, digest = wb.store.head()
        click.echo(f"{seq}:{digest}")
        return
    from workbench.store import witness as outside

    fresh = not (key or outside.key_path()).exists()
    try:
        statement = wb.sign_head(key=key, reviewer=reviewer)
    except ValueError as exc:
        fail(str(exc), 2)
    if fresh:
        click.echo(visible(f"created your signing key {key or outside.key_path()} (keep it private)"), err=True)
    text = json.dumps(statement, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        from workbench.safefile import open_target

        with open_target(output) as out:
            out.write(text.encode("utf-8"))
    click.echo(f"public key {statement['public_key']}: give it to whoever checks (verify --trust-key)", err=True)


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
@click.option(
    "-o", "--output", type=click.Path(path_type=Path),
    help="Write here (default: stdout; on a terminal, control characters are shown as symbols). "
    "A file is replaced whole; a FIFO, device or - is written in place.",
)
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
        sys.stdout.flush()
        result = wb.export(kind, output if output is not None else "-", **options)
    except ValueError as exc:
        fail(str(exc), 2)
    for warning in result.warnings:
        click.echo(visible(f"warning: {warning}"), err=True)
    where = f" to {output}" if output and str(output) != "-" else ""
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


COMMANDS = (verify, head, stats, export, scales, agreement)
