"""The time every write records: UTC, ISO 8601 with milliseconds and a Z.

One function, looked up through this module at each write (``clock.now()``),
so a test can set the clock for the whole store.
"""

from __future__ import annotations

from datetime import datetime, timezone


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
