"""The plain data the store hands out: documents, links, problems, names and hits.

Nothing here imports Textual; these are frozen values, safe to share between threads.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
NameKind = Literal["person", "organisation"]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one corpus file. An error means the file was not loaded."""

    path: str
    """Path relative to the corpus folder (POSIX separators)."""
    severity: Severity
    message: str


@dataclass(frozen=True, slots=True)
class Link:
    """A link kept as metadata: a Markdown link with a real URL, or a related article."""

    title: str
    url: str | None = None
    source: str | None = None
    date: str | None = None
    excerpt: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph or heading of a document's normalised text."""

    text: str
    start: int
    """Offset of the block's first character in `Document.text`."""
    heading: bool = False

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True, slots=True)
class Document:
    """One normalised article. All strings are free of control characters."""

    id: str
    """Path relative to the corpus folder, without the extension."""
    path: str
    """Path relative to the corpus folder, with the extension (POSIX separators)."""
    title: str
    title_derived: bool
    date: str | None
    """`YYYY-MM` or `YYYY-MM-DD`."""
    language: str | None
    """ISO 639-1 code, or None when unsure."""
    source: str | None
    text: str
    """Paragraphs and headings separated by one blank line; no block holds a blank line."""
    heading_blocks: tuple[int, ...] = ()
    """Indices of the blocks that are headings (most documents have none: the shared `()`)."""
    topics: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    """Markdown links with a real URL, and the article's own URL if it has one."""
    related: tuple[Link, ...] = ()
    excerpt: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def blocks(self) -> tuple[Block, ...]:
        """The paragraphs and headings, cut from `text` when asked for.

        Kept only once, in `text`: a copy of every paragraph doubled the memory of a big corpus,
        and only the document being read needs its blocks.
        """
        if not self.text:
            return ()
        blocks = []
        start = 0
        headings = self.heading_blocks
        for index, paragraph in enumerate(self.text.split("\n\n")):
            blocks.append(Block(paragraph, start, index in headings))
            start += len(paragraph) + 2
        return tuple(blocks)

    @property
    def headings(self) -> list[str]:
        return [block.text for block in self.blocks if block.heading]

    @property
    def words(self) -> int:
        return len(self.text.split())

    def name_fields(self) -> list[tuple[str, str]]:
        """The texts whose names count, in reading order, each with a field label.

        The title counts unless it was derived from the text (it would count twice).
        Related articles count through their title and excerpt.
        """
        fields: list[tuple[str, str]] = []
        if not self.title_derived:
            fields.append(("title", self.title))
        fields.append(("text", self.text))
        for number, link in enumerate(self.related):
            fields.append((f"related/{number}/title", link.title))
            if link.excerpt:
                fields.append((f"related/{number}/excerpt", link.excerpt))
        return fields


@dataclass(frozen=True, slots=True, order=True)
class Mention:
    """One occurrence of a name: in which document, which field, and where."""

    order: int
    """Position of the document in display order: mentions sort in reading order."""
    field_index: int
    """Index into `Document.name_fields()`."""
    start: int
    end: int
    document_id: str = field(compare=False)
    field: str = field(compare=False)
    """The label from `Document.name_fields()` ("title", "text", "related/0/title", ...)."""
    # `dataclasses.field`: the attribute named `field` above shadows the function in this class body.
    surface: str = dataclasses.field(compare=False)
    """The text as it stands in the document (`Altmans`, `d'OpenAI` gives `OpenAI`)."""


@dataclass(frozen=True, slots=True)
class Name:
    """A person or organisation found in the corpus."""

    name: str
    """The canonical form, e.g. `Ilya Sutskever`."""
    kind: NameKind
    aliases: tuple[str, ...]
    mentions: tuple[Mention, ...]
    """Every mention, in reading order."""

    @property
    def documents(self) -> int:
        return len({mention.document_id for mention in self.mentions})

    @property
    def mention_count(self) -> int:
        """How many mentions; a compact name answers without making its `Mention` objects."""
        return len(self.mentions)


@dataclass(frozen=True, slots=True)
class Hit:
    """One document matching a filter query."""

    document: Document
    score: float
    title_spans: tuple[tuple[int, int], ...] = ()
    """Matched `(start, end)` character spans in `document.title`, for highlighting."""


@dataclass(frozen=True, slots=True)
class NameMatch:
    """One name matching a name-jumper query."""

    name: Name
    score: float
    spans: tuple[tuple[int, int], ...] = ()
    """Matched `(start, end)` character spans in `name.name`."""
