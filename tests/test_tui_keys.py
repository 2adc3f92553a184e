"""The one key table: bindings with ids, the README's table, `python -m workbench.tui.keys`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from workbench.tui import keys
from workbench.tui.screens.confirm import ConfirmScreen
from workbench.tui.screens.correct import CorrectScreen
from workbench.tui.screens.document import DocumentScreen
from workbench.tui.screens.evidence import EvidenceScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.screens.note import NoteScreen
from workbench.tui.screens.prompt import PromptScreen
from workbench.tui.screens.quit import QuitScreen
from workbench.tui.screens.report import ReportScreen
from workbench.tui.widgets.detail import ClaimDetail
from workbench.tui.widgets.search import SearchBar

# Every screen (and the search line), with the key-table place its bindings come from.
SCREENS = (
    (MainScreen, keys.QUEUE),
    (DocumentScreen, keys.DOCUMENT),
    (ClaimDetail, keys.DETAIL),
    (SearchBar, keys.SEARCH),
    (NoteScreen, keys.NOTE),
    (CorrectScreen, keys.CORRECT),
    (EvidenceScreen, keys.EVIDENCE),
    (PromptScreen, keys.PROMPT),
    (ConfirmScreen, keys.CONFIRM),
    (QuitScreen, keys.CONFIRM),
    (HelpScreen, keys.HELP),
    (ReportScreen, keys.REPORT),
)

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- keys:start -->", "<!-- keys:end -->"
REGENERATE = "python -m workbench.tui.keys"


def test_readme_key_table_matches_the_keys_module():
    text = README.read_text(encoding="utf-8")
    assert START in text and END in text, (
        f"README.md needs the markers {START} and {END} around the key table; "
        f"put the output of `{REGENERATE}` between them"
    )
    section = text.split(START, 1)[1].split(END, 1)[0].strip("\n") + "\n"
    assert section == keys.markdown_key_table(), (
        f"README.md's key table is out of date: replace the lines between {START} and {END} "
        f"with the output of `{REGENERATE}`"
    )


def test_module_prints_the_table():
    done = subprocess.run([sys.executable, "-m", "workbench.tui.keys"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == keys.markdown_key_table()
    assert done.stdout.startswith("| Key | Where | What it does |")


def test_every_binding_has_a_unique_id_and_comes_from_the_table():
    for screen, where in SCREENS:
        ids = [b.id for b in screen.BINDINGS]
        assert all(ids) and len(ids) == len(set(ids))
        assert {b.id for b in screen.BINDINGS} == {f"{where}.{k.id}" for k in keys.KEYS if where in k.where}
    # A key does one thing per screen.
    for where in keys.WHERE_LABELS:
        seen: dict[str, str] = {}
        for binding in keys.bindings(where):
            for key in binding.key.split(","):
                assert key not in seen, f"{key} bound twice on the {where}: {seen.get(key)} and {binding.action}"
                seen[key] = binding.action


def test_every_action_exists_on_its_screen():
    for screen, where in SCREENS:
        for binding in keys.bindings(where):
            name = binding.action.split("(")[0]
            assert hasattr(screen, f"action_{name}"), f"{screen.__name__} has no action_{name}"


def test_the_app_starts_without_spacy():
    # The queue must show fast: spaCy loads only when an ingest runs.
    code = (
        "import sys; import workbench.cli; from workbench.tui.app import ReviewApp, run_app; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'workbench') "
        "and (m.startswith(('spacy', 'thinc', 'workbench.nlp', 'workbench.ingest')))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", done.stdout
