"""The document list: one line per document, drawn with the Line API so 100,000 rows stay instant.

`RowList` is the reusable part (a cursor over rows, scrolling, keys, messages); the name jumper
and the problems view draw their rows with it too. Rows are rendered only when visible, from
Rich `Text` built with `Text(...)`, never from markup: titles are untrusted corpus text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip


if TYPE_CHECKING:  # only named in annotations: the model loads with the store, off the first screen
    from reader.model import Document, Hit

__all__ = ["RowList", "DocumentList", "literal"]

# Control characters are stripped on ingest; this is a second, length-preserving guard so that
# nothing a file holds can ever reach the terminal as an escape sequence.
_CONTROL_TABLE = {code: "\ufffd" for code in [*range(0x00, 0x20), *range(0x7F, 0xA0)]}
_CONTROL_TABLE.update({0x09: " ", 0x0A: " ", 0x0D: " "})  # a row or a wrapped line is one line


def literal(text: str) -> str:
    """`text` with any control character replaced, same length, safe to draw."""
    return text if text.isprintable() else text.translate(_CONTROL_TABLE)


class RowList(ScrollView, can_focus=True):
    """A cursor over `row_count` rows; subclasses draw each row in `render_row`."""

    COMPONENT_CLASSES = {"row-list--cursor", "row-list--match", "row-list--dim"}

    BINDINGS = [
        Binding("j,down", "cursor_down", "Next row", show=False),
        Binding("k,up", "cursor_up", "Previous row", show=False),
        Binding("g,home", "first", "First row", show=False),
        Binding("G,end", "last", "Last row", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("enter", "select", "Open"),
    ]

    @dataclass
    class Highlighted(Message):
        row_list: RowList
        index: int

        @property
        def control(self) -> RowList:
            return self.row_list

    @dataclass
    class Selected(Message):
        row_list: RowList
        index: int

        @property
        def control(self) -> RowList:
            return self.row_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.cursor = 0
        self.message: str | None = None
        """Shown instead of rows (e.g. while loading, or when nothing matches)."""

    @property
    def row_count(self) -> int:
        raise NotImplementedError

    def render_row(self, index: int, width: int, base: Style) -> Text:
        raise NotImplementedError

    # -- state ------------------------------------------------------------------------------

    def rows_changed(self, cursor: int = 0) -> None:
        """Call after the rows were replaced: resizes, moves the cursor, repaints at once."""
        self.cursor = max(0, min(cursor, self.row_count - 1))
        self.virtual_size = Size(self.size.width, self.row_count)
        self._scroll_cursor_into_view(center=True)
        self.refresh()
        self.post_message(self.Highlighted(self, self.cursor))

    def show_message(self, message: str | None) -> None:
        self.message = message
        self.refresh()

    def move_cursor(self, index: int) -> None:
        if not self.row_count:
            return
        index = max(0, min(index, self.row_count - 1))
        if index == self.cursor:
            return
        previous, self.cursor = self.cursor, index
        self.refresh_line(previous)
        self.refresh_line(index)
        self._scroll_cursor_into_view()
        self.post_message(self.Highlighted(self, index))

    def _scroll_cursor_into_view(self, center: bool = False) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        if center and not top <= self.cursor < top + height:
            self.scroll_to(y=max(0, self.cursor - height // 2), animate=False, immediate=True, force=True)
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True, force=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True, force=True)

    # -- actions ----------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(self.row_count - 1)

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_select(self) -> None:
        if self.row_count:
            self.post_message(self.Selected(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        index = round(self.scroll_y) + event.y
        if 0 <= index < self.row_count:
            self.move_cursor(index)
            if event.chain > 1:
                self.action_select()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.row_count)

    # -- drawing ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if self.message is not None:
            lines = self.message.splitlines()
            text = Text(literal(lines[y]) if y < len(lines) else "", style=self.get_component_rich_style("row-list--dim"))
            return _strip(text, width, base, self.app.console)
        index = round(self.scroll_y) + y
        if index >= self.row_count:
            return Strip.blank(width, base)
        selected = index == self.cursor
        row_style = base + self.get_component_rich_style("row-list--cursor") if selected else base
        # The marker shows the cursor without colour; a full bar where keys act on this list.
        active = self.has_focus or not self.can_focus
        marker = Text("▌" if selected and active else "▏" if selected else " ", style=row_style)
        text = Text.assemble(marker, self.render_row(index, max(1, width - 1), row_style))
        return _strip(text, width, row_style, self.app.console)


def _strip(text: Text, width: int, style: Style, console) -> Strip:
    text.truncate(width, overflow="ellipsis", pad=True)
    segments = [Segment(seg.text, style + seg.style if seg.style else style) for seg in text.render(console)]
    return Strip(segments).crop_extend(0, width, style)


def highlighted(text: str, spans: Sequence[tuple[int, int]], match: Style) -> Text:
    """`text` as literal Rich text, with the matched `spans` styled."""
    rich = Text(literal(text), no_wrap=True)
    for start, end in spans:
        rich.stylize(match, start, end)
    return rich


class DocumentList(RowList):
    """Title, date, source and language of each document; matched characters highlighted."""

    # Opening runs as the key is read (not via a message), so keys typed right after it reach the pane.
    BINDINGS = [Binding("enter", "app.open_selected", "Open")]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.documents: Sequence[Document] = []
        self.hits: Sequence[Hit] | None = None
        """While filtering: the hits, whose title spans are computed only for rows drawn."""
        self.total = 0

    @property
    def row_count(self) -> int:
        return len(self.documents)

    @property
    def current(self) -> Document | None:
        return self.documents[self.cursor] if self.documents else None

    def set_documents(
        self,
        documents: Sequence[Document],
        hits: Sequence[Hit] | None = None,
        *,
        total: int | None = None,
        keep: str | None = None,
    ) -> None:
        """Show `documents` (the `hits` when filtering); keep the cursor on id `keep` if given."""
        self.documents = documents
        self.hits = hits
        self.total = len(documents) if total is None else total
        self.message = None if documents else "No document matches."
        cursor = 0
        if keep is not None:
            cursor = self.index_of(keep) or 0
        self.border_subtitle = f"{len(documents)}/{self.total}"
        self.rows_changed(cursor)

    def index_of(self, document_id: str) -> int | None:
        current = self.current
        if current is not None and current.id == document_id:
            return self.cursor  # the usual case; a search would rank every hit of a lazy result
        return next((i for i, document in enumerate(self.documents) if document.id == document_id), None)

    def render_row(self, index: int, width: int, base: Style) -> Text:
        document = self.documents[index]
        dim = self.get_component_rich_style("row-list--dim", partial=True)
        match = self.get_component_rich_style("row-list--match", partial=True)
        # Columns give way to the title as the list narrows: source first, then the day of the date.
        columns: list[tuple[str, int]] = []
        if width >= 72:
            columns.append((document.source or "", min(18, width // 5)))
        if width >= 24:
            date_width = 10 if width >= 48 else 7
            columns.append(((document.date or "")[:date_width], date_width))
            columns.append(((document.language or "").upper()[:2], 2))
        title_width = max(1, width - sum(size + 1 for _, size in columns))
        spans = self.hits[index].title_spans if self.hits is not None else ()
        title = highlighted(document.title, spans, match)
        title.truncate(title_width, overflow="ellipsis", pad=True)
        parts = [title]
        for value, size in columns:
            cell = Text(" " + literal(value), style=dim, no_wrap=True)
            cell.truncate(size + 1, overflow="ellipsis", pad=True)
            parts.append(cell)
        return Text.assemble(*parts, style=base)
