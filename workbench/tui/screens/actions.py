"""The decision keys, shared by the queue and the document view.

Both screens mix this in; each supplies :meth:`current_row` (the claim under
its cursor) and :meth:`advance` (where to go after a verdict). The decisions
themselves all go through the app's one decision path (ReviewApp.decide).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.scales import DISMISS

if TYPE_CHECKING:
    from workbench.tui.app import ReviewApp


class DecisionActions:
    app: ReviewApp

    def current_row(self) -> dict | None:  # pragma: no cover - each screen overrides
        raise NotImplementedError

    def advance(self) -> None:  # pragma: no cover - each screen overrides
        raise NotImplementedError

    def show_claim(self, claim_id: int) -> None:  # pragma: no cover - each screen overrides
        raise NotImplementedError

    def action_verdict(self, position: int) -> None:
        row = self.current_row()
        if row is None:
            return
        verdict = self.app.scale.at(position)
        if verdict is None:
            self.app.say(f"the scale {self.app.scale.name} has no verdict {position}", severity="warning")
            return
        if self.app.decide(row, "verdict", verdict.slug):
            self.advance()

    def action_dismiss(self) -> None:
        row = self.current_row()
        if row is not None and self.app.decide(row, "verdict", DISMISS):
            self.advance()

    def action_flag(self) -> None:
        row = self.current_row()
        if row is not None:
            pending = self.app.pending_for(row["id"])
            flagged = row["flagged"]
            if pending is not None and pending.action == "flag":
                flagged = pending.value == "on"
            self.app.decide(row, "flag", "off" if flagged else "on")

    def action_note(self) -> None:
        row = self.current_row()
        if row is not None:
            self.app.edit_note(row)

    def action_undo(self) -> None:
        self.app.undo_last()

    def action_retry(self) -> None:
        self.app.retry_saves()

    def action_help(self) -> None:
        self.app.show_help()

    def action_palette(self) -> None:
        self.app.action_command_palette()

    def action_quit(self) -> None:
        self.app.request_quit()
