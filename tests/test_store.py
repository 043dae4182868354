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


def test_a_store_that_makes_its_filter_when_asked_filters_the_same() -> None:
    import threading

    import reader.store

    eager = Store.load(default_corpus(), use_cache=False)
    made: list[bool] = []
    real = reader.store.DocumentFilter

    def counting(*arguments):
        made.append(True)
        return real(*arguments)

    reader.store.DocumentFilter = counting
    try:
        lazy = Store(eager.root, eager.documents, eager.problems, eager.name_index, filter_when_asked=True)
        assert [hit.document.id for hit in lazy.filter("")] == [document.id for document in eager.documents]
        assert made == [], "listing every document folds no title"
        results: list[list[str]] = []
        askers = [threading.Thread(target=lambda: results.append([hit.document.id for hit in lazy.filter("altman")]))
                  for _ in range(4)]
        for asker in askers:
            asker.start()
        for asker in askers:
            asker.join()
    finally:
        reader.store.DocumentFilter = real
    expected = [hit.document.id for hit in eager.filter("altman")]
    assert expected and results == [expected] * 4
    assert made == [True], "made once, however many ask at once"


def test_a_store_read_from_the_cache_is_kept_out_of_the_collectors_sight() -> None:
    """Else the first collection after loading walks every new object (0.2 s at 100k documents,
    just before the first rows); frozen objects are still freed by reference counting."""
    import gc

    Store.load(default_corpus())  # writes the cache
    gc.unfreeze()
    store = Store.load(default_corpus())
    assert gc.get_freeze_count() >= len(store.documents) * 5, "documents, their fields and the index frozen"


def _spans_by_field(mentions) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for mention in mentions:
        spans.setdefault(mention.field, []).append((mention.start, mention.end))
    return {field: sorted(found) for field, found in spans.items()}


def test_a_documents_name_spans_are_those_of_its_mentions_and_make_none(monkeypatch) -> None:
    # A reader marks a document's names on every move of the cursor: an article of a few megabytes
    # with 145,000 mentions took a second when each was made into a `Mention` first.
    from reader import name_mentions

    store = Store.load(default_corpus(), use_cache=False)
    expected = {document.id: _spans_by_field(store.mentions_in(document.id)) for document in store.documents}
    fresh = Store.load(default_corpus(), use_cache=False)
    made: list[int] = []
    make_one = name_mentions.PackedMentions._item
    monkeypatch.setattr(name_mentions.PackedMentions, "_item", lambda self, number: made.append(number) or make_one(self, number))
    spans = {document.id: fresh.name_spans_in(document.id) for document in fresh.documents}
    assert made == [] and all(isinstance(name, name_mentions.CompactName) and name._columns is not None for name in fresh.names)
    assert spans == expected
    assert sum(map(len, spans["002_2ef5e4b3bc06aff6"].values())) == len(store.mentions_in("002_2ef5e4b3bc06aff6")) > 15
    assert "title" in spans["002_2ef5e4b3bc06aff6"] and "text" in spans["002_2ef5e4b3bc06aff6"]
    for name in fresh.names:
        name.mentions  # made now: the spans come from them instead
    assert {document.id: fresh.name_spans_in(document.id) for document in fresh.documents} == expected
    assert fresh.name_spans_in("no such document") == {}


def test_a_store_released_in_steps_lets_go_of_everything_but_what_others_hold(tmp_path) -> None:
    import gc
    import weakref

    from tests.bench.synthetic import write_corpus

    write_corpus(tmp_path / "corpus", 300, seed=3)
    store = Store.load(tmp_path / "corpus", use_cache=False)
    shown = store.documents  # a list of the documents the reader still shows
    count = len(shown)
    name_type, names = type(store.names[0]), len(store.names)

    def names_alive() -> int:
        return sum(1 for thing in gc.get_objects() if type(thing) is name_type)

    gc.collect()  # names of earlier tests' stores still in cycles go now, not during the count below
    alive_before = names_alive()
    first = shown[0].id
    steps = store.released_in_steps(step_seconds=0.0)  # the least work a step can do: many steps
    store_alive = weakref.ref(store)
    del store
    taken = sum(1 for _ in steps)
    del steps
    gc.collect()
    assert taken > 10, "a slice at a time"
    assert store_alive() is None and alive_before - names_alive() == names > 0, "the store and its names are gone"
    assert len(shown) == count and shown[0].id == first, "what another holder keeps stays whole"


def test_a_store_released_answers_as_an_empty_one(tmp_path) -> None:
    from tests.bench.synthetic import write_corpus

    write_corpus(tmp_path / "corpus", 50, seed=3)
    store = Store.load(tmp_path / "corpus", use_cache=False)
    for _ in store.released_in_steps():
        pass
    assert store.documents == [] and store.names == [] and store.problems == []
    assert list(store.filter("altman")) == [] and store.match_names("altman") == []
    assert store.document("anything") is None and store.walk("Sam Altman") == []
