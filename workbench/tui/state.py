"""How the app draws a claim's state: glyph, short label, colour.

Each state has its own glyph so the queue reads the same on a monochrome
terminal or to a colour-blind reviewer; colour only repeats what the glyph
says. Which state a claim is in is decided once, for the CLI and the app alike
(:func:`workbench.describe.shown_state`); this adds the states of this
session's unsaved decisions. No widgets here: the queue, the detail panel,
the document view and the help screen share it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from workbench.describe import CONTEXT_MARK, CORRECTED_MARK, DISMISSED_LABEL, shown_state, verdict_label, verdict_role
from workbench.domain import Claim
from workbench.scales import Scale
from workbench.tui.writer import Job
from workbench.vocab import Action, Agreement, Flag, Shown

GLYPH: dict[Shown, str] = {
    Shown.UNREVIEWED: "·",
    Shown.VERDICT: "●",
    Shown.DISMISSED: "⊘",
    Shown.CONFLICT: "≠",
    Shown.DISPUTED: "⇄",
    Shown.PENDING: "◐",
    Shown.HIDDEN: "○",
    Shown.SAVING: "…",
    Shown.NOT_SAVED: "!",
}
FLAG_GLYPH = "⚑"
SEEN_GLYPH = "≈"  # in the queue: seen before (a close match, or a confirmed one)
MAYBE_GLYPH = "~"  # in the queue: a weaker seen-before suggestion
COPIES_GLYPH = "×"  # before a claim's text in the queue: ×N copies in other documents
CORRECTED_GLYPH = CORRECTED_MARK  # before a claim's text: a reviewer corrected it (or its speaker)
CONTEXT_GLYPH = CONTEXT_MARK  # before a claim's text: it needs its article's context to be read right

# Colour roles of a scale's verdicts -> theme variables (the glyph and label carry
# the meaning; colour only repeats it).
ROLE_STYLES: dict[str, str] = {
    "positive": "$success",
    "mostly-positive": "$success 70%",
    "mixed": "$warning",
    "mostly-negative": "$error 70%",
    "negative": "$error",
    "neutral": "$foreground-muted",
}
STATE_STYLES: dict[Shown, str] = {
    Shown.UNREVIEWED: "$foreground-muted",
    Shown.DISMISSED: "$foreground-muted",
    Shown.CONFLICT: "bold $error",
    Shown.DISPUTED: "bold $warning",
    Shown.PENDING: "$accent",
    Shown.HIDDEN: "$foreground-muted",
    Shown.SAVING: "$accent",
    Shown.NOT_SAVED: "bold reverse $error",
}
TIER_LABELS = {"high": "high", "medium": "med", "low": "low"}


@dataclass(frozen=True, slots=True)
class Look:
    """A claim's state as the app draws it."""

    state: Shown
    glyph: str
    label: str  # the verdict's short label, "" when none
    style: str  # a Content style ("" for none)
    flagged: bool


def look(claim: Claim, scales: Mapping[str, Scale], pending: Job | None = None, viewer: str | None = None) -> Look:
    """How to draw a claim; ``pending`` is this session's unsaved decision on it, if any.

    ``viewer``: whose view (double review: their own verdict shows while the
    claim awaits the second; another's stays hidden from them).
    """
    flagged = claim.flagged
    if pending is not None:
        state = Shown.NOT_SAVED if pending.not_saved else Shown.SAVING
        if pending.action == Action.FLAG:
            flagged = pending.value == Flag.ON
        label = ""
        if pending.action == Action.VERDICT:
            label = verdict_label(pending.value, pending.detail, scales, pending.scale.id if pending.scale else None)
        elif pending.action in (Action.UNDO, Action.NOTE, Action.CORRECT, Action.EVIDENCE, Action.MATCH):
            label = str(pending.action)
        return Look(state, GLYPH[state], label, STATE_STYLES[state], flagged)
    state = shown_state(claim, viewer)
    reviews = claim.reviews or {}
    if state == Shown.CONFLICT:
        label = verdict_label(claim.verdict, claim.detail, scales, claim.scale)
        return Look(state, GLYPH[state], label, STATE_STYLES[state], flagged)
    if state == Shown.DISPUTED:
        label = " ⇄ ".join(str(r.get("label") or r.get("verdict")) for _, r in sorted(reviews.items()))
        return Look(state, GLYPH[state], label, STATE_STYLES[state], flagged)
    if state == Shown.PENDING and viewer is not None and viewer in reviews:
        own = reviews[viewer]
        return Look(state, GLYPH[state], str(own.get("label") or own.get("verdict")), STATE_STYLES[state], flagged)
    if state == Shown.HIDDEN:
        return Look(state, GLYPH[state], Agreement.PENDING.label, STATE_STYLES[state], flagged)
    if state == Shown.DISMISSED:
        return Look(state, GLYPH[state], DISMISSED_LABEL, STATE_STYLES[state], flagged)
    if state == Shown.VERDICT:
        label = verdict_label(claim.verdict, claim.detail, scales, claim.scale)
        role = verdict_role(claim.verdict, claim.detail, scales, claim.scale)
        return Look(state, GLYPH[state], label, ROLE_STYLES.get(role, ""), flagged)
    return Look(state, GLYPH[state], "", STATE_STYLES[state], flagged)
