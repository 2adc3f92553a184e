"""What the screens need from the app, and the messages they exchange with it.

Screens never import the concrete App. They read through :class:`ReviewHost`
(the session, and a way to show a message), and ask for anything beyond their
own screen by posting a message the app handles: open the document view, show
help, open an editor, go back to the queue, quit. The app tells every screen
in the stack that data changed with :class:`DataChanged`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from textual.message import Message

from workbench.domain import Claim
from workbench.tui.session import ReviewSession


class ReviewHost(Protocol):
    """The app as the screens see it."""

    session: ReviewSession
    closing: bool  # the app is shutting down: workers finish quietly

    def say(self, message: str, *, severity: str = "information") -> None: ...

    def from_thread(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None: ...

    def start_up_done(self) -> None: ...


class DataChanged(Message):
    """Rows changed in the store (ours or another reviewer's): redraw them.

    ``claim_ids`` None: anything may have changed. ``relist``: the change came
    from the database (not only from this session's queue), so a list that
    depends on review state must be read again. ``seen_only``: only the
    seen-before caches changed, somewhere.
    """

    def __init__(self, claim_ids: list[int] | None, *, relist: bool = False, seen_only: bool = False) -> None:
        super().__init__()
        self.claim_ids = claim_ids
        self.relist = relist
        # Only the seen-before caches were written (by a matching worker): marks, not review state.
        self.seen_only = seen_only


class OpenDocument(Message):
    """Show the document view of a document, on one of its claims."""

    def __init__(self, document_id: int, claim_id: int | None) -> None:
        super().__init__()
        self.document_id = document_id
        self.claim_id = claim_id


class BackToQueue(Message):
    """Leave the document view; the queue's cursor goes to this claim, if any."""

    def __init__(self, claim_id: int | None) -> None:
        super().__init__()
        self.claim_id = claim_id


class QueueFollows(Message):
    """The document view moved to this claim: the queue (out of sight) moves there too.

    So that leaving the document view composes a queue already on its claim,
    with the rows around it drawn, instead of moving and drawing on the key.
    """

    def __init__(self, claim_id: int) -> None:
        super().__init__()
        self.claim_id = claim_id


class EditNote(Message):
    """Open the note editor on a claim."""

    def __init__(self, claim: Claim) -> None:
        super().__init__()
        self.claim = claim


class EditEvidence(Message):
    """Open the evidence editor on a claim (its verdict's sources and explanation)."""

    def __init__(self, claim: Claim) -> None:
        super().__init__()
        self.claim = claim


class CorrectClaim(Message):
    """Open the claim editor on a claim (its text and speaker)."""

    def __init__(self, claim: Claim) -> None:
        super().__init__()
        self.claim = claim


class ShowHelp(Message):
    """Open the help screen."""


class QuitRequested(Message):
    """Quit, unless a decision would be lost (then the app asks)."""
