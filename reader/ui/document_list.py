"""The document list: one line per document, drawn with the Line API so 100,000 rows stay instant.

`RowList` is the reusable part (a cursor over rows, scrolling, keys, messages); the name jumper
and the problems view draw their rows with it too. Only visible rows are drawn, each straight into
`Segment`s of plain strings (never markup: titles are untrusted corpus text) in styles worked out
once per style change, so a new filter result repaints well within a frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from math import ceil
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from reader.ui.framed_lines import FramedView


if TYPE_CHECKING:  # only named in annotations: the model loads with the store, off the first screen
    from reader.model import Document, Hit

__all__ = ["RowList", "RowStyles", "DocumentList", "fit", "highlighted", "highlighted_segments", "literal", "set_virtual_size"]

# Control characters are stripped on ingest; this is a second, length-preserving guard so that
# nothing a file holds can ever reach the terminal as an escape sequence.
_CONTROL_TABLE = {code: "\ufffd" for code in [*range(0x00, 0x20), *range(0x7F, 0xA0)]}
_CONTROL_TABLE.update({0x09: " ", 0x0A: " ", 0x0D: " "})  # a row or a wrapped line is one line


def literal(text: str) -> str:
    """`text` with any control character replaced, same length, safe to draw."""
    return text if text.isprintable() else text.translate(_CONTROL_TABLE)


def fit(text: str, width: int) -> tuple[str, int]:
    """`text` cut or padded to exactly `width` cells (an ellipsis marks a cut), and how many of its
    characters show: what Rich's `Text.truncate(width, overflow="ellipsis", pad=True)` draws, without a `Text`."""
    if width <= 0:
        return "", 0
    cells = cell_len(text)
    if cells <= width:
        return text + " " * (width - cells), len(text)
    # Rich cuts a text beyond Latin-1 character by character over its whole length: most of a row's
    # drawing, for a long title. A head with cells to spare cuts the same (no character cluster is
    # wider than two cells), unless zero-width characters leave it short of them.
    head = text[: width + _HEAD_SPARE]
    if len(head) < len(text) and cell_len(head) >= width + _HEAD_SPARE // 2:
        text = head
    kept = set_cell_size(text, width - 1)  # a wide character cut in two becomes spaces
    shown = len(kept)
    while not text.startswith(kept[:shown]):  # those spaces are not the text's own
        shown -= 1
    return kept + "…", shown


_HEAD_SPARE = 8
"""Characters taken beyond the width before cutting; half of them in cells must be there to spare."""


def highlighted_segments(
    text: str, spans: Sequence[tuple[int, int]], width: int, plain: Style, match: Style
) -> list[Segment]:
    """`text` fitted to `width` cells as literal segments, the matched character `spans` in `match`."""
    shown, count = fit(literal(text), width)
    if not spans:
        return [Segment(shown, plain)]
    segments: list[Segment] = []
    position = 0
    for start, end in sorted(spans):
        start, end = max(start, position), min(end, count)
        if start >= end:
            continue
        if start > position:
            segments.append(Segment(shown[position:start], plain))
        segments.append(Segment(shown[start:end], match))
        position = end
    segments.append(Segment(shown[position:], plain))
    return segments


def set_virtual_size(widget: Widget, size: Size) -> None:
    """Set a Line API widget's scrollable size, laying out the screen only when a scrollbar comes or goes.

    Assigning `virtual_size` lays out the whole screen and repaints every widget on it, several times
    the cost of drawing a list. Only a scrollbar appearing or going changes anything but the widget's
    own lines (its width for text); otherwise updating the scrollbar and the scroll bounds is enough.
    """
    if size == widget.virtual_size:
        return
    styles, container = widget.styles, widget.container_size
    if styles.overflow_x != "hidden" or not container.area:  # a horizontal bar, or not laid out yet
        widget.virtual_size = size
        return
    show = {"scroll": True, "hidden": False}.get(styles.overflow_y, size.height > container.height)
    if show != widget.show_vertical_scrollbar:
        widget.virtual_size = size
        return
    widget.set_reactive(Widget.virtual_size, size)
    if show:
        bar = widget.vertical_scrollbar
        if _same_thumb(bar, size.height):  # a new filter result rarely moves the thumb by a cell
            bar.set_reactive(ScrollBar.window_virtual_size, size.height)
        else:
            bar.window_virtual_size = size.height  # a reactive: repaints the bar
    if widget.scroll_y > widget.max_scroll_y:
        widget.scroll_to(y=widget.max_scroll_y, animate=False, immediate=True, force=True)


def _same_thumb(bar: ScrollBar, virtual_height: int) -> bool:
    """Whether `bar` would look the same over `virtual_height` rows: repainting a scrollbar costs
    about as much as drawing a third of the list."""

    def thumb(virtual: int) -> list[Segment]:
        window = bar.window_size if bar.window_size < virtual else 0
        return ScrollBarRender.render_bar(bar.size.height, virtual, window, bar.position).segments

    return thumb(ceil(bar.window_virtual_size)) == thumb(virtual_height)


class RowStyles(NamedTuple):
    """The styles of one kind of row (plain or under the cursor), each already over the row's own."""

    plain: Style
    match: Style
    dim: Style


class RowList(FramedView, can_focus=True):
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
        self.visible_rows = 0
        """How many rows fit, as of the last resize: a plain int, safe to read from a worker thread."""
        self._row_styles: dict[bool, RowStyles] = {}
        """Plain and cursor row styles; worked out from the CSS once per style change, not per line."""
        self._drawn_rows: LRUCache[int, Strip] = LRUCache(256)
        """Rows drawn since the rows, the cursor, the styles or the focus last changed, by index.
        Textual asks for every row whenever any part of the list is repainted (the cursor moved, the
        filter bar changed): a row drawn before is handed back as it was, and stays framed as it was."""

    @property
    def row_count(self) -> int:
        raise NotImplementedError

    def render_row(self, index: int, width: int, styles: RowStyles) -> list[Segment]:
        """The segments of row `index`, exactly `width` cells wide (see `fit`): a new list, the caller's to change."""
        raise NotImplementedError

    def row_styles(self, selected: bool) -> RowStyles:
        styles = self._row_styles.get(selected)
        if styles is None:
            base = self.rich_style  # walks every ancestor's styles: too slow to do per line
            plain = base + self.get_component_rich_style("row-list--cursor") if selected else base
            styles = RowStyles(
                plain,
                plain + self.get_component_rich_style("row-list--match", partial=True),
                plain + self.get_component_rich_style("row-list--dim", partial=True),
            )
            self._row_styles[selected] = styles
        return styles

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._row_styles.clear()  # a theme, focus or class change: work the styles out again
        self._drawn_rows.clear()

    def on_focus(self) -> None:
        self._drawn_rows.clear()  # the cursor's marker shows where keys act

    def on_blur(self) -> None:
        self._drawn_rows.clear()

    # -- state ------------------------------------------------------------------------------

    def rows_changed(self, cursor: int = 0, *, announce: bool = True) -> None:
        """Call after the rows were replaced: resizes, moves the cursor, repaints at once."""
        self._drawn_rows.clear()
        self.cursor = max(0, min(cursor, self.row_count - 1))
        set_virtual_size(self, Size(self.size.width, self.row_count))
        self._scroll_cursor_into_view(center=True)
        # The rows alone: with them, the borders and the scrollbar would go to the terminal again.
        rows = self.scrollable_content_region
        self.refresh(Region(0, 0, rows.width, rows.height))
        if announce:
            self.post_message(self.Highlighted(self, self.cursor))

    def show_message(self, message: str | None) -> None:
        previous, self.message = self.message, message
        if message == previous:
            return
        if previous is not None and message is not None:
            # Its lines alone, not the whole list: a load's count moves on four times a second.
            lines = max(len(previous.splitlines()), len(message.splitlines()))
            self.refresh(Region(0, 0, self.scrollable_content_region.width, lines))
        else:
            self.refresh()

    def move_cursor(self, index: int) -> None:
        if not self.row_count:
            return
        index = max(0, min(index, self.row_count - 1))
        if index == self.cursor:
            return
        previous, self.cursor = self.cursor, index
        self._drawn_rows.discard(previous)
        self._drawn_rows.discard(index)
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
        self.visible_rows = self.scrollable_content_region.height
        set_virtual_size(self, Size(event.size.width, self.row_count))

    # -- drawing ----------------------------------------------------------------------------

    def content_line(self, y: int, width: int) -> Strip:
        if self.message is not None:
            base = self.rich_style
            lines = self.message.splitlines()
            if y >= len(lines):  # most of the list while it loads: no text to lay out
                return Strip.blank(width, base)
            text = Text(literal(lines[y]), style=self.get_component_rich_style("row-list--dim"))
            return _strip(text, width, base, self.app.console)
        index = round(self.scroll_y) + y
        drawn = self._drawn_rows.get(index)
        if drawn is not None and drawn.cell_length == width:
            return drawn
        strip = self._row_line(index, width)
        self._drawn_rows[index] = strip
        return strip

    def _row_line(self, index: int, width: int) -> Strip:
        if index >= self.row_count:
            return Strip.blank(width, self.row_styles(False).plain)
        selected = index == self.cursor
        styles = self.row_styles(selected)
        # The marker shows the cursor without colour; a full bar where keys act on this list.
        marker = ("▌" if self.has_focus or not self.can_focus else "▏") if selected else " "
        segments = self.render_row(index, max(1, width - 1), styles)
        # One piece per style where it costs nothing: each piece reaches the terminal as a style, its
        # text and a reset (most of what a keystroke sends over SSH).
        if segments and segments[0].style is styles.plain:
            segments[0] = Segment(marker + segments[0].text, styles.plain)
        else:
            segments.insert(0, Segment(marker, styles.plain))
        strip = Strip(segments)
        return strip if strip.cell_length == width else strip.crop_extend(0, width, styles.plain)


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


RANK_AHEAD_AFTER = 0.3
"""Seconds a filter's hits stay on screen, untouched, before the rest of them are ranked."""
RANK_AHEAD_SLICE = 1024
"""Hits ranked at a time meanwhile: a few milliseconds, all a key pressed then waits for."""


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
        self._state: str | None = None
        self._ranking_ahead: Timer | None = None

    def show_state(self, state: str | None) -> None:
        """Say `state` ("indexing names…") in the border beside "Documents", or alone where the two
        do not fit (at 80 columns the border has room for 26 characters); None: "Documents" alone."""
        self._state = state
        self._title()

    def on_resize(self, event: events.Resize) -> None:
        super().on_resize(event)
        self._title()

    def _title(self) -> None:
        title = "Documents"
        if self._state is not None:
            title = f"{title} · {self._state}"
            if len(title) + 4 > self.size.width:  # the corners and a space each side
                title = self._state[:1].upper() + self._state[1:]
        self._border_text(title, top=True)  # the names' progress moves it on while they are indexed

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
        keep_index: int | None = None,
        announce: bool = True,
    ) -> None:
        """Show `documents` (the `hits` when filtering); keep the cursor on id `keep` if given
        (`keep_index`, where the caller knows it, saves a search for it). `announce`: post
        `Highlighted` for the cursor's row, as a move would."""
        self.documents = documents
        self.hits = hits
        self.total = len(documents) if total is None else total
        self.message = None if documents else "No document matches."
        cursor = 0
        if keep is not None:
            cursor = self.index_of(keep, keep_index) or 0
        count = f"{len(documents)}/{self.total}"
        self._border_text(count, top=False)
        self.rows_changed(cursor, announce=announce)
        self._rank_ahead_later(hits)

    def _rank_ahead_later(self, hits: Sequence[Hit] | None) -> None:
        """Rank a filter's remaining hits in slices once the result has been looked at a moment:
        the last row (`G`) of 30,000 hits took 120 ms to rank when asked for."""
        if self._ranking_ahead is not None:
            self._ranking_ahead.stop()
            self._ranking_ahead = None
        if hits is not None and hasattr(hits, "rank_ahead") and self.is_mounted:
            self._ranking_ahead = self.set_timer(RANK_AHEAD_AFTER, partial(self._rank_slice, hits))

    def _rank_slice(self, hits: Sequence[Hit]) -> None:
        self._ranking_ahead = None
        if hits is self.hits and not hits.rank_ahead(RANK_AHEAD_SLICE):  # type: ignore[attr-defined]
            # A timer, not a loop: a key pressed meanwhile is handled between two slices.
            self._ranking_ahead = self.set_timer(0.005, partial(self._rank_slice, hits))

    def _border_text(self, text: str, *, top: bool) -> None:
        """`text` in the top border (the title) or the bottom one (the count), repainting that line
        alone: Textual's setters repaint the whole list, whose borders and scrollbar then go to the
        terminal again on every keystroke."""
        if not self.is_mounted:
            setattr(self, "border_title" if top else "border_subtitle", text)
            return
        attribute = "_border_title" if top else "_border_subtitle"
        shown = getattr(self, attribute)
        if shown is not None and shown.plain == text:
            return
        setattr(self, attribute, Content(text))  # what the setter keeps (Textual 8), without its repaint
        offset = self.content_offset  # the region is in content coordinates; the border lies outside
        y = 0 if top else self.outer_size.height - 1
        self.refresh(Region(-offset.x, y - offset.y, self.outer_size.width, 1))

    def index_of(self, document_id: str, likely: int | None = None) -> int | None:
        """Where the document is in the list, or None; `likely`: its place in display order, which
        is where it is in a list not filtered, and tells a filter's hits where they rank it."""
        documents = self.documents
        # The cursor may still be the last list's, past the end of this one (`set_documents`).
        if self.cursor < len(documents) and documents[self.cursor].id == document_id:
            return self.cursor  # the usual case; a search would rank every hit of a lazy result
        if likely is not None:
            position_of = getattr(self.hits, "position_of", None)
            if position_of is not None:  # a filter's hits: where it ranks that document, if it is one
                position = position_of(likely)
                if position is None or documents[position].id == document_id:
                    return position
            elif 0 <= likely < len(documents) and documents[likely].id == document_id:
                return likely  # no search through 100,000 documents for a name's next mention
        return next((i for i, document in enumerate(documents) if document.id == document_id), None)

    def render_row(self, index: int, width: int, styles: RowStyles) -> list[Segment]:
        document = self.documents[index]
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
        segments = highlighted_segments(document.title, spans, title_width, styles.plain, styles.match)
        if columns:
            segments.append(Segment("".join([fit(" " + literal(value), size + 1)[0] for value, size in columns]), styles.dim))
        return segments
