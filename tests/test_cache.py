"""The corpus cache: reused while nothing changed, rebuilt when stale or corrupt, never fatal."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import reader.loading
import reader.names
import reader.loading
from reader.cache import CorpusCache
from reader.loading import Listing
from reader.store import Store

ARTICLE = " date 2024-03 Sam Altman returned to the board of OpenAI. Ilya Sutskever stayed away.\n\nMore text.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "return.txt").write_text(ARTICLE)
    (folder / "other.txt").write_text(" date 2023-11 Microsoft hired Sam Altman for a weekend.\n")
    return folder


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[Listing]:
    """Records each time the store is really built from the files."""
    seen: list[Listing] = []
    real = reader.loading.load_listed

    def counting(listing, progress=None, **options):
        seen.append(listing)
        return real(listing, progress, **options)

    monkeypatch.setattr(reader.loading, "load_listed", counting)
    return seen


def titles(store: Store) -> list[str]:
    return [document.title for document in store.documents]


def test_second_load_comes_from_the_cache(corpus: Path, builds: list[Listing]) -> None:
    first = Store.load(corpus)
    second = Store.load(corpus)
    assert len(builds) == 1
    assert titles(second) == titles(first)
    assert [hit.document.id for hit in second.filter("sutskever")] == ["return"]
    assert [m.document_id for m in second.mentions("Sam Altman")] == [m.document_id for m in first.mentions("Sam Altman")]


def test_a_changed_file_rebuilds(corpus: Path, builds: list[Listing]) -> None:
    Store.load(corpus)
    target = corpus / "return.txt"
    target.write_text(ARTICLE.replace("returned to", "came back to"))
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 1_000_000_000))
    store = Store.load(corpus)
    assert len(builds) == 2
    assert "came back to" in store.document("return").text
    (corpus / "new.txt").write_text(" date 2025-01 Elon Musk made a bid for OpenAI.\n")
    assert "new" in [document.id for document in Store.load(corpus).documents]
    assert len(builds) == 3


def test_a_corrupt_cache_is_rebuilt_quietly(corpus: Path, builds: list[Listing]) -> None:
    Store.load(corpus)
    cache = CorpusCache(corpus)
    cache.path.write_bytes(b"openai-reader-cache 1\n" + b"\x80\x05garbage" * 10)
    store = Store.load(corpus)
    assert len(builds) == 2 and len(store.documents) == 2
    assert Store.load(corpus) and len(builds) == 2  # and the rebuilt cache is good again


def test_an_unwritable_cache_folder_is_not_fatal(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    store = Store.load(corpus)
    assert len(store.documents) == 2
    assert store.cache_warning and "cache" in store.cache_warning


def test_the_cache_never_goes_into_the_corpus(corpus: Path) -> None:
    before = sorted(path.name for path in corpus.iterdir())
    Store.load(corpus)
    Store.load(corpus)
    assert sorted(path.name for path in corpus.iterdir()) == before
