"""The terminal interface: the app and its widgets (Textual)."""

from reader.ui.app import ReaderApp

__all__ = ["ReaderApp"]
