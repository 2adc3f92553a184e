"""Benchmark the review app on a database of 100,000 claims, against a bare Textual app.

    .venv/bin/python bench/bench_app.py [--claims 100000] [--db PATH] [--double] [--factchecks 10000]

In one run it measures, each beside its baseline on the same machine:

* start-up: a bare Textual app's first frame; the review app's first frame and
  its first frame showing claims (in-process, headless), and the same for the
  real ``workbench`` command under a pseudo-terminal (process start to claims on
  the terminal) against a bare Textual app started the same way;
* per key, p50/p95 of key press to the first frame showing its effect and to
  the last frame it caused (headless; each frame is also encoded as terminal
  output, as a real driver would): j, k, g, G, pagedown, n, a verdict key,
  undo, flag; opening and closing help (? / Esc), the note editor (e / Esc)
  and the document view (Enter / Esc), and j inside it; and a bare app's key.
  Notifications are on, as in a terminal (a key answered by a message draws
  it); a key that draws nothing at all is counted and named in the report;
* search: last keystroke to the new list on screen, for several queries;
  and the filters that re-query the list (status filter, document filter).

With ``--double`` the database is reviewed the double-review way (two blind
verdicts a claim: most agreed, some disputed, some awaiting their second) and
the app runs in double review, as one of the two reviewers: what the
adjudication queue, the blind view and the viewer's own "unreviewed" cost.

Matching is on, as in use: the claims are signed for copies as ingest signs
them and 10,000 published fact-checks are imported (``--factchecks``), but no
claim is matched yet, so the app's matching worker has all of them to match
while the keys are timed; the run says how far it got.

Targets: first claims < 1 s after Textual is up; every key p95 < 50 ms
(issue 11 asks < 25 ms of the single-review run); a search < 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from store_helpers import FakeArticle, extraction_for  # noqa: E402

from workbench.records import Metadata  # noqa: E402
from workbench.scales import DEFAULT_SCALE  # noqa: E402
from workbench.seen import work  # noqa: E402
from workbench.store import Store  # noqa: E402
from workbench.vocab import STATUS_CYCLE  # noqa: E402

WORDS = (
    "minister said government percent million report police court bank rate election voters "
    "budget hospital school crime study found increase decrease year since record"
).split()
# Beside those, a long tail drawn by Zipf's law, as news has: without it every claim
# shares most of its words with every other, and full-text search and copy signatures
# (which the matcher and ingest rely on) degenerate as they never do on real text.
TAIL = [
    "".join("bcdfghjklmnprstvwz"[(i * 7 + k * 3) % 18] + "aeiou"[(i // 18 ** k + k) % 5] for k in range(3))
    + str(i)
    for i in range(5000)
]
TAIL_WEIGHTS = [1 / (rank + 1) for rank in range(len(TAIL))]
FACTCHECKS = 10_000
SIZE = (160, 48)
SCREEN_ROUNDS = 30  # opens and closes of each screen (help, note editor, document view) timed


def claim_words(rng: random.Random) -> list[str]:
    words = rng.sample(WORDS, 4) + rng.choices(TAIL, TAIL_WEIGHTS, k=4)
    rng.shuffle(words)
    return words


def build_db(
    path: Path, claims: int, reviewed: float = 0.5, per_doc: int = 25, double: bool = False,
    factchecks: int = FACTCHECKS,
) -> float:
    """A database of ``claims`` claims in ``claims / per_doc`` documents, a share of them reviewed.

    A database half-way through its review is the one that costs the most to
    filter and sort by state; an unreviewed one would flatter the app. With
    ``double``, each reviewed claim has r0's blind verdict and, for four in
    five, r1's too (agreeing three times in four): pending, agreed and
    disputed claims, and evidence on some. The claims are signed for copies
    as ingest signs them, and ``factchecks`` published fact-checks are
    imported (some of them on claims of the database), but nothing is matched
    yet: the app's matching worker has every claim to match while the keys
    are timed.
    """
    rng = random.Random(7)
    start = time.perf_counter()
    store = Store.open(path)
    with store.transaction():
        for d in range(max(1, claims // per_doc)):
            lines = []
            for i in range(per_doc):
                words = claim_words(rng)
                lines.append(f"Speaker{d % 97} {' '.join(words)} {rng.randint(1, 999)} times in {2000 + i}.")
            text = "\n".join(lines) + "\n"
            article = FakeArticle(
                Path(f"articles/d{d}.txt"),
                text,
                Metadata(title=f"Document {d} about {words[0]}", outlet="Bench Times", published="2024-05-01"),
            )
            store.store_document(article, extraction_for(text), model="bench", extractor_version="bench-1")
    with store.lock:
        work.after_ingest(store.conn, [d.id for d in store.documents()])
    ids = store.claim_ids()
    slugs = DEFAULT_SCALE.slugs()
    with store.transaction():
        for k, cid in enumerate(rng.sample(ids, int(len(ids) * reviewed))):
            if double:
                store.set_verdict(cid, slugs[k % len(slugs)], scale=DEFAULT_SCALE, reviewer="r0", mode="double")
                if k % 5:
                    second = slugs[k % len(slugs)] if k % 4 else slugs[(k + 1) % len(slugs)]
                    store.set_verdict(cid, second, scale=DEFAULT_SCALE, reviewer="r1", mode="double")
                if k % 100 == 0:
                    store.set_evidence(cid, sources=[f"https://example.org/{k}"], explanation="why", reviewer="r0")
            else:
                store.set_verdict(cid, slugs[k % len(slugs)], scale=DEFAULT_SCALE, reviewer=f"r{k % 2}")
            if k % 50 == 0:
                store.set_flag(cid, reviewer="r0")
            if not double and k % 200 == 0:  # the other reviewer, who had not seen the first verdict: a conflict
                store.set_verdict(cid, slugs[0], scale=DEFAULT_SCALE, reviewer="r9", seen=None)
    if factchecks:
        texts = {c.id: c.text for c in store.claims_by_ids(rng.sample(ids, min(len(ids), factchecks // 2))).values()}
        with tempfile.TemporaryDirectory() as folder:
            feed = Path(folder) / "factchecks.jsonl"
            with feed.open("w", encoding="utf-8") as out:
                for k in range(factchecks):
                    if k % 2 and texts:  # half on a claim of the database, reworded a little
                        text = texts.popitem()[1].replace(" times in ", " times during ")
                    else:
                        text = " ".join(claim_words(rng)) + f" {rng.randint(1, 999)} times"
                    rating = ("True", "False", "Mostly false", "Misleading")[k % 4]
                    out.write(json.dumps({"claim": text, "rating": rating, "url": f"https://checks.example.org/{k}",
                                          "date": "2024-04-01", "publisher": "Example Checks"}) + "\n")
            store.import_factchecks([feed])
    store.optimize()
    store.close()
    return time.perf_counter() - start


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Frames:
    """Timestamps of the frames an app draws (each encoded as terminal output, as a driver would)."""

    def __init__(self, app) -> None:
        self.times: list[float] = []
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            if renderable is not None:
                renderable.render_segments(app.console)  # the work a real terminal driver does
                self.times.append(time.perf_counter())

        app._display = display

    def after(self, t0: float) -> list[float]:
        return [t for t in self.times if t >= t0]


class FullCollections:
    """Python's full (generation 2) garbage collections while the keys are timed.

    They used to be most of the p95 outliers: one walking 100,000 objects takes
    tens of ms. Reported with how many fell inside a key's response.
    """

    def __init__(self) -> None:
        self.spans: list[tuple[float, float]] = []
        self._start = 0.0

    def start(self) -> None:
        gc.callbacks.append(self._callback)

    def stop(self) -> None:
        gc.callbacks.remove(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.spans.append((self._start, time.perf_counter()))


KEY_WINDOWS: list[tuple[float, float]] = []  # (press, first frame) of every timed key
NO_FRAME: list[str] = []  # keys that drew nothing: timed to the end of Pilot's press, which is not a response


async def timed_key(pilot, frames: Frames, key: str) -> tuple[float, float]:
    """ms from the key press to the first frame showing its effect, and to the last frame it caused.

    The first is the response a reviewer sees (the cursor moved, the decision
    shown as saving); the last includes what follows by itself (the decision
    shown as saved after COMMIT, the footer redrawn after a screen change).
    """
    t0 = time.perf_counter()
    await pilot.press(key)
    after = frames.after(t0)
    if not after:
        NO_FRAME.append(key)
    first = after[0] if after else time.perf_counter()
    last = after[-1] if after else first
    KEY_WINDOWS.append((t0, first))
    await asyncio.sleep(0.03)  # a fast reviewer: ~30 keys a second at most
    return (first - t0) * 1000, (last - t0) * 1000


async def wait_until(pilot, condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        await pilot.pause(0.005)


def pending(db: Path) -> tuple[int, int]:
    """Claims the matching worker has still to match, and reviewed claims it has still to take
    in as candidates (its first steps on a new database sync the team's verdicts)."""
    with Store.open(db, check=False) as store, store.lock:
        conn = store.conn
        mark = conn.execute("SELECT value FROM seen_meta WHERE key = 'claims_seq'").fetchone()
        unsynced = conn.execute(
            "SELECT COUNT(*) FROM claim_state WHERE last_seq > ?", (int(mark[0]) if mark else 0,)
        ).fetchone()[0]
        return work.pending(conn), unsynced


# ----------------------------------------------------------------- baselines


def bare_app_class():
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.widgets import Footer, Static

    class Bare(App):
        BINDINGS = [Binding("j", "bump", "bump")]

        def compose(self) -> ComposeResult:
            yield Static("hello from a bare textual app", id="label")
            yield Footer()

        def action_bump(self) -> None:
            self.n = getattr(self, "n", 0) + 1
            self.query_one("#label", Static).update(f"pressed {self.n}")

    return Bare


async def bench_bare(rounds: int) -> dict:
    starts, keys = [], []
    for _ in range(rounds):
        app = bare_app_class()()
        frames = Frames(app)
        t0 = time.perf_counter()
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: frames.times)
            starts.append((frames.times[0] - t0) * 1000)
            for _ in range(30):
                keys.append(await timed_key(pilot, frames, "j"))
    return {"first_frame": statistics.median(starts), "keys": keys}


# ------------------------------------------------------------------ the app


async def bench_app(db: Path, rounds: int, double: bool = False) -> dict:
    from tui_helpers import make_app, settle

    out: dict = {"first_frame": [], "first_claims": [], "keys": {}, "search": {}, "filters": {}, "gc": []}
    for r in range(rounds):
        # In double review, as one of the two reviewers: their own verdicts count for them.
        app = make_app(db, reviewer="r0" if double else f"bench{r}", mode="double" if double else None)
        frames = Frames(app)
        t0 = time.perf_counter()
        # Notifications on, as in a terminal: a key whose answer is a message ("nothing left
        # to undo") draws it, and its frame is the response.
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            queue = app.main.queue
            await wait_until(pilot, lambda: queue.first_paint_at is not None and frames.after(queue.first_paint_at))
            out["first_frame"].append((frames.times[0] - t0) * 1000)
            out["first_claims"].append((frames.after(queue.first_paint_at)[0] - t0) * 1000)
            if r < rounds - 1:
                continue
            await settle(pilot)
            await pilot.pause(0.3)
            pending_at_start = pending(db)
            keys = out["keys"]
            collections = FullCollections()
            collections.start()

            async def run(key: str, n: int, label: str | None = None) -> None:
                for _ in range(n):
                    keys.setdefault(label or key, []).append(await timed_key(pilot, frames, key))

            await run("j", 60)
            await run("k", 40)
            for _ in range(30):
                keys.setdefault("G", []).append(await timed_key(pilot, frames, "G"))
                keys.setdefault("g", []).append(await timed_key(pilot, frames, "g"))
            await run("pagedown", 40)
            await pilot.press("g")
            await run("1", 40, "1 (verdict)")
            await settle(pilot)
            await pilot.press("g")
            await run("n", 40)
            await run("u", 40, "u (undo)")
            await settle(pilot)
            await run("f", 30, "f (flag)")
            await settle(pilot)
            # Screens opened and closed: SCREEN_ROUNDS samples of each (the p95 of
            # 10 samples is their worst one: too few to trust).
            for _ in range(SCREEN_ROUNDS):
                keys.setdefault("? (help)", []).append(await timed_key(pilot, frames, "question_mark"))
                keys.setdefault("Esc (close)", []).append(await timed_key(pilot, frames, "escape"))
                keys.setdefault("e (note)", []).append(await timed_key(pilot, frames, "e"))
                keys.setdefault("Esc (note)", []).append(await timed_key(pilot, frames, "escape"))
                await pilot.pause(0.1)
            for _ in range(SCREEN_ROUNDS):
                keys.setdefault("Enter (doc)", []).append(await timed_key(pilot, frames, "enter"))
                keys.setdefault("j (in doc)", []).append(await timed_key(pilot, frames, "j"))
                keys.setdefault("Esc (doc)", []).append(await timed_key(pilot, frames, "escape"))
                await pilot.pause(0.1)

            # A reviewer reading each claim before the next key: the matching worker is at
            # work when the key comes.
            for _ in range(20):
                await asyncio.sleep(0.8)
                keys.setdefault("j (after 0.8 s)", []).append(await timed_key(pilot, frames, "j"))
            collections.stop()
            out["gc"] = collections.spans
            out["matching"] = (pending_at_start, pending(db), app.seen.steps)
            main = app.main
            await pilot.press("slash")
            for _ in range(3):
                for query in ("minister", "budget police", "speaker12", "zzqx", "times 2003"):
                    search = main.query_one("#search")
                    search.value = query[:-1]  # typed up to the last letter
                    search.cursor_position = len(search.value)
                    await settle(pilot, poll=False)
                    await pilot.pause(0.05)
                    before = main.query_applied
                    t0 = time.perf_counter()
                    await pilot.press(query[-1])  # the keystroke that is timed
                    await wait_until(pilot, lambda: main.query_applied != before and main.query_applied >= t0)
                    applied = main.query_applied
                    await pilot.pause()
                    drawn = frames.after(applied)
                    ms = ((drawn[0] if drawn else time.perf_counter()) - t0) * 1000
                    out["search"].setdefault(query, []).append((ms, len(queue.ids)))
            await pilot.press("escape")
            await settle(pilot, poll=False)

            async def requery_key(key: str, label: str | None = None) -> None:
                before = main.query_applied
                t0 = time.perf_counter()
                await pilot.press(key)
                await wait_until(pilot, lambda: main.query_applied != before)
                applied = main.query_applied
                await pilot.pause()
                drawn = frames.after(applied)
                ms = ((drawn[0] if drawn else time.perf_counter()) - t0) * 1000
                label = label or f"{key} → {main.view.status.label}"  # the status it landed on
                out["filters"].setdefault(label, []).append((ms, len(queue.ids)))
                await settle(pilot, poll=False)

            for _ in range(3):
                for _ in STATUS_CYCLE:
                    await requery_key("s")
                if hasattr(main, "action_toggle_adjudication"):
                    await requery_key("a", "a → to adjudicate")
                    await requery_key("a", "a → all")
                await requery_key("d", "d → one document")
                await requery_key("d", "d → all documents")
                for label in ("document order", "status order", "recent", "score"):
                    await requery_key("o", f"o → {label}")
    return out


# ------------------------------------------------------- real command in a pty


def bench_pty(db: Path, double: bool = False) -> dict:
    import os

    from tui_helpers import PtyProcess

    bin_dir = Path(sys.executable).parent
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")}
    bare = PtyProcess(
        [
            sys.executable,
            "-c",
            "from textual.app import App\nfrom textual.widgets import Static\n"
            "class A(App):\n    def compose(self):\n        yield Static('hello from a bare textual app')\nA().run()",
        ],
        cols=SIZE[0],
        rows=SIZE[1],
        env=env,
    )
    bare_t = bare.wait_for("hello from a bare", timeout=30)
    bare.kill()
    with Store.open(db, check=False) as store:
        first = store.claims(limit=1)[0].text[:24]
    real = PtyProcess(
        [str(bin_dir / "workbench"), "--db", str(db), "review", "--reviewer", "pty", *(["--double"] if double else [])],
        cols=SIZE[0],
        rows=SIZE[1],
        env=env,
    )
    claims_t = real.wait_for(first, timeout=60)
    real.send("q")
    try:
        real.proc.wait(timeout=10)
    except Exception:
        pass
    real.kill()
    return {"bare": bare_t, "claims": claims_t}


def bench_queries(db: Path) -> dict:
    """The store calls behind the list, timed on their own."""
    out = {}
    with Store.open(db, check=False) as store:
        for label, call in (
            ("claim_ids(order=score)", lambda: store.claim_ids()),
            ("claim_ids(status=unreviewed)", lambda: store.claim_ids(status="unreviewed")),
            ("claim_ids(order=document)", lambda: store.claim_ids(order="document")),
            ("claim_ids(order=status)", lambda: store.claim_ids(order="status")),
            ("claim_ids(order=recent)", lambda: store.claim_ids(order="recent")),
            ("claim_ids(document=1)", lambda: store.claim_ids(document=1)),
            ("claim_ids(search='minister')", lambda: store.claim_ids(search="minister")),
            ("count()", lambda: store.count()),
            ("claims_by_ids(60 rows)", lambda: store.claims_by_ids(list(range(5000, 5060)))),
        ):
            times = []
            for _ in range(5):
                t = time.perf_counter()
                call()
                times.append((time.perf_counter() - t) * 1000)
            out[label] = statistics.median(times)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--reviewed", type=float, default=0.5, help="share of claims with a verdict (default 0.5)")
    parser.add_argument("--db", type=Path, help="reuse (or build once at) this path")
    parser.add_argument("--rounds", type=int, default=3, help="start-ups to time (median)")
    parser.add_argument("--double", action="store_true", help="double review: the database and the app")
    parser.add_argument("--factchecks", type=int, default=FACTCHECKS,
                        help=f"published fact-checks imported when the database is built (default {FACTCHECKS:,})")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-app-"))
    db = args.db or folder / "bench.db"
    if not db.exists():
        took = build_db(db, args.claims, args.reviewed, double=args.double, factchecks=args.factchecks)
        kind = "double review, " if args.double else ""
        print(f"built {args.claims:,} claims, {kind}{args.reviewed:.0%} reviewed, in {took:.1f} s at {db}")
    with Store.open(db, check=False) as store:
        counts = store.count()
        claims = counts.total
        store.optimize()  # what ingest does after storing files (migration 3 did it once)
    import os

    load = os.getloadavg()[0]
    print(f"database: {claims:,} claims, {counts.reviewed:,} reviewed; {os.cpu_count()} cores, load average {load:.1f} at the start")
    if args.double:
        with Store.open(db, check=False) as store:
            stats = store.stats()
        print(f"double review: {stats.pending:,} awaiting their second verdict, {stats.disputed:,} disputed; "
              "the app runs in double review as r0")
    if load > 1.0:
        print("(the machine is busy: every figure below, the baselines too, is slower than on an idle one)")
    print()

    bare = asyncio.run(bench_bare(args.rounds))
    app = asyncio.run(bench_app(db, args.rounds, double=args.double))
    pty = bench_pty(db, double=args.double)
    queries = bench_queries(db)

    first_frame = statistics.median(app["first_frame"])
    first_claims = statistics.median(app["first_claims"])
    print("start-up (headless, in-process; median of %d)" % args.rounds)
    print(f"  bare Textual app, first frame      {bare['first_frame']:7.1f} ms   (baseline)")
    print(f"  review app, first frame            {first_frame:7.1f} ms")
    print(f"  review app, first claims           {first_claims:7.1f} ms   "
          f"= bare + {first_claims - bare['first_frame']:.0f} ms   (target: < 1000 ms after Textual is up)")
    print("start-up (real commands under a pseudo-terminal, from process start)")
    if pty["bare"] is not None and pty["claims"] is not None:
        print(f"  python -c <bare Textual app>       {pty['bare'] * 1000:7.0f} ms   (baseline)")
        print(f"  workbench review, claims on screen {pty['claims'] * 1000:7.0f} ms   "
              f"= bare + {(pty['claims'] - pty['bare']) * 1000:.0f} ms")
    else:
        print(f"  (did not complete: bare={pty['bare']}, workbench={pty['claims']})")

    print("\nkey press → first frame showing its effect (response), and → last frame it caused (settled)")
    print("(headless; every frame also encoded as terminal output; ms)")
    print(f"  {'key':<14} {'n':>4} {'resp p50':>9} {'resp p95':>9} {'settled p50':>12} {'settled p95':>12}")

    def row(label: str, samples: list[tuple[float, float]], note: str = "") -> float:
        first = [a for a, _ in samples]
        last = [b for _, b in samples]
        print(
            f"  {label:<14} {len(samples):>4} {statistics.median(first):9.1f} {pct(first, 95):9.1f} "
            f"{statistics.median(last):12.1f} {pct(last, 95):12.1f}{note}"
        )
        return pct(first, 95)

    row("bare app j", bare["keys"], "   (baseline)")
    worst = max(row(key, samples) for key, samples in app["keys"].items())
    print(f"  worst response p95 {worst:.1f} ms (target < 50 ms)")
    if NO_FRAME:
        counted = ", ".join(f"{key} ×{NO_FRAME.count(key)}" for key in sorted(set(NO_FRAME)))
        print(f"  keys that drew nothing (timed to the end of the press): {counted}")
    if "matching" in app:
        (before, unsynced_before), (after, unsynced_after), steps = app["matching"]
        print(f"  matching on: the worker (a process of its own) matched {before - after:,} claims in {steps} steps "
              f"while the keys were timed ({after:,} still to match), and took in {unsynced_before - unsynced_after:,} "
              f"of the team's reviewed claims as candidates ({unsynced_after:,} still to take in)")
    spans = app["gc"]
    if spans:
        inside = sum(1 for s, e in spans if any(t0 < e and s < first for t0, first in KEY_WINDOWS))
        longest = max(e - s for s, e in spans) * 1000
        print(f"  full garbage collections while keys were timed: {len(spans)}, longest {longest:.1f} ms, "
              f"{inside} inside a key's response")
    else:
        print("  full garbage collections while keys were timed: none")

    print("\nsearch: last keystroke → new list on screen (target < 100 ms)")
    for query, samples in app["search"].items():
        times = [ms for ms, _ in samples]
        print(f"  {query!r:<18} median {statistics.median(times):7.1f} ms  max {max(times):7.1f} ms   {samples[-1][1]:>7,} claims")
    print("\nfilters and sorts that re-read the list: key → new list on screen")
    for label, samples in app["filters"].items():
        times = [ms for ms, _ in samples]
        print(f"  {label:<22} median {statistics.median(times):7.1f} ms  max {max(times):7.1f} ms   {samples[-1][1]:>7,} claims")
    print("\nthe store calls behind them (median of 5, ms)")
    for label, ms in queries.items():
        print(f"  {label:<30} {ms:7.1f}")
    if not args.db:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
