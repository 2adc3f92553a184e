"""The detail panel's "Seen before" section: a claim's candidates, its confirmed match, its copies.

Every candidate's text, rating, publisher, date and URL is imported or
reviewers' data, drawn through :func:`workbench.tui.text.literal` (never
markup). The section is built from a typed :class:`SeenPanel`, read by the
session off the matcher's cache: drawing it runs no matching.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.content import Content

from workbench.domain import Claim, Match
from workbench.tui.text import clipped, join, literal
from workbench.vocab import MatchKind, MatchVerdict, SeenLevel

if TYPE_CHECKING:
    from workbench.tui.session import ReviewSession

SHOWN = 5  # candidates listed (the CLI's `workbench matches` lists them all)


@dataclass(frozen=True, slots=True)
class SeenPanel:
    """What the section shows about one claim."""

    matches: tuple[Match, ...]  # answered first, then suggestions by rank
    selected: Match | None  # the suggestion l / L would answer
    proposed: str | None  # the confirmed match's proposed verdict, as the scale labels it
    proposed_key: str | None  # the number key that gives it
    copies: int


def seen_before(session: ReviewSession, row: Claim) -> SeenPanel | None:
    """The panel for ``row``, or None when there is nothing seen before and no copy."""
    found = tuple(session.matches(row.id))
    if not found and not row.copies:
        return None
    proposed = key = None
    slug = session.proposed(row)
    if slug is not None:
        verdict = session.scale.get(slug)
        proposed = verdict.label if verdict else slug
        key = str(verdict.position) if verdict else None
    open_ = [m for m in found if m.answer is None]
    selected = open_[min(session.selected_match.get(row.id, 0), len(open_) - 1)] if open_ else None
    return SeenPanel(matches=found, selected=selected, proposed=proposed, proposed_key=key, copies=row.copies)


def _line(match: Match, selected: bool) -> Content:
    if match.answer is not None:
        mark = Content("✓ confirmed " if match.answer == MatchVerdict.CONFIRM else "✗ rejected  ").stylize(
            "bold $success" if match.answer == MatchVerdict.CONFIRM else "$foreground-muted")
    else:
        level = "match  " if match.level == SeenLevel.MATCH else "suggest"
        mark = Content(("▸ " if selected else "  ") + level + " ").stylize("bold $accent" if selected else "")
    what = "fact-check" if match.kind == MatchKind.FACTCHECK else f"our claim {match.ref}"
    parts: list[Content | str] = [
        mark,
        clipped(match.rating or "no rating", 28, style="bold"),
        Content(f" · {what}").stylize("$foreground-muted"),
    ]
    if match.publisher:
        parts += [" · ", clipped(match.publisher, 40)]
    if match.date:
        parts += [" · ", clipped(match.date, 20)]
    parts += ["\n    ", clipped(match.text, 300, style="italic")]
    if match.url:
        parts += ["\n    ", clipped(match.url, 300, style="$text-accent")]
    return join(parts)


def seen_section(panel: SeenPanel) -> Content:
    """The section's body."""
    lines: list[Content] = []
    if panel.proposed is not None:
        key = f" (press {panel.proposed_key} to give it)" if panel.proposed_key else ""
        lines.append(join([Content("Proposed verdict: ").stylize("$foreground-muted"),
                           literal(panel.proposed, style="bold"), Content(key).stylize("$foreground-muted")]))
    confirmed = [m for m in panel.matches if m.answer == MatchVerdict.CONFIRM]
    if confirmed and panel.proposed is None:
        lines.append(join([Content("Rated ").stylize("$foreground-muted"),
                           clipped(confirmed[0].rating or "without a rating", 40, style="bold"),
                           Content(": not on this scale, choose the verdict yourself").stylize("$foreground-muted")]))
    shown = [m for m in panel.matches if m.answer is not None] + [m for m in panel.matches if m.answer is None][:SHOWN]
    for match in shown:
        lines.append(_line(match, panel.selected is not None and match == panel.selected))
    if any(m.answer is None for m in panel.matches):
        lines.append(Content("w selects another · l confirms (links) · L rejects").stylize("$foreground-muted"))
    if panel.copies:
        lines.append(Content(
            f"{panel.copies} cop{'y' if panel.copies == 1 else 'ies'} in other documents: "
            "b then a verdict key gives the verdict to all of them"
        ).stylize("$foreground-muted"))
    return join(lines, "\n")
