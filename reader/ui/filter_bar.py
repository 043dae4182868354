"""The filter bar: an input whose every change narrows the document list.

The bar only reports; the app runs the filter off the input path and applies a result only if
its query is still what the bar holds, so typing is never blocked and a stale result never shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

__all__ = ["FilterBar"]


class FilterBar(Input):
    """`/` focuses it; `Enter` opens the top hit; `Esc` clears it and returns to the list."""

    BINDINGS = [
        Binding("escape", "clear", "Clear filter"),
        Binding("down", "move(1)", "Next hit", show=False),
        Binding("up", "move(-1)", "Previous hit", show=False),
    ]

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

    def action_clear(self) -> None:
        self.value = ""
        self.post_message(self.Cleared(self))

    def action_move(self, step: int) -> None:
        self.post_message(self.Move(self, step))
