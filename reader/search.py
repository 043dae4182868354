"""The fuzzy document filter and the name matcher behind the filter bar and the name jumper.

Speed comes from never running Python code per document on a keystroke: each field is folded once
into a column of keys, a query term is a `str` method or a compiled regex mapped over a column at C
speed (`map` + `itertools.compress`), fields that repeat (sources, dates, languages, names) are
tested once per distinct value, a query that extends the previous one tests only its matches, and
ranking is worked out only as far as the hits are read. See `reader.query` for the query syntax.
Nothing here imports Textual.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, compress, filterfalse, repeat
from functools import partial
from operator import add, attrgetter, contains, eq, ge, itemgetter

from reader.lazy import LazySequence
from reader.model import Document, Hit, Name, NameMatch
from reader.query import DROPPED_CHARS, Term, parse_query, search_key, search_key_with_offsets

__all__ = ["DocumentFilter", "FoldedDocuments", "HitList", "NameMatcher", "every_document", "fold_documents"]

# Tiers of a document for one term: the best kind of match in any field, the title counting most.
# Scattered < contiguous < word start, and the title above the other fields for the same kind.
_OTHER_FUZZY, _TITLE_FUZZY, _OTHER_CONTIGUOUS, _OTHER_WORD, _TITLE_CONTIGUOUS, _TITLE_WORD = range(1, 7)

_HISTORY = 4
"""Recent queries a filter keeps to narrow from (each holds its matches and tiers: a few MB at 100k)."""

_regex_cache: dict[str, re.Pattern[str]] = {}
_fuzzy_cache: dict[str, re.Pattern[str]] = {}


def _regex(pattern: str) -> re.Pattern[str]:
    compiled = _regex_cache.get(pattern)
    if compiled is None:
        if len(_regex_cache) > 256:
            _regex_cache.clear()
        compiled = _regex_cache[pattern] = re.compile(pattern)
    return compiled


# Possessive where Python has it (3.11): `[^x]*x` can only match by skipping to the first `x`, so
# giving back is never of use, and possessive skips trying. Python 3.10 gets the same matches.
_SKIP = "*+" if sys.version_info >= (3, 11) else "*"


def _fuzzy_regex(text: str) -> re.Pattern[str]:
    # Anchored: skip to the first letter, then to each next one. One attempt per key, and the
    # group is the leftmost matching stretch.
    pattern = _fuzzy_cache.get(text)
    if pattern is None:
        if len(_fuzzy_cache) > 256:
            _fuzzy_cache.clear()
        letters = [re.escape(char) for char in text]
        gaps = "".join(f"[^{letter}]{_SKIP}{letter}" for letter in letters[1:])
        pattern = _fuzzy_cache[text] = re.compile(f"[^{letters[0]}]{_SKIP}({letters[0]}{gaps})")
    return pattern


# Word breaks for "starts a word" tests: ASCII punctuation and the common typographic marks.
_ASCII_BREAKS = "".join(chr(code) for code in range(128) if not chr(code).isalnum())
_TYPOGRAPHIC_BREAKS = "\u00a0\u00ab\u00bb\u2013\u2014\u2026\u201c\u201d\u201e\u00b7\u2022"
_WORD_BREAKS = str.maketrans(dict.fromkeys(_ASCII_BREAKS + _TYPOGRAPHIC_BREAKS, " "))
_BYTE_WORD_BREAKS = bytes.maketrans(_ASCII_BREAKS.encode(), b" " * len(_ASCII_BREAKS))


def _words(key: str) -> str:
    """`key` with word breaks turned into spaces, after one more space: `" " + text` in it is a word start."""
    if key.isascii():  # bytes.translate is a table lookup per byte, many times quicker
        return " " + key.encode("ascii").translate(_BYTE_WORD_BREAKS).decode("ascii")
    return " " + key.translate(_WORD_BREAKS)


def _starts_a_word(text: str) -> bool:
    """Whether "at a word start" means anything for `text` (not for `]` or `-x`)."""
    return text[0].translate(_WORD_BREAKS) != " "


class _Column:
    """One folded key per item (a title, a file name, a distinct field value), tested at C speed.

    Each test maps a `str` method or a compiled pattern over the keys and keeps the items that pass
    with `itertools.compress`, so no Python code runs per item. `words` holds each key with word
    breaks turned into spaces and a leading space, so that "starts a word" is a plain `in` test.
    A `joined` column keeps only one text of all its keys and answers literal tests with one regex
    scan (fuzzy tests are for the other columns).
    """

    def __init__(self, keys: list[str], joined: bool = False) -> None:
        self.longest = max(map(len, keys), default=0)
        self.joined = joined
        self.keys: list[str] = []
        self.words: list[str] = []
        self._text = self._words_text = ""
        if joined:
            # Short keys (file names) are quicker to scan as one text with one regex than one by one:
            # lines of `\x1f<key>\x1e<index>\n`, and literal patterns that end by capturing the index.
            self._text = "".join(f"\x1f{key}\x1e{index}\n" for index, key in enumerate(keys))
            self._words_text = "".join(f"\x1f{_words(key)}\x1e{index}\n" for index, key in enumerate(keys))
        else:
            self.keys = keys
            self.words = list(map(_words, keys))

    def _select(self, test, texts: list[str], needle: str, items: Sequence[int] | None) -> list[int]:
        chosen = texts if items is None else map(texts.__getitem__, items)
        return list(compress(range(len(texts)) if items is None else items, map(test, chosen, repeat(needle))))

    def _scan(self, text: str, pattern: str, items: Sequence[int] | None = None) -> list[int]:
        if items is not None and not items:
            return []
        found = map(int, _regex(pattern).findall(text))
        return list(found if items is None else filter(set(items).__contains__, found))

    def containing(self, text: str, items: Sequence[int] | None) -> list[int]:
        if self.joined:
            return self._scan(self._text, re.escape(text) + r"[^\n]*\x1e(\d+)", items)
        return self._select(contains, self.keys, text, items)

    def with_word_starting(self, text: str, items: Sequence[int] | None) -> list[int]:
        if not _starts_a_word(text):
            return self.containing(text, items)
        needle = " " + text.translate(_WORD_BREAKS)
        if self.joined:
            return self._scan(self._words_text, re.escape(needle) + r"[^\n]*\x1e(\d+)", items)
        return self._select(contains, self.words, needle, items)

    def starting(self, text: str, items: Sequence[int] | None) -> list[int]:
        if self.joined:
            return self._scan(self._text, "\x1f" + re.escape(text) + r"[^\n]*\x1e(\d+)", items)
        return self._select(str.startswith, self.keys, text, items)

    def ending(self, text: str, items: Sequence[int] | None) -> list[int]:
        if self.joined:
            return self._scan(self._text, re.escape(text) + r"\x1e(\d+)", items)
        return self._select(str.endswith, self.keys, text, items)

    def fuzzy(self, pattern: re.Pattern[str], items: Sequence[int] | None) -> tuple[list[int], list[int]]:
        """Items whose key holds the pattern's letters in order, and the length of each stretch."""
        chosen = self.keys if items is None else map(self.keys.__getitem__, items)
        found = list(map(pattern.match, chosen))
        indices = list(compress(range(len(self.keys)) if items is None else items, found))
        return indices, list(map(len, map(itemgetter(1), filter(None, found))))

    def matching(self, term: Term, items: Sequence[int] | None) -> list[int]:
        """Items the term matches in any way (membership, no ranking)."""
        if term.kind == "prefix":
            return self.starting(term.text, items)
        if term.kind == "suffix":
            return self.ending(term.text, items)
        if term.kind == "exact":
            return self.containing(term.text, items)
        if term.short:
            return self.with_word_starting(term.text, items)
        chosen = self.keys if items is None else map(self.keys.__getitem__, items)
        found = map(_fuzzy_regex(term.text).match, chosen)
        return list(compress(range(len(self.keys)) if items is None else items, found))


class _Ranking:
    """The ranked order of a query's matches, worked out chunk by chunk, only as far as it is read.

    Matches are scored in display order, a growing chunk at a time. A match with the best possible
    score is final as soon as it is scored: nothing later in display order can pass it. So the first
    screenful usually costs a chunk or two; reading past the best-scored matches scores them all once.
    """

    def __init__(
        self,
        matches: Sequence[int],
        score_chunk: Callable[[Sequence[int]], Sequence[float]] | None = None,
        best: float = 0.0,
    ) -> None:
        self.matches = matches
        self._score_chunk = score_chunk
        self._best = best - 1e-9
        self._scored = 0
        self._scores: dict[int, float] = {}
        self._top: list[int] = []
        """Matches scored `best`, in display order: the ranked order's first entries."""
        self._order: Sequence[int] | None = matches if score_chunk is None else None
        self._positions: dict[int, int] | None = None

    def score(self, index: int) -> float:
        return self._scores.get(index, 0.0)

    def position(self, index: int) -> int | None:
        """Where match `index` stands in the ranked order; None if it is no match. Matches are in
        display order: telling costs a binary search, and ranking all of them once, the first time
        the answer is a match."""
        matches = self.matches
        at = bisect_left(matches, index)
        if at == len(matches) or matches[at] != index:
            return None
        if self._score_chunk is None:
            return at  # unscored: ranked as matched
        if self._positions is None:
            count = len(matches)
            self._positions = dict(zip(self.ranked(count)[:count], range(count)))
        return self._positions[index]

    def rank_ahead(self, most: int) -> bool:
        """Score up to `most` more matches (the whole order once all are scored), ahead of being
        read: the last rows (`G`) then cost nothing. True once everything is ranked."""
        if self._order is not None:
            return True
        if self._scored < len(self.matches):
            self._score_next(most)
            return False
        self._rank_all()
        return True

    def ranked(self, count: int) -> Sequence[int]:
        """A sequence whose first `min(count, len(matches))` entries are the ranked order's first ones."""
        if self._order is not None:
            return self._order
        chunk_size = 256
        while len(self._top) < count and self._scored < len(self.matches):
            self._score_next(chunk_size)
            chunk_size = min(chunk_size * 2, 1 << 16)
        if len(self._top) >= count:
            return self._top
        return self._rank_all()

    def _score_next(self, size: int) -> None:
        chunk = self.matches[self._scored : self._scored + size]
        self._scored += len(chunk)
        scores = self._score_chunk(chunk)  # type: ignore[misc]
        self._scores.update(zip(chunk, scores))
        self._top.extend(compress(chunk, map(ge, scores, repeat(self._best))))

    def _rank_all(self) -> Sequence[int]:
        self._order = _indices(sorted(self.matches, key=self._scores.__getitem__, reverse=True))  # stable
        return self._order


class _RankedDocuments(LazySequence[Document]):
    """The documents of a ranking, best first, ranked only as far as they are read."""

    def __init__(self, documents: Sequence[Document], ranking: _Ranking) -> None:
        self._all_documents = documents
        self._ranking = ranking

    def __len__(self) -> int:
        return len(self._ranking.matches)

    def _item(self, position: int) -> Document:
        return self._all_documents[self._ranking.ranked(position + 1)[position]]

    def __iter__(self) -> Iterator[Document]:
        ranked = self._ranking.ranked(len(self))
        return map(self._all_documents.__getitem__, ranked[: len(self)])


class HitList(LazySequence[Hit]):
    """Filter results, best first: a read-only sequence of `Hit` that builds each hit when asked.

    A keystroke can match 100,000 documents; ranking them all and building every `Hit` with its title
    spans would cost more than the search, and only a screenful is shown. `len()` is exact at once;
    indexing, slicing and iteration give ordinary `Hit` values (with `title_spans`), ranked as far as
    they are read; `documents` and `indices` rank everything without building any hit.
    """

    def __init__(self, documents: Sequence[Document], ranking: _Ranking, terms: Sequence[Term]) -> None:
        self._all_documents = documents
        self._ranking = ranking
        self._terms = [term for term in terms if not term.negated]
        self._built: dict[int, Hit] = {}

    def __len__(self) -> int:
        return len(self._ranking.matches)

    def __iter__(self) -> Iterator[Hit]:
        return map(self._item, range(len(self)))

    def __repr__(self) -> str:
        return f"<HitList of {len(self)} hits>"

    @property
    def indices(self) -> list[int]:
        """Positions of the matching documents in the filter's input (display order), best first."""
        return list(self._ranking.ranked(len(self))[: len(self)])

    @property
    def documents(self) -> Sequence[Document]:
        """The matching documents, best first: a sequence ranked as far as it is read, like the hits."""
        return _RankedDocuments(self._all_documents, self._ranking)

    def rank_ahead(self, most: int) -> bool:
        """Rank up to `most` more hits while nothing else is asked (see `_Ranking.rank_ahead`);
        True once all are ranked."""
        return self._ranking.rank_ahead(most)

    def position_of(self, index: int) -> int | None:
        """Where the document at `index` of the filter's input (display order) is among the hits,
        or None: for a name walked through a filtered list, where searching the hits for it would
        rank them all on each step."""
        return self._ranking.position(index)

    def _item(self, position: int) -> Hit:
        hit = self._built.get(position)
        if hit is None:
            index = self._ranking.ranked(position + 1)[position]
            document = self._all_documents[index]
            hit = Hit(document, self._ranking.score(index), title_spans(document.title, self._terms))
            self._built[position] = hit
        return hit


def _indices(numbers: Iterable[int]) -> array[int]:
    """Document numbers kept past a keystroke (a query's matches, its ranked order), in an array, not
    a list: the cycle collector walks every item of a list each time it looks at it (about 1 ms per
    100,000), and at 100k documents the few queries kept hold hundreds of thousands."""
    return array("L", numbers)  # "L" is made as fast as a list; "i" and "l" take three times as long


@dataclass(frozen=True, slots=True)
class _Past:
    """One recent query: what it matched, and per positive term what a later query can reuse."""

    terms: list[Term]
    matches: Sequence[int]
    other_tiers: dict[Term, dict[int, float]]
    value_matches: dict[Term, list[int]]


NamesByDocument = Mapping[str, Iterable[str]] | Callable[[str], Iterable[str]]
"""The names each document mentions, by document id: a mapping, or a function that gives them
(`lambda id: map(attrgetter("name"), index.names_of(id))` reads the name index's own tuples, where a
dict of lists would copy half a million names at 100,000 documents first)."""

_TITLE = attrgetter("title")
_PATH = attrgetter("path")


def _names_in(names_by_document: Mapping[str, Iterable[str]], document_id: str) -> Iterable[str]:
    return names_by_document.get(document_id, ())


@dataclass(frozen=True, slots=True)
class FoldedDocuments:
    """What a `DocumentFilter` makes of its documents alone, before any name is known: each title
    and file name folded. A build makes it while it waits for its other process anyway."""

    titles: _Column
    paths: _Column


def fold_documents(documents: Sequence[Document]) -> FoldedDocuments:
    return FoldedDocuments(_Column(list(map(search_key, map(_TITLE, documents)))),
                           _Column(list(map(search_key, map(_PATH, documents))), joined=True))


def every_document(documents: Sequence[Document]) -> HitList:
    """What a blank query gives: every document, in display order, score 0, no spans."""
    return HitList(documents, _Ranking(_indices(range(len(documents)))), ())


class DocumentFilter:
    """Filters documents by title, source, file name, date, language and the names they mention.

    Construction folds each title and file name once, and each distinct source, date, language and
    name once (they repeat across documents; each keeps the list of its documents). A query whose
    terms only narrow a recent one (typing one more letter) tests just that query's matches, and
    does not test again a term that query had.

    Ranking, per term, takes a document's best tier (see `_TITLE_WORD` and its neighbours): scattered
    below contiguous below word start, the title above the other fields; scattered title matches add
    up to 0.9 for compactness (letters / stretch). Terms add up. File names match only as written:
    hash-like names (`000_bc22c95311503198`) would hold the letters of many short words scattered.
    """

    def __init__(self, documents: Sequence[Document], names_by_document: NamesByDocument,
                 folded: FoldedDocuments | None = None) -> None:
        """`folded`: `fold_documents` of these very documents, in this order, made ahead."""
        self._documents = list(documents)
        if folded is None:
            folded = fold_documents(self._documents)
        elif len(folded.titles.keys) != len(self._documents):
            raise ValueError("folded for other documents")
        self._titles, self._paths = folded.titles, folded.paths
        if callable(names_by_document):
            names_of = names_by_document
        else:
            names_of = partial(_names_in, names_by_document)
        documents_of: defaultdict[str, list[int]] = defaultdict(list)
        for index, document in enumerate(self._documents):
            for value in {document.source, document.date, document.language, *names_of(document.id)}:
                documents_of[value].append(index)
        documents_of.pop(None, None)  # type: ignore[call-overload]
        documents_of.pop("", None)
        self._values = _Column(list(map(search_key, documents_of)))
        # Arrays, not lists: a big corpus has millions of postings, and each listed int is an object
        # to make when the cached store is read back.
        self._postings = [array("i", documents) for documents in documents_of.values()]
        self._longest = max(self._titles.longest, self._paths.longest, self._values.longest)
        self._history: list[_Past] = []
        """Recent queries, newest last: a query that implies one narrows from its matches."""
        # Values each positive term of the last query matched: a narrower term tests only those.
        self._last_value_matches: dict[Term, list[int]] = {}

    def parts(self) -> list[list]:
        """What it holds per document or value (100,000 items each at 100k documents): for a
        caller that frees it a slice at a time (`Store.released_in_steps`)."""
        columns = (self._titles, self._paths, self._values)
        return [self._documents, *(column.keys for column in columns), *(column.words for column in columns),
                self._postings]

    def filter(self, query: str) -> HitList:
        """Documents matching every term of `query`, best first; ties keep display order.

        A blank query gives every document in display order with score 0 and no spans. See
        `reader.query` for the syntax: `^word` is a prefix of any field (title, source, file name,
        date, language, a name), not of the whole line as in fzf, since a document is many fields.
        """
        terms = parse_query(query)
        if not terms:
            self._history, self._last_value_matches = [], {}
            return every_document(self._documents)
        past = self._narrowest(terms)
        candidates = None if past is None else past.matches
        positive = [term for term in terms if not term.negated]
        value_matches: dict[Term, list[int]] = {}
        other_tiers: dict[Term, dict[int, float]] = {}
        for term in positive:
            if len(term.text) > self._longest or (candidates is not None and not candidates):
                candidates = []  # a term longer than every key matches nothing: no need to scan for it
                break
            if past is not None and term in past.other_tiers:
                # Every candidate matched this very term already (`openai` while `openai b` is typed).
                other_tiers[term], value_matches[term] = past.other_tiers[term], past.value_matches[term]
                continue
            tiers, value_matches[term] = self._other_tiers(term, candidates, self._value_candidates(term))
            other_tiers[term] = tiers
            candidates = self._members(term, candidates, tiers)
        for term in terms:
            if term.negated and (candidates is None or candidates):
                excluded = self._matching(term, candidates)
                pool = range(len(self._documents)) if candidates is None else candidates
                candidates = list(filterfalse(excluded.__contains__, pool))
        matches = _indices(range(len(self._documents)) if candidates is None else candidates)
        self._history = [*self._history[-(_HISTORY - 1) :], _Past(terms, matches, other_tiers, value_matches)]
        self._last_value_matches = value_matches
        if not positive or not matches:
            return HitList(self._documents, _Ranking(matches), terms)
        score_chunk = partial(self._chunk_scores, positive, [other_tiers[term] for term in positive])
        return HitList(self._documents, _Ranking(matches, score_chunk, _TITLE_WORD * len(positive)), terms)

    def _narrowest(self, terms: list[Term]) -> _Past | None:
        """The recent query with the fewest matches that every document matching `terms` matched too.

        Typing one more letter narrows the previous query; after a letter that does not (`su` is a
        word start, `sut` is scattered letters), an earlier query such as `s` may still narrow.
        """
        narrowest: _Past | None = None
        for past in self._history:
            if all(any(term.implies(old) for term in terms) for old in past.terms):
                if narrowest is None or len(past.matches) <= len(narrowest.matches):
                    narrowest = past
        return narrowest

    def _value_candidates(self, term: Term) -> list[int] | None:
        """The values that matched a term of the previous query which this term implies, if any."""
        for old, matched in self._last_value_matches.items():
            if term.implies(old):
                return matched
        return None

    def _members(self, term: Term, candidates: Sequence[int] | None, other_tiers: dict[int, float]) -> list[int]:
        """The candidates (display order) the term matches in the title or another field."""
        found = set(self._titles.matching(term, candidates))
        found.update(other_tiers if candidates is None else filter(other_tiers.__contains__, candidates))
        return sorted(found)

    def _matching(self, term: Term, candidates: Sequence[int] | None) -> set[int]:
        """Every candidate the term matches in some field (for exclusions)."""
        found = set(self._titles.matching(term, candidates))
        found.update(self._paths.matching(term, candidates))
        value_documents = chain.from_iterable(map(self._postings.__getitem__, self._values.matching(term, None)))
        found.update(value_documents if candidates is None else filter(set(candidates).__contains__, value_documents))
        return found

    def _other_tiers(
        self, term: Term, candidates: Sequence[int] | None, value_candidates: list[int] | None
    ) -> tuple[dict[int, float], list[int]]:
        """Each document's best tier from the fields other than the title, and the values matched.

        The values are few, so this is cheap however many documents there are; documents outside
        `candidates` may appear (through the values) and are simply never asked about.
        """
        paths, values, text = self._paths, self._values, term.text
        tiers: dict[int, float] = {}

        def raise_to(tier: float, value_ids: list[int], documents: Iterable[int] = ()) -> None:
            tiers.update(zip(chain.from_iterable(map(self._postings.__getitem__, value_ids)), repeat(tier)))
            tiers.update(zip(documents, repeat(tier)))

        if term.kind == "prefix":
            matched = values.starting(text, value_candidates)
            raise_to(_OTHER_WORD, matched, paths.starting(text, candidates))
        elif term.kind == "suffix":
            matched = values.ending(text, value_candidates)
            raise_to(_OTHER_CONTIGUOUS, matched, paths.ending(text, candidates))
        elif term.short:
            matched = values.with_word_starting(text, value_candidates)
            raise_to(_OTHER_WORD, matched, paths.with_word_starting(text, candidates))
        else:
            if term.kind == "fuzzy":
                matched, _ = values.fuzzy(_fuzzy_regex(text), value_candidates)
                raise_to(_OTHER_FUZZY, matched)
                in_a_row = values.containing(text, matched)
            else:
                matched = in_a_row = values.containing(text, value_candidates)
            paths_in_a_row = paths.containing(text, candidates)
            raise_to(_OTHER_CONTIGUOUS, in_a_row, paths_in_a_row)
            raise_to(
                _OTHER_WORD,
                values.with_word_starting(text, in_a_row),
                paths.with_word_starting(text, paths_in_a_row),
            )
        return tiers, matched

    def _title_tiers(self, term: Term, chunk: Sequence[int]) -> dict[int, float]:
        """The tier of each document of `chunk` whose title the term matches."""
        titles, text = self._titles, term.text
        if term.kind == "prefix":
            return dict.fromkeys(titles.starting(text, chunk), _TITLE_WORD)
        if term.kind == "suffix":
            return dict.fromkeys(titles.ending(text, chunk), _TITLE_CONTIGUOUS)
        if term.short:
            return dict.fromkeys(titles.with_word_starting(text, chunk), _TITLE_WORD)
        tiers: dict[int, float] = {}
        if term.kind == "fuzzy":
            in_titles, stretches = titles.fuzzy(_fuzzy_regex(text), chunk)
            length = len(text) * 0.9
            tiers.update(zip(in_titles, [_TITLE_FUZZY + length / stretch for stretch in stretches]))
            chunk = in_titles
        in_a_row = titles.containing(text, chunk)
        tiers.update(zip(in_a_row, repeat(_TITLE_CONTIGUOUS)))
        tiers.update(zip(titles.with_word_starting(text, in_a_row), repeat(_TITLE_WORD)))
        return tiers

    def _chunk_scores(self, terms: list[Term], other_tiers: list[dict[int, float]], chunk: Sequence[int]) -> list[float]:
        """The score of each document of `chunk` (all of which match): the sum of its best tiers."""
        total: Iterable[float] = repeat(0.0, len(chunk))
        for term, others in zip(terms, other_tiers):
            in_title = self._title_tiers(term, chunk)
            best = map(max, map(in_title.get, chunk, repeat(0.0)), map(others.get, chunk, repeat(0.0)))
            total = map(add, total, best)
        return list(total)


# Highlighting ---------------------------------------------------------------------------------------

_WORD = re.compile(r"[^ ]+")


def _word_starts(key: str) -> list[bool]:
    """For each character of `key`, whether a word starts there (the same breaks as the filter's)."""
    starts = [False] * len(key)
    for word in _WORD.finditer(key.translate(_WORD_BREAKS)):
        starts[word.start()] = True
    return starts


def _best_contiguous(text: str, key: str, starts: list[bool]) -> int:
    """Position of `text` in `key`, preferring a word start; -1 when absent."""
    first = key.find(text)
    position = first
    while position != -1:
        if starts[position]:
            return position
        position = key.find(text, position + 1)
    return first


def _alignment_score(positions: list[int], starts: list[bool]) -> int:
    """How good a scattered match looks, fzf-like: word starts and runs of letters earn, gaps cost,
    and so does each word the match runs across (`nadela`: Satya Nadella, not Amina de la Tour)."""
    first, last = positions[0], positions[-1]
    score = (20 if starts[first] else 0) + 8 * sum(starts[position] for position in positions[1:])
    for previous, position in zip(positions, positions[1:]):
        score += 4 if position == previous + 1 else -2 - (position - previous - 1)
    return score - 10 * sum(starts[first + 1 : last + 1])


def _fuzzy_positions(text: str, key: str, starts: list[bool]) -> list[int] | None:
    """Where the letters of `text` match in `key`: the best alignment by `_alignment_score`.

    fzf's v1 idea: from each start, go forward greedily to the end, then backward from that end to
    the latest possible start; keep the best of a few starts.
    """
    best: list[int] | None = None
    best_rank: int | None = None
    position = key.find(text[0])
    tries = 0
    while position != -1 and tries < 16:
        tries += 1
        forward = [position]
        for char in text[1:]:
            forward.append(key.find(char, forward[-1] + 1))
            if forward[-1] == -1:
                return best
        backward = [forward[-1]]
        for char in reversed(text[:-1]):
            backward.append(key.rfind(char, position, backward[-1]))
        backward.reverse()
        for positions in (forward, backward):
            rank = _alignment_score(positions, starts)
            if best_rank is None or rank > best_rank:
                best, best_rank = positions, rank
        position = key.find(text[0], backward[0] + 1)
    return best


def _term_positions(term: Term, key: str, starts: list[bool]) -> list[int] | None:
    """Positions in `key` where `term` matches, or None."""
    text = term.text
    if term.kind == "prefix":
        return list(range(len(text))) if key.startswith(text) else None
    if term.kind == "suffix":
        return list(range(len(key) - len(text), len(key))) if key.endswith(text) else None
    position = _best_contiguous(text, key, starts)
    if position != -1 and (not term.short or starts[position] or not _starts_a_word(text)):
        return list(range(position, position + len(text)))
    if term.kind == "exact" or term.short:
        return None
    return _fuzzy_positions(text, key, starts)


def _spans(positions: Sequence[int], offsets: Sequence[int], source: str) -> tuple[tuple[int, int], ...]:
    """Merge matched key positions into `(start, end)` ranges of `source`.

    A range takes in the combining marks after its last character, and the apostrophes the key
    dropped between two matched characters (`D'Angelo` is one range for `dangelo`).
    """
    spans: list[list[int]] = []
    previous = -2
    for position in sorted(set(positions)):
        start = offsets[position]
        end = start + 1
        while end < len(source) and unicodedata.combining(source[end]):
            end += 1
        if spans and (
            spans[-1][1] >= start
            or (previous == position - 1 and all(char in DROPPED_CHARS for char in source[spans[-1][1] : start]))
        ):
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
        previous = position
    return tuple((start, end) for start, end in spans)


def title_spans(title: str, terms: Sequence[Term]) -> tuple[tuple[int, int], ...]:
    """The character spans of `title` that the positive `terms` matched, merged, for highlighting."""
    if not terms:
        return ()
    key, offsets = search_key_with_offsets(title)
    starts = _word_starts(key)
    positions: list[int] = []
    for term in terms:
        if not term.negated:
            positions.extend(_term_positions(term, key, starts) or ())
    return _spans(positions, offsets, title)


# Names ----------------------------------------------------------------------------------------------

_EXACT, _PREFIX, _WORD_PREFIX, _CONTIGUOUS, _FUZZY_CEILING = 1000, 900, 800, 700, 690


def _key_score(term: Term, key: str, starts: list[bool]) -> tuple[int, list[int]] | None:
    """How well one term matches one name key, and where; None when it does not match."""
    positions = _term_positions(term, key, starts)
    if positions is None:
        return None
    first, last = positions[0], positions[-1]
    if term.kind == "fuzzy" and last - first + 1 > len(term.text):
        return max(100, min(_FUZZY_CEILING, 600 + _alignment_score(positions, starts))), positions
    if key == term.text:
        return _EXACT, positions
    if first == 0:
        return _PREFIX, positions
    return (_WORD_PREFIX if starts[first] else _CONTIGUOUS), positions


class NameMatcher:
    """Ranks names (canonical forms and aliases) for a fuzzy query: `sutskvr` gives Ilya Sutskever."""

    def __init__(self, names: Sequence[Name]) -> None:
        # Most mentioned first, so that ties and the blank query come out by mention count.
        self._names = sorted(names, key=lambda name: name.mention_count, reverse=True)
        self._keys = [[search_key(name.name), *map(search_key, name.aliases)] for name in self._names]
        self._owners = [index for index, keys in enumerate(self._keys) for _ in keys]
        self._all_keys = _Column([key for keys in self._keys for key in keys])

    def match(self, query: str, limit: int | None = None) -> list[NameMatch]:
        """Names matching every term of `query`, best first, ties by mention count.

        Spans mark the matched characters of `name.name` (none when only an alias holds the term).
        A blank query gives every name by mention count.
        """
        terms = [term for term in parse_query(query) if not term.negated]
        if not terms:
            names = self._names if limit is None else self._names[:limit]
            return [NameMatch(name, 0.0) for name in names]
        total: dict[int, float] = {}
        for number, term in enumerate(terms):
            if len(term.text) > self._all_keys.longest:
                return []
            scores = self._term_scores(term)
            total = scores if number == 0 else {index: total[index] + scores[index] for index in total if index in scores}
            if not total:
                return []
        order = sorted(total)  # most mentioned first
        order.sort(key=total.__getitem__, reverse=True)  # stable: ties stay most mentioned first
        if limit is not None:
            order = order[:limit]
        return [NameMatch(self._names[index], float(total[index]), self._spans(index, terms)) for index in order]

    def _term_scores(self, term: Term) -> dict[int, float]:
        """The best score of each name with a key the term matches (see `_EXACT` and its neighbours).

        Contiguous matches are sorted into tiers by column tests; only scattered ones are scored one
        by one, and each name keeps its best key: tiers are applied lowest first.
        """
        keys, owners, text = self._all_keys, self._owners, term.text
        scores: dict[int, float] = {}

        def raise_to(score: float, key_ids: Iterable[int]) -> None:
            scores.update(zip(map(owners.__getitem__, key_ids), repeat(score)))

        if term.kind == "fuzzy" and not term.short:
            matched = keys.matching(term, None)
            in_a_row = keys.containing(text, matched)
            for key_id in sorted(set(matched).difference(in_a_row)):
                key = keys.keys[key_id]
                score = _key_score(term, key, _word_starts(key))[0]  # type: ignore[index]
                owner = owners[key_id]
                if score > scores.get(owner, 0):
                    scores[owner] = score
        elif term.kind == "exact":
            in_a_row = keys.containing(text, None)
        else:
            in_a_row = keys.matching(term, None)
        raise_to(_CONTIGUOUS, in_a_row)
        raise_to(_WORD_PREFIX, keys.with_word_starting(text, in_a_row))
        raise_to(_PREFIX, keys.starting(text, in_a_row))
        raise_to(_EXACT, compress(in_a_row, map(eq, map(keys.keys.__getitem__, in_a_row), repeat(text))))
        return scores

    def _spans(self, index: int, terms: list[Term]) -> tuple[tuple[int, int], ...]:
        canonical = self._keys[index][0]
        starts = _word_starts(canonical)
        positions = [position for term in terms for position in _term_positions(term, canonical, starts) or ()]
        if not positions:
            return ()
        name = self._names[index].name
        _, offsets = search_key_with_offsets(name)
        return _spans(positions, offsets, name)
