"""Command palette (`Ctrl+P`) providers: open a document, or jump to a name.

They search with the store's own matchers (fast at 100,000 documents, accent-insensitive) rather
than the palette's generic fuzzy matcher, and build prompts as Rich `Text` so corpus strings are
never parsed as markup. Help lines hold only our own words and numbers for the same reason.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from rich.style import Style
from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from reader.model import Document, Hit as DocumentHit, Name
from reader.plural import counted
from reader.ui.document_list import highlighted, literal

if TYPE_CHECKING:
    from reader.store import Store

__all__ = ["DocumentCommands", "NameCommands"]

SHOWN = 20
_MATCH = Style(bold=True, underline=True)


class _Reader(Protocol):
    store: Store | None

    def open_document(self, document: Document, *, focus_reader: bool = True) -> None: ...

    def filter_documents(self, query: str) -> Sequence[DocumentHit]: ...

    def jump_to_name(self, name: Name) -> None: ...


def _document_help(document: Document) -> str:
    return "Open document" + (f" · {document.date}" if document.date else "")


def _name_help(name: Name) -> str:
    kind = "organisation" if name.kind == "organisation" else "person"
    return f"Jump to {kind} · {counted(name.mention_count, 'mention')} in {counted(name.documents, 'document')}"


class DocumentCommands(Provider):
    """Documents by title, source or name, best first."""

    async def search(self, query: str) -> Hits:
        app: _Reader = self.app  # type: ignore[assignment]
        if app.store is None or not query.strip():
            return
        hits = await asyncio.to_thread(app.filter_documents, query)
        for rank, hit in enumerate(hits[:SHOWN]):
            document = hit.document
            yield Hit(
                1.0 - rank / (SHOWN * 2) - 0.01,  # at equal rank a name comes first: there are fewer
                highlighted(document.title, hit.title_spans, _MATCH),
                lambda document=document: app.open_document(document),
                text=literal(document.title),
                help=_document_help(document),
            )

    async def discover(self) -> Hits:
        app: _Reader = self.app  # type: ignore[assignment]
        if app.store is None:
            return
        for document in app.store.documents[:SHOWN]:
            yield DiscoveryHit(
                Text(literal(document.title)),
                lambda document=document: app.open_document(document),
                text=literal(document.title),
                help=_document_help(document),
            )


class NameCommands(Provider):
    """People and organisations; choosing one jumps to its first mention from here."""

    async def search(self, query: str) -> Hits:
        app: _Reader = self.app  # type: ignore[assignment]
        if app.store is None or not query.strip():
            return
        matches = await asyncio.to_thread(app.store.match_names, query, SHOWN)
        for rank, match in enumerate(matches):
            name = match.name
            yield Hit(
                1.0 - rank / (SHOWN * 2),
                Text.assemble("@ ", highlighted(name.name, match.spans, _MATCH)),
                lambda name=name: app.jump_to_name(name),
                text=literal(name.name),
                help=_name_help(name),
            )
