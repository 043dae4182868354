"""Behaviour of the document filter, the query syntax and the name matcher (no timing here)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.model import Document, Mention, Name
from reader.query import DROPPED_CHARS, Term, parse_query, search_key, search_key_with_offsets
from reader.search import _WORD_BREAKS, DocumentFilter, HitList, NameMatcher, _words
from reader.textclean import fold, fold_with_offsets


def make_document(
    number: int,
    title: str,
    *,
    date: str | None = None,
    language: str | None = "en",
    source: str | None = None,
    path: str | None = None,
) -> Document:
    return Document(
        id=f"doc{number}",
        path=path or f"doc{number}.txt",
        title=title,
        title_derived=False,
        date=date,
        language=language,
        source=source,
        text=title,
    )


def make_name(name: str, mentions: int, aliases: tuple[str, ...] = (), kind: str = "person") -> Name:
    return Name(
        name,
        kind,  # type: ignore[arg-type]
        aliases,
        tuple(Mention(0, 0, index, index + 1, "doc0", "text", name) for index in range(mentions)),
    )


DOCUMENTS = [
    make_document(0, "Sam Altman returns to OpenAI", date="2023-11", source="The Verge"),
    make_document(1, "Émilie écrit sur l'IA", language="fr", source="Le Monde", path="fr/emilie.md"),
    make_document(2, "Ilya Sutskever leaves", date="2024-05"),
    make_document(3, "A tale of misplaced letters: salt, time, man", language="nl"),
    make_document(4, "Board meeting notes", date="2023-11-17"),
]
NAMES = {
    "doc0": ["Sam Altman", "OpenAI"],
    "doc2": ["Ilya Sutskever", "OpenAI"],
    "doc4": ["Adam D'Angelo", "Helen Toner"],
}


@pytest.fixture
def document_filter() -> DocumentFilter:
    return DocumentFilter(DOCUMENTS, NAMES)


def ids(hits: HitList) -> list[str]:
    return [hit.document.id for hit in hits]


def highlighted(hit) -> list[str]:
    return [hit.document.title[start:end] for start, end in hit.title_spans]


class TestQueryParsing:
    def test_operators(self) -> None:
        assert parse_query("  Altman 'Open ^2023 .md$ !Musk ") == [
            Term("altman"),
            Term("open", "exact"),
            Term("2023", "prefix"),
            Term(".md", "suffix"),
            Term("musk", "exact", negated=True),
        ]

    def test_repeated_terms_count_once(self) -> None:
        assert parse_query("alt ALT alt 'x 'x") == [Term("alt"), Term("x", "exact")]

    def test_lone_operators_are_ignored(self) -> None:
        assert parse_query("! ' ^") == []

    def test_keys_fold_case_accents_and_apostrophes(self) -> None:
        assert search_key("Émilie D'Angelo’s") == "emilie dangelos"

    def test_offsets_point_into_the_source(self) -> None:
        key, offsets = search_key_with_offsets("D'Émi")
        assert key == "demi"
        assert offsets == [0, 2, 3, 4]

    def test_implies(self) -> None:
        assert Term("sutsk").implies(Term("suts"))
        assert Term("sutsk").implies(Term("stk"))
        assert not Term("sut").implies(Term("su"))  # `su` needs a word start, `sut` does not
        assert Term("sut", "prefix").implies(Term("su"))
        assert not Term("!a", negated=True).implies(Term("!ab", negated=True))


class TestDocumentFilter:
    def test_blank_query_gives_every_document_in_display_order(self, document_filter: DocumentFilter) -> None:
        hits = document_filter.filter("   ")
        assert ids(hits) == [document.id for document in DOCUMENTS]
        assert all(hit.score == 0 and hit.title_spans == () for hit in hits)

    def test_fuzzy_title(self, document_filter: DocumentFilter) -> None:
        hits = document_filter.filter("altmn")
        assert ids(hits)[0] == "doc0"
        assert highlighted(hits[0]) == ["Altm", "n"]

    def test_accent_and_case_insensitive(self, document_filter: DocumentFilter) -> None:
        hits = document_filter.filter("EMILIE")
        assert ids(hits)[0] == "doc1"
        assert highlighted(hits[0]) == ["Émilie"]

    def test_decomposed_accents_highlight_whole_characters(self) -> None:
        title = "E\u0301milie"
        hit = DocumentFilter([make_document(0, title)], {}).filter("emilie")[0]
        assert hit.title_spans == ((0, len(title)),)

    def test_apostrophes_are_ignored(self, document_filter: DocumentFilter) -> None:
        assert ids(document_filter.filter("dangelo")) == ["doc4"]
        hit = document_filter.filter("lia")[0]
        assert hit.document.id == "doc1"
        assert highlighted(hit) == ["l'IA"]

    def test_matches_source_path_date_language_and_names(self, document_filter: DocumentFilter) -> None:
        assert ids(document_filter.filter("verge")) == ["doc0"]
        assert ids(document_filter.filter("emilie.md")) == ["doc1"]
        assert ids(document_filter.filter("2023-11")) == ["doc0", "doc4"]
        assert ids(document_filter.filter("nl")) == ["doc3"]
        assert ids(document_filter.filter("toner")) == ["doc4"]

    def test_terms_must_all_match(self, document_filter: DocumentFilter) -> None:
        assert ids(document_filter.filter("openai sutskever")) == ["doc2"]
        assert ids(document_filter.filter("openai toner")) == []

    def test_exact_prefix_suffix_and_exclusion(self, document_filter: DocumentFilter) -> None:
        assert ids(document_filter.filter("'altmn")) == []
        assert ids(document_filter.filter("'ltma")) == ["doc0"]
        assert ids(document_filter.filter("^2023")) == ["doc0", "doc4"]
        assert ids(document_filter.filter("^board")) == ["doc4"]
        assert ids(document_filter.filter("^oard")) == []
        assert ids(document_filter.filter(".md$")) == ["doc1"]
        assert ids(document_filter.filter("!openai")) == ["doc1", "doc3", "doc4"]
        assert ids(document_filter.filter("2023 !board")) == ["doc0"]

    def test_short_terms_match_only_at_a_word_start(self, document_filter: DocumentFilter) -> None:
        # `s` and `sa` as scattered letters would be in nearly every document.
        assert ids(document_filter.filter("sa")) == ["doc0", "doc3"]  # Sam, salt
        assert ids(document_filter.filter("tm")) == []
        assert highlighted(document_filter.filter("ti")[0]) == ["ti"]

    def test_contiguous_and_word_start_rank_above_scattered(self) -> None:
        documents = [
            make_document(0, "Salt, time and man"),  # scattered
            make_document(1, "Saltmines report"),  # contiguous, not at a word start
            make_document(2, "Altman speaks"),  # word start
        ]
        hits = DocumentFilter(documents, {}).filter("altm")
        assert ids(hits) == ["doc2", "doc1", "doc0"]
        assert hits[0].score > hits[1].score > hits[2].score

    def test_title_ranks_above_names(self) -> None:
        documents = [make_document(0, "Board news"), make_document(1, "Altman out")]
        hits = DocumentFilter(documents, {"doc0": ["Sam Altman"]}).filter("altman")
        assert ids(hits) == ["doc1", "doc0"]
        assert hits[1].title_spans == ()

    def test_compact_scattered_matches_rank_first(self) -> None:
        documents = [make_document(0, "a l t m a n scattered far"), make_document(1, "alt-man")]
        assert ids(DocumentFilter(documents, {}).filter("altman")) == ["doc1", "doc0"]

    def test_names_may_come_from_a_function(self) -> None:
        # The store hands the name index's own tuples over through a function, not a dict of lists.
        from_function = DocumentFilter(DOCUMENTS, lambda document_id: iter(NAMES.get(document_id, ())))
        for query in ("openai", "toner", "sutskever 2024", "altman -verge", ""):
            assert ids(from_function.filter(query)) == ids(DocumentFilter(DOCUMENTS, NAMES).filter(query))

    def test_ties_keep_display_order(self) -> None:
        documents = [make_document(number, f"Altman story {number}") for number in range(30)]
        assert ids(DocumentFilter(documents, {}).filter("altman")) == [f"doc{n}" for n in range(30)]

    def test_several_terms_highlight_together(self, document_filter: DocumentFilter) -> None:
        hit = document_filter.filter("sam openai")[0]
        assert highlighted(hit) == ["Sam", "OpenAI"]

    def test_narrowing_gives_the_same_result_as_a_fresh_filter(self, document_filter: DocumentFilter) -> None:
        for query in ["s", "su", "sut", "suts", "sutsk", "sutske", "sutsk", "sut", "a", "al", "alt", "alt !x"]:
            fresh = DocumentFilter(DOCUMENTS, NAMES)
            narrowed = document_filter.filter(query)
            expected = fresh.filter(query)
            assert ids(narrowed) == ids(expected), query
            assert [hit.score for hit in narrowed] == [hit.score for hit in expected]

    def test_lazy_ranking_equals_a_full_ranking(self) -> None:
        rng = random.Random(7)
        words = ["alt", "altman", "salt", "a-l-t", "board", "tall", "mantle", "ltm"]
        documents = [make_document(n, " ".join(rng.choices(words, k=3))) for n in range(3000)]
        names = {f"doc{n}": ["Sam Altman"] for n in range(0, 3000, 7)}
        for query in ["alt", "altm", "al", "a", "board alt", "'alt", "^alt", "tall !salt"]:
            first = DocumentFilter(documents, names).filter(query)[:40]
            hits = list(DocumentFilter(documents, names).filter(query))
            assert first == hits[:40], query
            keys = [(-hit.score, int(hit.document.id[3:])) for hit in hits]
            assert keys == sorted(keys), query

    def test_a_hit_list_says_where_it_ranks_a_document(self) -> None:
        rng = random.Random(11)
        words = ["alt", "altman", "salt", "board", "tall", "mantle"]
        documents = [make_document(n, " ".join(rng.choices(words, k=3))) for n in range(2000)]
        document_filter = DocumentFilter(documents, {})
        for query in ["", "alt", "altm", "board alt", "tall !salt", "zzz"]:
            hits = document_filter.filter(query)
            ranked = {document.id: position for position, document in enumerate(hits.documents)}
            for index in [*range(0, 2000, 37), 1999]:
                assert hits.position_of(index) == ranked.get(documents[index].id), (query, index)

    def test_a_document_that_is_no_hit_ranks_nothing(self) -> None:
        documents = [make_document(n, f"altman {n}" if n % 2 else f"board {n}") for n in range(3000)]
        hits = DocumentFilter(documents, {}).filter("altman")
        scored: list[int] = []
        score_chunk = hits._ranking._score_chunk
        hits._ranking._score_chunk = lambda chunk: scored.extend(chunk) or score_chunk(chunk)
        assert hits.position_of(2) is None and hits.position_of(2998) is None
        assert scored == [], "a binary search among the matches tells"
        assert hits.documents[hits.position_of(2999)].id == "doc2999"

    def test_hits_ranked_ahead_in_slices_come_in_the_order_asked_for(self) -> None:
        rng = random.Random(5)
        words = ["alt", "altman", "salt", "board", "tall", "mantle", "a-l-t"]
        documents = [make_document(n, " ".join(rng.choices(words, k=3))) for n in range(3000)]
        for query in ["alt", "altm", "board alt", "tall !salt", "zzz", ""]:
            expected = ids(DocumentFilter(documents, {}).filter(query))
            hits = DocumentFilter(documents, {}).filter(query)
            first = ids(hits[:5])  # a screenful read before ranking ahead must not move
            scored: list[int] = []
            score_chunk = hits._ranking._score_chunk
            if score_chunk is not None:
                hits._ranking._score_chunk = lambda chunk, real=score_chunk: scored.append(len(chunk)) or real(chunk)
            slices = 0
            while not hits.rank_ahead(500):
                slices += 1
                assert slices <= 10, query
            assert all(size <= 500 for size in scored), (query, scored)
            calls = len(scored)
            assert first == expected[:5] and ids(hits) == expected, query
            assert hits[len(hits) - 1:] == list(hits)[-1:] and len(scored) == calls, "ranked ahead: the last hit costs nothing"

    def test_hit_list_is_a_sequence(self, document_filter: DocumentFilter) -> None:
        hits = document_filter.filter("o")
        assert len(hits) == len(list(hits)) == len(hits.documents)
        assert hits[-1] == list(hits)[-1]
        assert hits[0:2] == list(hits)[:2]
        assert [hit.document for hit in hits] == list(hits.documents) == hits.documents[:]
        assert hits.documents[-1] == hits[-1].document
        assert [DOCUMENTS[index] for index in hits.indices] == list(hits.documents)
        with pytest.raises(IndexError):
            hits[len(hits)]

    def test_a_term_longer_than_any_field_matches_nothing(self, document_filter: DocumentFilter) -> None:
        assert len(document_filter.filter("a" * 10_000)) == 0
        assert len(document_filter.filter("openai " + "a" * 10_000)) == 0
        assert NameMatcher([make_name("Sam Altman", 1)]).match("s" * 10_000) == []

    def test_empty_corpus_and_empty_titles(self) -> None:
        assert len(DocumentFilter([], {}).filter("x")) == 0
        assert len(DocumentFilter([], {}).filter("")) == 0
        assert NameMatcher([]).match("x") == [] and NameMatcher([]).match("") == []
        hits = DocumentFilter([make_document(0, ""), make_document(1, "x")], {}).filter("x")
        assert ids(hits) == ["doc1"]

    def test_regex_metacharacters_are_literal(self) -> None:
        documents = [make_document(0, "C++ (and [brackets]) cost $5 ^ \\ 50%"), make_document(1, "Plain")]
        document_filter = DocumentFilter(documents, {})
        for query in ["c++", "'[brackets]", "$5", "(and", "\\", "^c++", "50%$", "]", "']"]:
            assert ids(document_filter.filter(query)) == ["doc0"], query

    def test_digits_never_match_the_internal_index(self) -> None:
        documents = [make_document(number, "x", path="x.txt") for number in range(15)]
        document_filter = DocumentFilter(documents, {})
        assert ids(document_filter.filter("1")) == []
        assert ids(document_filter.filter("'12")) == []
        assert ids(document_filter.filter("14$")) == []


@settings(max_examples=200, deadline=None)
@given(
    titles=st.lists(st.text(max_size=30), min_size=1, max_size=8),
    query=st.text(max_size=12),
)
def test_any_query_on_any_titles_is_safe(titles: list[str], query: str) -> None:
    documents = [make_document(number, title) for number, title in enumerate(titles)]
    hits = DocumentFilter(documents, {}).filter(query)
    for hit in hits:
        for start, end in hit.title_spans:
            assert 0 <= start < end <= len(hit.document.title)


@settings(max_examples=300, deadline=None)
@given(title=st.text(alphabet="abcAB 'é", max_size=20), query=st.text(alphabet="abcé ", max_size=8))
def test_matches_exactly_as_specified(title: str, query: str) -> None:
    """Long terms: a subsequence of the title; short terms: a word of the title starts with them."""
    document = make_document(0, title, language=None, path="x")
    key = search_key(title)

    def matches(term: Term) -> bool:
        if term.short:
            return any(word.startswith(term.text) for word in key.split())
        letters = iter(key)
        return all(char in letters for char in term.text)

    expected = all(matches(term) for term in parse_query(query))
    assert len(DocumentFilter([document], {}).filter(query)) == int(expected)


@settings(max_examples=100, deadline=None)
@given(
    queries=st.lists(
        st.text(alphabet="alt bo'^!$s", max_size=8).map(lambda query: query.replace("$", "$ ")), max_size=10
    )
)
def test_any_sequence_of_queries_gives_what_a_fresh_filter_gives(queries: list[str]) -> None:
    """Narrowing from earlier queries never changes a result, whatever was typed before."""
    documents = [
        make_document(number, title)
        for number, title in enumerate(["Altman's board", "salt boat", "A tale", "Bold alto", "l'Alt", "st"])
    ]
    names = {"doc1": ["Sam Altman"], "doc3": ["Board Member"]}
    kept = DocumentFilter(documents, names)
    for query in queries:
        hits = kept.filter(query)
        fresh = DocumentFilter(documents, names).filter(query)
        assert [(hit.document.id, hit.score) for hit in hits] == [(hit.document.id, hit.score) for hit in fresh]


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_search_key_is_fold_without_dropped_characters(text: str) -> None:
    assert search_key(text) == "".join(char for char in fold(text) if char not in DROPPED_CHARS)


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_offsets_follow_the_search_key(text: str) -> None:
    key, offsets = search_key_with_offsets(text)
    assert key == search_key(text)
    assert len(offsets) == len(key) and offsets == sorted(offsets)
    folded, fold_offsets = fold_with_offsets(text)
    assert [offset for char, offset in zip(folded, fold_offsets) if char not in DROPPED_CHARS] == offsets


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_word_breaks_are_the_same_for_ascii_and_other_text(text: str) -> None:
    key = search_key(text)
    assert _words(key) == " " + key.translate(_WORD_BREAKS)


class TestNameMatcher:
    @pytest.fixture
    def matcher(self) -> NameMatcher:
        return NameMatcher(
            [
                make_name("OpenAI", 120, ("Open AI",), kind="organisation"),
                make_name("Sam Altman", 80),
                make_name("Sam Sutton", 3),
                make_name("Samuel Altmann", 1),
                make_name("Ilya Sutskever", 9),
                make_name("Satya Nadella", 7),
                make_name("Nadia Delacroix", 12),
                make_name("Amina de la Tour", 11),
                make_name("Adam D'Angelo", 4),
                make_name("Angela Merkel", 5),
                make_name("Émilie du Châtelet", 2),
            ]
        )

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("sutskvr", "Ilya Sutskever"),
            ("nadela", "Satya Nadella"),
            ("dangelo", "Adam D'Angelo"),
            ("altmn", "Sam Altman"),
            ("altman", "Sam Altman"),
            ("emilie", "Émilie du Châtelet"),
            ("open ai", "OpenAI"),
        ],
    )
    def test_best_match_first(self, matcher: NameMatcher, query: str, expected: str) -> None:
        assert matcher.match(query)[0].name.name == expected

    def test_ties_break_by_mention_count(self, matcher: NameMatcher) -> None:
        assert [match.name.name for match in matcher.match("sam")] == ["Sam Altman", "Sam Sutton", "Samuel Altmann"]

    def test_blank_query_lists_every_name_by_mentions(self, matcher: NameMatcher) -> None:
        counts = [len(match.name.mentions) for match in matcher.match("")]
        assert len(counts) == 11 and counts == sorted(counts, reverse=True)
        assert len(matcher.match("", limit=3)) == 3

    def test_limit(self, matcher: NameMatcher) -> None:
        assert [match.name.name for match in matcher.match("sam", limit=1)] == ["Sam Altman"]

    def test_spans_in_the_canonical_name(self, matcher: NameMatcher) -> None:
        match = matcher.match("dangelo")[0]
        assert [match.name.name[start:end] for start, end in match.spans] == ["D'Angelo"]
        match = matcher.match("sutskvr")[0]
        assert "".join(match.name.name[start:end] for start, end in match.spans) == "Sutskvr"

    def test_aliases_match(self) -> None:
        matcher = NameMatcher([make_name("International Business Machines", 3, ("IBM",)), make_name("Ibrahim", 9)])
        match = matcher.match("ibm")[0]
        assert match.name.name == "International Business Machines"
        assert [match.name.name[start:end] for start, end in match.spans] == ["I", "B", "M"]
        only_alias = NameMatcher([make_name("Alphabet", 3, ("Google",))]).match("google")[0]
        assert only_alias.name.name == "Alphabet" and only_alias.spans == ()

    def test_alias_match_still_highlights_the_name(self) -> None:
        match = NameMatcher([make_name("Elon Musk", 3, ("Musk",))]).match("musk")[0]
        assert [match.name.name[start:end] for start, end in match.spans] == ["Musk"]

    def test_no_match(self, matcher: NameMatcher) -> None:
        assert matcher.match("zzz") == []
        assert matcher.match("x") == []


class TestSyntheticCorpus:
    """The benchmark corpus generator (tests/bench/synthetic.py): deterministic and true to its formats."""

    def test_same_seed_same_bytes_other_seed_other_bytes(self) -> None:
        from tests.bench.synthetic import generate

        first = [(document.path, document.raw) for document in generate(40, seed=3)]
        assert first == [(document.path, document.raw) for document in generate(40, seed=3)]
        assert first != [(document.path, document.raw) for document in generate(40, seed=4)]

    def test_mix_of_formats_languages_and_name_forms(self) -> None:
        from tests.bench.synthetic import generate

        documents = list(generate(400))
        assert {document.format for document in documents} == {"A", "B", "C", "plain"}
        assert {document.language for document in documents} == {"nl", "fr", "en"}
        text = b"\n".join(document.raw for document in documents).decode("utf-8", "replace")
        assert " date 20" in text and "](#)" in text and "publishedDateTime:" in text
        assert "d'OpenAI" in text or "l'OpenAI" in text
        assert "Altmans" in text and ("Altman's" in text or "Altman\u2019s" in text)

    def test_the_loader_reads_it(self, tmp_path) -> None:
        from tests.bench.synthetic import write_corpus

        loading = pytest.importorskip("reader.loading")
        written = write_corpus(tmp_path, 60, seed=1)
        loaded = loading.load_corpus(tmp_path)
        assert not [problem for problem in loaded.problems if problem.severity == "error"]
        titles = {document.path: document.title for document in loaded.documents}
        for document in written:
            if document.title is not None:
                assert titles[document.path] == document.title


def test_fuzzy_matching_is_the_same_without_possessive_quantifiers(monkeypatch) -> None:
    """Python 3.10 has no `*+`: the plain pattern it gets must match the same stretches."""
    import random
    import sys

    import reader.search as search

    if sys.version_info < (3, 11):
        pytest.skip("possessive quantifiers need Python 3.11")
    rng = random.Random(7)
    keys = ["".join(rng.choice("abcdeé .-") for _ in range(rng.randrange(0, 40))) for _ in range(300)]
    queries = ["a", "ab", "abc", "eea", "é.b", "d-e", "aaaa", "cba"]

    def spans() -> list:
        search._fuzzy_cache.clear()
        found = []
        for query in queries:
            pattern = search._fuzzy_regex(query)
            found.append([(match.span(1) if match else None) for match in map(pattern.match, keys)])
        return found

    possessive = spans()
    monkeypatch.setattr(search, "_SKIP", "*")
    assert spans() == possessive
    assert any(span for row in possessive for span in row), "some keys match"
