"""How a claim's state and an event read to a person: one wording for the CLI and the app.

No Textual, no Click: the CLI prints these strings, the app draws them
(through ``tui.text.literal``, as data). The verdict's label is the one it had
when it was given (each verdict event keeps a snapshot of its definition).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from workbench.domain import Claim, Event, is_desk_version
from workbench.scales import DISMISS, Scale
from workbench.vocab import Action, Flag, Ranker, Shown

DISMISSED_LABEL = "dismissed"
CORRECTED_MARK = "✎"  # before a claim's text: a reviewer corrected it (or its speaker)
CONTEXT_MARK = "¶"  # before a claim's text: it keeps words that lean on its article ("It", "the company")


def verdict_label(slug: str | None, detail: Mapping[str, Any] | None, scales: Mapping[str, Scale], scale_id: str | None) -> str:
    """The label a verdict had when it was recorded, else its scale's label, else its slug."""
    if not slug:
        return ""
    if slug == DISMISS:
        return DISMISSED_LABEL
    if isinstance(detail, Mapping) and isinstance(detail.get("label"), str):
        return detail["label"]
    scale = scales.get(scale_id or "")
    verdict = scale.get(slug) if scale else None
    return verdict.label if verdict else slug


def verdict_role(slug: str | None, detail: Mapping[str, Any] | None, scales: Mapping[str, Scale], scale_id: str | None) -> str:
    """The verdict's colour role (positive ... negative, neutral), as recorded when possible."""
    if isinstance(detail, Mapping) and isinstance(detail.get("colour"), str):
        return detail["colour"]
    scale = scales.get(scale_id or "")
    verdict = scale.get(slug) if scale and slug else None
    return verdict.colour if verdict else "neutral"


def shown_state(claim: Claim) -> Shown:
    """What a reviewer sees first about a claim: conflict, dismissed, verdict or unreviewed."""
    if claim.conflict:
        return Shown.CONFLICT
    if claim.verdict == DISMISS:
        return Shown.DISMISSED
    if claim.verdict:
        return Shown.VERDICT
    return Shown.UNREVIEWED


def status_word(claim: Claim) -> str:
    """One word for a table's status column: conflict, dismissed, the verdict, flagged, or -."""
    shown = shown_state(claim)
    if shown == Shown.VERDICT:
        return claim.verdict or ""
    if shown == Shown.UNREVIEWED:
        return "flagged" if claim.flagged else "-"
    return str(shown)


def claim_text(claim: Claim) -> str:
    """The claim as a list shows it: marked when a reviewer corrected it, or when it
    needs its article's context to be read right."""
    if claim.corrected:
        return f"{CORRECTED_MARK} {claim.text}"
    if claim.needs_context:
        return f"{CONTEXT_MARK} {claim.text}"
    return claim.text


def context_note(claim: Claim) -> str:
    """Why a claim needs its context: the words kept as the article has them."""
    words = ", ".join(f'"{w}"' for w in claim.context)
    return f"{words} kept as the article has it: who or what is meant is in the sentences around it"


def model_name(version: str | None) -> str:
    """A check-worthiness model as people read it: "the desk model desk-1a2b…", "the shipped model cw-…"."""
    if is_desk_version(version):
        return f"{Ranker.DESK.label} {version}"
    return f"{Ranker.SHIPPED.label} {version}" if version else f"{Ranker.SHIPPED.label} (version not recorded)"


def scored_by(claim: Claim, counts: Mapping[str, int] | None = None) -> str:
    """Which model gave the claim's score, tier and reasons (fitted on how many decisions), over which prior."""
    line = model_name(claim.model_version)
    if claim.ranked_by_desk:
        if counts and "labels" in counts:
            line += f" (fitted on {counts['labels']} decisions)"
        line += f", over {model_name(claim.prior_version)}"
    return line


def retractions(events: Iterable[Event]) -> dict[int, int]:
    """For each undone event, the undo that retracted it (seq -> seq)."""
    return {e.undoes: e.seq for e in events if e.action == Action.UNDO and e.undoes is not None}


def event_summary(event: Event, scales: Mapping[str, Scale] | None = None) -> str:
    """What an event did, in a few words: "verdict Mostly false (default)", "note cleared"..."""
    action, value = event.action, event.value
    if action == Action.VERDICT:
        label = verdict_label(value, event.detail, scales or {}, event.scale)
        return f"verdict {label}" + (f" ({event.scale})" if event.scale and value != DISMISS else "")
    if action == Action.NOTE:
        return f"note: {value}" if value else "note cleared"
    if action == Action.FLAG:
        return "flagged" if value == Flag.ON else "flag cleared"
    if action == Action.UNDO:
        return f"undo of #{event.undoes}"
    if action == Action.DOCUMENT:
        changes = event.changes()
        shown = ", ".join(f"{name} = {'(cleared)' if new is None else new}" for name, new in sorted(changes.items()))
        return f"document edit: {shown or value}"
    if action == Action.LEARN:
        return f"refit: {model_name(value)} ranks"
    if action == Action.CORRECT:
        fields = event.changes()
        parts = []
        if "text" in fields:
            parts.append(f"text “{fields['text']}”")
        if "speaker" in fields:
            parts.append(f"speaker “{fields['speaker']}”" if fields["speaker"] else "no speaker")
        return "corrected " + ("; ".join(parts) or str(value))
    return str(action)
