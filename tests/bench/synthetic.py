"""A deterministic synthetic corpus for the benchmarks: N news articles in the raw formats of `corpus/`.

    >>> from tests.bench.synthetic import write_corpus, cached_corpus
    >>> write_corpus("/tmp/corpus-10k", 10_000, seed=0)      # writes the files, returns their metadata
    >>> folder = cached_corpus(10_000)                        # the same, generated once per machine

The mix follows the shipped corpus and the development set: format A (` date YYYY-MM ` glued to the first
line, no title line), format B (two blank lines, a title, a subtitle, Markdown links to `#`), format C
(YAML front matter only: title, excerpt, publishedDateTime, provider, topics, related) and plain text;
Dutch, French and English; a few files with CRLF line ends, a BOM or cp1252. People come from given name x
surname lists (particles, apostrophes and diacritics included) and organisations from stems x suffixes,
a few thousand in all, drawn with a Zipf-like skew so that a handful (Sam Altman, OpenAI, ...) are
everywhere, as in the real corpus. After the first full mention a person is often named by surname alone,
with possessive (`Altmans`, `Altman's`) and elided (`d'OpenAI`, `l'OpenAI`) forms.

Same `n` and `seed`, same bytes: the generator uses its own `random.Random` and no clock.
Run `python -m tests.bench.synthetic FOLDER N [--seed S]` to write one from the command line.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import os
import random
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SyntheticDocument", "generate", "write_corpus", "cached_corpus", "people", "organisations"]

GIVEN_NAMES = """Sam Ilya Satya Adam Helen Mira Greg Emmett Elon Tasha Jan Pieter Sanne Femke Daan Lotte Bram
Anouk Joost Eline Ruben Fleur Sven Marieke Thijs Ilse Wouter Noor Jeroen Émilie Chloé Léa Théo Hélène
Jérôme François Amélie Gaëlle Benoît Céline Mathis Manon Anaïs Noël Zoé Jürgen Jörg Müge Björn Søren
Ingrid Kai Lena Marco Giulia Paolo Chiara Lucía José Ana Pablo Sofía Mateo Grace David Sarah Michael
Emily James Olivia Daniel Laura Kevin Priya Arjun Mei Wei Yuki Hiroshi Fatima Omar Amina Kwame Siobhan
Aoife Seán Niamh Dario Demis Mustafa Fei-Fei Geoffrey Yann Yoshua Andrej Jakub Lina""".split()

_SURNAME_TEXT = """Altman|Sutskever|Nadella|D'Angelo|Toner|Murati|Brockman|Shear|Musk|McCauley|Jansen|de Vries|
van den Berg|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Dijk|Dekker|
Brouwer|de Wit|Dijkstra|Smits|de Graaf|van der Meer|van der Linden|Kok|Jacobs|Vermeulen|Van den Berghe|
Dubois|Lefèvre|Moreau|Laurent|Girard|Bonnet|Dupont|Lambert|Fontaine|Rousseau|Chevalier|Mercier|Blanc|
Guérin|Faure|André|Leroy|d'Estaing|de la Tour|Müller|Schmidt|Schneider|Fischer|Weber|Wagner|Becker|
Hoffmann|Schäfer|von der Leyen|Koch|Richter|Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|García|López|
Martínez|Sánchez|Pérez|Smith|Johnson|Williams|Brown|Jones|Miller|Davis|Wilson|Taylor|Anderson|Thomas|
O'Brien|O'Neill|McCarthy|Kennedy|Li|Wang|Zhang|Chen|Liu|Tanaka|Suzuki|Sato|Khan|Patel|Singh|Okafor|
Mensah|Hassabis|Suleyman|Amodei|LeCun|Bengio|Hinton|Karpathy|Nakamura|Lindqvist|Andersen|Nieminen"""
SURNAMES = [part.strip() for part in _SURNAME_TEXT.replace("\n", "").split("|")]

# The people every article about OpenAI names; they come first so the skew favours them.
FAMOUS_PEOPLE = [
    "Sam Altman", "Ilya Sutskever", "Satya Nadella", "Adam D'Angelo", "Helen Toner", "Mira Murati",
    "Greg Brockman", "Emmett Shear", "Elon Musk", "Tasha McCauley", "Demis Hassabis", "Mustafa Suleyman",
    "Dario Amodei", "Yann LeCun", "Geoffrey Hinton", "Fei-Fei Li", "Andrej Karpathy", "Ursula von der Leyen",
]
FAMOUS_ORGANISATIONS = [
    "OpenAI", "Microsoft", "Google", "Anthropic", "Meta", "Nvidia", "Apple", "Amazon", "DeepMind",
    "Mistral AI", "Tesla", "xAI", "Hugging Face", "ASML", "Europese Commissie", "AMD", "Intel", "Samsung",
]
ORGANISATION_STEMS = """Nord Helix Quantum Aster Vega Orion Lumen Atlas Nimbus Kestrel Boreal Cobalt Delta Ember
Fjord Granite Harbor Iris Juniper Kinetic Lattice Meridian Nova Onyx Polar Quill Rivet Summit Tandem Umbra
Vertex Willow Xenon Yarrow Zephyr Alpen Baltic Cirrus Dune Echo Falcon Glacier Horizon Indigo Jade
Keystone Lynx Mosaic Nebula Opal Prism Quasar Rune Solstice Tidal Ultra Vireo Wren""".split()
ORGANISATION_SUFFIXES = ["AI", "Labs", "Systems", "Robotics", "Capital", "Ventures", "Technologies",
                         "Research", "Analytics", "Cloud", "Networks", "Bank", "Media", "Group", "Partners"]

SOURCES = ["The New York Times", "NRC", "de Volkskrant", "Le Monde", "Les Echos", "The Verge", "Tweakers",
           "NOS", "Le Figaro", "Wired", "Bloomberg", "Reuters", "The Guardian", "Business Insider",
           "Financial Times", "De Tijd", "Libération", "TechCrunch", "Het Financieele Dagblad", "Ars Technica"]


def people(seed: int = 0, count: int = 3000) -> list[str]:
    """The person pool: the famous names first, then given name x surname pairs in a seeded order."""
    pairs = [f"{given} {surname}" for given, surname in itertools.product(GIVEN_NAMES, SURNAMES)]
    random.Random(seed).shuffle(pairs)
    pool = list(FAMOUS_PEOPLE)
    known = set(pool)
    pool.extend(pair for pair in pairs if pair not in known)
    return pool[:count]


def organisations(seed: int = 0, count: int = 600) -> list[str]:
    """The organisation pool: the famous ones first, then stem x suffix pairs in a seeded order."""
    pairs = [f"{stem} {suffix}" for stem, suffix in itertools.product(ORGANISATION_STEMS, ORGANISATION_SUFFIXES)]
    random.Random(seed + 1).shuffle(pairs)
    return (FAMOUS_ORGANISATIONS + pairs)[:count]


def _surname(person: str) -> str:
    given, _, surname = person.partition(" ")
    return surname


def _elide(organisation: str, article: str) -> str:
    """French `de`/`le` before a vowel: `d'OpenAI`, `l'OpenAI`."""
    if organisation[0].lower() in "aeiouyhé":
        return f"{article[0]}'{organisation}"
    return f"{article} {organisation}"


def _possessive(surname: str, language: str, rng: random.Random) -> str:
    if language == "nl":
        return f"{surname}'" if surname[-1] in "sxz" else f"{surname}s"  # Altmans, Musk', Hintons
    if language == "en":
        return f"{surname}'" if surname.endswith("s") else rng.choice([f"{surname}'s", f"{surname}\u2019s"])
    return surname


TITLES = {
    "en": [
        "{p} leaves {o} after boardroom clash", "{o} board ousts {p}", "Inside {o}'s crisis over the future of AI",
        "{p} returns to {o} as chief executive", "{o} and {o2} sign a cloud deal worth billions",
        "Why {p} bet on {o}", "{p} warns regulators about {o2}", "The week {o} nearly fell apart",
        "{o} hires {p} to lead research", "{p} and {p2} clash over safety at {o}",
    ],
    "nl": [
        "{p} vertrekt bij {o} na ruzie met het bestuur", "Bestuur van {o} zet {p} op straat",
        "{o} en {o2} sluiten miljardendeal", "{p} keert terug bij {o}", "Waarom {p} alles inzet op {o}",
        "{p} waarschuwt voor de macht van {o2}", "Vijf dagen chaos bij {o}", "{o} haalt {p} binnen",
    ],
    "fr": [
        "{p} quitte {o} après un conflit avec le conseil", "Le conseil {de_o} évince {p}",
        "{p} reprend les rênes {de_o}", "{o} et {o2} signent un accord à plusieurs milliards",
        "Pourquoi {p} mise tout sur {o}", "{p} met en garde contre {o2}", "Cinq jours de crise chez {o}",
    ],
}
SENTENCES = {
    "en": [
        "{p} told staff at {o} that the company would keep its mission.", "The board of {o} met on Friday without {s}.",
        "{S} said the decision surprised investors at {o2}.", "{Sposs} departure shocked employees.",
        "According to people close to {s}, talks with {o2} continued through the weekend.",
        "{o} declined to comment on {Sposs} plans.", "Analysts at {o2} expect more changes at {o}.",
        "Nearly all employees signed a letter supporting {s}.", "{p2} joined the call from London.",
    ],
    "nl": [
        "{p} liet het personeel van {o} weten dat de koers niet verandert.", "Het bestuur van {o} vergaderde vrijdag zonder {s}.",
        "{S} zegt dat de beslissing investeerders van {o2} verraste.", "{Sposs} vertrek kwam als een schok.",
        "Volgens ingewijden rond {s} gingen de gesprekken met {o2} het hele weekend door.",
        "{o} wil niet reageren op de plannen van {s}.", "Analisten van {o2} verwachten meer veranderingen bij {o}.",
        "Bijna alle werknemers tekenden een brief voor {s}.", "Ook {p2} schoof aan bij het overleg.",
    ],
    "fr": [
        "{p} a assuré aux salariés {de_o} que la mission ne changerait pas.", "Le conseil {de_o} s'est réuni vendredi sans {s}.",
        "{S} affirme que la décision a surpris les investisseurs {de_o2}.", "Le départ de {s} a choqué les employés.",
        "Selon des proches de {s}, les discussions avec {o2} se sont poursuivies tout le week-end.",
        "Les analystes {de_o2} attendent d'autres changements chez {o}.", "{p2} a rejoint la réunion depuis Paris.",
        "Presque tous les employés ont signé une lettre de soutien à {s}.", "La stratégie {de_o} inquiète {p2}.",
    ],
}
HEADINGS = {"en": ["Friday", "The aftermath", "What comes next"], "nl": ["Vrijdag", "De nasleep", "Hoe nu verder"],
            "fr": ["Vendredi", "Les suites", "Et maintenant"]}
SUBTITLES = {"en": "What happened at {o}", "nl": "Wat er gebeurde bij {o}", "fr": "Retour sur la crise {de_o}"}


@dataclass(slots=True)
class SyntheticDocument:
    """One generated file and what the generator meant by it (for checks without the loader)."""

    path: str
    """Relative POSIX path inside the corpus folder."""
    raw: bytes
    format: str
    """`A`, `B`, `C` or `plain`."""
    language: str
    title: str | None
    """The explicit title (B and C); None where the reader has to derive one."""
    date: str | None
    source: str | None
    names: list[str] = field(default_factory=list)
    """People and organisations the text mentions, most mentioned first."""


class _Skewed:
    """Draws from a pool with a Zipf-like skew (weight 1/(rank+3)), by bisect on cumulative weights."""

    def __init__(self, pool: list[str]) -> None:
        self.pool = pool
        self.cumulative = list(itertools.accumulate(1.0 / (rank + 3) for rank in range(len(pool))))

    def draw(self, rng: random.Random) -> str:
        point = rng.random() * self.cumulative[-1]
        return self.pool[min(bisect.bisect_left(self.cumulative, point), len(self.pool) - 1)]


def _fill(template: str, language: str, cast: dict[str, str], rng: random.Random) -> str:
    surname = _surname(cast["p"])
    values = dict(cast)
    values.update(
        s=surname if rng.random() < 0.7 else cast["p"],
        S=surname,
        Sposs=_possessive(surname, language, rng),
        de_o=_elide(cast["o"], "de") if language == "fr" else cast["o"],
        de_o2=_elide(cast["o2"], "de") if language == "fr" else cast["o2"],
    )
    text = template.format(**values)
    return text[0].upper() + text[1:]


def _document(number: int, rng: random.Random, persons: _Skewed, orgs: _Skewed) -> SyntheticDocument:
    language = rng.choices(["nl", "fr", "en"], weights=[40, 30, 30])[0]
    fmt = rng.choices(["A", "B", "C", "plain"], weights=[45, 20, 20, 15])[0]
    cast = {"p": persons.draw(rng), "p2": persons.draw(rng), "o": orgs.draw(rng), "o2": orgs.draw(rng)}
    year, month, day = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
    title = _fill(rng.choice(TITLES[language]), language, cast, rng)
    paragraphs = []
    for paragraph in range(rng.randint(3, 7)):
        if paragraph and rng.random() < 0.4:  # a fresh supporting cast for this paragraph
            cast["p2"], cast["o2"] = persons.draw(rng), orgs.draw(rng)
        sentences = [_fill(rng.choice(SENTENCES[language]), language, cast, rng) for _ in range(rng.randint(2, 4))]
        if paragraph == 0:
            sentences[0] = _fill(f"{{p}} {'en' if language == 'nl' else 'et' if language == 'fr' else 'and'} {{o}}: "
                                 + rng.choice(SENTENCES[language]), language, cast, rng)
        paragraphs.append(" ".join(sentences))
    names = [cast["p"], cast["o"], cast["p2"], cast["o2"]]
    source = rng.choice(SOURCES)
    date: str | None = f"{year}-{month:02d}" if rng.random() < 0.8 else f"{year}-{month:02d}-{day:02d}"
    explicit_title: str | None = None
    if fmt == "A":
        if rng.random() < 0.5:
            paragraphs.insert(rng.randint(1, len(paragraphs)), rng.choice(HEADINGS[language]))
        text = f" date {date} " + "\n\n".join(paragraphs) + "\n"
        source = None
    elif fmt == "B":
        explicit_title = title
        linked = [_link_words(paragraph, rng) for paragraph in paragraphs]
        subtitle = _fill(SUBTITLES[language], language, cast, rng)
        text = f"\n\n{title}\n\n{subtitle}\n\n" + "\n\n".join(linked) + f"\n\nSource : [{source}](#)\n"
        date = None
    elif fmt == "C":
        explicit_title = title
        text = _front_matter(title, paragraphs, source, year, month, day, cast, language, rng)
        date = f"{year}-{month:02d}-{day:02d}"
    else:
        text = "\n\n".join(paragraphs) + "\n"
        date = source = None
    raw = _encode(text, rng)
    path = f"{number:06d}_{rng.getrandbits(64):016x}.{'md' if fmt == 'C' and rng.random() < 0.5 else 'txt'}"
    return SyntheticDocument(path, raw, fmt, language, explicit_title, date, source, names)


def _link_words(paragraph: str, rng: random.Random) -> str:
    words = paragraph.split(" ")
    if len(words) < 8:
        return paragraph
    start = rng.randint(1, len(words) - 4)
    end = start + rng.randint(2, 3)
    return " ".join([*words[:start], f"[{' '.join(words[start:end])}](#)", *words[end:]])


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _front_matter(title: str, paragraphs: list[str], source: str, year: int, month: int, day: int,
                  cast: dict[str, str], language: str, rng: random.Random) -> str:
    lines = [
        "---", "category: news", f"title: {_quoted(title)}", f"excerpt: {_quoted(paragraphs[0][:300])}",
        f"publishedDateTime: {year}-{month:02d}-{day:02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z",
        f'webUrl: "https://example.com/{year}/{month:02d}/{rng.getrandbits(32):08x}.html"',
        "type: article", f"quality: {rng.randint(10, 95)}", "", "provider:", f"  name: {source}",
        f"  domain: {source.lower().replace(' ', '')}.com", "", "topics:", "  - AI", f"  - {cast['o']}", "", "related:",
    ]
    for _ in range(rng.randint(1, 3)):
        related_cast = dict(cast, p2=cast["p"])
        lines += [
            f"  - title: {_quoted(_fill(rng.choice(TITLES[language]), language, related_cast, rng))}",
            f"    excerpt: {_quoted(_fill(rng.choice(SENTENCES[language]), language, related_cast, rng))}",
            f"    publishedDateTime: {year}-{month:02d}-{day:02d}T08:00:00Z",
            f'    webUrl: "https://example.org/{rng.getrandbits(32):08x}"',
            "    provider:", f"      name: {rng.choice(SOURCES)}",
        ]
    lines += ["---", ""]
    return "\n".join(lines)


def _encode(text: str, rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.03:
        return text.replace("\n", "\r\n").encode("utf-8")
    if roll < 0.04:
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if roll < 0.05:
        return text.encode("cp1252", errors="replace")
    return text.encode("utf-8")


def generate(n: int, seed: int = 0):
    """Yield `n` `SyntheticDocument`s, the same ones for the same `n` and `seed`."""
    rng = random.Random(seed)
    persons = _Skewed(people(seed))
    orgs = _Skewed(organisations(seed))
    for number in range(n):
        yield _document(number, rng, persons, orgs)


def write_corpus(folder: str | os.PathLike[str], n: int, seed: int = 0) -> list[SyntheticDocument]:
    """Write `n` generated files into `folder` (created if needed) and return what was written."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    documents = []
    for document in generate(n, seed):
        (root / document.path).write_bytes(document.raw)
        documents.append(document)
    return documents


BENCH_FOLDER = Path(tempfile.gettempdir()) / "openai-reader-bench"
"""Where the generated corpora, and the corpus cache of the benchmarks that load in-process, live."""


def use_bench_cache() -> None:
    """Point this process's corpus cache (and its children's) at the benchmarks' own folder, out of
    the user's: a 100k corpus caches 200 MB."""
    os.environ["XDG_CACHE_HOME"] = str(BENCH_FOLDER / "cache")


def cached_corpus(n: int, seed: int = 0, base: str | os.PathLike[str] | None = None) -> Path:
    """A generated corpus folder, written once and reused (`$TMPDIR/openai-reader-bench/n<N>-s<seed>`)."""
    root = Path(base or BENCH_FOLDER) / f"n{n}-s{seed}"
    done = root.with_name(root.name + ".complete")
    if not done.exists():
        partial = root.with_name(f"{root.name}.partial-{os.getpid()}")
        write_corpus(partial, n, seed)
        if root.exists():
            import shutil

            shutil.rmtree(root)
        partial.rename(root)
        done.touch()
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a deterministic synthetic corpus.")
    parser.add_argument("folder")
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args(argv)
    documents = write_corpus(arguments.folder, arguments.n, arguments.seed)
    size = sum(len(document.raw) for document in documents)
    print(f"{len(documents)} files, {size / 1e6:.1f} MB in {arguments.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
