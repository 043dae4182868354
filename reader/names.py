"""The name index: people and organisations found in uncurated multilingual text, with every mention.

No model and no network. Pass one (`reader.name_scan`) finds runs of capitalised words; pass two,
here, cuts each run into candidate names and judges them with word lists (`reader.name_lexicon`)
and statistics over the whole corpus: a word seen in lower case is a common word; a word only
capitalised at the start of a sentence or in a Title Case heading needs support from elsewhere
(capitalised mid-sentence in another place, a person's surname, an acronym).

Decisions worth knowing:
- A lone surname is the person named in full in the same document (`Sam Altman` ... `Altman`);
  in a document without the full name it is the person with that surname when exactly one person
  in the corpus has it; otherwise it stays a name of its own.
- `Altmans`, `Altman's`, `OpenAI’s`, `Hassabis'`, `d'OpenAI`, `dell'Unione europea` count for the
  base name; the mention's span covers the name only.
- `X / Twitter` counts once, as `X`; a one-letter name is only believed after such a pair.
- `Mistral` is `Mistral AI` when the corpus knows exactly one `Mistral <suffix>` company.
- Places, products, awards and common nouns are left out: a small gazetteer, keywords (`Award`,
  `Act`), and names only ever written after `in`/`à` (a place) or after an article (`del Paese`).
- Kind: an organisation keyword (`Labs`, `Universiteit`, `Commission`), an acronym or CamelCase
  makes an organisation; a known given name first makes a person. Otherwise the words around the
  mentions vote: a role before (`premier`, `CEO`), `, who`/`, qui` or a speech verb after, or a
  surname used alone for a person; `chez`, `bij`, `start-up`, an article before for an
  organisation. With no vote, two to four plain words are a person, one word an organisation.
- Speed: each distinct run of capitals is tokenised and judged once per way it stands (sentence
  start, Title Case, language), however often it occurs.

    >>> index = NameIndex.build(documents, curated=None)
    >>> [mention.surface for mention in index.mentions("sam altman")][:2]
    ['Sam Altman', 'Altman']
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from reader import name_lexicon as lex
from reader.model import Document, Mention, Name, NameKind
from reader.name_curated import CURATED_FILE, Curated, CuratedName, load_curated, name_key
from reader.textclean import fold
from reader.name_scan import (
    COMPOUND, COORDINATED, ELIDED, ELIDED_UPPER, IN_WORD, INITIAL, ORG_TAIL, PARTICLE, POSSESSIVE,
    SLASH_HEAD, TITLECASE, Occurrence, Scanner, Token, is_acronym, is_camel, words_around,
)

__all__ = ["CURATED_FILE", "Curated", "CuratedName", "NameIndex", "load_curated"]


class NameIndex:
    """People and organisations of a corpus, each with every mention in reading order."""

    def __init__(self, names: list[Name], keys: dict[str, Name], by_document: dict[str, list[tuple[Name, int]]]) -> None:
        self.names = names
        """Most mentioned first, then by name."""
        self._keys = keys
        self._by_document = by_document

    @classmethod
    def build(cls, documents: Sequence[Document], curated: Curated | None = None) -> NameIndex:
        """Index `documents` (in display order); `curated` adds kinds, aliases and ignores."""
        return _Builder(documents, curated).build()

    def get(self, name: str | Name) -> Name | None:
        """The name for a canonical form or alias, case- and accent-insensitively."""
        return self._keys.get(name_key(name.name if isinstance(name, Name) else name))

    def mentions(self, name: str | Name) -> list[Mention]:
        """Every mention in reading order: document display order, field, offset."""
        found = self.get(name)
        return list(found.mentions) if found is not None else []

    def names_in(self, document_id: str) -> list[tuple[Name, int]]:
        """Names mentioned in one document with their counts, most mentioned first."""
        return list(self._by_document.get(document_id, ()))


# Token classes.
_STOP, _TITLE, _SOFT, _ORG, _GIVEN, _NAME, _PART, _CPART, _BREAK = range(9)
_MAX_WORDS = 6
"""More capitalised words than this in a row are not one name."""
_MAX_TOKENS = 12
"""Words and particles of the longest name considered (`Koninklijke ... van Wetenschappen`)."""
_ROMANCE = frozenset({"it", "es", "pt"})
_ELIDING = frozenset({"fr", "it", "ca"})
"""Languages whose `L'`/`D'` at the start of a sentence is an article or preposition."""
_GIVEN_FOLDED = frozenset(fold(name) for name in lex.GIVEN_NAMES)
# Particles common enough in surnames to guess a person from (`Jeroen de Vries`); German `zu`,
# `der`, `das` are too often just prepositions and articles.
_GUESS_PARTICLES = frozenset("van von de der den di da du del della ter ten le la dos bin ibn".split())


class _Plan:
    """One candidate name cut from a run: the same wherever that run occurs."""

    __slots__ = ("start", "end", "surface", "key", "status", "first_given", "org_shape", "register", "single", "parts", "rest", "cuts", "particle", "whole")

    def __init__(self, start: int, end: int, surface: str, status: str) -> None:
        self.start = start
        self.end = end
        self.surface = surface
        """The name as written, the same in every occurrence of the run."""
        self.key = name_key(surface)
        self.status = status
        """strong: a name by itself; multi: maybe two names touching; weak: needs support;
        mid: a lone mid-sentence word; known/surname/cpart: only as an already known name;
        compound: parts of a hyphenated word; drop."""
        self.first_given = False
        self.org_shape = False
        self.register: tuple[str, str | None] | None = None
        """(surname, last word) when this is a full name a lone surname may refer to."""
        self.single: Token | None = None
        self.parts: tuple[tuple[int, int, str, str], ...] = ()
        self.rest: _Plan | None = None
        self.cuts: tuple[tuple[_Plan, _Plan], ...] = ()
        self.particle = False
        self.whole: _Plan | None = None
        """For `elided`: the plan that keeps the capital before the apostrophe (`D'Angelo`)."""


@dataclass(slots=True)
class _Found:
    """A name being assembled: its mentions and the evidence about its kind."""

    key: str
    surfaces: Counter = field(default_factory=Counter)
    mentions: list[tuple[int, int, int, int, str]] = field(default_factory=list)
    """(document order, field index, start, end, surface)."""
    person_votes: int = 0
    org_votes: int = 0
    given_first: bool = False
    org_shape: bool = False
    after_article: int = 0
    after_locative: int = 0


class _Builder:
    def __init__(self, documents: Sequence[Document], curated: Curated | None) -> None:
        self.documents = list(documents)
        self.curated = curated or Curated()
        self.curated_keys: dict[str, CuratedName] = {}
        for entry in self.curated.names:
            self.curated_keys[name_key(entry.name)] = entry
            for alias in entry.aliases:
                self.curated_keys.setdefault(name_key(alias), entry)
        self.scanner = Scanner()
        self.languages: list[str | None] = []
        self.field_texts: list[list[str]] = []
        self.field_labels: list[list[str]] = []
        self.found: dict[str, _Found] = {}
        self.person_surnames: dict[str, set[str]] = defaultdict(set)
        """Surname -> full names of the people who have it, over the corpus."""
        self.doc_surnames: dict[tuple[int, str], str] = {}
        """(document, surname) -> the full name it stands for in that document."""

    def build(self) -> NameIndex:
        scanner = self.scanner
        for order, document in enumerate(self.documents):
            fields = document.name_fields()
            self.languages.append(document.language)
            self.field_labels.append([label for label, _ in fields])
            self.field_texts.append([text for _, text in fields])
            for field_index, (_, text) in enumerate(fields):
                scanner.scan(order, field_index, text, document.language)
        # Names that stand on their own first; then runs that may be two names touching; then
        # what needs their support (lone surnames, sentence-initial words, Title Case headings).
        # Each group of occurrences shares its run and the way it stands, so one plan serves all.
        later: dict[str, list[tuple[list[Occurrence], _Plan]]] = defaultdict(list)
        for language, groups in scanner.groups.items():
            for signature, occurrences in groups.items():
                for plan in self._plans_for(signature, language):
                    if plan.status == "strong":
                        self._accept_all(occurrences, plan)
                    elif plan.status != "drop":
                        later[plan.status].append((occurrences, plan))
        for status in ("multi", "mid", "weak", "cpart", "known", "surname", "elided", "compound"):
            for occurrences, plan in later.pop(status, ()):
                for occurrence in occurrences:
                    self._resolve(occurrence, plan)
        for groups in later.values():
            for occurrences, plan in groups:
                for occurrence in occurrences:
                    self._resolve(occurrence, plan)
        return self._finish()

    # Cutting runs into candidate names -----------------------------------------------------------

    def _plans_for(self, signature: int, language: str | None) -> list[_Plan]:
        run, flags = signature >> 3, signature & 7
        return self._make_plans(
            self.scanner.runs[run], self.scanner.run_texts[run],
            bool(flags & INITIAL), bool(flags & TITLECASE), language, bool(flags & SLASH_HEAD),
        )

    def _classify(self, tokens: tuple[Token, ...], position: int, language: str | None) -> int:
        token = tokens[position]
        key = token.key
        flags = token.flags
        if flags & PARTICLE:
            return _PART
        if flags & IN_WORD:
            return _BREAK
        if flags & ORG_TAIL:
            return _ORG
        if key in self.curated_keys:
            return _NAME
        text = token.text
        if any(char.isdigit() for char in text):
            return _BREAK
        if flags & ELIDED_UPPER and position > 0:
            return _NAME  # `Adam D'Angelo`: the apostrophe belongs to the name
        if text[0].islower() and not is_camel(text):
            return _BREAK
        if "'" in text or "’" in text:
            head, _, rest = text.replace("’", "'").partition("'")
            if head.lower() in lex.ELISIONS and rest[:1].islower():
                return _STOP  # `L'objectif`, `D’autres`
        if flags & COMPOUND:
            if key in lex.PLACES or key in lex.PLACE_PHRASES:
                return _SOFT
            for part in text.split("-"):
                low = part.lower()
                if (not part or part[0].islower() or low in lex.STOPWORDS or low in lex.COMMON_ACRONYMS
                        or low in lex.TITLES or any(char.isdigit() for char in part)):
                    return _BREAK  # `OpenAI-CEO`, `Tesla-auto's`: a common word built on a name
            return _NAME
        if key in lex.PARTICLES and position + 1 < len(tokens):
            return _CPART
        if key == "ai" and position > 0 and (position + 1 == len(tokens) or flags & POSSESSIVE):
            return _ORG  # `Stability AI`; `AI` before a name is decided in `_make_plans`
        if text.isupper() and len(text) > 1:
            # Acronyms are never function words (`AI` is not Italian `ai`).
            if key in lex.COMMON_ACRONYMS or key in lex.TITLES:
                return _SOFT
            return _ORG if key in lex.ORG_KEYWORDS and position > 0 else _NAME
        if key in lex.MONTH_GIVEN_NAMES and position + 1 < len(tokens) and not tokens[position + 1].text[:1].isdigit():
            return _GIVEN  # `Mei Chen`, `June Lee`
        if key in lex.STOPWORDS or key in lex.WEEKDAYS_MONTHS:
            return _STOP
        if key in lex.TITLES or (len(key) > 7 and key.endswith(lex.TITLE_SUFFIXES)):
            return _TITLE
        if key in lex.DEMONYMS or key in lex.COMMON_ACRONYMS or key in lex.CAPITALISED_NOUNS or _demonym_shape(key, language):
            return _SOFT
        if key in lex.ORG_KEYWORDS:
            return _ORG
        if key in lex.GIVEN_NAMES or fold(key) in _GIVEN_FOLDED:
            return _GIVEN
        return _NAME

    def _make_plans(self, tokens: tuple[Token, ...], run_text: str, initial: bool, titlecase: bool, language: str | None, slash_head: bool) -> list[_Plan]:
        classes = [self._classify(tokens, position, language) for position in range(len(tokens))]
        if not titlecase:
            # A capitalised function word right after a name is a surname (`Lisa Su`, `Fei-Fei
            # Li`): outside Title Case nobody capitalises `su` or `li` mid-sentence.
            for position in range(1, len(tokens)):
                anchor = position - 1
                while anchor > 0 and anchor > position - 4 and classes[anchor] in (_PART, _CPART):
                    anchor -= 1  # `Anaïs van der Meer`: look past the particles to the first name
                if classes[position] in (_STOP, _SOFT) and classes[anchor] in (_GIVEN, _NAME) and anchor < position:
                    if tokens[position].key not in lex.WEEKDAYS_MONTHS and tokens[position].key not in lex.COMMON_ACRONYMS:
                        classes[position] = _NAME
        else:
            # Title Case capitalises every word: only words known as names elsewhere count, a
            # surname after a given name, and words before an organisation keyword.
            # (`New York Times`: the words before a keyword belong to it up to a known name.)
            before_org = False
            for position in range(len(classes) - 1, -1, -1):
                cls = classes[position]
                if cls == _NAME:
                    if self._evidenced(tokens[position]):
                        before_org = False
                    elif not before_org and not (position > 0 and classes[position - 1] == _GIVEN):
                        classes[position] = _STOP
                elif cls == _ORG:
                    before_org = True
                elif cls not in (_SOFT, _PART):
                    before_org = False
        for position in range(1, len(tokens) - 1):
            # `Mistral AI Valued ...` in Title Case: `AI` ends the name when what follows is not one;
            # `AI Safety Institute` is named by its keyword.
            if tokens[position].key == "ai" and classes[position - 1] in (_NAME, _GIVEN) and classes[position + 1] in (_STOP, _TITLE, _BREAK, _PART):
                classes[position] = _ORG
        context = (tokens, classes, run_text, initial, titlecase, language == "de", slash_head)
        plans: list[_Plan] = []
        current: list[int] = []

        def close() -> None:
            if current:
                plans.extend(self._split(context, current))
                current.clear()

        for position, cls in enumerate(classes):
            token = tokens[position]
            if cls in (_STOP, _TITLE, _BREAK):
                close()
                if cls == _BREAK and token.flags & COMPOUND and not token.flags & IN_WORD:
                    plans.append(self._compound_plan(token))
                elif cls == _STOP and token.text[:1].isupper() and len(token.text) > 1:
                    plans.append(self._plan(context, [position], "surname"))  # `Su avait ...`
                continue
            if (cls == _GIVEN and current and classes[current[-1]] not in (_GIVEN, _PART, _CPART)
                    and position + 1 < len(classes) and classes[position + 1] in (_NAME, _GIVEN, _PART, _CPART)):
                close()  # `Techredacteur Sam Verbeek`; but `Paolo André` is one name
            current.append(position)
            if token.flags & POSSESSIVE:
                close()
        close()
        return plans

    def _split(self, context: tuple, chunk: list[int]) -> list[_Plan]:
        """Cut a stretch of name-like words at particles and soft words into candidate names."""
        tokens, classes = context[0], context[1]
        # Particles stay between given names and a surname (`Ursula von der Leyen`), after an
        # organisation keyword (`Universiteit van Toronto`), or leading a surname (`Von der
        # Leyen`); elsewhere they split (`PDG de Microsoft`).
        pieces: list[tuple[list[int], bool]] = []
        current: list[int] = []
        after_particle = False
        has_org = any(classes[p] == _ORG for p in chunk)
        guessed: set[int] = set()  # pieces joined on a guess (`Jeroen de Vries`), split if known apart
        for index, position in enumerate(chunk):
            token = tokens[position]
            cls = classes[position]
            if len(current) >= _MAX_TOKENS:
                pieces.append((current, after_particle))  # no name is this long: keep the work linear
                current, after_particle = [], False
            if cls in (_PART, _CPART) and current:
                head = [p for p in current if classes[p] not in (_PART, _CPART)]
                head_classes = [classes[p] for p in head]
                particle = token.key in lex.PARTICLES
                guessable = token.key in _GUESS_PARTICLES and context[5] is False
                person_particle = particle and all(c == _GIVEN for c in head_classes)
                # One unknown first name, then a particle: most likely a person (`Søren Van den Berghe`).
                guess = (guessable and not has_org and len(head) == 1 and head_classes[0] == _NAME
                         and _one_word_follows(chunk, index, classes)
                         and not (head[0] == 0 and context[3]) and not self._common(tokens[head[0]].key)
                         and not is_acronym(tokens[head[0]].text) and not is_camel(tokens[head[0]].text))
                org_connector = _ORG in head_classes and token.key in lex.ORG_CONNECTORS
                if person_particle or guess or org_connector or token.key == "&" or classes[current[-1]] in (_PART, _CPART):
                    if guess and not person_particle:
                        guessed.add(len(pieces))
                    current.append(position)
                elif cls == _CPART:
                    pieces.append((current, after_particle))
                    current, after_particle = [position], False
                else:
                    pieces.append((current, after_particle))
                    current, after_particle = [], True
                continue
            if cls == _PART:
                continue
            if token.flags & ELIDED and not token.flags & ELIDED_UPPER and current:
                # `Fratelli d'Italia` and `Valéry d'Estaing` are one name; `Lisa Su d'AMD` and
                # `ASML d'OpenAI` are two.
                head = [classes[p] for p in current]
                given_only = all(c == _GIVEN for c in head)
                if not given_only and (_GIVEN in head or is_acronym(tokens[current[-1]].text) or is_acronym(token.text)):
                    pieces.append((current, after_particle))
                    current, after_particle = [], False
            current.append(position)
        if current:
            pieces.append((current, after_particle))
        plans: list[_Plan] = []
        for number, (piece, split_off) in enumerate(pieces):
            while piece and classes[piece[-1]] in (_PART, _CPART):
                piece = piece[:-1]
            if not piece:
                continue
            for segment in _soft_segments(piece, classes):
                bare = [p for p in segment if classes[p] not in (_CPART, _PART)]
                if classes[segment[0]] == _CPART and (
                    _ORG in (classes[p] for p in segment)
                    or (len(bare) == 1 and (is_acronym(tokens[bare[0]].text) or is_camel(tokens[bare[0]].text)))
                ):
                    while classes[segment[0]] in (_CPART, _PART):
                        segment = segment[1:]  # `La Commission ...`, `La CNIL`: an article, not a particle
                if sum(1 for p in segment if classes[p] not in (_PART, _CPART)) > _MAX_WORDS:
                    continue  # a long stretch of capitals is a heading or a list, not a name
                status = self._status(context, segment)
                if split_off and len(segment) == 1 and status in ("mid", "strong", "weak", "multi"):
                    status = "known"  # `Nobelprijs voor Natuurkunde`: the tail of something else
                if number in guessed and status == "strong":
                    status = "multi"
                plans.append(self._plan(context, segment, status))
        return plans

    def _plan(self, context: tuple, positions: list[int], status: str, as_written: bool = False) -> _Plan:
        tokens, classes, run_text = context[0], context[1], context[2]
        first, last = tokens[positions[0]], tokens[positions[-1]]
        plan = _Plan(first.start, last.end, run_text[first.start : last.end], status)
        words = [p for p in positions if classes[p] not in (_PART, _CPART)]
        plan.first_given = len(positions) >= 2 and classes[positions[0]] == _GIVEN
        plan.org_shape = any(classes[p] == _ORG for p in words) or any(is_acronym(tokens[p].text) or is_camel(tokens[p].text) for p in positions)
        if len(words) == 1:
            plan.single = tokens[words[0]]
        elif len(words) >= 2 and not plan.org_shape:
            # The surname is what follows the given names (`von der Leyen` keeps its particles,
            # `Greg d'Estaing` its elided `d'`).
            cut = 1
            while cut < len(positions) - 1 and classes[positions[cut]] == _GIVEN:
                cut += 1
            if not any(tokens[p].flags & ELIDED for p in positions[cut + 1 :]):
                surname_start = _written_start(tokens[positions[cut]])
                surname = name_key(run_text[surname_start : last.end])
                plan.register = (surname, last.key if cut < len(positions) - 1 else None)
        if len(positions) == 1 and first.flags & ELIDED:
            # `sans d'Estaing`: the elided article may be part of a surname.
            written = _written_start(first)
            plan.whole = _Plan(written, last.end, run_text[written : last.end], "known")
        if first.flags & ELIDED_UPPER and not as_written and status not in ("drop", "surname", "compound", "elided"):
            # `D'Angelo said` or `L'OpenAI a`: keep the whole word if it is a known name, else
            # the part after the apostrophe if that is, else decide by language (pass two).
            apostrophe = max(first.text.find("'"), first.text.find("’"))
            whole = self._plan(context, positions, "elided", as_written=True)
            whole.whole = self._plan(context, positions, status, as_written=True)
            whole.rest = _Plan(first.start + apostrophe + 1, last.end, run_text[first.start + apostrophe + 1 : last.end], status)
            if len(positions) == 1:
                bare = first.text[apostrophe + 1 :]
                whole.rest.single = Token(first.start + apostrophe + 1, first.end, bare, 0)
            whole.rest.org_shape = plan.org_shape
            return whole
        if status == "cpart":
            rest = list(positions)
            while rest and classes[rest[0]] in (_CPART, _PART):
                rest = rest[1:]
            if rest:
                plan.rest = self._plan(context, rest, self._status(context, rest))
        elif status == "multi":
            cuts = []
            for cut in range(1, len(positions)):
                if classes[positions[cut]] in (_PART, _CPART):
                    continue
                left = positions[:cut]
                while classes[left[-1]] in (_PART, _CPART):
                    left = left[:-1]
                cuts.append((self._plan(context, left, "known"), self._plan(context, positions[cut:], "known")))
            plan.cuts = tuple(cuts)
            plan.particle = any(classes[p] in (_PART, _CPART) for p in positions[1:])
        return plan

    @staticmethod
    def _compound_plan(token: Token) -> _Plan:
        plan = _Plan(token.start, token.end, token.text, "compound")
        parts: list[tuple[int, int, str, str]] = []
        offset = token.start
        for part in token.text.split("-"):
            if part[:1].isupper():
                parts.append((offset, offset + len(part), name_key(part), part))
            offset += len(part) + 1
        plan.parts = tuple(parts)
        return plan

    def _status(self, context: tuple, chunk: list[int]) -> str:
        tokens, classes, run_text, initial, titlecase, german, slash_head = context
        words = [p for p in chunk if classes[p] not in (_PART, _CPART)]
        if not words:
            return "drop"
        key = name_key(run_text[tokens[chunk[0]].start : tokens[chunk[-1]].end])
        if key in self.curated_keys:
            return "strong"
        if key in self.curated.ignore:
            return "drop"
        word_classes = [classes[p] for p in words]
        last = tokens[words[-1]].key
        if last in lex.NON_NAME_KEYWORDS or last.endswith(lex.NON_NAME_SUFFIXES):
            return "drop"  # awards, laws, summits
        if len(words) >= 2:
            if key in lex.PLACE_PHRASES or key in lex.PRODUCT_PHRASES:
                return "drop"
            if classes[chunk[0]] == _CPART:
                return "cpart"  # `Van den Berghe`: a surname if its person is known
            if _ORG in word_classes:
                if _NAME in word_classes or _GIVEN in word_classes or any(
                    tokens[p].key in lex.DEMONYMS or tokens[p].flags & ORG_TAIL for p in words
                ):
                    return "strong"
                return "drop"
            if word_classes[0] == _GIVEN:
                return "strong"
            if all(self._common(tokens[p].key) for p in words):
                return "weak"
            return "weak" if titlecase else "multi"
        token = tokens[words[0]]
        if word_classes[0] == _ORG or token.key in lex.PRODUCTS or token.key in lex.PLACES:
            return "drop"
        if len(token.text) == 1:
            return "strong" if slash_head else "weak"
        if (is_acronym(token.text) or is_camel(token.text)) and not titlecase:
            return "strong"
        if (initial and words[0] == 0) or titlecase or german or self._common(token.key):
            return "weak"
        return "mid"

    # Evidence --------------------------------------------------------------------------------

    def _evidenced(self, token: Token) -> bool:
        return self.scanner.reliable[token.key] > 0 or is_acronym(token.text) or is_camel(token.text) or token.key in self.curated_keys

    def _common(self, key: str) -> bool:
        lower = self.scanner.lower_counts[key]
        return lower > 0 and lower >= self.scanner.reliable[key]

    def _supported(self, occurrence: Occurrence, token: Token) -> bool:
        """A lone capitalised word with no standing of its own: believe it with outside support."""
        if token.key in lex.PRODUCTS or token.key in lex.PLACES or len(token.text) == 1 or self._common(token.key):
            return False
        shaped = is_acronym(token.text) or is_camel(token.text)
        reliable = self.scanner.reliable[token.key]
        if self.languages[occurrence[0]] == "de" and not shaped and reliable == 0:
            return False
        if occurrence[3] & COORDINATED:
            return True
        if reliable > 0 or (shaped and token.key not in lex.COMMON_ACRONYMS):
            return True
        # `Bloomberg reported ...`: a reporting verb after a word that is never written in lower
        # case; not `Analysts said` (a plural).
        order, field_index, start, _ = occurrence
        _, comma, following = words_around(self.field_texts[order][field_index], start + token.start, start + token.end)
        return not comma and following in lex.NEWS_VERBS and not token.key.endswith("s") and self.scanner.lower_counts[token.key] == 0

    # Accepting and resolving ---------------------------------------------------------------------

    def _found(self, plan: _Plan, target: str | None) -> _Found | None:
        key = target or plan.key
        entry = self.curated_keys.get(key)
        if entry is not None:
            key = name_key(entry.name)
        if key in self.curated.ignore:
            return None
        found = self.found.get(key)
        if found is None:
            found = self.found[key] = _Found(key)
        if plan.first_given:
            found.given_first = True
        if plan.org_shape:
            found.org_shape = True
        return found

    def _accept_all(self, occurrences: list[Occurrence], plan: _Plan) -> None:
        found = self._found(plan, None)
        if found is None:
            return
        surface, offset, end = plan.surface, plan.start, plan.end
        found.surfaces[surface] += len(occurrences)
        found.mentions.extend([(order, field, start + offset, start + end, surface) for order, field, start, _ in occurrences])
        if plan.register is not None:
            for occurrence in occurrences:
                self._register(occurrence[0], found.key, plan.register)

    def _accept(self, occurrence: Occurrence, plan: _Plan, target: str | None = None, trim: int = 0) -> None:
        found = self._found(plan, target)
        if found is None:
            return
        order, field, start, _ = occurrence
        surface = plan.surface[:-1] if trim else plan.surface
        found.surfaces[surface] += 1
        found.mentions.append((order, field, start + plan.start, start + plan.end - trim, surface))
        if target is None and plan.register is not None:
            self._register(order, found.key, plan.register)

    def _register(self, order: int, key: str, register: tuple[str, str | None]) -> None:
        surname, last = register
        self.person_surnames[surname].add(key)
        self.doc_surnames[(order, surname)] = key
        if last is not None:
            self.person_surnames[last].add(key)
            self.doc_surnames.setdefault((order, last), key)

    def _accept_part(self, occurrence: Occurrence, start: int, end: int, surface: str, target: str) -> None:
        order, field, run_start, _ = occurrence
        found = self.found[target]
        found.surfaces[surface] += 1
        found.mentions.append((order, field, run_start + start, run_start + end, surface))

    def _lookup(self, order: int, key: str) -> str | None:
        """The name a surface form stands for: a person's surname in this document, a known name,
        or the only person in the corpus with that surname."""
        in_document = self.doc_surnames.get((order, key))
        if in_document is not None:
            return in_document
        if key in self.found:
            return key
        entry = self.curated_keys.get(key)
        if entry is not None:
            return name_key(entry.name)
        people = self.person_surnames.get(key)
        if people is not None and len(people) == 1:
            return next(iter(people))
        return None

    def _resolve(self, occurrence: Occurrence, plan: _Plan) -> None:
        status = plan.status
        order = occurrence[0]
        if status == "compound":
            for start, end, key, surface in plan.parts:
                target = self._lookup(order, key)
                if target is not None and target in self.found:
                    self._accept_part(occurrence, start, end, surface, target)
            return
        if status == "surname":
            target = self.doc_surnames.get((order, plan.key))
            if target is not None:
                self._accept(occurrence, plan, target)
            return
        if status == "elided":
            target = self._lookup(order, plan.key)
            if target is not None:
                self._accept(occurrence, plan, target)
            elif (target := self._lookup(order, plan.rest.key)) is not None:
                self._accept(occurrence, plan.rest, target)
            elif self.languages[order] in _ELIDING:
                self._resolve(occurrence, plan.rest)
            else:
                self._resolve(occurrence, plan.whole)
            return
        if status in ("known", "cpart"):
            target = self._lookup(order, plan.key)
            if target is not None:
                self._accept(occurrence, plan, target)
            elif plan.key.endswith("s") and (target := self._lookup(order, plan.key[:-1])) is not None:
                self._accept(occurrence, plan, target, trim=1)  # `Van der Meers`
            elif plan.rest is not None:
                self._resolve(occurrence, plan.rest)
            return
        if status == "multi":
            # `Musk OpenAI`: a person's surname and another name that happen to touch.
            for left, right in plan.cuts:
                person = self.doc_surnames.get((order, left.key)) or self.doc_surnames.get((order, right.key))
                if (person or plan.particle) and self._lookup(order, left.key) and self._lookup(order, right.key):
                    self._resolve(occurrence, left)
                    self._resolve(occurrence, right)
                    return
            self._accept(occurrence, plan)
            return
        if plan.whole is not None:
            target = self.doc_surnames.get((order, plan.whole.key))
            if target is not None:
                self._accept(occurrence, plan.whole, target)
                return
        target = self._lookup(order, plan.key)
        if target is not None:
            self._accept(occurrence, plan, target)
            return
        token = plan.single
        if token is not None and plan.key.endswith("s") and len(plan.key) > 3:
            # Dutch and German genitive without an apostrophe: `Altmans`, `Hintons`.
            target = self._lookup(order, plan.key[:-1])
            if target is not None:
                self._accept(occurrence, plan, target, trim=1)
                return
        if status == "weak":
            if token is not None and self._supported(occurrence, token):
                self._accept(occurrence, plan)
        elif status == "mid":
            if token is not None and not self._common(token.key) and not _starts_with_org_keyword(token.key):
                self._accept(occurrence, plan)
        elif status == "strong":
            self._accept(occurrence, plan)

    # Names -----------------------------------------------------------------------------------

    def _finish(self) -> NameIndex:
        self._merge_short_company_names()
        person_names = {key for people in self.person_surnames.values() for key in people}
        document_ids = [document.id for document in self.documents]
        labels = self.field_labels
        made: list[tuple[Name, Counter]] = []
        keys: dict[str, Name] = {}
        for key, found in self.found.items():
            entry = self.curated_keys.get(key)
            if not found.org_shape and not found.given_first and entry is None:
                self._weigh_context(found)
            kind = self._kind(found, entry, key in person_names and _surname_used(found))
            if entry is None and not (found.org_shape or found.given_first or found.person_votes) and self._not_a_name(found):
                continue
            canonical = entry.name if entry is not None else _canonical(found)
            raw = sorted(set(found.mentions))
            mentions = tuple([
                Mention(order, field_index, start, end, document_ids[order], labels[order][field_index], surface)
                for order, field_index, start, end, surface in raw
            ])
            curated_aliases = set(entry.aliases) if entry is not None else set()
            aliases = tuple(sorted({surface for surface in found.surfaces if surface != canonical} | curated_aliases))
            name = Name(canonical, kind, aliases, mentions)
            made.append((name, Counter(map(itemgetter(0), raw))))
            keys[key] = name
        for name, _ in made:
            for alias in name.aliases:
                keys.setdefault(name_key(alias), name)
        # People are also found under their surname when it is theirs alone.
        for surname, people in self.person_surnames.items():
            if len(people) == 1 and surname not in keys:
                person = keys.get(next(iter(people)))
                if person is not None:
                    keys[surname] = person
        made.sort(key=lambda item: (-len(item[0].mentions), item[0].name.casefold()))
        names = [name for name, _ in made]
        per_document: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for position, (_, counts) in enumerate(made):
            for order, count in counts.items():
                per_document[order].append((-count, position))
        by_document = {
            document_ids[order]: [(names[position], -negative) for negative, position in sorted(entries)]
            for order, entries in per_document.items()
        }
        return NameIndex(names, keys, by_document)

    def _merge_short_company_names(self) -> None:
        # `Mistral` is `Mistral AI` when that is the only such company and not the better known
        # form (`Google` stays apart from `Google AI`).
        fuller: dict[str, list[str]] = defaultdict(list)
        for key in self.found:
            words = key.split()
            if len(words) >= 2 and words[-1] in lex.ORG_SUFFIXES:
                fuller[" ".join(words[:-1])].append(key)
        for base, keys in fuller.items():
            short = self.found.get(base)
            if short is None or len(keys) != 1 or base in self.curated_keys:
                continue
            full = self.found[keys[0]]
            if len(short.mentions) > len(full.mentions) or short.person_votes > 0:
                continue
            full.mentions.extend(short.mentions)
            full.surfaces.update(short.surfaces)
            full.org_shape = True
            del self.found[base]

    def _weigh_context(self, found: _Found) -> None:
        """Read the words around each mention: roles before (`premier`), `, who` or a speech verb
        after, articles and place prepositions before. Only for names whose shape leaves their kind
        open, so that the common names cost nothing here."""
        for order, field_index, start, end, _ in found.mentions:
            previous, comma, following = words_around(self.field_texts[order][field_index], start, end)
            if previous in lex.ARTICLES:
                found.after_article += 1
                found.org_votes += 1  # `il Corriere della Sera`, `the Wall Street Journal`
            if previous in lex.LOCATIVES or (previous in lex.LOCATIVES_ROMANCE and self.languages[order] in _ROMANCE):
                found.after_locative += 1
            if previous in lex.PERSON_CUES_BEFORE or (len(previous) > 7 and previous.endswith(lex.TITLE_SUFFIXES)):
                found.person_votes += 1
            elif previous in lex.ORG_CUES_BEFORE:
                found.org_votes += 1
            if (following in lex.PERSON_CUES_AFTER) if comma else (following in lex.SPEECH_VERBS):
                found.person_votes += 1

    @staticmethod
    def _not_a_name(found: _Found) -> bool:
        # Only ever after an article (`del Paese`): a common noun; only ever after `in`/`à`: a place.
        total = len(found.mentions)
        if found.after_locative == total:
            return True
        return found.after_article == total and " " not in found.key

    def _kind(self, found: _Found, entry: CuratedName | None, surname_used: bool) -> NameKind:
        if entry is not None and entry.kind is not None:
            return entry.kind
        if found.org_shape:
            return "organisation"
        if found.given_first or found.person_votes > found.org_votes:
            return "person"
        if found.org_votes > found.person_votes:
            return "organisation"
        if surname_used:
            return "person"
        # Two to four plain capitalised words with nothing else to go on: in news, mostly a
        # person with a first name we do not know (`Demis Hassabis`); not `Le Figaro`,
        # `Fratelli d'Italia`.
        # `Hugging Face`: a first word that is a common word or a gerund is not a first name.
        words = found.key.split()
        if (2 <= len(words) <= 4 and words[0] not in lex.PARTICLES and "'" not in found.key
                and not words[0].endswith("ing") and self.scanner.lower_counts[words[0]] == 0):
            return "person"
        return "organisation"


def _one_word_follows(chunk: list[int], index: int, classes: list[int]) -> bool:
    """After the particles at `index` comes exactly one word, then the end (`de Vries`)."""
    rest = [p for p in chunk[index + 1 :] if classes[p] not in (_PART, _CPART)]
    return len(rest) == 1 and chunk.index(rest[0]) > index


def _written_start(token: Token) -> int:
    """Where a word starts with its elided article (`d'` of `d'Estaing`)."""
    return token.start - len(token.prefix) - 1 if token.flags & ELIDED else token.start


def _soft_segments(piece: list[int], classes: list[int]) -> list[list[int]]:
    """Soft words (demonyms, common acronyms) belong to an organisation's name (`Europese Unie`,
    `AI Safety Institute`) and only before its keyword; anywhere else they split the piece."""
    if _ORG in (classes[p] for p in piece):
        last_org = max(index for index, p in enumerate(piece) if classes[p] == _ORG)
        cut = last_org + 1
        # After the keyword: what it connects (`Universiteit van Toronto`, `Banca d'Italia`)
        # and plain names (`Autoriteit Persoonsgegevens`), up to a soft word.
        while cut < len(piece) and classes[piece[cut]] in (_PART, _NAME):
            cut += 1
        segments = [piece[:cut]]
        tail = [p for p in piece[cut:] if classes[p] != _SOFT]
        if tail:
            segments.append(tail)
        return segments
    segments = []
    segment: list[int] = []
    for p in piece:
        if classes[p] == _SOFT:
            if segment:
                segments.append(segment)
            segment = []
        else:
            segment.append(p)
    if segment:
        segments.append(segment)
    return segments


def _surname_used(found: _Found) -> bool:
    """A full name also written shorter (`Altman` for `Sam Altman`): how people are written about."""
    words = len(found.key.split())
    return words >= 2 and any(len(name_key(surface).split()) < words for surface in found.surfaces)


def _canonical(found: _Found) -> str:
    # The full form the name is known by; among its spellings the most frequent.
    return max(found.surfaces.items(), key=lambda item: (name_key(item[0]) == found.key, item[1], item[0]))[0]


def _starts_with_org_keyword(key: str) -> bool:
    # `Kamerleden`, `Commissievoorzitter`: compounds of an institution's name are common nouns.
    return any(key[:length] in lex.ORG_KEYWORDS for length in range(4, len(key) - 3))


def _demonym_shape(key: str, language: str | None) -> bool:
    if language == "nl":
        return len(key) >= 7 and key.endswith(("aanse", "ische", "sche", "ese", "landse"))
    if language == "fr":
        return len(key) >= 6 and key.endswith(("aise", "aises"))
    return False
