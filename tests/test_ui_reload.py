"""`R` reloads the corpus: new, changed and removed articles, and the reader kept where it was."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

import reader.ui.app
from reader.ui.app import ReaderApp
from reader.ui.reading_pane import ReadingPane
from tests.conftest import UI_CORPUS, loaded, record_notices, screen_text, write_corpus
from tests.test_ui_names import highlighted_text, open_jumper

SIZE = (140, 30)
"""Wide enough for "Documents · reloaded: 1 new, 1 changed, 1 removed" in the list's title."""
OLD_ARTICLE = " date 2022-06 A quiet year at OpenAI, before the chatbot.\n"
NEW_ARTICLE = " date 2026-01 Ilya Sutskever raised money for a new company.\n\nInvestors lined up.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", {**UI_CORPUS, "2022/old.txt": OLD_ARTICLE})


async def reloaded(pilot, notices: list[str]) -> str:
    """Press R and wait for the reload to say what it found, in the list's title (the text after
    "Documents · "), or for a notice that it could not."""
    said = len(notices)
    await pilot.press("R")
    for _ in range(250):
        if pilot.app._reloading is None and (title := list_title(pilot.app)) and "eloaded" in title:
            return title.split(" · ", 1)[-1]
        if pilot.app._reloading is None and len(notices) > said:
            return notices[-1]
        await pilot.pause(0.02)
    raise AssertionError("the reload never said it was done")


def list_title(app: ReaderApp) -> str:
    """The list's top border, as the terminal shows it."""
    top = next(line for line in screen_text(app).splitlines() if "╭─" in line)
    return top.split("╮")[0].strip("╭─ ")


def listed(app: ReaderApp) -> list[str]:
    return [document.id for document in app.document_list.documents]


async def test_R_reads_what_changed_and_the_reader_stays_on_the_mention_it_was_on(corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(corpus, state_path=ui_state)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert listed(app) == ["2025/letters", "2024/return", "2023/board", "2022/old"]
        await open_jumper(pilot, "sutskvr")
        await pilot.press("enter", "n")  # the second of three mentions: the first in the 2023 article
        pane = app.query_one(ReadingPane)
        assert app.current is not None and app.current.id == "2023/board"
        assert "Ilya Sutskever 2/3" in str(pane.border_subtitle)

        (corpus / "2026").mkdir()
        (corpus / "2026" / "new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        (corpus / "2022" / "old.txt").unlink()
        with (corpus / "2024" / "return.txt").open("a", encoding="utf-8") as changed:
            changed.write("\nThe vote was unanimous.\n")
        assert await reloaded(pilot, notices) == "reloaded: 1 new, 1 changed, 1 removed"

        assert listed(app) == ["2026/new", "2025/letters", "2024/return", "2023/board"]
        assert app.store is not None and "unanimous" in app.store.document("2024/return").text
        # The same article and mention, marked as before; its number counts the new article's.
        assert app.current is not None and app.current.id == "2023/board"
        assert highlighted_text(pane) == "Ilya Sutskever"
        assert "Ilya Sutskever 3/4" in screen_text(app)
        await pilot.press("n")
        assert "Ilya Sutskever 4/4" in screen_text(app) and app.current.id == "2023/board"
        await pilot.press("n")  # wraps round to the mention in the new article
        assert app.current.id == "2026/new" and highlighted_text(pane) == "Ilya Sutskever"
        assert await reloaded(pilot, notices) == "reloaded: no change"


async def test_removed_articles_leave_the_one_being_read_in_place_and_its_own_removal_is_said(
        corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(corpus, state_path=ui_state)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("G", "enter")
        assert app.current is not None and app.current.id == "2022/old"
        # Another article removed: the list is shorter than the cursor's row was (the list looked
        # for the article under its old cursor, past the end, and the reload failed).
        (corpus / "2025" / "letters.md").unlink()
        assert await reloaded(pilot, notices) == "reloaded: 1 removed"
        assert listed(app) == ["2024/return", "2023/board", "2022/old"]
        assert app.current.id == "2022/old" and app.document_list.current.id == "2022/old"
        assert not notices
        (corpus / "2022" / "old.txt").unlink()  # the one being read
        assert await reloaded(pilot, notices) == "reloaded: 1 removed"
        assert notices == ["The article you were reading is gone: A quiet year at OpenAI, before the chatbot"], notices
        assert listed(app) == ["2024/return", "2023/board"]
        assert app.current is not None and app.current.id == "2024/return"


async def test_a_query_typed_before_a_reload_filters_the_reloaded_articles(corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(corpus, state_path=ui_state)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"sutskever")
        await pilot.pause(0.3)
        assert listed(app) == ["2025/letters", "2023/board"]
        await pilot.press("R")
        assert app.filter_bar.value == "sutskeverR" and app._reloading is None, "in the bar, R is a letter"
        await pilot.press("backspace", "enter", "escape", "j", "enter")  # the second hit opened; the query stays
        assert app.current is not None and app.current.id == "2023/board"
        await pilot.press("question_mark", "R")
        assert app._reloading is None, "nor does R reload under the help"
        await pilot.press("escape")
        (corpus / "new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        await reloaded(pilot, notices)
        for _ in range(50):  # the query is searched again, in the filter's thread
            if len(listed(app)) == 3:
                break
            await pilot.pause(0.02)
        assert app.filter_bar.value == "sutskever"
        assert listed(app) == ["new", "2025/letters", "2023/board"]
        assert "3/5" in screen_text(app)
        await pilot.pause(0.4)  # longer than a preview waits for the cursor to rest
        # The article being read stays, and so does the cursor on it: not on the new top hit.
        assert app.current.id == "2023/board" and app.document_list.current.id == "2023/board"
        # Changed so that the query no longer finds it, it stays in the reading pane, as it now reads.
        board = corpus / "2023" / "board.txt"
        board.write_text(board.read_text(encoding="utf-8").replace("Ilya Sutskever", "the chief scientist"),
                         encoding="utf-8")
        assert await reloaded(pilot, notices) == "reloaded: 1 changed"
        for _ in range(50):
            if listed(app) == ["new", "2025/letters"]:
                break
            await pilot.pause(0.02)
        assert listed(app) == ["new", "2025/letters"]
        await pilot.pause(0.4)
        assert app.current.id == "2023/board" and "the chief scientist" in app.current.text
        assert "the chief scientist" in screen_text(app)


async def test_a_reload_that_cannot_read_the_corpus_keeps_what_was_read(corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(corpus, state_path=ui_state)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        shown = app.current
        moved = corpus.rename(corpus.with_name("moved"))
        said = await reloaded(pilot, notices)
        assert said.startswith(f"Cannot reload {corpus}"), said
        assert len(listed(app)) == 4 and app.current is shown
        assert "reloading" not in screen_text(app)
        moved.rename(corpus)
        assert await reloaded(pilot, notices) == "reloaded: no change"


async def test_the_store_a_reload_replaces_is_freed_once_keys_rest_without_a_collection(
        corpus: Path, ui_state: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every loaded store is frozen out of the collector's sight, so anything that still held the
    # earlier one in a cycle (the name jumper's matcher, a finished worker's arguments) kept a whole
    # corpus in memory, or cost a full collection (0.5 s at 100k) to free it.
    collections: list[None] = []
    monkeypatch.setattr(reader.ui.app, "resettle_collector", lambda: collections.append(None))
    monkeypatch.setattr(reader.ui.app, "FREE_REPLACED_AFTER", 0.1)
    app = ReaderApp(corpus, state_path=ui_state)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.pause(0.5)  # the names the jumper lists first are counted, by a worker
        await open_jumper(pilot, "sutskvr")
        await pilot.press("enter", "n")
        earlier = weakref.ref(app.store)
        await reloaded(pilot, notices)
        for _ in range(60):
            if earlier() is None:
                break
            await pilot.pause(0.05)
        assert earlier() is None, "the replaced store is still alive"
        assert not collections, "freed without a collection"


async def test_a_replaced_store_still_held_in_a_cycle_is_collected_once_keys_rest(
        corpus: Path, ui_state: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Long enough that a busy machine's slow keys still come before it (the assertions on "not yet").
    monkeypatch.setattr(reader.ui.app, "FREE_REPLACED_AFTER", 1.0)
    app = ReaderApp(corpus, state_path=ui_state)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        earlier = weakref.ref(app.store)
        cycle: list[object] = [app.store]
        cycle.append(cycle)
        gc.freeze()  # as the load freezes what lives: only a collection of its own frees it now
        del cycle
        await reloaded(pilot, notices)
        assert earlier() is not None
        for _ in range(12):
            await pilot.press("j")  # keys not resting: no collection yet
            await pilot.pause(0.1)
        assert earlier() is not None
        for _ in range(80):
            if earlier() is None:
                break
            await pilot.pause(0.05)
        assert earlier() is None, "the replaced store is still alive"


async def test_the_command_palette_reloads_too(corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(corpus, state_path=ui_state)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        (corpus / "new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        await pilot.press("ctrl+p", *"reload the corpus")
        await pilot.pause(0.3)
        await pilot.press("enter")
        for _ in range(250):
            if app._reloading is None and "reloaded" in list_title(app):
                break
            await pilot.pause(0.02)
        assert "new" in listed(app) and "Documents · reloaded: 1 new" in list_title(app)
        assert not notices, "said in the list's title, not over the reading pane"


async def test_a_file_rejected_at_a_reload_is_announced_and_one_mended_no_longer(corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(corpus, state_path=ui_state)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "rejected" not in screen_text(app).splitlines()[-1]
        (corpus / "broken.txt").write_bytes(b"\x00\x01binary\xff" * 40)
        assert await reloaded(pilot, notices) == "reloaded: no change"
        assert "! 1 file rejected: see why" in screen_text(app).splitlines()[-1]
        (corpus / "broken.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        assert await reloaded(pilot, notices) == "reloaded: 1 new"
        assert "rejected" not in screen_text(app).splitlines()[-1]
        assert not notices


async def test_a_corpus_emptied_and_filled_again_is_followed_by_reloads(corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(corpus, state_path=ui_state)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        for article in [*corpus.rglob("*.txt"), *corpus.rglob("*.md")]:
            article.unlink()
        assert await reloaded(pilot, notices) == "reloaded: 4 removed"
        assert "No articles (*.txt, *.md) in" in screen_text(app)
        assert "Nothing to read." in screen_text(app) and app.current is None
        (corpus / "new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        assert await reloaded(pilot, notices) == "reloaded: 1 new"
        for _ in range(50):  # nothing was being read: the first row is previewed once the cursor rests
            if app.current is not None:
                break
            await pilot.pause(0.02)
        assert listed(app) == ["new"] and app.current is not None and app.current.id == "new"


RANDOM_ARTICLES = [
    " date 2026-0{month} Ilya Sutskever and Sam Altman met at OpenAI, number {number}.\n\nMira Murati was there.\n",
    " date 2021-0{month} Microsoft and Satya Nadella spoke, number {number}.\n",
    "---\ntitle: Elon Musk sues OpenAI again, {number}\n---\nElon Musk said OpenAI broke its promise. Sam Altman disagreed.\n",
]
RANDOM_KEYS = [["j"], ["k"], ["G"], ["g"], ["enter"], ["n"], ["N"], ["escape"], ["tab"], ["slash", *"sam", "enter"],
               ["slash", *"zzzz"], ["at", *"sutskvr", "enter"], ["right_square_bracket"], ["left_square_bracket"],
               ["ctrl+o"], ["space"], ["b"]]


@pytest.mark.parametrize("seed", [1, 14])
async def test_articles_added_removed_and_edited_between_reloads_and_keys_never_break_the_reader(
        corpus: Path, ui_state: Path, monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    # A seeded walk: any exception in a handler fails the test as the app closes. Of 20 seeds,
    # 14 met the list looking under a cursor past its end after a reload (an IndexError).
    import random

    monkeypatch.setattr(reader.ui.app, "FREE_REPLACED_AFTER", 0.1)
    chance = random.Random(seed)
    app = ReaderApp(corpus, state_path=ui_state)
    async with app.run_test(size=chance.choice([(140, 30), (60, 20)])) as pilot:
        await loaded(pilot)
        for step in range(30):
            roll = chance.random()
            files = sorted(path for path in corpus.rglob("*") if path.suffix in (".txt", ".md"))
            if roll < 0.25 and files and chance.random() < 0.5:
                edited = chance.choice(files)
                if chance.random() < 0.5:
                    edited.unlink()
                else:
                    edited.write_bytes(edited.read_bytes() + f"\nEdited at step {step}. Ilya Sutskever.\n".encode())
            elif roll < 0.25:
                text = chance.choice(RANDOM_ARTICLES).format(month=chance.randint(1, 9), number=step)
                (corpus / f"added-{step}.txt").write_text(text, encoding="utf-8")
            elif roll < 0.45:
                await pilot.press("R")
                for _ in range(150):
                    if app._reloading is None:
                        break
                    await pilot.pause(0.02)
                assert app._reloading is None, f"step {step}: the reload never ended"
            else:
                await pilot.press(*chance.choice(RANDOM_KEYS))
            await pilot.pause(chance.choice([0, 0.05, 0.3]))
            if app.current is not None and app._reloading is None:
                assert app.store is not None and app.store.document(app.current.id) is not None, f"step {step}"


async def key_bar_says(pilot, text: str, *, present: bool = True) -> str:
    """The key bar once it says `text` (or no longer does), two seconds at most."""
    for _ in range(100):
        key_bar = screen_text(pilot.app).splitlines()[-1]
        if (text in key_bar) == present:
            return key_bar
        await pilot.pause(0.02)
    raise AssertionError(f"the key bar never came to {'say' if present else 'drop'} {text!r}: {key_bar!r}")


@pytest.fixture
def looks_often(monkeypatch: pytest.MonkeyPatch) -> None:
    """The corpus looked at every 50 ms, every article each time (a second and ten by default)."""
    import reader.disk_watch

    monkeypatch.setattr(reader.ui.app, "LOOK_AT_DISK_EVERY", 0.05)
    monkeypatch.setattr(reader.disk_watch, "LOOK_EVERY_MIN", 0.0)


async def test_the_key_bar_says_when_the_corpus_changed_on_disk_until_R(corpus: Path, ui_state: Path, looks_often: None) -> None:
    app = ReaderApp(corpus, state_path=ui_state)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.pause(0.3)  # several looks: nothing changed, nothing said
        assert "on disk" not in screen_text(app).splitlines()[-1]
        (corpus / "2026").mkdir()
        (corpus / "2026" / "new.txt").write_text(NEW_ARTICLE)
        (corpus / "2022" / "old.txt").unlink()
        key_bar = await key_bar_says(pilot, "R 1 new, 1 removed on disk: reload")
        assert "^p palette" in key_bar, "beside the palette key, where it fits"
        assert not notices, "said in the key bar, not over the text"
        assert listed(app) == ["2025/letters", "2024/return", "2023/board", "2022/old"], "nothing read before R"
        assert await reloaded(pilot, notices) == "reloaded: 1 new, 1 removed"
        assert listed(app)[0] == "2026/new"
        await key_bar_says(pilot, "on disk", present=False)
        await pilot.pause(0.3)
        assert "on disk" not in screen_text(app).splitlines()[-1], "the reload read it all: nothing is new since"
        # Edited back as it was read: nothing to reload any more, and the notice goes.
        (corpus / "2026" / "later.txt").write_text(OLD_ARTICLE)
        await key_bar_says(pilot, "R 1 new on disk: reload")
        (corpus / "2026" / "later.txt").unlink()
        await key_bar_says(pilot, "on disk", present=False)


async def test_what_changed_on_disk_and_files_rejected_share_the_key_bar(corpus: Path, ui_state: Path, looks_often: None) -> None:
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    app = ReaderApp(corpus, state_path=ui_state)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.pause(0.3)
        assert "on disk" not in screen_text(app).splitlines()[-1], "a rejected file met at the load is not new"
        (corpus / "new.txt").write_text(NEW_ARTICLE)
        key_bar = await key_bar_says(pilot, "R 1 new on disk: reload")
        assert "! 1 file rejected: see why" in key_bar and key_bar.index("R 1 new") < key_bar.index("! 1 file")
        await pilot.resize_terminal(100, 30)
        key_bar = await key_bar_says(pilot, "R 1 new on disk")
        assert "! 1 rejected" in key_bar and "reload" not in key_bar, "both said short"
        (corpus / "2022" / "old.txt").unlink()
        key_bar = await key_bar_says(pilot, "R 2 changes on disk")
        assert "! 1 rejected" in key_bar
        await pilot.resize_terminal(58, 24)
        key_bar = await key_bar_says(pilot, "! 1 rejected")
        assert "on disk" not in key_bar, "the one that fits alone, where two do not"
        await pilot.pause(0.3)
        assert not notices, "a toast says what changed as it comes only, not at each look or resize"
    narrow = ReaderApp(corpus, state_path=ui_state)
    notices = record_notices(narrow)
    async with narrow.run_test(size=(50, 16)) as pilot:
        await loaded(pilot)
        (corpus / "newer.txt").write_text(OLD_ARTICLE)
        for _ in range(100):
            if any("on disk" in notice for notice in notices):
                break
            await pilot.pause(0.02)
        await pilot.pause(0.3)
        assert [notice for notice in notices if "on disk" in notice] == ["1 new on disk. Press R to reload."], notices


async def test_what_changed_on_disk_is_no_longer_said_once_R_reads_it(corpus: Path, ui_state: Path, looks_often: None,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from reader.store import Store

    real_load = Store.load.__func__
    loads = []

    def slow_reload(cls, *arguments, **options):
        loads.append(1)
        if len(loads) > 1:
            time.sleep(1.0)  # a big corpus's reload: seconds
        return real_load(cls, *arguments, **options)

    monkeypatch.setattr(Store, "load", classmethod(slow_reload))
    app = ReaderApp(corpus, state_path=ui_state)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        (corpus / "new.txt").write_text(NEW_ARTICLE)
        await key_bar_says(pilot, "R 1 new on disk: reload")
        await pilot.press("R")
        await pilot.pause(0.4)  # looks due meanwhile, and one perhaps under way as R came
        assert app._reloading is not None
        assert "on disk" not in screen_text(app).splitlines()[-1], "the reload under way reads it"
        for _ in range(150):
            if app._reloading is None:
                break
            await pilot.pause(0.02)
        assert "new" in listed(app)
        await pilot.pause(0.3)
        assert "on disk" not in screen_text(app).splitlines()[-1]
        assert not notices


async def test_a_look_at_the_disk_that_fails_leaves_the_reader_reading(corpus: Path, ui_state: Path, looks_often: None,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import reader.disk_watch

    def broken(self, now=None):
        raise ValueError("a bug in the watch")

    monkeypatch.setattr(reader.disk_watch.CorpusWatch, "poll", broken)
    app = ReaderApp(corpus, state_path=ui_state)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.pause(0.3)  # several looks, each failing
        assert app.is_running and app.return_code is None
        await pilot.press("j")
        assert app.document_list.cursor == 1
