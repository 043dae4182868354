"""The name jumper (`@`): a fuzzy list of people and organisations, with kind and mention counts.

Matching runs in a worker thread; a result is applied only if its query is still in the input.
The screen returns the chosen `Name` (or None) to the app, which walks its mentions.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from operator import attrgetter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.segment import Segment
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.ui.document_list import RowList, RowStyles, fit, highlighted_segments
from reader.ui.filter_bar import OrderedInput

if TYPE_CHECKING:  # only named in annotations: the model loads with the store, off the first screen
    from reader.model import Mention, Name, NameMatch

__all__ = ["NameJumper", "NameList", "NameWalk"]

Matcher = Callable[[str], "list[NameMatch]"]
Place = tuple[int, int, int]
"""A position in the corpus in reading order: (document order, field index, offset)."""
_PLACE = attrgetter("order", "field_index", "start")


@dataclass
class NameWalk:
    """The mentions of one name, walked with n/N; wraps around at either end."""

    name: Name
    mentions: Sequence[Mention]
    """In reading order; may make each mention as it is read (`Store.walk`)."""
    index: int = 0

    @classmethod
    def starting_at(cls, name: Name, mentions: Sequence[Mention], here: Place) -> NameWalk:
        """The walk from the first mention at or after `here` (the first one if none is)."""
        index = bisect_left(mentions, here, key=_PLACE)
        return cls(name, mentions, index if index < len(mentions) else 0)

    @property
    def mention(self) -> Mention:
        return self.mentions[self.index]

    def step(self, step: int) -> bool:
        """Move by `step`; True when it wrapped around."""
        index = self.index + step
        self.index = index % len(self.mentions)
        return not 0 <= index < len(self.mentions)

    @property
    def label(self) -> str:
        return f"{self.name.name} {self.index + 1}/{len(self.mentions)}"


def _no_names(query: str) -> list[NameMatch]:
    return []


class NameList(RowList, can_focus=False):
    """One row per name: the name (matched characters highlighted), kind, mentions, documents."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.matches: list[NameMatch] = []

    @property
    def row_count(self) -> int:
        return len(self.matches)

    @property
    def current(self) -> Name | None:
        return self.matches[self.cursor].name if self.matches else None

    def set_matches(self, matches: list[NameMatch]) -> None:
        self.matches = matches
        self.message = None if matches else "No name matches."
        self.rows_changed(0)

    def render_row(self, index: int, width: int, styles: RowStyles) -> list[Segment]:
        match = self.matches[index]
        name = match.name
        # Thousands grouped: a big corpus's names run to tens of thousands of mentions.
        documents = name.documents
        counts = (f" {'org' if name.kind == 'organisation' else name.kind:<6} {name.mention_count:>6,} in {documents:>5,}"
                  f" {'doc ' if documents == 1 else 'docs'}")
        if width < 40:
            counts = f" {name.mention_count:>5,}"
        counts_width = min(len(counts), width - 1)
        label = highlighted_segments(name.name, match.spans, width - counts_width, styles.plain, styles.match)
        return [*label, Segment(fit(counts, counts_width)[0], styles.dim)]


class JumperInput(OrderedInput):
    BINDINGS = [Binding("enter", "screen.choose", "Jump to the name")]

    def on_mount(self) -> None:
        self.cursor_blink = False


class NameJumper(ModalScreen["Name | None"]):
    """Type to narrow; `Enter` jumps to the highlighted name; `Esc` goes back."""

    @dataclass
    class MatchesReady(Message):
        query: str
        matches: list[NameMatch]

    BINDINGS = [
        Binding("escape", "dismiss_none", "Close"),
        Binding("down", "move(1)", "Next name", show=False),
        Binding("up", "move(-1)", "Previous name", show=False),
        Binding("pagedown", "move(10)", "Page down", show=False),
        Binding("pageup", "move(-10)", "Page up", show=False),
    ]

    def __init__(self, matcher: Matcher, query: str = "", *, updating: bool = False) -> None:
        """`updating`: the names are an earlier start's, while those of the corpus as it is now are
        indexed (a corpus grown since)."""
        super().__init__()
        self.matcher = matcher
        self.initial_query = query
        self.updating = updating
        self._shown_query: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="jumper"):
            title = "Jump to a name: Enter opens its first mention from here on"
            if self.updating:
                title += "\nNames as of the last start; new and changed articles are being indexed"
            yield Static(title, id="jumper-title", markup=False)
            yield JumperInput(value=self.initial_query, placeholder="Type a name: sutskvr, altman…", id="jumper-input")
            yield NameList(id="jumper-list")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))
        self._start()

    def let_go(self) -> None:
        """No longer match nor list the names it was made for: it is closed for good, and the
        screen may outlive this in a reference cycle, where it kept a replaced store's names."""
        self.matcher = _no_names
        if self.is_mounted:
            self.query_one(NameList).set_matches([])

    def open_again(self) -> None:
        """As new: the app keeps the jumper while the names stay the same, and calls this before it
        shows it once more (not on every resume: a palette opened over it must find it as it was)."""
        self._start()

    def _start(self) -> None:
        search = self.query_one(Input)
        self._shown_query = None
        search.value = self.initial_query
        search.cursor_position = len(self.initial_query)
        if not self.initial_query:
            # Every name by mentions: a few milliseconds, so the first frame has them, where a
            # worker's result came after it and redrew the box twice more.
            self._apply("", self.matcher(""))
            return
        self.query_one(NameList).show_message("Matching…")
        self.match(self.initial_query)

    def on_key(self, event: events.Key) -> None:
        """Keys typed right after `@` can reach the screen before the input has the focus: hand them
        over. (A character the input received never gets here: the input keeps it.)"""
        search = self.query_one(Input)
        if event.is_printable and event.character:
            search.insert_text_at_cursor(event.character)
        elif event.key == "backspace":
            search.action_delete_left()
        elif event.key == "enter":
            self.action_choose()
        else:
            return
        event.stop()
        self.set_focus(search)

    @on(Input.Changed, "#jumper-input")
    def _changed(self, event: Input.Changed) -> None:
        if event.value != self._shown_query:  # not the query just shown (`_start` sets it)
            self.match(event.value)

    @work(thread=True, exclusive=True, group="names")
    def match(self, query: str) -> None:
        self.post_message(self.MatchesReady(query, self.matcher(query)))

    @on(MatchesReady)
    def _matches_ready(self, message: MatchesReady) -> None:
        self._apply(message.query, message.matches)

    def _apply(self, query: str, matches: list[NameMatch]) -> None:
        if self.query_one(Input).value != query:
            return  # a newer query is on its way; never show a stale result
        self.query_one(NameList).set_matches(matches)
        self._shown_query = query

    def action_choose(self) -> None:
        query = self.query_one(Input).value
        names = self.query_one(NameList)
        if self._shown_query != query:
            # Enter came before the matches for the last keystroke: match now, jump to the best.
            names.set_matches(self.matcher(query))
            self._shown_query = query
        if names.current is not None:
            self.dismiss(names.current)

    @on(NameList.Selected)
    def _selected(self) -> None:
        self.dismiss(self.query_one(NameList).current)

    def action_move(self, step: int) -> None:
        names = self.query_one(NameList)
        names.move_cursor(names.cursor + step)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
