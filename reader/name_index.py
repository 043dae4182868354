"""The name index as a reader uses it: names, their mentions, and a document's names.

Apart from the finder that builds it (`reader.names`), so that reading a cached store back
imports none of the finder's word lists and patterns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.model import Document, Mention, Name
from reader.name_curated import name_key

if TYPE_CHECKING:
    from reader.name_curated import Curated
    from reader.name_scan import Scanner
    from reader.names import DocumentFields
    from reader.progress import NamesProgress

__all__ = ["NameIndex"]


class NameIndex:
    """People and organisations of a corpus, each with every mention in reading order."""

    def __init__(self, names: list[Name], keys: dict[str, Name], by_document: dict[str, tuple[Name | int, ...]]) -> None:
        self.names = names
        """Most mentioned first, then by name."""
        self._keys = keys
        self._by_document = by_document
        """Per document, its names and their counts in one flat tuple (`name, count, name, ...`):
        one object a document instead of a list and a pair per name, to keep and to pickle."""

    @classmethod
    def build(cls, documents: Sequence[Document], curated: Curated | None = None, *, parallel: bool | None = None,
              scanned: Scanner | None = None, fields: DocumentFields | None = None,
              progress: NamesProgress | None = None) -> NameIndex:
        """Index `documents` (in display order); `curated` adds kinds, aliases and ignores.

        `parallel`: scan on two processes (see `reader.name_scan_fork`); by default only for a
        big corpus. The index is the same either way. `scanned`: a `Scanner` that has already scanned
        `documents` in this order, and `fields` their `reader.names.document_fields`, made ahead
        (see `reader.names.build_index`). `progress` hears how far the names are resolved and packed."""
        from reader.names import build_index  # the finder itself: only when building

        return build_index(documents, curated, parallel=parallel, scanned=scanned, fields=fields, progress=progress)

    def move(self, new_orders: Sequence[int], document_ids: list[str]) -> None:
        """Move this index, in place, to documents that moved: the one at order n is now at
        `new_orders[n]` (`document_ids` in the new order), or gone when that is -1, and its mentions
        with it. The documents left must keep their order. A name left with no mention is left
        out; the others keep their mentions in the documents left, and are ordered again by them.

        In place (for an index no one else holds): every document's names stay as they are, where
        new names would have to be put in each (a second at 100,000 documents)."""
        from reader.name_mentions import MovedLabels, move_name

        moved_labels = MovedLabels(new_orders, len(document_ids))
        left = {document_ids[order] for order in new_orders if order >= 0}
        # By identity: hashing a compact name would make its mentions.
        in_gone = {id(name) for document_id, flat in self._by_document.items() if document_id not in left for name in flat[0::2]}
        names = [name for name in self.names if move_name(name, new_orders, document_ids, moved_labels, id(name) in in_gone)]
        kept = set(map(id, names))
        names.sort(key=lambda name: (-name.mention_count, name.name.casefold()))
        self.names = names
        self._keys = {key: name for key, name in self._keys.items() if id(name) in kept}
        # A document left keeps every mention it had: its names and counts stand.
        self._by_document = {document_id: flat for document_id, flat in self._by_document.items() if document_id in left}

    def parts(self) -> list[list | dict]:
        """What it holds per name or document (100,000 documents at 100k): for a caller that frees
        it a slice at a time (`Store.released_in_steps`)."""
        return [self._keys, self._by_document, self.names]

    def get(self, name: str | Name) -> Name | None:
        """The name for a canonical form or alias, case- and accent-insensitively."""
        return self._keys.get(name_key(name.name if isinstance(name, Name) else name))

    def mentions(self, name: str | Name) -> list[Mention]:
        """Every mention in reading order: document display order, field, offset."""
        found = self.get(name)
        return list(found.mentions) if found is not None else []

    def names_in(self, document_id: str) -> list[tuple[Name, int]]:
        """Names mentioned in one document with their counts, most mentioned first."""
        flat = self._by_document.get(document_id, ())
        return list(zip(flat[0::2], flat[1::2]))

    def names_of(self, document_id: str) -> tuple[Name, ...]:
        """The names of `names_in` without their counts: no pair made per name."""
        return self._by_document.get(document_id, ())[0::2]
