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
              scanned: Scanner | None = None) -> NameIndex:
        """Index `documents` (in display order); `curated` adds kinds, aliases and ignores.

        `parallel`: scan on two processes (see `reader.name_scan_fork`); by default only for a
        big corpus. The index is the same either way. `scanned`: a `Scanner` that has already scanned
        `documents` in this order (see `reader.names.build_index`)."""
        from reader.names import build_index  # the finder itself: only when building

        return build_index(documents, curated, parallel=parallel, scanned=scanned)

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
