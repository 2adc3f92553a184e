"""The decision keys, shared by the queue and the document view.

Both screens mix this in; each supplies :meth:`current_row` (the claim under
its cursor), :meth:`advance` (where to go after a verdict) and
:meth:`show_claim` (where undo takes the cursor). Decisions go to the
session's one decision path; anything beyond the screen is a message to the app.
"""

from __future__ import annotations

from typing import cast

from textual.keys import format_key
from textual.screen import Screen

from workbench.domain import Claim
from workbench.scales import DISMISS
from workbench.tui.host import CorrectClaim, EditEvidence, EditNote, QuitRequested, ReviewHost, ShowHelp
from workbench.tui.session import Armed
from workbench.vocab import Action, Flag, MatchVerdict


class DecisionActions(Screen):
    @property
    def host(self) -> ReviewHost:
        return cast(ReviewHost, self.app)

    def current_row(self) -> Claim | None:  # pragma: no cover - each screen overrides
        raise NotImplementedError

    def advance(self) -> None:  # pragma: no cover - each screen overrides
        raise NotImplementedError

    def show_claim(self, claim_id: int) -> None:  # pragma: no cover - each screen overrides
        raise NotImplementedError

    def show_armed(self) -> None:  # pragma: no cover - each screen overrides
        """Say (or stop saying) what a verdict waiting for its second press will do."""
        raise NotImplementedError

    def _disarm(self) -> None:
        if self.host.session.disarm():
            self.show_armed()

    def _verdict(self, slug: str, key: str) -> None:
        row = self.current_row()
        if row is None:
            return
        outcome = self.host.session.verdict_key(row, slug, key)
        self.show_armed()
        if not isinstance(outcome, Armed):
            self.advance()

    def action_verdict(self, position: int) -> None:
        session = self.host.session
        verdict = session.scale.at(position)
        if verdict is None:
            self._disarm()
            self.host.say(f"the scale {session.scale.name} has no verdict {position}", severity="warning")
            return
        self._verdict(verdict.slug, self._key_of(f"verdict-{position}", str(position)))

    def action_dismiss(self) -> None:
        self._verdict(DISMISS, self._key_of("dismiss", "x"))

    WHERE = ""  # the key table's name for this screen (keys.QUEUE, keys.DOCUMENT)

    def _key_of(self, key_id: str, default: str) -> str:
        """The key bound to ``key_id`` here, as the reviewer presses it (the team may rebind it)."""
        rebound = getattr(self.app, "keymap", {}).get(f"{self.WHERE}.{key_id}")
        return format_key(rebound.split(",")[0]) if rebound else default

    def action_flag(self) -> None:
        self._disarm()
        row = self.current_row()
        if row is not None:
            session = self.host.session
            session.decide(row, Action.FLAG, Flag.OFF if session.flagged(row) else Flag.ON)

    def action_note(self) -> None:
        self._disarm()
        row = self.current_row()
        if row is not None:
            self.app.post_message(EditNote(row))

    def action_evidence(self) -> None:
        self._disarm()
        row = self.current_row()
        if row is not None:
            self.app.post_message(EditEvidence(row))

    def action_correct(self) -> None:
        self._disarm()
        row = self.current_row()
        if row is not None:
            self.app.post_message(CorrectClaim(row))

    def action_undo(self) -> None:
        self._disarm()
        claim_id = self.host.session.undo_last(self.claim_shown)
        if claim_id is not None:
            self.show_claim(claim_id)

    def claim_shown(self, claim_id: int) -> Claim | None:
        """The claim as this screen shows it (what an undo of it has seen)."""
        return None

    # Seen before: the detail panel's candidates (the session keeps which one is selected).

    def action_next_match(self) -> None:
        self._disarm()
        row = self.current_row()
        if row is not None:
            self.host.session.select_next_match(row.id)

    def action_confirm_match(self) -> None:
        self._answer_match(MatchVerdict.CONFIRM)

    def action_reject_match(self) -> None:
        self._answer_match(MatchVerdict.REJECT)

    def _answer_match(self, answer: MatchVerdict) -> None:
        self._disarm()
        row = self.current_row()
        if row is not None:
            self.host.session.answer_match(row, answer)

    def action_group_verdict(self) -> None:
        row = self.current_row()
        if row is None:
            return
        self.host.say(self.host.session.arm_group(row))
        self.show_armed()

    def action_retry(self) -> None:
        self._disarm()
        self.host.session.retry()

    def action_help(self) -> None:
        self._disarm()
        self.app.post_message(ShowHelp())

    def action_palette(self) -> None:
        self._disarm()
        self.app.action_command_palette()

    def action_quit(self) -> None:
        self._disarm()
        self.app.post_message(QuitRequested())
