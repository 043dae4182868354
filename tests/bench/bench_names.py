"""Name index benchmark: `NameIndex.build` alone, in documents per second, at 1k and 10k documents.

    python -m tests.bench.bench_names                    # 1k and 10k, median and worst of 3
    python -m tests.bench.bench_names --sizes 10000 --repeat 5
    python -m tests.bench.bench_names --profile 10000    # cProfile, top 30 by own time
    python -m tests.bench.bench_names --stages --sizes 10000 --repeat 5   # CPU time per stage

Documents come from the synthetic corpus (`tests.bench.synthetic.cached_corpus`), loaded once and
outside the timing. CPU (`time.process_time`) and wall time are both reported: the machine is
often shared, and CPU time is what the index costs. The index makes its `Mention` objects when a
name's mentions are first read (`reader.name_mentions`); the second figure includes making all.
`--stages` splits one core's build (`parallel=False`) into scanning (pass one, which
`reader.name_scan_fork` may share with a second core), planning and resolving, and making the
names (`_finish`), and times building the `Store` around the index (its document filter) and
pickling the index as the corpus cache does. With `--weigh-apart`, making the names may fork a
child to weigh names (`reader.names.WEIGH_APART_MIN`), as a build with a core idle does: compare
its wall time with the one-core figure.
"""

from __future__ import annotations

import gc
import pickle
import statistics
import time
from collections import defaultdict
from pathlib import Path

from reader.loading import load_corpus
from reader.name_curated import name_key
from reader import names as names_module
from reader.names import NameIndex
from reader.store import Store
from tests.bench.common import machine_line, size_parser
from tests.bench.synthetic import cached_corpus


def _documents(size: int, seed: int = 0) -> list:
    return list(load_corpus(cached_corpus(size, seed)).documents)


def _time(documents: list, made: bool) -> tuple[float, float]:
    name_key.cache_clear()  # each build as the first in its process
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    index = NameIndex.build(documents, None)
    if made:
        for name in index.names:
            name.mentions  # noqa: B018 -- the Mention objects are made when first read
    return time.perf_counter() - wall, time.process_time() - cpu


def _stages(documents: list, repeat: int, weigh_apart: bool = False) -> dict[str, list[float]]:
    """CPU time of each stage of `repeat` builds on one core, of the store around the index, and of
    pickling the index; with `weigh_apart`, names are weighed in a child (wall time counts)."""
    marks: dict[str, float] = {}
    scan_all, finish = names_module.scan_all, names_module._Builder._finish

    def timed_scan_all(*args, **kwargs):
        marks["scanning"] = time.process_time()
        scan_all(*args, **kwargs)
        marks["scanned"] = time.process_time()

    def timed_finish(self):
        marks["finishing"] = time.process_time()
        marks["finishing wall"] = time.perf_counter()
        if weigh_apart:
            self.parallel = True  # scanned on one core; names may be weighed in a child
        return finish(self)

    names_module.scan_all, names_module._Builder._finish = timed_scan_all, timed_finish
    stages: dict[str, list[float]] = defaultdict(list)
    try:
        for _ in range(repeat):
            name_key.cache_clear()
            gc.collect()
            started = time.process_time()
            index = NameIndex.build(documents, None, parallel=False)
            ended, ended_wall = time.process_time(), time.perf_counter()
            stages["before scanning"].append(marks["scanning"] - started)
            stages["scan (pass one)"].append(marks["scanned"] - marks["scanning"])
            stages["plan + resolve"].append(marks["finishing"] - marks["scanned"])
            stages["make names"].append(ended - marks["finishing"])
            if weigh_apart:
                stages["make names, wall"].append(ended_wall - marks["finishing wall"])
            stages["build, total"].append(ended - started)
            started = time.process_time()
            Store(Path("."), documents, [], index)
            stages["store (filter)"].append(time.process_time() - started)
            started = time.process_time()
            blob = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
            pickled = time.process_time()
            pickle.loads(blob)
            stages["pickle index"].append(pickled - started)
            stages["unpickle index"].append(time.process_time() - pickled)
    finally:
        names_module.scan_all, names_module._Builder._finish = scan_all, finish
    return stages


def main(argv: list[str] | None = None) -> int:
    parser = size_parser(__doc__, [1_000, 10_000], 3, "builds per size")
    parser.add_argument("--profile", type=int, metavar="N", help="profile one build at N documents instead")
    parser.add_argument("--stages", action="store_true", help="CPU time per stage of a one-core build instead")
    parser.add_argument("--weigh-apart", action="store_true", help="with --stages: let a child weigh names, as with a core idle")
    arguments = parser.parse_args(argv)
    if arguments.profile:
        import cProfile
        import pstats

        documents = _documents(arguments.profile, arguments.seed)
        profiler = cProfile.Profile()
        profiler.runcall(NameIndex.build, documents, None)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        return 0
    print(f"Name index build. {machine_line()}")
    for size in arguments.sizes:
        documents = _documents(size, arguments.seed)
        if arguments.stages:
            for stage, values in _stages(documents, arguments.repeat, arguments.weigh_apart).items():
                label, clock = (stage.removesuffix(", wall"), "wall") if stage.endswith(", wall") else (stage, "cpu")
                print(f"{size:>7} docs  {label:<16} {clock:<4} median {statistics.median(values):6.3f} s   worst {max(values):6.3f} s")
            continue
        for made in (False, True):
            runs = [_time(documents, made) for _ in range(arguments.repeat)]
            what = "build + every Mention made" if made else "build"
            for label, values in (("cpu", [cpu for _, cpu in runs]), ("wall", [wall for wall, _ in runs])):
                median, worst = statistics.median(values), max(values)
                print(f"{size:>7} docs  {what:<26} {label:<4}  median {median:6.2f} s = {size / median:7.0f} docs/s"
                      f"   worst {worst:6.2f} s = {size / worst:7.0f} docs/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
