"""The name jumper and walking a name's mentions with n/N across documents."""

from __future__ import annotations

from pathlib import Path

from reader.store import Store
from reader.ui.app import ReaderApp
from reader.ui.document_list import DocumentList
from reader.ui.name_jumper import JumperInput, NameJumper, NameList
from reader.ui.reading_pane import ReadingPane
from tests.conftest import SIZE, loaded, record_notices, screen_text, write_corpus


async def open_jumper(pilot, query: str) -> NameList:
    await pilot.press("at")
    assert isinstance(pilot.app.screen, NameJumper)
    await pilot.press(*query)
    names = pilot.app.screen.query_one(NameList)
    for _ in range(100):
        if names.matches and pilot.app.screen._shown_query == query:
            break
        await pilot.pause(0.02)
    return names


def highlighted_text(pane: ReadingPane) -> str:
    assert pane.highlight is not None and pane.document is not None
    field, start, end = pane.highlight
    texts = dict(pane.document.name_fields())
    return texts[field][start:end]


def highlight_visible(pane: ReadingPane) -> bool:
    assert pane.highlight is not None
    field, start, _ = pane.highlight
    index = pane.line_of(field, start)
    top = round(pane.scroll_y)
    return index is not None and top <= index < top + pane.scrollable_content_region.height


async def test_fuzzy_name_jump_and_walk_across_documents(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=(80, 12)) as pilot:
        await loaded(pilot)
        names = await open_jumper(pilot, "sutskvr")
        assert names.current is not None and names.current.name == "Ilya Sutskever"
        assert names.matches[0].spans, "matched characters are marked"
        await pilot.press("enter")
        assert not isinstance(app.screen, NameJumper)

        pane = app.query_one(ReadingPane)
        # From the top of the newest document: its own mention comes first.
        assert app.current is not None and app.current.id == "2025/letters"
        assert highlighted_text(pane) == "Ilya Sutskever" and highlight_visible(pane)
        assert isinstance(app.focused, ReadingPane)
        assert app.walk is not None
        total = len(app.walk.mentions)
        assert total == 3
        assert f"Ilya Sutskever 1/{total}" in str(pane.border_subtitle)

        await pilot.press("n")
        assert app.current.id == "2023/board"
        assert highlighted_text(pane) == "Ilya Sutskever" and highlight_visible(pane)
        assert f"Ilya Sutskever 2/{total}" in str(pane.border_subtitle)
        first_in_board = pane.highlight

        await pilot.press("n")
        assert app.current.id == "2023/board" and pane.highlight != first_in_board
        assert highlight_visible(pane)
        assert f"3/{total}" in str(pane.border_subtitle)

        await pilot.press("n")  # wraps around to the first
        assert app.current.id == "2025/letters" and "1/3" in str(pane.border_subtitle)
        await pilot.press("N")  # and back to the last
        assert app.current.id == "2023/board" and "3/3" in str(pane.border_subtitle)
        await pilot.press("N", "N")
        assert app.current.id == "2025/letters"


async def test_jump_starts_at_current_position(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("G", "enter")  # the oldest document, read from its top
        assert app.current is not None and app.current.id == "2023/board"
        await open_jumper(pilot, "ilya")
        await pilot.press("enter")
        assert app.current.id == "2023/board"
        assert app.walk is not None and app.walk.index == 1  # its first mention, not the newest document's


async def test_escape_closes_jumper_and_n_without_a_name(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        assert any("press @" in notice for notice in notices)
        await open_jumper(pilot, "musk")
        await pilot.press("escape")
        assert not isinstance(app.screen, NameJumper)
        assert app.walk is None


async def test_arrows_choose_another_name(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("at")
        names = app.screen.query_one(NameList)
        for _ in range(100):
            if names.matches:
                break
            await pilot.pause(0.02)
        assert len(names.matches) >= 3  # a blank query lists every name, most mentioned first
        counts = [len(match.name.mentions) for match in names.matches]
        assert counts == sorted(counts, reverse=True)
        await pilot.press("down")
        second = names.current
        await pilot.press("enter")
        assert app.walk is not None and app.walk.name == second


async def test_name_option_opens_at_first_mention(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, name_query="murati", state_path=ui_state)
    async with app.run_test(size=(80, 12)) as pilot:
        await loaded(pilot)
        assert app.walk is not None and app.walk.name.name == "Mira Murati"
        assert app.current is not None and app.current.id == "2023/board"
        pane = app.query_one(ReadingPane)
        assert highlighted_text(pane) == "Mira Murati" and highlight_visible(pane)


async def test_ctrl_o_goes_back_to_before_the_jump(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=(80, 12)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "enter", "space")  # reading 2024/return, scrolled
        pane = app.query_one(ReadingPane)
        before = (app.current.id if app.current else None, pane.anchor)
        await open_jumper(pilot, "sutskever")
        await pilot.press("enter", "n")
        assert app.current is not None and app.current.id != before[0]
        await pilot.press("ctrl+o")
        assert (app.current.id, pane.anchor) == before
        await pilot.press("ctrl+o")  # nothing further back: a notice, no change
        assert app.current.id == before[0]


async def test_the_jumper_groups_the_thousands_of_a_big_count(tmp_path: Path, ui_state: Path) -> None:
    from tests.conftest import write_corpus

    corpus = write_corpus(tmp_path / "corpus", {
        f"day-{day:02}.txt": f" date 2024-01-{day:02} Notes of day {day}\n\n" + "Mira Murati spoke at length. " * 50
        for day in range(1, 25)
    })
    app = ReaderApp(corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        names = await open_jumper(pilot, "murati")
        assert names.current is not None and names.current.name == "Mira Murati"
        assert names.current.mention_count == 1_200
        row = "".join(segment.text for segment in names.render_row(0, 100, names.row_styles(False)))
        assert row.rstrip().endswith("1,200 in    24 docs")


async def test_a_name_in_one_document_says_doc_not_docs(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        names = await open_jumper(pilot, "")
        rows = ["".join(segment.text for segment in names.render_row(index, 90, names.row_styles(False)))
                for index in range(names.row_count)]
        single = [row for row, match in zip(rows, names.matches) if match.name.documents == 1]
        several = [row for row, match in zip(rows, names.matches) if match.name.documents > 1]
        assert single and several
        assert all(row.endswith(" 1 doc ") for row in single), single
        assert all(row.endswith(" docs") for row in several)
        assert len({len(row) for row in rows}) == 1, "the columns stay aligned"


async def test_a_grown_corpus_is_walked_by_its_earlier_names_while_they_are_updated(
        ui_corpus: Path, ui_state: Path, monkeypatch) -> None:
    import time

    import reader.names
    import reader.store
    from reader.store import Store
    from tests.conftest import screen_text

    monkeypatch.setattr(reader.store, "PROCESS_MIN_FILES", 1)  # built in a child, as a big corpus is
    Store.load(ui_corpus)  # the cache of the last start
    (ui_corpus / "2026").mkdir()
    (ui_corpus / "2026" / "news.txt").write_text(" date 2026-01 Ilya Sutskever started a new company.\n")
    real_build = reader.names.NameIndex.build

    def slow_build(documents, *arguments, **options):
        time.sleep(1.5)
        return real_build(documents, *arguments, **options)

    monkeypatch.setattr(reader.names.NameIndex, "build", slow_build)
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert not app.names_ready, "the documents came first"
        assert len(app.store.documents) == 4 and "updating names" in screen_text(app)
        names = await open_jumper(pilot, "sutskvr")
        assert "Names as of the last start" in screen_text(app)
        assert names.current is not None and names.current.mention_count == 3, "the earlier count"
        await pilot.press("enter")
        # From the newest document, which has no earlier names: the first mention after it.
        assert app.walk is not None and app.current is not None and app.current.id == "2025/letters"
        pane = app.query_one(ReadingPane)
        assert highlighted_text(pane) == "Ilya Sutskever" and "Ilya Sutskever 1/3" in str(pane.border_subtitle)

        for _ in range(300):
            if app.names_ready:
                break
            await pilot.pause(0.02)
        assert app.names_ready
        await pilot.pause()
        assert "updating names" not in screen_text(app)
        # The same mention, now one of four: the new article's comes first.
        assert app.walk.name is app.store.name_index.get("Ilya Sutskever")
        assert "Ilya Sutskever 2/4" in str(pane.border_subtitle)
        await pilot.press("N")
        assert app.current.id == "2026/news" and highlighted_text(pane) == "Ilya Sutskever"
        # The jumper opened before matched the earlier names: the next one matches the new ones.
        names = await open_jumper(pilot, "sutskvr")
        assert "Names as of the last start" not in screen_text(app)
        assert names.current is not None and names.current.mention_count == 4


async def test_the_jumper_opens_with_every_name_listed_not_matching_first(ui_corpus: Path, ui_state: Path,
                                                                          monkeypatch) -> None:
    """A blank query lists every name in a few milliseconds: the box is drawn once with them, where
    a worker's answer redrew it twice more (and flashed "Matching…")."""
    messages: list[str | None] = []
    real_show_message = NameList.show_message

    def show_message(self, message: str | None) -> None:
        messages.append(message)
        real_show_message(self, message)

    monkeypatch.setattr(NameList, "show_message", show_message)
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("at")
        names = app.screen.query_one(NameList)
        assert [match.name.name for match in names.matches] == [name.name for name in app.store.names]
        assert "Matching…" not in messages


async def test_the_jumper_covers_the_reader_rather_than_dimming_it(ui_corpus: Path, ui_state: Path) -> None:
    """Dimming the reader behind the box meant drawing the whole reader again, blended cell by cell,
    for a margin of a few cells: half the cost of opening the jumper."""
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "Documents" in screen_text(app)
        await pilot.press("at")
        await pilot.pause()
        shown = screen_text(app)
        assert "Jump to a name" in shown
        assert "Documents" not in shown and "to filter" not in shown


async def test_the_jumper_opens_again_as_new(ui_corpus: Path, ui_state: Path) -> None:
    """The app keeps the jumper from one `@` to the next (a new one is laid out again as it opens):
    what was typed and chosen in it the last time is gone."""
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        names = await open_jumper(pilot, "alt")
        await pilot.press("down")
        await pilot.press("escape")
        assert not isinstance(app.screen, NameJumper)
        await pilot.press("at")
        again = app.screen.query_one(NameList)
        assert again is names, "the same jumper, kept"
        assert app.screen.query_one(JumperInput).value == ""
        assert [match.name.name for match in again.matches] == [name.name for name in app.store.names]
        assert again.cursor == 0 and again.scroll_y == 0
        await pilot.press(*"sutskvr")
        for _ in range(100):
            if again.current is not None and again.current.name == "Ilya Sutskever":
                break
            await pilot.pause(0.02)
        await pilot.press("enter")
        assert app.walk is not None and app.walk.name.name == "Ilya Sutskever"


async def test_the_palette_opened_over_the_jumper_leaves_what_was_typed(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await open_jumper(pilot, "alt")
        jumper = app.screen
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen is not jumper, "the command palette opened"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is jumper
        assert jumper.query_one(JumperInput).value == "alt"


async def test_the_names_listed_first_are_counted_off_the_interfaces_thread(ui_corpus: Path, ui_state: Path,
                                                                            monkeypatch) -> None:
    """Counting the documents of a name found all over a big corpus takes a millisecond or more: the
    jumper's first rows must not count them as it opens (a first `@` drew for 73-87 ms at 100k)."""
    import threading

    import reader.name_mentions
    from reader.ui.app import NAMES_COUNTED_AFTER

    counted_on: list[bool] = []
    real_packed_orders = reader.name_mentions.packed_orders

    def packed_orders(packed):
        counted_on.append(threading.current_thread() is threading.main_thread())
        return real_packed_orders(packed)

    monkeypatch.setattr(reader.name_mentions, "packed_orders", packed_orders)
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.pause(NAMES_COUNTED_AFTER + 0.1)
        await app.workers.wait_for_complete()
        counted_on.clear()
        await pilot.press("at")
        await pilot.pause()
        assert "docs" in screen_text(app)
        assert not any(counted_on), "the jumper's rows counted documents as it opened"


async def test_a_corpus_is_listed_and_walked_without_going_through_every_document(tmp_path: Path, ui_state: Path) -> None:
    # The interface's thread lists the documents: going through all of them there (a dict of their
    # places, say) held up the first keys for a tenth of a second at 100,000 documents.
    articles = {f"{number:03}.txt": f"Article {number}\n\nSam Altman spoke on day {number}.\n" for number in range(300)}
    store = Store.load(write_corpus(tmp_path / "corpus", articles), use_cache=False, processes=False)
    walks: list[int] = []

    class WatchedDocuments(list):
        def __iter__(self):
            walks.append(len(self))
            return super().__iter__()

    store.documents = WatchedDocuments(store.documents)
    app = ReaderApp(store=store, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("j", "j")
        await open_jumper(pilot, "altman")
        await pilot.press("enter")  # its first mention from the third document on
        assert app.current is store.documents[2]
        await pilot.press("n")
        assert app.current is store.documents[3]
        assert app.walk is not None and app.walk.name.name == "Sam Altman"
    assert walks == []


async def test_a_name_walked_through_a_filtered_list_finds_its_rows_without_searching_the_list(
        tmp_path: Path, ui_state: Path, monkeypatch) -> None:
    # Each step to another document looked for it among the hits, ranking them all: 25 ms a step
    # with 33,000 hits.
    from reader.search import _RankedDocuments

    articles = {f"{number:03}.txt": f"{'Board' if number % 2 == 0 else 'Deal'} {number}\n\nSam Altman spoke on day {number}.\n"
                for number in range(300)}
    store = Store.load(write_corpus(tmp_path / "corpus", articles), use_cache=False, processes=False)
    gone_through: list[int] = []
    every_hit = _RankedDocuments.__iter__
    monkeypatch.setattr(_RankedDocuments, "__iter__", lambda self: gone_through.append(len(self)) or every_hit(self))
    app = ReaderApp(store=store, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        documents = app.query_one(DocumentList)
        await pilot.press("slash", *"board")
        for _ in range(100):
            if len(documents.documents) == 150:
                break
            await pilot.pause(0.02)
        await pilot.press("enter")  # the top hit, with the list still filtered
        await open_jumper(pilot, "altman")
        await pilot.press("enter")
        for _ in range(6):
            await pilot.press("n")
            assert app.current is not None
            shown = documents.documents[documents.cursor]
            if app.current.title.startswith("Board"):
                assert shown is app.current, "the list's cursor is on the document walked to"
            else:
                assert shown.title.startswith("Board"), "no row for a document the filter leaves out"
        assert len(documents.documents) == 150
    assert gone_through == []
