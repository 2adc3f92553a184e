"""Helpers for driving the review app in tests and the benchmark (Pilot-based).

Kept in the package so the tests and bench/bench_app.py share one notion of
"the app has caught up": list queries applied, the writer's results handled.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from workbench.tui.app import ReviewApp


async def settle(pilot: Pilot, *, timeout: float = 10.0, poll: bool = True) -> None:
    """Wait until every queued decision is handled and the queue shows fresh data.

    A decision that failed to save counts as handled (it waits for a retry).
    """
    app: ReviewApp = pilot.app  # type: ignore[assignment]
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause()
        jobs = [job for queued in app._pending.values() for job in queued]
        if not jobs:
            break
        if app.writer.paused and all(job.state in ("failed", "queued") for job in jobs):
            break  # not saved: waiting for a retry
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not settle: decisions still being saved")
        await pilot.pause(0.02)
    if poll:
        app.poll()
    await app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app: ReviewApp) -> str:
    """The text of the whole current screen, as the compositor draws it."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def make_app(db_path, *, reviewer: str = "ana", scale=None, config=None, **options) -> ReviewApp:
    """A ReviewApp on ``db_path`` with the default scale and config unless given."""
    from workbench.config import Config
    from workbench.scales import DEFAULT_SCALE
    from workbench.tui.app import ReviewApp

    return ReviewApp(db_path, reviewer=reviewer, scale=scale or DEFAULT_SCALE, config=config or Config(), **options)
