"""The store facade: lookups the interface relies on, checked against the name index itself."""

from __future__ import annotations

from reader.paths import default_corpus
from reader.store import Store


def test_mentions_in_a_document_are_every_mention_there_in_reading_order() -> None:
    store = Store.load(default_corpus(), use_cache=False)
    for document in store.documents:
        expected = sorted(
            mention for name in store.names for mention in name.mentions if mention.document_id == document.id
        )
        assert store.mentions_in(document.id) == expected
    french = store.mentions_in("002_2ef5e4b3bc06aff6")
    assert sum(mention.surface == "OpenAI" for mention in french) == 15
    assert store.mentions_in("no such document") == []


def test_a_document_lists_its_names_most_mentioned_first() -> None:
    store = Store.load(default_corpus(), use_cache=False)
    counts = store.names_in("000_bc22c95311503198")
    assert [count for _, count in counts] == sorted((count for _, count in counts), reverse=True)
    assert dict((name.name, count) for name, count in counts)["Ilya Sutskever"] == 2
