"""The reader driven by keys (Pilot, fixed size): list, reading pane, panes, documents, help, state."""

from __future__ import annotations

import gc
import json
import threading
import time
from pathlib import Path

import pytest

from textual.pilot import Pilot
from textual.widgets import Static

from reader.state import Anchor, ReadingState
from reader.ui.app import ReaderApp
from reader.ui.collector import IDLE_SECONDS, THRESHOLDS
from reader.ui.document_list import DocumentList
from reader.ui.filter_bar import FilterBar
from reader.ui.help_screen import HelpScreen
from reader.ui.problems_screen import ProblemList, ProblemsScreen
from reader.ui.reading_pane import ReadingPane
from tests.conftest import SIZE, burst, loaded, record_notices, screen_text, type_ahead, write_corpus


async def test_starts_with_list_and_first_document(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        documents = app.query_one(DocumentList)
        assert [d.id for d in documents.documents] == ["2025/letters", "2024/return", "2023/board"]
        assert str(documents.border_subtitle) == "3/3"
        assert isinstance(app.focused, DocumentList)
        assert app.current is not None and app.current.id == "2025/letters"
        assert "Letters show Elon Musk" in screen_text(app)


async def test_first_screen_says_what_it_is_loading(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE):
        # Before the worker finishes, the list names the corpus being loaded.
        message = app.query_one(DocumentList).message or ""
        assert app.store is not None or message.startswith(f"Loading {ui_corpus}")


def _lines_updated(update: object) -> set[int]:
    """The screen lines a compositor update draws again."""
    if update is None:
        return set()
    spans = getattr(update, "spans", None)
    if spans is not None:
        return {y for y, _, _ in spans}
    region = update.region  # type: ignore[attr-defined]
    return set(range(region.y, region.bottom))


async def test_a_loading_count_redraws_its_own_lines_not_the_whole_list(ui_corpus: Path, ui_state: Path) -> None:
    # Four times a second while a big corpus is read: every line of the list drawn and cut again
    # was work for nothing (the terminal got the changed lines alone either way).
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        documents = app.query_one(DocumentList)
        documents.show_message("Loading corpus…\n10/100 files read")
        await pilot.pause()
        updated: list[set[int]] = []
        display = app._display
        app._display = lambda screen, update: updated.append(_lines_updated(update)) or display(screen, update)  # type: ignore[method-assign]
        documents.show_message("Loading corpus…\n10/100 files read")
        await pilot.pause()
        assert not any(updated), "nothing new to say: nothing drawn"
        documents.show_message("Loading corpus…\n20/100 files read")
        await pilot.pause()
        top = documents.content_region.y
        assert set().union(*updated) == {top, top + 1}
        assert "20/100 files read" in screen_text(app)


async def test_move_and_open(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        documents = app.query_one(DocumentList)
        await pilot.press("j")
        assert documents.cursor == 1
        await pilot.press("down")
        assert documents.cursor == 2
        await pilot.press("down")  # stops at the end
        assert documents.cursor == 2
        await pilot.press("k", "up")
        assert documents.cursor == 0
        await pilot.press("G")
        assert documents.cursor == 2
        await pilot.press("g")
        assert documents.cursor == 0
        await pilot.press("end")
        assert documents.cursor == 2
        await pilot.press("home", "j", "enter")
        assert app.current is not None and app.current.id == "2024/return"
        assert isinstance(app.focused, ReadingPane)
        assert app.query_one(ReadingPane).document is app.current


async def test_tab_switches_panes(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, ReadingPane)
        await pilot.press("tab")
        assert isinstance(app.focused, DocumentList)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, ReadingPane)
        await pilot.press("escape")
        assert isinstance(app.focused, DocumentList)


async def test_reading_pane_keys_page_and_ends(tmp_path: Path, ui_state: Path) -> None:
    paragraphs = "\n\n".join(f"Paragraph {n} says something about the board and the company." for n in range(60))
    corpus = write_corpus(tmp_path / "long", {"long.txt": f" date 2024-01 {paragraphs}\n"})
    app = ReaderApp(corpus, state_path=ui_state)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        pane = app.query_one(ReadingPane)
        await pilot.press("tab")
        height = pane.scrollable_content_region.height
        await pilot.press("j")
        assert pane.scroll_y == 1
        await pilot.press("k")
        assert pane.scroll_y == 0
        await pilot.press("space")
        assert pane.scroll_y == height - 2
        await pilot.press("b")
        assert pane.scroll_y == 0
        await pilot.press("pagedown", "pagedown")
        assert pane.scroll_y == 2 * (height - 2)
        await pilot.press("pageup")
        assert pane.scroll_y == height - 2
        await pilot.press("G")
        assert pane.scroll_y == pane.max_scroll_y and pane.percent == 100
        assert "100%" in str(pane.border_subtitle)
        await pilot.press("g")
        assert pane.scroll_y == 0
        await pilot.press("end")
        assert pane.scroll_y == pane.max_scroll_y
        await pilot.press("home")
        assert pane.scroll_y == 0
        assert pane.percent < 100


async def test_brackets_step_through_documents(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("right_square_bracket")
        assert app.current is not None and app.current.id == "2024/return"
        await pilot.press("right_square_bracket", "right_square_bracket")  # the last stays
        assert app.current.id == "2023/board"
        await pilot.press("left_square_bracket")
        assert app.current.id == "2024/return"
        assert app.query_one(DocumentList).cursor == 1


async def test_reading_pane_shows_metadata_headings_and_names(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        pane = app.query_one(ReadingPane)
        roles = {line.role for line in pane.lines}
        assert {"title", "meta", "heading", "body"} <= roles
        text = "\n".join(line.text for line in pane.lines)
        assert "2025-01-15 · Example Times · English" in text
        assert any(line.role == "names" and "Ilya Sutskever" in line.text for line in pane.lines)
        assert all(len(line.text) <= pane.column for line in pane.lines)
        assert pane.marks, "names in the text are marked"


async def test_a_document_is_drawn_with_its_names_marked_not_marked_afterwards(ui_corpus: Path, ui_state: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Marks that came after the document drew the whole pane twice: twice the bytes over SSH for
    each document the cursor passes, and its text flashed unmarked first."""
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        pane = app.query_one(ReadingPane)
        marked: list[tuple[str, bool]] = []
        real_set_marks = ReadingPane.set_marks

        def set_marks(self: ReadingPane, marks) -> None:
            marked.append((self.document.id if self.document else "", bool(marks)))
            real_set_marks(self, marks)

        monkeypatch.setattr(ReadingPane, "set_marks", set_marks)
        for key in ("j", "j", "k"):
            marked.clear()
            await pilot.press(key)
            await pilot.pause(0.3)
            assert pane.document is app.current
            assert marked == [(app.current.id, True)], marked


async def test_quit_keys(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("q")
    assert app.return_code == 0

    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("tab", "ctrl+q")
    assert app.return_code == 0


async def test_help_is_generated_from_bindings(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=(100, 50)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-text", Static).render())
        for binding in [*ReaderApp.BINDINGS, *ReadingPane.BINDINGS, *FilterBar.BINDINGS]:
            assert binding.description in help_text
        assert "[, ]" not in help_text and "Next document" in help_text
        assert "j, ↓" in help_text and "q, ^q" in help_text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_rejected_files_are_announced_over_nothing_the_reader_shows_and_listed(tmp_path: Path, ui_state: Path) -> None:
    text = "Sam Altman returned to OpenAI. The board had fired Sam Altman days before.\n"
    corpus = write_corpus(
        tmp_path / "corpus",
        {"good.txt": f" date 2024-01 {text}", "empty.txt": "", "binary.txt": b"\x00\x01\x02\xff" * 50},
    )
    app = ReaderApp(corpus, state_path=ui_state)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("at", *"altman", "enter")
        await pilot.pause()
        # The notice stands in the key bar; a toast covered the walk's place in the reading pane's
        # bottom border (and the text above it) for its first ten seconds.
        *_, border, key_bar = screen_text(app).splitlines()
        assert "Sam Altman 1/2" in border, border
        assert "! 2 files rejected: see why" in key_bar, key_bar
        assert not notices, notices
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        assert screen_text(app).splitlines()[-1].rstrip().endswith("! 2 rejected"), "said short when narrow"
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        problems = app.screen.query_one(ProblemList).problems
        assert {problem.path for problem in problems if problem.severity == "error"} == {"empty.txt", "binary.txt"}
        assert "empty.txt" in screen_text(app)
        assert "Problems: 2 files rejected, 0 warnings" in screen_text(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, ProblemsScreen)
    # Too narrow for the key bar to say it at all: said once, in a toast.
    narrow = ReaderApp(corpus, state_path=ui_state)
    notices = record_notices(narrow)
    async with narrow.run_test(size=(50, 16)) as pilot:
        await loaded(pilot)
        assert "rejected" not in screen_text(narrow).splitlines()[-1]
        assert notices == ["2 files rejected. Press ! to see why."], notices


async def test_the_problems_list_measures_its_paths_once_not_for_every_row(tmp_path: Path, ui_state: Path) -> None:
    # A corpus where every file has a warning: at 100,000 problems, each row drawn went through
    # them all for the widest path (9 ms a row, 216 ms a screenful).
    from reader.model import Problem
    from reader.name_index import NameIndex
    from reader.store import Store

    measured: list[int] = []

    class MeasuredPath(str):
        def __len__(self) -> int:
            measured.append(1)
            return super().__len__()

    problems = [Problem(MeasuredPath(f"2023/{number:03}.txt"), "warning", "impossible date 2023-13-01") for number in range(300)]
    store = Store(tmp_path, [], problems, NameIndex([], {}, {}))
    app = ReaderApp(store=store, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        opened = len(measured)
        await pilot.press(*"jjjjj")
        await pilot.pause()
        assert app.screen.query_one(ProblemList).cursor == 5
        assert "2023/005.txt" in screen_text(app)
        # A key redraws a few rows and the detail: each measures its own path, not every problem's.
        assert (len(measured) - opened) / 5 < len(problems)


async def test_a_cache_that_cannot_be_written_is_announced_once(ui_corpus: Path, ui_state: Path,
                                                                 monkeypatch) -> None:
    blocked = ui_state.parent.parent.parent / "cache-home-is-a-file"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    app = ReaderApp(ui_corpus, state_path=ui_state)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        cache_notices = [notice for notice in notices if "corpus cache" in notice]
        assert len(cache_notices) == 1 and "next start reads every file again" in cache_notices[0], notices
        assert len(app.store.documents) == 3


async def test_remembers_document_and_position(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=(80, 12)) as pilot:
        await loaded(pilot)
        await pilot.press("G", "enter", "space")
        assert app.current is not None and app.current.id == "2023/board"
        anchor = app.query_one(ReadingPane).anchor
        assert anchor is not None
    saved = json.loads(ui_state.read_text())
    assert saved["corpora"][str(ui_corpus.resolve())]["last"] == "2023/board"

    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=(80, 12)) as pilot:
        await loaded(pilot)
        assert app.current.id == "2023/board"
        assert app.query_one(ReadingPane).anchor == anchor
        assert app.query_one(DocumentList).cursor == 2


async def test_save_state_can_be_called_directly(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("j", "enter")
        app.save_state()
        state, warning = ReadingState.load(ui_state)
        assert warning is None and state.last_document(ui_corpus) == "2024/return"


async def test_corrupt_state_warns_and_starts(ui_corpus: Path, ui_state: Path) -> None:
    ui_state.parent.mkdir(parents=True)
    ui_state.write_text("{broken", encoding="utf-8")
    app = ReaderApp(ui_corpus, state_path=ui_state)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert any("reading state" in notice for notice in notices)
        assert app.current is not None
    assert list(ui_state.parent.glob("state.json.bad-*"))


async def test_open_document_by_id(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, open_document="2024/return", state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.current is not None and app.current.id == "2024/return"
        assert isinstance(app.focused, ReadingPane)

    app = ReaderApp(ui_corpus, open_document="nope", state_path=ui_state)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert any("nope" in notice for notice in notices)


async def test_state_position_restored_at_other_width(ui_corpus: Path, ui_state: Path) -> None:
    state, _ = ReadingState.load(ui_state)
    state.remember(ui_corpus, "2023/board", Anchor("text", 200))
    state.save()
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=(120, 12)) as pilot:
        await loaded(pilot)
        pane = app.query_one(ReadingPane)
        top = round(pane.scroll_y)
        assert top > 0
        assert top <= pane.line_of("text", 200) < top + pane.scrollable_content_region.height


async def wait_for_palette_option(pilot: Pilot, text: str) -> None:
    from textual.command import CommandList

    for _ in range(100):
        options = pilot.app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        if prompts and text in prompts[0]:
            return
        await pilot.pause(0.05)
    raise AssertionError(f"{text!r} never came first in the palette: {prompts}")


async def test_palette_offers_documents_and_names(ui_corpus: Path, ui_state: Path) -> None:
    from textual.command import CommandPalette

    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"sutskvr")
        await wait_for_palette_option(pilot, "Ilya Sutskever")
        await pilot.press("enter")
        assert app.walk is not None and app.walk.name.name == "Ilya Sutskever"

        await pilot.press("ctrl+p", *"returned")
        await wait_for_palette_option(pilot, "Sam Altman returned")
        await pilot.press("enter")
        assert app.current is not None and app.current.id == "2024/return"


async def test_two_panes_preview_the_document_under_the_cursor(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("j")
        await pilot.pause(0.2)
        assert app.current is not None and app.current.id == "2024/return"
        assert isinstance(app.focused, DocumentList)  # previewing never steals the keys

    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=(60, 20)) as pilot:  # one pane at a time: nothing to preview into
        await loaded(pilot)
        before = app.current
        await pilot.press("j")
        await pilot.pause(0.2)
        assert app.current is before


async def test_a_burst_of_keys_is_never_lost(tmp_path: Path, ui_state: Path) -> None:
    paragraphs = "\n\n".join(f"Paragraph {n} of a long article about the board of OpenAI." for n in range(80))
    files = {f"doc{n:02}.txt": f" date 2024-01-{n + 1:02} Article {n} about OpenAI.\n" for n in range(20)}
    corpus = write_corpus(tmp_path / "c", {**files, "long.txt": f" date 2025-01 {paragraphs}\n"})
    app = ReaderApp(corpus, state_path=ui_state)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await burst(pilot, "j", 7)
        assert app.query_one(DocumentList).cursor == 7
        await pilot.press("g", "enter")
        await burst(pilot, "j", 9)
        assert app.query_one(ReadingPane).scroll_y == 9
        await pilot.press("question_mark")
        await burst(pilot, "j", 6)
        assert app.screen.query_one("#help").scroll_y == 6
        await pilot.press("escape", "slash")
        await burst(pilot, "x", 5)
        assert app.query_one(FilterBar).value == "xxxxx"


async def test_keys_typed_ahead_land_where_the_previous_keys_lead(tmp_path: Path, ui_state: Path) -> None:
    paragraphs = "\n\n".join(f"Paragraph {n} about the board of OpenAI and Ilya Sutskever." for n in range(60))
    corpus = write_corpus(
        tmp_path / "c",
        {"a.txt": " date 2025-01 A short one about OpenAI.\n", "long.txt": f" date 2024-01 {paragraphs}\n"},
    )
    app = ReaderApp(corpus, state_path=ui_state)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await type_ahead(pilot, "j", "enter", "space", "space")
        pane = app.query_one(ReadingPane)
        assert app.current is not None and app.current.id == "long"
        assert isinstance(app.focused, ReadingPane) and pane.scroll_y > 0

        await type_ahead(pilot, "slash", *"short", "enter")
        assert app.current.id == "a" and app.query_one(FilterBar).value == "short"
        await type_ahead(pilot, "slash", "at", "escape")  # `@` typed into the filter, then cleared
        assert app.query_one(FilterBar).value == "" and isinstance(app.focused, DocumentList)

        await type_ahead(pilot, "at", *"sutskever", "enter", "n")
        assert app.walk is not None and app.walk.index == 1  # n went to the walk, not into the jumper


async def documents_arrive(pilot) -> None:
    """Until the app has a store (the documents, perhaps still without names), two seconds at most."""
    for _ in range(100):
        if pilot.app.store is not None:
            return
        await pilot.pause(0.02)


async def test_an_empty_or_missing_corpus_says_so(tmp_path: Path, ui_state: Path) -> None:
    empty = write_corpus(tmp_path / "empty", {"notes/readme.rst": "not an article", "bad.txt": ""})
    app = ReaderApp(empty, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await documents_arrive(pilot)
        await pilot.pause()
        assert "No articles" in (app.query_one(DocumentList).message or "")
        await pilot.press("j", "enter", "slash", "x", "enter", "escape", "at", "escape", "n", "right_square_bracket")
        assert app.is_running and app.current is None
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        assert "Problems: 1 file rejected, 0 warnings" in screen_text(app)
        await pilot.press("escape", "q")
    assert app.return_code == 0

    app = ReaderApp(tmp_path / "missing", state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            if (app.query_one(DocumentList).message or "").startswith("Cannot read"):
                break
            await pilot.pause(0.02)
        assert (app.query_one(DocumentList).message or "").startswith("Cannot read")
        await pilot.press("q")
    assert app.return_code == 0


@pytest.fixture
def names_take_a_while(monkeypatch: pytest.MonkeyPatch) -> None:
    """Built in a child process as a big corpus is, and with names that take a while to index."""
    import reader.names
    import reader.store

    monkeypatch.setattr(reader.store, "PROCESS_MIN_FILES", 1)
    real_build = reader.names.NameIndex.build

    def slow_build(documents, *arguments, **options):
        if documents:
            if options.get("progress") is not None:
                options["progress"]("resolve", 1, 2)  # 67% of the names' work done
            time.sleep(1.5)
        return real_build(documents, *arguments, **options)

    monkeypatch.setattr(reader.names.NameIndex, "build", slow_build)


async def test_a_big_corpus_is_listed_before_its_names_are_indexed(ui_corpus: Path, ui_state: Path,
                                                                     names_take_a_while: None) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state, name_query="sutskvr")
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await documents_arrive(pilot)
        assert app.store is not None and not app.names_ready, "the documents came first"
        assert len(app.query_one(DocumentList).documents) == 3
        assert "indexing names" in screen_text(app)
        for _ in range(50):  # the list's title says how far the names are, as the build says
            if "Documents · indexing names… 67%" in screen_text(app):
                break
            await pilot.pause(0.02)
        assert "Documents · indexing names… 67%" in screen_text(app)
        await pilot.press("at")
        assert any("still being indexed" in notice for notice in notices), notices
        await pilot.press("slash", *"bret taylor")  # filtered meanwhile, by what is known: no names
        await pilot.pause(0.1)
        assert len(app.query_one(DocumentList).documents) == 0
        for _ in range(200):
            if app.names_ready:
                break
            await pilot.pause(0.02)
        assert app.names_ready
        await pilot.pause(0.1)
        assert "indexing names" not in screen_text(app)
        # The query typed meanwhile is searched again with the names: Bret Taylor is in one text.
        assert [document.id for document in app.query_one(DocumentList).documents] == ["2024/return"]
        # The name asked for on the command line is walked once the names are known.
        assert app.walk is not None and app.walk.name.name == "Ilya Sutskever"
        assert "Names: " in screen_text(app), "the document shown got its names"


async def test_the_names_arriving_leave_the_cursor_on_the_hit_being_read(ui_corpus: Path, ui_state: Path,
                                                                          names_take_a_while: None) -> None:
    """A query typed while a big corpus's names are indexed is searched again when they arrive; the
    reader moved down its hits meanwhile, and stays on the row and the article it chose."""
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await documents_arrive(pilot)
        assert not app.names_ready
        await pilot.press("slash", *"openai")
        documents = app.query_one(DocumentList)
        for _ in range(50):
            if app._shown_query == "openai":
                break
            await pilot.pause(0.02)
        assert len(documents.documents) == 3, "every title says OpenAI"
        await pilot.press("down", "down")
        chosen = documents.current
        assert chosen is not None and documents.cursor == 2
        for _ in range(50):  # its preview opens
            if app.current is not None and app.current.id == chosen.id:
                break
            await pilot.pause(0.02)
        assert app.current is not None and app.current.id == chosen.id
        for _ in range(200):
            if app.names_ready:
                break
            await pilot.pause(0.02)
        assert app.names_ready
        await pilot.pause(0.5)  # the query searched again, and any preview it would start
        assert documents.current is not None and documents.current.id == chosen.id
        assert app.current is not None and app.current.id == chosen.id
        assert app.filter_bar.value == "openai" and len(documents.documents) == 3


def test_the_palette_counts_a_names_mentions_in_words_that_agree() -> None:
    from reader.model import Mention, Name
    from reader.ui.commands import _name_help

    def mention(document: str) -> Mention:
        return Mention(0, 0, 0, 4, document, "text", "Toner")

    assert _name_help(Name("Helen Toner", "person", (), (mention("a"),))).endswith("· 1 mention in 1 document")
    twice = Name("Helen Toner", "person", (), (mention("a"), mention("b"), mention("b")))
    assert _name_help(twice).endswith("· 3 mentions in 2 documents")


async def test_at_80_columns_the_list_says_whole_words_while_names_are_indexed(ui_corpus: Path, ui_state: Path,
                                                                              names_take_a_while: None) -> None:
    """The list's border has room for 26 characters at 80 columns: "Documents · indexing names…" would
    be cut to "… indexing name…"; the state is said alone there, and in full where it fits."""
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=(80, 24)) as pilot:
        await documents_arrive(pilot)
        await pilot.pause()
        assert not app.names_ready
        assert "Indexing names…" in screen_text(app) and "name…" not in screen_text(app).replace("names…", "")
        await pilot.resize_terminal(120, 30)
        await pilot.pause(0.1)
        assert "Documents · indexing names…" in screen_text(app), "in full where it fits"
        for _ in range(200):
            if app.names_ready:
                break
            await pilot.pause(0.02)
        await pilot.pause()
        assert "indexing" not in screen_text(app).lower() and "Documents" in screen_text(app)


async def test_a_collection_coming_due_runs_once_typing_pauses_not_in_a_keystroke(ui_corpus: Path, ui_state: Path) -> None:
    """A middle collection triggered by a keystroke would walk four times what it walks once
    typing pauses, all in that keystroke's frame (20 ms and more at 10k documents)."""
    collected: list[float] = []

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] >= 1:
            collected.append(time.perf_counter())

    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert gc.get_threshold() == THRESHOLDS, "the load settles the collector"
        gc.collect()  # from a known count: none due
        for _ in range(THRESHOLDS[1] // 2):
            gc.collect(0)  # each young collection brings the middle one nearer: half due now
        gc.callbacks.append(record)
        try:
            typed = time.perf_counter()
            await pilot.press("slash", "a")
            await pilot.pause(IDLE_SECONDS * 4)
            assert len(collected) == 1, "the collection due runs once input pauses"
            assert collected[0] - typed >= IDLE_SECONDS, "not while the keys come"
            await pilot.press("l")
            await pilot.pause(IDLE_SECONDS * 4)
            assert len(collected) == 1, "and not again after every key, while it is hardly due"
        finally:
            gc.callbacks.remove(record)


@pytest.mark.parametrize("opening", ["slash", "ctrl+p"])
async def test_while_names_are_indexed_the_filter_is_made_as_it_opens_not_at_the_first_letter(
        ui_corpus: Path, ui_state: Path, names_take_a_while: None, monkeypatch, opening: str) -> None:
    # The documents listed first make their filter at its first query: a second or two at 100k
    # documents that the first letter typed then waited for (the palette searches with it too).
    from reader.store import Store

    made: list[str] = []
    make_filter = Store._make_filter
    monkeypatch.setattr(Store, "_make_filter", lambda self, *a: made.append(threading.current_thread().name) or make_filter(self, *a))
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await documents_arrive(pilot)
        assert app.store is not None and not app.names_ready
        assert made == [], "not made before it is wanted: the build has the cores"
        await pilot.press(opening)
        for _ in range(50):
            if made:
                break
            await pilot.pause(0.02)
        assert made and made[0] != threading.main_thread().name, "made as it opened, off the interface's thread"
        await pilot.press(*"altman")
        await pilot.pause(0.2)
        assert len(made) == 1, "the first query found it made"
        if opening == "slash":
            assert len(app.query_one(DocumentList).documents) >= 1
