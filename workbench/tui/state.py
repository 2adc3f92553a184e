"""What state a claim is in, and how the queue shows it: glyph, short label, colour.

Each state has its own glyph so the queue reads the same on a monochrome
terminal or to a colour-blind reviewer; colour only repeats what the glyph says.
No Textual here: the queue, the detail panel, the help screen and the docs share it.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.scales import DISMISS, Scale

# state -> (glyph, meaning). The flag has its own column (a flagged claim can
# also carry a verdict), so it is listed apart.
GLYPHS: dict[str, tuple[str, str]] = {
    "unreviewed": ("·", "unreviewed"),
    "verdict": ("●", "verdict given (its label follows)"),
    "dismissed": ("⊘", "dismissed as not check-worthy"),
    "conflict": ("≠", "conflict: two reviewers decided without seeing each other"),
    "saving": ("…", "your decision is being saved"),
    "not-saved": ("!", "your decision is NOT saved yet (r retries)"),
}
FLAG_GLYPH = "⚑"

# Colour roles of a scale's verdicts -> theme variables (the glyph and label carry
# the meaning; colour only repeats it).
ROLE_STYLES: dict[str, str] = {
    "positive": "$success",
    "mostly-positive": "$success 70%",
    "mixed": "$warning",
    "mostly-negative": "$error 70%",
    "negative": "$error",
    "neutral": "$text-muted",
}
STATE_STYLES: dict[str, str] = {
    "unreviewed": "$text-muted",
    "dismissed": "$text-muted",
    "conflict": "bold $error",
    "saving": "$accent",
    "not-saved": "bold reverse $error",
}
TIER_LABELS = {"high": "high", "medium": "med", "low": "low"}


@dataclass(frozen=True, slots=True)
class Shown:
    """A claim's state as the queue draws it."""

    state: str  # a key of GLYPHS
    glyph: str
    label: str  # the verdict's short label, "" when none
    style: str  # a Content style ("" for none)
    flagged: bool


def verdict_label(slug: str | None, detail: dict | None, scales: dict[str, Scale], scale_id: str | None) -> str:
    """The label a verdict had when it was recorded (events keep a snapshot)."""
    if not slug:
        return ""
    if slug == DISMISS:
        return "dismissed"
    if detail and isinstance(detail.get("label"), str):
        return detail["label"]
    scale = scales.get(scale_id or "")
    verdict = scale.get(slug) if scale else None
    return verdict.label if verdict else slug


def verdict_role(slug: str | None, detail: dict | None, scales: dict[str, Scale], scale_id: str | None) -> str:
    if detail and isinstance(detail.get("colour"), str):
        return detail["colour"]
    scale = scales.get(scale_id or "")
    verdict = scale.get(slug) if scale and slug else None
    return verdict.colour if verdict else "neutral"


def shown_state(row: dict, scales: dict[str, Scale], pending: object | None = None) -> Shown:
    """How to draw a claim row; ``pending`` is this session's unsaved decision on it, if any."""
    flagged = bool(row.get("flagged"))
    if pending is not None:
        state = "not-saved" if getattr(pending, "failed", False) else "saving"
        action = getattr(pending, "action", "")
        value = getattr(pending, "value", None)
        if action == "flag":
            flagged = value == "on"
        label = ""
        if action == "verdict":
            label = verdict_label(value, getattr(pending, "detail", None), scales, getattr(pending, "scale", None))
        elif action == "undo":
            label = "undo"
        elif action == "note":
            label = "note"
        return Shown(state, GLYPHS[state][0], label, STATE_STYLES[state], flagged)
    if row.get("conflict"):
        label = verdict_label(row.get("verdict"), row.get("detail"), scales, row.get("scale"))
        return Shown("conflict", GLYPHS["conflict"][0], label, STATE_STYLES["conflict"], flagged)
    verdict = row.get("verdict")
    if verdict == DISMISS:
        return Shown("dismissed", GLYPHS["dismissed"][0], "dismissed", STATE_STYLES["dismissed"], flagged)
    if verdict:
        label = verdict_label(verdict, row.get("detail"), scales, row.get("scale"))
        role = verdict_role(verdict, row.get("detail"), scales, row.get("scale"))
        return Shown("verdict", GLYPHS["verdict"][0], label, ROLE_STYLES.get(role, ""), flagged)
    return Shown("unreviewed", GLYPHS["unreviewed"][0], "", STATE_STYLES["unreviewed"], flagged)
