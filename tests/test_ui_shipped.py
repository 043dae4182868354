"""The reader on the shipped corpus, as a user first meets it."""

from __future__ import annotations

from pathlib import Path

from reader.paths import default_corpus
from reader.ui.app import ReaderApp
from reader.ui.document_list import DocumentList
from reader.ui.reading_pane import ReadingPane
from tests.conftest import loaded, screen_text


async def test_every_shipped_document_opens(ui_state: Path) -> None:
    app = ReaderApp(default_corpus(), state_path=ui_state)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.store is not None
        count = len(app.store.documents)
        assert count >= 5 and str(app.query_one(DocumentList).border_subtitle) == f"{count}/{count}"
        seen = []
        await pilot.press("home", "enter")
        for _ in range(count):
            assert app.current is not None
            seen.append(app.current.id)
            pane = app.query_one(ReadingPane)
            assert pane.lines and pane.lines[0].role == "title"
            await pilot.press("G", "right_square_bracket")
        assert seen == [document.id for document in app.store.documents]


async def test_front_matter_article_shows_excerpt_and_related(ui_state: Path) -> None:
    app = ReaderApp(default_corpus(), state_path=ui_state)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        assert app.store is not None
        document = next(d for d in app.store.documents if d.related)
        app.open_document(document)
        await pilot.pause()
        pane = app.query_one(ReadingPane)
        roles = [line.role for line in pane.lines]
        assert "related" in roles and "Related articles" in [line.text for line in pane.lines]
        assert document.source and document.source in screen_text(app)


async def test_walk_sutskever_in_the_shipped_corpus(ui_state: Path) -> None:
    app = ReaderApp(default_corpus(), name_query="sutskvr", state_path=ui_state)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.walk is not None and app.walk.name.name == "Ilya Sutskever"
        documents = {mention.document_id for mention in app.walk.mentions}
        assert len(documents) >= 2
        visited = set()
        for _ in app.walk.mentions:
            assert app.current is not None
            visited.add(app.current.id)
            assert app.query_one(ReadingPane).highlight is not None
            await pilot.press("n")
        assert visited == documents
        assert "Ilya Sutskever" in screen_text(app)
