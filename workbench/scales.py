"""Verdict scales: the ratings a reviewer can give a claim.

A scale is an ordered list of verdicts. A verdict's position gives its number
key in the app (1..9); its slug is what the CLI takes (its label too, in any
case); its colour role lets the app colour it without the scale knowing about
colours; its rating is what a ClaimReview export publishes. A verdict with no
place on the truth axis ("Unverifiable") is *off the scale*: it has a name but
no number, and is published with ``alternateName`` only. Beside every scale sit
two triage outcomes that are not ratings: dismissing a claim as not
check-worthy, and flagging it.

Each decision records the scale and a snapshot of the verdict's definition, so
old verdicts stay meaningful after a reviewer switches scales or a custom scale
file changes.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from workbench.safetext import visible

DISMISS = "not-checkworthy"
DISMISS_LABEL = "Not check-worthy"
COLOUR_ROLES = ("positive", "mostly-positive", "mixed", "mostly-negative", "negative", "neutral")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


RATING_LIMIT = 1_000_000  # a rating's magnitude: far past any real scale, far short of overflow


def _rating(value: object) -> bool:
    return (
        isinstance(value, (int, float)) and not isinstance(value, bool)
        and math.isfinite(value) and abs(value) <= RATING_LIMIT
    )


class ScaleError(ValueError):
    """A scale file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class Verdict:
    slug: str
    label: str
    position: int  # 1-based; the app's number key
    colour: str  # one of COLOUR_ROLES
    rating_value: int | float | None  # None: off the scale
    best_rating: int | float
    worst_rating: int | float
    alternate_name: str
    on_scale: bool = True  # False: a finding with no place on the truth axis (unverifiable)

    def rating(self) -> dict:
        """The schema.org Rating a ClaimReview publishes: all four fields, or the name alone
        for a verdict off the scale (a number would place it on the truth axis)."""
        if not self.on_scale or self.rating_value is None:
            return {"@type": "Rating", "alternateName": self.alternate_name}
        return {
            "@type": "Rating",
            "ratingValue": self.rating_value,
            "bestRating": self.best_rating,
            "worstRating": self.worst_rating,
            "alternateName": self.alternate_name,
        }

    def snapshot(self, scale: Scale) -> dict:
        """What an event records about this verdict, so it outlives the scale's definition.

        Every field of the verdict, by name (what asdict gives, without its deep
        copy: this runs for every verdict written).
        """
        return {"scale_name": scale.name, **{f.name: getattr(self, f.name) for f in fields(self)}}


@dataclass(frozen=True, slots=True)
class Scale:
    id: str
    name: str
    verdicts: tuple[Verdict, ...]
    source: str = "built-in"

    def get(self, slug: str) -> Verdict | None:
        for verdict in self.verdicts:
            if verdict.slug == slug:
                return verdict
        return None

    def at(self, position: int) -> Verdict | None:
        if 1 <= position <= len(self.verdicts):
            return self.verdicts[position - 1]
        return None

    def slugs(self) -> list[str]:
        return [v.slug for v in self.verdicts]

    def find(self, text: str) -> str | None:
        """The slug ``text`` names: a slug or a label of this scale, in any case, or the
        dismissal (``not-checkworthy``, "Not check-worthy"); None when it names none."""
        if not isinstance(text, str):
            return None
        wanted = _folded(text)
        if not wanted:
            return None
        if wanted in (_folded(DISMISS), _folded(DISMISS_LABEL)):
            return DISMISS
        for verdict in self.verdicts:
            if wanted in (_folded(verdict.slug), _folded(verdict.label)):
                return verdict.slug
        return None

    def keys_shown(self) -> str:
        """The number keys of its verdicts, as a footer names them: "1-6"."""
        return "1" if len(self.verdicts) == 1 else f"1-{len(self.verdicts)}"


def _folded(text: str) -> str:
    """A slug or a label as it is compared: case folded, spaces, dashes and underscores alike."""
    return re.sub(r"[\s_-]+", "-", text.strip().casefold())


def _scale(
    id: str, name: str, rows: list[tuple[str, str, str, int | None]], best: int, worst: int
) -> Scale:
    return Scale(
        id=id,
        name=name,
        verdicts=tuple(
            Verdict(slug, label, i, colour, value, best, worst, label, on_scale=value is not None)
            for i, (slug, label, colour, value) in enumerate(rows, start=1)
        ),
    )


# "Unverifiable" is a finding, not a point on the truth axis: off the scale, it is
# published by name only. (Before issue 13 it rated 0 on a 0-5 range, which read as
# worse than False; verdicts recorded then are published by name too, see
# export/claimreview.py.)
DEFAULT_SCALE = _scale(
    "default",
    "Workbench default",
    [
        ("true", "True", "positive", 5),
        ("mostly-true", "Mostly true", "mostly-positive", 4),
        ("mixed", "Mixed", "mixed", 3),
        ("mostly-false", "Mostly false", "mostly-negative", 2),
        ("false", "False", "negative", 1),
        ("unverifiable", "Unverifiable", "neutral", None),
    ],
    best=5,
    worst=1,
)

POLITIFACT_SCALE = _scale(
    "politifact",
    "PolitiFact Truth-O-Meter",
    [
        ("true", "True", "positive", 6),
        ("mostly-true", "Mostly True", "mostly-positive", 5),
        ("half-true", "Half True", "mixed", 4),
        ("mostly-false", "Mostly False", "mostly-negative", 3),
        ("false", "False", "negative", 2),
        ("pants-on-fire", "Pants on Fire", "negative", 1),
    ],
    best=6,
    worst=1,
)

BUILTIN_SCALES: dict[str, Scale] = {s.id: s for s in (DEFAULT_SCALE, POLITIFACT_SCALE)}


def load_scale(path: str | Path) -> Scale:
    """Read a custom scale from a TOML file.

    The file gives ``id``, ``name``, optional ``best_rating``/``worst_rating``,
    and up to nine ``[[verdict]]`` tables, each with ``slug``, ``label``, and
    optionally ``colour``, ``rating``, ``alternate_name`` and ``on_scale``.
    Verdicts are listed best first; without explicit ratings they count down
    from the number of verdicts on the scale to 1. ``on_scale = false`` marks a
    verdict with no place on the truth axis (it takes no rating and is
    published by name only).
    """
    from workbench.config import SettingsFileError, read_settings_file

    path = Path(path)
    where = visible(str(path))
    if not os.path.lexists(path):
        raise ScaleError(f"{where}: no such scale file")
    try:
        data = tomllib.loads(read_settings_file(path))
    except SettingsFileError as exc:
        raise ScaleError(str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ScaleError(f"{where}: not valid TOML: {exc}") from None

    def fail(problem: str) -> ScaleError:
        return ScaleError(f"{where}: {problem}")

    scale_id = data.get("id", path.stem)
    if not isinstance(scale_id, str) or not _SLUG.fullmatch(scale_id):
        raise fail("`id` must be lowercase letters, digits and dashes")
    if scale_id in BUILTIN_SCALES:
        raise fail(f"`id` {scale_id!r} is taken by a built-in scale")
    name = data.get("name", scale_id)
    if not isinstance(name, str) or not name.strip():
        raise fail("`name` must be a non-empty string")
    rows = data.get("verdict")
    if not isinstance(rows, list) or not rows:
        raise fail("no [[verdict]] tables")
    if len(rows) > 9:
        raise fail(f"{len(rows)} verdicts; a scale has at most 9 (one per number key)")
    if not all(isinstance(row, dict) for row in rows):
        bad = next(i for i, row in enumerate(rows, start=1) if not isinstance(row, dict))
        raise fail(f"verdict {bad} is not a table")
    off_scale = [row.get("on_scale", True) is False for row in rows]
    rated = len(rows) - sum(off_scale)
    # Without explicit bounds, ratings count down to 1; a one-verdict scale still
    # needs a range, so the best is never below 2.
    best = data.get("best_rating", max(rated, 2))
    worst = data.get("worst_rating", 1)
    for key, value in (("best_rating", best), ("worst_rating", worst)):
        if not _rating(value):
            raise fail(f"`{key}` must be a number, finite and within ±{RATING_LIMIT:,}")
    if worst >= best:
        raise fail("`worst_rating` must be below `best_rating`")
    verdicts = []
    seen: set[str] = set()
    on_scale_left = rated  # the default rating of the next verdict on the scale
    for i, row in enumerate(rows, start=1):
        slug, label = row.get("slug"), row.get("label")
        if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
            raise fail(f"verdict {i}: `slug` must be lowercase letters, digits and dashes")
        if slug == DISMISS:
            raise fail(f"verdict {i}: `{DISMISS}` is reserved for dismissing a claim")
        if slug in seen:
            raise fail(f"verdict {i}: slug {slug!r} appears twice")
        seen.add(slug)
        if not isinstance(label, str) or not label.strip():
            raise fail(f"verdict {i}: `label` must be a non-empty string")
        colour = row.get("colour", row.get("color", "neutral"))
        if colour not in COLOUR_ROLES:
            raise fail(f"verdict {i}: `colour` must be one of {', '.join(COLOUR_ROLES)}")
        on_scale = row.get("on_scale", True)
        if not isinstance(on_scale, bool):
            raise fail(f"verdict {i}: `on_scale` must be true or false")
        value: int | float | None = None
        if on_scale:
            value = row.get("rating", on_scale_left)
            on_scale_left -= 1
            if not _rating(value):
                raise fail(f"verdict {i}: `rating` must be a number, finite and within ±{RATING_LIMIT:,}")
            if not worst <= value <= best:
                raise fail(f"verdict {i}: rating {value} is outside {worst}..{best}")
        elif "rating" in row:
            raise fail(f"verdict {i}: a verdict off the scale (`on_scale = false`) has no `rating`")
        alternate = row.get("alternate_name", label)
        if not isinstance(alternate, str) or not alternate.strip():
            raise fail(f"verdict {i}: `alternate_name` must be a non-empty string")
        verdicts.append(
            Verdict(slug, label.strip(), i, colour, value, best, worst, alternate.strip(), on_scale=on_scale)
        )
    return Scale(id=scale_id, name=name.strip(), verdicts=tuple(verdicts), source=str(path))


def resolve_scale(name_or_path: str | None) -> Scale:
    """A built-in scale by id, or a custom one from a TOML path; the default when None."""
    if not name_or_path:
        return DEFAULT_SCALE
    if name_or_path in BUILTIN_SCALES:
        return BUILTIN_SCALES[name_or_path]
    if name_or_path.endswith(".toml") or Path(name_or_path).exists():
        return load_scale(name_or_path)
    known = ", ".join(BUILTIN_SCALES)
    raise ScaleError(
        f"unknown scale {visible(name_or_path)!r}: use one of {known}, or a path to a .toml file"
    )
