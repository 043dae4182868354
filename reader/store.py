"""The in-memory corpus: documents, problems, the name index and the filter, behind one facade.

    >>> from reader.store import Store
    >>> store = Store.load("corpus")
    >>> [hit.document.title for hit in store.filter("altman")]
    >>> store.match_names("sutskvr")[0].name.name
    'Ilya Sutskever'

Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import os
from bisect import bisect_left, bisect_right
from operator import attrgetter

from reader.cache import CorpusCache, Signature
from reader.loading import corpus_signature, load_corpus
from reader.model import Document, Hit, Mention, Name, NameMatch, Problem
from reader.names import CURATED_FILE, NameIndex, load_curated
from reader.search import DocumentFilter, NameMatcher

__all__ = ["Store", "Document", "Hit", "Mention", "Name", "NameMatch", "Problem"]

Progress = Callable[[int, int], None]
"""Called as `progress(done, total)` while files are read."""


class Store:
    """Documents in display order (newest first, undated last), their names, and the filters."""

    def __init__(
        self,
        root: Path,
        documents: Sequence[Document],
        problems: Sequence[Problem],
        names: NameIndex,
    ) -> None:
        self.root = root
        self.documents: list[Document] = list(documents)
        self.problems: list[Problem] = list(problems)
        self.name_index = names
        self.names: list[Name] = names.names
        self._by_id = {document.id: document for document in self.documents}
        self._order = {document.id: order for order, document in enumerate(self.documents)}
        self._document_filter = DocumentFilter(
            self.documents,
            {document.id: [name.name for name, _ in names.names_in(document.id)] for document in self.documents},
        )
        self._name_matcher = NameMatcher(self.names)

    cache_warning: str | None = None
    """Why the corpus cache could not be written, if it could not (the store is fine regardless)."""

    @classmethod
    def load(cls, path: str | Path, progress: Progress | None = None, *, use_cache: bool = True) -> Store:
        """Read every `*.txt` and `*.md` file under `path`. Never raises for a bad file.

        With `use_cache`, a copy of the loaded store is kept in the user's cache folder and reused
        while no file under `path` has changed size or modification time. Raises `OSError` only
        when `path` itself is not a readable folder.
        """
        root = Path(path)
        if not use_cache:
            return cls._build(root, progress)
        signature = _signature(root)
        cache = CorpusCache(root)
        cached = cache.load(signature)
        if isinstance(cached, Store):
            cached.root = root
            if progress is not None:
                progress(len(signature), len(signature))
            return cached
        store = cls._build(root, progress)
        store.cache_warning = cache.save(signature, store)
        return store

    @classmethod
    def _build(cls, root: Path, progress: Progress | None) -> Store:
        loaded = load_corpus(root, progress=progress)
        curated, curated_problems = load_curated(root)
        names = NameIndex.build(loaded.documents, curated)
        return cls(root, loaded.documents, [*loaded.problems, *curated_problems], names)

    def document(self, document_id: str) -> Document | None:
        return self._by_id.get(document_id)

    def filter(self, query: str) -> Sequence[Hit]:
        """Documents matching `query`, best first; every document, in display order, for a blank one.

        The result is a lazy sequence: its length is known at once, and hits are ranked (and their
        title spans found) as they are read, so showing a screenful of 100,000 hits stays cheap.
        """
        return self._document_filter.filter(query)

    def match_names(self, query: str, limit: int | None = None) -> list[NameMatch]:
        """Names ranked for `query` (`sutskvr` gives Ilya Sutskever first)."""
        return self._name_matcher.match(query, limit=limit)

    def mentions(self, name: str | Name) -> list[Mention]:
        """Every mention of a name, in reading order. Accepts a `Name` or its canonical form."""
        return self.name_index.mentions(name)

    def mentions_in(self, document_id: str) -> list[Mention]:
        """Every name mention in one document, in reading order.

        Found through the names the document mentions and a binary search in each name's mentions
        (they are in reading order), so a name mentioned across the whole corpus costs no walk.
        """
        order = self._order.get(document_id)
        if order is None:
            return []
        found: list[Mention] = []
        for name, _count in self.names_in(document_id):
            mentions = name.mentions
            first = bisect_left(mentions, order, key=_ORDER)
            found.extend(mentions[first : bisect_right(mentions, order, lo=first, key=_ORDER)])
        found.sort()
        return found

    def names_in(self, document_id: str) -> list[tuple[Name, int]]:
        """The names mentioned in one document with their mention counts, most mentioned first."""
        return self.name_index.names_in(document_id)


_ORDER = attrgetter("order")


def _signature(root: Path) -> Signature:
    """What the cached store depends on: every article, the curated names and the reader's own code."""
    stamps = list(corpus_signature(root))
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
    return [(module, f"<reader>/{module.name}") for module in sorted(package.glob("*.py"))]
