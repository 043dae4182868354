"""Reloading the corpus with `R` in the interface (headless `run_test`): how long, and what it costs the interface.

    python -m tests.bench.bench_reload                        # 10k documents
    python -m tests.bench.bench_reload --sizes 10000 100000 --repeat 5

Each size runs in a fresh interpreter, on the corpus cache the other benchmarks use. The real
`ReaderApp` runs headless at 120x40; once its names are in, `R` is pressed `--repeat` times on the
unchanged corpus, then once after a file is added and once after it is removed again (the corpus is
left as it was found). For each reload:

  R -> reloaded      the key press to the reload's end (its notice): the store loaded again, the
                     list and the reading pane shown from it, what changed counted;
  R -> listed        for a changed corpus, to the new list (shown with the last names while the
                     names are updated);
  interface's part   the reload's handlers on the interface's thread (`ReaderApp._reloaded` and
                     `_reload_done`): what the keys typed meanwhile wait for;
  longest stall      the longest the interface's event loop went without a turn during the
                     reload (a 5 ms heartbeat timer): its handlers, but also a cycle collection
                     or a C call on any thread, which hold every thread;
  the pause after    once keys rest, the longest of the steps that take the store it replaced
                     apart (`ReaderApp._free_replaced`, `_release_step`), or the full collection
                     that frees it if anything still holds it in a cycle; how many steps, and how
                     many reloads needed that collection;
  anchor             `Store.load` of the same corpus from its cache, in the same process.

And what tells a reader left open that `R` would bring something (`reader.disk_watch`):

  a look at every article   the walk and a stat per file that find what changed on disk, in the
                     reader's thread for it; anchor: GNU `find -printf` of every file's size and
                     time, in the same run;
  a look at the folders     what is done every few seconds between two such looks;
  1 file added -> said      from writing the file to the key bar saying it (the folders are
                     looked at every `LOOK_AT_DISK_EVERY` seconds).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import tempfile
import time
import weakref
from pathlib import Path
from typing import Any

from tests.bench.common import median_worst, run_sizes, run_worker, size_parser
from tests.bench.synthetic import BENCH_FOLDER, cached_corpus

SIZE = (120, 40)
ADDED = "zz-bench-reload.txt"
ADDED_TEXT = " date 2026-11 A file the reload benchmark adds\n\nSam Altman and Satya Nadella met again.\n"


async def _measure(corpus: Path, repeat: int) -> dict[str, Any]:
    from reader.store import Store

    Store.load(corpus)  # the cache, made if this code has none yet
    anchor = []
    for _ in range(3):
        started = time.perf_counter()
        Store.load(corpus)
        anchor.append(time.perf_counter() - started)

    from reader.disk_watch import CorpusWatch

    store = Store.load(corpus)
    looks, folder_looks, finds = [], [], []
    for _ in range(repeat):
        watch = CorpusWatch(corpus, store.documents, store.problems)
        started = time.perf_counter()
        watch.poll(now=0.0)
        looks.append(time.perf_counter() - started)
        started = time.perf_counter()
        if watch.poll(now=1.0) is not None:
            raise AssertionError("the corpus changed while it was benchmarked")
        folder_looks.append(time.perf_counter() - started)
        started = time.perf_counter()
        subprocess.run(["find", str(corpus), "-type", "f", "-printf", "%s %T@ %p\n"], stdout=subprocess.DEVNULL, check=True)
        finds.append(time.perf_counter() - started)
    del store, watch

    import reader.ui.app as app_module
    from reader.ui.app import ReaderApp

    handled: list[float] = []
    pauses: list[float] = []
    steps: list[float] = []
    cpu: list[float] = []

    def timed(method, walls: list[float], cpus: list[float] | None = None):
        """`method`, its wall time (and its thread's CPU time) of each call added to the lists."""
        def run(*arguments, **options):
            started, thread_started = time.perf_counter(), time.thread_time()
            try:
                return method(*arguments, **options)
            finally:
                walls.append(time.perf_counter() - started)
                if cpus is not None:
                    cpus.append(time.thread_time() - thread_started)
        return run

    for name in ("_reloaded", "_reload_done"):
        setattr(ReaderApp, name, timed(getattr(ReaderApp, name), handled))
    collections: list[None] = []
    collect = app_module.resettle_collector

    def counted_collection() -> None:
        collections.append(None)
        collect()

    app_module.resettle_collector = counted_collection
    ReaderApp._free_replaced = timed(ReaderApp._free_replaced, pauses, cpu)
    ReaderApp._release_step = timed(ReaderApp._release_step, steps, cpu)
    app = ReaderApp(corpus, state_path=Path(tempfile.mkdtemp()) / "state.json")
    results: dict[str, Any] = {"anchor": anchor, "unchanged": [], "interface": [], "changed": [],
                               "looks": looks, "folder_looks": folder_looks, "finds": finds}
    async with app.run_test(size=SIZE) as pilot:
        while not app.names_ready:
            await pilot.pause(0.05)
        await pilot.pause(0.5)
        beats: list[float] = []
        app.set_interval(0.005, lambda: beats.append(time.perf_counter()))

        async def reload() -> tuple[float, float | None, float]:
            before, handled_before = weakref.ref(app.store), len(handled)  # held, it would outlive the reload
            started = time.perf_counter()
            beats[:] = [started]
            await pilot.press("R")
            listed = None
            while app._reloading is not None or app.store is before():
                if listed is None and app.store is not before():
                    listed = time.perf_counter() - started
                await pilot.pause(0.005)
            took = time.perf_counter() - started
            stall = max(later - earlier for earlier, later in zip(beats, [*beats[1:], time.perf_counter()]))
            results["interface"].append(sum(handled[handled_before:]))
            checks, stepped, cpu_from = len(pauses), len(steps), len(cpu)
            while len(pauses) == checks:  # keys rest: the earlier store is checked for
                await pilot.pause(0.05)
            while app._releasing:  # and taken apart, a step at a time
                await pilot.pause(0.01)
            # The longest time the interface's thread spent on it at once: a key waits that long at most.
            pauses[-1] = max([pauses[-1], *steps[stepped:]])
            results.setdefault("pauses_cpu", []).append(max(cpu[cpu_from:]))
            results.setdefault("steps", []).append(len(steps) - stepped)
            return took, listed, stall

        for _ in range(repeat):
            took, _, stall = await reload()
            results["unchanged"].append(took)
            results.setdefault("stalls", []).append(stall)
        added = corpus / ADDED
        try:
            added.write_text(ADDED_TEXT, encoding="utf-8")
            written = time.perf_counter()
            while not app._disk_said and time.perf_counter() - written < 600:
                await pilot.pause(0.01)
            results["noticed"] = time.perf_counter() - written if app._disk_said else None
            results["changed"].append(await reload())
        finally:
            added.unlink(missing_ok=True)
        results["changed"].append(await reload())
    results["pauses"] = pauses
    results["look_every"] = app_module.LOOK_AT_DISK_EVERY
    results["collections"] = len(collections)
    return results


def bench_size(n: int, repeat: int, seed: int) -> list[dict[str, Any]]:
    corpus = cached_corpus(n, seed)
    print(f"\n== {n:,} documents ({corpus})", flush=True)
    result = run_worker(corpus, "reload", BENCH_FOLDER / "cache", module="tests.bench.bench_reload",
                        extra=["--repeat", str(repeat)])
    anchor = statistics.median(result["anchor"])
    label = f"{n // 1000}k"

    def line(what: str, values: list[float], note: str = "") -> tuple[float, float]:
        median, worst = median_worst(values)
        print(f"  {what:<44}{median * 1e3:>10.1f} ms{worst * 1e3:>10.1f} ms  {note}")
        return median, worst

    print(f"  {'':<44}{'median':>13}{'worst':>13}")
    unchanged = line("R -> reloaded, nothing changed", result["unchanged"],
                     f"anchor: Store.load from the cache {anchor * 1e3:.0f} ms, ratio "
                     f"{statistics.median(result['unchanged']) / anchor:.2f}")
    interface = line("  the interface's part", result["interface"])
    line("  the interface's longest stall", result["stalls"], "its event loop without a turn, for whatever reason")
    pauses = line("  the pause after, once keys rest", result["pauses"],
                  f"the longest step of {statistics.median(result['steps']):.0f}; {result['collections']} of "
                  f"{len(result['pauses'])} reloads needed a full collection")
    line("    its CPU time", result["pauses_cpu"], "the code's own cost, which a busy host does not inflate")
    (added, added_listed, added_stall), (removed, removed_listed, removed_stall) = result["changed"]
    for what, took, listed, stall in (("1 file added", added, added_listed, added_stall),
                                      ("1 file removed", removed, removed_listed, removed_stall)):
        listed_note = f"; listed at {listed * 1e3:.0f} ms" if listed is not None else ""
        print(f"  R -> reloaded, {what:<29}{took * 1e3:>10.1f} ms{'':>13}  (one run{listed_note}; "
              f"longest stall {stall * 1e3:.0f} ms)")
    find = statistics.median(result["finds"])
    look = line("a look at every article on disk", result["looks"],
                f"anchor: find -printf of every file {find * 1e3:.0f} ms, ratio {statistics.median(result['looks']) / find:.2f}")
    line("a look at the folders alone", result["folder_looks"])
    noticed = result["noticed"]
    said = f"{noticed * 1e3:>10.1f} ms" if noticed is not None else "     never"
    print(f"  {'1 file added -> said in the key bar':<44}{said}{'':>13}  (one run; the folders looked at every "
          f"{result['look_every']:g} s)")
    return [
        {"figure": f"a look at every article on disk, {label}", "median": look[0], "worst": look[1], "unit": "s",
         "anchor": find, "anchor_name": "find -printf"},
        {"figure": f"reload (R), unchanged, {label}", "median": unchanged[0], "worst": unchanged[1], "unit": "s",
         "anchor": anchor, "anchor_name": "cached Store.load"},
        {"figure": f"reload, interface's part, {label}", "median": interface[0], "worst": interface[1], "unit": "ms"},
        {"figure": f"reload, the pause after, {label}", "median": pauses[0], "worst": pauses[1], "unit": "ms"},
        {"figure": f"reload, 1 file added, {label}", "median": added, "worst": added, "unit": "s"},
        {"figure": f"reload of a changed corpus, longest stall, {label}", "median": min(added_stall, removed_stall),
         "worst": max(added_stall, removed_stall), "unit": "ms"},
    ]


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = size_parser(__doc__, [10_000], 5, "reloads of the unchanged corpus")
    parser.add_argument("--worker", choices=["reload"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.worker:
        print(json.dumps(asyncio.run(_measure(arguments.corpus, arguments.repeat))))
        return []
    return run_sizes("Reloading with R (headless run_test, 120x40)", arguments.sizes,
                     lambda n: bench_size(n, arguments.repeat, arguments.seed))


if __name__ == "__main__":
    main()
