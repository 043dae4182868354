"""Layout at real terminal sizes: two panes at 80x24, panes taking turns when narrow, reflow, tiny."""

from __future__ import annotations

import random
import time
from os.path import commonprefix
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text

from reader.model import Document
from reader.ui.app import ReaderApp
from reader.ui.document_list import DocumentList, fit
from reader.ui.reading_pane import MAX_COLUMN, ReadingPane, layout_document, wrap
from tests.conftest import loaded, one_piece_per_style, screen_text


async def test_80x24_shows_both_panes(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.query_one(DocumentList).display and app.query_one(ReadingPane).display
        screen = screen_text(app)
        assert "Documents" in screen and "Reading" in screen and "Letters show Elon Musk" in screen
        assert "Quit" in screen and "Help" in screen  # the footer


async def test_narrow_terminal_takes_turns(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=(60, 20)) as pilot:
        await loaded(pilot)
        documents, pane = app.query_one(DocumentList), app.query_one(ReadingPane)
        assert app.narrow
        assert documents.region.width > 50 and pane.region.width == 0
        await pilot.press("j", "enter")
        assert pane.region.width > 50 and documents.region.width == 0
        assert isinstance(app.focused, ReadingPane)
        assert all(len(line.text) <= pane.column for line in pane.lines)
        await pilot.press("tab")
        assert isinstance(app.focused, DocumentList) and documents.region.width > 50
        await pilot.press("enter", "escape")
        assert isinstance(app.focused, DocumentList) and pane.region.width == 0
        await pilot.press("slash", *"bret", "enter")  # the filter opens the reader in its turn too
        assert isinstance(app.focused, ReadingPane) and pane.region.width > 50


async def test_side_by_side_a_pane_switch_leaves_the_layout_classes_alone(ui_corpus: Path, ui_state: Path) -> None:
    """Which pane is up matters only while the panes take turns: a class change on the panes'
    container restyles everything in it, and on the first Tab laid the screen out again."""
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        panes = app.query_one("#panes")
        before = set(panes.classes)
        await pilot.press("tab")
        assert isinstance(app.focused, ReadingPane) and set(panes.classes) == before
        await pilot.press("tab", "enter")
        assert isinstance(app.focused, ReadingPane) and set(panes.classes) == before
        await pilot.resize_terminal(60, 20)  # now they take turns: the reader is the one up
        await pilot.pause()
        assert app.query_one(ReadingPane).region.width > 50 and app.query_one(DocumentList).region.width == 0


async def test_one_resize_from_wide_to_narrow_and_back_changes_the_layout(ui_corpus: Path, ui_state: Path) -> None:
    """A single resize (a tmux pane zoomed, a window snapped to half the screen) must be enough."""
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        documents, pane = app.query_one(DocumentList), app.query_one(ReadingPane)
        assert documents.region.width and pane.region.width
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert documents.region.width == 60 and pane.region.width == 0, "the panes take turns"
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert documents.region.width and pane.region.width, "side by side again"


async def test_resize_reflows_and_keeps_place(tmp_path: Path, ui_state: Path) -> None:
    from tests.conftest import write_corpus

    paragraphs = "\n\n".join(f"Paragraph {n}: the board met again and talked about the company." for n in range(40))
    corpus = write_corpus(tmp_path / "c", {"a.txt": f" date 2024-01 {paragraphs}\n"})
    app = ReaderApp(corpus, state_path=ui_state)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        pane = app.query_one(ReadingPane)
        await pilot.press("tab", "space", "space")
        anchor = pane.anchor
        assert anchor is not None
        wide = pane.column
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert pane.column < wide
        assert all(len(line.text) <= pane.column for line in pane.lines)
        top = round(pane.scroll_y)
        assert pane.lines[top].field == "text"
        assert abs(pane.lines[top].start - anchor.offset) < 80  # the same paragraph stays on top
        await pilot.resize_terminal(200, 40)
        await pilot.pause()
        assert pane.column == MAX_COLUMN  # a readable width, however wide the terminal


async def test_tiny_terminal_does_not_crash(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=(30, 10)) as pilot:
        await loaded(pilot)
        for key in ["j", "enter", "space", "G", "tab", "slash", "a", "enter", "question_mark", "escape"]:
            await pilot.press(key)
        await pilot.press("at", "s", "enter", "n", "N", "exclamation_mark", "escape")
        await pilot.resize_terminal(12, 4)
        await pilot.pause()
        await pilot.resize_terminal(30, 10)
        await pilot.pause()
        assert app.is_running
        await pilot.press("escape", "q")
    assert app.return_code == 0


def test_wrap_fits_cells_and_keeps_offsets() -> None:
    text = "Sam Altman 回到 OpenAI 担任首席执行官 after five days; supercalifragilisticexpialidocious"
    spans = wrap(text, 12)
    from rich.cells import cell_len

    assert all(cell_len(text[start:end]) <= 12 for start, end in spans)
    rebuilt = " ".join(text[start:end] for start, end in spans)
    assert rebuilt.replace(" ", "") == text.replace(" ", "")


def test_layout_of_front_matter_document_shows_excerpt_and_related() -> None:
    from reader.model import Link

    document = Document(
        id="x",
        path="x.md",
        title="Inside the crisis",
        title_derived=False,
        date="2023-12-09",
        language="en",
        source="The Times",
        text="",
        related=(Link("Microsoft spreads its bets", source="Business Insider", excerpt="Chaos at OpenAI."),),
        excerpt="Board members turned on one another.",
    )
    lines = layout_document(document, [("OpenAI", 2)], 40)
    roles = [line.role for line in lines]
    assert "excerpt" in roles and "section" in roles and "related" in roles
    related = next(line for line in lines if line.role == "related")
    assert related.field == "related/0/title"


def test_the_meta_line_counts_words_in_the_number_they_take() -> None:
    one = Document("a", "a.txt", "Resigned", True, "2023-11", "en", "The Verge", "Resigned.")
    many = Document("b", "b.txt", "Sam Altman returns", True, "2023-11", "en", None, "Sam Altman returns to OpenAI.")
    meta = {document.id: next(line.text for line in layout_document(document, [], 60) if line.role == "meta")
            for document in (one, many)}
    assert meta["a"].endswith("· 1 word") and meta["b"].endswith("· 5 words")


async def test_list_of_100k_documents_stays_instant(ui_state: Path) -> None:
    documents = [
        Document(f"d{n}", f"d{n}.txt", f"Article number {n} about OpenAI", True, "2024-01", "en", None, "x")
        for n in range(100_000)
    ]
    from textual.app import App, ComposeResult

    class ListOnly(App[None]):
        def compose(self) -> ComposeResult:
            yield DocumentList(id="list")

    app = ListOnly()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(DocumentList)
        await pilot.pause()
        slowest = 0.0
        for rows in (documents, documents[::-1], documents[:10], documents):
            timings = []
            for _ in range(3):  # the best of three: a garbage collection pause is not the widget's
                started = time.perf_counter()
                widget.set_documents(rows)
                for y in range(widget.size.height):  # what the next frame draws
                    widget.render_line(y)
                timings.append(time.perf_counter() - started)
            slowest = max(slowest, min(timings))
        assert slowest < 0.1, f"repopulating and drawing took {slowest:.3f}s"
        await pilot.press("G")
        assert widget.cursor == 99_999 and round(widget.scroll_y) > 99_900


def test_a_row_cuts_a_title_as_rich_does_and_says_how_much_shows() -> None:
    """Titles in any script, cut to any width: wide characters cut in two, zero-width marks and
    joined emoji, accents, the ellipsis itself. Drawn as Rich draws them, in exactly the width."""
    pools = ["abcdefghij ABC'’-…éèàüöñçØ", "中文字日本ab ｱ👍", "ab c\u0301\u200d\ufe0f\u200b👨❤"]
    chooser = random.Random(11)
    for _ in range(600):
        pool = chooser.choice(pools)
        title = "".join(chooser.choice(pool) for _ in range(chooser.randint(0, 150)))
        for width in range(1, len(title) + 4, 3):
            expected = Text(title)
            expected.truncate(width, overflow="ellipsis", pad=True)
            drawn, shown = fit(title, width)
            assert drawn == expected.plain, (title, width)
            # (Joiners and emoji selectors make Rich measure its own cut a cell short: the row pads it.)
            assert cell_len(drawn) == width or "\u200d" in title or "\ufe0f" in title
            # What shows of the title: all of it, or what the cut kept of it (matches are drawn in it).
            kept = drawn if cell_len(title) <= width else drawn[:-1]
            assert shown == len(commonprefix([kept, title])), (title, width)


async def test_a_reading_line_sends_one_style_change_per_stretch_of_a_style(ui_corpus: Path, ui_state: Path) -> None:
    """A new document redraws every line of the pane, and each piece of a line reaches the terminal
    as a style, its text and a reset: the margin, a paragraph's text and its padding are one piece."""
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        pane = app.query_one(ReadingPane)
        lines = [list(pane.render_line(y)) for y in range(pane.scrollable_content_region.height)]
        assert sum(1 for line in lines if len(line) == 1) >= 5, "plain lines are one piece"
        for line in lines:
            assert all(segment.text for segment in line), [segment.text for segment in line]
            assert one_piece_per_style(line), [segment.text for segment in line]
