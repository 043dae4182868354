"""Where every key binding of the reader is gathered: the one source of the `?` help and the README."""

from __future__ import annotations

from textual.binding import Binding

from reader.ui.app import ReaderApp
from reader.ui.document_list import DocumentList
from reader.ui.filter_bar import FilterBar
from reader.ui.help_screen import HelpScreen
from reader.ui.name_jumper import NameJumper
from reader.ui.reading_pane import ReadingPane

__all__ = ["help_sections"]


def help_sections() -> list[tuple[str, list]]:
    """Every key binding of the reader, by where it works: the one source of the `?` help and README."""
    sections = [
        ("Anywhere", ReaderApp),
        ("Document list", DocumentList),
        ("Reading pane", ReadingPane),
        ("Filter bar", FilterBar),
        ("Name jumper", NameJumper),
        ("Dialogs", HelpScreen),
    ]
    return [(title, _own_bindings(widget)) for title, widget in sections]


def _own_bindings(widget: type) -> list:
    """The bindings a class and its parents in this package declare (Textual's own have none to show)."""
    by_key: dict[str, Binding] = {}
    for klass in reversed(widget.__mro__):
        if klass.__module__.startswith("reader.") and "BINDINGS" in vars(klass):
            # A subclass's binding for a key replaces its parent's, as it does when Textual runs it.
            by_key.update((binding.key, binding) for binding in Binding.make_bindings(vars(klass)["BINDINGS"]))
    return list(by_key.values())
