"""A corpus that changed a little since it was cached: only its new and changed files are read.

The documents of files whose size and modification time are those the cache was built from are
taken over from the stale cache; the store is still exactly the one a first load builds. These
paths run for a corpus of `PROCESS_MIN_FILES` files and more, lowered here to keep corpora small.
"""

from __future__ import annotations

import errno
import gc
import os
import pickle
import random
import shutil
import time
from itertools import chain
from pathlib import Path

import pytest

import reader.cache
import reader.names
import reader.store
from reader.cache import CorpusCache
from reader.earlier_store import EarlierDocuments, EarlierNames
from reader.forked import can_fork
from reader.listing import list_corpus
from reader.name_scan import Scanner
from reader.scan_cache import scan_path
from reader.store import LoadCancelled, Store
from tests.bench.synthetic import write_corpus
from tests.test_store_processes import snapshot

pytestmark = pytest.mark.skipif(not can_fork(), reason="the cache is checked and the store built in child processes")

SEEDS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """60 synthetic articles, the shipped seeds and a bad file; loaded once, so that it is cached."""
    monkeypatch.setattr(reader.store, "PROCESS_MIN_FILES", 10)
    folder = tmp_path / "corpus"
    write_corpus(folder, 60, seed=7)
    shutil.copytree(SEEDS, folder / "seeds")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    Store.load(folder)
    kept = scan_path(CorpusCache(folder).path)
    deadline = time.monotonic() + 10
    while not kept.exists() and time.monotonic() < deadline:
        time.sleep(0.02)  # written by a process of its own, which may outlive the build by a moment
    return folder


def cached_now(folder: Path) -> Store | None:
    """The cached store of the files as they are now, waiting a moment for it: a grown corpus's
    cache is written by a process of its own, which may outlive the load."""
    cache = CorpusCache(folder)
    deadline = time.monotonic() + 10
    while True:
        cached = cache.load(reader.store._signature(folder, list_corpus(folder)))
        if cached is not None or time.monotonic() > deadline:
            return cached
        time.sleep(0.02)


def same_index(one: Store, other: Store) -> bool:
    return pickle.dumps(one.name_index) == pickle.dumps(other.name_index)


def articles(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.txt"))


def rewrite_keeping_stamp(path: Path, text: str) -> None:
    """New text of the same size, with the old modification time: to the cache, unchanged."""
    info = path.stat()
    data = text.encode("utf-8")
    assert len(data) <= info.st_size
    path.write_bytes(data + b" " * (info.st_size - len(data)))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def test_a_grown_corpus_gives_the_store_a_first_load_gives(corpus: Path) -> None:
    files = articles(corpus)
    files[3].write_text(" date 2031-02 Ilya Sutskever and Sam Altman met the board of Example Corp.\n")
    shutil.copy(files[5], corpus / "zz-copy-of-5.txt")  # a duplicate among the new files
    (corpus / "zz-new.md").write_text("# Satya Nadella visits Example Corp\n\nSatya Nadella spoke to the staff.\n")
    files[8].unlink()
    # `x.md` sorts before `x.txt` and takes the id `x`: the unchanged `x.txt` is now `x.txt`.
    (corpus / f"{files[4].stem}.md").write_text("Mira Murati leaves OpenAI to start her own company.\n")
    early: list[Store] = []

    grown = Store.load(corpus, documents_first=early.append)

    first_load = Store.load(corpus, use_cache=False, processes=False)
    assert snapshot(grown) == snapshot(first_load)
    assert same_index(grown, first_load)
    assert any(document.date == "2031-02" for document in grown.documents)
    assert "zz-new" in {document.id for document in grown.documents}
    ids = {document.id for document in grown.documents}
    assert files[8].stem not in ids
    assert {files[4].stem, files[4].name} <= ids
    assert any(problem.path == "zz-copy-of-5.txt" and "duplicate of" in problem.message for problem in grown.problems)
    assert any(problem.path == "binary.txt" for problem in grown.problems), "a rejected file is still reported"
    assert len(early) == 1 and all(a is b for a, b in zip(early[0].documents, grown.documents))
    # The rebuilt store was cached in its turn.
    cached = cached_now(corpus)
    assert cached is not None and snapshot(cached) == snapshot(grown) and same_index(cached, grown)


@pytest.mark.parametrize("listed_first", [False, True], ids=["store at once", "documents first"])
def test_a_grown_corpus_says_when_its_cache_cannot_be_written(corpus: Path, listed_first: bool,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache of a grown corpus is written by a process of its own; a folder that takes no new
    file is still told, as a first load tells it (root writes through any mode: the file system
    itself refuses here, in the children too, which inherit the patch)."""
    stale = CorpusCache(corpus).path.read_bytes()

    def read_only(_folder: Path):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(reader.cache, "unfinished_file", read_only)
    (corpus / "zz-new.txt").write_text("Satya Nadella said Microsoft would hire Sam Altman.\n")

    grown = Store.load(corpus, documents_first=(lambda _store: None) if listed_first else None)

    assert grown.cache_warning and "could not write the corpus cache" in grown.cache_warning
    assert "Read-only file system" in grown.cache_warning
    assert "zz-new" in {document.id for document in grown.documents}
    assert CorpusCache(corpus).path.read_bytes() == stale, "the cache the reader had is left as it was"


def test_a_grown_corpus_says_its_names_are_as_far_as_the_store_made(corpus: Path) -> None:
    """The names' percent of a grown corpus goes on to the store made and sent, as a first load's
    does: at 100k documents it stood at 90% for the seconds the store took to reach the reader."""
    (corpus / "zz-new.txt").write_text("Satya Nadella said Microsoft would hire Sam Altman.\n")
    percents: list[int] = []

    grown = Store.load(corpus, names_progress=percents.append)

    assert "zz-new" in {document.id for document in grown.documents}
    assert percents and percents == sorted(set(percents)), percents
    assert percents[-1] == 95, percents


@pytest.mark.parametrize("listed_first", [False, True], ids=["store at once", "documents first"])
def test_only_new_and_changed_documents_are_scanned_for_names_again(corpus: Path, tmp_path: Path, listed_first: bool,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether or not the documents are listed first, only what changed is scanned."""
    assert scan_path(CorpusCache(corpus).path).exists(), "the first load kept its scan"
    log = tmp_path / "scanned.log"
    scan_document = Scanner.scan_document

    def logged(self: Scanner, order: int, document) -> None:
        with open(log, "a") as file:  # written by the child that builds: it inherits this patch
            file.write(f"{document.id}\n")
        scan_document(self, order, document)

    monkeypatch.setattr(Scanner, "scan_document", logged)
    indexed_in = tmp_path / "indexed-in.log"
    build = reader.names.NameIndex.build.__func__

    def watched_build(cls, *arguments, **options):
        with open(indexed_in, "a") as file:
            file.write(f"{os.getpid()}\n")
        return build(cls, *arguments, **options)

    monkeypatch.setattr(reader.names.NameIndex, "build", classmethod(watched_build))
    files = articles(corpus)
    files[3].write_text(" date 2031-02 Ilya Sutskever and Sam Altman met the board of Example Corp.\n")
    (corpus / "zz-new.txt").write_text("Satya Nadella said Microsoft would hire Sam Altman.\n")
    early: list[Store] = []

    grown = Store.load(corpus, documents_first=early.append if listed_first else None)

    assert len(early) == listed_first
    assert indexed_in.read_text().split() and str(os.getpid()) not in indexed_in.read_text().split(), \
        "the names were indexed by a child, not here"
    # The old version of the changed file is scanned to be uncounted, its new version to be counted.
    assert sorted(log.read_text().split()) == sorted([files[3].stem, files[3].stem, "zz-new"])
    first_load = Store.load(corpus, use_cache=False, processes=False)
    assert snapshot(grown) == snapshot(first_load)
    assert same_index(grown, first_load), "the same index to the byte, whatever order its parts came in"


def test_a_kept_scan_that_cannot_be_read_is_scanned_again(corpus: Path) -> None:
    scan_path(CorpusCache(corpus).path).write_bytes(b"openai-reader-scan 1\nnot a pickle")
    (corpus / "zz-new.txt").write_text("Satya Nadella said Microsoft would hire Sam Altman.\n")
    grown = Store.load(corpus)
    assert snapshot(grown) == snapshot(Store.load(corpus, use_cache=False, processes=False))


def test_unchanged_files_are_taken_over_not_read_again(corpus: Path) -> None:
    files = articles(corpus)
    kept_text = next(document.text for document in Store.load(corpus).documents if document.id == files[2].stem)
    rewrite_keeping_stamp(files[2], "Nobody reads this sentence while the cache vouches for the file.")
    (corpus / "zz-new.txt").write_text("Sam Altman returns as chief executive of OpenAI.\n")

    grown = Store.load(corpus)

    texts = {document.id: document.text for document in grown.documents}
    assert texts[files[2].stem] == kept_text
    assert "zz-new" in texts


def test_after_quitting_while_names_were_indexed_the_documents_are_taken_over(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader.store, "PROCESS_MIN_FILES", 10)
    folder = tmp_path / "corpus"
    write_corpus(folder, 60, seed=8)
    listed: list[Store] = []
    with pytest.raises(LoadCancelled):
        Store.load(folder, documents_first=listed.append, cancelled=lambda: bool(listed))
    cache = CorpusCache(folder)
    assert cache.documents_path.exists() and not cache.path.exists()
    files = articles(folder)
    kept_text = next(document.text for document in listed[0].documents if document.id == files[2].stem)
    rewrite_keeping_stamp(files[2], "Nobody reads this sentence: the documents of the last start vouch for it.")
    early: list[Store] = []

    store = Store.load(folder, documents_first=early.append)

    assert {document.id: document.text for document in store.documents}[files[2].stem] == kept_text
    assert early and store.names, "the documents came first, then the names, as on any load"
    assert not early[0].names_outdated and not early[0].names, "a build stopped before its names left none"
    assert cached_now(folder) is not None and not cache.documents_path.exists()


def test_new_reader_code_reads_every_file_again(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = articles(corpus)
    rewrite_keeping_stamp(files[2], "Every file is read again by a reader of another version.")
    (corpus / "zz-new.txt").write_text("Sam Altman returns as chief executive of OpenAI.\n")
    module = tmp_path / "changed_module.py"
    module.write_text("# a module of the reader that was not there when the cache was made\n")
    code_files = reader.store._code_files
    monkeypatch.setattr(reader.store, "_code_files", lambda: [*code_files(), (module, "<reader>/changed_module.py")])

    texts = {document.id: document.text for document in Store.load(corpus).documents}

    assert texts[files[2].stem].startswith("Every file is read again")


def test_the_reader_keeps_one_copy_of_each_document(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The documents of unchanged files are the stale cache's very objects, and the child that
    indexes the names sends none back: a second copy would double the reader's memory while the
    names are indexed (hundreds of MB at 100k documents). The earlier documents not taken over
    are let go."""
    files = articles(corpus)
    files[3].write_text("Mira Murati leaves OpenAI to start her own company.\n")
    (corpus / "zz-new.txt").write_text("Sam Altman returns as chief executive of OpenAI.\n")
    made: list[EarlierDocuments] = []
    earlier_documents: list = []
    of = EarlierDocuments.of.__func__

    def watched(cls, earlier_signature, documents, now):
        earlier_documents.extend(documents)
        earlier = of(cls, earlier_signature, documents, now)
        made.append(earlier)
        return earlier

    monkeypatch.setattr(EarlierDocuments, "of", classmethod(watched))
    grown = Store.load(corpus)
    assert len(made) == 1 and made[0] is not None, "the stale cache offered its documents"
    assert len(made[0]) == 0
    by_id = {document.id: document for document in earlier_documents}
    unchanged = [document for document in grown.documents if document.id not in {files[3].stem, "zz-new"}]
    assert unchanged and all(by_id[document.id] is document for document in unchanged)
    assert by_id[files[3].stem] is not grown.document(files[3].stem)
    assert "zz-new" in {document.id for document in grown.documents}


def test_the_documents_listed_first_carry_the_earlier_names_of_the_documents_unchanged(corpus: Path) -> None:
    """A reader walks names at once on a grown corpus: the earlier index's mentions in the documents
    that did not change, at those documents' new places, until the new index comes."""
    # A name mentioned most in a file then removed: with the mentions left it ranks lower again.
    boosted = Store.load(corpus).names[4]
    sentences = " ".join([f"{boosted.name} said so."] * (Store.load(corpus).names[0].mention_count + 5))
    (corpus / "boost.txt").write_text(f" date 2020-01 {sentences}\n")
    earlier = Store.load(corpus)
    assert earlier.names[0].name == boosted.name
    files = articles(corpus)
    changed, removed = files[3], corpus / "boost.txt"
    changed.write_text(" date 2031-02 Ilya Sutskever and Sam Altman met the board of Example Corp.\n")
    removed.unlink()
    (corpus / "zz-new.txt").write_text(" date 2032-01 Satya Nadella said Microsoft would hire Sam Altman.\n")
    early: list[Store] = []

    grown = Store.load(corpus, documents_first=early.append)

    listed = early[0]
    assert listed.names_outdated and not grown.names_outdated
    assert listed.documents[0].id == "zz-new", "the newest document moved every other one down"
    gone = {changed.stem, removed.stem, "zz-new"}
    place = {document.id: order for order, document in enumerate(listed.documents)}
    expected = {}
    for name in earlier.names:
        kept = [(place[mention.document_id], mention.field, mention.start, mention.end, mention.surface)
                for mention in earlier.mentions(name) if mention.document_id not in gone]
        if kept:
            expected[name.name] = kept
    carried = {name.name: [(mention.order, mention.field, mention.start, mention.end, mention.surface)
                           for mention in listed.mentions(name)] for name in listed.names}
    assert carried == expected
    assert [name.name for name in listed.names] == sorted(expected, key=lambda name: (-len(expected[name]), name.casefold()))
    assert listed.names[0].name != boosted.name
    for mention in (mention for name in listed.names for mention in listed.walk(name)):
        document = listed.document(mention.document_id)
        assert document is not None and mention.document_id not in gone
        assert dict(document.name_fields())[mention.field][mention.start : mention.end] \
            == dict(earlier.document(mention.document_id).name_fields())[mention.field][mention.start : mention.end]
    for document in listed.documents:
        assert [(name.name, count) for name, count in listed.names_in(document.id)] == (
            [] if document.id in gone else [(name.name, count) for name, count in earlier.names_in(document.id)])
    # The names are found through their aliases too, and the filter searches them.
    sutskever = listed.match_names("sutskvr")[0].name
    assert listed.name_index.get("Ilya Sutskever") is sutskever
    assert [hit.document.id for hit in listed.filter("Ilya Sutskever")] != []
    # The new index counts the new and changed documents too.
    assert len(grown.mentions("Satya Nadella")) > len(listed.mentions("Satya Nadella"))



def test_an_index_moved_to_new_places_moves_made_and_compact_names_alike() -> None:
    """Two new documents ahead of the rest, the first one gone: every mention one place down."""
    store = Store.load(SEEDS, use_cache=False)
    index = store.name_index
    index.names[0].mentions  # made now; the others keep theirs packed
    ids = [document.id for document in store.documents]
    gone = ids[0]

    def described(mentions, shift: int):
        return [(mention.order + shift, mention.field_index, mention.start, mention.end, mention.document_id,
                 mention.field, mention.surface) for mention in mentions if mention.document_id != gone]

    expected = {name.name: described(name.mentions, 1) for name in index.names if described(name.mentions, 1)}
    names_in_second = [(name.name, count) for name, count in index.names_in(ids[1])]
    assert index.names_in(gone) != []

    counted = {name.name: name.documents for name in index.names}  # counted before the move, and kept
    assert any(name.documents > 1 for name in index.names if any(m.document_id == gone for m in name.mentions))

    index.move([-1, *range(2, len(ids) + 1)], ["new-a", "new-b", *ids[1:]])

    # A name's number of documents is counted again: the one gone no longer counts.
    assert {name.name: name.documents for name in index.names} == {
        name.name: len({mention.document_id for mention in name.mentions}) for name in index.names}
    assert any(name.documents < counted[name.name] for name in index.names)

    # Walked as a reader walks them (a packed name makes each mention as it is read), then made.
    assert {name.name: described(getattr(name, "walk", lambda: name.mentions)(), 0) for name in index.names} == expected
    assert {name.name: described(name.mentions, 0) for name in index.names} == expected
    assert index.names_in(gone) == []
    assert [(name.name, count) for name, count in index.names_in(ids[1])] == names_in_second
    assert all(index.get(name.name) is name for name in index.names)


def test_when_the_child_fails_the_names_are_indexed_by_the_reader(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (corpus / "zz-new.txt").write_text("Satya Nadella said Microsoft would hire Sam Altman.\n")
    reader_process = os.getpid()
    indexing = reader.store._indexing

    def failing_in_children(*arguments):
        if os.getpid() != reader_process:
            raise MemoryError("no memory in the child")
        return indexing(*arguments)

    monkeypatch.setattr(reader.store, "_indexing", failing_in_children)
    early: list[Store] = []

    grown = Store.load(corpus, documents_first=early.append)

    assert all(a is b for a, b in zip(early[0].documents, grown.documents, strict=True))
    first_load = Store.load(corpus, use_cache=False, processes=False)
    assert snapshot(grown) == snapshot(first_load) and same_index(grown, first_load)
    assert cached_now(corpus) is not None, "and cached"


def test_the_documents_listed_first_get_their_filter_while_the_names_are_indexed(corpus: Path) -> None:
    """A core is free meanwhile: the first query then finds the titles folded (a second or two at
    100k documents), and searches the earlier names too."""
    (corpus / "zz-new.txt").write_text("Satya Nadella said Microsoft would hire Sam Altman.\n")
    early: list[Store] = []

    Store.load(corpus, documents_first=early.append)

    listed = early[0]
    deadline = time.monotonic() + 10
    while listed._document_filter is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert listed._document_filter is not None, "made without a query"
    hits = [hit.document.id for hit in listed.filter("satya nadella")]
    assert hits and "zz-new" in hits


def in_collectors_sight(objects: list[object]) -> list[object]:
    """Those of `objects` a cycle collection would walk: in a generation, not frozen."""
    seen = {id(tracked) for generation in range(3) for tracked in gc.get_objects(generation)}
    return [item for item in objects if id(item) in seen]


def test_what_a_grown_corpus_lists_first_is_out_of_the_collectors_sight(corpus: Path) -> None:
    """The interface draws the documents listed first while their names are indexed: no cycle
    collection walks them, their filter, nor the listing of files the build reads (at 100,000
    files, such collections held every thread, the interface's too, for 50-200 ms each)."""
    (corpus / "zz-new.txt").write_text("Satya Nadella said Microsoft would hire Sam Altman.\n")
    seen_when_listed: list[list[object]] = []

    def listed_first(store: Store) -> None:
        listing_in_sight = [found for found in gc.get_objects() if type(found).__name__ == "_Found"
                            and found.location.startswith(str(corpus))]
        seen_when_listed.append([*in_collectors_sight([store, store.documents, *store.documents]), *listing_in_sight])
        store.fold_for_filter()  # as on its own thread meanwhile
        seen_when_listed.append(in_collectors_sight(store._document_filter.parts()))

    store = Store.load(corpus, documents_first=listed_first)

    assert "zz-new" in {document.id for document in store.documents}
    assert seen_when_listed == [[], []]


def test_no_cycle_collection_walks_the_listing_a_grown_corpus_is_read_from(corpus: Path) -> None:
    """The child that checked the files sends their listing (an entry per file, 100,000 at 100k,
    which the build reads from): the first collection after it walked them all (about 0.13 s,
    holding every thread) and passed them on to be walked again (on the interface's thread)."""
    (corpus / "zz-new.txt").write_text("Satya Nadella said Microsoft would hire Sam Altman.\n")
    entries_walked: list[int] = []

    def heard(phase: str, info: dict) -> None:
        if phase == "start":
            walked = chain.from_iterable(gc.get_objects(generation) for generation in range(info["generation"] + 1))
            entries_walked.append(sum(1 for tracked in walked if type(tracked).__name__ == "_Found"
                                      and tracked.location.startswith(str(corpus))))

    thresholds = gc.get_threshold()
    gc.collect()
    gc.set_threshold(50)  # a collection soon after anything is made, as at 100,000 files
    gc.callbacks.append(heard)
    try:
        store = Store.load(corpus, documents_first=lambda listed: None)
    finally:
        gc.callbacks.remove(heard)
        gc.set_threshold(*thresholds)
    assert "zz-new" in {document.id for document in store.documents}
    assert entries_walked and not any(entries_walked), f"collections walked {entries_walked} entries"


def test_earlier_names_that_cannot_be_moved_over_leave_the_documents_listed_without_names(
        corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (corpus / "zz-new.txt").write_text("Satya Nadella said Microsoft would hire Sam Altman.\n")

    def broken(self, documents):
        raise OverflowError("an order out of range")

    monkeypatch.setattr(EarlierNames, "for_documents", broken)
    early: list[Store] = []

    grown = Store.load(corpus, documents_first=early.append)

    assert early[0].names == [] and not early[0].names_outdated
    assert grown.names and grown.mentions("Satya Nadella")


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("placed", ["one by one", "sorted in"])
def test_taking_the_unchanged_documents_over_gives_what_reading_every_file_gives(
        tmp_path: Path, seed: int, placed: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`load_grown` looks again only at the documents new files touch; reading every file is the
    oracle, over corpora changed at random: files rewritten, removed and added, new duplicates of
    earlier documents sorting before and after them, duplicates among the new files, an id taken
    by a new sibling, dates that put new documents anywhere, bad files."""
    import reader.loading
    from reader.loading import list_corpus, load_grown, load_listed

    if placed == "sorted in":
        monkeypatch.setattr(reader.loading, "_INSERTED_AT_MOST", 0)
    monkeypatch.setattr(reader.loading, "_SLICE", 7)  # taken a few files at a time: many seams crossed
    rng = random.Random(seed)
    folder = tmp_path / "corpus"
    write_corpus(folder, 40, seed=seed)
    shutil.copytree(SEEDS, folder / "seeds")
    files = articles(folder)
    shutil.copy(files[0], folder / "zz-old-copy.txt")  # a duplicate already then
    signature_then = reader.store._signature(folder, listing_then := list_corpus(folder))
    then = load_listed(listing_then)

    def later(path: Path) -> None:
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))

    for path in rng.sample(files[1:], 4):
        path.write_bytes(path.read_bytes() + f"\nRewritten {rng.random()}.\n".encode())
        later(path)
    for path in rng.sample(files[1:], 3):
        path.unlink(missing_ok=True)
    left = articles(folder)
    for number in range(rng.randint(1, 6)):
        month = rng.choice(["2019-01", "2024-06", "2030-12", None])
        text = f"Sam Altman and Satya Nadella met, number {number} of seed {seed}.\n"
        (folder / f"new-{number}.txt").write_text(f" date {month} {text}" if month else text)
    source = rng.choice(left)
    shutil.copy(source, folder / f"000-copy-of-{source.stem}.txt")  # sorts before its original
    shutil.copy(rng.choice(left), folder / "zz-copy.txt")  # after its original
    (folder / "new-twin-a.txt").write_text("Ilya Sutskever left. Twins.\n")
    (folder / "new-twin-b.txt").write_text("Ilya Sutskever left. Twins.\n")
    (folder / f"{left[-1].stem}.md").write_text("Mira Murati leaves OpenAI. A sibling takes the id.\n")
    (folder / "binary.txt").write_bytes(b"\x00\x01" * 40)
    (folder / "empty.md").write_bytes(b"")
    listing_now = list_corpus(folder)
    earlier = EarlierDocuments.of(signature_then, then.documents, reader.store._signature(folder, listing_now))
    assert earlier is not None and len(earlier) > 30

    grown = load_grown(listing_now, None, earlier.documents, earlier.unchanged)

    assert grown == load_listed(listing_now)
