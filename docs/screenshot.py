"""Save an SVG screenshot of the review app's main screen (for the docs).

    .venv/bin/python docs/screenshot.py --db db/workbench.db --out docs/screenshot.svg

Runs the app headless at a fixed size on the database as it is (read only:
no decision is made) and saves Textual's own SVG screenshot.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


async def take(db: Path, out: Path, *, size: tuple[int, int], keys: list[str]) -> None:
    from tui_helpers import make_app, settle

    app = make_app(db, reviewer="ana")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot, poll=False)
        app.save_screenshot(filename=out.name, path=str(out.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description="Save an SVG screenshot of the review app.")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshot.svg"))
    parser.add_argument("--width", type=int, default=160)
    parser.add_argument("--height", type=int, default=42)
    parser.add_argument("--keys", default="", help="movement keys to press first, e.g. 'j j'")
    args = parser.parse_args()
    asyncio.run(take(args.db, args.out, size=(args.width, args.height), keys=args.keys.split()))
    print(args.out)


if __name__ == "__main__":
    main()
