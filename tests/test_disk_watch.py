"""A reader left open hears what changed on disk since its corpus was read (`reader.disk_watch`)."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from reader.disk_watch import LOOK_EVERY_MIN, CorpusWatch
from reader.store import Store
from tests.conftest import UI_CORPUS, write_corpus


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = write_corpus(tmp_path / "corpus", {**UI_CORPUS, "bad.txt": b"\x00\x01binary"})
    return folder


def watch_of(folder: Path) -> CorpusWatch:
    store = Store.load(folder, use_cache=False)
    return CorpusWatch(folder, store.documents, store.problems)


def touch_later(path: Path, text: str) -> None:
    """Rewrite `path`, its modification time clearly moved on (file systems keep coarse times)."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


def test_nothing_changed_says_so(corpus: Path) -> None:
    watch = watch_of(corpus)
    changes = watch.poll(now=0.0)
    assert changes is not None and not changes.added and not changes.changed and not changes.removed
    assert str(changes) == "no change"


def test_articles_added_edited_and_removed_are_counted(corpus: Path) -> None:
    watch = watch_of(corpus)
    assert str(watch.poll(now=0.0)) == "no change"
    (corpus / "2026").mkdir()
    (corpus / "2026" / "news.txt").write_text("Satya Nadella spoke.\n")
    (corpus / "2026" / "notes.rst").write_text("not an article")
    touch_later(corpus / "2024" / "return.txt", "Sam Altman returned, again.\n")
    (corpus / "2025" / "letters.md").unlink()

    changes = watch.poll(now=1.0)  # a folder moved: looked at at once, not in ten seconds

    assert changes is not None and (changes.added, changes.changed, changes.removed) == (1, 1, 1)
    assert str(changes) == "1 new, 1 changed, 1 removed"


def test_a_file_rejected_when_read_is_not_new_and_its_mend_is_a_change(corpus: Path) -> None:
    watch = watch_of(corpus)
    assert str(watch.poll(now=0.0)) == "no change", "the rejected file was met: not new"
    touch_later(corpus / "bad.txt", "Now an article about OpenAI.\n")
    assert str(watch.poll(now=LOOK_EVERY_MIN)) == "1 changed"


def test_an_edit_in_place_is_found_at_the_next_look_at_every_article(corpus: Path) -> None:
    watch = watch_of(corpus)
    watch.poll(now=0.0)
    # Same folder entries, so no folder moves: only the file's own time does.
    path = corpus / "2023" / "board.txt"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("An update.\n")
    folder_time = (corpus / "2023").stat().st_mtime_ns
    os.utime(path, ns=(path.stat().st_mtime_ns + 2_000_000_000,) * 2)
    assert (corpus / "2023").stat().st_mtime_ns == folder_time
    assert watch.poll(now=1.0) is None, "between two looks, a folder check alone"
    assert str(watch.poll(now=LOOK_EVERY_MIN)) == "1 changed"


def test_the_curated_names_are_watched_too(corpus: Path) -> None:
    watch = watch_of(corpus)
    watch.poll(now=0.0)
    (corpus / "names.yaml").write_text("persons:\n  - Mira Murati\n")
    assert str(watch.poll(now=1.0)) == "1 changed"


def test_a_corpus_folder_gone_raises(corpus: Path, tmp_path: Path) -> None:
    watch = watch_of(corpus)
    watch.poll(now=0.0)
    corpus.rename(tmp_path / "elsewhere")
    with pytest.raises(OSError):
        watch.poll(now=1.0)


def test_a_big_corpus_is_looked_at_no_more_than_its_cost_allows(corpus: Path) -> None:
    import reader.disk_watch

    watch = watch_of(corpus)
    watch.poll(now=0.0)
    watch._look_cost = 1.5  # what 100,000 files cost
    assert watch.poll(now=LOOK_EVERY_MIN * 2) is None
    assert watch.poll(now=1.5 / reader.disk_watch.LOOK_COST_SHARE) is not None


def test_no_cycle_collection_walks_what_a_look_at_every_article_makes(tmp_path: Path) -> None:
    """The look makes an entry per file, all gone by its end: a collection meanwhile would only walk
    them again and again (at 100,000 files, 50-70 ms at a time, which the interface waits out too)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for number in range(1_500):  # twice Python's threshold for a collection, in entries alone
        (folder / f"{number:04}.txt").write_text(f"Article {number} on Sam Altman.\n")
    watch = watch_of(folder)
    entries_walked: list[int] = []

    def heard(phase: str, info: dict) -> None:
        if phase == "start":
            entries_walked.append(sum(1 for tracked in gc.get_objects() if type(tracked).__name__ == "_Found"))

    assert gc.isenabled(), "else no collection could start anyway"
    gc.collect()
    gc.callbacks.append(heard)
    try:
        changes = watch.poll(now=0.0)
    finally:
        gc.callbacks.remove(heard)
    assert str(changes) == "no change"
    assert not any(entries_walked), f"collections walked {entries_walked} entries"
    assert gc.isenabled(), "collecting again after the look"
