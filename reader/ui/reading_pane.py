"""The reading pane: a document laid out in lines of a readable width, drawn with the Line API.

Layout is a pure function (`layout_document`) from a document to `Line`s, each remembering which
field of the document it shows and from which character offset. That mapping is what lets a name
mention `(field, start, end)` be marked, highlighted and scrolled into view, and what lets a
position survive reflowing at another width (an `Anchor`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, repeat
from operator import add, itemgetter, sub
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from reader.plural import counted
from reader.state import Anchor
from reader.ui.document_list import literal, set_virtual_size
from reader.ui.framed_lines import FramedView

if TYPE_CHECKING:  # only named in annotations: the model loads with the store, off the first screen
    from reader.model import Document

__all__ = ["Line", "Marks", "ReadingPane", "layout_document", "wrap"]

MAX_COLUMN = 78
"""Paragraphs wrap at this many cells at most: long lines are hard to read."""
NAMES_SHOWN = 10

_WORD = re.compile(r"\S+")
_START, _END = itemgetter(0), itemgetter(1)
_SPAN = re.Match.span
_LANGUAGES = {"en": "English", "nl": "Dutch", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian"}


class Line(NamedTuple):
    """One laid-out line: `text` is `field`'s text from offset `start`, drawn in style `role`."""

    text: str
    role: str
    field: str | None = None
    start: int = 0

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


# Characters one terminal cell wide each (Latin, Greek, Cyrillic, typographic punctuation): text made
# only of these wraps by character count, with one regex at C speed (a 5 MB article in ~0.1 s).
_SINGLE_CELLS = re.compile("[\x20-\x7e\xa0-\xac\xae-\u02ff\u0370-\u0482\u2010-\u2027\u2030-\u205e\u20a0-\u20bf]*")


@lru_cache(maxsize=32)
def _line_pattern(width: int) -> re.Pattern[str]:
    # The longest run that starts and ends a word within `width`; else `width` characters of a long word.
    if width == 1:
        return re.compile(r"\S")
    return re.compile(r"\S(?:.{0,%d}\S)?(?=\s|\Z)|\S{1,%d}" % (width - 2, width))


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap: `(start, end)` slices of `text` that fit in `width` terminal cells."""
    width = max(1, width)
    if _SINGLE_CELLS.fullmatch(text):
        return list(map(_SPAN, _line_pattern(width).finditer(text)))  # spans made in C
    spans: list[tuple[int, int]] = []
    start = end = -1
    used = 0
    for match in _WORD.finditer(text):
        word_start, word_end = match.span()
        size = _width(match.group())
        if start >= 0:
            if used + 1 + size <= width:
                used += 1 + size
                end = word_end
                continue
            spans.append((start, end))
        while size > width:  # a word longer than the line is cut, cell by cell
            cells = cut = 0
            for cut, char in enumerate(text[word_start:word_end]):
                cells += get_character_cell_size(char)
                if cells > width:
                    break
            cut = max(1, cut)
            spans.append((word_start, word_start + cut))
            word_start += cut
            size = _width(text[word_start:word_end])
        start, end, used = word_start, word_end, size
    if start >= 0:
        spans.append((start, end))
    return spans


def _wrapped(text: str, width: int, role: str, field: str | None = None, offset: int = 0) -> list[Line]:
    spans = wrap(text, width)
    starts = list(map(_START, spans))
    # Each `Line` made in C (`tuple.__new__`, as `Line._make` does): a 5 MB paragraph is 60,000 lines.
    texts = map(text.__getitem__, map(slice, starts, map(_END, spans)))
    return list(map(tuple.__new__, repeat(Line), zip(texts, repeat(role), repeat(field), map(add, starts, repeat(offset)))))


def layout_document(
    document: Document, names: Sequence[tuple[str, int]], width: int, words: int | None = None
) -> list[Line]:
    """Lay out `document` for a column of `width` cells.

    `names` are the names mentioned in it with their counts, most mentioned first. Field labels
    follow `Document.name_fields()` so that mentions map onto lines. `words` saves counting again.
    """
    blank = Line("", "blank")
    lines = _wrapped(document.title, width, "title", "title")
    language = _LANGUAGES.get(document.language or "", document.language)
    meta = [document.date, document.source, language, counted(document.words if words is None else words, "word")]
    lines += _wrapped(" · ".join(part for part in meta if part), width, "meta")
    if names:
        listed = " · ".join(f"{name} {count}" for name, count in names[:NAMES_SHOWN])
        more = f" · +{len(names) - NAMES_SHOWN} more" if len(names) > NAMES_SHOWN else ""
        lines += _wrapped(f"Names: {listed}{more}", width, "names")
    lines.append(Line("─" * min(width, 24), "rule"))
    if document.excerpt and not document.text.strip():
        lines += [blank, *_wrapped(document.excerpt, width, "excerpt", "excerpt")]
    for block in document.blocks:
        lines.append(blank)
        lines += _wrapped(block.text, width, "heading" if block.heading else "body", "text", block.start)
    if document.related:
        lines += [blank, Line("Related articles", "section")]
        for number, link in enumerate(document.related):
            lines.append(blank)
            lines += _wrapped(link.title, width, "related", f"related/{number}/title")
            about = " · ".join(part for part in (link.source, link.date) if part)
            if about:
                lines += _wrapped(about, width, "meta")
            if link.excerpt:
                lines += _wrapped(link.excerpt, width, "body", f"related/{number}/excerpt")
    urls = [link for link in document.links if link.url]
    if urls:
        lines += [blank, Line("Links", "section")]
        for link in urls:
            label = f"{link.title} — {link.url}" if link.title and link.title != link.url else link.url or ""
            lines += _wrapped(label, width, "link")
    return lines


Marks = dict[str, list[tuple[int, int]]]
"""Name spans per field label, sorted by start."""


class ReadingPane(FramedView, can_focus=True):
    """Shows one document; marks names, highlights one mention, reports its position."""

    COMPONENT_CLASSES = {
        "reading-pane--title",
        "reading-pane--meta",
        "reading-pane--names",
        "reading-pane--rule",
        "reading-pane--heading",
        "reading-pane--section",
        "reading-pane--related",
        "reading-pane--link",
        "reading-pane--excerpt",
        "reading-pane--name",
        "reading-pane--mention",
    }

    BINDINGS = [
        Binding("j,down", "line_down", "Scroll down", show=False),
        Binding("k,up", "line_up", "Scroll up", show=False),
        Binding("g,home", "top", "Top", show=False),
        Binding("G,end", "bottom", "Bottom", show=False),
        Binding("space,pagedown", "page_down", "Page down", show=False),
        Binding("b,pageup", "page_up", "Page up", show=False),
    ]

    @dataclass
    class Moved(Message):
        """The visible part changed (scrolled, reflowed or another document)."""

        pane: ReadingPane

        @property
        def control(self) -> ReadingPane:
            return self.pane

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.document: Document | None = None
        self.names: list[tuple[str, int]] = []
        self.marks: Marks = {}
        self._longest_mark = 0
        self.highlight: tuple[str, int, int] | None = None
        self.lines: list[Line] = []
        self.message: str | None = "Nothing open yet."
        self._laid_out_width = 0
        self._cache: LRUCache[int, Strip] = LRUCache(256)
        self._base_style: Style | None = None
        self._pending: Callable[[], None] | None = None
        self._words = 0

    # -- what is shown ----------------------------------------------------------------------

    def show_document(
        self,
        document: Document,
        names: Sequence[tuple[str, int]] = (),
        marks: Marks | None = None,
        anchor: Anchor | None = None,
    ) -> None:
        """Show `document`, scrolled to `anchor` (or its top)."""
        self.document = document
        self._words = document.words  # counted once: a reflow must not split 5 MB again
        self.names = list(names)
        self.set_marks(marks or {})
        self.highlight = None
        self.message = None
        self._relayout()
        self._when_sized(lambda: self.scroll_to_anchor(anchor))

    def set_marks(self, marks: Marks) -> None:
        """Mark these name spans (they may arrive after the document, while the index is grouped)."""
        self.marks = marks  # sorted already (`Store.name_spans_in`): not again for 100,000 marks
        # In C: an article of a few megabytes can have a hundred thousand marks.
        self._longest_mark = max((max(map(sub, map(_END, spans), map(_START, spans)), default=0) for spans in self.marks.values()),
                                 default=0)
        self._cache.clear()
        self.refresh()

    def show_message(self, message: str) -> None:
        self.document = None
        self.message = message
        self.lines = []
        self._relayout()

    def highlight_mention(self, field: str, start: int, end: int) -> None:
        """Highlight one mention and scroll it into view, a third of the way down."""
        self.highlight = (field, start, end)
        self._cache.clear()
        self.refresh()
        self._when_sized(lambda: self._scroll_into_view(field, start))

    def _scroll_into_view(self, field: str, offset: int) -> None:
        index = self.line_of(field, offset)
        if index is not None:
            height = self.scrollable_content_region.height
            top = round(self.scroll_y)
            if not top <= index < top + height:
                self.scroll_to(y=max(0, index - height // 3), animate=False, immediate=True, force=True)
        self.post_message(self.Moved(self))

    def _when_sized(self, position: Callable[[], None]) -> None:
        """Position the view now, or once the pane has a size (hidden or not yet laid out)."""
        if self.scrollable_content_region.height > 0:
            self._pending = None
            if self.column != self._laid_out_width:
                self._relayout()
            position()
        else:
            self._pending = position

    def line_of(self, field: str, offset: int) -> int | None:
        """Index of the line showing `offset` of `field`, or the nearest one before it."""
        found = None
        for index, line in enumerate(self.lines):
            if line.field == field:
                if line.start > offset:
                    return found if found is not None else index
                found = index
        return found

    # -- position ---------------------------------------------------------------------------

    @property
    def anchor(self) -> Anchor | None:
        """Where the view starts, independent of width: the first line with a field at or below the top."""
        top = round(self.scroll_y)
        if top == 0:
            return None
        for line in islice(self.lines, top, None):  # no copy: asked on every scroll step
            if line.field is not None:
                return Anchor(line.field, line.start)
        return None

    def scroll_to_anchor(self, anchor: Anchor | None) -> None:
        index = self.line_of(anchor.field, anchor.offset) if anchor else None
        self.scroll_to(y=index or 0, animate=False, immediate=True, force=True)
        self.post_message(self.Moved(self))

    @property
    def percent(self) -> int:
        height = self.scrollable_content_region.height
        if not self.lines or len(self.lines) <= height:
            return 100
        return min(100, round(100 * (round(self.scroll_y) + height) / len(self.lines)))

    # -- layout -----------------------------------------------------------------------------

    @property
    def column(self) -> int:
        return max(8, min(MAX_COLUMN, self.scrollable_content_region.width - 2))

    def _relayout(self) -> None:
        self._laid_out_width = self.column
        if self.document is not None:
            self.lines = layout_document(self.document, self.names, self._laid_out_width, self._words)
        self._cache.clear()
        set_virtual_size(self, Size(self.scrollable_content_region.width, len(self.lines)))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        if self._pending is not None and self.scrollable_content_region.height > 0:
            position, self._pending = self._pending, None
            self._relayout()
            position()
        elif self.column != self._laid_out_width and self.document is not None:
            anchor = self.anchor
            self._relayout()
            self.scroll_to_anchor(anchor)
        else:
            # Nothing to lay out again (a message is drawn at whatever width it gets): Textual has
            # already drawn the new size, and a refresh here would only draw the same frame again.
            self._laid_out_width = self.column
            set_virtual_size(self, Size(self.scrollable_content_region.width, len(self.lines)))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self.post_message(self.Moved(self))

    # -- actions ----------------------------------------------------------------------------

    def _scroll_by(self, lines: int) -> None:
        self.scroll_to(y=max(0, round(self.scroll_y) + lines), animate=False, immediate=True, force=True)

    def action_line_down(self) -> None:
        self._scroll_by(1)

    def action_line_up(self) -> None:
        self._scroll_by(-1)

    def action_page_down(self) -> None:
        self._scroll_by(max(1, self.scrollable_content_region.height - 2))

    def action_page_up(self) -> None:
        self._scroll_by(-max(1, self.scrollable_content_region.height - 2))

    def action_top(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True, force=True)

    def action_bottom(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True, force=True)

    # -- drawing ----------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base_style = None  # a theme or class change: styles and drawn lines are stale
        self._cache.clear()

    def content_line(self, y: int, width: int) -> Strip:
        base = self._base_style
        if base is None:  # `rich_style` walks every ancestor's styles: once per style change, not per line
            base = self._base_style = self.rich_style
        index = round(self.scroll_y) + y
        if self.message is not None:
            if y > 0:  # a message is one line: no text to lay out for the rest of the pane
                return Strip.blank(width, base)
            return _to_strip(Text(self.message, style=base), width, base, 1, self)
        if index >= len(self.lines):
            return Strip.blank(width, base)
        strip = self._cache.get(index)
        if strip is None or strip.cell_length != width:
            margin = max(1, (width - self._laid_out_width) // 2)
            strip = _to_strip(self._styled(self.lines[index], base), width, base, margin, self)
            self._cache[index] = strip
        return strip

    def _styled(self, line: Line, base: Style) -> Text:
        role = self.get_component_rich_style(f"reading-pane--{line.role}", partial=True, default=Style())
        text = Text(literal(line.text), style=base + role, no_wrap=True)
        if line.field is None:
            return text
        for start, end in self._marks_on(line):
            text.stylize(self.get_component_rich_style("reading-pane--name", partial=True), start, end)
        if self.highlight and self.highlight[0] == line.field:
            _, start, end = self.highlight
            if start < line.end and end > line.start:
                text.stylize(
                    self.get_component_rich_style("reading-pane--mention", partial=True),
                    max(start, line.start) - line.start,
                    min(end, line.end) - line.start,
                )
        return text

    def _marks_on(self, line: Line) -> Iterable[tuple[int, int]]:
        spans = self.marks.get(line.field or "")
        if not spans:
            return
        low = bisect_left(spans, (line.start - self._longest_mark, 0))
        high = bisect_left(spans, (line.end, 0))
        for start, end in spans[low:high]:
            if end > line.start:
                yield max(start, line.start) - line.start, min(end, line.end) - line.start


def _to_strip(text: Text, width: int, base: Style, margin: int, widget: ReadingPane) -> Strip:
    # Every segment gets a style: line filters (NO_COLOR's monochrome one) cannot take None.
    segments = [Segment(segment.text, base + segment.style if segment.style else base) for segment in text.render(widget.app.console)]
    # The margin, the text and the padding in one piece where they share a style: each piece reaches
    # the terminal as a style, its text and a reset, and a new document redraws every line.
    return Strip(segments).crop_pad(text.cell_len, margin, 0, base).crop_extend(0, width, base).simplify()
