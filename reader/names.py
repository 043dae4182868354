"""The name index: people and organisations found in uncurated multilingual text, with every mention.

No model and no network: candidate names are runs of capitalised words (with particles, elisions,
possessives, hyphens and apostrophes handled), judged by word lists (`reader.name_lexicon`) and by
statistics over the whole corpus (a word seen in lower case is a common word; a word only ever
capitalised at the start of a sentence needs support from elsewhere).

How a lone surname is resolved:
- in a document that names the person in full (`Sam Altman` ... `Altman`), it is that person;
- elsewhere, it is the person whose surname it is when exactly one person in the corpus has it;
- otherwise it stays a name of its own.

`X / Twitter` counts once, as `X`; a one-letter name is only believed after such a pair.

    >>> index = NameIndex.build(documents, curated=None)
    >>> index.mentions("sam altman")[0].surface
    'Sam Altman'
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from reader import name_lexicon as lex
from reader.model import Document, Mention, Name, NameKind, Problem
from reader.textclean import fold

__all__ = ["NameIndex", "Curated", "CuratedName", "load_curated", "CURATED_FILE"]

CURATED_FILE = "names.yaml"

# --- Patterns -------------------------------------------------------------------------------

def _char_class(predicate) -> str:
    ranges = [*range(0x41, 0x250), *range(0x370, 0x530), *range(0x1E00, 0x1F00)]
    return "".join(re.escape(chr(code)) for code in ranges if predicate(chr(code)))


_UPPER = _char_class(str.isupper)
_LOWER = _char_class(str.islower)
_ALNUM = r"[^\W_]"
_APOS = "'’"
_ELISION = r"(?:[dDlLjJnNsScCmMtT]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu|[Dd]ell|[Dd]all|[Nn]ell|[Ss]ull|[Aa]ll|[Cc]oll|[Qq]uell)['’]"
# A capitalised word, or a lower-case start followed by a capital (`xAI`, `iPhone`), with internal
# hyphens and apostrophes (`Fei-Fei`, `D'Angelo`, `Altman's`).
_CAPWORD = rf"(?:(?:al|el)-)?(?:[{_UPPER}]|[{_LOWER}]{{1,2}}(?=[{_UPPER}])){_ALNUM}*(?:[-'’]{_ALNUM}+)*"
_TOKEN = rf"(?<![\w'’-])(?:{_ELISION})?{_CAPWORD}"
_PARTICLE = r"(?:van|von|der|den|de|del|della|dello|degli|dei|di|da|das|dos|do|du|des|la|le|bin|ibn|al|el|ter|ten|zu|zum|zur|y|of|for|voor|für|&)"
_GAP = r"[ \u00a0]+"
_RUN = re.compile(rf"{_TOKEN}(?:{_GAP}(?:{_PARTICLE}{_GAP})*{_TOKEN})*")
_RUN_PART = re.compile(rf"{_TOKEN}|(?<![\w'’-]){_PARTICLE}(?![\w'’-])")
_ELISION_PREFIX = re.compile(rf"({_ELISION})(?=[{_UPPER}]|[{_LOWER}]{{1,2}}[{_UPPER}])")
_LOWER_WORD = re.compile(rf"(?<![\w'’-])[{_LOWER}]{_ALNUM}*(?:[-'’]{_ALNUM}+)*")
_LINE = re.compile(r"[^\n]+")
_LONG_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")
_PREV_WORD = re.compile(r"([^\W\d_][\w'’-]*)[ \u00a0]+$")
_NEXT = re.compile(r"[ \u00a0]*(,?)[ \u00a0]*([^\W\d_][\w'’-]*|\d)?")
_QUOTES_BEFORE = set(" \t\u00a0\"“”„‘’'«»([-–—•*")
_SENTENCE_ENDS = set(".!?:…;")
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "prof", "st", "dhr", "mevr", "mme", "jr", "sr", "vs", "ca", "nr"})
_CONJUNCTIONS = frozenset({" and ", " en ", " et ", " und ", " e ", " y ", " & ", " ed "})
_ORG_TAIL = re.compile(
    rf"[ \u00a0]+((?:{'|'.join(sorted(lex.ORG_HEAD_ADJECTIVES))})"
    rf"(?:[ \u00a0]+(?:du|de la|des|de l['’]|della|del|dei|di)[ \u00a0]*[{_LOWER}]+"
    rf"(?:[ \u00a0]+(?:{'|'.join(sorted(lex.ORG_HEAD_TAIL_ADJECTIVES))}))?)?)(?![\w'’-])"
)
_SLASHES = frozenset({" / ", "/", " /", "/ "})

# Token flags.
_ELIDED = 1
_ELIDED_UPPER = 2
_POSSESSIVE = 4
_PARTICLE_TOKEN = 8
_COMPOUND = 16
_ORG_TAIL_TOKEN = 32


class _Token:
    __slots__ = ("start", "end", "text", "key", "flags", "prefix_start")

    def __init__(self, start: int, end: int, text: str, flags: int, prefix_start: int) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.key = text.lower()
        self.flags = flags
        self.prefix_start = prefix_start


class _Run:
    """A run of capitalised words in one line of one field."""

    __slots__ = (
        "doc", "field", "tokens", "initial", "titlecase", "german", "prev_word", "next_comma",
        "next_word", "slash_head", "slash_tail", "coordinated",
    )

    def __init__(self, doc: int, field_index: int, tokens: list[_Token]) -> None:
        self.doc = doc
        self.field = field_index
        self.tokens = tokens
        self.initial = False
        self.titlecase = False
        self.german = False
        self.prev_word = ""
        self.next_comma = False
        self.next_word = ""
        self.slash_head = False
        self.slash_tail = False
        self.coordinated = False


# --- Curated names ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class CuratedName:
    name: str
    kind: NameKind | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Curated:
    """What a corpus's `names.yaml` adds: kinds and aliases, and names to ignore."""

    names: tuple[CuratedName, ...] = ()
    ignore: frozenset[str] = frozenset()
    """Folded names that are never listed (products, places the detector takes for names)."""


def load_curated(root: Path) -> tuple[Curated | None, list[Problem]]:
    """Read `names.yaml` in the corpus folder, if there is one. Never raises.

    The format:

        names:
          - name: Sam Altman
            kind: person            # or organisation
            aliases: [Altman]
        ignore: [ChatGPT]
    """
    path = Path(root) / CURATED_FILE
    try:
        if not path.is_file():
            return None, []
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(CURATED_FILE, "error", f"cannot read curated names: {error.strerror or error}")]
    try:
        data = yaml.safe_load(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        where = getattr(error, "problem_mark", None)
        line = f" (line {where.line + 1})" if where is not None else ""
        return None, [Problem(CURATED_FILE, "error", f"curated names not read: invalid YAML{line}")]
    if data is None:
        return Curated(), []
    if not isinstance(data, dict):
        return None, [Problem(CURATED_FILE, "error", "curated names not read: expected a mapping with 'names' and 'ignore'")]
    problems: list[Problem] = []
    names: list[CuratedName] = []
    entries = data.get("names") or []
    if not isinstance(entries, list):
        problems.append(Problem(CURATED_FILE, "warning", "'names' should be a list; ignored"))
        entries = []
    for number, entry in enumerate(entries, 1):
        if isinstance(entry, str) and entry.strip():
            names.append(CuratedName(entry.strip()))
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            problems.append(Problem(CURATED_FILE, "warning", f"entry {number} of 'names' has no name; ignored"))
            continue
        kind = entry.get("kind")
        if kind is not None and kind not in ("person", "organisation"):
            problems.append(Problem(CURATED_FILE, "warning", f"entry {number}: kind must be person or organisation; ignored"))
            kind = None
        aliases = entry.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list):
            problems.append(Problem(CURATED_FILE, "warning", f"entry {number}: aliases should be a list; ignored"))
            aliases = []
        clean_aliases = tuple(alias.strip() for alias in aliases if isinstance(alias, str) and alias.strip())
        names.append(CuratedName(entry["name"].strip(), kind, clean_aliases))
    ignore = data.get("ignore") or []
    if isinstance(ignore, str):
        ignore = [ignore]
    if not isinstance(ignore, list):
        problems.append(Problem(CURATED_FILE, "warning", "'ignore' should be a list; ignored"))
        ignore = []
    ignored = frozenset(fold(item.strip()) for item in ignore if isinstance(item, str) and item.strip())
    return Curated(tuple(names), ignored), problems


# --- The index ---------------------------------------------------------------------------------

class NameIndex:
    """People and organisations of a corpus, each with every mention in reading order."""

    def __init__(self, names: list[Name], keys: dict[str, Name], by_document: dict[str, list[tuple[Name, int]]]) -> None:
        self.names = names
        """Most mentioned first, then by name."""
        self._keys = keys
        self._by_document = by_document

    @classmethod
    def build(cls, documents: Sequence[Document], curated: Curated | None = None) -> NameIndex:
        return _Builder(documents, curated).build()

    def get(self, name: str | Name) -> Name | None:
        """The name for a canonical form or alias, case- and accent-insensitively."""
        text = name.name if isinstance(name, Name) else name
        return self._keys.get(_key(text))

    def mentions(self, name: str | Name) -> list[Mention]:
        found = self.get(name)
        return list(found.mentions) if found is not None else []

    def names_in(self, document_id: str) -> list[tuple[Name, int]]:
        """Names mentioned in one document with their counts, most mentioned first."""
        return list(self._by_document.get(document_id, ()))


def _key(text: str) -> str:
    return " ".join(fold(text).replace("’", "'").split())


def _is_acronym(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def _is_camel(text: str) -> bool:
    # `OpenAI`, `LinkedIn`, `xAI`, but not `McDonald` or `DeWitt`-style surnames.
    if len(text) < 3 or _is_acronym(text):
        return False
    if text[0].islower():
        return any(char.isupper() for char in text[1:])
    if re.match(r"(?:Mc|Mac|De|Di|Da|La|Le|Van|Von|Fitz|O')[A-Z]", text):
        return False
    return any(a.islower() and b.isupper() for a, b in zip(text, text[1:]))


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
    kind: NameKind | None = None


# Token classes.
_STOP, _TITLE, _SOFT, _ORG, _GIVEN, _NAME, _PART, _CPART, _BREAK = range(9)


class _Builder:
    def __init__(self, documents: Sequence[Document], curated: Curated | None) -> None:
        self.documents = list(documents)
        self.curated = curated or Curated()
        self.runs: list[_Run] = []
        self.lower_counts: Counter = Counter()
        self.reliable: Counter = Counter()
        self.field_labels: list[list[str]] = []
        self.field_texts: list[list[str]] = []
        self.curated_keys: dict[str, CuratedName] = {}
        for entry in self.curated.names:
            self.curated_keys[_key(entry.name)] = entry
            for alias in entry.aliases:
                self.curated_keys.setdefault(_key(alias), entry)

    # Pass 1: runs of capitalised words and word statistics.
    def scan(self) -> None:
        for order, document in enumerate(self.documents):
            german = document.language == "de"
            labels: list[str] = []
            texts: list[str] = []
            for field_index, (label, text) in enumerate(document.name_fields()):
                labels.append(label)
                texts.append(text)
                self.lower_counts.update(_LOWER_WORD.findall(text))
                for line in _LINE.finditer(text):
                    self._scan_line(order, field_index, text, line.start(), line.end(), german)
            self.field_labels.append(labels)
            self.field_texts.append(texts)

    def _scan_line(self, order: int, field_index: int, text: str, line_start: int, line_end: int, german: bool) -> None:
        previous: _Run | None = None
        previous_end = line_start
        titlecase: bool | None = None
        for match in _RUN.finditer(text, line_start, line_end):
            tokens = self._tokens(text, match.start(), match.end())
            if not tokens:
                continue
            run = _Run(order, field_index, tokens)
            run.german = german
            start = match.start()
            if titlecase is None:
                titlecase = _is_titlecase(text[line_start:line_end])
            run.titlecase = titlecase
            run.initial = _starts_sentence(text, line_start, start)
            before = _PREV_WORD.search(text, max(line_start, start - 40), start)
            if before:
                run.prev_word = before.group(1).lower()
            after = _NEXT.match(text, match.end(), line_end)
            if after:
                run.next_comma = bool(after.group(1))
                run.next_word = (after.group(2) or "").lower()
            if previous is not None:
                gap = text[previous_end:start]
                if gap in _SLASHES:
                    previous.slash_head = True
                    run.slash_tail = True
                elif gap in _CONJUNCTIONS:
                    previous.coordinated = run.coordinated = True
            if not titlecase and not german:
                for position, token in enumerate(tokens):
                    if position == 0 and run.initial and not token.flags & _ELIDED:
                        continue
                    if not token.flags & _PARTICLE_TOKEN:
                        self.reliable[token.key] += 1
            self.runs.append(run)
            previous = run
            previous_end = match.end()

    @staticmethod
    def _tokens(text: str, start: int, end: int) -> list[_Token]:
        tokens: list[_Token] = []
        for part in _RUN_PART.finditer(text, start, end):
            word = part.group()
            word_start = part.start()
            if word[0].islower() and word.lower() in lex.PARTICLES | {"of", "for", "voor", "für"} and not _ELISION_PREFIX.match(word):
                tokens.append(_Token(word_start, part.end(), word, _PARTICLE_TOKEN, word_start))
                continue
            if word == "&":
                tokens.append(_Token(word_start, part.end(), word, _PARTICLE_TOKEN, word_start))
                continue
            flags = 0
            core_start = word_start
            elision = _ELISION_PREFIX.match(word)
            if elision and elision.group(1)[:-1].lower() in lex.ELISIONS:
                flags |= _ELIDED
                if word[0].isupper():
                    flags |= _ELIDED_UPPER
                core_start = word_start + elision.end()
            core_end = part.end()
            if len(word) > 3 and word[-2] in _APOS and word[-1] in "sS":
                flags |= _POSSESSIVE
                core_end -= 2
            core = text[core_start:core_end]
            if "-" in core:
                flags |= _COMPOUND
            tokens.append(_Token(core_start, core_end, core, flags, word_start))
        return tokens

    def build(self) -> NameIndex:
        self.scan()
        self.found: dict[str, _Found] = {}
        # Chunks per run, decided in rounds: names that stand on their own first, then runs of
        # capitalised words that may be two names touching, then what needs support from the
        # others (lone surnames, sentence-initial words, Title Case headings).
        pending: list[tuple[_Run, list[int], str]] = []
        self.person_surnames: dict[str, set[str]] = defaultdict(set)  # surname key -> full name keys
        self.doc_surnames: dict[tuple[int, str], str] = {}
        first_round: list[tuple[_Run, list[int], str]] = []
        for run in self.runs:
            if run.slash_tail:
                continue
            for chunk, status in self._chunks(run):
                first_round.append((run, chunk, status))
        touching: list[tuple[_Run, list[int], str]] = []
        for run, chunk, status in first_round:
            if status == "strong":
                self._accept(run, chunk)
            elif status == "multi":
                touching.append((run, chunk, status))
            else:
                pending.append((run, chunk, status))
        for run, chunk, status in touching:
            self._resolve(run, chunk, status)
        for run, chunk, status in pending:
            self._resolve(run, chunk, status)
        return self._finish()

    # Token classification --------------------------------------------------------------------

    def _classify(self, run: _Run, position: int) -> int:
        token = run.tokens[position]
        key = token.key
        flags = token.flags
        if flags & _PARTICLE_TOKEN:
            return _PART
        if key in self.curated_keys:
            return _NAME
        text = token.text
        if any(char.isdigit() for char in text):
            return _BREAK
        if flags & _ELIDED_UPPER and flags & _ELIDED and position > 0:
            return _NAME  # `Adam D'Angelo`: the apostrophe is part of the name
        if text[0].islower() and not flags & _ELIDED and not _is_camel(text):
            return _BREAK
        if "'" in text or "’" in text:
            head, _, rest = text.replace("’", "'").partition("'")
            if head.lower() in lex.ELISIONS and rest[:1].islower():
                return _STOP  # `L'objectif`, `D’autres`
        if flags & _COMPOUND:
            parts = text.split("-")
            if key in lex.PLACES or key in lex.PLACE_PHRASES:
                return _SOFT
            for part in parts:
                low = part.lower()
                if (not part or part[0].islower() or low in lex.STOPWORDS or low in lex.COMMON_ACRONYMS
                        or low in lex.TITLES or any(char.isdigit() for char in part)):
                    return _BREAK
            return _NAME
        if key in lex.PARTICLES and position + 1 < len(run.tokens) and text[0].isupper():
            return _CPART
        if key == "ai" and position > 0:
            return _ORG
        if key in lex.STOPWORDS or key in lex.WEEKDAYS_MONTHS:
            return _STOP
        if key in lex.TITLES or (len(key) > 7 and key.endswith(lex.TITLE_SUFFIXES)):
            return _TITLE
        if key in lex.DEMONYMS or key in lex.COMMON_ACRONYMS or key in lex.CAPITALISED_NOUNS or _demonym_shape(key, self.documents[run.doc].language):
            return _SOFT
        if key in lex.ORG_KEYWORDS:
            return _ORG
        if key in lex.GIVEN_NAMES:
            return _GIVEN
        return _NAME

    # Pass 2: chunks --------------------------------------------------------------------------

    def _chunks(self, run: _Run) -> list[tuple[list[int], str]]:
        tokens = run.tokens
        classes = [self._classify(run, position) for position in range(len(tokens))]
        if not run.titlecase:
            # Mid-run, a capitalised function word right after a name is a surname (`Lisa Su`,
            # `Fei-Fei Li`): outside Title Case nobody capitalises `su` or `li` mid-sentence.
            for position in range(1, len(tokens)):
                if classes[position] in (_STOP, _SOFT) and classes[position - 1] in (_GIVEN, _NAME):
                    if tokens[position].key not in lex.WEEKDAYS_MONTHS and tokens[position].key not in lex.COMMON_ACRONYMS:
                        classes[position] = _NAME
        else:
            # Title Case headings capitalise every word: only words known as names elsewhere count.
            for position, cls in enumerate(classes):
                if cls != _NAME:
                    continue
                token = tokens[position]
                if self._evidenced(token.key, token.text):
                    continue
                after_given = position > 0 and classes[position - 1] == _GIVEN
                before_org = position + 1 < len(classes) and classes[position + 1] == _ORG
                if not (after_given or before_org):
                    classes[position] = _STOP
        self._extend_org_head(run, classes)
        chunks: list[tuple[list[int], str]] = []
        current: list[int] = []

        def close() -> None:
            if current:
                chunks.extend(self._split_chunk(run, classes, list(current)))
                current.clear()

        for position, cls in enumerate(classes):
            token = tokens[position]
            if cls in (_STOP, _TITLE, _BREAK) and not current:
                if cls == _BREAK and token.flags & _COMPOUND:
                    chunks.append(([-(position + 1)], "compound"))
                elif cls == _STOP and token.text[:1].isupper() and len(token.text) > 1:
                    chunks.append(([position], "surname"))  # `Su avait ...`: only as a known surname
                continue
            if cls in (_STOP, _TITLE, _BREAK):
                close()
                if cls == _BREAK and token.flags & _COMPOUND:
                    chunks.append(([-(position + 1)], "compound"))
                continue
            if cls == _GIVEN and current and classes[current[-1]] not in (_GIVEN, _PART, _CPART):
                close()
            current.append(position)
            if token.flags & _POSSESSIVE:
                close()
        close()
        return chunks

    def _extend_org_head(self, run: _Run, classes: list[int]) -> None:
        # `dell'Unione europea`, `La Commission nationale du débat public`: an institution named
        # with lower-case words after its head noun.
        last = run.tokens[-1]
        if last.key not in lex.ORG_HEADS or last.flags & _POSSESSIVE:
            return
        text = self._text_of(run)
        match = _ORG_TAIL.match(text, last.end)
        if match is None:
            return
        run.tokens.append(_Token(match.start(1), match.end(), text[match.start(1) : match.end()], _ORG_TAIL_TOKEN, match.start(1)))
        classes.append(_ORG)

    def _split_chunk(self, run: _Run, classes: list[int], chunk: list[int]) -> list[tuple[list[int], str]]:
        # Particles: kept between a given name and a surname, after an organisation keyword, or
        # leading a surname (`Von der Leyen`); elsewhere they split the chunk.
        tokens = run.tokens
        pieces: list[tuple[list[int], bool]] = []  # (positions, split off at a particle)
        current: list[int] = []
        after_particle = False
        for position in chunk:
            cls = classes[position]
            token = tokens[position]
            if cls == _PART:
                if not current:
                    continue
                head_classes = [classes[p] for p in current if classes[p] != _PART]
                person_particle = bool(head_classes) and all(c in (_GIVEN, _CPART) for c in head_classes) and token.key in lex.PARTICLES
                org_connector = _ORG in head_classes and token.key in lex.ORG_CONNECTORS
                if person_particle or org_connector or token.key == "&" or classes[current[-1]] == _PART:
                    current.append(position)
                else:
                    pieces.append((current, after_particle))
                    current = []
                    after_particle = True
                continue
            if token.flags & _ELIDED and not token.flags & _ELIDED_UPPER and current:
                head_classes = [classes[p] for p in current]
                joins = (not any(c == _GIVEN for c in head_classes)
                         and not _is_acronym(tokens[current[-1]].text) and not _is_acronym(token.text))
                if not joins:
                    pieces.append((current, after_particle))
                    current = []
                    after_particle = False
            current.append(position)
        if current:
            pieces.append((current, after_particle))
        result: list[tuple[list[int], str]] = []
        for piece, split_off in pieces:
            while piece and classes[piece[-1]] in (_PART, _CPART):
                piece = piece[:-1]
            if not piece:
                continue
            has_org = any(classes[p] == _ORG for p in piece)
            segments: list[list[int]] = []
            if has_org:
                # Soft words (demonyms, common acronyms) only belong to an organisation's name;
                # after its keyword only a connector and what it connects (`Universiteit van Toronto`).
                last_org = max(index for index, p in enumerate(piece) if classes[p] == _ORG)
                cut = last_org + 1
                if cut < len(piece) and classes[piece[cut]] == _PART:
                    cut = len(piece)
                segments.append(piece[:cut])
                tail = [p for p in piece[cut:] if classes[p] != _SOFT]
                if tail:
                    segments.append(tail)
            else:
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
            for segment in segments:
                if classes[segment[0]] == _CPART and any(classes[p] == _ORG for p in segment):
                    while classes[segment[0]] in (_CPART, _PART):
                        segment = segment[1:]  # `La Commission ...`: an article, not a particle
                status = self._status(run, classes, segment)
                if split_off and status in ("mid", "strong", "weak") and len(segment) == 1:
                    status = "known"  # `Nobelprijs voor Natuurkunde`: the tail of something else
                result.append((segment, status))
        return result

    def _evidenced(self, key: str, text: str) -> bool:
        return (
            self.reliable[key] > 0 or _is_acronym(text) or _is_camel(text) or key in self.curated_keys
        )

    def _common(self, key: str) -> bool:
        lower = self.lower_counts[key]
        return lower > 0 and lower >= self.reliable[key]

    def _status(self, run: _Run, classes: list[int], chunk: list[int]) -> str:
        """`strong`: a name by itself; `weak`: a name only with support; `drop`."""
        tokens = run.tokens
        words = [p for p in chunk if classes[p] not in (_PART, _CPART)]
        if not words:
            return "drop"
        key = _key(self._text_of(run)[tokens[chunk[0]].start : tokens[chunk[-1]].end])
        if key in self.curated_keys:
            return "strong"
        if key in self.curated.ignore:
            return "drop"
        word_classes = [classes[p] for p in words]
        last = tokens[words[-1]].key
        if last in lex.NON_NAME_KEYWORDS or last.endswith(lex.NON_NAME_SUFFIXES):
            return "drop"
        if len(words) >= 2:
            if key in lex.PLACE_PHRASES or key in lex.PRODUCT_PHRASES:
                return "drop"
            if classes[chunk[0]] == _CPART:
                return "cpart"  # `Van den Berghe`: a surname if its person is known
            if _ORG in word_classes:
                if any(c in (_NAME, _GIVEN) for c in word_classes) or any(
                    tokens[p].key in lex.DEMONYMS or tokens[p].flags & _ORG_TAIL_TOKEN for p in words
                ):
                    return "strong"
                return "drop"
            if word_classes[0] == _GIVEN:
                return "strong"
            if all(self._common(tokens[p].key) for p in words):
                return "weak"
            return "multi" if not run.titlecase else "weak"
        token = tokens[words[0]]
        cls = word_classes[0]
        if cls == _ORG:
            return "drop"
        if token.key in lex.PRODUCTS or token.key in lex.PLACES:
            return "drop"
        if len(token.text) == 1:
            return "strong" if run.slash_head else "weak"
        if (_is_acronym(token.text) or _is_camel(token.text)) and not run.titlecase:
            return "strong"
        if (run.initial and words[0] == 0) or run.titlecase or run.german or self._common(token.key):
            return "weak"
        return "mid"

    # Accepting and resolving -----------------------------------------------------------------

    def _accept(self, run: _Run, chunk: list[int], target: str | None = None, trim_s: bool = False) -> None:
        tokens = run.tokens
        start = tokens[chunk[0]].start
        end = tokens[chunk[-1]].end - (1 if trim_s else 0)
        surface = self._text_of(run)[start:end]
        key = target or _key(surface)
        entry = self.curated_keys.get(key)
        if entry is not None:
            key = _key(entry.name)
        if key in self.curated.ignore:
            return
        found = self.found.get(key)
        if found is None:
            found = self.found[key] = _Found(key)
        found.surfaces[surface] += 1
        found.mentions.append((run.doc, run.field, start, end, surface))
        previous = _previous_word(run, chunk[0], self._text_of(run))
        if previous in lex.ARTICLES:
            found.after_article += 1
        if previous in lex.LOCATIVES or (previous in lex.LOCATIVES_ROMANCE and self.documents[run.doc].language in ("it", "es", "pt")):
            found.after_locative += 1
        classes = [self._classify(run, p) for p in chunk]
        words = [c for c in classes if c not in (_PART, _CPART)]
        if len(chunk) >= 2 and classes[0] == _GIVEN:
            found.given_first = True
        if _ORG in words or any(_is_acronym(tokens[p].text) or _is_camel(tokens[p].text) for p in chunk):
            found.org_shape = True
        if run.prev_word in lex.PERSON_CUES_BEFORE or run.prev_word.endswith(lex.TITLE_SUFFIXES):
            found.person_votes += 1
        if run.next_comma and run.next_word in lex.PERSON_CUES_AFTER:
            found.person_votes += 1
        if not run.next_comma and run.next_word in lex.SPEECH_VERBS and chunk[-1] == len(tokens) - 1:
            found.person_votes += 1
        if target is None and len(words) >= 2 and not found.org_shape:
            self._register_person(run.doc, key, tokens, chunk, classes)

    def _register_person(self, doc: int, key: str, tokens: list[_Token], chunk: list[int], classes: list[int]) -> None:
        if any(tokens[p].flags & _ELIDED for p in chunk):
            return
        # The surname is everything after the leading given names (`von der Leyen` keeps its particles).
        first = 1
        while first < len(chunk) - 1 and classes[first] == _GIVEN:
            first += 1
        surname = _key(" ".join(tokens[p].text for p in chunk[first:]))
        self.person_surnames[surname].add(key)
        self.doc_surnames[(doc, surname)] = key
        last = tokens[chunk[-1]].key
        if first < len(chunk) - 1:
            self.person_surnames[_key(last)].add(key)
            self.doc_surnames.setdefault((doc, _key(last)), key)

    def _text_of(self, run: _Run) -> str:
        return self.field_texts[run.doc][run.field]

    def _resolve(self, run: _Run, chunk: list[int], status: str) -> None:
        if status == "drop":
            return
        tokens = run.tokens
        if status == "compound":
            token = tokens[-chunk[0] - 1]
            offset = token.start
            for part in token.text.split("-"):
                key = _key(part)
                target = self._lookup(run.doc, key)
                if target is not None and part[:1].isupper():
                    fake = _Token(offset, offset + len(part), part, 0, offset)
                    self._accept_token(run, fake, target)
                offset += len(part) + 1
            return
        key = _key(self._text_of(run)[tokens[chunk[0]].start : tokens[chunk[-1]].end])
        if status == "surname":
            target = self.doc_surnames.get((run.doc, key))
            if target is not None:
                self._accept(run, chunk, target)
            return
        if status == "cpart":
            target = self._lookup(run.doc, key)
            if target is not None:
                self._accept(run, chunk, target)
                return
            classes = [self._classify(run, position) for position in range(len(tokens))]
            rest = list(chunk)
            while rest and classes[rest[0]] in (_CPART, _PART):
                rest = rest[1:]
            if rest:
                self._resolve(run, rest, self._status(run, classes, rest))
            return
        if status == "multi":
            # `Musk OpenAI`: a person's surname and another name that happen to touch.
            for cut in range(1, len(chunk)):
                left = _key(self._text_of(run)[tokens[chunk[0]].start : tokens[chunk[cut - 1]].end])
                right = _key(self._text_of(run)[tokens[chunk[cut]].start : tokens[chunk[-1]].end])
                left_person = self.doc_surnames.get((run.doc, left))
                right_person = self.doc_surnames.get((run.doc, right))
                if (left_person or right_person) and self._lookup(run.doc, left) and self._lookup(run.doc, right):
                    self._resolve(run, chunk[:cut], "known")
                    self._resolve(run, chunk[cut:], "known")
                    return
            self._accept(run, chunk)
            return
        if status == "known":
            target = self._lookup(run.doc, key)
            if target is not None:
                self._accept(run, chunk, target)
            return
        target = self._lookup(run.doc, key)
        if target is not None:
            self._accept(run, chunk, target)
            return
        # Dutch and German genitive without apostrophe: `Altmans`, `Hintons`.
        if len(chunk) == 1 and key.endswith("s") and len(key) > 3:
            target = self._lookup(run.doc, key[:-1])
            if target is not None:
                self._accept(run, chunk, target, trim_s=True)
                return
        if status == "weak":
            if len(chunk) == 1 and self._supported(run, tokens[chunk[0]]):
                self._accept(run, chunk)
            return
        if status == "mid":
            token = tokens[chunk[0]]
            if self._common(token.key) or _starts_with_org_keyword(token.key):
                return
            self._accept(run, chunk)
            return
        self._accept(run, chunk)

    def _supported(self, run: _Run, token: _Token) -> bool:
        """A lone capitalised word with no standing of its own: believe it with outside support."""
        if token.key in lex.PRODUCTS or token.key in lex.PLACES or len(token.text) == 1:
            return False
        if self._common(token.key):
            return False
        if run.german and not (_is_acronym(token.text) or _is_camel(token.text)) and self.reliable[token.key] == 0:
            return False
        if run.coordinated:
            return True
        return self._evidenced(token.key, token.text) and self.reliable[token.key] > 0 or (
            (_is_acronym(token.text) or _is_camel(token.text)) and token.key not in lex.COMMON_ACRONYMS
        )

    def _lookup(self, doc: int, key: str) -> str | None:
        """The name a surface form stands for: a person's surname in this document, a known name,
        or the only person in the corpus with that surname."""
        in_document = self.doc_surnames.get((doc, key))
        if in_document is not None:
            return in_document
        if key in self.found:
            return key
        entry = self.curated_keys.get(key)
        if entry is not None:
            return _key(entry.name)
        people = self.person_surnames.get(key)
        if people is not None and len(people) == 1:
            return next(iter(people))
        return None

    def _accept_token(self, run: _Run, token: _Token, target: str) -> None:
        found = self.found[target]
        found.surfaces[token.text] += 1
        text = self._text_of(run)
        found.mentions.append((run.doc, run.field, token.start, token.end, text[token.start : token.end]))

    # Names -------------------------------------------------------------------------------------

    def _finish(self) -> NameIndex:
        documents = self.documents
        field_labels = self.field_labels
        person_names = {key for people in self.person_surnames.values() for key in people}
        self._merge_short_company_names()
        names: list[Name] = []
        keys: dict[str, Name] = {}
        by_document: dict[str, Counter] = defaultdict(Counter)
        for key, found in self.found.items():
            if not found.mentions:
                continue
            canonical = _canonical(found, self.curated_keys.get(key))
            kind = self._kind(found, canonical, key in person_names)
            if kind == "organisation" and not found.org_shape and self._not_a_name(found):
                continue
            mentions = tuple(
                sorted(
                    Mention(order, field_index, start, end, documents[order].id, field_labels[order][field_index], surface)
                    for order, field_index, start, end, surface in set(found.mentions)
                )
            )
            aliases = tuple(sorted({surface for surface in found.surfaces if surface != canonical} | self._curated_aliases(key)))
            name = Name(canonical, kind, aliases, mentions)
            names.append(name)
            keys[key] = name
            for alias in aliases:
                keys.setdefault(_key(alias), name)
        # People are also found under their surname when it is theirs alone.
        for surname, people in self.person_surnames.items():
            if len(people) == 1 and surname not in keys:
                person = keys.get(next(iter(people)))
                if person is not None:
                    keys[surname] = person
        names.sort(key=lambda name: (-len(name.mentions), name.name.casefold()))
        for name in names:
            for mention in name.mentions:
                by_document[mention.document_id][name.name] += 1
        by_name = {name.name: name for name in names}
        result = {
            document_id: sorted(((by_name[text], count) for text, count in counts.items()), key=lambda item: (-item[1], item[0].name.casefold()))
            for document_id, counts in by_document.items()
        }
        return NameIndex(names, keys, result)

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

    def _not_a_name(self, found: _Found) -> bool:
        # Only ever after an article (`del Paese`) is a common noun; only ever after `in`/`à` a place.
        if found.key in self.curated_keys:
            return False
        total = len(found.mentions)
        if found.after_locative == total:
            return True
        return found.after_article == total and len(found.key.split()) == 1

    def _curated_aliases(self, key: str) -> set[str]:
        entry = self.curated_keys.get(key)
        return set(entry.aliases) if entry is not None else set()

    def _kind(self, found: _Found, canonical: str, is_person_name: bool) -> NameKind:
        entry = self.curated_keys.get(found.key)
        if entry is not None and entry.kind is not None:
            return entry.kind
        if found.org_shape:
            return "organisation"
        if found.given_first or found.person_votes > 0:
            return "person"
        words = canonical.split()
        if len(words) >= 2 and is_person_name and self._surname_used(found.key):
            return "person"
        return "organisation"

    def _surname_used(self, key: str) -> bool:
        return key in self.surname_mentioned

    @property
    def surname_mentioned(self) -> set[str]:
        # Full names whose surname stood alone somewhere: that is how people are written about.
        cached = getattr(self, "_surname_mentioned", None)
        if cached is None:
            cached = set()
            for key, found in self.found.items():
                full_words = len(key.split())
                if full_words >= 2 and any(len(_key(surface).split()) < full_words for surface in found.surfaces):
                    cached.add(key)
            self._surname_mentioned = cached
        return cached


def _previous_word(run: _Run, position: int, text: str) -> str:
    token = run.tokens[position]
    if token.flags & _ELIDED and token.prefix_start < token.start:
        return text[token.prefix_start : token.start - 1].lower()
    if position == 0:
        return run.prev_word
    return run.tokens[position - 1].key


def _canonical(found: _Found, curated: CuratedName | None = None) -> str:
    if curated is not None:
        return curated.name
    # The full form the name is known by; among its spellings the most frequent.
    return max(found.surfaces.items(), key=lambda item: (_key(item[0]) == found.key, item[1], item[0]))[0]


def _starts_with_org_keyword(key: str) -> bool:
    # `Kamerleden`, `Commissievoorzitter`: compounds of an institution, common nouns.
    for length in range(4, len(key) - 3):
        if key[:length] in lex.ORG_KEYWORDS:
            return True
    return False


def _demonym_shape(key: str, language: str | None) -> bool:
    if language == "nl":
        return len(key) >= 7 and key.endswith(("aanse", "ische", "sche", "ese", "landse"))
    if language == "fr":
        return len(key) >= 6 and key.endswith(("aise", "aises"))
    return False


def _is_titlecase(line: str) -> bool:
    if len(line) > 300:
        return False
    # Title Case leaves only short function words in lower case; a sentence full of names still
    # has lower-case verbs and nouns.
    words = _LONG_WORD.findall(line)
    capitalised = sum(1 for word in words if word[0].isupper())
    lower = len(words) - capitalised
    return (capitalised >= 3 and lower == 0) or (capitalised >= 5 and lower <= 1)


def _starts_sentence(text: str, line_start: int, start: int) -> bool:
    position = start - 1
    while position >= line_start and text[position] in _QUOTES_BEFORE:
        position -= 1
    if position < line_start:
        return True
    if text[position] not in _SENTENCE_ENDS:
        return False
    if text[position] == ".":
        word = _PREV_WORD_BEFORE_DOT.search(text, max(line_start, position - 8), position)
        if word and word.group(1).lower() in _ABBREVIATIONS:
            return False
    return True


_PREV_WORD_BEFORE_DOT = re.compile(r"([^\W\d_]+)$")
