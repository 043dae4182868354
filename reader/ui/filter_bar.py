"""The filter bar: an input whose every change narrows the document list.

Searching runs off the input path, one search at a time, always for the latest query: keystrokes
typed during a slow search coalesce into one. The result travels as a `Results` message, and the
app applies it only if its query is still what the bar holds, so a stale result never shows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from reader.model import Hit

__all__ = ["FilterBar"]

Search = Callable[[str], Sequence[Hit]]


class FilterBar(Input):
    """`/` focuses it; `Enter` opens the top hit; `Esc` clears it and returns to the list."""

    BINDINGS = [
        Binding("escape", "clear", "Clear filter"),
        Binding("down", "move(1)", "Next hit", show=False),
        Binding("up", "move(-1)", "Previous hit", show=False),
    ]

    @dataclass
    class Results(Message):
        bar: FilterBar
        query: str
        hits: Sequence[Hit]

        @property
        def control(self) -> FilterBar:
            return self.bar

    @dataclass
    class Cleared(Message):
        bar: FilterBar

        @property
        def control(self) -> FilterBar:
            return self.bar

    @dataclass
    class Move(Message):
        """Arrow keys in the bar move the list's cursor, as in fzf."""

        bar: FilterBar
        step: int

        @property
        def control(self) -> FilterBar:
            return self.bar

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="/ to filter by title, source, language or name",
            id=id,
            select_on_focus=False,
        )
        self.cursor_blink = False  # a blinking cursor repaints twice a second over SSH for nothing
        self._search: Search | None = None
        self._search_lock = threading.Lock()
        self._wanted_lock = threading.Lock()
        self._wanted = ""
        self._searching = False

    def use(self, search: Search) -> None:
        """Search with `search` from now on (once the store is loaded)."""
        self._search = search

    def search_now(self, query: str) -> Sequence[Hit]:
        """Search in the caller's thread, one search at a time: the store's filter narrows from its
        previous query, so it keeps state that two threads must not share."""
        assert self._search is not None
        with self._search_lock:
            return self._search(query)

    @on(Input.Changed)
    def _narrow(self, event: Input.Changed) -> None:
        if self._search is None:
            return
        with self._wanted_lock:
            self._wanted = event.value
            start, self._searching = not self._searching, True
        if start:
            self._search_latest()

    @work(thread=True, group="filter")
    def _search_latest(self) -> None:
        """Search for the latest query until none is newer."""
        while True:
            with self._wanted_lock:
                query = self._wanted
            hits = self.search_now(query)
            # A message's sender comes from the current context, which in a worker thread is not this
            # bar; with a wrong sender it would stop bubbling short of the app.
            self.post_message(self.Results(self, query, hits).set_sender(self))
            with self._wanted_lock:
                if self._wanted == query:
                    self._searching = False
                    return

    def action_clear(self) -> None:
        self.value = ""
        self.post_message(self.Cleared(self))

    def action_move(self, step: int) -> None:
        self.post_message(self.Move(self, step))
