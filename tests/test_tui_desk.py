"""The review app as a fact-checking desk: who decided, overrules, double review, adjudication,
evidence, the quit path, 80x24, and the smaller things a reviewer meets every day."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest

from store_helpers import make_db
from tui_helpers import make_app, screen_text, settle
from workbench import userprefs
from workbench.config import Config
from workbench.scales import DEFAULT_SCALE, POLITIFACT_SCALE
from workbench.store import Store
from workbench.tui.screens.evidence import EvidenceScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.quit import QuitScreen
from workbench.tui.state import GLYPH
from workbench.vocab import Action, Shown

SIZE = (140, 40)


async def until(pilot, condition, seconds: float) -> float:
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > seconds:
            raise AssertionError(f"not seen within {seconds} s")
        await pilot.pause(0.02)
    return time.monotonic() - start


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


# ------------------------------------------------------------ who, overrules


async def test_who_decided_shows_and_an_overrule_takes_a_second_press(tmp_path, review_app):
    db = tmp_path / "w.db"
    store = make_db(db, articles=2)
    first = store.claim_ids()[0]
    store.set_verdict(first, "true", scale=DEFAULT_SCALE, reviewer="alice")
    store.close()
    async with review_app(articles=0, db=db, size=SIZE, reviewer="bob") as (app, pilot):
        queue = app.main.queue
        assert queue.current_id == first
        text = screen_text(app)
        assert "True          alice" in text  # the deciding reviewer beside the verdict
        assert "True by alice (a verdict of yours would overrule it)" in app.main.detail.section("Review")
        await pilot.press("5")  # False, over alice's True
        await pilot.pause()
        assert queue.current_id == first and app.session.pending_jobs() == []  # nothing sent yet
        assert "alice said True: press 5 again to overrule it with False" in screen_text(app)
        await pilot.press("j")  # any other key cancels, and says so by clearing the line
        await pilot.pause()
        assert "press 5 again" not in screen_text(app) and app.session.armed is None
        await pilot.press("k", "5", "escape")  # Esc cancels too
        await pilot.pause()
        assert app.session.armed is None and app.session.pending_jobs() == []
        await pilot.press("5", "5")
        await settle(pilot)
        with Store.open(db) as store:
            events = store.events()
            alices = next(e.seq for e in events if e.reviewer == "alice" and e.action == Action.VERDICT)
            last = events[-1]
            assert (last.reviewer, last.value, last.role) == ("bob", "false", {"role": "overrule", "of": alices})
        queue.move_to_claim(first)
        await pilot.pause()
        history = app.main.detail.section("History")
        assert f"overrules #{alices}" in history and f"OVERRULE of #{alices}" in history
        assert f"{GLYPH[Shown.DISPUTED]}  high True ⇄ False  al+bo" in screen_text(app)
        # Agreeing with what is shown needs no second press.
        await pilot.press("j")
        second = queue.current_id
        await pilot.press("1")
        await settle(pilot)
        with Store.open(db) as store:
            assert store.claim(second).verdict == "true"


async def test_the_other_reviewer_hears_of_an_overrule_within_a_second(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app(size=SIZE, reviewer="alice", notifications=True) as (app, pilot):
        await pilot.press("1")  # alice: True
        await settle(pilot)
        claim = app.session.last_saved.claim_id
        with Store.open(db) as store:
            store.set_verdict(claim, "false", scale=DEFAULT_SCALE, reviewer="bob", overrule=True)
            committed = time.monotonic()
        took = await until(pilot, lambda: any("bob overruled your verdict" in m for m in messages(app)), 1.5)
        assert time.monotonic() - committed < 1.5 and took <= 1.0 + 0.2
        (notice,) = [m for m in messages(app) if "overruled" in m]
        assert f"claim {claim}" in notice and "with False" in notice


# ------------------------------------------------------------- double review


async def test_double_review_is_blind_until_both_decided_then_shows_the_disagreement(tmp_path):
    db = tmp_path / "w.db"
    make_db(db, articles=1).close()
    ana = make_app(db, reviewer="ana", mode="double")
    ben = make_app(db, reviewer="ben", mode="double")
    async with ana.run_test(size=SIZE, notifications=True) as a, ben.run_test(size=SIZE, notifications=True) as b:
        await settle(a)
        await settle(b)
        first = ana.main.queue.current_id
        await a.press("1")  # ana: True, blind
        await settle(a)
        await until(b, lambda: (ben.poll() or True) and ben.main.queue.row(first).agreement == "pending", 3.0)
        await b.pause()
        ben_screen = screen_text(ben)
        assert f"{GLYPH[Shown.HIDDEN]}  high 1 of 2" in ben_screen  # ben sees that one is in, not which
        assert "True" not in ben.main.detail.section("Review") + ben.main.detail.section("History")
        assert "hidden until you give your verdict" in ben.main.detail.section("History")
        assert "double review" in ben_screen  # the mode, in the status line
        assert f"{GLYPH[Shown.PENDING]}  high True" in screen_text(ana)  # ana sees her own
        await b.press("5")  # ben: False, blind; no second press needed, nobody's to overrule
        await settle(b)
        assert ben.session.armed is None
        await until(a, lambda: (ana.poll() or True) and ana.main.queue.row(first).agreement == "disputed", 3.0)
        await a.pause()
        assert any("ben disagrees with you" in m for m in messages(ana))
        assert f"{GLYPH[Shown.DISPUTED]}  high True ⇄ False" in screen_text(ana)
        # The adjudication queue, with its own key.
        await a.press("a")
        await settle(a)
        assert ana.main.view.status == "adjudication" and ana.main.queue.ids == [first]
        await a.press("a")
        await settle(a)
        assert ana.main.view.status == "all"
    with Store.open(db) as store:
        roles = [e.role for e in store.history(first)]
        assert roles == [{"role": "double", "blind": True}] * 2
        assert store.verify().ok


async def test_an_adjudicator_in_the_queue_presses_twice(tmp_path, review_app):
    db = tmp_path / "w.db"
    store = make_db(db, articles=1)
    claim = store.claim_ids()[2]
    store.set_verdict(claim, "true", scale=DEFAULT_SCALE, reviewer="ana", mode="double")
    store.set_verdict(claim, "false", scale=DEFAULT_SCALE, reviewer="ben", mode="double")
    store.close()
    async with review_app(articles=0, db=db, size=SIZE, reviewer="cai") as (app, pilot):
        await pilot.press("a")
        await settle(pilot)
        assert app.main.queue.ids == [claim]
        await pilot.press("3")
        await pilot.pause()
        assert "ana True, ben False disagree: press 3 again to adjudicate with Mixed" in screen_text(app)
        await pilot.press("3")
        await settle(pilot)
        assert app.main.queue.ids == []  # nothing left to adjudicate
        assert "No claims to adjudicate match." in screen_text(app)
    with Store.open(db) as store:
        assert store.claim(claim).agreement == "adjudicated" and store.claim(claim).verdict == "mixed"


async def test_the_palette_switches_double_review_and_shows_agreement(tmp_path, review_app):
    db = tmp_path / "w.db"
    store = make_db(db, articles=1)
    for claim in store.claim_ids():
        store.set_verdict(claim, "true", scale=DEFAULT_SCALE, reviewer="ana", mode="double")
        store.set_verdict(claim, "true", scale=DEFAULT_SCALE, reviewer="ben", mode="double")
    store.close()
    async with review_app(articles=0, db=db, size=SIZE) as (app, pilot):
        titles = {c.title: c for c in app.palette_commands()}
        titles["Review mode: double review"].callback()
        await pilot.pause()
        assert app.session.mode == "double" and "double review" in screen_text(app)
        titles["Agreement between reviewers"].callback()
        await pilot.pause()
        report = app.screen.text()
        assert "ana and ben: 5 claims, agree on 5 (100.0%)" in report
        assert "Cohen's kappa undefined" in report  # one verdict throughout
        await pilot.press("escape")


# ------------------------------------------------------------------ evidence


async def test_the_evidence_editor_validates_saves_and_shows_sources(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app(size=SIZE) as (app, pilot):
        first = app.main.queue.current_id
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, EvidenceScreen)
        await pilot.press(*"javascript:alert(1)")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EvidenceScreen)  # refused, and says why
        assert "not saved: line 1" in screen_text(app) and "http:// or https://" in screen_text(app)
        await pilot.press("f7", *"https://ons.gov.uk/lm ONS table", "enter", *"https://example.org/r")
        await pilot.press("tab", *"The figure is 38.", "enter", *"Not 40.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, EvidenceScreen)
        with Store.open(db) as store:
            claim = store.claim(first)
            assert [(s.url, s.title) for s in claim.sources] == [
                ("https://ons.gov.uk/lm", "ONS table"), ("https://example.org/r", None),
            ]
            assert claim.explanation == "The figure is 38.\nNot 40."
        evidence = app.main.detail.section("Evidence")
        assert "https://ons.gov.uk/lm  ONS table" in evidence and "explanation: The figure is 38.\nNot 40." in evidence
        # The editor opens on what is there; u takes the evidence back like any decision.
        await pilot.press("v")
        await pilot.pause()
        assert app.screen.query_one("#evidence-sources").text == "https://ons.gov.uk/lm ONS table\nhttps://example.org/r"
        await pilot.press("escape", "u")
        await settle(pilot)
        with Store.open(db) as store:
            assert store.claim(first).sources == ()


# ------------------------------------------------------------------ quitting


async def test_quitting_while_a_save_is_stuck_is_one_dialog_that_follows_the_writer(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app(size=SIZE, busy_timeout=0.5, retry_interval=0.2, notifications=True) as (app, pilot):
        lock = sqlite3.connect(db, isolation_level=None, timeout=0)
        lock.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        try:
            await pilot.press("2", "q")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, QuitScreen)
            assert dialog.said == "saving 1 decision(s)… quitting as soon as they are saved"
            for _ in range(10):  # q again and again: still one dialog, no stacked messages
                await pilot.press("q")
            await pilot.pause()
            assert [s for s in app.screen_stack if isinstance(s, QuitScreen)] == [dialog]
            assert not any("quitting as soon" in m for m in messages(app)), messages(app)
            await until(pilot, lambda: "NOT saved" in dialog.said, 45.0)  # the busy timeout passed: it asks (slow only on a loaded machine)
            assert "1 decision(s) are NOT saved" in screen_text(app)
            await pilot.press("n")  # stay
            await pilot.pause()
            assert app.is_running and not isinstance(app.screen, QuitScreen)
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        await until(pilot, lambda: not app.session.writer.pending(), 5.0)  # the automatic retry
        await settle(pilot)
        with Store.open(db) as store:
            (verdict,) = [e for e in store.events() if e.action == Action.VERDICT]
        assert verdict.value == "mostly-true"
        assert f"saved #{verdict.seq}" in screen_text(app)


async def test_the_quit_dialog_closes_by_itself_once_the_save_commits(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app(size=SIZE, busy_timeout=0.3, retry_interval=0.2) as (app, pilot):
        lock = sqlite3.connect(db, isolation_level=None, timeout=0)
        lock.execute("BEGIN IMMEDIATE")
        await pilot.press("2", "q")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, QuitScreen)
        await until(pilot, lambda: "NOT saved" in dialog.said, 45.0)
        lock.execute("ROLLBACK")  # the other program lets go: the automatic retry saves it
        lock.close()
        await until(pilot, lambda: not app.is_running, 5.0)
        assert dialog.said == "every decision is saved: quitting"  # never "not saved" once saved
    with Store.open(db) as store:
        assert [e.value for e in store.events() if e.action == Action.VERDICT] == ["mostly-true"]


# --------------------------------------------------------------------- 80x24


async def test_the_app_at_80x24(tmp_path, review_app):
    db = tmp_path / "w.db"
    store = make_db(db, articles=3)
    first = store.claim_ids()[0]
    for n in range(12):  # a long history on the first claim
        store.set_note(first, f"note {n}", reviewer="alice")
    flagged = f"#{store.set_flag(first, reviewer='alice').seq} "
    store.close()
    async with review_app(articles=0, db=db, size=(80, 24), reviewer="bob") as (app, pilot):
        await pilot.press("j", "1")  # a verdict on the second claim: the save indicator in full
        await settle(pilot)
        await pilot.press("g")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
        status, footer = lines[0], lines[-1]
        with Store.open(db) as store:
            head = store.events()[-1].seq
        assert f"✓ saved #{head}" in status and "bob" in status
        for hint in ("? help", "q quit", "1-6 verdict", "/ search"):
            assert hint in footer, (hint, footer)
        # The detail: the claim, then its source sentence before any context.
        detail = app.main.detail
        shown = detail.visible_lines()
        source = shown.index("Source")
        assert "The ministry said 40 people were arrested on Monday." in shown[source + 1]
        assert "Context" not in shown[: source + 2]
        assert "Review" in shown  # the review state is in view too
        # The history runs below the fold: Tab focuses the pane, G (or PgDn) scrolls to it.
        assert not any(line.startswith(flagged) for line in shown)
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is detail
        assert "tab back" in screen_text(app).splitlines()[-1] and "? help" in screen_text(app).splitlines()[-1]
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        await pilot.press("G")
        await pilot.pause()
        assert any(line.startswith(flagged) and "flagged" in line for line in detail.visible_lines())
        # Decision keys still work while reading; Esc goes back to the queue.
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.main.queue
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_a_decision_on_the_claim_being_read_keeps_the_detail_where_it_was(tmp_path, review_app):
    db = tmp_path / "w.db"
    store = make_db(db, articles=3)
    first = store.claim_ids()[0]
    for n in range(12):  # a long history: the panel scrolls
        store.set_note(first, f"note {n}", reviewer="alice")
    store.close()
    async with review_app(articles=0, db=db, size=(80, 24), reviewer="bob") as (app, pilot):
        detail = app.main.detail
        await pilot.press("tab", "G")  # reading the end of the history
        await pilot.pause()
        top, height = int(detail.scroll_offset.y), detail.virtual_size.height
        assert top > 0
        for _ in range(2):  # flag on, flag off: a line comes and goes
            await pilot.press("f")
            await settle(pilot)
            assert app.main.queue.current_id == first
            assert int(detail.scroll_offset.y) == top and detail.virtual_size.height >= height
        with Store.open(db) as store:
            flags = [e.seq for e in store.history(first) if e.action == Action.FLAG]
        assert len(flags) == 2 and any(line.startswith(f"#{flags[-1]} ") for line in detail.visible_lines())
        await pilot.press("escape", "j")  # another claim: its panel starts at the top
        await pilot.pause()
        assert app.main.queue.current_id != first and int(detail.scroll_offset.y) == 0


async def test_a_flag_redraws_the_review_line_and_adds_its_history_line_at_the_panel_s_end(tmp_path, review_app):
    """A decision on the claim in view moves no line of the panel: the flag sits on the state's
    line, and the history (where the decision is added) is the panel's last section."""
    db = tmp_path / "w.db"
    store = make_db(db, articles=3)
    first = store.claim_ids()[0]
    store.set_note(first, "an earlier note", reviewer="alice")
    store.close()
    async with review_app(articles=0, db=db, size=(160, 48), reviewer="bob") as (app, pilot):
        detail = app.main.detail
        assert list(detail.sections)[-1] == "History"
        before = detail.text().splitlines()
        await pilot.press("f")
        await settle(pilot)
        after = detail.text().splitlines()
        with Store.open(db) as store:
            flag = store.history(first)[-1]
        assert flag.action == Action.FLAG
        assert len(after) == len(before) + 1 and after[-1].startswith(f"#{flag.seq} ") and "flagged" in after[-1]
        changed = [y for y in range(len(before)) if before[y] != after[y]]
        assert len(changed) == 1, changed
        assert "flagged: needs checking" in after[changed[0]] and "unreviewed" in after[changed[0]]


# --------------------------------------------------------------- the smaller


async def test_f1_help_and_the_footer_names_the_scales_keys(tmp_path, review_app):
    scale_file = tmp_path / "three.toml"
    scale_file.write_text(
        'id = "three"\nname = "Three"\n'
        + "".join(f'[[verdict]]\nslug = "v{i}"\nlabel = "V{i}"\n' for i in range(3)),
        encoding="utf-8",
    )
    from workbench.scales import load_scale

    async with review_app(size=SIZE, scale=load_scale(scale_file)) as (app, pilot):
        assert "1-3 verdict" in screen_text(app).splitlines()[-1]
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = app.screen.query_one("#help-body").render().plain
        assert "? / F1" in help_text and "1  V0" in help_text and "3  V2" in help_text
        await pilot.press("escape")
        await pilot.pause()
        app.use_scale(POLITIFACT_SCALE)
        await settle(pilot)
        await pilot.pause(0.1)
        assert "1-6 verdict" in screen_text(app).splitlines()[-1]


async def test_search_starts_on_its_first_result_and_esc_clears_it_after_enter(tmp_path, review_app):
    async with review_app(size=SIZE, articles=2) as (app, pilot):
        main, queue = app.main, app.main.queue
        await pilot.press("G")  # the cursor at the end of the list
        await pilot.press("slash", *"central bank")
        await settle(pilot)
        assert len(queue.ids) == 2 and queue.cursor == 0  # the first result, not the last
        await pilot.press("enter")  # keep the search, back in the queue
        await settle(pilot)
        assert main.view.search == "central bank" and app.focused is queue
        await pilot.press("escape")  # Esc still clears it
        await settle(pilot)
        assert main.view.search == "" and len(queue.ids) == 10
        await pilot.press("slash", *"zzz", "enter")
        await settle(pilot)
        assert "No claims match." in screen_text(app)


async def test_the_theme_is_remembered_per_user(tmp_path, review_app):
    async with review_app(size=SIZE) as (app, pilot):
        app.theme = "gruvbox"
        await pilot.pause()
    assert userprefs.get("theme") == "gruvbox"
    saved = json.loads(Path(userprefs.path()).read_text())
    assert saved == {"theme": "gruvbox"}
    async with review_app(articles=0, size=SIZE) as (app, pilot):
        assert app.theme == "gruvbox"


async def test_clutter_is_drawn_dimmer_than_the_article(tmp_path, review_app):
    from textual.color import Color

    from store_helpers import FakeArticle, extraction_for
    from workbench.records import ExcludedSpan, Metadata

    from workbench.records import Extraction

    db = tmp_path / "w.db"
    text = "Share this story\nThe minister said 40 people were arrested.\nIt rained all day.\n"
    full = extraction_for(text)
    only = Extraction(full.sentences, [c for c in full.claims if c.sentence_idx == 1])  # one claim, line 2
    with Store.open(db) as store:
        article = FakeArticle(Path("c.txt"), text, Metadata(title="C"), excluded=[ExcludedSpan(0, 16, "share")])
        store.store_document(article, only, model="t", extractor_version="1")
    async with review_app(articles=0, db=db, size=SIZE) as (app, pilot):
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.view
        clutter = list(view.render_line(0))[0]
        body = next(seg for seg in view.render_line(2) if seg.text.strip())  # plain article text
        assert clutter.text.startswith("Share this story") and body.text.startswith("It rained")

        def brightness(segment) -> float:
            return Color.from_rich_color(segment.style.color).brightness

        assert brightness(clutter) < brightness(body) - 0.15  # dimmed, on a dark theme
        app.theme = "textual-light"
        await pilot.pause()
        view._rebuild()
        clutter = list(view.render_line(0))[0]
        body = next(seg for seg in view.render_line(2) if seg.text.strip())
        assert brightness(clutter) > brightness(body) + 0.15  # and on a light one: closer to the page


# --------------------------------------- two reviewers, two processes, 200 claims

REVIEWER = Path(__file__).parent / "procs" / "reviewer_app.py"


def run_two_reviewers(db: Path, mode: str, count: int = 200) -> list[dict]:
    import subprocess
    import sys

    done = db.parent / f"done-{mode}"
    done.mkdir()
    procs = [
        subprocess.Popen(
            [sys.executable, str(REVIEWER), str(db), name, seed, str(count), mode, "0", str(done), "2", way],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        # Towards each other: decisions at once around the middle, then each on the other's.
        for name, seed, way in (("ana", "1", "down"), ("ben", "2", "up"))
    ]
    out = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=400)
        assert proc.returncode == 0, stderr[-3000:]
        out.append(json.loads(stdout.strip().splitlines()[-1]))
    return out


def standing_before(events: list) -> dict:
    """For each verdict event, the verdict standing just before it (fold of what came before)."""
    from workbench.store import audit

    rows = [{**e.to_json(), "detail": e.detail_text if e.detail_text is not None else (json.dumps(e.detail, sort_keys=True, ensure_ascii=False) if e.detail is not None else None)} for e in events]
    out = {}
    for i, e in enumerate(events):
        if e.action == "verdict":
            out[e.seq] = audit.fold(e.claim_id, rows[:i])
    return out


@pytest.mark.slow
def test_two_reviewers_decide_the_same_200_claims_in_two_app_processes(tmp_path):
    db = tmp_path / "w.db"
    make_db(db, articles=40).close()  # 200 claims
    ana, ben = run_two_reviewers(db, "single")
    assert len(ana["pressed"]) == len(ben["pressed"]) == 200
    assert ana["refused"] == [] and ben["refused"] == []
    notices = {"ana": ana["notices"], "ben": ben["notices"]}
    overrules = conflicts = agreed = 0
    late = []
    with Store.open(db) as store:
        assert store.verify().ok
        for claim_id in store.claim_ids():
            events = store.history(claim_id)
            before = standing_before(events)
            for e in events:
                if e.action != "verdict":
                    continue
                prior = before[e.seq]
                replaced = prior.verdict is not None and e.reviewer not in prior.holders and e.value != prior.verdict
                role = (e.role or {}).get("role")
                # None silent: replacing another reviewer's different verdict is an overrule
                # (confirmed by a second press), an adjudication, or a conflict (not seen).
                assert not replaced or role in ("overrule", "adjudication") or e.conflict_with, (claim_id, e)
                if role == "overrule":
                    overrules += 1
                    target = next(x for x in events if x.seq == e.role["of"])
                    # The overruled reviewer's app said so, within a second of the commit.
                    heard = [n for n in notices[target.reviewer]
                             if f"overruled your verdict on claim {claim_id} " in n["message"]]
                    assert heard, (claim_id, e.seq, target.reviewer)
                    from datetime import datetime

                    at = datetime.fromisoformat(e.at.replace("Z", "+00:00")).timestamp()
                    late.append(heard[0]["at"] - at)
                if e.conflict_with:
                    conflicts += 1
                    owner = next(x for x in events if x.seq == e.conflict_with).reviewer
                    if owner != e.reviewer:
                        assert any(f"conflict on claim {claim_id}" in n["message"] for n in notices[owner]), claim_id
            claim = store.claim(claim_id)
            if claim.agreement == "agreed":
                agreed += 1
        # Every open disagreement and conflict is listed under the conflicts filter.
        listed = set(store.claim_ids(status="conflict"))
        open_ = {c.id for c in store.claims() if c.conflict or c.disputed}
        assert listed == open_
    pressed_twice = sum(p["second"] for p in ana["pressed"] + ben["pressed"])
    assert overrules == pressed_twice and overrules > 10  # every second press is an overrule on record
    print(f"\n200 claims, two app processes: {overrules} overrules, {conflicts} conflicts, "
          f"{len(open_)} open disagreements or conflicts, {agreed} agreements; notice of an overrule "
          f"after {sorted(late)[len(late) // 2]:.2f} s median, {max(late):.2f} s at most")
    assert sorted(late)[len(late) // 2] < 1.0


@pytest.mark.slow
def test_two_reviewers_in_double_review_in_two_app_processes(tmp_path):
    db = tmp_path / "w.db"
    make_db(db, articles=12).close()  # 60 claims: double review's states, without the 200's time
    ana, ben = run_two_reviewers(db, "double", count=60)
    assert ana["refused"] == [] and ben["refused"] == []
    assert not any(p["second"] for p in ana["pressed"] + ben["pressed"])  # blind: nothing to overrule
    with Store.open(db) as store:
        assert store.verify().ok
        claims = store.claims()
        assert {c.agreement for c in claims} <= {"agreed", "disputed"}  # both decided every claim
        for claim in claims:
            verdicts = [e for e in store.history(claim.id) if e.action == "verdict"]
            assert {e.reviewer for e in verdicts} == {"ana", "ben"}
            assert all(e.role == {"role": "double", "blind": True} for e in verdicts), claim.id
            assert not claim.conflict  # independent verdicts never conflict
        disputed = {c.id for c in claims if c.disputed}
        assert set(store.claim_ids(status="adjudication")) == disputed
        from workbench.agreement import agreement

        (pair,) = agreement(store.events()).pairs
        assert pair.claims == 60 and pair.agreed == 60 - len(disputed)
    # The first to decide heard of each disagreement when the second verdict came in.
    heard = {int(n["message"].split()[1].rstrip(":")) for r in (ana, ben) for n in r["notices"]
             if "disagrees with you" in n["message"]}
    assert heard == disputed


# ----------------------------------------------------- fitting a line, by rank


def test_the_footer_keeps_help_and_quit_and_drops_by_rank():
    from workbench.tui.widgets.footer import fit

    hints = [(4, 8), (1, 13), (2, 11), (3, 10), (0, 8), (0, 8)]  # move, verdict, dismiss, search, help, quit
    assert fit(hints, 200) == [0, 1, 2, 3, 4, 5]
    assert fit(hints, 50) == [1, 2, 3, 4, 5]  # move goes first
    assert fit(hints, 30) == [1, 4, 5]
    assert fit(hints, 10) == [4, 5]  # help and quit stay, even past the edge


def test_the_status_line_keeps_the_reviewer_and_the_save_indicator():
    from workbench.tui.session import SaveState, Saving
    from workbench.tui.widgets.status_line import Progress, StatusLine

    p = Progress(reviewer="bob", scale="Workbench default", reviewed=12, total=200, shown=200,
                 save=Saving(SaveState.SAVED, "#1234"), search="inflation figures", document="Budget day")
    wide = StatusLine.content(p, 160).plain
    assert "scale Workbench default" in wide and "search “inflation figures”" in wide
    narrow = StatusLine.content(p, 60).plain
    assert len(narrow) <= 60 and "✓ saved #1234" in narrow and "bob" in narrow and "12/200 reviewed" in narrow
    assert "scale" not in narrow  # the least needed went first
    armed = StatusLine.content(Progress(reviewer="bob", armed="alice said True: press 5 again to overrule it", save=p.save), 60).plain
    assert armed.startswith("alice said True") and armed.endswith("✓ saved #1234")
