"""The filter bar: an input whose every change narrows the document list.

Searching runs off the input path, one search at a time, always for the latest query: keystrokes
typed during a slow search coalesce into one. The worker also ranks the rows a screen shows, so the
result arrives ready to draw. It travels as a `Results` message, and the app applies it only if its
query is still what the bar holds, so a stale result never shows.

While a search runs the screen is held back (at most `HOLD_SECONDS`), so the typed character and
the list it selects appear in one frame: the query is never shown over the list of another. It also
keeps the list from waiting for Textual's frame pacing: Textual draws at most one frame per 1/60 s,
and the frame after one drawn on its own waits one to two periods (17 to 33 ms), so a frame spent on
the character alone would push the list back. At 100k documents a search takes 10 to 45 ms, so the
character then shows that much later, with its list; only a search slower than the hold shows it
alone first.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ScreenStackError
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


if TYPE_CHECKING:  # only named in annotations: the model loads with the store, off the first screen
    from reader.model import Hit

__all__ = ["FilterBar", "OrderedInput"]

Search = Callable[[str], Sequence["Hit"]]

HOLD_SECONDS = 0.1
"""The longest the screen waits for a search before showing the typed character anyway: the most a
keystroke's search may take at 100k documents (issue 4), so that only a slower one is ever seen
typed ahead of its list."""


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
        self._rows: Callable[[], int] = lambda: 0
        self._held: ExitStack | None = None
        self._search_lock = threading.Lock()
        self._wanted_lock = threading.Lock()
        self._wanted = ""
        self._round = 0
        """Bumped when the same query must be searched again (the search itself changed)."""
        self._searching = False

    @property
    def content_width(self) -> int:
        # Input sizes its scrollable width to the text, and a new size lays out the whole screen on
        # every keystroke; at least as wide as the box, the size changes only for a text that overflows.
        return max(super().content_width, self.scrollable_content_region.width)

    def use(self, search: Search, rows: Callable[[], int] | None = None) -> None:
        """Search with `search` from now on (once the store is loaded); rank the first `rows()` hits
        in the search's thread (a plain int: it is read from a worker thread)."""
        self._search = search
        if rows is not None:
            self._rows = rows

    def search_now(self, query: str) -> Sequence[Hit]:
        """Search in the caller's thread, one search at a time: the store's filter narrows from its
        previous query, so it keeps state that two threads must not share. The hits a screen shows
        are ranked and built here too, off the thread that draws them."""
        assert self._search is not None
        with self._search_lock:
            hits = self._search(query)
            hits[: self._rows()]
            return hits

    def release_screen(self, held: ExitStack | None = None) -> None:
        """Let the screen draw again: the result is in (or, from the timer, hold `held` lasted long enough)."""
        if self._held is None or (held is not None and held is not self._held):
            return
        self._held.close()
        self._held = None
        try:
            screen = self.app.screen
        except ScreenStackError:  # closing
            return
        screen.check_idle()  # what was refreshed while held is drawn now

    def _hold_screen(self) -> None:
        if self._held is None and self.is_attached:
            held = self._held = ExitStack()
            held.enter_context(self.app.batch_update())
            self.set_timer(HOLD_SECONDS, lambda: self.release_screen(held))

    def on_unmount(self) -> None:
        self.release_screen()

    @on(Input.Changed)
    def _narrow(self, event: Input.Changed) -> None:
        self._search_for(event.value)

    def search_again(self) -> None:
        """Search the query shown once more: the search changed (the store or its names arrived)."""
        if self.value:
            self._search_for(self.value, again=True)

    def _search_for(self, query: str, *, again: bool = False) -> None:
        if self._search is None:
            return
        with self._wanted_lock:
            self._wanted = query
            self._round += again  # a search under way for the same query is then not the latest
            start, self._searching = not self._searching, True
        self._hold_screen()
        if start:
            self._search_latest()

    @work(thread=True, group="filter")
    def _search_latest(self) -> None:
        """Search for the latest query until none is newer."""
        while True:
            with self._wanted_lock:
                query, round_ = self._wanted, self._round
            hits = self.search_now(query)
            # Straight to the app, which applies it: bubbling up from the bar would wait a turn of the
            # bar's and the screen's queues too. The sender is set by hand: in a worker thread the
            # current context is not this bar, and `@on(..., "#filter")` matches on it.
            self.app.post_message(self.Results(self, query, hits).set_sender(self))
            with self._wanted_lock:
                if self._wanted == query and self._round == round_:
                    self._searching = False
                    return
