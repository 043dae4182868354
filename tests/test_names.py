"""The name index: people and organisations found in raw multilingual text, with exact counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.loading import load_corpus
from reader.model import Document, Link
from reader.names import NameIndex, load_curated
from reader.paths import default_corpus

CORPUS = default_corpus()


def make_document(text: str, language: str | None = "en", doc_id: str = "doc0", title: str | None = None, related: tuple[Link, ...] = ()) -> Document:
    return Document(
        id=doc_id,
        path=f"{doc_id}.txt",
        title=title or text[:40],
        title_derived=title is None,
        date=None,
        language=language,
        source=None,
        text=text,
        related=related,
    )


def index_of(*texts: str, language: str | None = "en") -> NameIndex:
    documents = [make_document(text, language, doc_id=f"doc{number}") for number, text in enumerate(texts)]
    return NameIndex.build(documents, None)


def counts(index: NameIndex, doc_id: str = "doc0") -> dict[str, int]:
    return {name.name: count for name, count in index.names_in(doc_id)}


def kinds(index: NameIndex) -> dict[str, str]:
    return {name.name: name.kind for name in index.names}


# --- The shipped corpus ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> NameIndex:
    loaded = load_corpus(CORPUS)
    curated, problems = load_curated(CORPUS)
    assert problems == []
    return NameIndex.build(loaded.documents, curated)


def per_document(index: NameIndex, name: str) -> dict[str, int]:
    result: dict[str, int] = {}
    for mention in index.mentions(name):
        result[mention.document_id] = result.get(mention.document_id, 0) + 1
    return result


def test_shipped_corpus_counts_from_the_issue(shipped: NameIndex) -> None:
    assert per_document(shipped, "Ilya Sutskever") == {"000_bc22c95311503198": 2, "003_28cef117b7f50fc3": 1}
    assert per_document(shipped, "OpenAI")["002_2ef5e4b3bc06aff6"] == 15


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        # Counted by hand in the five files, possessives (`Altmans`, `OpenAI’s`) and lone surnames included.
        ("Sam Altman", "person", {"000_bc22c95311503198": 11, "001_43f3a01a20bb7f93": 8, "002_2ef5e4b3bc06aff6": 16, "004_1f0fbd319dc6bf33": 1}),
        ("Elon Musk", "person", {"001_43f3a01a20bb7f93": 17, "003_28cef117b7f50fc3": 23}),
        ("OpenAI", "organisation", {"000_bc22c95311503198": 5, "001_43f3a01a20bb7f93": 20, "002_2ef5e4b3bc06aff6": 15, "003_28cef117b7f50fc3": 24, "004_1f0fbd319dc6bf33": 7}),
        ("Microsoft", "organisation", {"000_bc22c95311503198": 2, "001_43f3a01a20bb7f93": 1, "002_2ef5e4b3bc06aff6": 8, "003_28cef117b7f50fc3": 1, "004_1f0fbd319dc6bf33": 1}),
        ("Tesla", "organisation", {"001_43f3a01a20bb7f93": 1, "003_28cef117b7f50fc3": 8}),
        ("Satya Nadella", "person", {"002_2ef5e4b3bc06aff6": 3}),
        ("Adam D'Angelo", "person", {"002_2ef5e4b3bc06aff6": 1}),
        ("Mira Murati", "person", {"000_bc22c95311503198": 1}),
        ("Emmett Shear", "person", {"002_2ef5e4b3bc06aff6": 1}),
        ("Bret Taylor", "person", {"002_2ef5e4b3bc06aff6": 1}),
        ("Larry Summers", "person", {"002_2ef5e4b3bc06aff6": 1}),
        ("Donald Trump", "person", {"001_43f3a01a20bb7f93": 1}),
    ],
)
def test_shipped_corpus_names(shipped: NameIndex, name: str, kind: str, expected: dict[str, int]) -> None:
    found = shipped.get(name)
    assert found is not None
    assert found.kind == kind
    assert per_document(shipped, name) == expected


def test_shipped_corpus_has_no_weekdays_products_or_places(shipped: NameIndex) -> None:
    listed = {name.name for name in shipped.names}
    for word in ["Vrijdag", "Zaterdag", "Zondag", "ChatGPT", "GPT", "Dall-E", "Las Vegas", "Nederland", "Formule", "Het", "De", "The"]:
        assert word not in listed


def test_mentions_are_in_reading_order_and_cover_the_name(shipped: NameIndex) -> None:
    mentions = shipped.mentions("Sam Altman")
    assert mentions == sorted(mentions)
    documents = {document.id: document for document in load_corpus(CORPUS).documents}
    for mention in mentions:
        fields = dict(documents[mention.document_id].name_fields())
        assert fields[mention.field][mention.start : mention.end] == mention.surface
        assert mention.surface in ("Sam Altman", "Altman")


def test_names_are_sorted_by_mentions(shipped: NameIndex) -> None:
    counted = [len(name.mentions) for name in shipped.names]
    assert counted == sorted(counted, reverse=True)
    assert shipped.names[0].name == "OpenAI"


def test_lookup_is_case_and_accent_insensitive_and_knows_aliases(shipped: NameIndex) -> None:
    assert shipped.mentions("ilya sutskever") == shipped.mentions("Ilya Sutskever")
    assert shipped.mentions("Adam D’Angelo") == shipped.mentions("adam d'angelo")
    assert shipped.mentions("Altman") == shipped.mentions("Sam Altman")
    assert shipped.mentions(shipped.get("Sam Altman")) == shipped.mentions("Sam Altman")
    assert shipped.mentions("Nobody Atall") == []


def test_names_in_a_document_most_mentioned_first(shipped: NameIndex) -> None:
    names = shipped.names_in("002_2ef5e4b3bc06aff6")
    assert [name.name for name, _ in names[:3]] == ["Sam Altman", "OpenAI", "Microsoft"]
    assert [count for _, count in names[:3]] == [16, 15, 8]
    assert shipped.names_in("no such document") == []
    assert shipped.names_of("002_2ef5e4b3bc06aff6") == tuple(name for name, _ in names)
    assert shipped.names_of("no such document") == ()


# --- Detection -----------------------------------------------------------------------------------


def test_particles_apostrophes_and_diacritics() -> None:
    index = index_of(
        "In Brussel sprak Ursula von der Leyen met Adam D'Angelo en Clément Delangue. "
        "Later sprak ook Jürgen Müller met Fei-Fei Li en Conan O'Brien.",
        language="nl",
    )
    assert set(counts(index)) >= {"Ursula von der Leyen", "Adam D'Angelo", "Clément Delangue", "Jürgen Müller", "Fei-Fei Li", "Conan O'Brien"}


def test_possessives_and_elisions_count_for_the_base_name() -> None:
    index = index_of(
        "Sam Altman leidt OpenAI. Altmans vertrek verraste Microsoft. Altman's plan en OpenAI’s koers.",
        language="nl",
    )
    assert counts(index) == {"Sam Altman": 3, "OpenAI": 2, "Microsoft": 1}
    spans = [mention.surface for mention in index.mentions("Sam Altman")]
    assert spans == ["Sam Altman", "Altman", "Altman"]

    french = index_of("Le patron d'OpenAI et l'OpenAI de demain. La présidente d’AMD et l’ASML.", language="fr")
    assert counts(french) == {"OpenAI": 2, "AMD": 1, "ASML": 1}
    assert [mention.surface for mention in french.mentions("OpenAI")] == ["OpenAI", "OpenAI"]

    german = index_of("Bundeskanzler Olaf Scholz sprach. In Scholz' Regierung und Demis Hassabis' Labor.", language="de")
    assert counts(german)["Olaf Scholz"] == 2


def test_risico_s_is_not_a_name() -> None:
    index = index_of("De risico's van AI zijn groot, zei Geoffrey Hinton. Hintons collega's knikten.", language="nl")
    assert counts(index) == {"Geoffrey Hinton": 2}


def test_surname_after_full_name_counts_for_the_person() -> None:
    index = index_of("Elon Musk sued OpenAI on Monday. Musk said the company had changed. Musk's lawyers agreed.")
    assert counts(index) == {"Elon Musk": 3, "OpenAI": 1}
    assert index.get("Elon Musk").aliases == ("Musk",)


def test_lone_surname_resolves_across_the_corpus_when_unambiguous() -> None:
    index = index_of("Ilya Sutskever left the board.", "The board said Sutskever was right.")
    assert counts(index, "doc1") == {"Ilya Sutskever": 1}


def test_weekdays_months_and_sentence_initial_words_are_not_names() -> None:
    index = index_of(
        "Vrijdag\n\nDe topman van OpenAI vertrok. Het bestuur zweeg. Volgens Microsoft was dat onverwacht.\n\n"
        "Maandag 12 november\n\nDinsdag sprak de Nederlandse premier Mark Rutte.",
        language="nl",
    )
    assert counts(index) == {"OpenAI": 1, "Microsoft": 1, "Mark Rutte": 1}


def test_a_sentence_initial_name_needs_support() -> None:
    index = index_of(
        "Analysts were surprised. Bloomberg reported the deal first. Nvidia's shares rose. "
        "Shares fell elsewhere. Cloud providers said nothing."
    )
    assert counts(index) == {"Bloomberg": 1, "Nvidia": 1}


def test_titles_demonyms_and_german_nouns_are_not_names() -> None:
    english = index_of("The summit ended. Prime Minister Rishi Sunak met the Canadian researcher Yoshua Bengio, who spoke.")
    assert counts(english) == {"Rishi Sunak": 1, "Yoshua Bengio": 1}
    german = index_of(
        "Der Branchenanalyst Jürgen Müller hält die Summe für beachtlich. Kritiker bemängeln, dass das "
        "Unternehmen wenige Zahlen zu Umsatz und Nutzung veröffentlicht. Bundeskanzler Olaf Scholz schweigt.",
        language="de",
    )
    assert counts(german) == {"Jürgen Müller": 1, "Olaf Scholz": 1}
    dutch = index_of("De Nederlandse premier Mark Rutte sprak met de Taiwanese chipmaker TSMC.", language="nl")
    assert counts(dutch) == {"Mark Rutte": 1, "TSMC": 1}


def test_title_case_headings_only_keep_known_names() -> None:
    documents = [
        make_document("Geoffrey Hinton Renews Call For More Research Into AI Safety", doc_id="a", title="x"),
        make_document("Speaking in Oxford, Hinton said governments should act.", doc_id="b"),
    ]
    index = NameIndex.build(documents, None)
    assert counts(index, "a") == {"Geoffrey Hinton": 1}
    assert counts(index, "b") == {"Geoffrey Hinton": 1}


def test_lines_in_capitals_only_keep_known_names() -> None:
    index = index_of("LEES OOK\n\nOPENAI ZET SAM ALTMAN OP STRAAT\n\nDe raad van OpenAI sprak met Sam Altman.", language="nl")
    assert counts(index) == {"OpenAI": 2, "Sam Altman": 2}


def test_slash_pair_counts_once() -> None:
    index = index_of("Source : X / Twitter", language="fr")
    assert counts(index) == {"X": 1}


def test_kinds() -> None:
    index = index_of(
        "Getty Images sued Stability AI. The University of Toronto and the European Commission "
        "watched, as did ASML and xAI. Satya Nadella, who leads Microsoft, spoke to Lisa Su.",
    )
    found = kinds(index)
    for name in ["Getty Images", "Stability AI", "University of Toronto", "European Commission", "ASML", "xAI", "Microsoft"]:
        assert found[name] == "organisation", name
    for name in ["Satya Nadella", "Lisa Su"]:
        assert found[name] == "person", name


def test_names_inside_hyphenated_words_count_when_known() -> None:
    index = index_of(
        "Sam Altman leidt OpenAI. Ook Tesla en X bestaan. OpenAI-CEO Sam Altman sprak met X-CEO-Musk "
        "over de Tesla-auto's van Elon Musk.",
        language="nl",
    )
    assert counts(index) == {"Sam Altman": 2, "OpenAI": 2, "Tesla": 2, "Elon Musk": 2}
    assert [mention.surface for mention in index.mentions("OpenAI")] == ["OpenAI", "OpenAI"]


def test_a_surname_touching_another_name_is_two_mentions() -> None:
    index = index_of("Elon Musk klaagde OpenAI aan. Daarom heeft Musk OpenAI eerder aangeklaagd.", language="nl")
    assert counts(index) == {"Elon Musk": 2, "OpenAI": 2}


def test_sentence_initial_d_apostrophe_is_decided_by_what_is_known() -> None:
    english = index_of("The board met Adam D'Angelo on Friday. D'Angelo said nothing.")
    assert counts(english) == {"Adam D'Angelo": 2}
    french = index_of("La présidente d'AMD, Lisa Su, était là. D'AMD on ne sait rien.", language="fr")
    assert counts(french) == {"AMD": 2, "Lisa Su": 1}


def test_particles_after_unknown_first_names() -> None:
    index = index_of(
        "Volgens hoogleraar Maarten de Rijke is Nederland te laat. De Rijke pleit voor een fonds. "
        "Ook Søren Van den Berghe en Anaïs van der Meer reageerden; Van der Meers reactie was kort.",
        language="nl",
    )
    found = counts(index)
    assert found["Maarten de Rijke"] == 2
    assert found["Søren Van den Berghe"] == 1
    assert found["Anaïs van der Meer"] == 2
    assert "Søren" not in found and "Rijke" not in found


def test_institutions_named_after_their_keyword() -> None:
    index = index_of(
        "De Autoriteit Persoonsgegevens en de Universiteit Utrecht waarschuwen. La Banca d'Italia e la "
        "Commission nationale du débat public aussi; la CNIL enquête. The AI Safety Institute said so.",
        language="nl",
    )
    found = kinds(index)
    for name in ["Autoriteit Persoonsgegevens", "Universiteit Utrecht", "Banca d'Italia", "Commission nationale du débat public", "CNIL", "AI Safety Institute"]:
        assert found.get(name) == "organisation", name


def test_places_awards_products_and_headings_are_not_names() -> None:
    index = index_of(
        "Why It Matters\n\nThe summit in Dresden and the meeting in Las Vegas went well. Hinton won the "
        "Turing Award and the Nobelprijs voor Natuurkunde. Since then Microsoft uses ChatGPT and Azure, "
        "and OpenAI said the same.",
    )
    assert set(counts(index)) == {"Microsoft", "OpenAI"}


# --- Curated names ---------------------------------------------------------------------------


def test_curated_file_is_optional(tmp_path: Path) -> None:
    assert load_curated(tmp_path) == (None, [])


def test_broken_curated_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    (tmp_path / "names.yaml").write_text("names: [\n  - {name: X\n", encoding="utf-8")
    curated, problems = load_curated(tmp_path)
    assert curated is None
    assert len(problems) == 1 and problems[0].path == "names.yaml" and problems[0].severity == "error"

    (tmp_path / "names.yaml").write_text("!!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    curated, problems = load_curated(tmp_path)
    assert curated is None and problems


def test_curated_file_adds_kinds_aliases_and_ignores(tmp_path: Path) -> None:
    (tmp_path / "names.yaml").write_text(
        "names:\n  - name: X\n    kind: organisation\n    aliases: [Twitter]\n"
        "  - name: Hugging Face\n    kind: person\n  - {kind: person}\nignore: [Instinct]\n",
        encoding="utf-8",
    )
    curated, problems = load_curated(tmp_path)
    assert curated is not None
    assert [problem.severity for problem in problems] == ["warning"]
    documents = [make_document("On Twitter, Hugging Face praised Instinct chips from AMD.")]
    index = NameIndex.build(documents, curated)
    assert counts(index) == {"X": 1, "Hugging Face": 1, "AMD": 1}
    assert kinds(index)["Hugging Face"] == "person"
    assert index.mentions("Twitter")[0].surface == "Twitter"


# --- Robustness ------------------------------------------------------------------------------

from hypothesis import given, settings
from hypothesis import strategies as st

_WORDS = st.sampled_from([
    "Sam", "Altman", "Altmans", "Altman's", "OpenAI’s", "d'OpenAI", "L'Oréal", "D'Angelo", "van", "der", "de",
    "Van", "De", "la", "X", "/", "Twitter", "AI", "Stability", "Universiteit", "Toronto", "Commission",
    "nationale", "du", "débat", "public", "Fei-Fei", "Li", "OpenAI-CEO", "risico's", "Vrijdag", "The", "Het",
    "xAI", "ASML", "Mistral", "Jürgen", "Müller", "zei", "said", ",", ".", ":", "\n\n", "(", "'", "’", "-",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_WORDS, max_size=60).map(" ".join), min_size=1, max_size=4), st.sampled_from(["nl", "fr", "en", "de", "it", None]))
def test_any_text_gives_mentions_that_point_at_their_surface(texts: list[str], language: str | None) -> None:
    documents = [make_document(text, language, doc_id=f"doc{number}") for number, text in enumerate(texts)]
    index = NameIndex.build(documents, None)
    fields = {document.id: dict(document.name_fields()) for document in documents}
    for name in index.names:
        assert name.mentions == tuple(sorted(name.mentions))
        for mention in name.mentions:
            assert fields[mention.document_id][mention.field][mention.start : mention.end] == mention.surface
        assert index.get(name.name) is name


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    NameIndex.build([make_document(text, None)], None)


@pytest.mark.parametrize(
    "text",
    [
        " ".join(["Jan van"] * 4000) + " Berg",
        " de ".join(f"Naam{chr(97 + n % 26)}{chr(97 + n // 26 % 26)}" for n in range(4000)),
        " ".join(["Fratelli d'Italia"] * 4000),
        " ".join(f"Word{chr(97 + n % 26)}{chr(97 + n // 26 % 26)}x" for n in range(8000)),
        "A " * 50000,
    ],
    ids=["particles", "name-de-name", "elisions", "capitals", "letters"],
)
def test_long_runs_of_capitals_stay_fast(text: str) -> None:
    import time

    started = time.process_time()
    NameIndex.build([make_document(text, "nl")], None)
    assert time.process_time() - started < 2.0


def test_curated_file_that_is_too_large_or_not_a_mapping(tmp_path: Path) -> None:
    (tmp_path / "names.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    assert load_curated(tmp_path)[0] is None
    (tmp_path / "names.yaml").write_text("names:\n" + "  - name: X\n" * 100_000, encoding="utf-8")
    curated, problems = load_curated(tmp_path)
    assert curated is None and "1 MB" in problems[0].message


def test_names_are_model_names_with_mentions_made_on_demand(shipped: NameIndex) -> None:
    import dataclasses
    import pickle

    from reader.model import Mention, Name

    name = shipped.get("OpenAI")
    assert isinstance(name, Name)
    documents = name.documents  # from the compact columns, before any Mention is made
    assert documents == len({mention.document_id for mention in name.mentions})
    assert all(type(mention) is Mention for mention in name.mentions)
    first = name.mentions[0]
    assert first == Mention(first.order, first.field_index, first.start, first.end, first.document_id, first.field, first.surface)
    assert name.mentions is name.mentions  # made once
    again = pickle.loads(pickle.dumps(shipped))
    assert [(n.name, n.kind, n.aliases, n.mentions) for n in again.names] == [(n.name, n.kind, n.aliases, n.mentions) for n in shipped.names]
    assert again.get("OpenAI") == name
    plain = dataclasses.replace(name, aliases=())
    assert plain.mentions == name.mentions and plain.documents == documents and plain.aliases == ()


def test_a_fresh_index_pickles_compact_and_comes_back_the_same() -> None:
    import pickle

    documents = load_corpus(CORPUS).documents
    curated, _ = load_curated(CORPUS)
    fresh = NameIndex.build(documents, curated)
    again = pickle.loads(pickle.dumps(fresh))  # before any Mention is made: the packed columns
    assert [(n.name, n.kind, n.aliases, n.mention_count, n.documents) for n in again.names] == [
        (n.name, n.kind, n.aliases, n.mention_count, n.documents) for n in fresh.names
    ]
    assert [n.mentions for n in again.names] == [n.mentions for n in fresh.names]
    def per_document(index: NameIndex) -> list:
        return [[(name.name, count) for name, count in index.names_in(document.id)] for document in documents]

    assert per_document(again) == per_document(fresh)


def test_scanning_on_two_processes_gives_the_same_index(shipped: NameIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader import name_scan_fork
    from reader.name_scan import Scanner

    documents = load_corpus(CORPUS).documents
    curated, _ = load_curated(CORPUS)

    def everything(index: NameIndex) -> list:
        return [(name.name, name.kind, name.aliases, name.mentions, index.names_in(name.mentions[0].document_id)) for name in index.names]

    expected = everything(shipped)
    assert everything(NameIndex.build(documents, curated, parallel=True)) == expected
    # A child that fails, or is too slow, leaves the whole scan to this process.
    export = Scanner.export
    monkeypatch.setattr(Scanner, "export", lambda self: 1 / 0)
    assert everything(NameIndex.build(documents, curated, parallel=True)) == expected
    # Put back by hand: `monkeypatch.undo()` would also undo the private user folders (conftest).
    monkeypatch.setattr(Scanner, "export", export)
    monkeypatch.setattr(name_scan_fork, "_MIN_WAIT", 0.0)
    monkeypatch.setattr(name_scan_fork, "_PATIENCE", 0.0)
    assert everything(NameIndex.build(documents, curated, parallel=True)) == expected


def test_weighing_names_in_a_child_gives_the_same_index(monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    from reader import names

    documents = load_corpus(CORPUS).documents
    curated, _ = load_curated(CORPUS)
    expected = pickle.dumps(NameIndex.build(documents, curated, parallel=False))
    monkeypatch.setattr(names, "WEIGH_APART_MIN", 0)  # even a few mentions go to a child
    monkeypatch.setattr(names, "idle_core", lambda: True)  # however busy the machine is
    children: list[str] = []

    class Counted(names.Forked):
        def __init__(self, work, *arguments) -> None:
            children.append(work.__name__)
            super().__init__(work, *arguments)

    monkeypatch.setattr(names, "Forked", Counted)
    assert pickle.dumps(NameIndex.build(documents, curated, parallel=True)) == expected
    assert "_weigh_all" in children
    # A child that fails leaves the weighing to this process.
    monkeypatch.setattr(names, "_weigh_all", lambda *arguments: 1 / 0)
    assert pickle.dumps(NameIndex.build(documents, curated, parallel=True)) == expected
