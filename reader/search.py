"""The fuzzy document filter and the name matcher behind the filter bar and the name jumper.

Both keep their haystacks as one big folded string with one line per item, so that a query is a few
compiled-regex scans at C speed instead of a Python loop over every item. Each line looks like

    \\x1ffield\\x1ffield...\\x1e<item index>\\n

and every pattern ends in `[^\\n]*\\x1e(\\d+)`: it consumes the rest of the line (one match per item)
and captures the item's index, so `findall` hands back the matching items in order.
See `reader.query` for the query syntax. Nothing here imports Textual.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, compress, filterfalse, repeat
from operator import itemgetter
from typing import overload

from reader.model import Document, Hit, Name, NameMatch
from reader.query import DROPPED_CHARS, Term, parse_query, search_key, search_key_with_offsets

__all__ = ["DocumentFilter", "HitList", "NameMatcher"]

_FIELD = "\x1f"
_END = "\x1e"
_TRAILER = r"[^\n]*\x1e(\d+)"

# Tiers of a document for one term: the best kind of match in any field, the title counting most.
# Scattered < contiguous < word start, and the title above the other fields for the same kind.
_OTHER_FUZZY, _TITLE_FUZZY, _OTHER_CONTIGUOUS, _OTHER_WORD, _TITLE_CONTIGUOUS, _TITLE_WORD = range(1, 7)


def _fuzzy_pattern(text: str) -> str:
    # From a field start, possessively skip to each next letter: the leftmost subsequence within one
    # field, found without backtracking, and at most one attempt per field. The group holds the
    # matched stretch: its length tells a compact match from a scattered one.
    first = re.escape(text[0])
    rest = "".join(f"[^{re.escape(char)}\\x1e\\x1f\\n]*+{re.escape(char)}" for char in text[1:])
    return f"{_FIELD}[^{first}\\x1e\\x1f\\n]*+({first}{rest})"


def _starts_a_word(text: str) -> bool:
    """Whether "at a word start" means anything for `text` (not for `]` or `-x`)."""
    return text[0].translate(_WORD_BREAKS) != " "


def _word_start_pattern(text: str) -> str:
    return (r"(?<![^\W_])" if _starts_a_word(text) else "") + re.escape(text)


def _term_pattern(term: Term, *, contiguous: bool = False) -> str:
    """The regex for where `term` matches in a field (fuzzy terms: `contiguous` asks for the text as is)."""
    escaped = re.escape(term.text)
    if term.kind == "prefix":
        return _FIELD + escaped
    if term.kind == "suffix":
        return escaped + r"(?=[\x1e\x1f])"
    if term.kind == "exact" or contiguous:
        return escaped
    if term.short:
        return _word_start_pattern(term.text)
    return _fuzzy_pattern(term.text)


class _Haystack:
    """Folded keys of many items, one line each, joined once so a scan is one `findall`."""

    def __init__(self, fields_per_item: Sequence[Sequence[str]]) -> None:
        self.lines = [
            f"{_FIELD}{_FIELD.join(fields)}{_END}{index}\n" for index, fields in enumerate(fields_per_item)
        ]
        self.text = "".join(self.lines)

    def scan(self, pattern: re.Pattern[str], items: list[int] | None) -> list[int]:
        """Indices of the items (all, or those in `items`) whose line matches, in the order given."""
        text = self.text if items is None else "".join(map(self.lines.__getitem__, items))
        found = pattern.findall(text)
        return list(map(int, found if pattern.groups == 1 else map(itemgetter(-1), found)))

    def scan_stretches(self, pattern: re.Pattern[str], items: list[int] | None) -> tuple[list[int], list[int]]:
        """Like `scan`, for a pattern with a group before the index: also each match's group length."""
        text = self.text if items is None else "".join(map(self.lines.__getitem__, items))
        pairs = pattern.findall(text)
        return list(map(int, map(itemgetter(1), pairs))), list(map(len, map(itemgetter(0), pairs)))


_compile_cache: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    compiled = _compile_cache.get(pattern)
    if compiled is None:
        if len(_compile_cache) > 512:
            _compile_cache.clear()
        compiled = _compile_cache[pattern] = re.compile(pattern + _TRAILER)
    return compiled


class HitList(Sequence[Hit]):
    """Filter results, best first: a read-only sequence of `Hit` that builds each hit when asked.

    A keystroke can match 100,000 documents; building every `Hit` and its title spans would cost more
    than the search, and only a screenful is shown. `len()` is exact, indexing, slicing and iteration
    give ordinary `Hit` values (with `title_spans`), and `documents` gives the ranked documents without
    building any hit.
    """

    def __init__(
        self,
        documents: Sequence[Document],
        order: list[int],
        scores: dict[int, float] | None,
        terms: Sequence[Term],
    ) -> None:
        self._all_documents = documents
        self._order = order
        self._scores = scores
        self._terms = [term for term in terms if not term.negated]
        self._built: dict[int, Hit] = {}

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, position: int) -> Hit: ...

    @overload
    def __getitem__(self, position: slice) -> list[Hit]: ...

    def __getitem__(self, position: int | slice) -> Hit | list[Hit]:
        if isinstance(position, slice):
            return [self._hit(index) for index in range(*position.indices(len(self._order)))]
        if position < 0:
            position += len(self._order)
        if not 0 <= position < len(self._order):
            raise IndexError("hit index out of range")
        return self._hit(position)

    def __iter__(self) -> Iterator[Hit]:
        return map(self._hit, range(len(self._order)))

    def __repr__(self) -> str:
        return f"<HitList of {len(self._order)} hits>"

    @property
    def documents(self) -> list[Document]:
        """The matching documents, best first."""
        return list(map(self._all_documents.__getitem__, self._order))

    @property
    def indices(self) -> list[int]:
        """Positions of the matching documents in display order (the filter's input), best first."""
        return list(self._order)

    def _hit(self, position: int) -> Hit:
        hit = self._built.get(position)
        if hit is None:
            index = self._order[position]
            document = self._all_documents[index]
            score = float(self._scores[index]) if self._scores is not None else 0.0
            hit = Hit(document, score, title_spans(document.title, self._terms))
            self._built[position] = hit
        return hit


class _Column:
    """One folded key per item (a title, a file name, a distinct field value), tested at C speed.

    Each test maps a `str` method or a compiled pattern over the keys and keeps the items that pass
    with `itertools.compress`, so no Python code runs per item. `words` holds each key with word
    breaks turned into spaces and a leading space, so that "starts a word" is a plain `in` test.
    """

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.words = [" " + key.translate(_WORD_BREAKS) for key in keys]

    def _select(self, test, texts: list[str], needle: str, items: list[int] | None) -> list[int]:
        chosen = texts if items is None else map(texts.__getitem__, items)
        return list(compress(range(len(texts)) if items is None else items, map(test, chosen, repeat(needle))))

    def containing(self, text: str, items: list[int] | None) -> list[int]:
        return self._select(str.__contains__, self.keys, text, items)

    def with_word_starting(self, text: str, items: list[int] | None) -> list[int]:
        if not _starts_a_word(text):
            return self.containing(text, items)
        return self._select(str.__contains__, self.words, " " + text.translate(_WORD_BREAKS), items)

    def starting(self, text: str, items: list[int] | None) -> list[int]:
        return self._select(str.startswith, self.keys, text, items)

    def ending(self, text: str, items: list[int] | None) -> list[int]:
        return self._select(str.endswith, self.keys, text, items)

    def fuzzy(self, pattern: re.Pattern[str], items: list[int] | None) -> tuple[list[int], list[int]]:
        """Items whose key holds the pattern's letters in order, and the length of each stretch."""
        chosen = self.keys if items is None else map(self.keys.__getitem__, items)
        found = list(map(pattern.match, chosen))
        indices = list(compress(range(len(self.keys)) if items is None else items, found))
        return indices, list(map(len, map(itemgetter(1), filter(None, found))))

    def matching(self, term: Term, items: list[int] | None) -> list[int]:
        """Items the term matches in any way (membership, no ranking)."""
        if term.kind == "prefix":
            return self.starting(term.text, items)
        if term.kind == "suffix":
            return self.ending(term.text, items)
        if term.kind == "exact":
            return self.containing(term.text, items)
        if term.short:
            return self.with_word_starting(term.text, items)
        return self.fuzzy(_fuzzy_regex(term.text), items)[0]


def _fuzzy_regex(text: str) -> re.Pattern[str]:
    # Anchored, possessive: skip to the first letter, then to each next one. One attempt per key,
    # no backtracking, and the group is the leftmost matching stretch.
    pattern = _fuzzy_cache.get(text)
    if pattern is None:
        if len(_fuzzy_cache) > 256:
            _fuzzy_cache.clear()
        letters = [re.escape(char) for char in text]
        gaps = "".join(f"[^{letter}]*+{letter}" for letter in letters[1:])
        pattern = _fuzzy_cache[text] = re.compile(f"[^{letters[0]}]*+({letters[0]}{gaps})")
    return pattern


_fuzzy_cache: dict[str, re.Pattern[str]] = {}

# Word breaks for "starts a word" tests: ASCII punctuation and the common typographic marks.
_WORD_BREAKS = str.maketrans(
    dict.fromkeys(
        [chr(code) for code in range(128) if not chr(code).isalnum()] + list("\u00a0\u00ab\u00bb\u2013\u2014\u2026\u201c\u201d\u201e\u00b7\u2022"),
        " ",
    )
)


class DocumentFilter:
    """Filters documents by title, source, file name, date, language and the names they mention.

    Construction folds each title and file name once, and each distinct source, date, language and
    name once (they repeat across documents; each keeps the list of its documents). A query whose
    terms only narrow the previous one (typing one more letter) tests just the previous matches.
    """

    def __init__(self, documents: Sequence[Document], names_by_document: dict[str, list[str]]) -> None:
        self._documents = list(documents)
        self._titles = _Column([search_key(document.title) for document in self._documents])
        self._paths = _Column([search_key(document.path) for document in self._documents])
        value_ids: dict[str, int] = {}
        postings: list[list[int]] = []
        for index, document in enumerate(self._documents):
            values = [document.source, document.date, document.language, *names_by_document.get(document.id, ())]
            for value in dict.fromkeys(values):
                if value:
                    value_id = value_ids.setdefault(value, len(postings))
                    if value_id == len(postings):
                        postings.append([])
                    postings[value_id].append(index)
        self._values = _Column([search_key(value) for value in value_ids])
        self._postings = postings
        self._last_terms: list[Term] = []
        self._last_matches: list[int] | None = None
        # Values each positive term of the last query matched: a narrower term tests only those.
        self._last_value_matches: dict[Term, list[int]] = {}
        self._value_matches: dict[Term, list[int]] = {}

    def filter(self, query: str) -> HitList:
        """Documents matching every term of `query`, best first; ties keep display order.

        A blank query gives every document in display order with score 0 and no spans. See
        `reader.query` for the syntax: `^word` is a prefix of any field (title, source, file name,
        date, language, a name), not of the whole line as in fzf, since a document is many fields.
        """
        terms = parse_query(query)
        if not terms:
            self._last_terms, self._last_matches, self._last_value_matches = [], None, {}
            return HitList(self._documents, list(range(len(self._documents))), None, ())
        candidates = self._last_matches if self._narrows(terms) else None
        self._value_matches = {}
        matches, scores = self._match(terms, candidates)
        self._last_terms, self._last_matches = terms, matches
        self._last_value_matches = self._value_matches
        if scores is None:
            return HitList(self._documents, matches, None, terms)
        order = sorted(matches, key=scores.__getitem__, reverse=True)  # stable: ties keep display order
        return HitList(self._documents, order, scores, terms)

    def _narrows(self, terms: list[Term]) -> bool:
        """Whether every document matching `terms` matched the previous query."""
        if self._last_matches is None:
            return False
        return all(any(term.implies(old) for term in terms) for old in self._last_terms)

    def _match(self, terms: list[Term], candidates: list[int] | None) -> tuple[list[int], dict[int, float] | None]:
        """Matching indices in display order, and their summed scores (None when no term scores)."""
        total: dict[int, float] | None = None
        for term in terms:
            if term.negated:
                continue
            scores, self._value_matches[term] = self._score(term, candidates, self._value_candidates(term))
            total = scores if total is None else {index: total[index] + score for index, score in scores.items()}
            candidates = sorted(total)
            if not candidates:
                return [], total
        for term in terms:
            if term.negated and (candidates is None or candidates):
                excluded = self._matching(term, candidates)
                if excluded:
                    pool = range(len(self._documents)) if candidates is None else candidates
                    candidates = list(filterfalse(excluded.__contains__, pool))
        if candidates is None:
            candidates = list(range(len(self._documents)))
        return candidates, total

    def _documents_of(self, value_ids: list[int], among: set[int] | None) -> Iterable[int]:
        documents = chain.from_iterable(map(self._postings.__getitem__, value_ids))
        return documents if among is None else filter(among.__contains__, documents)

    def _matching(self, term: Term, candidates: list[int] | None) -> set[int]:
        """Every candidate the term matches in some field (for exclusions)."""
        among = None if candidates is None else set(candidates)
        found = set(self._titles.matching(term, candidates))
        found.update(self._paths.matching(term, candidates))
        found.update(self._documents_of(self._values.matching(term, None), among))
        return found

    def _value_candidates(self, term: Term) -> list[int] | None:
        """The values that matched a term of the previous query which this term implies, if any."""
        for old, matched in self._last_value_matches.items():
            if term.implies(old):
                return matched
        return None

    def _score(
        self, term: Term, candidates: list[int] | None, value_candidates: list[int] | None
    ) -> tuple[dict[int, float], list[int]]:
        """Score of each matching candidate for one term (its best tier, see `_TITLE_WORD`...), and
        the values the term matched.

        Tiers are applied lowest first, each to every document that reaches it, so a document ends
        with its best. Scattered title matches add up to 0.9 for compactness (letters / stretch).
        """
        titles, paths, values = self._titles, self._paths, self._values
        among = None if candidates is None else set(candidates)
        scores: dict[int, float] = {}

        def raise_to(tier: float, documents: Iterable[int], value_ids: Sequence[int] = ()) -> None:
            scores.update(zip(documents, repeat(tier)))
            if value_ids:
                scores.update(zip(self._documents_of(value_ids, among), repeat(tier)))

        text = term.text
        if term.kind == "prefix":
            in_values = values.starting(text, value_candidates)
            raise_to(_OTHER_WORD, paths.starting(text, candidates), in_values)
            raise_to(_TITLE_WORD, titles.starting(text, candidates))
            return scores, in_values
        if term.kind == "suffix":
            in_values = values.ending(text, value_candidates)
            raise_to(_OTHER_CONTIGUOUS, paths.ending(text, candidates), in_values)
            raise_to(_TITLE_CONTIGUOUS, titles.ending(text, candidates))
            return scores, in_values
        if term.short:
            in_values = values.with_word_starting(text, value_candidates)
            raise_to(_OTHER_WORD, paths.with_word_starting(text, candidates), in_values)
            raise_to(_TITLE_WORD, titles.with_word_starting(text, candidates))
            return scores, in_values
        if term.kind == "fuzzy":
            # File names match only as written: hash-like names (`000_bc22c95311503198`) would hold
            # the letters of many short words scattered.
            pattern = _fuzzy_regex(text)
            in_values, _ = values.fuzzy(pattern, value_candidates)
            in_titles, stretches = titles.fuzzy(pattern, candidates)
            raise_to(_OTHER_FUZZY, (), in_values)
            length = len(text) * 0.9
            scores.update(zip(in_titles, [_TITLE_FUZZY + length / stretch for stretch in stretches]))
        else:
            in_values, in_titles = value_candidates, candidates
        paths_in_a_row = paths.containing(text, candidates)
        values_in_a_row = values.containing(text, in_values)
        titles_in_a_row = titles.containing(text, in_titles)
        raise_to(_OTHER_CONTIGUOUS, paths_in_a_row, values_in_a_row)
        raise_to(_OTHER_WORD, paths.with_word_starting(text, paths_in_a_row),
                 values.with_word_starting(text, values_in_a_row))
        raise_to(_TITLE_CONTIGUOUS, titles_in_a_row)
        raise_to(_TITLE_WORD, titles.with_word_starting(text, titles_in_a_row))
        return scores, (in_values if term.kind == "fuzzy" else values_in_a_row)


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


def _fuzzy_positions(text: str, key: str, starts: list[bool]) -> list[int] | None:
    """Where the letters of `text` match in `key`: the most compact alignment, word starts preferred.

    fzf's v1 idea: from each start, go forward greedily to the end, then backward from that end to
    the latest possible start; keep the best of a few starts.
    """
    best: list[int] | None = None
    best_rank: tuple[int, int] | None = None
    position = key.find(text[0])
    tries = 0
    while position != -1 and tries < 16:
        tries += 1
        cursor = position
        for char in text[1:]:
            cursor = key.find(char, cursor + 1)
            if cursor == -1:
                return best
        positions = [cursor]
        for char in reversed(text[:-1]):
            cursor = key.rfind(char, position, cursor)
            positions.append(cursor)
        positions.reverse()
        rank = (positions[-1] - positions[0], -sum(starts[index] for index in positions))
        if best_rank is None or rank < best_rank:
            best, best_rank = positions, rank
        position = key.find(text[0], positions[0] + 1)
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
        gaps = last - first + 1 - len(term.text)
        at_starts = sum(starts[index] for index in positions)
        return min(_FUZZY_CEILING, 600 - 10 * gaps + 15 * at_starts), positions
    if key == term.text:
        return _EXACT, positions
    if first == 0:
        return _PREFIX, positions
    return (_WORD_PREFIX if starts[first] else _CONTIGUOUS), positions


class NameMatcher:
    """Ranks names (canonical forms and aliases) for a fuzzy query: `sutskvr` gives Ilya Sutskever."""

    def __init__(self, names: Sequence[Name]) -> None:
        # Most mentioned first, so that ties and the blank query come out by mention count.
        self._names = sorted(names, key=lambda name: len(name.mentions), reverse=True)
        self._keys = [[search_key(name.name), *map(search_key, name.aliases)] for name in self._names]
        self._haystack = _Haystack(self._keys)

    def match(self, query: str, limit: int | None = None) -> list[NameMatch]:
        """Names matching every term of `query`, best first, ties by mention count.

        Spans mark the matched characters of `name.name` (none when only an alias matched).
        A blank query gives every name by mention count.
        """
        terms = [term for term in parse_query(query) if not term.negated] or None
        if terms is None:
            names = self._names if limit is None else self._names[:limit]
            return [NameMatch(name, 0.0) for name in names]
        candidates: list[int] | None = None
        for term in terms:
            candidates = self._haystack.scan(_compiled(_term_pattern(term)), candidates)
        ranked: list[tuple[int, int, list[int]]] = []
        for index in candidates or ():
            total = 0
            canonical_positions: list[int] = []
            for term in terms:
                best = self._best_key(term, index)
                if best is None:
                    break
                score, key_index, positions = best
                total += score
                if key_index == 0:
                    canonical_positions.extend(positions)
            else:
                ranked.append((total, index, canonical_positions))
        ranked.sort(key=lambda entry: -entry[0])  # stable: ties stay most mentioned first
        if limit is not None:
            ranked = ranked[:limit]
        matches = []
        for score, index, positions in ranked:
            name = self._names[index]
            spans = ()
            if positions:
                _, offsets = search_key_with_offsets(name.name)
                spans = _spans(positions, offsets, name.name)
            matches.append(NameMatch(name, float(score), spans))
        return matches

    def _best_key(self, term: Term, index: int) -> tuple[int, int, list[int]] | None:
        best: tuple[int, int, list[int]] | None = None
        for key_index, key in enumerate(self._keys[index]):
            scored = _key_score(term, key, _word_starts(key))
            if scored is not None and (best is None or scored[0] > best[0]):
                best = (scored[0], key_index, scored[1])
        return best

