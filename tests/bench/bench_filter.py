"""Filter and name-matching benchmark: per keystroke, ours against `fzf --filter` on the same titles.

    python -m tests.bench.bench_filter                       # 1k and 10k documents
    python -m tests.bench.bench_filter --sizes 10000 100000 --repeat 5

For each size a synthetic corpus is generated once (see `tests.bench.synthetic`) and loaded with the
project's loader and name index when they exist. Then `sutskever`, `altman` and `openai board` are typed
letter by letter from a blank filter, `--repeat` times. One keystroke of ours is `filter(prefix)` plus
building the first 50 hits with their title spans (a screenful); one keystroke of fzf is
`fzf --filter prefix` with every title on stdin, started fresh, as a shell pipeline would. Figures are the
median over keystrokes of each keystroke's median over the repeats, and the worst single run.
Name matching is timed the same way for a few name queries, and listing every mention of a name.
"""

from __future__ import annotations

import gc
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Sequence

from reader.model import Document, Mention, Name
from reader.search import DocumentFilter, NameMatcher
from tests.bench.common import run_sizes, size_parser
from tests.bench.synthetic import SyntheticDocument, cached_corpus, generate, use_bench_cache

FILTER_WORDS = ["sutskever", "altman", "openai board"]
NAME_WORDS = ["sutskvr", "altmn", "nadela", "dangelo"]
SCREENFUL = 50


class Corpus:
    """Documents, the names of each document, and the name list, however this checkout can provide them."""

    def __init__(self, n: int, seed: int, source: str = "store") -> None:
        self.how = ""
        self.store = None
        started = time.perf_counter()
        if source == "generator":
            generated = list(generate(n, seed))
            self.documents = [_document_from(document) for document in generated]
            self._names_from(generated, "the generator's metadata (no files, no loader)")
            self.load_seconds = time.perf_counter() - started
            return
        folder = cached_corpus(n, seed)
        try:
            from reader.store import Store

            self.store = Store.load(folder)
            self.documents = self.store.documents
            self.names = self.store.names
            self.names_by_document = {
                document.id: [name.name for name, _ in self.store.names_in(document.id)] for document in self.documents
            }
            self.how = "Store.load (loader + name index)"
            # As the interface does once a big corpus is loaded: otherwise the first keystrokes
            # pay for the cycle collector's full pass over a million new objects, not the filter.
            gc.collect()
            gc.freeze()
        except ImportError as error:
            self._without_store(folder, n, seed, error)
        self.load_seconds = time.perf_counter() - started

    def _without_store(self, folder, n: int, seed: int, error: ImportError) -> None:
        generated = {document.path: document for document in generate(n, seed)}
        try:
            from reader.loading import load_corpus

            self.documents = load_corpus(folder).documents
            self.how = f"load_corpus + the generator's names ({error.name} missing)"
        except ImportError:
            self.documents = [_document_from(document) for document in generated.values()]
            self.how = "the generator's metadata (no loader)"
        self._names_from(list(generated.values()), self.how)

    def _names_from(self, generated: list[SyntheticDocument], how: str) -> None:
        """Names per document and the name list from what the generator meant."""
        self.how = how
        by_path = {document.path: document.names for document in generated}
        counts: dict[str, int] = defaultdict(int)
        self.names_by_document = {}
        for document in self.documents:
            names = list(dict.fromkeys(by_path.get(document.path, ())))
            self.names_by_document[document.id] = names
            for name in names:
                counts[name] += 1
        self.names = [_name_from(name, count) for name, count in counts.items()]


def _document_from(generated: SyntheticDocument) -> Document:
    title = generated.title or generated.raw.decode("utf-8", "replace")[:80].strip()
    return Document(
        id=generated.path.rsplit(".", 1)[0],
        path=generated.path,
        title=title,
        title_derived=generated.title is None,
        date=generated.date,
        language=generated.language,
        source=generated.source,
        text="",
    )


def _name_from(name: str, count: int) -> Name:
    kind = "person" if " " in name and not name.endswith(("AI", "Labs", "Systems")) else "organisation"
    mentions = tuple(Mention(0, 0, 0, 1, "", "text", name) for _ in range(count))
    return Name(name, kind, (), mentions)  # type: ignore[arg-type]


def prefixes(word: str) -> list[str]:
    return [word[:length] for length in range(1, len(word) + 1)]


def time_keystrokes(
    run: Callable[[str], object],
    reset: Callable[[], object],
    words: Sequence[str],
    repeat: int,
    cpu: dict[str, list[float]] | None = None,
) -> dict[str, list[float]]:
    """Per keystroke prefix: the wall-clock timings over the repeats (typing each word from a reset).

    The garbage collector stays on, as in the app. `cpu`, if given, collects this process's CPU time
    per keystroke too: unlike wall time, it hardly moves when other work shares the machine.
    """
    timings: dict[str, list[float]] = defaultdict(list)
    for _ in range(repeat):
        for word in words:
            reset()
            for prefix in prefixes(word):
                started, started_cpu = time.perf_counter(), time.process_time()
                run(prefix)
                timings[prefix].append(time.perf_counter() - started)
                if cpu is not None:
                    cpu.setdefault(prefix, []).append(time.process_time() - started_cpu)
    return timings


def summary(timings: dict[str, list[float]], words: Sequence[str]) -> tuple[float, float]:
    medians = [statistics.median(timings[prefix]) for word in words for prefix in prefixes(word)]
    worst = max(max(timings[prefix]) for word in words for prefix in prefixes(word))
    return statistics.median(medians), worst


def run_fzf(titles: bytes, prefix: str) -> None:
    subprocess.run(["fzf", "--filter", prefix], input=titles, stdout=subprocess.DEVNULL, check=False)


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def bench_size(n: int, seed: int, repeat: int, with_fzf: bool, source: str, memory: bool) -> None:
    corpus = Corpus(n, seed, source)
    print(f"\n== {n:,} documents ({len(corpus.documents):,} loaded via {corpus.how}, {corpus.load_seconds:.1f} s); "
          f"{len(corpus.names):,} names")

    started = time.perf_counter()
    document_filter = DocumentFilter(corpus.documents, corpus.names_by_document)
    filter_setup = time.perf_counter() - started
    started = time.perf_counter()
    name_matcher = NameMatcher(corpus.names)
    name_setup = time.perf_counter() - started
    print(f"setup: DocumentFilter {milliseconds(filter_setup)}, NameMatcher {milliseconds(name_setup)}")
    if memory:
        tracemalloc.start()
        kept = DocumentFilter(corpus.documents, corpus.names_by_document), NameMatcher(corpus.names)
        size, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        count = max(1, len(corpus.documents))
        print(f"memory of the filter and name matcher: {size / 1e6:.1f} MB kept ({size / count:.0f} bytes per "
              f"document), {peak / 1e6:.1f} MB peak while building")
        del kept

    def ours(prefix: str) -> None:
        hits = document_filter.filter(prefix)
        hits[:SCREENFUL]  # what a screen shows: built hits with title spans

    ours_cpu: dict[str, list[float]] = {}
    ours_timings = time_keystrokes(ours, lambda: document_filter.filter(""), FILTER_WORDS, repeat, ours_cpu)
    fzf_timings = None
    if with_fzf:
        titles = "\n".join(document.title for document in corpus.documents).encode("utf-8")
        fzf_timings = time_keystrokes(lambda prefix: run_fzf(titles, prefix), lambda: None, FILTER_WORDS, repeat)

    print(f"{'filter, query -> ranked hits':<32}{'ours median':>14}{'worst':>12}", end="")
    print(f"{'fzf median':>14}{'worst':>12}{'ours/fzf':>10}" if fzf_timings else "")
    rows = [(word, [word]) for word in FILTER_WORDS] + [("all keystrokes", FILTER_WORDS)]
    for label, words in rows:
        median, worst = summary(ours_timings, words)
        line = f"  {label:<30}{milliseconds(median):>14}{milliseconds(worst):>12}"
        if fzf_timings:
            fzf_median, fzf_worst = summary(fzf_timings, words)
            line += f"{milliseconds(fzf_median):>14}{milliseconds(fzf_worst):>12}{median / fzf_median:>10.2f}"
        print(line)
    cpu_median, cpu_worst = summary(ours_cpu, FILTER_WORDS)
    print(f"  {'ours, CPU time (all keystrokes)':<30}{milliseconds(cpu_median):>14}{milliseconds(cpu_worst):>12}")
    slowest = max(ours_timings, key=lambda prefix: statistics.median(ours_timings[prefix]))
    print(f"  slowest keystroke of ours: {slowest!r} ({milliseconds(statistics.median(ours_timings[slowest])).strip()}"
          f" median, {len(document_filter.filter(slowest)):,} hits)")
    if with_fzf:
        counts = []
        for word in FILTER_WORDS:
            found = subprocess.run(["fzf", "--filter", word], input=titles, capture_output=True, check=False).stdout
            lines = len(found.splitlines())
            counts.append(f"{word!r} {len(document_filter.filter(word)):,} / {lines:,}")
        print(f"  hits, ours (all fields) / fzf (titles): {'; '.join(counts)}")

    name_timings = time_keystrokes(lambda prefix: name_matcher.match(prefix, limit=SCREENFUL), lambda: None,
                                   NAME_WORDS, repeat)
    median, worst = summary(name_timings, NAME_WORDS)
    print(f"  {'name matching (limit 50)':<30}{milliseconds(median):>14}{milliseconds(worst):>12}   "
          f"({', '.join(NAME_WORDS)}; first of 'sutskvr': {name_matcher.match('sutskvr', limit=1)[0].name.name})")
    if corpus.store is not None and corpus.names:
        name = max(corpus.names, key=lambda item: len(item.mentions))
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            mentions = corpus.store.mentions(name)
            timings.append(time.perf_counter() - started)
        print(f"  {'every mention of a name':<30}{milliseconds(statistics.median(timings)):>14}"
              f"{milliseconds(max(timings)):>12}   ({name.name}: {len(mentions):,} mentions)")


def main(argv: list[str] | None = None) -> int:
    parser = size_parser(__doc__, [1000, 10000], 5, "times each word is typed")
    parser.add_argument("--no-fzf", action="store_true", help="skip the fzf anchor")
    parser.add_argument("--memory", action="store_true", help="also measure the filter's memory (tracemalloc)")
    parser.add_argument(
        "--source",
        choices=["store", "generator"],
        default="store",
        help="documents from the project's loader and name index (default), or straight from the "
        "generator's metadata (no files; quicker at 100k, titles of format A cut at 80 characters)",
    )
    arguments = parser.parse_args(argv)
    use_bench_cache()
    with_fzf = not arguments.no_fzf and shutil.which("fzf") is not None
    if not with_fzf and not arguments.no_fzf:
        print("fzf not found: no anchor")
    fzf_version = subprocess.run(["fzf", "--version"], capture_output=True, text=True).stdout.strip() if with_fzf else "-"

    def bench_one(n: int) -> list[None]:
        bench_size(n, arguments.seed, arguments.repeat, with_fzf, arguments.source, arguments.memory)
        return []

    run_sizes(f"Filter per keystroke, ours and fzf {fzf_version}", arguments.sizes, bench_one)
    return 0


if __name__ == "__main__":
    sys.exit(main())
