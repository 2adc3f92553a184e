"""The review app: keyboard-driven claim triage in the terminal (Textual).

Only this package imports Textual. Its model is plain Python, tested without
Pilot: the session (session.py: decisions in flight, undo, caches), the poller
(sync.py) and the writer thread (writer.py), over :class:`workbench.store.Store`,
through which every read and every decision goes.
"""
