"""The one error the reading layer raises: a file we skipped or refused, with a plain reason."""

from __future__ import annotations

from workbench.vocab import REFUSED, Outcome


class IngestError(Exception):
    """A file that will not become an article.

    ``status`` is :attr:`Outcome.SKIPPED` (deliberately not taken: wrong kind of
    file) or :attr:`Outcome.FAILED` (tried and refused: binary, too big,
    unreadable...); the plain strings are accepted too. ``reason`` is
    one short plain line, with any file name already passed through visible().
    """

    def __init__(self, status: str, reason: str) -> None:
        if status not in REFUSED:
            raise ValueError(f"unknown status {status!r}")
        super().__init__(reason)
        self.status = Outcome(status)
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # Keep the two fields when the error crosses a process boundary.
        return (type(self), (self.status, self.reason))
