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
