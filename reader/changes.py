"""What changed in a corpus between two loads of it: the articles added, changed and removed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.model import Document

__all__ = ["CorpusChanges"]


@dataclass(frozen=True)
class CorpusChanges:
    added: int
    changed: int
    removed: int

    @classmethod
    def between(cls, before: Iterable[Document], after: Iterable[Document]) -> CorpusChanges:
        """Documents are the same article when they have the same id (their file's path), and
        unchanged when everything read from the file is the same."""
        earlier = {document.id: document for document in before}
        added = changed = 0
        for document in after:
            was = earlier.pop(document.id, None)
            if was is None:
                added += 1
            elif was is not document and was != document:
                changed += 1
        return cls(added, changed, len(earlier))

    def __str__(self) -> str:
        """`2 new, 1 changed, 3 removed`, or `no change`."""
        parts = [f"{count:,} {what}" for count, what in
                 ((self.added, "new"), (self.changed, "changed"), (self.removed, "removed")) if count]
        return ", ".join(parts) if parts else "no change"
