"""What an outdated corpus cache still offers: the documents of the files that have not changed.

A news corpus grows a few files at a time, so its cache is stale at most starts. Reading and
normalising is about half of a first load; a file whose size and modification time are those the
cache was built from would be read into the very same document (the cache's own check trusts the
same two figures), so its document is taken over as it is. Only new and changed files are read;
the names are then resolved again over all documents.

Nothing is taken over from a cache built by other code than this reader's (normalising may have
changed), and a file that was a duplicate, rejected or unreadable is simply read again. The scan
of the names found in the earlier documents is taken over too, when it was kept
(`reader.scan_cache`). And until the names are indexed again (seconds at 100,000 documents), the
earlier names serve the documents that did not change (`EarlierNames`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.model import Document

if TYPE_CHECKING:
    from reader.cache import Signature
    from reader.name_index import NameIndex
    from reader.name_scan import Scanner

__all__ = ["EarlierDocuments", "EarlierNames", "CODE_PREFIX"]

CODE_PREFIX = "<reader>/"
"""How the reader's own modules are labelled in a signature (`reader.store._signature`)."""


class EarlierDocuments:
    """The documents of an outdated store, by path, for the files still as they were."""

    __slots__ = ("signature", "documents", "_documents")

    def __init__(self, signature: Signature, documents: Sequence[Document], unchanged: set[str]) -> None:
        self.signature = signature
        """Of the files the earlier documents were read from."""
        self.documents = list(documents)
        """Every earlier document, in the earlier display order."""
        self._documents = {document.path: document for document in documents if document.path in unchanged}
        """By path: only those of files unchanged since."""

    @classmethod
    def of(cls, earlier: Signature, documents: Sequence[Document], now: Signature) -> EarlierDocuments | None:
        """What a store built from the files of `earlier` offers a build of the files of `now`:
        None when the reader's code differs or no file is unchanged."""
        if _code_stamps(earlier) != _code_stamps(now):
            return None
        before = {path: (size, mtime) for path, size, mtime in earlier}
        unchanged = {path for path, size, mtime in now if size >= 0 and before.get(path) == (size, mtime)}
        taken = cls(earlier, documents, unchanged)
        return taken if taken._documents else None

    def __len__(self) -> int:
        return len(self._documents)

    @property
    def unchanged(self) -> dict[str, Document]:
        """The earlier documents of the files unchanged since, by path: taken over, as they are, for
        those whose id still holds (`reader.loading.load_grown`)."""
        return self._documents

    def release(self) -> None:
        """Let go of the documents (in a process that handed them to a child)."""
        self.documents = []
        self._documents = {}


class EarlierNames:
    """The name index of an outdated store, for the documents of the files unchanged since: what a
    reader can walk while the names of the corpus as it is now are indexed.

    Only mentions in those documents are kept (each is the very document it was, so every mention
    still stands where it stood); names found in new or changed files come with the new index."""

    __slots__ = ("_index", "_earlier")

    def __init__(self, index: NameIndex, earlier: EarlierDocuments) -> None:
        self._index: NameIndex | None = index
        """Held by no one else: it is moved over to the new documents, not copied."""
        self._earlier: Sequence[Document] = earlier.documents
        """In the earlier display order, which the index's mentions refer to."""

    def for_documents(self, documents: Sequence[Document]) -> NameIndex | None:
        """The earlier names over `documents` (in their display order, the earlier ones taken over
        among them as the very objects), or None when no document was kept or the kept ones changed
        order (then only the new index can say). Once: the earlier index itself is moved over."""
        new_orders = _new_places(self._earlier, documents)
        index, self._index, self._earlier = self._index, None, []
        kept = [order for order in new_orders if order >= 0]
        if index is None or not kept or any(map(int.__gt__, kept, kept[1:])):
            return None
        index.move(new_orders, [document.id for document in documents])
        return index


def _new_places(earlier: Sequence[Document], documents: Sequence[Document]) -> list[int]:
    """Where each earlier document stands among `documents` (the same object), -1 where it does not."""
    place = {id(document): position for position, document in enumerate(documents)}
    return [place.get(id(document), -1) for document in earlier]


def _code_stamps(signature: Signature) -> list[tuple[str, int, int]]:
    return [stamp for stamp in signature if stamp[0].startswith(CODE_PREFIX)]


def rescanned(kept: Scanner, earlier: Sequence[Document], documents: Sequence[Document]) -> Scanner:
    """`kept`, the scan of the `earlier` documents, made the scan of `documents` (display order):
    the earlier documents still there (the same objects) move to their places, the others are
    uncounted, and only documents new to it are scanned. Exactly what scanning `documents` in
    order makes (`Scanner.renumber`, `Scanner.in_display_order`)."""
    from reader.name_scan import Scanner  # not at the top: a start served from the cache needs none of it

    order = _new_places(earlier, documents)
    dropped = None
    for number, document in enumerate(earlier):
        if order[number] < 0:
            dropped = dropped or Scanner()
            dropped.scan_document(number, document)
    kept.renumber(order, dropped)
    taken = set(order)
    fresh = Scanner()
    for position, document in enumerate(documents):
        if position not in taken:
            fresh.scan_document(position, document)
    kept.merge(fresh.export())
    kept.in_display_order(document.language for document in documents)
    return kept
