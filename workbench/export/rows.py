"""What the exporters share: the claims an export covers, and how they write dates.

Every format reads through :meth:`Store.snapshot` (one read transaction, so
the rows belong to the audit head the export records, however much a second
reviewer writes meanwhile) and selects its claims with the query layer's one
filter (:class:`~workbench.store.queries.ClaimFilter`). Exporters only format
the rows they are given.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone

from workbench.safetext import visible
from workbench.store import Store
from workbench.store.queries import ClaimFilter
from workbench.vocab import ExportFormat, Status


def head_of(snap: Store) -> str:
    seq, digest = snap.head()
    return f"{seq}:{digest}"


def selection(
    fmt: ExportFormat,
    *,
    reviewed_only: bool = False,
    document: int | None = None,
    reviewer: str | None = None,
    since: str | None = None,
) -> ClaimFilter:
    """The claims an export of ``fmt`` covers, from the export's options.

    ClaimReview holds verdicts only (never dismissals or unreviewed claims);
    JSONL also holds superseded claims, marked so; ``since`` is canonical UTC.
    """
    return ClaimFilter(
        status=Status.REVIEWED if reviewed_only else Status.ALL,
        document=document,
        reviewer=reviewer or None,
        since=since,
        verdicts_only=fmt == ExportFormat.CLAIMREVIEW,
        include_superseded=fmt == ExportFormat.JSONL,
    )


_DATE_ONLY = re.compile(r"\d{4}-?\d{2}-?\d{2}")


def parse_since(value: str | None) -> str | None:
    """``--since``: an ISO 8601 date or date-time, as the store's UTC timestamp text.

    Decision times are stored as UTC text (``2024-05-01T09:30:00.000Z``), so the
    bound is turned into the same form and compared as text. A date means its
    first instant; a date-time without an offset is taken as UTC (the times in
    every export are UTC too). A bad value raises ValueError with one line.
    """
    if value is None:
        return None
    text = value.strip()
    example = "e.g. 2024-05-01 or 2024-05-01T14:30:00Z"
    if not text:
        raise ValueError(f"--since needs a date or date-time ({example})")
    try:
        if _DATE_ONLY.fullmatch(text):
            moment = datetime.combine(date.fromisoformat(text), time(), tzinfo=timezone.utc)
        else:
            moment = datetime.fromisoformat(text)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
    except ValueError:
        raise ValueError(
            f"--since {visible(value)!r} is not an ISO 8601 date or date-time ({example})"
        ) from None
    moment = moment.astimezone(timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def iso_date(value: str | None) -> str | None:
    """An ISO 8601 date or date-time in canonical form, or None when it is not one (never invented)."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if _DATE_ONLY.fullmatch(text):
            return date.fromisoformat(text).isoformat()
        # Normalised: "2024-05-01 10:00" becomes "2024-05-01T10:00:00".
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        return None
