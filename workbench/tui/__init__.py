"""The review app: keyboard-driven claim triage in the terminal (Textual).

Only this package imports Textual, and only the screens, widgets and app.py
do: the session (session.py), the poller (sync.py) and the writer thread
(writer.py) are plain Python over :class:`workbench.store.Store`, through
which every read and every decision goes.
"""
