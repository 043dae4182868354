"""The name index: people and organisations found in uncurated multilingual text, with every mention.

No model and no network. Pass one (`reader.name_scan`) finds runs of capitalised words; pass two
cuts each run into candidate names (`reader.name_plans`) and, here, decides what each occurrence
names. The judges are word lists (`reader.name_lexicon`) and statistics over the whole corpus: a
word seen in lower case is a common word; a word only capitalised at the start of a sentence or
in a Title Case heading needs support from elsewhere (capitalised mid-sentence in another place,
a person's surname, an acronym, a reporting verb after it).

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
- Speed: each distinct run of capitals is tokenised once and planned once per way it stands
  (sentence start and language only when they matter to it, Title Case), however often it
  occurs; a lone word no person has as surname is resolved once for all its occurrences, a
  surname for all those in documents that name its person; occurrences and mentions are single
  ints, shifted a whole group at a time in C, and stay packed until read
  (`reader.name_mentions`); a big corpus is scanned on two cores when one is idle
  (`reader.name_scan_fork`), and a forked child reads the words around most of the mentions to
  weigh while this process packs them (`_Builder._finish`). Same index either way, to the byte.

    >>> index = NameIndex.build(documents, curated=None)
    >>> [mention.surface for mention in index.mentions("sam altman")][:2]
    ['Sam Altman', 'Altman']
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress, count, filterfalse, islice, repeat
from operator import add, and_, eq, getitem, is_, itemgetter, lshift, or_, rshift
from typing import Literal

from reader import name_lexicon as lex
from reader.model import Document, Name, NameKind
from reader.name_curated import CURATED_FILE, Curated, CuratedName, load_curated, name_key
from reader.name_index import NameIndex
from reader.forked import ChildFailed, Forked, can_fork, idle_core
from reader.gc_pause import collector_paused
from reader.name_mentions import FIELD_BITS, MENTION_SHIFT, ORDER_SHIFT, START_BITS, SURFACE_BITS, compact_name, pack, packed_orders
from reader.name_plans import Plan, Planner
from reader.name_scan import POSSESSIVE, SHOUTING, Occurrence, Scanner, Token, is_acronym, is_camel, unpack, word_after, word_before
from reader.name_scan_fork import scan_all
from reader.progress import NamesProgress

__all__ = ["CURATED_FILE", "Curated", "CuratedName", "DocumentFields", "NameIndex", "document_fields", "load_curated"]


def build_index(documents: Sequence[Document], curated: Curated | None = None, *, parallel: bool | None = None,
                scanned: Scanner | None = None, fields: DocumentFields | None = None,
                progress: NamesProgress | None = None) -> NameIndex:
    """`NameIndex.build`: see there. `scanned`: pass one already done on these documents, in
    their display order (`reader.parallel_load`), not yet finished; it is used, not copied.
    `fields`: `document_fields` of these documents, made ahead."""
    # The index makes millions of small tuples and no cycles worth collecting: the cycle
    # collector, run every few hundred allocations, cost a tenth of the time.
    with collector_paused():
        return _Builder(documents, curated, parallel, scanned, fields, progress).build()


@dataclass(slots=True)
class DocumentFields:
    """Per document, in display order: its language, and the labels and texts of its name fields
    (`Document.name_fields`). Pass two reads them by document; a build makes them while it waits
    for its other process anyway (a third of a second at 100k documents)."""

    languages: list[str | None]
    labels: list[list[str]]
    texts: list[list[str]]


def document_fields(documents: Sequence[Document]) -> DocumentFields:
    fields = DocumentFields([], [], [])
    for document in documents:
        named = document.name_fields()
        fields.languages.append(document.language)
        fields.labels.append([label for label, _ in named])
        fields.texts.append([text for _, text in named])
    return fields


def _no_progress(_part: str, _done: int, _total: int) -> None:
    pass


_consume = deque(maxlen=0).extend
"""Runs an iterator of C calls for their effect."""

_FIELD_MASK = (1 << FIELD_BITS) - 1
_START_MASK = (1 << START_BITS) - 1
_PICKED_APART = 8
"""People sharing a surname in one group up to which their occurrences are picked out in C, one
pass each; more take one pass in Python."""

WEIGH_APART_MIN = 70_000
"""Mentions to weigh (`_Builder._weigh_context`) from which a forked child weighs them all, when a
core is idle, while this process packs every name's mentions (which takes a little longer): below,
the fork costs more than it saves."""
_WEIGH_PATIENCE = 60.0
"""Seconds to wait for the weighing child before weighing here (it takes a few at most)."""

_ROMANCE = frozenset({"it", "es", "pt"})
_ELIDING = frozenset({"fr", "it", "ca"})
"""Languages whose `L'`/`D'` at the start of a sentence is an article or preposition."""

# What a lone capitalised word needs to be believed (`_Builder._support`).
_NEVER, _ALWAYS, _IF_COORDINATED, _IF_REPORTED = "never", "always", "if coordinated", "if reported"


@dataclass(slots=True)
class _Found:
    """A name being assembled: its mentions and the evidence about its kind."""

    key: str
    surfaces: Counter = field(default_factory=Counter)
    mentions: list[int] = field(default_factory=list)
    """Each `(where it starts) << MENTION_SHIFT | length << SURFACE_BITS | surface number`, where it
    starts being an occurrence's int (`reader.name_scan.Occurrence`) moved to the name's start:
    sorting and deduplicating them sorts and deduplicates the mentions (a surface is the text at
    its place), and a group of occurrences becomes mentions in two C-level `map`s."""
    person_votes: int = 0
    org_votes: int = 0
    given_first: bool = False
    org_shape: bool = False
    after_article: int = 0
    after_locative: int = 0


class _Builder:
    def __init__(self, documents: Sequence[Document], curated: Curated | None, parallel: bool | None = None,
                 scanned: Scanner | None = None, fields: DocumentFields | None = None,
                 progress: NamesProgress | None = None) -> None:
        self.documents = list(documents)
        self._progress = progress or _no_progress
        self._fields = fields
        """Made ahead (`document_fields`), or None: made when the build starts."""
        self.parallel = parallel
        self.curated = curated or Curated()
        self.curated_keys: dict[str, CuratedName] = {}
        for entry in self.curated.names:
            self.curated_keys[name_key(entry.name)] = entry
            for alias in entry.aliases:
                self.curated_keys.setdefault(name_key(alias), entry)
        self.scanned = scanned is not None
        self.scanner = scanned if scanned is not None else Scanner()
        self.planner = Planner(self.scanner, self.curated, self.curated_keys)
        self.languages: list[str | None] = []
        self.field_texts: list[list[str]] = []
        self.field_labels: list[list[str]] = []
        self.found: dict[str, _Found] = {}
        self._found_by_key: dict[str, _Found | Literal[False]] = {}
        """`_find` of each key accepted so far: most names are accepted many times."""
        self.person_surnames: dict[str, set[str]] = defaultdict(set)
        """Surname -> full names of the people who have it, over the corpus."""
        self.doc_surnames: dict[str, dict[int, str]] = defaultdict(dict)
        """Surname -> document -> the full name it stands for in that document. By surname first:
        a group's occurrences are looked up, and registered, by their documents alone, in C."""
        self._supports: dict[tuple[Token, int, bool], object] = {}
        """`_judge_support` by word, SHOUTING flag and German or not."""
        self._shouting = 0
        """The SHOUTING flag of the group being resolved (its occurrences all share it)."""
        self._surface_numbers: dict[str, int] = {}
        self._surfaces: list[str] = []
        """Every surface a mention has, by number (the low bits of a mention's int)."""

    def build(self) -> NameIndex:
        scanner = self.scanner
        fields = self._fields if self._fields is not None else document_fields(self.documents)
        if len(fields.texts) != len(self.documents):
            raise ValueError("name fields of other documents")
        self.languages, self.field_labels, self.field_texts = fields.languages, fields.labels, fields.texts
        if not self.scanned:
            to_scan = [(order, field_index, text, language)
                       for order, (texts, language) in enumerate(zip(self.field_texts, self.languages))
                       for field_index, text in enumerate(texts)]
            scan_all(scanner, to_scan, parallel=self.parallel)
        scanner.finish()
        progress = self._progress
        progress("scan", 1, 1)
        # Names that stand on their own first; then runs that may be two names touching; then
        # what needs their support (lone surnames, sentence-initial words, Title Case headings).
        # Each group of occurrences shares its run and the way it stands, so one plan serves all.
        later: dict[str, list[tuple[list[Occurrence], Plan, int]]] = defaultdict(list)
        # Planning the groups takes about half of resolving; what needs support, the other half.
        planned, to_plan = 0, 2 * sum(map(len, scanner.groups.values()))
        for language, groups in scanner.groups.items():
            for signature, occurrences in groups.items():
                planned += 1
                if not planned & 4095:
                    progress("resolve", planned, to_plan)
                for plan in self.planner.plans_for(signature, language):
                    if plan.status == "strong":
                        self._accept_all(occurrences, plan)
                    elif plan.status != "drop":
                        later[plan.status].append((occurrences, plan, signature & SHOUTING))
        statuses = ("multi", "mid", "weak", "cpart", "known", "surname", "elided", "compound")
        for number, status in enumerate(statuses):
            progress("resolve", len(statuses) + number, 2 * len(statuses))
            for occurrences, plan, self._shouting in later.pop(status, ()):
                if status == "surname" and plan.key not in self.person_surnames:
                    continue  # `The`, `Het`: no document has a person of that surname
                if status in ("mid", "weak"):
                    self._resolve_group(occurrences, plan)
                    continue
                for occurrence in occurrences:
                    self._resolve(occurrence, plan)
        for groups in later.values():
            for occurrences, plan, self._shouting in groups:
                for occurrence in occurrences:
                    self._resolve(occurrence, plan)
        return self._finish()

    # Cutting runs into candidate names -----------------------------------------------------------

    def _supported(self, occurrence: Occurrence, token: Token) -> bool:
        """A lone capitalised word with no standing of its own: believe it with outside support."""
        verdict = self._support(token, self._shouting, self.languages[occurrence >> ORDER_SHIFT] == "de")
        if verdict is not _IF_REPORTED and verdict is not _IF_COORDINATED:
            return verdict is _ALWAYS
        if occurrence in self.scanner.coordinated:
            return True
        if verdict is _IF_COORDINATED:
            return False
        order, field_index, start = unpack(occurrence)
        return _reported(self.field_texts[order][field_index], start + token.end)

    def _supported_each(self, occurrences: list[Occurrence], token: Token) -> Iterator[bool]:
        """`_supported` of each occurrence of a group, lazily: what the group shares is judged once,
        and a group of lone words is often thousands of sentence starts, none supported."""
        verdict = self._support(token, self._shouting, self.languages[occurrences[0] >> ORDER_SHIFT] == "de")
        if verdict is not _IF_REPORTED and verdict is not _IF_COORDINATED:
            return repeat(verdict is _ALWAYS, len(occurrences))
        coordinated = map(self.scanner.coordinated.__contains__, occurrences)
        if verdict is _IF_COORDINATED:
            return coordinated
        texts = map(getitem, map(self.field_texts.__getitem__, map(rshift, occurrences, repeat(ORDER_SHIFT))),
                    map(and_, map(rshift, occurrences, repeat(START_BITS)), repeat(_FIELD_MASK)))
        ends = map(add, map(and_, occurrences, repeat(_START_MASK)), repeat(token.end))
        return map(or_, coordinated, map(_reported, texts, ends))

    def _support(self, token: Token, shouting: int, german: bool) -> object:
        """What `_supported` asks of an occurrence of `token` beyond how the whole group stands
        (every occurrence of a group has the same `shouting` and language): judged once."""
        verdict = self._supports.get((token, shouting, german))
        if verdict is None:
            verdict = self._supports[(token, shouting, german)] = self._judge_support(token, shouting, german)
        return verdict

    def _judge_support(self, token: Token, shouting: int, german: bool) -> object:
        key = token.key
        if key in lex.PRODUCTS or key in lex.PLACES or len(token.text) == 1 or self.planner.common(key):
            return _NEVER
        shaped = (is_acronym(token.text) or is_camel(token.text)) and not shouting
        reliable = self.scanner.reliable[key]
        if german and not shaped and reliable == 0:
            return _NEVER
        if reliable > 0 or (shaped and key not in lex.COMMON_ACRONYMS):
            return _ALWAYS
        lower = self.scanner.lower_counts[key]
        if token.flags & POSSESSIVE and lower == 0:
            return _ALWAYS  # `Nvidia's shares rose`: common nouns seldom open a sentence with 's
        # Otherwise only joined to another name by `and`, or, for a word never written in lower
        # case that is no plural, with a reporting verb after it.
        return _IF_COORDINATED if key.endswith("s") or lower != 0 else _IF_REPORTED

    # Accepting and resolving ---------------------------------------------------------------------

    def _found(self, plan: Plan, target: str | None) -> _Found | None:
        key = target or plan.key
        found = self._found_by_key.get(key)
        if found is None:
            found = self._found_by_key[key] = self._find(key)
        if found is False:
            return None
        if plan.first_given:
            found.given_first = True
        if plan.org_shape:
            found.org_shape = True
        return found

    def _find(self, key: str) -> _Found | Literal[False]:
        """The name a key counts for (a curated alias counts for its name), or False if ignored."""
        entry = self.curated_keys.get(key)
        if entry is not None:
            key = name_key(entry.name)
        if key in self.curated.ignore:
            return False
        found = self.found.get(key)
        if found is None:
            found = self.found[key] = _Found(key)
        return found

    def _accept_all(self, occurrences: list[Occurrence], plan: Plan) -> None:
        found = self._found(plan, None)
        if found is None:
            return
        found.surfaces[plan.surface] += len(occurrences)
        found.mentions.extend(map(add, map(lshift, occurrences, repeat(MENTION_SHIFT)), repeat(self._mention_tail(plan, plan.surface, 0))))
        if plan.register is not None:
            # `_register` for each occurrence, in two passes: the surname and the last word are
            # different keys, so the order between them does not matter.
            surname, last = plan.register
            key = found.key
            orders = list(map(rshift, occurrences, repeat(ORDER_SHIFT)))
            self.person_surnames[surname].add(key)
            self.doc_surnames[surname].update(zip(orders, repeat(key)))
            if last is not None:
                self.person_surnames[last].add(key)
                # `setdefault` for each: only the documents without a person of that name yet.
                in_documents = self.doc_surnames[last]
                in_documents.update(zip(filterfalse(in_documents.__contains__, orders), repeat(key)))

    def _mention_tail(self, plan: Plan, surface: str, trim: int) -> int:
        """What a mention of `plan` adds to its occurrence shifted by `MENTION_SHIFT`: the plan's
        offset in the run, its length and the number of its surface."""
        return plan.start << MENTION_SHIFT | (plan.end - trim - plan.start) << SURFACE_BITS | self._surface_number(surface)

    def _surface_number(self, surface: str) -> int:
        number = self._surface_numbers.get(surface)
        if number is None:
            number = self._surface_numbers[surface] = len(self._surfaces)
            self._surfaces.append(surface)
        return number

    def _accept(self, occurrence: Occurrence, plan: Plan, target: str | None = None, trim: int = 0) -> None:
        found = self._found(plan, target)
        if found is None:
            return
        surface = plan.surface[:-1] if trim else plan.surface
        found.surfaces[surface] += 1
        found.mentions.append((occurrence << MENTION_SHIFT) + self._mention_tail(plan, surface, trim))
        if target is None and plan.register is not None:
            self._register(occurrence >> ORDER_SHIFT, found.key, plan.register)

    def _register(self, order: int, key: str, register: tuple[str, str | None]) -> None:
        surname, last = register
        self.person_surnames[surname].add(key)
        self.doc_surnames[surname][order] = key
        if last is not None:
            self.person_surnames[last].add(key)
            self.doc_surnames[last].setdefault(order, key)

    def _accept_part(self, occurrence: Occurrence, start: int, end: int, surface: str, target: str) -> None:
        found = self.found[target]
        found.surfaces[surface] += 1
        found.mentions.append((occurrence + start) << MENTION_SHIFT | (end - start) << SURFACE_BITS | self._surface_number(surface))

    def _resolve_group(self, occurrences: list[Occurrence], plan: Plan) -> None:
        """`_resolve` for every occurrence of a lone-word plan (mid, weak), at once when no person
        has the word as surname: what it stands for cannot then depend on the document."""
        key = plan.key
        token = plan.single
        surnames = self.person_surnames
        trimmed = key[:-1] if key.endswith("s") and len(key) > 3 else None
        if (plan.whole is not None or token is None or plan.register is not None or key in surnames
                or (trimmed is not None and trimmed in surnames)):
            if plan.whole is not None or plan.register is not None:
                for occurrence in occurrences:
                    self._resolve(occurrence, plan)
                return
            # A surname: the person named in full in the document when there is one (`_lookup`
            # first). Those are accepted together, afterwards: they only add mentions to names
            # that exist, so the other occurrences resolve as they would have.
            people = self.doc_surnames.get(key)
            if people is None:
                persons = [None] * len(occurrences)
            else:
                persons = list(map(people.get, map(rshift, occurrences, repeat(ORDER_SHIFT))))
            for occurrence in compress(occurrences, map(is_, persons, repeat(None))):
                self._resolve(occurrence, plan)
            in_documents: dict[str, list[Occurrence]] = dict.fromkeys(persons)
            in_documents.pop(None, None)
            if len(in_documents) <= _PICKED_APART:
                for person in in_documents:
                    in_documents[person] = list(compress(occurrences, map(eq, persons, repeat(person))))
            else:  # many people share the surname: one pass, not one per person
                in_documents = defaultdict(list)
                for occurrence, person in zip(occurrences, persons):
                    if person is not None:
                        in_documents[person].append(occurrence)
            for person, found_in_documents in in_documents.items():
                self._accept_many(found_in_documents, plan, person, 0)
            return
        target, trim = self._lookup(-1, key), 0  # document -1: no document's surnames
        if target is None and trimmed is not None:
            target = self._lookup(-1, trimmed)
            trim = 1 if target is not None else 0
        if target is not None:
            self._accept_many(occurrences, plan, target, trim)
        elif plan.status == "mid":
            if not self.planner.common(token.key) and not _starts_with_org_keyword(token.key):
                # The first is accepted as itself, the others then as the name it made.
                self._accept_many(occurrences, plan, None, 0)
        else:
            for number in compress(count(), self._supported_each(occurrences, token)):
                self._accept(occurrences[number], plan)
                if key in self.found:  # what `_lookup` finds for all the others
                    self._accept_many(occurrences[number + 1 :], plan, key, 0)
                    return

    def _accept_many(self, occurrences: list[Occurrence], plan: Plan, target: str | None, trim: int) -> None:
        """`_accept` for each occurrence of a plan without a surname to register."""
        if not occurrences:
            return
        found = self._found(plan, target)
        if found is None:
            return
        surface = plan.surface[:-1] if trim else plan.surface
        found.surfaces[surface] += len(occurrences)
        found.mentions.extend(map(add, map(lshift, occurrences, repeat(MENTION_SHIFT)), repeat(self._mention_tail(plan, surface, trim))))

    def _in_document(self, order: int, surname: str) -> str | None:
        """The person a surname stands for in the document at `order`, if it names one."""
        people = self.doc_surnames.get(surname)
        return people.get(order) if people is not None else None

    def _lookup(self, order: int, key: str) -> str | None:
        """The name a surface form stands for: a person's surname in this document, a known name,
        or the only person in the corpus with that surname."""
        in_document = self._in_document(order, key)
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

    def _resolve(self, occurrence: Occurrence, plan: Plan) -> None:
        status = plan.status
        order = occurrence >> ORDER_SHIFT
        if status == "compound":
            for start, end, key, surface in plan.parts:
                target = self._lookup(order, key)
                if target is not None and target in self.found:
                    self._accept_part(occurrence, start, end, surface, target)
            return
        if status == "surname":
            target = self._in_document(order, plan.key)
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
                person = self._in_document(order, left.key) or self._in_document(order, right.key)
                if (person or plan.particle) and self._lookup(order, left.key) and self._lookup(order, right.key):
                    self._resolve(occurrence, left)
                    self._resolve(occurrence, right)
                    return
            self._accept(occurrence, plan)
            return
        if plan.whole is not None:
            target = self._in_document(order, plan.whole.key)
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
            if token is not None and not self.planner.common(token.key) and not _starts_with_org_keyword(token.key):
                self._accept(occurrence, plan)
        elif status == "strong":
            self._accept(occurrence, plan)

    # Names -----------------------------------------------------------------------------------

    def _finish(self) -> NameIndex:
        self._progress("pack", 0, 1)
        self._merge_short_company_names()
        # Only names whose shape leaves their kind open are weighed by the words around them.
        # Nothing else waits for that: with many mentions to read, a forked child reads them while
        # this process packs every name's mentions. (It reads them more slowly than this process
        # would, as each page it touches is copied; packing still takes longer. At 100k documents
        # a child weighing 70% left this process 0.4 s of weighing after its packing.)
        to_weigh = [found for key, found in self.found.items()
                    if not found.org_shape and not found.given_first and key not in self.curated_keys]
        weighing = self._weigh_in_child(to_weigh)
        packed = {key: _pack(found.mentions) for key, found in self.found.items()}
        self._progress("pack", 2, 4)
        votes = (_weighed(weighing) if weighing is not None else None) or list(map(self._weigh_context, to_weigh))
        self._progress("pack", 3, 4)
        for found, (after_article, after_locative, person_votes, org_votes) in zip(to_weigh, votes):
            found.after_article += after_article
            found.after_locative += after_locative
            found.person_votes += person_votes
            found.org_votes += org_votes
        person_names = {key for people in self.person_surnames.values() for key in people}
        document_ids = [document.id for document in self.documents]
        labels = self.field_labels
        made: list[tuple[int, Name, Counter]] = []
        keys: dict[str, Name] = {}
        for key, found in self.found.items():
            entry = self.curated_keys.get(key)
            kind = self._kind(found, entry, key in person_names and _surname_used(found))
            if entry is None and not (found.org_shape or found.given_first or found.person_votes) and self._not_a_name(found):
                continue
            canonical = entry.name if entry is not None else _canonical(found)
            curated_aliases = set(entry.aliases) if entry is not None else set()
            aliases = tuple(sorted({surface for surface in found.surfaces if surface != canonical} | curated_aliases))
            count, mentions, counts = packed[key]
            name = compact_name(canonical, kind, aliases, mentions, self._surfaces, document_ids, labels)
            made.append((count, name, counts))
            keys[key] = name
        for _, name, _ in made:
            for alias in name.aliases:
                keys.setdefault(name_key(alias), name)
        # People are also found under their surname when it is theirs alone.
        for surname, people in self.person_surnames.items():
            if len(people) == 1 and surname not in keys:
                person = keys.get(next(iter(people)))
                if person is not None:
                    keys[surname] = person
        made.sort(key=lambda item: (-item[0], item[1].name.casefold()))
        names = [name for _, name, _ in made]
        # Per document: most mentioned first, ties in the order of `names` (a stable sort). Half a
        # million (name, count) pairs at 100,000 documents: appended in C, each to its document's list.
        per_document: dict[int, list[tuple[Name, int]]] = defaultdict(list)
        for _, name, counts in made:
            _consume(map(list.append, map(per_document.__getitem__, counts), zip(repeat(name), counts.values())))
        by_document = {}
        for order, entries in per_document.items():
            entries.sort(key=itemgetter(1), reverse=True)
            by_document[document_ids[order]] = tuple(chain.from_iterable(entries))
        self._progress("pack", 1, 1)
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

    def _weigh_in_child(self, to_weigh: list[_Found]) -> Forked | None:
        """A child weighing `to_weigh` (`_weigh_context` of each), when that is worth a process."""
        if self.parallel is False or not can_fork() or sum(len(found.mentions) for found in to_weigh) < WEIGH_APART_MIN:
            return None
        # Asked now even when told to use two cores: a child sharing a busy core with this
        # process made the names a second slower, where one on its own saves a third of one.
        if not idle_core():
            return None
        try:
            return Forked(_weigh_all, self, to_weigh)
        except Exception:  # noqa: BLE001 - no memory for a child, or fork refused: weigh here
            return None

    def _weigh_context(self, found: _Found) -> tuple[int, int, int, int]:
        """Read the words around each mention: roles before (`premier`), `, who` or a speech verb
        after, articles and place prepositions before. Only for names whose shape leaves their kind
        open, so that the common names cost nothing here. The votes: after an article, after a
        place preposition, for a person, for an organisation."""
        # Counted in locals and the word lists bound once: this runs for tens of thousands of
        # mentions (`Microsoft` is neither CamelCase nor led by a given name).
        texts, languages = self.field_texts, self.languages
        articles, locatives, romance_locatives = lex.ARTICLES, lex.LOCATIVES, lex.LOCATIVES_ROMANCE
        person_before, org_before, person_after, speech = lex.PERSON_CUES_BEFORE, lex.ORG_CUES_BEFORE, lex.PERSON_CUES_AFTER, lex.SPEECH_VERBS
        title_suffixes = lex.TITLE_SUFFIXES
        field_mask, start_mask, length_mask = (1 << FIELD_BITS) - 1, (1 << START_BITS) - 1, (1 << MENTION_SHIFT - SURFACE_BITS) - 1
        after_article = after_locative = person_votes = org_votes = 0
        for mention in found.mentions:
            position = mention >> MENTION_SHIFT
            order = position >> ORDER_SHIFT
            start = position & start_mask
            text = texts[order][position >> START_BITS & field_mask]
            previous = word_before(text, start)
            comma, following = word_after(text, start + (mention >> SURFACE_BITS & length_mask))
            if previous in articles:
                after_article += 1
                org_votes += 1  # `il Corriere della Sera`, `the Wall Street Journal`
            if previous in locatives or (previous in romance_locatives and languages[order] in _ROMANCE):
                after_locative += 1
            if previous in person_before or (len(previous) > 7 and previous.endswith(title_suffixes)):
                person_votes += 1
            elif previous in org_before:
                org_votes += 1
            if (following in person_after) if comma else (following in speech):
                person_votes += 1
        return after_article, after_locative, person_votes, org_votes

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


def _weigh_all(_report: object, builder: _Builder, to_weigh: list[_Found]) -> list[tuple[int, int, int, int]]:
    return list(map(builder._weigh_context, to_weigh))


def _weighed(weighing: Forked) -> list[tuple[int, int, int, int]] | None:
    """What the child weighed, or None if it failed (then this process weighs)."""
    try:
        return weighing.result(patience=_WEIGH_PATIENCE)
    except ChildFailed:
        return None
    finally:
        weighing.stop()


def _pack(mentions: list[int]) -> tuple[int, bytes, Counter[int]]:
    """A name's mentions packed (`reader.name_mentions.pack`): how many, the bytes, and how many
    in each document."""
    mentions = _sorted_unique(mentions)
    packed = pack(mentions)
    return len(mentions), packed, Counter(packed_orders(packed))


def _reported(text: str, end: int) -> bool:
    """`Bloomberg reported ...`: a reporting verb after a word that is never written in lower
    case (a plural, `Analysts said`, never gets this far)."""
    comma, following = word_after(text, end)
    return not comma and following in lex.NEWS_VERBS


def _sorted_unique(mentions: list[int]) -> list[int]:
    """`sorted(set(mentions))`, sorting the list itself: a set scatters the runs of sorted
    mentions that each group added, and sorting what it gives costs three times as much."""
    mentions.sort()
    if any(map(eq, mentions, islice(mentions, 1, None))):  # none expected: each span is accepted once
        mentions = list(dict.fromkeys(mentions))
    return mentions


def _surname_used(found: _Found) -> bool:
    """A full name also written shorter (`Altman` for `Sam Altman`): how people are written about."""
    words = len(found.key.split())
    return words >= 2 and any(len(name_key(surface).split()) < words for surface in found.surfaces)


def _canonical(found: _Found) -> str:
    # The full form the name is known by; among its spellings the most frequent, capitals from a
    # shouting headline (`SAM ALTMAN`) last.
    return max(
        found.surfaces.items(),
        key=lambda item: (name_key(item[0]) == found.key, " " not in item[0] or not item[0].isupper(), item[1], item[0]),
    )[0]


def _starts_with_org_keyword(key: str) -> bool:
    # `Kamerleden`, `Commissievoorzitter`: compounds of an institution's name are common nouns.
    return any(key[:length] in lex.ORG_KEYWORDS for length in range(4, len(key) - 3))


