"""Building the store in forked child processes gives the same store, and never loses one.

A big corpus is built in a child (`Store.load(..., processes=True)`, the default from
`PROCESS_MIN_FILES` files), part of its files read and scanned by a second child
(`tests/test_parallel_load.py`), and its cache read while a child checks that no file changed. Here the same paths run on small corpora, forced.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

import reader.forked
import reader.loading
import reader.names
import reader.store
from reader.forked import ChildFailed, Forked, can_fork, in_background
from reader.loading import list_corpus, load_listed
from reader.progress import NAMES
from reader.store import Store
from tests.bench.synthetic import write_corpus

pytestmark = pytest.mark.skipif(not can_fork(), reason="building in child processes needs a safe fork (Linux)")

SEEDS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """120 synthetic articles in the raw shapes, the shipped seeds, a duplicate and a bad file."""
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, 120, seed=3)
    shutil.copytree(SEEDS, folder / "seeds")
    shutil.copy(sorted(SEEDS.glob("000_*.txt"))[0], folder / "copy-of-000.txt")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    return folder


def snapshot(store: Store) -> tuple:
    """Everything a reader sees of a store."""
    return (
        store.documents,
        store.problems,
        [(name.name, name.kind, name.aliases, tuple(name.mentions)) for name in store.names],
        {document.id: [(name.name, count) for name, count in store.names_in(document.id)] for document in store.documents},
        [hit.document.id for hit in store.filter("altman")],
    )


def test_a_store_built_in_a_child_is_the_store_built_here(corpus: Path) -> None:
    reports: list[tuple[int, int]] = []
    in_child = Store.load(corpus, lambda done, total: reports.append((done, total)), use_cache=False, processes=True)
    here = Store.load(corpus, use_cache=False, processes=False)
    assert snapshot(in_child) == snapshot(here)
    assert in_child.root == corpus
    files = len(list_corpus(corpus).files)
    assert reports[-1] == (files, files), "the child's progress reaches the parent, to the last file"
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    assert any("duplicate of" in problem.message for problem in in_child.problems)


def test_documents_come_first_then_the_same_documents_with_their_names(corpus: Path) -> None:
    early: list[Store] = []
    store = Store.load(corpus, processes=True, documents_first=early.append)
    assert len(early) == 1
    first = early[0]
    assert first.names == [] and first.names_in(first.documents[0].id) == []
    assert len(first.documents) == len(store.documents)
    assert all(a is b for a, b in zip(first.documents, store.documents)), "the store reuses the documents sent first"
    assert [hit.document.id for hit in first.filter("board")], "the documents can be filtered before the names"
    assert store.names and snapshot(store) == snapshot(Store.load(corpus, use_cache=False, processes=False))
    # What the child wrote into the cache (documents first, then the store) reads back whole.
    assert snapshot(Store.load(corpus)) == snapshot(store)


def _two_parts(report) -> list:
    shared = {"sent": "first"}
    report.send(shared)
    return [shared, "second"]


def test_a_later_part_refers_to_an_earlier_one() -> None:
    child = Forked(_two_parts)
    first = child.result(last=False)
    second = child.result()
    assert first == {"sent": "first"} and second[0] is first and second[1] == "second"
    child.stop()


def test_a_child_that_fails_costs_nothing_but_time(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()
    real_build = reader.names.NameIndex.build

    def build_failing_in_a_child(*arguments, **options):
        if os.getpid() != parent:
            os._exit(3)  # as if killed mid-build: no result, no error message
        return real_build(*arguments, **options)

    monkeypatch.setattr(reader.names.NameIndex, "build", build_failing_in_a_child)
    store = Store.load(corpus, use_cache=False, processes=True)
    assert snapshot(store) == snapshot(Store.load(corpus, use_cache=False, processes=False))


def test_the_child_writes_the_cache_and_says_when_it_cannot(corpus: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    built = Store.load(corpus, processes=True)
    assert built.cache_warning is None
    monkeypatch.setattr(reader.loading, "load_listed", _must_not_build)
    assert snapshot(Store.load(corpus)) == snapshot(built), "the second start reads what the child wrote"

    monkeypatch.setattr(reader.loading, "load_listed", load_listed)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    unwritable = Store.load(corpus, processes=True)
    assert unwritable.cache_warning and "could not write the corpus cache" in unwritable.cache_warning
    assert snapshot(unwritable) == snapshot(built)


def test_a_big_cache_is_read_while_a_child_checks_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "corpus"
    write_corpus(folder, 40, seed=5)
    monkeypatch.setattr(reader.store, "PROCESS_MIN_FILES", 10)
    first = Store.load(folder)
    checked: list[bool] = []
    real_check = reader.store._cached_checked_meanwhile
    monkeypatch.setattr(reader.store, "_cached_checked_meanwhile",
                        lambda *arguments: checked.append(True) or real_check(*arguments))
    monkeypatch.setattr(reader.loading, "load_listed", _must_not_build)
    assert snapshot(Store.load(folder)) == snapshot(first)
    assert checked

    # A changed file is seen at once: the stale cache read meanwhile is dropped.
    monkeypatch.setattr(reader.loading, "load_listed", load_listed)
    changed = sorted(folder.rglob("*.txt"))[0]
    changed.write_text(" date 2031-01 The board of Example Corp met again today, and nobody resigned.\n")
    os.utime(changed, ns=(time.time_ns(), time.time_ns()))
    again = Store.load(folder)
    assert any(document.date == "2031-01" for document in again.documents)
    assert len(again.documents) == len(first.documents)


def _must_not_build(*_arguments: object, **_options: object) -> None:
    raise AssertionError("built again although the cache was good")


# -- the forked-child helper itself ----------------------------------------------------------------


def _count_to(report, last: int) -> list[int]:
    for number in range(1, last + 1):
        report(number, last)
    return list(range(last))


def _raise(_report) -> None:
    raise ValueError("no such article")


def _die(_report) -> None:
    os._exit(9)


def _sleep(_report) -> None:
    time.sleep(30)


def test_a_forked_child_reports_progress_and_returns_its_result() -> None:
    reports: list[tuple[int, int]] = []
    child = Forked(_count_to, 5)
    assert child.result(lambda done, total: reports.append((done, total))) == [0, 1, 2, 3, 4]
    assert reports[-1] == (5, 5)
    child.stop()


def _files_then_names(report) -> None:
    report(3, 3)
    report(40, 100, NAMES)  # at once: the files' reports are thinned out, never the names'
    report(100, 100, NAMES)


def test_a_forked_child_says_how_far_its_names_are_apart_from_its_files() -> None:
    reports: list[tuple] = []
    child = Forked(_files_then_names)
    child.result(lambda *report: reports.append(report))
    assert reports == [(3, 3), (40, 100, NAMES), (100, 100, NAMES)]
    assert child.progress == (3, 3), "the files read, as a helper's share is counted"
    child.stop()


def _collecting(_report, said: Path) -> tuple[bool, str]:
    import gc

    pid = in_background(lambda: said.write_text(str(gc.isenabled())))
    assert pid is not None
    os.waitpid(pid, 0)
    return gc.isenabled(), said.read_text()


def test_children_do_not_collect_cycles(tmp_path: Path) -> None:
    """A child does one job and ends: collecting there only walks what it made (0.6 s of a 100k
    build, in the first collection after a paused stretch) and copies the parent's pages it reads."""
    import gc

    assert gc.isenabled()
    child = Forked(_collecting, tmp_path / "said")
    assert child.result() == (False, "False")  # the child, and a background writer
    child.stop()
    assert gc.isenabled()  # the parent collects as before




def test_a_childs_pipe_holds_a_whole_chunk() -> None:
    """The child writes 1 MB chunks: a pipe of Linux's default 64 kB made it wait on the parent's
    unpickling 16 times a chunk (100k documents took 1.7-2.0 s to come across, 1.2 s with it)."""
    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_GETPIPE_SZ"):
        pytest.skip("no pipe sizes here")
    with open("/proc/sys/fs/pipe-max-size") as limit:
        if int(limit.read()) < reader.forked._CHUNK_BYTES:
            pytest.skip("pipes are limited below a chunk here")
    child = Forked(_count_to, 3)
    assert fcntl.fcntl(child._read_end, fcntl.F_GETPIPE_SZ) >= reader.forked._CHUNK_BYTES
    assert child.result() == [0, 1, 2]
    child.stop()

class Part:
    """A picklable object that can be watched (a weak reference) for when it is freed."""

    def __init__(self, number: int) -> None:
        self.number = number


def _parts(_report) -> list[Part]:
    return [Part(number) for number in range(3)]


def test_a_result_is_freed_with_its_last_reference_without_a_collection() -> None:
    """What the parent unpickled is not held on to by the reading (a child never collects, and a
    reader freezes what it keeps): dropping the result frees it at once."""
    import gc
    import weakref

    collecting = gc.isenabled()
    gc.disable()
    try:
        child = Forked(_parts)
        parts = child.result()
        watched = weakref.ref(parts[1])
        del parts
        assert watched() is None
        child.stop()
    finally:
        if collecting:
            gc.enable()

@pytest.mark.parametrize(
    ("work", "patience", "said"),
    [(_raise, None, "ValueError: no such article"), (_die, None, "without a result"), (_sleep, 0.3, "too long")],
    ids=["raises", "dies", "hangs"],
)
def test_a_failed_child_is_reported_and_reaped(work, patience: float | None, said: str) -> None:
    child = Forked(work)
    pid = child.pid
    with pytest.raises(ChildFailed, match=said):
        child.result(patience=patience)
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no zombie left behind


def test_a_hang_up_ends_a_child_without_running_the_parents_handler(tmp_path: Path) -> None:
    import signal
    import threading

    saved = tmp_path / "state-saved-by-the-handler"

    def save_state(_signum, _frame) -> None:
        saved.write_text("stale state")

    previous = signal.signal(signal.SIGHUP, save_state)
    outcome: list[BaseException] = []

    def load_in_a_thread() -> None:  # as the interface does: the fork happens off the main thread
        child = Forked(_sleep)
        os.kill(child.pid, signal.SIGHUP)  # at once: before the child could set its own handlers
        try:
            child.result(patience=10)
        except ChildFailed as error:
            outcome.append(error)

    try:
        thread = threading.Thread(target=load_in_a_thread)
        thread.start()
        thread.join(20)
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert outcome and "without a result" in str(outcome[0])
    assert not saved.exists(), "the child ran the parent's hang-up handler"


def test_a_child_ends_when_its_parent_is_killed_outright() -> None:
    import subprocess
    import sys

    script = (
        "import time\n"
        "from reader.forked import Forked\n"
        "child = Forked(lambda report: time.sleep(60))\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[1])
    try:
        child_pid = int(parent.stdout.readline())
        assert _alive(child_pid)
    finally:
        parent.kill()
        parent.wait()
    for _ in range(100):
        if not _alive(child_pid):
            break
        time.sleep(0.05)
    assert not _alive(child_pid), "the child went on working for a parent that was gone"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[-1][:1] not in ("Z", "X")
    except OSError:
        return False


def test_nothing_a_child_prints_reaches_the_terminal() -> None:
    import subprocess
    import sys

    script = (
        "import os, sys\n"
        "from reader.forked import Forked\n"
        "def chatty(report):\n"
        "    print('LEAK from print', flush=True)\n"
        "    sys.stderr.write('LEAK to stderr\\n'); sys.stderr.flush()\n"
        "    os.write(2, b'LEAK from C-level writes\\n')\n"
        "    return 'done'\n"
        "print(Forked(chatty).result())\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).resolve().parents[1])
    assert result.stdout == "done\n"
    assert "LEAK" not in result.stderr


def test_a_documents_marks_make_only_its_own_mentions(corpus: Path) -> None:
    from reader.name_mentions import CompactName

    store = Store.load(corpus, use_cache=False, processes=False)
    fresh = Store.load(corpus, use_cache=False, processes=False)
    for document in fresh.documents[:40]:
        marks = fresh.mentions_in(document.id)
        assert all(mention.document_id == document.id for mention in marks)
        assert marks == sorted(marks)
    compact = [name for name in fresh.names if isinstance(name, CompactName)]
    assert compact and all(name._columns is not None for name in compact), \
        "reading documents made every mention of their names"
    # The same marks as cutting them out of every mention of each name (made in the other store).
    for document in fresh.documents[:40]:
        everything = sorted(mention for name, _ in store.names_in(document.id) for mention in name.mentions
                            if mention.document_id == document.id)
        assert fresh.mentions_in(document.id) == everything


def test_walking_a_name_makes_only_the_mentions_read(corpus: Path) -> None:
    from reader.name_mentions import CompactName

    store = Store.load(corpus, use_cache=False, processes=False)
    reference = Store.load(corpus, use_cache=False, processes=False)
    name = store.names[0]  # the most mentioned
    assert isinstance(name, CompactName)
    walk = store.walk(name.name)
    everything = reference.mentions(name.name)
    assert len(walk) == len(everything) > 1
    assert [walk[0], walk[-1], *walk[1:3]] == [everything[0], everything[-1], *everything[1:3]]
    assert name._columns is not None, "walking made every mention of the name"
    assert store.walk("no such name") == []


def test_a_cancelled_build_stops_and_leaves_no_half_written_cache(corpus: Path) -> None:
    from reader.cache import CorpusCache
    from reader.paths import cache_dir
    from reader.scan_cache import scan_path
    from reader.store import LoadCancelled

    with pytest.raises(LoadCancelled):
        # Cancelled before the documents come: nothing of the build is worth keeping.
        Store.load(corpus, processes=True, documents_first=lambda _store: None, cancelled=lambda: True)
    assert not cache_dir().exists() or list(cache_dir().rglob("*")) == []
    listed: list[Store] = []
    with pytest.raises(LoadCancelled):
        # Cancelled once the documents are listed: the child is then writing the cache.
        Store.load(corpus, processes=True, documents_first=listed.append, cancelled=lambda: bool(listed))
    assert listed, "cancelled after the documents came"
    cache = CorpusCache(corpus)
    scan = scan_path(cache.path).name  # kept if the scan was done before the stop: it is whole
    assert settled(cache_dir()) - {scan} == {cache.documents_path.name}, "only the documents, for the next load"
    assert snapshot(Store.load(corpus)) == snapshot(Store.load(corpus, use_cache=False, processes=False))
    assert settled(cache_dir()) - {scan} == {cache.path.name}, "a whole cache replaces the unfinished build's documents"


def settled(folder: Path, patience: float = 10.0) -> set[str]:
    """The files in `folder` once none is being written (a scan's writer may outlive its build)."""
    deadline = time.monotonic() + patience
    while True:
        names = {path.name for path in folder.iterdir()}
        if not any(name.endswith(".tmp") for name in names) or time.monotonic() > deadline:
            return names
        time.sleep(0.05)


def test_a_cache_left_half_written_by_a_process_long_gone_is_removed(corpus: Path) -> None:
    from reader.paths import cache_dir

    gone = _ended_process()
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    abandoned = folder / f".corpus-{gone}-old.tmp"
    recent = folder / f".corpus-{gone}-recent.tmp"
    alive = folder / f".corpus-{os.getpid()}-alive.tmp"
    unnamed = folder / ".corpus-k2h4j9ab.tmp"  # as earlier versions named it
    for path in (abandoned, recent, alive, unnamed):
        path.write_bytes(b"half a cache")
    an_hour_ago, two_days_ago = time.time() - 3600, time.time() - 2 * 86400
    os.utime(abandoned, (an_hour_ago, an_hour_ago))
    os.utime(alive, (an_hour_ago, an_hour_ago))
    os.utime(unnamed, (two_days_ago, two_days_ago))
    Store.load(corpus, processes=False)  # writes the cache
    assert not abandoned.exists() and not unnamed.exists()
    assert recent.exists(), "recently written: perhaps a reader this process cannot see"
    assert alive.exists(), "its writer still runs"


def _ended_process() -> int:
    import subprocess

    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_store_built_in_a_child_is_kept_out_of_the_collectors_sight(corpus: Path) -> None:
    """What comes back from the child lives as long as the reader: no collection is to walk it
    (0.2 s at 100k documents, just before the first rows); the collector runs meanwhile."""
    import gc

    gc.unfreeze()
    listed: list[Store] = []
    store = Store.load(corpus, use_cache=False, processes=True, documents_first=listed.append)
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(store.documents) * 5
