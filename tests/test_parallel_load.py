"""A big corpus read on two processes, names scanned as the files are read (`reader.parallel_load`).

The result must be what reading in one process and scanning in display order gives, to the byte:
the same documents and problems, the same index. Here on small corpora, called directly.
"""

from __future__ import annotations

import os
import pickle
import random
import shutil
from pathlib import Path

import pytest

import reader.loading
import reader.name_scan
from reader.forked import can_fork
from reader.listing import list_corpus
from reader.loading import load_listed
from reader.name_index import NameIndex
from reader.name_scan import Scanner
from reader.names import document_fields, load_curated
from reader.normalise import normalise
from reader.parallel_load import load_and_scan
from reader.search import DocumentFilter, fold_documents
from tests.bench.synthetic import write_corpus

pytestmark = pytest.mark.skipif(not can_fork(), reason="reading on two processes needs a safe fork (Linux)")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus"
DEVSET = ROOT.parent / "shared" / "devset"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synthetic articles in three languages, the seeds, duplicates on both sides of the split,
    and a file that is no text."""
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, 150, seed=11)
    shutil.copytree(SEEDS, folder / "seeds")
    originals = sorted(folder.rglob("*.txt"))
    for number, original in enumerate(originals[::37]):
        shutil.copy(original, folder / f"aa-copy-{number}.txt")  # read first: the copy is kept
        shutil.copy(original, folder / f"zz-copy-{number}.txt")  # read last: dropped
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    return folder


def one_process(root: Path) -> tuple:
    loaded = load_listed(list_corpus(root))
    return loaded, NameIndex.build(loaded.documents, load_curated(root)[0], parallel=False)


def test_two_processes_read_and_index_exactly_what_one_does(corpus: Path) -> None:
    listing = list_corpus(corpus)
    reports: list[tuple[int, int]] = []
    first: list = []
    ahead: list = []

    def meanwhile(loaded) -> None:  # what a build makes while the helper finishes its part
        ahead.append((loaded, document_fields(loaded.documents), fold_documents(loaded.documents)))

    loaded, scanned = load_and_scan(listing, lambda done, total: reports.append((done, total)), first.append, meanwhile)
    [(handed, fields, folded)] = ahead
    index = NameIndex.build(loaded.documents, load_curated(corpus)[0], scanned=scanned, fields=fields)
    expected_loaded, expected_index = one_process(corpus)
    assert loaded == expected_loaded
    assert sum("duplicate of" in problem.message for problem in loaded.problems) >= 4
    assert pickle.dumps(index) == pickle.dumps(expected_index), "the same index, to the byte"
    assert first == [loaded], "the documents are handed on once, before the names are indexed"
    assert handed is loaded
    def names_of(document_id: str):
        return [name.name for name in expected_index.names_of(document_id)]

    made_ahead = DocumentFilter(loaded.documents, names_of, folded)
    made_here = DocumentFilter(expected_loaded.documents, names_of)
    for query in ["sutskever", "altman board", "^2024", "seeds/", "nl !openai"]:
        assert [(hit.document.id, hit.score) for hit in made_ahead.filter(query)] == \
            [(hit.document.id, hit.score) for hit in made_here.filter(query)], query
    files = len(listing.files)
    assert reports[-1] == (files, files)
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)


@pytest.mark.parametrize("step", ["reading", "scanning"])
def test_a_helper_that_fails_leaves_its_share_to_this_process(corpus: Path, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    expected_loaded, expected_index = one_process(corpus)
    parent = os.getpid()
    if step == "reading":
        real = reader.loading._load_file

        def failing(item):
            if os.getpid() != parent:
                raise MemoryError("as if the helper ran out of memory")
            return real(item)

        monkeypatch.setattr(reader.parallel_load, "_load_file", failing)
    else:
        real_scan = Scanner.scan

        def failing(self, *arguments):
            if os.getpid() != parent:
                os._exit(3)  # killed after sending its documents: no scan comes back
            return real_scan(self, *arguments)

        monkeypatch.setattr(reader.name_scan.Scanner, "scan", failing)
    loaded, scanned = load_and_scan(list_corpus(corpus))
    assert loaded == expected_loaded
    index = NameIndex.build(loaded.documents, load_curated(corpus)[0], scanned=scanned)
    assert pickle.dumps(index) == pickle.dumps(expected_index)


@pytest.mark.parametrize("seed", range(4))
def test_scanning_in_any_order_then_renumbering_is_scanning_in_display_order(seed: int) -> None:
    roots = [SEEDS, DEVSET] if DEVSET.is_dir() else [SEEDS]
    slashes = normalise("Elon Musk bought X / Twitter in 2022. He said Twitter / X would change.\n", "slashes", "slashes.txt")
    documents = [slashes, *(document for root in roots for document in load_listed(list_corpus(root)).documents)]
    documents += documents[:2]  # scanned twice, kept once: the second copies are left out
    shuffled = list(range(len(documents)))
    random.Random(seed).shuffle(shuffled)
    kept = len(documents) - 2
    scanner = Scanner()
    dropped = Scanner()
    display_order = [-1] * len(documents)
    for number, position in enumerate(shuffled):
        scanner.scan_document(number, documents[position])
        if position >= kept:
            dropped.scan_document(number, documents[position])
        else:
            display_order[number] = position
    scanner.renumber(display_order, dropped)
    scanner.in_display_order(document.language for document in documents[:kept])
    in_order = Scanner()
    for position, document in enumerate(documents[:kept]):
        in_order.scan_document(position, document)
    renumbered = NameIndex.build(documents[:kept], None, scanned=scanner)
    assert pickle.dumps(renumbered) == pickle.dumps(NameIndex.build(documents[:kept], None, scanned=in_order))
    assert pickle.dumps(renumbered) == pickle.dumps(NameIndex.build(documents[:kept], None, parallel=False))
    assert state(scanner) == state(in_order)


def state(scanner: Scanner) -> tuple:
    """What pass two reads of a finished scanner, with runs by their text (their numbers may differ)."""
    groups = [
        (language, [(scanner.run_texts[signature >> reader.name_scan.SIGNATURE_BITS], signature & 15, occurrences)
                    for signature, occurrences in by_signature.items()])
        for language, by_signature in scanner.groups.items()
    ]
    positive = lambda counter: {key: count for key, count in counter.items() if count > 0}  # noqa: E731
    return groups, scanner.coordinated, positive(scanner.lower_counts), positive(scanner.reliable)


def test_a_store_read_on_two_processes_is_the_store_read_on_one(corpus: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import reader.store
    from reader.store import Store

    used = tmp_path / "used"  # the building child says so through a file: its memory is its own
    real = reader.parallel_load.load_and_scan
    monkeypatch.setattr(reader.parallel_load, "load_and_scan", lambda *arguments: used.touch() or real(*arguments))
    monkeypatch.setattr(reader.store, "_PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(reader.store, "idle_core", lambda: True)
    early: list[Store] = []
    two = Store.load(corpus, use_cache=False, processes=True, documents_first=early.append)
    one = Store.load(corpus, use_cache=False, processes=False)
    assert used.exists()
    assert two.documents == one.documents and two.problems == one.problems
    assert pickle.dumps(two.name_index) == pickle.dumps(one.name_index)
    assert [hit.document.id for hit in two.filter("altman")] == [hit.document.id for hit in one.filter("altman")]
    assert len(early) == 1 and early[0].documents == one.documents


def test_a_store_read_on_two_processes_says_how_far_its_names_are_once_its_files_are_read(
        corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import reader.store
    from reader.store import Store

    monkeypatch.setattr(reader.store, "_PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(reader.store, "idle_core", lambda: True)
    said: list[tuple] = []
    Store.load(corpus, use_cache=False, processes=True, progress=lambda *files: said.append(("files", *files)),
               names_progress=lambda percent: said.append(("names", percent)))
    files = sum(1 for path in corpus.rglob("*") if path.suffix in (".txt", ".md"))
    last_file = max(number for number, (stage, *_) in enumerate(said) if stage == "files")
    assert said[last_file] == ("files", files, files)
    names = said[last_file + 1 :]
    assert names and all(stage == "names" for stage, *_ in names), names
    percents = [percent for _, percent in names]
    # The last said is the store made and being sent: 100% sat on the screen for the two seconds a
    # store of 100,000 documents took to reach the reader.
    assert percents == sorted(set(percents)) and percents[-2:] == [90, 95], percents


@pytest.mark.parametrize("told_after", [0, 3, 7, None])
def test_a_share_scanned_partly_before_the_display_order_is_known(told_after: int | None) -> None:
    from reader.parallel_load import _Scan

    documents = [document for root in (SEEDS, ROOT / "tests" / "hostile" / "corpus") for document in load_listed(list_corpus(root)).documents]
    loaded = [(document, []) for document in documents]
    loaded[2:2] = [(None, []), (documents[0], [])]  # an unreadable file, and a duplicate left out early
    loaded.append((documents[4], []))  # a duplicate left out late
    display_of = {id(document): position for position, document in enumerate(reversed(documents))}
    order = [-1 if document is None or (number in (3, len(loaded) - 1)) else display_of[id(document)]
             for number, (document, _) in enumerate(loaded)]
    scan = _Scan()
    for number, (document, _) in enumerate(loaded):
        if number == told_after:
            scan.order = order
        scan.add(number, document)
    if told_after is None:
        scan.order = order
    scanner = scan.placed(loaded)
    in_display_order = list(reversed(documents))
    scanner.in_display_order(document.language for document in in_display_order)
    in_order = Scanner()
    for position, document in enumerate(in_display_order):
        in_order.scan_document(position, document)
    expected = NameIndex.build(in_display_order, None, scanned=in_order)
    assert pickle.dumps(NameIndex.build(in_display_order, None, scanned=scanner)) == pickle.dumps(expected)
    assert state(scanner) == state(in_order), "duplicates left out early are no longer counted"


def test_this_process_scans_the_helpers_documents_it_has_not_reached(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow helper (another program on its core, say) leaves documents to this process, which
    takes them from the back while the helper goes on from the front: the same index."""
    import time

    expected_loaded, expected_index = one_process(corpus)
    parent = os.getpid()
    real_scan = Scanner.scan_document

    def slow_in_the_helper(self, *arguments):
        if os.getpid() != parent:
            time.sleep(0.01)
        return real_scan(self, *arguments)

    real_take = reader.parallel_load._Shared.take
    taken_here: list[int] = []

    def take(self, most, from_back):
        taken = real_take(self, most, from_back)
        if os.getpid() == parent:
            taken_here.extend(taken)
        return taken

    monkeypatch.setattr(reader.name_scan.Scanner, "scan_document", slow_in_the_helper)
    monkeypatch.setattr(reader.parallel_load._Shared, "take", take)
    said: list[tuple[str, int, int]] = []
    listing = list_corpus(corpus)
    loaded, scanned = load_and_scan(listing, names_progress=lambda *report: said.append(report))
    assert len(taken_here) > 20, "this process took over part of the helper's share"
    # Meanwhile it says how many documents either process has scanned (or claimed), never fewer.
    counts = [done for part, done, total in said if part == "scan" and total == len(listing.files)]
    assert len(counts) == len(said) >= 2 and counts == sorted(counts) and counts[-1] <= len(listing.files)
    assert counts[-1] - counts[0] >= 16, said
    assert loaded == expected_loaded
    index = NameIndex.build(loaded.documents, load_curated(corpus)[0], scanned=scanned)
    assert pickle.dumps(index) == pickle.dumps(expected_index)
