"""A reviewer at the real review app, in a process of its own (the two-reviewer desk test).

Usage: reviewer_app.py DB REVIEWER SEED CLAIMS MODE [PAUSE]

Opens the real ReviewApp (headless, driven by Pilot) as REVIEWER in MODE
(single or double review) and decides the first CLAIMS claims of the queue,
top to bottom, one verdict key each: a seeded choice that agrees with what
the claim shows about half of the time. When the app asks for a confirming
second press (an overrule, an adjudication), it presses the key again.
PAUSE seconds between claims set its pace against the other reviewer's.

Prints one JSON object: what it pressed (claim, slug, second press or not),
the notices its app showed, each with the time it appeared, and the jobs the
store refused.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui_helpers import make_app, settle  # noqa: E402
from workbench.tui.writer import JobState  # noqa: E402


async def main() -> None:
    db, reviewer, seed, count, mode = sys.argv[1:6]
    pace = float(sys.argv[6]) if len(sys.argv) > 6 else 0.0
    rng = random.Random(int(seed))
    app = make_app(Path(db), reviewer=reviewer, mode=mode, retry_interval=0.5, busy_timeout=30)
    notices: list[dict] = []
    say = app.say

    def recorded(message: str, *, severity: str = "information") -> None:
        notices.append({"at": time.time(), "message": message, "severity": severity})
        say(message, severity=severity)

    app.say = recorded  # type: ignore[method-assign]
    pressed: list[dict] = []
    refused: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        queue = app.main.queue
        await pilot.press("g")
        scale = app.session.scale
        for _ in range(int(count)):
            row = queue.current_row
            if row is None:
                break
            shown = row.verdict or (row.reviews or {}).get(reviewer, {}).get("verdict")
            if shown and rng.random() < 0.5 and scale.get(shown):
                position = scale.get(shown).position  # agree with what the claim shows
            else:
                position = rng.randint(1, len(scale.verdicts))
            slug = scale.at(position).slug
            await pilot.press(str(position))
            await pilot.pause()
            second = app.session.armed is not None
            if second:
                await pilot.press(str(position))  # the confirming second press
                await pilot.pause()
            pressed.append({"claim": row.id, "slug": slug, "second": second, "at": time.time()})
            if pace:
                await asyncio.sleep(pace)
        await settle(pilot, timeout=60)
        # Stay a while: notices of the other reviewer's last decisions arrive by polling.
        deadline = time.monotonic() + 4.0
        while time.monotonic() < deadline:
            await pilot.pause(0.1)
            app.poll()
        refused = [f"{job.claim_id}: {job.error}" for job in app.session.jobs if job.state == JobState.REFUSED]
    print(json.dumps({"reviewer": reviewer, "pressed": pressed, "notices": notices, "refused": refused}))


if __name__ == "__main__":
    asyncio.run(main())
