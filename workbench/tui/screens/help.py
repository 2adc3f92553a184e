"""Every key, from the one key table, with the active scale's verdicts spelled out."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.keys import format_key
from textual.widgets import Static

from workbench.scales import Scale
from workbench.tui import keys
from workbench.tui.state import CONTEXT_GLYPH, CORRECTED_GLYPH, FLAG_GLYPH, GLYPH
from workbench.tui.text import join, literal


def shown_keys(key: keys.Key, keymap: Mapping[str, str]) -> str:
    """How the help shows a key: as the table says, or as the team's keymap rebound it."""
    for where in key.where:
        rebound = keymap.get(f"{where}.{key.id}")
        if rebound:
            return " / ".join(format_key(name) for name in rebound.split(","))
    return key.shown


def help_content(scale: Scale, keymap: Mapping[str, str] | None = None) -> Content:
    keymap = keymap or {}
    from workbench.nlp.model import probe_pipeline  # cheap: does not import spaCy

    description, lost = probe_pipeline()
    lines: list[Content] = [
        Content("Claim extraction").stylize("bold $text-accent"),
        join([Content("  new ingests use "), literal(description.removeprefix("model: "), style="bold")]),
    ]
    if lost:
        lines.append(literal("  without a parser this loses: " + "; ".join(lost), style="$text-warning"))
    lines.append(Content(""))
    for group, title in keys.GROUPS.items():
        lines.append(Content(title).stylize("bold $text-accent"))
        seen: set[tuple[str, str]] = set()
        for key in keys.KEYS:
            if key.group != group or (key.shown, key.description) in seen:
                continue
            seen.add((key.shown, key.description))
            everywhere = key.where == (keys.QUEUE, keys.DOCUMENT)
            where = "" if everywhere else f"  ({' and '.join(keys.WHERE_LABELS[w] for w in key.where)})"
            lines.append(join([Content(f"  {shown_keys(key, keymap):<16}").stylize("bold"), Content(key.description + where)]))
        if group == "decide":
            lines.append(join([Content("  verdicts of "), literal(scale.name, style="bold"), Content(":")]))
            for verdict in scale.verdicts:
                lines.append(join([Content(f"    {verdict.position}  "), literal(verdict.label)]))
        lines.append(Content(""))
    lines.append(Content("Queue glyphs").stylize("bold $text-accent"))
    for state, glyph in GLYPH.items():
        lines.append(Content(f"  {glyph}  {state.meaning}"))
    lines.append(Content(f"  {FLAG_GLYPH}  flagged: needs checking"))
    lines.append(Content(f"  {CORRECTED_GLYPH}  before a claim: a reviewer corrected its text or speaker"))
    lines.append(Content(f"  {CONTEXT_GLYPH}  before a claim: it keeps words that lean on its article (read the source)"))
    return join(lines, "\n")


class HelpScreen(ModalScreen[None]):
    BINDINGS = keys.bindings(keys.HELP)

    def __init__(self, scale: Scale, keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self._scale = scale
        self._keymap = dict(keymap or {})
        self._shown: Scale | None = None

    def show_scale(self, scale: Scale) -> None:
        """The app keeps one help screen (building it each time is slow); refresh it."""
        self._scale = scale
        if self.is_mounted and self._shown is not scale:
            self.query_one("#help-body", Static).update(help_content(scale, self._keymap))
            self._shown = scale

    def compose(self) -> ComposeResult:
        close = next(k for k in keys.KEYS if k.id == "close")
        with VerticalScroll(id="dialog"):
            yield Static(Content("Keys").stylize("bold"), id="dialog-title")
            yield Static(help_content(self._scale, self._keymap), id="help-body")
            yield Static(Content(f"{shown_keys(close, self._keymap)} closes"), classes="dialog-help")
        self._shown = self._scale

    def action_close(self) -> None:
        self.dismiss(None)
