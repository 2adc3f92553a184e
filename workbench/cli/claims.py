"""Commands on claims: list them, decide on them, and read their history."""

from __future__ import annotations

import sys

import click

from workbench.safetext import visible
from workbench.cli.output import (
    Context,
    echo_decision,
    echo_fields,
    echo_json,
    echo_table,
    format_option,
    pass_ctx,
    pick_scale,
    reviewer_option,
    wants_json,
)
from workbench.describe import (
    agreement_line,
    seen_word,
    claim_text,
    event_summary,
    hidden_from,
    masked,
    masked_summary,
    retractions,
    role_words,
    scored_by,
    status_word,
    verdict_label,
)
from workbench.domain import Claim
from workbench.evidence import EvidenceError, parse_source
from workbench.store import LATEST
from workbench.vocab import Action, Order, ReviewMode, Status


def _sources(values: tuple[str, ...]) -> list:
    """--source values ("URL" or "URL title") as sources; a bad one is a usage error naming it."""
    out = []
    for value in values:
        try:
            out.append(parse_source(value))
        except EvidenceError as exc:
            raise click.BadParameter(str(exc), param_hint="--source") from None
    return out


@click.command()
@click.option(
    "--status",
    type=click.Choice([s.value for s in Status]),
    default=Status.ALL.value,
    show_default=True,
    help="Which claims to list.",
)
@click.option("--document", "document", type=int, help="Only claims of this document id.")
@click.option("--search", help="Full-text search over claim, sentence and speaker.")
@click.option("--order", type=click.Choice([o.value for o in Order]), default=Order.SCORE.value, show_default=True)
@click.option("--limit", type=click.IntRange(min=1), help="At most this many claims.")
@click.option("--seen-before", is_flag=True,
              help="Only claims seen before: a close match among fact-checks or earlier verdicts, or a confirmed one "
              "(the same as --status seen).")
@format_option
@pass_ctx
def claims(
    obj: Context,
    status: str,
    document: int | None,
    search: str | None,
    order: str,
    limit: int | None,
    seen_before: bool,
    fmt: str,
    as_json: bool,
) -> None:
    """List claims, most check-worthy first.

    SEEN is "seen" when the claim was seen before (see `workbench matches`),
    "maybe" for a weaker suggestion; COPIES counts its copies in other documents.
    """
    if seen_before:
        if status not in (Status.ALL, Status.SEEN):
            raise click.UsageError("--seen-before is a status of its own: give it without --status")
        status = Status.SEEN
    rows = obj.workbench().claims(status=status, document=document, search=search, order=order, limit=limit)
    if wants_json(fmt, as_json):
        echo_json([c.to_json() for c in rows])
        return
    echo_table(
        ["id", "tier", "score", "status", "by", "seen", "copies", "kind", "speaker", "claim", "doc"],
        [[c.id, c.tier, f"{c.score:.2f}", status_word(c), _by(c), seen_word(c), c.copies or "", c.kind,
          c.speaker or "", claim_text(c), c.document_id]
         for c in rows],
        widths={"speaker": 28, "claim": 90, "by": 20},
    )


def _by(c: Claim) -> str:
    """Who decided, for a table: the verdict's reviewer, or the reviewers behind an agreement."""
    from workbench.describe import deciders

    if c.pending:
        return f"{len(c.reviews or {})} of 2"
    return "+".join(deciders(c))


@click.command()
@click.argument("claim_id", type=int)
@click.argument("verdict")
@click.option("--note", help="Also record this note.")
@click.option("--source", "sources", multiple=True, metavar="URL",
              help='A source of the verdict: "URL" or "URL title" (repeatable; http or https).')
@click.option("--explanation", help="The public explanation of the verdict (a ClaimReview's reviewBody).")
@click.option(
    "--scale",
    "scale_name",
    envvar="WORKBENCH_SCALE",
    help="Verdict scale: an id from `workbench scales` or a .toml file (default: the team's default scale).",
)
@click.option("--seen", type=int, help="The claim's latest event you had seen (default: its latest now).")
@click.option("--overrule", is_flag=True, help="Replace another reviewer's standing verdict (recorded as an overrule of it).")
@click.option("--adjudicate", is_flag=True, help="Settle a disagreement between other reviewers (recorded as an adjudication).")
@click.option("--double/--single", "double", default=None,
              help="Double or single review for this verdict (default: [review] mode in workbench.toml).")
@click.option("--group", is_flag=True,
              help="Give the verdict to the claim and every copy of it in other documents (one event per claim; "
              "claims where it would overrule or adjudicate are skipped and listed).")
@reviewer_option
@pass_ctx
def verdict(
    obj: Context, claim_id: int, verdict: str, note: str | None, sources: tuple[str, ...], explanation: str | None,
    scale_name: str | None, seen: int | None, overrule: bool, adjudicate: bool, double: bool | None, group: bool,
    reviewer: str,
) -> None:
    """Record a verdict on a claim.

    VERDICT is a slug or a label of the scale, in any case (default scale:
    true, mostly-true, mixed, mostly-false, false, unverifiable), or
    not-checkworthy to dismiss the claim. Replacing another reviewer's verdict
    needs --overrule; deciding a claim other reviewers disagree on, --adjudicate.
    --group gives it to the claim's copy group (`workbench undo --group` takes
    the whole group back).
    """
    scale = pick_scale(obj.db_path, scale_name)
    wb = obj.workbench()
    mode = None if double is None else (ReviewMode.DOUBLE if double else ReviewMode.SINGLE)
    checked = _sources(sources)
    if group:
        if overrule or adjudicate or seen is not None or note is not None or sources or explanation is not None:
            raise click.UsageError("--group gives the verdict alone: no --overrule, --adjudicate, --seen, --note or evidence")
        result = wb.decide_group(claim_id, verdict, scale=scale, reviewer=reviewer, mode=mode)
        for decision in result.applied:
            role = role_words(decision.role)
            echo_decision(decision, f"verdict {decision.value} to copy group {result.group_id}"
                          + (f" ({role})" if role else ""))
        for skipped_id, reason in result.skipped:
            click.echo(visible(f"skipped claim {skipped_id}: {reason}"), err=True)
        click.echo(f"copy group {result.group_id}: {len(result.applied)} of {len(result.claims)} claim(s) decided, "
                   f"{len(result.skipped)} skipped")
        if not result.applied:
            sys.exit(1)
        return
    decision = wb.decide(
        claim_id, verdict, scale=scale, reviewer=reviewer, seen=LATEST if seen is None else seen,
        mode=mode, overrule=overrule, adjudicate=adjudicate,
    )
    role = role_words(decision.role)
    echo_decision(decision, f"verdict {decision.value}" + (f" ({role})" if role else ""))
    if note is not None:
        echo_decision(wb.note(claim_id, note, reviewer=reviewer), "note")
    if sources or explanation is not None:
        echo_decision(
            wb.evidence(claim_id, sources=checked if sources else None, explanation=explanation, reviewer=reviewer),
            "evidence",
        )


@click.command()
@click.argument("claim_id", type=int)
@click.option("--source", "sources", multiple=True, metavar="URL",
              help='A source: "URL" or "URL title" (repeatable; replaces the claim\'s sources).')
@click.option("--explanation", help='The public explanation ("" clears it).')
@click.option("--clear", is_flag=True, help="Remove the claim's sources and explanation.")
@reviewer_option
@format_option
@pass_ctx
def evidence(
    obj: Context, claim_id: int, sources: tuple[str, ...], explanation: str | None, clear: bool,
    reviewer: str, fmt: str, as_json: bool,
) -> None:
    """Show or set the evidence of a claim's verdict: its sources and public explanation.

    Audited like any decision (`workbench undo CLAIM_ID` takes it back).
    Without options, shows it. --source replaces the sources, --explanation
    the explanation; what is not given is kept.
    """
    wb = obj.workbench()
    if clear and (sources or explanation is not None):
        raise click.UsageError("--clear removes everything: give it alone")
    if clear:
        echo_decision(wb.evidence(claim_id, sources=[], explanation="", reviewer=reviewer), "evidence cleared")
    elif sources or explanation is not None:
        echo_decision(
            wb.evidence(claim_id, sources=_sources(sources) if sources else None, explanation=explanation, reviewer=reviewer),
            "evidence",
        )
    claim = wb.claim(claim_id)
    if wants_json(fmt, as_json):
        echo_json({"claim_id": claim.id, "sources": [s.to_json() for s in claim.sources], "explanation": claim.explanation})
    elif not (clear or sources or explanation is not None):
        if not claim.sources and not claim.explanation:
            click.echo(f"claim {claim_id} has no evidence yet (--source URL, --explanation TEXT)")
            return
        echo_fields({"source": [s.line() for s in claim.sources], "explanation": claim.explanation or ""})


@click.command()
@click.argument("claim_id", type=int)
@click.argument("text")
@reviewer_option
@pass_ctx
def note(obj: Context, claim_id: int, text: str, reviewer: str) -> None:
    """Set a claim's note (an empty TEXT clears it)."""
    echo_decision(obj.workbench().note(claim_id, text, reviewer=reviewer), "note")


@click.command()
@click.argument("claim_id", type=int)
@click.option("--off", is_flag=True, help="Clear the flag.")
@reviewer_option
@pass_ctx
def flag(obj: Context, claim_id: int, off: bool, reviewer: str) -> None:
    """Flag a claim as needing checking (or clear the flag with --off)."""
    echo_decision(obj.workbench().flag(claim_id, not off, reviewer=reviewer), "flag off" if off else "flag on")


@click.command()
@click.argument("claim_id", type=int)
@click.option("--event", "target", type=int, help="Retract this event (default: the latest active decision).")
@click.option("--group", is_flag=True, help="The decision is a group verdict: undo it on every claim it went to.")
@reviewer_option
@pass_ctx
def undo(obj: Context, claim_id: int, target: int | None, group: bool, reviewer: str) -> None:
    """Retract a decision on a claim by appending an undo event.

    Undoing one claim's part of a group verdict says so; --group undoes it on
    the whole group (one undo event per claim).
    """
    wb = obj.workbench()
    if group:
        for decision in wb.undo_group(claim_id, event=target, reviewer=reviewer):
            echo_decision(decision, f"undo of #{decision.undoes}")
        return
    decision = wb.undo(claim_id, event=target, reviewer=reviewer)
    echo_decision(decision, f"undo of #{decision.undoes}")
    undone = next((e for e in wb.history(claim_id) if e.seq == decision.undoes), None)
    part = undone.detail.get("group") if undone is not None and isinstance(undone.detail, dict) else None
    if isinstance(part, dict) and part.get("claims", 1) > 1:
        click.echo(f"note: #{decision.undoes} was a group verdict on {part['claims']} claims; "
                   f"the others stand (workbench undo CLAIM_ID --group undoes them all)", err=True)


@click.command()
@click.argument("claim_id", type=int)
@format_option
@reviewer_option
@pass_ctx
def history(obj: Context, claim_id: int, fmt: str, as_json: bool, reviewer: str) -> None:
    """Every event on a claim, oldest first, with reviewer, time and conflict marks.

    In double review, while the claim awaits its second verdict, other
    reviewers' verdicts, notes and evidence are hidden from --reviewer in the
    table (blind review); --json gives the record as it is.
    """
    wb = obj.workbench()
    events = wb.history(claim_id)
    retracted_by = retractions(events)
    if wants_json(fmt, as_json):
        echo_json([{**e.to_json(), "retracted_by": retracted_by.get(e.seq)} for e in events])
        return
    if not events:
        click.echo(f"claim {claim_id} has no decisions yet")
        return
    scales = wb.scales()
    claim = wb.claim(claim_id)
    rows = []
    for e in events:
        marks = []
        if e.conflict_with:
            marks.append(f"CONFLICT with #{e.conflict_with}")
        if e.seq in retracted_by:
            marks.append(f"undone by #{retracted_by[e.seq]}")
        summary = masked_summary(e) if masked(e, claim, reviewer) else event_summary(e, scales)
        rows.append([f"#{e.seq}", e.at, e.reviewer, summary, "; ".join(marks)])
    echo_table(["event", "at", "reviewer", "decision", "marks"], rows, widths={"decision": 80})
    if claim.agreement:
        click.echo(visible(agreement_line(claim.agreement, claim.reviews, viewer=reviewer)))


def _claim_fields(c: Claim, scales: dict, hidden: set[Action] | frozenset = frozenset()) -> dict:
    """A claim as `workbench claim` shows it to a person (``hidden``: what double review hides)."""
    fields: dict = {
        "id": c.id,
        "document": f"{c.document_id} {c.document_title or ''}".rstrip(),
        "sentence": c.sentence,
        "claim": c.text,
        "speaker": c.speaker or "—",
    }
    if c.corrected:
        fields["corrected"] = ", ".join(sorted(c.corrections or {}, reverse=True)) + " (by a reviewer)"
        fields["extracted claim"] = c.extracted_text
        fields["extracted speaker"] = c.extracted_speaker or "—"
    fields.update(
        kind=c.kind,
        score=f"{c.score:.2f} ({c.tier})",
        **{"scored by": scored_by(c)},
        **({"shipped score": f"{c.prior_score:.2f} ({c.prior_tier})"} if c.ranked_by_desk and c.prior_score is not None else {}),
        reasons=list(c.reasons),
        status=status_word(c),
        verdict=verdict_label(c.verdict, c.detail, scales, c.scale) if c.verdict else "",
        reviewer=c.reviewer or "",
    )
    if c.agreement:
        fields["reviewers"] = agreement_line(c.agreement, c.reviews)
    secret = "(another reviewer's: hidden until you give your verdict)"
    fields.update(
        note=secret if Action.NOTE in hidden else c.note or "",
        source=[secret] if Action.EVIDENCE in hidden and c.sources else [s.line() for s in c.sources],
        explanation=secret if Action.EVIDENCE in hidden and c.explanation else c.explanation or "",
        flagged="yes" if c.flagged else "no",
        events=c.event_count,
    )
    return fields


@click.command()
@click.argument("claim_id", type=int)
@click.option("--text", help="Correct the claim's text: what it should say, as the article says it.")
@click.option("--speaker", help='Correct who made the claim ("" for no speaker).')
@reviewer_option
@format_option
@pass_ctx
def claim(obj: Context, claim_id: int, text: str | None, speaker: str | None, reviewer: str, fmt: str, as_json: bool) -> None:
    """Show a claim, or correct its text and speaker (audited like any decision).

    What extraction said is kept beside the correction, re-extraction never
    overwrites it, and `workbench undo CLAIM_ID` retracts it.
    """
    wb = obj.workbench()
    if text is not None or speaker is not None:
        changes = {k: v for k, v in {"text": text, "speaker": speaker}.items() if v is not None}
        decision = wb.correct(claim_id, **changes, reviewer=reviewer)
        echo_decision(decision, "corrected " + " and ".join(sorted(changes, reverse=True)))
    shown = wb.claim(claim_id)
    if wants_json(fmt, as_json):
        echo_json(shown.to_json())
    elif text is None and speaker is None:
        hidden = hidden_from(shown, wb.history(claim_id), reviewer) if shown.pending else set()
        echo_fields(_claim_fields(shown, wb.scales(), hidden))


COMMANDS = (claims, claim, verdict, evidence, note, flag, undo, history)
