"""Errors the store raises. Each carries one plain line a user can act on."""

from __future__ import annotations


class StoreError(Exception):
    """Base class: the message is one line, safe to show as it is."""


class NotADatabase(StoreError):
    pass


class NotAWorkbenchDatabase(StoreError):
    pass


class CorruptDatabase(StoreError):
    pass


class NewerSchema(StoreError):
    pass


class NotFound(StoreError):
    pass


class InvalidDecision(StoreError):
    """A decision that cannot be recorded as given (unknown verdict, nothing to undo...)."""


class NotSaved(StoreError):
    """A write did not commit: the database stayed busy, or the disk failed.

    Nothing was written; the caller keeps the decision and may retry.
    """


class ReadOnlyDatabase(StoreError):
    """The database's file, folder or mount cannot be written: open it read-only."""


class OverruleNeeded(InvalidDecision):
    """A verdict would replace another reviewer's standing verdict, and the caller did not say
    it means to overrule it (the app's second press, ``--overrule``, ``overrule=True``).

    ``seq`` is the event it would overrule and ``reviewer`` its author, so a
    caller can ask and try again.
    """

    def __init__(self, message: str, *, seq: int, reviewer: str) -> None:
        super().__init__(message)
        self.seq = seq
        self.reviewer = reviewer


class AdjudicationNeeded(InvalidDecision):
    """A verdict on a claim its reviewers disagree on, by someone else, without saying it
    adjudicates (the app's second press, ``--adjudicate``, ``adjudicate=True``)."""
