"""Every key of the review app, defined once.

This table feeds the screens' BINDINGS (each with an id, so a keymap can
rebind it), the footer, the help screen and the README's key table
(``python -m workbench.tui.keys`` prints it; a test keeps the README in step).
Keys are single presses: no Enter needed for a decision.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

QUEUE = "queue"
DOCUMENT = "document"
WHERE_LABELS = {QUEUE: "queue", DOCUMENT: "document view"}


@dataclass(frozen=True, slots=True)
class Key:
    id: str  # binding id, unique across the app
    keys: str  # Textual key names, comma-separated
    action: str  # the screen action it runs
    description: str  # what it does, for the help screen and the README
    shown: str  # how people see the key(s): help screen, README
    where: tuple[str, ...]  # the screens it works on
    footer: str = ""  # short footer label; "" keeps it out of the footer
    group: str = "move"  # help-screen section


def _verdicts() -> list[Key]:
    # One binding per number so that a keymap can move any of them; the help
    # screen and the README show them as one row.
    return [
        Key(
            f"verdict-{n}",
            str(n),
            f"verdict({n})",
            "record verdict N of the active scale and move on",
            "1 … 9",
            (QUEUE, DOCUMENT),
            footer="verdict" if n == 1 else "",
            group="decide",
        )
        for n in range(1, 10)
    ]


KEYS: tuple[Key, ...] = (
    Key("down", "j,down", "cursor_down", "next claim", "j / ↓", (QUEUE,), footer="move"),
    Key("up", "k,up", "cursor_up", "previous claim", "k / ↑", (QUEUE,)),
    Key("top", "g,home", "cursor_top", "first claim", "g / Home", (QUEUE,)),
    Key("bottom", "G,end", "cursor_bottom", "last claim", "G / End", (QUEUE,)),
    Key("page-down", "pagedown", "page_down", "one page down", "PgDn", (QUEUE,)),
    Key("page-up", "pageup", "page_up", "one page up", "PgUp", (QUEUE,)),
    Key("next-unreviewed", "n", "next_unreviewed", "next unreviewed claim", "n", (QUEUE,), footer="next new"),
    Key("doc-next", "j,n,down", "next_claim", "next claim in this document", "j / n / ↓", (DOCUMENT,), footer="next"),
    Key("doc-prev", "k,p,up", "previous_claim", "previous claim in this document", "k / p / ↑", (DOCUMENT,), footer="prev"),
    Key("doc-page-down", "pagedown,space", "page_down", "scroll the article one page down", "PgDn / Space", (DOCUMENT,)),
    Key("doc-page-up", "pageup", "page_up", "scroll the article one page up", "PgUp", (DOCUMENT,)),
    *_verdicts(),
    Key("dismiss", "x", "dismiss", "dismiss: not check-worthy, and move on", "x", (QUEUE, DOCUMENT), footer="dismiss", group="decide"),
    Key("flag", "f", "flag", "flag / unflag as needing checking", "f", (QUEUE, DOCUMENT), footer="flag", group="decide"),
    Key("note", "e", "note", "edit the claim's note (Enter or Ctrl+S saves, Esc cancels)", "e", (QUEUE, DOCUMENT), footer="note", group="decide"),
    Key("undo", "u,ctrl+z", "undo", "undo your last decision of this session (again and again)", "u / Ctrl+Z", (QUEUE, DOCUMENT), footer="undo", group="decide"),
    Key("retry", "r", "retry", "retry saving decisions that were not saved", "r", (QUEUE, DOCUMENT), group="decide"),
    Key("search", "slash", "search", "search claims, sentences and speakers as you type (Esc clears)", "/", (QUEUE,), footer="search", group="find"),
    Key("status-filter", "s", "cycle_status", "show: all → unreviewed → reviewed → flagged → conflicts", "s", (QUEUE,), footer="show", group="find"),
    Key("document-filter", "d", "toggle_document", "only this claim's document (again: all documents)", "d", (QUEUE,), group="find"),
    Key("sort", "o", "cycle_order", "sort: score → document order → status → recent", "o", (QUEUE,), group="find"),
    Key("open-document", "enter", "open_document", "read the claim in its document", "Enter", (QUEUE,), footer="read", group="find"),
    Key("back", "escape,backspace", "back", "back to the queue", "Esc / Backspace", (DOCUMENT,), footer="back", group="find"),
    Key("help", "question_mark", "help", "list every key", "?", (QUEUE, DOCUMENT), footer="help", group="app"),
    Key("palette", "ctrl+p", "palette", "commands: export, ingest, reviewer, scale, theme, sort, filters", "Ctrl+P", (QUEUE, DOCUMENT), group="app"),
    Key("quit", "q", "quit", "quit (asks first if a decision is not saved)", "q", (QUEUE, DOCUMENT), footer="quit", group="app"),
)

GROUPS = {"move": "Moving", "decide": "Deciding", "find": "Finding and reading", "app": "The app"}


def bindings(where: str) -> list[Binding]:
    """The BINDINGS of one screen, with ids and footer labels."""
    out = []
    for key in KEYS:
        if where not in key.where:
            continue
        out.append(
            Binding(
                key.keys,
                key.action,
                key.footer or key.description,
                show=bool(key.footer),
                key_display="1-9" if key.id == "verdict-1" else None,
                id=f"{where}.{key.id}",
            )
        )
    return out


def rows() -> list[tuple[str, str, str]]:
    """(keys, where, what) rows, one per distinct key, in table order (verdict keys as one row)."""
    out: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for key in KEYS:
        if (key.shown, key.description) in seen:
            continue
        seen.add((key.shown, key.description))
        where = " and ".join(WHERE_LABELS[w] for w in key.where)
        out.append((key.shown, where, key.description))
    return out


def markdown_key_table() -> str:
    """The README's key table (between ``<!-- keys:start -->`` and ``<!-- keys:end -->``)."""
    lines = ["| Key | Where | What it does |", "| --- | --- | --- |"]
    for shown, where, what in rows():
        cell = shown.replace("|", "\\|")
        lines.append(f"| {cell} | {where} | {what} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_key_table(), end="")
