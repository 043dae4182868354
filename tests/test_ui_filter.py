"""The filter bar: narrowing on every keystroke, Enter, Esc, arrows, and never a stale result."""

from __future__ import annotations

import threading
from pathlib import Path

from reader.ui.app import ReaderApp
from reader.ui.document_list import DocumentList
from reader.ui.filter_bar import FilterBar
from reader.ui.reading_pane import ReadingPane
from tests.conftest import SIZE, loaded


async def wait_for_hits(pilot, count: int) -> DocumentList:
    documents = pilot.app.query_one(DocumentList)
    for _ in range(100):
        if len(documents.documents) == count and pilot.app._shown_query == pilot.app.query_one(FilterBar).value:
            break
        await pilot.pause(0.02)
    return documents


async def test_slash_focuses_filter_and_typing_narrows(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, FilterBar)
        await pilot.press("apostrophe", *"letters")  # exact, as in fzf
        documents = await wait_for_hits(pilot, 1)
        assert [d.id for d in documents.documents] == ["2025/letters"]
        assert str(documents.border_subtitle) == "1/3"
        # Matched characters of the title are highlighted.
        assert documents.hits is not None and documents.hits[0].title_spans
        await pilot.press(*["backspace"] * 8)
        documents = await wait_for_hits(pilot, 3)
        assert str(documents.border_subtitle) == "3/3"


async def test_enter_opens_top_hit_and_focuses_reader(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"bret", "enter")
        assert app.current is not None and app.current.id == "2024/return"
        assert isinstance(app.focused, ReadingPane)


async def test_escape_clears_and_returns_to_list(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"murati")
        await wait_for_hits(pilot, 1)
        await pilot.press("escape")
        assert app.query_one(FilterBar).value == ""
        assert isinstance(app.focused, DocumentList)
        documents = await wait_for_hits(pilot, 3)
        assert len(documents.documents) == 3 and documents.hits is None


async def test_arrows_in_filter_move_the_list_and_q_is_typed(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash", "q")
        assert app.is_running and app.query_one(FilterBar).value == "q"
        await pilot.press("backspace", *"openai")
        await wait_for_hits(pilot, 3)
        await pilot.press("down", "down")
        assert app.query_one(DocumentList).cursor == 2
        await pilot.press("up")
        assert app.query_one(DocumentList).cursor == 1


async def test_no_match_says_so(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"zzzzqx")
        documents = await wait_for_hits(pilot, 0)
        assert documents.message == "No document matches."
        await pilot.press("enter")  # nothing to open: no crash, focus stays
        assert isinstance(app.focused, FilterBar)


async def test_slow_filter_never_shows_a_stale_result_and_typing_is_not_blocked(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.store is not None
        release = threading.Event()
        real_filter = app.store.filter
        seen: list[str] = []

        def slow_filter(query: str):
            seen.append(query)
            if query == "s":
                release.wait(5)  # the first keystroke's search is slow
            return real_filter(query)

        app.filter_bar.use(slow_filter)
        await pilot.press("slash", "s")
        await pilot.press(*"utskever")  # typed while "s" is still being searched
        assert app.query_one(FilterBar).value == "sutskever"
        shown = app.query_one(DocumentList)
        assert len(shown.documents) == 3  # the slow result has not arrived; nothing stale either
        release.set()
        documents = await wait_for_hits(pilot, 2)
        assert app._shown_query == "sutskever"
        assert {d.id for d in documents.documents} == {"2025/letters", "2023/board"}
        # Keystrokes typed during the slow search were coalesced into one search for the latest query.
        assert seen[0] == "s" and seen[-1] == "sutskever" and len(seen) <= 3
