"""The lists and the reading pane frame their lines themselves (`reader.ui.framed_lines`): the screen
must be exactly what Textual's own drawing gives, in every state they can be in, and a style the
frame cannot copy must send a widget back to Textual's drawing."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widget import Widget

from reader.model import Document
from reader.ui.app import ReaderApp
from reader.ui.document_list import DocumentList, RowList
from reader.ui.reading_pane import ReadingPane
from reader.ui.framed_lines import FramedLines
from tests.conftest import SIZE, loaded, screen_text


def _usual(self: FramedLines, widget: Widget, crop, usual):
    return usual(crop)


async def _framed_and_usual(pilot: Pilot) -> tuple[str, str]:
    """The screen as drawn, then as Textual alone draws it (every widget redrawn from scratch)."""
    app = pilot.app
    await pilot.pause()
    framed = app.export_screenshot()
    widgets = list(app.screen.query("*"))
    assert any(isinstance(widget, RowList) for widget in widgets), "no list on the screen"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(FramedLines, "render", _usual)
        for widget in widgets:
            if isinstance(widget, RowList):
                widget._drawn_rows.clear()  # every row drawn afresh: one kept from before must match it
            widget.refresh()
        await pilot.pause()
        usual = app.export_screenshot()
    for widget in widgets:
        widget.refresh()
    await pilot.pause()
    return framed, usual


async def test_the_lists_look_exactly_as_textual_draws_them(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        framed, usual = await _framed_and_usual(pilot)
        assert framed == usual, "the list, focused"
        await pilot.press("j")
        framed, usual = await _framed_and_usual(pilot)
        assert framed == usual, "the cursor moved"
        await pilot.press("tab")  # the list's border changes colour, and its cursor bar
        framed, usual = await _framed_and_usual(pilot)
        assert framed == usual, "the list, not focused"
        await pilot.press("tab", "tab")  # back and forth: the frames learnt before are used again
        framed, usual = await _framed_and_usual(pilot)
        assert framed == usual, "the list, not focused again"
        await pilot.press("space")  # the reading pane scrolled, names marked in it
        framed, usual = await _framed_and_usual(pilot)
        assert framed == usual, "the reading pane, focused and scrolled"
        await pilot.press("slash", *"altman")  # matched characters highlighted, a count in the border
        framed, usual = await _framed_and_usual(pilot)
        assert framed == usual, "a filter's hits"
        app.theme = "textual-light"
        framed, usual = await _framed_and_usual(pilot)
        assert framed == usual, "another theme"
        await pilot.press("escape", "at", *"sutsk")  # the name jumper's list: no border
        framed, usual = await _framed_and_usual(pilot)
        assert "Ilya Sutskever" in screen_text(app)
        assert framed == usual, "the name jumper"
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        framed, usual = await _framed_and_usual(pilot)
        assert framed == usual, "resized"


async def test_a_list_and_the_pane_frame_their_lines_themselves_once_they_have_checked_they_can(ui_corpus: Path, ui_state: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from textual._styles_cache import StylesCache

    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        documents = app.query_one(DocumentList)
        drawn_by_textual: list[int] = []
        real_render_line = StylesCache.render_line

        def render_line(cache, styles, y, *args):
            if cache is documents._styles_cache:
                drawn_by_textual.append(y)
            return real_render_line(cache, styles, y, *args)

        monkeypatch.setattr(StylesCache, "render_line", render_line)
        await pilot.press("j", "j")  # the cursor's rows redrawn
        await pilot.pause()
        assert drawn_by_textual == [], "rows went through Textual's styles cache"
        documents.refresh()  # all of it, borders too
        await pilot.pause()
        assert set(drawn_by_textual) <= {0, documents.region.height - 1}, drawn_by_textual
        pane = app.query_one(ReadingPane)
        documents = pane  # the spy now watches the pane
        await pilot.press("j")  # another document previewed: every line of the pane drawn again
        await pilot.pause(0.3)
        drawn_by_textual.clear()
        await pilot.press("k")
        await pilot.pause(0.3)
        assert pane.document is not None and pane.document.title[:20] in screen_text(app)
        # Its borders only (the position in the bottom one changes with the document).
        assert drawn_by_textual and set(drawn_by_textual) <= {0, pane.region.height - 1}, drawn_by_textual


async def test_a_focus_moving_away_and_back_finds_the_frames_learnt(ui_corpus: Path, ui_state: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Tab changes both panes' border colour: learning a frame draws the whole widget through the
    styles cache, which took most of a Tab's work. Each frame is kept for the styles it holds for."""
    from textual._styles_cache import StylesCache

    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        watched = {app.query_one(DocumentList)._styles_cache: "list", app.query_one(ReadingPane)._styles_cache: "pane"}
        drawn_by_textual: list[tuple[str, int]] = []
        real_render_line = StylesCache.render_line

        def render_line(cache, styles, y, *args):
            if cache in watched:
                drawn_by_textual.append((watched[cache], y))
            return real_render_line(cache, styles, y, *args)

        monkeypatch.setattr(StylesCache, "render_line", render_line)
        await pilot.press("tab")  # the pane focused for the first time: both learn their frame anew
        await pilot.pause()
        assert {where for where, _ in drawn_by_textual} == {"list", "pane"}
        await pilot.press("tab")  # back as they were at the start
        await pilot.pause()
        drawn_by_textual.clear()
        await pilot.press("tab")  # as after the first Tab
        await pilot.pause()
        assert isinstance(app.focused, ReadingPane)
        borders = {("list", 0), ("list", app.query_one(DocumentList).region.height - 1),
                   ("pane", 0), ("pane", app.query_one(ReadingPane).region.height - 1)}
        assert drawn_by_textual and set(drawn_by_textual) <= borders, drawn_by_textual


class _TintedList(App[None]):
    """A list styled in a way the frame cannot copy: the tint changes every piece of a row."""

    CSS = "DocumentList { border: round red; height: 8; tint: blue 40%; }"

    def compose(self) -> ComposeResult:
        yield DocumentList(id="list")


async def test_a_style_the_frame_cannot_copy_is_drawn_by_textual() -> None:
    app = _TintedList()
    async with app.run_test(size=(50, 10)) as pilot:
        documents = app.query_one(DocumentList)
        documents.set_documents([Document(f"d{n}", f"d{n}.txt", f"Article {n} about OpenAI", True, "2024-01", "en", None, "x")
                                 for n in range(20)])
        await pilot.press("j")
        framed, usual = await _framed_and_usual(pilot)
        assert "Article 1 about OpenAI" in screen_text(app)
        assert framed == usual
