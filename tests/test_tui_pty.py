"""The real `workbench` command under a pseudo-terminal: draw, decide, SIGKILL, nothing lost."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from store_helpers import make_db
from workbench.store import Store
from tui_helpers import PtyProcess

pytestmark = pytest.mark.slow
WORKBENCH = Path(sys.executable).parent / "workbench"


def test_verdict_survives_sigkill_right_after_it_is_saved(tmp_path):
    db = tmp_path / "w.db"
    store = make_db(db, articles=2)
    first = store.claim_ids()[0]
    store.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")}
    app = PtyProcess([str(WORKBENCH), "--db", str(db), "review", "--reviewer", "pty-ana"], cols=140, rows=40, env=env)
    try:
        drawn = app.wait_for("ministry said 40", timeout=30)
        assert drawn is not None, f"the app did not draw its queue:\n{app.text()[-2000:]}"
        assert app.wait_for("pty-ana", timeout=10) is not None
        mark = len(app.text())
        app.send("1")
        # The status line says "saved #<seq>" only after the store returned from COMMIT.
        saved = app.wait_for("saved #3", timeout=20, since=mark)  # events 1, 2: the ingests
    finally:
        app.kill()  # SIGKILL: no clean shutdown, no chance to flush anything later
    assert saved is not None, f"no save acknowledged:\n{app.text()[-2000:]}"
    with Store.open(db) as store:
        claim = store.claim(first)
        assert claim.verdict == "true"
        assert claim.reviewer == "pty-ana"
        assert store.verify().ok
