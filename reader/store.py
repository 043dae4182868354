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

from reader.loading import load_corpus
from reader.model import Document, Hit, Mention, Name, NameMatch, Problem
from reader.names import NameIndex, load_curated
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
        self._document_filter = DocumentFilter(
            self.documents,
            {document.id: [name.name for name, _ in names.names_in(document.id)] for document in self.documents},
        )
        self._name_matcher = NameMatcher(self.names)

    @classmethod
    def load(cls, path: str | Path, progress: Progress | None = None) -> Store:
        """Read every `*.txt` and `*.md` file under `path`. Never raises for a bad file.

        Raises `OSError` only when `path` itself is not a readable folder.
        """
        root = Path(path)
        loaded = load_corpus(root, progress=progress)
        curated, curated_problems = load_curated(root)
        names = NameIndex.build(loaded.documents, curated)
        return cls(root, loaded.documents, [*loaded.problems, *curated_problems], names)

    def document(self, document_id: str) -> Document | None:
        return self._by_id.get(document_id)

    def filter(self, query: str) -> list[Hit]:
        """Documents matching `query`, best first; every document, in display order, for a blank one."""
        return self._document_filter.filter(query)

    def match_names(self, query: str, limit: int | None = None) -> list[NameMatch]:
        """Names ranked for `query` (`sutskvr` gives Ilya Sutskever first)."""
        return self._name_matcher.match(query, limit=limit)

    def mentions(self, name: str | Name) -> list[Mention]:
        """Every mention of a name, in reading order. Accepts a `Name` or its canonical form."""
        return self.name_index.mentions(name)

    def names_in(self, document_id: str) -> list[tuple[Name, int]]:
        """The names mentioned in one document with their mention counts, most mentioned first."""
        return self.name_index.names_in(document_id)
