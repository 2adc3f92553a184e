"""Every key of the review app, defined once, and the team's rebindings of them.

This table feeds every screen's BINDINGS (the modal dialogs' and the search
line's included), each binding with an id; the footer; the help screen; and
the README's key table (``python -m workbench.tui.keys`` prints it; a test
keeps the README in step). Keys are single presses: no Enter needed for a
decision.

A ``[keys]`` table in ``workbench.toml`` rebinds them by id, through Textual's
keymap (``App.set_keymap``): ``note = "m"`` moves the note key on every screen
where it works, ``"document.back" = "h"`` on one screen only. :func:`keymap`
checks the entries when the app starts: an unknown id, a key Textual does not
know, or two bindings of one screen on the same key is a clear error then.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.binding import Binding
from textual.keys import Keys, _normalize_key_list, key_to_character

from workbench.config import ConfigError
from workbench.safetext import visible
from workbench.vocab import ORDER_CYCLE, STATUS_CYCLE

QUEUE = "queue"
DOCUMENT = "document"
DETAIL = "detail"
SEARCH = "search"
NOTE = "note"
CORRECT = "correct"
EVIDENCE = "evidence"
PROMPT = "prompt"
CONFIRM = "confirm"
HELP = "help"
REPORT = "report"
WHERE_LABELS = {
    QUEUE: "queue",
    DOCUMENT: "document view",
    DETAIL: "detail pane",
    SEARCH: "search line",
    NOTE: "note editor",
    CORRECT: "claim editor",
    EVIDENCE: "evidence editor",
    PROMPT: "prompts",
    CONFIRM: "questions",
    HELP: "help",
    REPORT: "reports",
}
MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})


@dataclass(frozen=True, slots=True)
class Key:
    id: str  # binding id, unique within each screen it is on
    keys: str  # Textual key names, comma-separated
    action: str  # the screen's (or widget's) action it runs
    description: str  # what it does, for the help screen and the README
    shown: str  # how people see the key(s): help screen, README
    where: tuple[str, ...]  # the screens it works on
    footer: str = ""  # short footer label; "" keeps it out of the footer
    group: str = "move"  # help-screen section
    priority: bool = False  # before the focused widget's own keys (Ctrl+S in an editor)
    # When the footer is too narrow for every hint, the highest ranks go first: help and
    # quit (rank 0) always show.
    rank: int = 5


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
            rank=1,
        )
        for n in range(1, 10)
    ]


_BOTH = (QUEUE, DOCUMENT)

KEYS: tuple[Key, ...] = (
    Key("down", "j,down", "cursor_down", "next claim", "j / ↓", (QUEUE,), footer="move", rank=4),
    Key("up", "k,up", "cursor_up", "previous claim", "k / ↑", (QUEUE,)),
    Key("top", "g,home", "cursor_top", "first claim", "g / Home", (QUEUE,)),
    Key("bottom", "G,end", "cursor_bottom", "last claim", "G / End", (QUEUE,)),
    Key("page-down", "pagedown", "page_down", "one page down", "PgDn", (QUEUE,)),
    Key("page-up", "pageup", "page_up", "one page up", "PgUp", (QUEUE,)),
    Key("next-unreviewed", "n", "next_unreviewed", "next unreviewed claim", "n", (QUEUE,), footer="next new", rank=4),
    Key("doc-next", "j,n,down", "next_claim", "next claim in this document", "j / n / ↓", (DOCUMENT,), footer="next", rank=3),
    Key("doc-prev", "k,p,up", "previous_claim", "previous claim in this document", "k / p / ↑", (DOCUMENT,), footer="prev", rank=4),
    Key("doc-page-down", "pagedown,space", "page_down", "scroll the article one page down", "PgDn / Space", (DOCUMENT,)),
    Key("doc-page-up", "pageup", "page_up", "scroll the article one page up", "PgUp", (DOCUMENT,)),
    Key("detail-down", "j,down", "scroll_down", "scroll the detail one line down", "j / ↓", (DETAIL,), footer="scroll", rank=3),
    Key("detail-up", "k,up", "scroll_up", "scroll the detail one line up", "k / ↑", (DETAIL,)),
    Key("detail-page-down", "pagedown,space", "page_down", "scroll the detail one page down", "PgDn / Space", (DETAIL,)),
    Key("detail-page-up", "pageup", "page_up", "scroll the detail one page up", "PgUp", (DETAIL,)),
    Key("detail-top", "g,home", "scroll_top", "the top of the detail", "g / Home", (DETAIL,)),
    Key("detail-bottom", "G,end", "scroll_bottom", "the end of the detail (the history)", "G / End", (DETAIL,)),
    Key("detail-back", "tab,shift+tab,escape", "back", "back to the queue", "Tab / Esc", (DETAIL,), footer="back", rank=2),
    *_verdicts(),
    Key("dismiss", "x", "dismiss", "dismiss: not check-worthy, and move on", "x", _BOTH, footer="dismiss", group="decide", rank=2),
    Key("flag", "f", "flag", "flag / unflag as needing checking", "f", _BOTH, footer="flag", group="decide", rank=4),
    Key("note", "e", "note", "edit the claim's note, several lines (Ctrl+S saves, Esc cancels)", "e", _BOTH, footer="note", group="decide", rank=4),
    Key("evidence", "v", "evidence", "edit the verdict's evidence: sources (a URL a line, then its title) and the public explanation", "v", _BOTH, footer="evidence", group="decide", rank=4),
    Key("correct", "c", "correct", "correct the claim's text and speaker (the extracted ones are kept)", "c", _BOTH, footer="correct", group="decide", rank=6),
    Key("undo", "u,ctrl+z", "undo", "undo your last decision of this session (again and again)", "u / Ctrl+Z", _BOTH, footer="undo", group="decide", rank=2),
    Key("match-next", "w", "next_match", "seen before: select the next candidate in the detail panel", "w", _BOTH, group="seen"),
    Key("match-confirm", "l", "confirm_match", "seen before: link the claim to the selected candidate, a confirmed match (it proposes its verdict: give it with its number key)", "l", _BOTH, footer="match", group="seen", rank=7),
    Key("match-reject", "L", "reject_match", "seen before: reject the selected candidate (never suggested again for this claim)", "L", _BOTH, group="seen"),
    Key("group-verdict", "b", "group_verdict", "the next verdict key goes to the claim's whole copy group: one event per claim (u undoes the group; Esc cancels)", "b", _BOTH, group="seen"),
    Key("retry", "r", "retry", "retry saving decisions that were not saved", "r", _BOTH, group="decide"),
    Key("search", "slash", "search", "search claims, sentences and speakers as you type (Esc clears)", "/", (QUEUE,), footer="search", group="find", rank=3),
    Key("escape", "escape", "escape", "cancel a verdict waiting for its second press, else clear the search", "Esc", (QUEUE,), group="find"),
    Key("status-filter", "s", "cycle_status", "show: " + " → ".join(s.label for s in STATUS_CYCLE), "s", (QUEUE,), footer="show", group="find", rank=5),
    Key("adjudication", "a", "toggle_adjudication", "the adjudication queue: claims reviewers disagree on (again: all claims)", "a", (QUEUE,), footer="adjudicate", group="find", rank=6),
    Key("document-filter", "d", "toggle_document", "only this claim's document (again: all documents)", "d", (QUEUE,), group="find"),
    Key("sort", "o", "cycle_order", "sort: " + " → ".join(o.short for o in ORDER_CYCLE), "o", (QUEUE,), group="find"),
    Key("open-document", "enter", "open_document", "read the claim in its document", "Enter", (QUEUE,), footer="read", group="find", rank=5),
    Key("detail", "tab", "focus_detail", "focus the detail pane, to scroll it (the whole history is there)", "Tab", (QUEUE,), footer="detail", group="find", rank=5),
    Key("back", "escape,backspace", "back", "back to the queue", "Esc / Backspace", (DOCUMENT,), footer="back", group="find", rank=2),
    Key("help", "question_mark,f1", "help", "list every key", "? / F1", _BOTH, footer="help", group="app", rank=0),
    Key("palette", "ctrl+p", "palette", "commands: export, ingest, import fact-checks, refit the desk model, agreement, reviewer, scale, double review, theme, sort, filters", "Ctrl+P", _BOTH, group="app"),
    Key("quit", "q", "quit", "quit (waits for decisions being saved; asks first if one is not saved)", "q", _BOTH, footer="quit", group="app", rank=0),
    # The search line and the dialogs.
    Key("clear", "escape", "clear_search", "clear the search and go back to the queue", "Esc", (SEARCH,), footer="clear search", group="dialogs"),
    Key("leave", "down", "leave", "keep the search and go back to the queue (Enter does too)", "↓", (SEARCH,), group="dialogs"),
    Key("save", "ctrl+s", "save", "save (in the claim editor Enter does too)", "Ctrl+S", (NOTE, CORRECT, EVIDENCE), group="dialogs", priority=True),
    Key("cancel", "escape", "cancel", "close without saving", "Esc", (NOTE, CORRECT, EVIDENCE, PROMPT), group="dialogs"),
    Key("yes", "y", "answer(True)", "yes", "y", (CONFIRM,), group="dialogs"),
    Key("no", "n,escape", "answer(False)", "no", "n / Esc", (CONFIRM,), group="dialogs"),
    Key("close", "escape,q,question_mark", "close", "close the help", "Esc / q / ?", (HELP,), group="dialogs"),
    Key("dismiss-report", "escape,enter,q", "close", "close the report", "Esc / Enter / q", (REPORT,), group="dialogs"),
)

GROUPS = {
    "move": "Moving",
    "decide": "Deciding",
    "seen": "Seen before",
    "find": "Finding and reading",
    "app": "The app",
    "dialogs": "Search line, editors and questions",
}
RANKS: dict[str, int] = {key.id: key.rank for key in KEYS}
ORDER: dict[str, int] = {key.id: i for i, key in enumerate(KEYS)}  # the footer shows hints in table order


def bindings(where: str) -> list[Binding]:
    """The BINDINGS of one screen (or widget), with ids and footer labels."""
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
                key_display="1-9" if key.id == "verdict-1" else None,  # the app shows the scale's own

                priority=key.priority,
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


# ------------------------------------------------------------------ the keymap

_KNOWN_NAMES = frozenset(k.value for k in Keys)


def valid_key(name: str) -> bool:
    """A key name Textual can deliver: ``x``, ``G``, ``f5``, ``ctrl+s``, ``question_mark``..."""
    *modifiers, base = name.split("+")
    if any(m not in MODIFIERS for m in modifiers) or not base:
        return False
    return len(base) == 1 or base in _KNOWN_NAMES or key_to_character(base) is not None


def keymap(entries: Mapping[str, object], *, source: str = "workbench.toml") -> dict[str, str]:
    """The Textual keymap for a ``[keys]`` table; ConfigError (one line) for a bad entry.

    An entry is ``id = "keys"`` (every screen with that binding) or
    ``"where.id" = "keys"`` (one screen); keys are comma-separated Textual key
    names. A key may not end up on two bindings of one screen.
    """
    by_id: dict[str, list[str]] = {}
    for key in KEYS:
        for where in key.where:
            by_id.setdefault(key.id, []).append(f"{where}.{key.id}")
            by_id[f"{where}.{key.id}"] = [f"{where}.{key.id}"]
    out: dict[str, str] = {}
    for name, value in entries.items():
        where = f"{source}: [keys] {visible(str(name))}"
        if name not in by_id:
            raise ConfigError(f"{where}: no such key binding (`python -m workbench.tui.keys` lists them; ids are in workbench/tui/keys.py)")
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where}: give the key(s) as text, e.g. \"m\" or \"ctrl+e,m\"")
        normal = _normalize_key_list(value)
        bad = [k for k in normal.split(",") if not valid_key(k)]
        if bad:
            raise ConfigError(f"{where}: {visible(bad[0])!r} is not a key name Textual knows (e.g. m, G, f5, ctrl+e, pagedown)")
        for binding_id in by_id[name]:
            out[binding_id] = normal
    _check_clashes(out, source)
    return out


def _check_clashes(overrides: Mapping[str, str], source: str) -> None:
    for where in WHERE_LABELS:
        taken: dict[str, str] = {}
        for key in KEYS:
            if where not in key.where:
                continue
            binding_id = f"{where}.{key.id}"
            for name in _normalize_key_list(overrides.get(binding_id, key.keys)).split(","):
                if name in taken:
                    raise ConfigError(
                        f"{source}: [keys] puts {visible(name)!r} on both {taken[name]!r} and {key.id!r} "
                        f"in the {WHERE_LABELS[where]}: give one of them another key"
                    )
                taken[name] = key.id


if __name__ == "__main__":
    print(markdown_key_table(), end="")
