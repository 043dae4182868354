"""The terminal interface: the app and its widgets (Textual)."""

from reader.ui.app import ReaderApp, run_app

__all__ = ["ReaderApp", "run_app"]
