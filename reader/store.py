"""The in-memory corpus: documents, problems, the name index and the filter, behind one facade.

    >>> from reader.store import Store
    >>> store = Store.load("corpus")
    >>> [hit.document.title for hit in store.filter("altman")]
    >>> store.match_names("sutskvr")[0].name.name
    'Ilya Sutskever'

Nothing here imports Textual.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cache import CorpusCache, KnownDocumentsUnpickler, ModelSender, Signature
from reader.earlier_store import CODE_PREFIX, EarlierDocuments, EarlierNames
from reader.forked import Cancelled as LoadCancelled
from reader.forked import ChildFailed, Forked, can_fork, idle_core
from reader.gc_pause import collector_paused
from reader.listing import CURATED_FILE, Listing, corpus_signature, list_corpus
from reader.model import Document, Hit, Mention, Name, NameMatch, Problem
from reader.name_mentions import spans_by_field
from reader.progress import FILES, NamesProgress
from reader.search import DocumentFilter, FoldedDocuments, NameMatcher, every_document, fold_documents

if TYPE_CHECKING:
    from reader.name_index import NameIndex
    from reader.name_scan import Scanner
    from reader.names import DocumentFields


__all__ = ["LoadCancelled", "Store", "Document", "Hit", "Mention", "Name", "NameMatch", "Problem"]

Progress = Callable[..., None]
"""Called as `progress(done, total)` while files are read; inside a load, then also as
`progress(percent, 100, NAMES)` while their names are indexed (`reader.progress`)."""


class Store:
    """Documents in display order (newest first, undated last), their names, and the filters."""

    def __init__(
        self,
        root: Path,
        documents: Sequence[Document],
        problems: Sequence[Problem],
        names: NameIndex,
        *,
        filter_when_asked: bool = False,
        folded: FoldedDocuments | None = None,
    ) -> None:
        """`filter_when_asked`: fold the titles for the filter at its first query that is not blank,
        not now (the documents listed while their names are indexed: a second a 100k corpus).
        `folded`: the titles and file names of these documents folded for the filter, made ahead."""
        self.root = root
        self.documents: list[Document] = list(documents)
        self.problems: list[Problem] = list(problems)
        self.name_index = names
        self.names: list[Name] = names.names
        self._by_id = {document.id: document for document in self.documents}
        self._order = {document.id: order for order, document in enumerate(self.documents)}
        self._document_filter: DocumentFilter | None = None
        if filter_when_asked:
            self._filter_made = threading.Lock()
        else:
            self._make_filter(folded)
        self._name_matcher = NameMatcher(self.names)

    def _make_filter(self, folded: FoldedDocuments | None = None) -> DocumentFilter:
        # The index's own tuples, read as the filter is built: no dict of lists copied first.
        names = self.name_index
        self._document_filter = DocumentFilter(self.documents, lambda document_id: map(_NAME_OF, names.names_of(document_id)),
                                               folded)
        return self._document_filter

    cache_warning: str | None = None
    """Why the corpus cache could not be written, if it could not (the store is fine regardless)."""
    names_outdated: bool = False
    """The names are those an earlier start indexed, kept for the documents unchanged since, while
    this corpus's own are indexed (see `documents_first` in `load`)."""

    @classmethod
    def load(
        cls,
        path: str | Path,
        progress: Progress | None = None,
        *,
        use_cache: bool = True,
        processes: bool | None = None,
        cancelled: Callable[[], bool] | None = None,
        documents_first: Callable[[Store], None] | None = None,
        names_progress: Callable[[int], None] | None = None,
    ) -> Store:
        """Read every `*.txt` and `*.md` file under `path`. Never raises for a bad file.

        `progress(done, total)` hears how many files are read; `names_progress(percent)`, once all
        are, how far a build has indexed their names (a load from the cache has no such stage).

        With `use_cache`, a copy of the loaded store is kept in the user's cache folder and reused
        while no file under `path` has changed size or modification time. Raises `OSError` only
        when `path` itself is not a readable folder.

        `processes`: build in a forked child process (and a second one for half the work when a
        core is idle), which keeps this process's memory to the store itself and leaves its GIL
        free. By default, for a corpus of `PROCESS_MIN_FILES` files or more where `fork` is safe.
        The store is the same either way; if a child fails, this process builds it itself.

        `cancelled`, asked a few times a second while a child builds, ends the wait with
        `LoadCancelled` (and the child) when it returns True: quitting never waits for a build.

        `documents_first`, when a child builds, is called with a store of the documents alone (no
        names yet) as soon as they are read, while the child goes on to index the names: a reader
        can list and show them meanwhile. The store returned later holds the very same documents.
        When a stale cache had names, that first store has them for the documents unchanged since
        (`names_outdated`): a corpus grown by a few files is walked by name at once.
        """
        root = Path(path)
        progress = _reporter(progress, names_progress)
        cache = CorpusCache(root) if use_cache else None
        outdated = looked = None
        if cache is not None and can_fork():
            cached, outdated, looked = _cached_checked_meanwhile(root, cache)
            if cached is not None:
                if progress is not None:
                    progress(len(cached.documents), len(cached.documents))
                return cached
        if looked is not None:
            listing, signature = looked  # the checker's walk: the cache is stale, no need to look again
        else:
            listing = list_corpus(root)
            signature = None
            if cache is not None:
                signature = _signature(root, listing)
                with collector_paused(keep=True):
                    cached = cache.load(signature)
                if isinstance(cached, Store):
                    cached.root = root
                    if progress is not None:
                        progress(len(listing.files), len(listing.files))
                    return cached
        if processes is None:
            processes = len(listing.files) >= PROCESS_MIN_FILES
        if processes and can_fork():
            if cache is not None:
                # Left by a build stopped after its documents came: newer than any stale cache.
                unfinished = cache.unfinished_documents()
                if unfinished is not None:
                    outdated = (*unfinished, None)  # its names were never indexed
            earlier = _still_usable(outdated, signature, listing)
            load = _Load(root, listing, progress, cache, signature, cancelled, documents_first)
            if earlier is None:
                del outdated
                store = _build_in_child(load)
            else:
                earlier_names = None
                if outdated[2] is not None and documents_first is not None:
                    earlier_names = EarlierNames(outdated[2], earlier)
                del outdated  # what is not taken over is freed now, not once the build is done
                store = _grown_in_child(load, earlier, earlier_names)
            if store is not None:
                return store
        store = _build(root, listing, progress, parallel=False)
        if cache is not None and signature is not None:
            store.cache_warning = cache.save(signature, store)
        return store

    def released_in_steps(self, step_seconds: float = 0.004) -> Iterator[None]:
        """Let go of everything this store holds, a slice at a time: each `next` is one step of
        about `step_seconds` (the filter's, about 10 ms at 100,000 documents, is one), for a caller
        that takes them between other work. For a store being replaced: freed at once, 100,000
        documents were one pause of 0.13 s. The store is empty after. What something else still
        holds (a list of the documents shown) is let go whole, never emptied under its holder."""
        from reader.name_index import NameIndex

        index, self.name_index = self.name_index, NameIndex([], {}, {})
        self._name_matcher = NameMatcher([])
        if getattr(self, "_filter_made", None) is None:
            self._filter_made = threading.Lock()  # a filter asked of the empty store is made anew
        document_filter, self._document_filter = self._document_filter, None
        big: list[list | dict] = document_filter.parts() if document_filter is not None else []
        del document_filter
        yield
        big += [self._by_id, self._order, *index.parts(), self.names, self.documents, self.problems]
        self._by_id, self._order, self.names, self.documents, self.problems = {}, {}, [], [], []
        del index
        while big:
            container = big.pop(0)
            # Held by `container` and the call alone: no one else sees it emptied.
            if sys.getrefcount(container) == 2:
                while container:
                    deadline = time.perf_counter() + step_seconds
                    let_go = container.pop if isinstance(container, list) else container.popitem
                    while True:  # one at a time: one name can hold 70,000 mentions (8 ms to free)
                        let_go()
                        if not container or time.perf_counter() >= deadline:
                            break
                    yield
            del container
            yield

    def document(self, document_id: str) -> Document | None:
        return self._by_id.get(document_id)

    def order_of(self, document_id: str) -> int | None:
        """Where the document with this id stands in `documents` (display order), or None."""
        return self._order.get(document_id)

    def filter(self, query: str) -> Sequence[Hit]:
        """Documents matching `query`, best first; every document, in display order, for a blank one.

        The result is a lazy sequence: its length is known at once, and hits are ranked (and their
        title spans found) as they are read, so showing a screenful of 100,000 hits stays cheap.
        """
        document_filter = self._document_filter
        if document_filter is None:
            if not query.strip():
                return every_document(self.documents)
            with self._filter_made:  # the filter's thread and the interface's may both ask first
                document_filter = self._document_filter or self._make_filter()
        return document_filter.filter(query)

    def fold_for_filter(self) -> None:
        """Make the filter now if it is made at the first query (`filter_when_asked`): a second or
        two at 100k documents, which a first query then need not wait for."""
        if self._document_filter is None:
            with self._filter_made:
                if self._document_filter is None:
                    # Made on a thread beside the interface, and kept as long as the store: frozen
                    # as made, no collection on any thread walks its lists (30-50 ms at 100k).
                    with collector_paused(keep=True):
                        self._make_filter()

    def match_names(self, query: str, limit: int | None = None) -> list[NameMatch]:
        """Names ranked for `query` (`sutskvr` gives Ilya Sutskever first)."""
        return self._name_matcher.match(query, limit=limit)

    def mentions(self, name: str | Name) -> list[Mention]:
        """Every mention of a name, in reading order. Accepts a `Name` or its canonical form."""
        return self.name_index.mentions(name)

    def walk(self, name: str | Name) -> Sequence[Mention]:
        """Every mention of a name in reading order, as `mentions`, but each made when it is read:
        stepping through a name found all over the corpus keeps a few, not all of them."""
        found = self.name_index.get(name)
        if found is None:
            return []
        walk = getattr(found, "walk", None)
        return walk() if walk is not None else found.mentions

    def mentions_in(self, document_id: str) -> list[Mention]:
        """Every name mention in one document, in reading order.

        Found through the names the document mentions and a binary search in each name's mentions
        (they are in reading order), so a name mentioned across the whole corpus costs no walk, and
        (for a name whose mentions are still packed) makes none of its other mentions.
        """
        order = self._order.get(document_id)
        if order is None:
            return []
        found: list[Mention] = []
        for name in self.name_index.names_of(document_id):
            in_document = getattr(name, "mentions_in_document", None)
            # A compact name makes only this document's mentions.
            found.extend(in_document(order) if in_document is not None else _made_mentions_in(name, order))
        found.sort()
        return found

    def name_spans_in(self, document_id: str) -> dict[str, list[tuple[int, int]]]:
        """Where names are mentioned in one document: `(start, end)` spans by field label, each
        field's in order. What `mentions_in` tells a reader to mark, without making a `Mention`
        for each (an article of a few megabytes can hold a hundred thousand)."""
        order = self._order.get(document_id)
        if order is None:
            return {}
        by_field: dict[int, list[tuple[int, int]]] = {}
        for name in self.name_index.names_of(document_id):
            spans_in = getattr(name, "spans_in_document", None)
            # A compact name reads them from its packed mentions.
            found = spans_in(order) if spans_in is not None else spans_by_field(_made_mentions_in(name, order))
            for field, spans in found:
                by_field.setdefault(field, []).extend(spans)
        labels = [label for label, _ in self.documents[order].name_fields()]
        return {labels[field]: sorted(spans) for field, spans in sorted(by_field.items())}

    def names_in(self, document_id: str) -> list[tuple[Name, int]]:
        """The names mentioned in one document with their mention counts, most mentioned first."""
        return self.name_index.names_in(document_id)


def _made_mentions_in(name: Name, order: int) -> Sequence[Mention]:
    """A plain name's mentions in the document at `order`: a binary search, its mentions being in
    reading order."""
    mentions = name.mentions
    first = bisect_left(mentions, order, key=_ORDER)
    return mentions[first : bisect_right(mentions, order, lo=first, key=_ORDER)]


_ORDER = attrgetter("order")
_NAME_OF = attrgetter("name")

PROCESS_MIN_FILES = 1_000
"""Below this a corpus builds in well under a second, less than starting processes would save."""
_PARALLEL_MIN_FILES = 2_000
"""From here, when a core is idle, a second child reads and name-scans part of the files
(`reader.parallel_load`)."""


@dataclass(frozen=True, slots=True)
class _Load:
    """One `Store.load` built in child processes: the corpus and its files as listed, the cache and
    the signature it is kept under, and the caller's callbacks."""

    root: Path
    listing: Listing
    progress: Progress | None
    cache: CorpusCache | None
    signature: Signature | None
    cancelled: Callable[[], bool] | None
    documents_first: Callable[[Store], None] | None

    def scan_kept(self) -> tuple[Path, Signature] | None:
        """Where the names' scan is kept beside the cache, for the next build of a corpus grown
        meanwhile, and the signature of the files it is of."""
        if self.cache is None or self.signature is None:
            return None
        from reader.scan_cache import scan_path

        return scan_path(self.cache.path), self.signature


def _reporter(progress: Callable[[int, int], None] | None, names_progress: Callable[[int], None] | None) -> Progress | None:
    """What a load reports to: the files read to `progress`, the names' percent to `names_progress`."""
    if progress is None and names_progress is None:
        return None

    def report(done: int, total: int, stage: str = FILES) -> None:
        if stage == FILES:
            if progress is not None:
                progress(done, total)
        elif names_progress is not None:
            names_progress(done)

    return report


def _build(root: Path, listing: Listing, progress: Progress | None, *, parallel: bool,
           early: Callable[[tuple[list[Document], list[Problem]]], None] | None = None,
           scan_kept: tuple[Path, Signature] | None = None) -> Store:
    """The store; `early` gets the documents and problems as soon as they are read. `scan_kept`:
    where to keep this build's scan, and the signature of the files it is of."""
    # Imported here, not above: a start served from the cache then loads none of the normaliser
    # or the name finder (a tenth of a second).
    from reader import loading, names, parallel_load

    curated, curated_problems = names.load_curated(root)
    names_progress = NamesProgress(progress) if progress is not None else None

    def loaded_first(loaded: loading.LoadResult) -> None:
        if early is not None:
            early((loaded.documents, [*loaded.problems, *curated_problems]))

    if parallel:
        ahead: list[tuple[DocumentFields, FoldedDocuments]] = []

        def meanwhile(loaded: loading.LoadResult) -> None:
            # While the helper finishes its part: what comes next that needs no names.
            ahead.append((names.document_fields(loaded.documents), fold_documents(loaded.documents)))

        loaded, scanned = parallel_load.load_and_scan(listing, progress, loaded_first, meanwhile, names_progress)
        fields, folded = ahead[0]
        index = _index(loaded.documents, curated, scanned, scan_kept, fields, names_progress)
        return _made(Store(root, loaded.documents, [*loaded.problems, *curated_problems], index, folded=folded),
                     names_progress)
    loaded = loading.load_listed(listing, progress)
    loaded_first(loaded)
    index = _indexing(loaded.documents, curated, None, scan_kept, names_progress)
    return _made(Store(root, loaded.documents, [*loaded.problems, *curated_problems], index), names_progress)


def _made(store: Store, names_progress: NamesProgress | None) -> Store:
    """`store`, said to be made: what is left is sending it to the reader, where a big one takes a
    second or two that no count follows."""
    if names_progress is not None:
        names_progress("store", 1, 2)
    return store


def _indexing(documents: list[Document], curated, earlier: EarlierDocuments | None,
              scan_kept: tuple[Path, Signature] | None, names_progress: NamesProgress | None = None) -> NameIndex:
    """The name index of documents read with `earlier`'s help: their scan moved on from the kept
    one where there is one, and kept in its turn."""
    scanned = _scan(documents, earlier, scan_kept[0]) if scan_kept is not None else None
    return _index(documents, curated, scanned, scan_kept, names_progress=names_progress)


def _index(documents: list[Document], curated, scanned: Scanner | None,
           scan_kept: tuple[Path, Signature] | None, fields: DocumentFields | None = None,
           names_progress: NamesProgress | None = None) -> NameIndex:
    """The name index from `scanned` (or scanning now), the scan kept meanwhile if asked;
    `fields`: the documents' name fields, made ahead."""
    from reader import names, scan_cache

    writer = None
    if scan_kept is not None and scanned is not None:
        writer = scan_cache.keep_scan(scan_kept[0], scan_kept[1], documents, scanned)
    index = names.NameIndex.build(documents, curated, scanned=scanned, fields=fields, progress=names_progress)
    if writer is not None:
        _reap(writer)
    return index


def _scan(documents: list[Document], earlier: EarlierDocuments | None, kept_at: Path) -> Scanner:
    """Pass one of the name index over `documents`: the earlier scan moved on, when there is one."""
    from reader import name_scan_fork, scan_cache
    from reader.earlier_store import rescanned

    if earlier is not None:
        kept = scan_cache.kept_scan(kept_at, earlier.signature, earlier.documents)
        if kept is not None:
            return rescanned(kept, earlier.documents, documents)
    return name_scan_fork.scan_documents(documents)


def _grown_in_child(load: _Load, earlier: EarlierDocuments, earlier_names: EarlierNames | None) -> Store:
    """The store of a corpus that changed a little since its cache: the documents are made here,
    reading only new and changed files (a moment, where a child would send them all back), and
    listed at once with the earlier names; a forked child indexes their names, then writes the
    cache from a process of its own while it sends the rest of the store back (not the documents:
    this process has them). If the child fails, the names are indexed here."""
    from reader import loading
    from reader.name_curated import load_curated

    root, cache, signature = load.root, load.cache, load.signature
    curated, curated_problems = load_curated(root)
    # What is made here lives until the names come (the documents, for good), and none of it is
    # garbage: left young, collections would walk it as the interface draws the list.
    with collector_paused(keep=True):
        loaded = loading.load_grown(load.listing, load.progress, earlier.documents, earlier.unchanged)
        documents, problems = loaded.documents, [*loaded.problems, *curated_problems]
        listed = None
        if load.documents_first is not None:
            listed = _listed_first(root, documents, problems, earlier_names)
    if listed is not None:
        load.documents_first(listed)
    del earlier_names  # moved over to the documents listed first: nothing else to free

    def work(report) -> Store:
        names_progress = NamesProgress(report)
        store = Store(root, documents, problems, _indexing(documents, curated, earlier, load.scan_kept(), names_progress))
        if cache is not None and signature is not None:
            writer, store.cache_warning = cache.save_in_background(signature, store)
            _reap(writer)
        return _made(store, names_progress)

    try:
        child = Forked(work, sender=lambda stream: ModelSender(stream, known_documents=documents),
                       unpickler=lambda stream: KnownDocumentsUnpickler(stream, documents))
    except Exception:  # noqa: BLE001 - no memory for a child, or fork refused: named here
        child = None
    finally:
        earlier.release()  # what was not taken over; the child has its copy
    if listed is not None:
        # A core is free while the child indexes: the filter of the documents listed is made
        # meanwhile (after the fork, which had best find no other thread at work), on a thread that
        # never holds up quitting; a first query need not wait for it then.
        threading.Thread(target=listed.fold_for_filter, name="filter of the documents listed", daemon=True).start()
    if child is not None:
        try:
            store = child.result(load.progress, cancelled=load.cancelled, keep=True)
            store.root = root
            return store
        except ChildFailed:
            pass
        finally:
            child.stop()
    store = Store(root, documents, problems, _indexing(documents, curated, None, None))
    if cache is not None and signature is not None:
        store.cache_warning = cache.save(signature, store)
    return store


def _reap(process: int | None) -> None:
    """Reap a writer if it is done; if not, it is reaped once this process ends."""
    if process is None:
        return
    try:
        os.waitpid(process, os.WNOHANG)
    except ChildProcessError:
        pass


def _build_in_child(load: _Load) -> Store | None:
    """The store built by a forked child, which also writes the cache; None if that failed.

    The child sends the documents first (a reader lists them while the names are indexed), then
    the store, through one pickler: the store refers to the documents already sent. The cache file
    gets the same bytes, and gives back the last part."""
    root, cache, signature, progress, cancelled = load.root, load.cache, load.signature, load.progress, load.cancelled

    def work(report, parallel: bool, early: bool) -> Store:
        return _build(root, load.listing, report, parallel=parallel, early=report.send if early else None,
                      scan_kept=load.scan_kept())

    parallel = len(load.listing.files) >= _PARALLEL_MIN_FILES and idle_core()
    sender = cache.sender(signature) if cache is not None and signature is not None else ModelSender
    try:
        child = Forked(work, parallel, load.documents_first is not None, sender=sender)
    except Exception:  # noqa: BLE001 - no memory for a child, or fork refused: build here
        return None
    writer = child.pid
    documents_came = False
    try:
        if load.documents_first is not None:
            documents, problems = child.result(progress, cancelled=cancelled, last=False, keep=True)
            documents_came = True
            load.documents_first(Store(root, documents, problems, _no_names(), filter_when_asked=True))
        store = child.result(progress, cancelled=cancelled, keep=True)
    except BaseException as error:  # failed, cancelled, or the caller's own error: the child ends
        child.stop()
        if cache is not None and writer is not None:
            if documents_came and isinstance(error, LoadCancelled):
                cache.keep_documents_of(writer)  # the reader quit while the names were indexed
            else:
                cache.forget_unfinished(writer)
        if isinstance(error, ChildFailed):
            return None
        raise
    notes = child.notes()
    store.root = root
    store.cache_warning = notes[0] if notes else None
    return store


def _listed_first(root: Path, documents: list[Document], problems: list[Problem], earlier_names: EarlierNames | None) -> Store:
    """The store of the documents alone, listed ahead of their names: with the earlier names of
    the documents unchanged since, when a stale cache had them."""
    names = None
    if earlier_names is not None:
        try:
            names = earlier_names.for_documents(documents)
        except Exception:  # noqa: BLE001 - a stale cache that does not hold together: the new names will do
            pass
    store = Store(root, documents, problems, names or _no_names(), filter_when_asked=True)
    store.names_outdated = names is not None
    return store


def _no_names() -> NameIndex:
    from reader.name_index import NameIndex

    return NameIndex([], {}, {})


def _cached_checked_meanwhile(root: Path, cache: CorpusCache) -> tuple[Store | None, _Outdated | None, _Looked | None]:
    """A big corpus's cached store, read while a forked child checks that no file changed.

    Reading the cache and walking and stat-ing 100,000 files take a second or more each; on two
    cores they overlap. (None, ...) (the caller checks and builds as usual) if the cache is stale,
    small, missing, or the check could not run. A stale store's documents come second, with the
    signature they were built from (those of the files unchanged since can be taken over), and
    third the listing and signature the checker found, for the build."""
    with cache.opened() as stored:
        if stored is None or len(stored.signature) < PROCESS_MIN_FILES:
            return None, None, None
        try:
            checker = Forked(_changes, root, stored.signature)
        except Exception:  # noqa: BLE001 - no child: the caller checks here
            return None, None, None
        try:
            with collector_paused(keep=True):
                cached = stored.payload()
        except BaseException:
            checker.stop()
            raise
    try:
        # A stale cache's listing and signature: 300,000 objects at 100k files, kept for the build.
        # Left young, the collections that walk them (0.1 s or more each, one of them on the
        # interface's thread at a reload) would hold up every thread; frozen, they never do.
        looked = checker.result(keep=True)
        unchanged = looked is None
    except ChildFailed:
        looked, unchanged = None, False
    finally:
        checker.stop()
    if not isinstance(cached, Store):
        return None, None, looked
    if not unchanged:
        return None, (stored.signature, cached.documents, cached.name_index), looked
    cached.root = root
    return cached, None, None


_Outdated = tuple[Signature, Sequence[Document], "NameIndex | None"]
"""The documents of a stale cache, or of a build stopped early, the signature of the files they
were read from, and their names (None for a build stopped before it indexed them)."""


def _still_usable(outdated: _Outdated | None, signature: Signature | None, listing: Listing) -> EarlierDocuments | None:
    """What a stale store offers the build, if the corpus mostly stayed as it was: otherwise
    reading on two processes (`reader.parallel_load`) does better than reading the rest on one."""
    if outdated is None or signature is None:
        return None
    earlier = EarlierDocuments.of(outdated[0], outdated[1], signature)
    if earlier is None or len(earlier) * 2 < len(listing.files):
        return None
    return earlier


_Looked = tuple[Listing, Signature]
"""The corpus's files as the cache's checker found them."""


def _changes(_report: Progress, root: Path, stored: Signature) -> _Looked | None:
    """None if the files are still those of `stored`; else what they are now."""
    listing = list_corpus(root)
    signature = _signature(root, listing)
    return None if signature == stored else (listing, signature)


def _signature(root: Path, listing: Listing) -> Signature:
    """What the cached store depends on: every article, the curated names and the reader's own code."""
    stamps = list(corpus_signature(root, listing))
    for extra, label in ((root / CURATED_FILE, CURATED_FILE), *_code_files()):
        try:
            info = os.stat(extra)
            stamps.append((label, info.st_size, info.st_mtime_ns))
        except OSError:
            stamps.append((label, -1, -1))
    return tuple(stamps)


def _code_files() -> list[tuple[Path, str]]:
    # A changed loader or index must not be served a store built by the old one, even at the same
    # version number (a source checkout being worked on).
    package = Path(__file__).resolve().parent
    return [(module, f"{CODE_PREFIX}{module.name}") for module in sorted(package.glob("*.py"))]
