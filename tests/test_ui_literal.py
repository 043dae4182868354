"""Corpus text is shown literally: markup-like brackets as typed, no escape sequence ever drawn."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widget import Widget

from reader.model import Document
from reader.ui.app import ReaderApp
from reader.ui.document_list import DocumentList
from reader.ui.reading_pane import ReadingPane
from tests.conftest import write_corpus
from tests.conftest import loaded, screen_text

MARKUP_TITLE = "[bold]Altman[/bold] [@click=app.quit]returns[/] [link=https://x.test]now"
BODY = (
    " date 2024-02 "
    f"{MARKUP_TITLE}. Brackets [/ alone, [red on blue]colour[/], [b]bold, \\[escaped] and $variable.\n\n"
    "Escapes: \x1b[31mred\x1b[0m, a title \x1b]0;pwned\x07, clipboard \x1b]52;c;ZXZpbA==\x07, "
    "C1 \x9b2J, a bell \x07 and [@click=app.bell]ring[/].\n\n"
    "Sam Altman and [i]OpenAI[/i] in one line.\n"
)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def drawn_segments(widget: Widget) -> list[str]:
    """The text of every segment the widget draws in its visible lines."""
    height = widget.scrollable_content_region.height
    return [segment.text for y in range(height) for segment in widget.render_line(y)]


async def test_markup_and_escapes_show_literally(tmp_path: Path, ui_state: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", {"hostile.txt": BODY, "plain.txt": " date 2023-01 A plain article.\n"})
    app = ReaderApp(corpus, state_path=ui_state)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert app.is_running
        pane = app.query_one(ReadingPane)
        assert app.current is not None and "[bold]Altman[/bold]" in app.current.title
        shown = " ".join(line.text for line in pane.lines)  # wrapped lines rejoined
        for literal in ["[bold]Altman[/bold]", "[@click=app.quit]returns[/]", "[/ alone", "[red on blue]colour[/]", "$variable"]:
            assert literal in shown
        screen = screen_text(app)
        assert "[@click=app.quit]" in screen and "[bold]Altman" in screen

        for widget in (pane, app.query_one(DocumentList)):
            for text in drawn_segments(widget):
                assert not CONTROL.search(text), repr(text)

        # Clicking where the fake action is drawn must do nothing: it is text, not a link.
        await pilot.click(ReadingPane, offset=(10, 1))
        assert app.is_running

        # The filter, the palette and the name jumper show the same title without parsing it.
        await pilot.press("slash", *"returns", "enter")
        assert app.current.id == "hostile"
        await pilot.press("ctrl+p", *"returns")
        await pilot.pause(0.2)
        assert app.is_running
        await pilot.press("escape", "at", *"altman")
        await pilot.press("enter")
        assert app.is_running
        await pilot.press("question_mark", "escape", "exclamation_mark", "escape", "q")
    assert app.return_code == 0


async def test_widgets_guard_against_controls_a_loader_let_through(ui_state: Path) -> None:
    """Defence in depth: even a Document that still holds escapes draws none."""
    text = "Evil \x1b]0;title\x07 text \x1b[2J and \x9b31m."
    document = Document("evil", "evil.txt", "Title \x1b[5m[blink]", False, None, None, None, text)
    from textual.app import App, ComposeResult

    class Both(App[None]):
        def compose(self) -> ComposeResult:
            yield DocumentList()
            yield ReadingPane()

    app = Both()
    async with app.run_test(size=(80, 20)) as pilot:
        app.query_one(DocumentList).set_documents([document])
        app.query_one(ReadingPane).show_document(document)
        await pilot.pause()
        for widget in (app.query_one(DocumentList), app.query_one(ReadingPane)):
            drawn = "".join(drawn_segments(widget))
            assert not CONTROL.search(drawn), repr(drawn)
        assert "[blink]" in "".join(drawn_segments(app.query_one(DocumentList)))
