"""The app's entries in the command palette (Ctrl+P).

Textual's built-in system-command provider parses each title and help text as
markup, and some of ours carry data (a custom scale's name). So this provider
builds its hits from literal Content and highlights the fuzzy match itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from workbench.tui.text import literal

if TYPE_CHECKING:
    from workbench.tui.app import ReviewApp


@dataclass(frozen=True)
class PaletteCommand:
    title: str  # may hold data (scale names): shown through literal()
    help: str
    callback: Callable[[], Any]


class WorkbenchCommands(Provider):
    """Export, ingest, reviewer, scale, sort and filter commands."""

    def _commands(self) -> list[PaletteCommand]:
        app: ReviewApp = self.app  # type: ignore[assignment]
        return app.palette_commands()

    @staticmethod
    def _display(title: str, offsets: tuple[int, ...] | None, style: Any) -> Content:
        content = literal(title)
        if offsets and len(content.plain) == len(title):  # no stand-ins shifted the offsets
            for offset in offsets:
                if not title[offset].isspace():
                    content = content.stylize(style, offset, offset + 1)
        return content

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(
                self._display(command.title, None, None),
                command.callback,
                text=command.title,
                help=Content(command.help),  # type: ignore[arg-type]  # Content is never parsed
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score, offsets = matcher.fuzzy_search.match(query, command.title)
            if score > 0:
                yield Hit(
                    score,
                    self._display(command.title, offsets, matcher.match_style),
                    command.callback,
                    text=command.title,
                    help=Content(command.help),  # type: ignore[arg-type]
                )
