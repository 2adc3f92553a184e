"""Textual's Footer, showing the hints that fit by rank, rebuilt only when they change.

The stock Footer lays every hint out in a row and lets the terminal's edge cut
the rest: at 80 columns the review app lost `/ search`, `? help` and `q quit`.
This one measures each hint and, when they do not all fit, leaves out the
least needed first (``rank`` in the key table: help and quit, rank 0, always
stay), keeping the table's order for those shown.

The stock Footer also recomposes (every key unmounted, mounted again, then a
layout pass over its screen) each time its screen signals that bindings may
have changed: on every screen switch, both when the screen is covered and when
it comes back, and on focus changes. With our fixed key table almost none of
these change anything, yet each rebuild cost 20-45 ms of the UI thread (at
100,000 claims, measured by bench/bench_app.py) and left a few thousand
objects of cyclic garbage behind, which fed the slow full collections.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from workbench.tui.keys import ORDER, RANKS

PALETTE_EXTRA = 2  # the palette hint's left border and right padding, beyond its text


def rank_of(binding: Binding) -> int:
    name = (binding.id or "").split(".", 1)[-1]
    return RANKS.get(name, 5)


def order_of(binding: Binding) -> int:
    return ORDER.get((binding.id or "").split(".", 1)[-1], len(ORDER))


def hint_width(key_display: str, description: str) -> int:
    """Cells a FooterKey takes (non-compact): its key padded by one each side, its description and a space."""
    return len(key_display) + 2 + (len(description) + 1 if description else 0)


def fit(hints: list[tuple[int, int]], width: int) -> list[int]:
    """Which hints to show, by index: ``hints`` are (rank, cells) in display order; the lowest
    ranks are kept first (ties: earlier first) while they fit in ``width``."""
    by_need = sorted(range(len(hints)), key=lambda i: (hints[i][0], i))
    kept: set[int] = set()
    used = 0
    for i in by_need:
        cells = hints[i][1]
        if used + cells <= width:
            kept.add(i)
            used += cells
        elif hints[i][0] == 0:
            kept.add(i)  # help and quit always stay, even past the edge
            used += cells
    return sorted(kept)


class KeyFooter(Footer):
    """A Footer that shows what fits by rank and recomposes only when that differs."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None  # what the last compose showed

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        # A covered screen's footer is not drawn: it is brought up to date when
        # its screen is current again (resuming signals bindings_changed too).
        if self.is_attached and screen is self.screen and screen.is_current:
            self.call_after_refresh(self._recompose_if_changed)

    def on_resize(self) -> None:
        if self.is_attached and self.screen.is_current:
            self.call_after_refresh(self._recompose_if_changed)

    def _width(self) -> int:
        return self.size.width or self.app.size.width

    def _hints(self) -> list[tuple[Binding, bool, str]]:
        """The hints to show, one per action, in table order."""
        out: list[tuple[Binding, bool, str]] = []
        actions: set[str] = set()
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                out.append((binding, enabled, tooltip))
        out.sort(key=lambda hint: order_of(hint[0]))
        return out

    def _palette(self) -> tuple[Binding, bool, str] | None:
        app = self.app
        if not (self.show_command_palette and app.ENABLE_COMMAND_PALETTE):
            return None
        active = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if active is None:
            return None
        return active.binding, active.enabled, active.binding.tooltip or active.binding.description

    def chosen(self) -> list[tuple[Binding, bool, str]]:
        """The hints that fit the footer's width, by rank."""
        app = self.app
        bindings = self._hints()
        width = self._width()
        palette = self._palette()
        if palette is not None:
            width -= hint_width(app.get_key_display(palette[0]), palette[0].description) + PALETTE_EXTRA
        hints = [(rank_of(b), hint_width(app.get_key_display(b), b.description)) for b, _, _ in bindings]
        return [bindings[i] for i in fit(hints, width)]

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        app = self.app
        for binding, enabled, tooltip in self.chosen():
            yield FooterKey(
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
        palette = self._palette()
        if palette is not None:
            binding, enabled, tooltip = palette
            yield FooterKey(
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=tooltip,
            )

    def _keys_shown(self) -> tuple:
        """Everything compose reads to draw the keys, as one comparable value."""
        app = self.app
        shown = tuple((binding, enabled, tooltip, app.get_key_display(binding)) for binding, enabled, tooltip in self.chosen())
        palette = self._palette()
        if palette is not None:
            palette = (palette[0], palette[1], app.get_key_display(palette[0]))
        return (shown, palette, self.compact)

    def shown_text(self) -> str:
        """The hints as drawn, "key description" each (tests read it)."""
        return "  ".join(f"{self.app.get_key_display(b)} {b.description}" for b, _, _ in self.chosen())

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached or not self.screen.is_current:
            return
        shown = self._keys_shown()
        if shown == self._shown:
            return
        self._shown = shown
        await self.recompose()
