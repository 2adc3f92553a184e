"""The review app: keyboard-driven claim triage in the terminal (Textual).

Only this package imports Textual. It is a thin shell over
:class:`workbench.store.Store`: every read and every decision goes through it.
"""
