"""Name index benchmark: `NameIndex.build` alone, in documents per second, at 1k and 10k documents.

    python -m tests.bench.bench_names                    # 1k and 10k, median and worst of 3
    python -m tests.bench.bench_names --sizes 10000 --repeat 5
    python -m tests.bench.bench_names --profile 10000    # cProfile, top 30 by own time

Documents come from the synthetic corpus (`tests.bench.synthetic.cached_corpus`), loaded once and
outside the timing. CPU (`time.process_time`) and wall time are both reported: the machine is
often shared, and CPU time is what the index costs. The index makes its `Mention` objects when a
name's mentions are first read (`reader.name_mentions`); the second figure includes making all.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time

from reader.loading import load_corpus
from reader.name_curated import name_key
from reader.names import NameIndex
from tests.bench.synthetic import cached_corpus


def _documents(size: int) -> list:
    return list(load_corpus(cached_corpus(size)).documents)


def _time(documents: list, made: bool) -> tuple[float, float]:
    name_key.cache_clear()  # each build as the first in its process
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    index = NameIndex.build(documents, None)
    if made:
        for name in index.names:
            name.mentions  # noqa: B018 -- the Mention objects are made when first read
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=int, metavar="N", help="profile one build at N documents instead")
    arguments = parser.parse_args(argv)
    if arguments.profile:
        import cProfile
        import pstats

        documents = _documents(arguments.profile)
        profiler = cProfile.Profile()
        profiler.runcall(NameIndex.build, documents, None)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        return 0
    print(f"{os.cpu_count()} CPUs; load average {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
    for size in arguments.sizes:
        documents = _documents(size)
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
