"""A widget's content lines put in its frame (border, padding) without Textual's per-line styling.

Textual draws each line of a widget through the widget's styles cache, which works out the border,
padding, tint, opacity and line filters again for every line: about 75 µs a line, where drawing a
list row itself takes 30. A list draws all its rows again on each keystroke, and its frame is the
same on every row: the same left border before it, the same padding and right border after it.

`FramedLines` learns that frame from one pass drawn the usual way, and only if every content line of
that pass comes out exactly as Textual drew it (segment for segment, styles included); it then frames
the content lines itself. A style that changes a line by its content (a tint, opacity, hatching)
fails that check: such a widget is drawn as usual. What the frame was learnt for is every input the
styles cache draws a content line from (size, gutter, padding, border, outline, colours, tint,
opacities, hatching, line filters, ANSI theme): a frame is kept for each such key, so that a focus
moving away and back (the border's colour) finds it learnt. `FramedView` is a scroll view drawn
this way (the lists and the reading pane).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter
from textual.geometry import Region, Size, Spacing
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["FramedLines", "FramedView"]

Usual = Callable[[Region], list[Strip]]
_FRAMES_KEPT = 8
"""Frames kept by what they were learnt for: focused and not, in a theme or two, at a size."""


class _Frame(NamedTuple):
    head: tuple[Segment, ...]
    """What stands before each content line (the left border), filtered."""
    tail: tuple[Segment, ...]
    """What stands after it (padding up to the content width, the right border), filtered."""


class FramedLines:
    """Draws a widget's lines as its styles cache would, framing content lines itself once it has
    checked that it can. The widget hands each content line it draws to `drawn`. A change of style
    needs no word: what the frame depends on is its key, worked out on every pass."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        """What the frame was learnt for (or found not to hold for)."""
        self._frame: _Frame | None = None
        self._frames: dict[tuple, _Frame | None] = {}
        """Each frame learnt (None: found not to hold), by what it was learnt for."""
        self._learning: dict[int, Strip] | None = None
        """The content lines the styles cache asked for in the pass being learnt from."""
        self._last: dict[int, tuple[Strip, Strip]] = {}
        """Per content line: the line the widget drew last and that line framed. A widget that keeps
        its lines (the lists, the reading pane) hands the very same strip while it is unchanged, and
        the framed line is the same too, down to the compositor's cache of its cuts."""

    def drawn(self, y: int, line: Strip) -> Strip:
        """`line`, content line `y` as the widget drew it; kept while a pass is learnt from, so that
        the check need not draw it again (a focus or theme change would then cost two passes)."""
        if self._learning is not None:
            self._learning[y] = line
        return line

    def render(self, widget: Widget, crop: Region, usual: Usual) -> list[Strip]:
        """The lines of `crop` exactly as `usual(crop)` (the widget's styles cache) draws them."""
        size = widget.region.size  # what the styles cache draws
        styles = widget.styles
        gutter = styles.gutter
        base_background, background = widget.background_colors
        filters = tuple(widget.get_line_filters())
        app = widget.app
        # Every input of the styles cache's drawing of a content line (`StylesCache.render_line`).
        key = (size, gutter, widget.scrollable_content_region.width, base_background, background, filters,
               styles.border, styles.outline, styles.padding, styles.tint, styles.text_opacity, widget.opacity,
               styles.hatch if styles.has_rule("hatch") else None, app.ansi_theme, app.native_ansi_color)
        if key != self._key:
            self._key = key
            self._last.clear()
            if key in self._frames:
                self._frame = self._frames[key]
            else:
                self._learning = learning = {}
                try:
                    lines = usual(size.region)
                finally:
                    self._learning = None
                # A line the styles cache had kept is drawn again: it must be what the widget draws now.
                self._frame = _learn(lines, size, gutter, background, filters,
                                     lambda y: learning.get(y) or widget.render_line(y))
                if len(self._frames) >= _FRAMES_KEPT:
                    self._frames.clear()  # sizes come and go with resizes: start again
                self._frames[key] = self._frame
                return _cropped(lines[crop.y : crop.bottom], crop, size.width)
        frame = self._frame
        if frame is None:  # checked: it does not hold for this widget as it stands
            return usual(crop)
        top, bottom = gutter.top, size.height - gutter.bottom
        framed_before = self._last
        lines = []
        y = crop.y
        while y < crop.bottom:
            if top <= y < bottom:
                content = widget.render_line(y - top)
                before = framed_before.get(y)
                if before is not None and before[0] is content:
                    lines.append(before[1])
                else:
                    line = _framed(content, frame, filters, background, size.width)
                    framed_before[y] = (content, line)
                    lines.append(line)
                y += 1
            else:  # the top or the bottom border: the styles cache keeps those
                end = min(crop.bottom, top if y < top else size.height)
                lines.extend(usual(Region(0, y, size.width, end - y)))
                y = end
        return _cropped(lines, crop, size.width)


def _framed(line: Strip, frame: _Frame, filters: tuple[LineFilter, ...], background: Color, width: int) -> Strip:
    for line_filter in filters:
        line = line.apply_filter(line_filter, background)
    return Strip([*frame.head, *line, *frame.tail], width)


def _cropped(lines: list[Strip], crop: Region, width: int) -> list[Strip]:
    if crop.column_span == (0, width):
        return lines
    x1, x2 = crop.column_span
    return [line.crop(x1, x2) for line in lines]


def _learn(lines: list[Strip], size: Size, gutter: Spacing, background: Color, filters: tuple[LineFilter, ...],
           content_line: Callable[[int], Strip]) -> _Frame | None:
    """The frame of `lines` (a whole widget drawn as usual), if framing its content lines with it
    gives every one of them exactly; None if not."""
    top, bottom = gutter.top, size.height - gutter.bottom
    if len(lines) != size.height or bottom <= top:
        return None
    first = list(lines[top])
    head_length = cells = 0
    while cells < gutter.left and head_length < len(first):
        cells += cell_len(first[head_length].text)
        head_length += 1
    if cells != gutter.left:
        return None
    frame = None
    for y in range(top, bottom):
        content = content_line(y - top)
        for line_filter in filters:
            content = content.apply_filter(line_filter, background)
        drawn = list(lines[y])
        if frame is None:
            frame = _Frame(tuple(drawn[:head_length]), tuple(drawn[head_length + len(content) :]))
        if drawn != [*frame.head, *content, *frame.tail]:
            return None
    return frame


class FramedView(ScrollView):
    """A scroll view drawn line by line whose lines are framed by `FramedLines`: subclasses draw
    `content_line(y, width)`."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._framed = FramedLines()
        self._pass_width: int | None = None
        """The lines' width while `render_lines` draws them."""

    def content_line(self, y: int, width: int) -> Strip:
        """Content line `y`, exactly `width` cells wide."""
        raise NotImplementedError

    def render_lines(self, crop: Region) -> list[Strip]:
        # The width every line of this pass is drawn to, worked out once (10 to 15 µs a line).
        self._pass_width = self.scrollable_content_region.width
        try:
            return self._framed.render(self, crop, super().render_lines)
        finally:
            self._pass_width = None

    def render_line(self, y: int) -> Strip:
        return self._framed.drawn(y, self.content_line(y, self._pass_width or self.scrollable_content_region.width))
