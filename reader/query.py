"""Filter query parsing and the folded search keys both the query and the haystacks use.

Query syntax (fzf-like), terms separated by spaces, all of which must match:

- `word`   fuzzy: the letters in order within one field (`altmn` finds `Altman`). A term of one or two
           characters only matches at the start of a word (`s` is not "any document with an s").
           File names match only as written (`bc22c9`), never as scattered letters: a hash-like
           name holds the letters of too many short words.
- `'word`  exact: the folded text contains `word`.
- `^word`  prefix: a field starts with `word` (the title, the source, the file name, the date, the
           language or one of the names: `^2023-11`, `^sam`).
- `word$`  suffix: a field ends with `word` (`.md$`).
- `!word`  exclude: no field contains `word` (`!^word`, `!word$` exclude by prefix and suffix).

Matching ignores case, accents and apostrophes (`emilie` finds `Émilie`, `dangelo` finds `D'Angelo`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import chain, repeat
from typing import Literal

from reader.textclean import fold

__all__ = ["DROPPED_CHARS", "Term", "parse_query", "search_key", "search_key_with_offsets", "SHORT_TERM"]

TermKind = Literal["fuzzy", "exact", "prefix", "suffix"]

SHORT_TERM = 2
"""Fuzzy terms this short match only at a word start: one letter must not match everything."""

# Apostrophes vanish from keys so `dangelo` finds `D'Angelo` and `altmans` finds `Altman's`.
# The separators the haystacks use (\x1e, \x1f, newline) vanish too so that a query can never match them.
DROPPED_CHARS = frozenset("'\u2019\u2018\u02bc`\u00b4\x1e\x1f\n\r")
"""Characters search keys leave out."""
_DROPPED = re.compile("[" + "".join(map(re.escape, sorted(DROPPED_CHARS))) + "]")
# The marks of accented Latin letters (U+034F, the grapheme joiner, is not a combining mark).
_LATIN_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def search_key(text: str) -> str:
    """The folded form both haystacks and queries are compared in: `fold(text)` without `DROPPED_CHARS`.

    Built once per title, file name and name when a corpus opens, so it takes a quicker road than
    `fold` and checks that road led to the same place: Latin marks go by one regex, and only if
    another combining mark is left does it fold character by character.
    """
    if text.isascii():
        key = text.lower()
    else:
        key = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))
        if not key.isascii() and any(map(unicodedata.combining, _NON_ASCII.findall(key))):
            key = fold(text)
    return _DROPPED.sub("", key)


class _FoldedCharacters(dict[str, str]):
    """Each character's search key, worked out once: folding is per character (as `fold_with_offsets`)."""

    def __missing__(self, char: str) -> str:
        folded = "".join(
            part
            for part in unicodedata.normalize("NFKD", char.casefold())
            if not unicodedata.combining(part) and part not in DROPPED_CHARS
        )
        if len(self) < 1 << 16:
            self[char] = folded
        return folded


_FOLDED_CHARACTERS = _FoldedCharacters()


def search_key_with_offsets(text: str) -> tuple[str, list[int]]:
    """`search_key(text)` and, for each of its characters, the index of the source character."""
    if text.isascii() and not _DROPPED.search(text):
        return text.lower(), list(range(len(text)))
    pieces = list(map(_FOLDED_CHARACTERS.__getitem__, text))
    offsets = list(chain.from_iterable(map(repeat, range(len(text)), map(len, pieces))))
    return "".join(pieces), offsets


@dataclass(frozen=True, slots=True)
class Term:
    """One space-separated part of a query, already folded."""

    text: str
    kind: TermKind = "fuzzy"
    negated: bool = False

    @property
    def short(self) -> bool:
        """A short fuzzy term matches only contiguously at a word start."""
        return self.kind == "fuzzy" and len(self.text) <= SHORT_TERM

    def implies(self, other: Term) -> bool:
        """Whether every document matching `self` also matches `other` (for incremental narrowing)."""
        if self.negated or other.negated:
            return self == other
        if other.kind == "fuzzy":
            if other.short:
                # `other` needs a word starting with its text; a field start is a word start too.
                return (self.short or self.kind == "prefix") and self.text.startswith(other.text)
            return _is_subsequence(other.text, self.text)
        if self.kind == "fuzzy" and not self.short:
            return False
        if other.kind == "exact":
            return other.text in self.text
        if other.kind == "prefix":
            return self.kind == "prefix" and self.text.startswith(other.text)
        return self.kind == "suffix" and self.text.endswith(other.text)


def _is_subsequence(needle: str, haystack: str) -> bool:
    characters = iter(haystack)
    return all(char in characters for char in needle)


def parse_query(query: str) -> list[Term]:
    """Split a query into terms; operators without text (a lone `!` or `'` being typed) are dropped."""
    terms: list[Term] = []
    for word in query.split():
        negated = word.startswith("!")
        if negated:
            word = word[1:]
        kind: TermKind = "fuzzy"
        if word.startswith("'"):
            kind, word = "exact", word[1:]
        elif word.startswith("^"):
            kind, word = "prefix", word[1:]
        elif word.endswith("$") and len(word) > 1:
            kind, word = "suffix", word[:-1]
        elif negated:
            kind = "exact"  # `!word` excludes a substring, as in fzf
        text = search_key(word)
        if text:
            terms.append(Term(text, kind, negated))
    return list(dict.fromkeys(terms))  # a repeated term adds nothing (and costs a scan)
