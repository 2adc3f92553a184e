"""A reviewer at the real review app, in a process of its own (the two-reviewer desk test).

Usage: reviewer_app.py DB REVIEWER SEED CLAIMS MODE [PAUSE [DONE_DIR REVIEWERS [up]]]

Opens the real ReviewApp (headless, driven by Pilot) as REVIEWER in MODE
(single or double review) and decides the first CLAIMS claims of the queue,
top to bottom, one verdict key each: a seeded choice that agrees with what
the claim shows about half of the time. When the app asks for a confirming
second press (an overrule, an adjudication), it presses the key again.
PAUSE seconds between claims set its pace against the other reviewer's.
With DONE_DIR, it says it is done there (a file) and keeps its app open until
REVIEWERS reviewers have, and a few seconds more: a notice can only reach an
app that is still open. ``up`` walks the queue from the bottom up (two
reviewers walking towards each other meet in the middle: conflicts there,
overrules after).

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
    done_dir = Path(sys.argv[7]) if len(sys.argv) > 7 else None
    everyone = int(sys.argv[8]) if len(sys.argv) > 8 else 1
    upwards = len(sys.argv) > 9 and sys.argv[9] == "up"
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
        await pilot.press("G" if upwards else "g")
        scale = app.session.scale
        for step in range(int(count)):
            if upwards:
                queue.move_to(len(queue.ids) - 1 - step)
            row = queue.current_row
            if row is None:
                break
            shown = row.verdict or (row.reviews or {}).get(reviewer, {}).get("verdict")
            if shown and rng.random() < 0.5 and scale.get(shown):
                position = scale.get(shown).position  # agree with what the claim shows
            else:
                position = rng.randint(1, len(scale.verdicts))
            slug = scale.at(position).slug
            await pilot.press(str(position))  # the key is handled when press returns
            second = app.session.armed is not None
            if second:
                await pilot.press(str(position))  # the confirming second press
            pressed.append({"claim": row.id, "slug": slug, "second": second, "at": time.time()})
            if pace:
                await asyncio.sleep(pace)
        await settle(pilot, timeout=60)
        if done_dir is not None:
            (done_dir / f"{reviewer}.done").write_text("done")
            waiting = time.monotonic() + 300
            while len(list(done_dir.glob("*.done"))) < everyone and time.monotonic() < waiting:
                await pilot.pause(0.1)
        # Stay a while: notices of the other reviewer's last decisions arrive by polling.
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline:
            await pilot.pause(0.1)
            app.poll()
        refused = [f"{job.claim_id}: {job.error}" for job in app.session.jobs if job.state == JobState.REFUSED]
    print(json.dumps({"reviewer": reviewer, "pressed": pressed, "notices": notices, "refused": refused}))


if __name__ == "__main__":
    asyncio.run(main())
