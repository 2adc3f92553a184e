"""One vocabulary: statuses, orders, actions and formats are defined once, in workbench/vocab.py."""

from __future__ import annotations

import ast
from pathlib import Path

from workbench.vocab import (
    STATUS_CYCLE,
    Action,
    Agreement,
    ExportFormat,
    Flag,
    Order,
    ReviewMode,
    Role,
    Shown,
    Status,
    parse,
)

PACKAGE = Path(__file__).resolve().parent.parent / "workbench"
# Other engineers' modules (extraction, HTML reading, clutter, metadata) have words of their own.
NOT_OURS = ("nlp/", "ingest/html", "ingest/clutter", "ingest/metadata")
VALUES = {
    m.value for enum in (Status, Order, Action, ExportFormat, Flag, Shown, ReviewMode, Role, Agreement) for m in enum
}


def literal_comparisons(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Compare):
            continue
        for side in (node.left, *node.comparators):
            items = side.elts if isinstance(side, (ast.Tuple, ast.List, ast.Set)) else [side]
            for item in items:
                if isinstance(item, ast.Constant) and item.value in VALUES:
                    found.append(f"{path.relative_to(PACKAGE)}:{item.lineno}: {item.value!r}")
    return found


def test_no_module_compares_against_a_vocabulary_word_spelled_out():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = str(path.relative_to(PACKAGE))
        if relative == "vocab.py" or relative.startswith(NOT_OURS):
            continue
        found += literal_comparisons(path)
    assert found == [], "use the enums of workbench/vocab.py:\n" + "\n".join(found)


def test_members_are_the_strings_the_database_and_the_cli_use():
    assert Status.FLAGGED == "flagged" and f"{Status.FLAGGED}" == "flagged"
    assert Action("undo") is Action.UNDO
    assert [s.label for s in STATUS_CYCLE] == ["all", "unreviewed", "reviewed", "flagged", "conflicts", "seen before"]
    assert Order.DOCUMENT.label == "in document order"
    assert ExportFormat.CLAIMREVIEW.suffix == ".json" and ExportFormat.CLAIMREVIEW.noun == "reviews"
    assert Status.CONFLICT.title == "Show conflicts"
    assert Status.ADJUDICATION == "adjudication" and Status.ADJUDICATION.label == "to adjudicate"
    # Every status names its claims in a sentence ("No flagged claims match.").
    assert Status.ALL.claims == "claims" and Status.CONFLICT.claims == "claims with a conflict or a disagreement"
    assert {ReviewMode("double"), Role("overrule"), Agreement("disputed")} == {
        ReviewMode.DOUBLE, Role.OVERRULE, Agreement.DISPUTED,
    }


def test_parse_names_the_valid_words():
    assert parse(Order, "recent", "order") is Order.RECENT
    try:
        parse(ExportFormat, "xml", "export format")
    except ValueError as exc:
        assert str(exc) == "unknown export format 'xml': use one of csv, jsonl, claimreview"
    else:
        raise AssertionError("xml is not a format")
