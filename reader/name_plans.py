"""Pass two, first half: cut each run of capitalised words into candidate names, and say how sure
each one is (`Plan.status`), using the word lists and the corpus statistics of pass one.

A plan depends only on the run's text and how it stands (sentence start, Title Case, language), so
the index makes one per group of identical occurrences; what a plan finally means for one
occurrence (which person a lone surname is) is decided in `reader.names`.
"""

from __future__ import annotations

from reader import name_lexicon as lex
from reader.name_curated import Curated, CuratedName, name_key
from reader.name_scan import (
    COMPOUND, ELIDED, ELIDED_UPPER, IN_WORD, INITIAL, ORG_TAIL, PARTICLE, POSSESSIVE, SHOUTING,
    SIGNATURE_BITS, SLASH_HEAD, TITLECASE, Scanner, Token, is_acronym, is_camel,
)
from reader.textclean import fold

__all__ = ["Plan", "Planner"]

# Token classes.
_STOP, _TITLE, _SOFT, _ORG, _GIVEN, _NAME, _PART, _CPART, _BREAK = range(9)
_MAX_WORDS = 6
"""More capitalised words than this in a row are not one name."""
_MAX_TOKENS = 12
"""Words and particles of the longest name considered (`Koninklijke ... van Wetenschappen`)."""
_GIVEN_FOLDED = frozenset(fold(name) for name in lex.GIVEN_NAMES)
# Particles common enough in surnames to guess a person from (`Jeroen de Vries`); German `zu`,
# `der`, `das` are too often just prepositions and articles.
_LANGUAGES_APART = frozenset({"nl", "fr", "de"})
"""The languages `_classify` and `_make_plans` look at."""
_ANY = object()
"""In the plan caches: made without looking at this (sentence start, language)."""
_GUESS_PARTICLES = frozenset("van von de der den di da du del della ter ten le la dos bin ibn".split())


class Plan:
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
        self.rest: Plan | None = None
        self.cuts: tuple[tuple[Plan, Plan], ...] = ()
        self.particle = False
        self.whole: Plan | None = None
        """For `elided`: the plan that keeps the capital before the apostrophe (`D'Angelo`)."""


class Planner:
    """Makes the plans of a run; reads the curated names and the statistics of a `Scanner`."""

    def __init__(self, scanner: Scanner, curated: Curated, curated_keys: dict[str, CuratedName]) -> None:
        self.scanner = scanner
        self.curated = curated
        self.curated_keys = curated_keys
        self._shouting = False
        """The run being planned stands in a line of capitals: its acronyms prove nothing."""
        self._made: dict[tuple[int, str | None], list[Plan]] = {}
        self._shared: dict[tuple[int, object, object], list[Plan]] = {}
        """Plans by run and flags without INITIAL, then the sentence start and the language they
        were made for, or `_ANY` for what their making never looked at."""
        self._classes: dict[tuple[int, object], tuple[int, ...]] = {}
        """Classes by run and language (`_ANY` when no word's class depends on the language)."""
        self._used_initial = False
        self._used_language = False
        """Whether the plans being made looked at the sentence start, at the language."""

    def plans_for(self, signature: int, language: str | None) -> list[Plan]:
        # Plans only tell Dutch, French and German apart (demonyms, German nouns): English,
        # Italian and unknown-language groups of the same run share theirs. Plans are not changed
        # once made, so sharing is safe.
        apart = language if language in _LANGUAGES_APART else None
        made_key = (signature, apart)
        plans = self._made.get(made_key)
        if plans is None:
            plans = self._made[made_key] = self._shared_plans(signature, language, apart)
        return plans

    def _shared_plans(self, signature: int, language: str | None, apart: str | None) -> list[Plan]:
        # Most plans never look at whether the run opens a sentence or at the language (only a
        # lone first word or a guessed particle does): made once, they serve every group of the
        # run that differs only in those. Making them is deterministic, so that is exact.
        loose = signature & ~INITIAL
        initial = bool(signature & INITIAL)
        shared = self._shared
        for key in ((loose, _ANY, _ANY), (loose, initial, _ANY), (loose, _ANY, apart), (loose, initial, apart)):
            plans = shared.get(key)
            if plans is not None:
                return plans
        self._used_initial = self._used_language = False
        plans = self._plans_for(signature, language, apart)
        shared[(loose, initial if self._used_initial else _ANY, apart if self._used_language else _ANY)] = plans
        return plans

    def _plans_for(self, signature: int, language: str | None, apart: str | None) -> list[Plan]:
        run, flags = signature >> SIGNATURE_BITS, signature & ((1 << SIGNATURE_BITS) - 1)
        self._shouting = bool(flags & SHOUTING)
        tokens = self.scanner.runs[run]
        # A word's class depends on the run and at most the language, not on how the run stands:
        # made once for all the run's groups (sentence start, Title Case, ...), copied for changes.
        classes = self._classes.get((run, _ANY))
        if classes is None:
            classes = self._classes.get((run, apart))
            if classes is None:
                used_language = self._used_language
                self._used_language = False
                classes = tuple([self._classify(tokens, position, language) for position in range(len(tokens))])
                self._classes[(run, apart if self._used_language else _ANY)] = classes
                self._used_language |= used_language
            else:
                self._used_language = True
        return self._make_plans(
            tokens, self.scanner.run_texts[run],
            bool(flags & INITIAL), bool(flags & TITLECASE), language, bool(flags & SLASH_HEAD), list(classes),
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
        if not text.isalpha() and any(char.isdigit() for char in text):  # letters are never digits
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
        if key in lex.DEMONYMS or key in lex.COMMON_ACRONYMS or key in lex.CAPITALISED_NOUNS or self._demonym(key, language):
            return _SOFT
        if key in lex.ORG_KEYWORDS:
            return _ORG
        if key in lex.GIVEN_NAMES or fold(key) in _GIVEN_FOLDED:
            return _GIVEN
        return _NAME

    def _make_plans(self, tokens: tuple[Token, ...], run_text: str, initial: bool, titlecase: bool, language: str | None, slash_head: bool, classes: list[int]) -> list[Plan]:
        for position in range(1, len(tokens) - 1):
            if classes[position - 1] == _TITLE and classes[position + 1] == _TITLE:
                classes[position] = _TITLE  # `Chief Financial Officer`
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
                    if self.evidenced(tokens[position]):
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
        plans: list[Plan] = []
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

    def _split(self, context: tuple, chunk: list[int]) -> list[Plan]:
        """Cut a stretch of name-like words at particles and soft words into candidate names."""
        tokens, classes = context[0], context[1]
        if not any(classes[p] in (_PART, _CPART) or tokens[p].flags & ELIDED for p in chunk):
            # Most stretches (`Sam Altman`, `Prism Media`): nothing to cut at but soft words and
            # the length; the loop below would make the same pieces, one per `_MAX_TOKENS` words.
            plans: list[Plan] = []
            for cut in range(0, len(chunk), _MAX_TOKENS):
                for segment in _soft_segments(chunk[cut : cut + _MAX_TOKENS], classes):
                    if len(segment) <= _MAX_WORDS:  # longer: a heading or a list, not a name
                        plans.append(self._plan(context, segment, self._status(context, segment)))
            return plans
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
                guessable = token.key in _GUESS_PARTICLES and not self._german(context)
                person_particle = particle and all(c == _GIVEN for c in head_classes)
                # One unknown first name, then a particle: most likely a person (`Søren Van den Berghe`).
                guess = (guessable and not has_org and len(head) == 1 and head_classes[0] == _NAME
                         and _one_word_follows(chunk, index, classes)
                         and not (head[0] == 0 and self._initial(context) and not self.scanner.reliable[tokens[head[0]].key]) and not self.common(tokens[head[0]].key)
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
        plans: list[Plan] = []
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

    def _plan(self, context: tuple, positions: list[int], status: str, as_written: bool = False) -> Plan:
        tokens, classes, run_text = context[0], context[1], context[2]
        first, last = tokens[positions[0]], tokens[positions[-1]]
        plan = Plan(first.start, last.end, run_text[first.start : last.end], status)
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
            plan.whole = Plan(written, last.end, run_text[written : last.end], "known")
        if first.flags & ELIDED_UPPER and not as_written and status not in ("drop", "surname", "compound", "elided"):
            # `D'Angelo said` or `L'OpenAI a`: keep the whole word if it is a known name, else
            # the part after the apostrophe if that is, else decide by language (pass two).
            apostrophe = max(first.text.find("'"), first.text.find("’"))
            whole = self._plan(context, positions, "elided", as_written=True)
            whole.whole = self._plan(context, positions, status, as_written=True)
            whole.rest = Plan(first.start + apostrophe + 1, last.end, run_text[first.start + apostrophe + 1 : last.end], status)
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
    def _compound_plan(token: Token) -> Plan:
        plan = Plan(token.start, token.end, token.text, "compound")
        parts: list[tuple[int, int, str, str]] = []
        offset = token.start
        for part in token.text.split("-"):
            if part[:1].isupper():
                parts.append((offset, offset + len(part), name_key(part), part))
            offset += len(part) + 1
        plan.parts = tuple(parts)
        return plan

    def _status(self, context: tuple, chunk: list[int]) -> str:
        tokens, classes, run_text, _, titlecase, _, slash_head = context
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
            if all(self.common(tokens[p].key) for p in words):
                return "weak"
            return "weak" if titlecase else "multi"
        token = tokens[words[0]]
        if word_classes[0] == _ORG or token.key in lex.PRODUCTS or token.key in lex.PLACES:
            return "drop"
        if len(token.text) == 1:
            return "strong" if slash_head else "weak"
        if (is_acronym(token.text) or is_camel(token.text)) and not titlecase:
            return "strong"
        if (words[0] == 0 and self._initial(context)) or titlecase or self._german(context) or self.common(token.key):
            return "weak"
        return "mid"

    # What a plan looks at beyond its run (see `_shared_plans`) ------------------------------------

    def _initial(self, context: tuple) -> bool:
        self._used_initial = True
        return context[3]

    def _german(self, context: tuple) -> bool:
        self._used_language = True
        return context[5]

    def _demonym(self, key: str, language: str | None) -> bool:
        if _demonym_shape(key, "nl") or _demonym_shape(key, "fr"):
            self._used_language = True
            return _demonym_shape(key, language)
        return False

    # Evidence --------------------------------------------------------------------------------

    def evidenced(self, token: Token) -> bool:
        if self.scanner.reliable[token.key] > 0 or token.key in self.curated_keys:
            return True
        return not self._shouting and (is_acronym(token.text) or is_camel(token.text))

    def common(self, key: str) -> bool:
        lower = self.scanner.lower_counts[key]
        return lower > 0 and lower >= self.scanner.reliable[key]

def _one_word_follows(chunk: list[int], index: int, classes: list[int]) -> bool:
    """After the particles at `index` comes exactly one word, then the end (`de Vries`)."""
    words = 0
    for position in chunk[index + 1 :]:
        if classes[position] not in (_PART, _CPART):
            words += 1
            if words > 1:
                return False  # looks two words ahead at most: linear on long runs
    return words == 1


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


def _demonym_shape(key: str, language: str | None) -> bool:
    if language == "nl":
        return len(key) >= 7 and key.endswith(("aanse", "ische", "sche", "ese", "landse"))
    if language == "fr":
        return len(key) >= 6 and key.endswith(("aise", "aises"))
    return False
