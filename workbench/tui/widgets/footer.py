"""Textual's Footer, rebuilt only when the keys it shows have changed.

The stock Footer recomposes (every key unmounted, mounted again, then a layout
pass over its screen) each time its screen signals that bindings may have
changed: on every screen switch, both when the screen is covered and when it
comes back, and on focus changes. With our fixed key table almost none of
these change anything, yet each rebuild cost 20-45 ms of the UI thread (at
100,000 claims, measured by bench/bench_app.py) and left a few thousand
objects of cyclic garbage behind, which fed the slow full collections.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """A Footer that recomposes only when what it would show differs."""

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

    def _keys_shown(self) -> tuple:
        """Everything Footer.compose reads to draw the keys, as one comparable value."""
        app = self.app
        active_bindings = self.screen.active_bindings
        shown = tuple(
            (binding, enabled, tooltip, app.get_key_display(binding))
            for (_, binding, enabled, tooltip) in active_bindings.values()
            if binding.show
        )
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            active = active_bindings.get(app.COMMAND_PALETTE_BINDING)
            if active is not None:
                palette = (active.binding, active.enabled, app.get_key_display(active.binding))
        return (shown, palette, self.compact)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached or not self.screen.is_current:
            return
        shown = self._keys_shown()
        if shown == self._shown:
            return
        self._shown = shown
        await self.recompose()
