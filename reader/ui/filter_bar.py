"""The filter bar: an input whose every change narrows the document list.

Searching runs off the input path, one search at a time, always for the latest query: keystrokes
typed during a slow search coalesce into one. The result travels as a `Results` message, and the
app applies it only if its query is still what the bar holds, so a stale result never shows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


if TYPE_CHECKING:  # only named in annotations: the model loads with the store, off the first screen
    from reader.model import Hit

__all__ = ["FilterBar", "OrderedInput"]

Search = Callable[[str], Sequence["Hit"]]


class OrderedInput(Input):
    """An input that keeps keys in order across a change of focus.

    Textual hands each key to the widget focused when the key is read, and runs an ordinary binding
    only after the key has come back up to the app; by then an input has typed the keys behind it.
    Here a bound key acts at once, in order with the typing, and a key that arrives after the focus
    moved on (typed ahead, or one SSH packet) is handed back to the app, which sends it on.
    """

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls._ordered_keys = {binding.key: binding.action for binding in Binding.make_bindings(cls.BINDINGS)}

    async def on_key(self, event: events.Key) -> None:
        if self.app.focused is not self:
            event.prevent_default()
            event.stop()
            self.app.post_message(events.Key(event.key, event.character))
        elif (action := self._ordered_keys.get(event.key)) is not None:
            event.prevent_default()
            event.stop()
            await self.run_action(action)


class FilterBar(OrderedInput):
    """`/` focuses it; `Enter` opens the top hit; `Esc` clears it and returns to the list."""

    BINDINGS = [
        Binding("enter", "app.open_top_hit", "Open the top hit"),
        Binding("escape", "app.clear_filter", "Clear filter"),
        Binding("down", "app.move_list(1)", "Next hit", show=False),
        Binding("up", "app.move_list(-1)", "Previous hit", show=False),
    ]

    @dataclass
    class Results(Message):
        bar: FilterBar
        query: str
        hits: Sequence[Hit]

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
