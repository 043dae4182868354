"""Pass one of the name index: runs of capitalised words in each text, and word statistics.

A run is a stretch of capitalised words joined by spaces and name particles (`Ursula von der
Leyen`, `Universiteit van Toronto`, `Fratelli d'Italia`), with elided articles (`d'OpenAI`),
possessives (`Altman's`) and lower-case starts (`xAI`) taken apart. What a run means is decided
in pass two (`reader.names`); here we only record where it stands: at the start of a sentence,
in a Title Case heading, after which word, before which word.

Speed matters (tens of megabytes of text): one regex pass for runs per text, lower-case words
counted once per distinct space-separated piece of text (`str.split` and a `Counter`, in C), and
each distinct run string is tokenised once.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import repeat
from operator import add, itemgetter, rshift
from typing import TYPE_CHECKING

from reader import name_lexicon as lex
from reader.name_mentions import FIELD_BITS, ORDER_SHIFT, START_BITS

if TYPE_CHECKING:
    from reader.model import Document

__all__ = ["FIELD_BITS", "ORDER_SHIFT", "START_BITS", "Occurrence", "Scanner", "Token", "is_acronym", "is_camel", "unpack", "word_after", "word_before", "words_around"]



def _char_class(predicate) -> str:
    codes = [*range(0x41, 0x250), *range(0x370, 0x530), *range(0x1E00, 0x1F00)]
    return "".join(re.escape(chr(code)) for code in codes if predicate(chr(code)))


UPPER = _char_class(str.isupper)
LOWER = _char_class(str.islower)
_W = r"[^\W_]"
_ELISION = r"(?:[dDlLjJnNsScCmMtT]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu|[Dd]ell|[Dd]all|[Nn]ell|[Ss]ull|[Aa]ll|[Cc]oll|[Qq]uell)['’]"
_TAIL = rf"{_W}*(?:[-'’]{_W}+)*"
# Inside a run a word may also start with an elision, `al-` or a lower-case letter or two before a
# capital (`xAI`); the first word of a run starts with a capital so that the regex engine can skip
# ahead quickly, and its lower-case start is added back in Python.
_NEXT_WORD = rf"(?:{_ELISION}|(?:al|el)-)?(?:[{UPPER}]|[{LOWER}]{{1,2}}(?=[{UPPER}])){_TAIL}"
_PARTICLE = r"(?:van|von|der|den|de|del|della|dello|degli|dei|di|da|das|dos|do|du|des|la|le|bin|ibn|al|el|ter|ten|zu|zum|zur|y|of|for|voor|für|&)"
_GAP = r"[ \u00a0]+"
_RUN = re.compile(rf"[{UPPER}]{_TAIL}(?:{_GAP}(?:{_PARTICLE}{_GAP})*{_NEXT_WORD})*")
_PART = re.compile(rf"(?<![\w'’-])(?:{_NEXT_WORD}|{_PARTICLE}(?![\w'’-]))")
_ELISION_PREFIX = re.compile(rf"({_ELISION})(?=[{UPPER}]|[{LOWER}]{{1,2}}[{UPPER}])")
_LOWER_WORD = re.compile(rf"[{LOWER}]{_TAIL}")
"""A word written in lower case, at the start of a piece of text between two spaces."""
_LONG_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")
_SHORT_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_TWO_LOWER_WORDS = re.compile(rf"(?<![\w'’-])[{LOWER}][\w'’-]{{3}}.*?(?<![\w'’-])[{LOWER}][\w'’-]{{3}}")
"""Two lower-case words of four letters or more: prose, not Title Case (a quick test)."""
_ORG_TAIL = re.compile(
    rf"[ \u00a0]+((?:{'|'.join(sorted(lex.ORG_HEAD_ADJECTIVES))})"
    rf"(?:[ \u00a0]+(?:du|de la|des|de l['’]|della|del|dei|di)[ \u00a0]*[{LOWER}]+"
    rf"(?:[ \u00a0]+(?:{'|'.join(sorted(lex.ORG_HEAD_TAIL_ADJECTIVES))}))?)?)(?![\w'’-])"
)

_SPAN = re.Match.span
_MAX_PIECES = 250_000
"""Distinct pieces of text held at most before their lower-case words are counted."""
_APOSTROPHES = "'’"
_BEFORE_SENTENCE = frozenset(" \t\u00a0\"“”„‘’'«»([-–—•*")
_SENTENCE_ENDS = frozenset(".!?:…;")
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "prof", "st", "dhr", "mevr", "mme", "jr", "sr", "vs", "ca", "nr"})
_CONJUNCTIONS = frozenset({" and ", " en ", " et ", " und ", " e ", " y ", " & ", " ed "})
_SLASHES = frozenset({" / ", "/", " /", "/ "})
_OPENERS = "(\"“‘'«[„"
_CLOSERS = ".,;:!?)\"”’'»]…"
_PARTICLE_WORDS = lex.PARTICLES | {"of", "for", "voor", "für", "&"}

# Token flags.
ELIDED = 1
ELIDED_UPPER = 2
"""A capital before the apostrophe: a name (`D'Angelo`) or an elided article (`L'OpenAI`)."""
POSSESSIVE = 4
PARTICLE = 8
COMPOUND = 16
ORG_TAIL = 32
IN_WORD = 64
"""The capital stands inside a lower-case word (`interim-CEO`): not a name of its own."""


class Token:
    """One word of a run; offsets are relative to the start of the run."""

    __slots__ = ("start", "end", "text", "key", "flags", "prefix")

    def __init__(self, start: int, end: int, text: str, flags: int, prefix: str = "") -> None:
        self.start = start
        self.end = end
        self.text = text
        self.key = text.lower()
        self.flags = flags
        self.prefix = prefix
        """The elided article or preposition glued before the name (`d`, `dell`), lower case."""


# Occurrence flags.
INITIAL = 1
"""The run opens a sentence, a paragraph or a heading."""
TITLECASE = 2
"""The run stands in a Title Case line."""
SLASH_HEAD = 4
"""`X` in `X / Twitter`."""
SHOUTING = 8
"""The run stands in a line written in capitals (`LEES OOK`): capitals prove nothing there."""
SIGNATURE_BITS = 4
"""The flags below this bit change what a run means; they are part of its group's key."""
# Whether a run is joined to the next or previous one by `and`, `en`, `et`... is kept apart, in
# `Scanner.coordinated`: the only thing that may differ between the occurrences of a group.

_FIELD_MASK = (1 << FIELD_BITS) - 1
_START_MASK = (1 << START_BITS) - 1

Occurrence = int
"""Where one run stands, as one int: `(document order << FIELD_BITS | field index) << START_BITS
| offset of the run` (`reader.name_mentions`). Ints order as the tuples would, take a third of the
memory of a tuple and its ints, pickle faster, and let pass two shift a whole group to its
mentions in C (`map`)."""


def unpack(occurrence: Occurrence) -> tuple[int, int, int]:
    """(document order, field index, offset)."""
    return occurrence >> ORDER_SHIFT, occurrence >> START_BITS & _FIELD_MASK, occurrence & _START_MASK

_SIGNATURE_FLAGS = INITIAL | TITLECASE | SLASH_HEAD | SHOUTING
_NOT_SENTENCE_END = frozenset(
    char for char in map(chr, range(0x20, 0x250)) if char not in _SENTENCE_ENDS and char not in _BEFORE_SENTENCE
)


class Scanner:
    """Collects the runs of a corpus and the statistics pass two needs."""

    def __init__(self) -> None:
        self.runs: list[tuple[Token, ...]] = []
        self.run_texts: list[str] = []
        self._known: dict[str, tuple[int, bool]] = {}
        """Per run text as found (with its marker): its run (shifted for the signature) and whether
        it may take a lower-case tail (`Commission nationale`). Most runs recur: one lookup each."""
        self._counted: list[tuple[list[str], list[str]]] = []
        """Per run: the keys that count as reliable capitals mid-sentence and at a sentence start."""
        self._tail_keys: list[str] = []
        """Reliable keys of runs in no group (`Twitter` in `X / Twitter`)."""
        self.groups: dict[str | None, dict[int, list[Occurrence]]] = {}
        """Occurrences by language, then by run and signature flags (`run << 4 | flags`): a run
        means the same wherever it stands the same way, so pass two decides once per group."""
        self.coordinated: set[Occurrence] = set()
        """Occurrences joined to the next or previous run by `and`, `en`, `et`..."""
        self.lower_counts: Counter[str] = Counter()
        """How often each word was seen starting in lower case (after a space). Complete after
        `finish`."""
        self._pieces: Counter[str] = Counter()
        """The texts cut at each space, by count: a word after a space starts its piece. Splitting is
        C-fast where a regex pass made a string per word; `_count_lower_words` then reads each
        distinct piece once (13,000 in the synthetic 10,000-article corpus, against 1.3 million)."""
        self.reliable: Counter[str] = Counter()
        """How often each word was capitalised where only names are: mid-sentence, outside Title
        Case, outside German (which capitalises every noun). Counted by `finish`."""

    def scan(self, order: int, field: int, text: str, language: str | None) -> None:
        if field >> FIELD_BITS or len(text) >> START_BITS or order < 0 or field < 0:
            raise ValueError("a field number or text too large for an occurrence")
        base = (order << FIELD_BITS | field) << START_BITS
        pieces = text.split(" ")
        pieces[0] = ""  # the text's first word follows no space
        self._pieces.update(pieces)
        if len(self._pieces) > _MAX_PIECES:
            self._count_lower_words()  # a corpus with a big vocabulary: fold them in as we go
        groups = self.groups.get(language)
        if groups is None:
            groups = self.groups[language] = defaultdict(list)
        known = self._known
        # Each run joins its group at once; `X / Twitter` and `A and B` then amend the previous one.
        previous_start = previous_signature = -1
        previous_end = -10
        line_start = 0
        line_end = -1
        titlecase = 0
        for start, end in map(_SPAN, _RUN.finditer(text)):  # spans made in C: a third faster
            run_text = text[start:end]
            before = text[start - 1] if start else "\n"
            if before != " " and (before.isalnum() or before in "'’-_"):
                start, in_word = _word_start(text, start)
                run_text = text[start:end] if not in_word else "\0" + run_text
                before = text[start - 1] if start else "\n"
            entry = known.get(run_text)
            if (entry[1] if entry is not None else run_text[-3:] in _ORG_HEAD_ENDINGS) and text.startswith(" ", end):
                tail_end = _org_tail(run_text, text, end)
                if tail_end is not None:
                    end = tail_end
                    run_text = ("\2" if run_text.startswith("\0") else "\1") + text[start:end]
                    entry = known.get(run_text)
            if entry is None:
                entry = known[run_text] = self._add_run(run_text)
            if start > line_end:
                line_start = text.rfind("\n", 0, start) + 1
                line_end = text.find("\n", start)
                if line_end < 0:
                    line_end = len(text)
                titlecase = TITLECASE if line_end - line_start <= 300 and _is_titlecase(text, line_start, line_end) else 0
                if titlecase and _is_shouting(text, line_start, line_end):
                    titlecase = TITLECASE | SHOUTING
            if before == " " and start - 2 >= line_start:
                ending = text[start - 2]
                if ending in _NOT_SENTENCE_END:
                    flags = titlecase  # the common case: a word or a comma, a space, the run
                elif ending == "." and start - 7 >= line_start and text[start - 7 : start - 2].isalpha():
                    flags = INITIAL | titlecase  # `... Altman. OpenAI`: five letters are no abbreviation
                elif _starts_sentence(text, line_start, start):
                    flags = INITIAL | titlecase
                else:
                    flags = titlecase
            elif start == line_start or _starts_sentence(text, line_start, start):
                flags = INITIAL | titlecase
            else:
                flags = titlecase
            if start - previous_end <= 5 and previous_start >= line_start:
                gap = text[previous_end:start]
                if gap in _SLASHES:
                    # `X / Twitter`: the head moves to its own group; the tail is not counted
                    # (and has no group: `previous_signature` -1).
                    if previous_signature >= 0:
                        group = groups[previous_signature]
                        del group[-1]
                        if not group:
                            del groups[previous_signature]
                        groups[previous_signature | SLASH_HEAD].append(base | previous_start)
                    if not titlecase and language != "de":
                        self._tail_keys.extend(self._counted[entry[0] >> SIGNATURE_BITS][flags & INITIAL])
                    previous_start, previous_signature = start, -1
                    previous_end = end
                    continue
                if gap in _CONJUNCTIONS:
                    if previous_signature >= 0:
                        self.coordinated.add(base | previous_start)
                    self.coordinated.add(base | start)
            previous_signature = entry[0] | flags & _SIGNATURE_FLAGS
            groups[previous_signature].append(base | start)
            previous_start = start
            previous_end = end

    def scan_document(self, order: int, document: Document) -> None:
        """`scan` each of a document's name fields, as the index numbers them."""
        language = document.language
        for field_index, (_, text) in enumerate(document.name_fields()):
            self.scan(order, field_index, text, language)

    def finish(self) -> None:
        """Count the reliable capitals, group by group: a group's runs all stand the same way."""
        self._count_lower_words()
        reliable = self.reliable
        counted = self._counted
        for language, groups in self.groups.items():
            if language == "de":
                continue
            for signature, occurrences in groups.items():
                if not signature & TITLECASE:
                    for key in counted[signature >> SIGNATURE_BITS][signature & INITIAL]:
                        reliable[key] += len(occurrences)
        reliable.update(self._tail_keys)
        self._tail_keys = []

    def export(self) -> tuple[list[str], dict, Counter, list[str], set[Occurrence]]:
        """What `merge` needs to add this scanner's texts to another's, as plain picklable data."""
        marked = [""] * len(self.runs)
        for text, (signature, _) in self._known.items():
            marked[signature >> SIGNATURE_BITS] = text
        groups = {language: dict(by_signature) for language, by_signature in self.groups.items()}
        self._count_lower_words()
        return marked, groups, self.lower_counts, self._tail_keys, self.coordinated

    def merge(self, exported: tuple[list[str], dict, Counter, list[str], set[Occurrence]]) -> None:
        """Add what another scanner found in the texts that come after this one's, exactly as if
        this scanner had scanned them itself: runs and groups keep their first-seen order."""
        marked, groups, lower_counts, tail_keys, coordinated = exported
        known = self._known
        shifted = []
        for text in marked:
            entry = known.get(text)
            if entry is None:
                entry = known[text] = self._add_run(text)
            shifted.append(entry[0])
        for language, by_signature in groups.items():
            mine = self.groups.get(language)
            if mine is None:
                mine = self.groups[language] = defaultdict(list)
            for signature, occurrences in by_signature.items():
                mine[shifted[signature >> SIGNATURE_BITS] | signature & _SIGNATURE_FLAGS].extend(occurrences)
        self.lower_counts.update(lower_counts)
        self._tail_keys.extend(tail_keys)
        self.coordinated |= coordinated  # occurrences say where they are: nothing to shift

    def renumber(self, display_order: Sequence[int], dropped: Scanner | None = None) -> None:
        """Move what this scanner found to the documents' display order, when it scanned them in
        another (as files were read, on two processes); `in_display_order` then finishes the job.

        `display_order[n]` is where the document scanned as number n ends up, or -1 for one left
        out (a duplicate); `dropped` has scanned exactly those left out, whose words are then no
        longer counted."""
        any_dropped = -1 in display_order
        # What moves each document's occurrences to its place, added in C (`map`): a left-out
        # document's become negative.
        shifts = [(order - number if order >= 0 else -1 - number) << ORDER_SHIFT for number, order in enumerate(display_order)]
        shift_of = shifts.__getitem__

        def moved(occurrences: Iterable[Occurrence]) -> list[Occurrence]:
            result = list(map(add, occurrences, map(shift_of, map(rshift, occurrences, repeat(ORDER_SHIFT)))))
            if any_dropped:
                result = [occurrence for occurrence in result if occurrence >= 0]
            result.sort()
            return result

        for groups in self.groups.values():
            for signature, occurrences in list(groups.items()):
                occurrences = moved(occurrences)
                if occurrences:
                    groups[signature] = occurrences
                else:
                    del groups[signature]
        self.coordinated = set(moved(self.coordinated))
        if dropped is not None:
            self._count_lower_words()
            dropped._count_lower_words()
            self.lower_counts -= dropped.lower_counts  # what they added: never more than there is
            self._tail_keys = list((Counter(self._tail_keys) - Counter(dropped._tail_keys)).elements())

    def sort_occurrences(self) -> None:
        """Each group's occurrences in order: done by each process on its own share, the merge of
        two shares then sorts runs already in order (one pass in C)."""
        for groups in self.groups.values():
            for occurrences in groups.values():
                occurrences.sort()

    def in_display_order(self, languages: Iterable[str | None]) -> None:
        """Order the groups as scanning in display order would have, once every occurrence is in
        display order (`renumber`, `merge`). `languages`: the documents' languages in display order.

        Scanning in display order appends each occurrence in order and makes a group when its
        first occurrence comes (a `X / Twitter` head only ever moves the latest one): so each
        group's occurrences are sorted, groups follow their first occurrence, and languages their
        first document. Run numbers may differ; nothing depends on their order."""
        by_language: dict[str | None, list[tuple[Occurrence, int, list[Occurrence]]]] = {}
        for language, groups in self.groups.items():
            entries = by_language[language] = []
            for signature, occurrences in groups.items():
                if occurrences:
                    occurrences.sort()  # two sorted runs when merged: one pass in C
                    entries.append((occurrences[0], signature, occurrences))
        ordered: dict[str | None, dict[int, list[Occurrence]]] = {}
        for language in languages:
            if language not in ordered:
                ordered[language] = defaultdict(list)
                entries = by_language.pop(language, [])
                entries.sort(key=itemgetter(0))
                ordered[language].update((signature, occurrences) for _, signature, occurrences in entries)
        if any(by_language.values()):
            raise ValueError("occurrences in a language no document has")
        self.groups = ordered

    def _count_lower_words(self) -> None:
        lower_counts = self.lower_counts
        match = _LOWER_WORD.match
        for piece, count in self._pieces.items():
            word = match(piece)
            if word is not None:
                lower_counts[word.group()] += count
        self._pieces = Counter()

    def _add_run(self, marked_text: str) -> tuple[int, bool]:
        # A leading \\0 marks a capital inside a lower-case word, \\1 a lower-case tail, \\2 both.
        marker = marked_text[:1]
        in_word = marker in ("\0", "\2")
        has_tail = marker in ("\1", "\2")
        run_text = marked_text[1:] if in_word or has_tail else marked_text
        tokens = _tokenize(run_text, in_word, has_tail)
        self.runs.append(tokens)
        self.run_texts.append(run_text)
        keys = [token.key for token in tokens if not token.flags & (PARTICLE | IN_WORD | ORG_TAIL)]
        first_plain = bool(tokens) and not tokens[0].flags & (ELIDED | PARTICLE | IN_WORD)
        self._counted.append((keys, keys[1:] if first_plain else keys))  # by INITIAL (1) or not (0)
        may_take_tail = not has_tail and marked_text[-3:] in _ORG_HEAD_ENDINGS
        return (len(self.runs) - 1) << SIGNATURE_BITS, may_take_tail


def _word_start(text: str, start: int) -> tuple[int, bool]:
    """Where the word holding the capital at `start` begins, and whether the capital is inside a
    lower-case word (`interim-CEO`) rather than starting a name (`d'OpenAI`, `xAI`, `al-Assad`)."""
    position = start
    while position > 0 and (text[position - 1].isalpha()):
        position -= 1
    lead = text[position:start]
    boundary = position == 0 or not (text[position - 1].isalnum() or text[position - 1] in "'’-_")
    if lead and boundary and len(lead) <= 2 and lead.islower():
        return position, False  # `xAI`, `iPhone`
    if not lead and start >= 2 and text[start - 1] in _APOSTROPHES:
        position = start - 1
        while position > 0 and text[position - 1].isalpha():
            position -= 1
        prefix = text[position : start - 1]
        clean = position == 0 or not (text[position - 1].isalnum() or text[position - 1] in "'’-_")
        if clean and prefix.lower() in lex.ELISIONS:
            return position, False  # `d'OpenAI`, `dell'Unione`
    if not lead and start >= 3 and text[start - 1] == "-" and text[start - 3 : start - 1] in ("al", "el"):
        position = start - 3
        if position == 0 or not text[position - 1].isalnum():
            return position, False
    return start, True


# Last three letters of an institution's head noun: a cheap test before the tail regex.
_ORG_HEAD_ENDINGS = frozenset(form[-3:] for head in lex.ORG_HEADS for form in (head.capitalize(), head.upper()))


def _org_tail(run_text: str, text: str, end: int) -> int | None:
    # `dell'Unione europea`, `Commission nationale du débat public`: lower-case words naming an
    # institution after its head noun.
    last_space = max(run_text.rfind(" "), run_text.rfind("'"), run_text.rfind("’"))
    last = run_text[last_space + 1 :].lower()
    if last not in lex.ORG_HEADS:
        return None
    match = _ORG_TAIL.match(text, end)
    return match.end() if match else None


def _tokenize(run_text: str, in_word: bool, has_tail: bool) -> tuple[Token, ...]:
    tokens: list[Token] = []
    limit = len(run_text)
    tail_start = None
    if has_tail:
        tail_start = _head_end(run_text)
        limit = tail_start
    for part in _PART.finditer(run_text, 0, limit):
        word = part.group()
        start = part.start()
        if word in _PARTICLE_WORDS:
            tokens.append(Token(start, part.end(), word, PARTICLE))
            continue
        flags = 0
        core_start = start
        prefix = ""
        elision = _ELISION_PREFIX.match(word)
        if elision and elision.group(1)[:-1].lower() in lex.ELISIONS:
            prefix = elision.group(1)[:-1].lower()
            if word[0].isupper():
                flags |= ELIDED_UPPER  # `D'Angelo` or `L'OpenAI`: decided in pass two
            else:
                flags |= ELIDED
                core_start = start + elision.end()
        core_end = part.end()
        if len(word) > 3 and word[-2] in _APOSTROPHES and word[-1] in "sS":
            flags |= POSSESSIVE
            core_end -= 2
        core = run_text[core_start:core_end]
        if "-" in core:
            flags |= COMPOUND
        if in_word and not tokens:
            flags |= IN_WORD
        tokens.append(Token(core_start, core_end, core, flags, prefix))
    if tail_start is not None:
        tail_text = run_text[tail_start:].lstrip(" \u00a0")
        tokens.append(Token(len(run_text) - len(tail_text), len(run_text), tail_text, ORG_TAIL))
    return tuple(tokens)


def _head_end(run_text: str) -> int:
    # The run proper ends where the lower-case tail begins: at the first space followed by one
    # of the tail's adjectives.
    match = _ORG_TAIL.search(run_text)
    return match.start() if match else len(run_text)


def _starts_sentence(text: str, line_start: int, start: int) -> bool:
    if start - 2 >= line_start and text[start - 1] == " " and text[start - 2].isalnum():
        return False  # the common case: a word, a space, the run
    position = start - 1
    while position >= line_start and text[position] in _BEFORE_SENTENCE:
        position -= 1
    if position < line_start:
        return True
    char = text[position]
    if char not in _SENTENCE_ENDS:
        return False
    if char == ".":
        # The letters before the full stop, if fewer than five: lowering never shortens a word,
        # so five letters cannot be an abbreviation.
        word = text[max(line_start, position - 5) : position]
        if not word.isalpha():
            letters = len(word)
            while letters and word[letters - 1].isalpha():
                letters -= 1
            word = word[letters:]
        if word.lower() in _ABBREVIATIONS:
            return False
    return True


def words_around(text: str, start: int, end: int) -> tuple[str, bool, str]:
    """The word just before `start` (or the elided article glued to it), whether a comma follows
    `end`, and the word after that; lower case."""
    return (word_before(text, start), *word_after(text, end))


def word_before(text: str, start: int) -> str:
    """The word just before `start` on its line (within 32 characters), or the elided article
    glued to it; lower case."""
    if start >= 2 and text[start - 1] in _APOSTROPHES:
        position = start - 1
        while position > 0 and text[position - 1].isalpha():
            position -= 1
        return text[position : start - 1].lower()
    if start and text[start - 1] in " \u00a0":
        before = text[start - 32 if start > 32 else 0 : start]
        stripped = before[before.rfind("\n") + 1 :].rstrip(" \u00a0:")  # `Source : Le Monde`
        if stripped and stripped[-1].isalpha():
            return stripped.rsplit(None, 1)[-1].lstrip(_OPENERS).lower()
    return ""


_AFTER = re.compile(r"[ \u00a0]*(,?)[^\S\n]*(\S*)")
"""Spaces, perhaps a comma, more spaces, the next word: all on the line."""


def word_after(text: str, end: int) -> tuple[bool, str]:
    """Whether a comma follows `end` on its line (within 32 characters), and the word after that;
    lower case."""
    comma, word = _AFTER.match(text, end, end + 32).groups()
    return bool(comma), word.rstrip(_CLOSERS).lower()


def _is_titlecase(text: str, line_start: int, line_end: int) -> bool:
    # Title Case leaves only short function words in lower case; a sentence full of names still
    # has lower-case verbs and nouns. Long lines are paragraphs, never headings.
    if line_end - line_start > 300 or _TWO_LOWER_WORDS.search(text, line_start, line_end):
        return False
    words = _LONG_WORD.findall(text, line_start, line_end)
    capitalised = sum(1 for word in words if word[0].isupper())
    lower = len(words) - capitalised
    if (capitalised >= 3 and lower == 0) or (capitalised >= 5 and lower <= 1):
        return True
    # A short heading with every word capitalised (`Why It Matters`).
    short = _SHORT_WORD.findall(text, line_start, line_end)
    return (
        2 <= len(short) <= 8 and all(word[0].isupper() for word in short)
        and ":" not in text[line_start:line_end] and text[line_end - 1] not in ".!?…"
    )


def _is_shouting(text: str, line_start: int, line_end: int) -> bool:
    line = text[line_start:line_end]
    return line.isupper() and len(_SHORT_WORD.findall(line)) >= 2


def is_acronym(text: str) -> bool:
    """`ASML`, `TSMC`, `AT&T`: every letter a capital, at least two characters."""
    return len(text) >= 2 and text.isupper()


_SURNAME_PREFIX = re.compile(r"(?:Mc|Mac|De|Di|Da|La|Le|Van|Von|Fitz|O')[A-Z]")


def is_camel(text: str) -> bool:
    """`OpenAI`, `LinkedIn`, `xAI`; not `McDonald`-style surnames, not `D'Angelo` or `Fei-Fei`."""
    if len(text) < 3 or text.isupper():
        return False
    if text[0].islower():
        return not text.islower()
    return not text.istitle() and not _SURNAME_PREFIX.match(text)
