"""Filter keystrokes through the interface: key press -> document list repainted (headless `run_test`).

    python -m tests.bench.bench_interface                     # 10k documents
    python -m tests.bench.bench_interface --sizes 10000 100000 --repeat 3
    python -m tests.bench.bench_interface --gap 0.08          # 80 ms from a repaint to the next key

The real `ReaderApp` runs headless at 120x40 over a store loaded from a synthetic corpus. `/` focuses
the filter; `sutskever`, `altman` and `openai board` are typed letter by letter (Esc between words),
each key waiting for the repaint of its own query, then `--gap` seconds (none by default: faster
than anyone types, so a repaint often waits for the frame pacing the last one started). Times come
from wrapping, on the objects of this run only, the store's `filter` (filter returned),
`FilterBar.search_now` (hits known: the filter returned and the rows a screen shows are ranked and
built, in the filter's worker thread),
`DocumentList.set_documents` (hits applied), `DocumentList.render_line` (list lines drawn) and
`App._display` (the frame handed to the driver):

  key -> repainted   press to the first frame holding the list drawn for that query;
  hits -> repainted  hits known to that frame: the target is one frame (1/60 s);
  that frame's screen update, CPU
                     this thread's CPU time in the screen update that drew that frame: the
                     code's own cost, which time stolen by a busy host does not inflate;
  middle or full collections in it
                     the cycle collector's middle and full collections between the key press and
                     that frame (young ones take a fraction of a millisecond and are not counted);
  anchor             `store.filter(query)` and a screenful of its hits (`hits[:rows]`, as
                     `bench_filter` times a keystroke), called directly in the same run.

After the words, `@` opens the name jumper, `sutskvr` is typed in it and Esc closes it, `--repeat`
times: the CPU of every screen update each key causes (the jumper is a screen of its own: opening
and closing it draw the whole screen).

"Hits known" is what `bench_filter` calls query -> ranked hits: a screenful ranked, with its title
spans. The store's `filter` alone returns a lazy result that ranks on first read.

As the app does after its own load (`ReaderApp._load`), the collector is settled once the app is up
(`reader.ui.collector.settle`: the loaded store frozen out of its sight, and collections less often);
otherwise a full collection rescanning every document would land in some keystroke.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.bench.common import cpu_ticks, load_average, machine_line, stolen_since
from tests.bench.synthetic import cached_corpus, use_bench_cache

WORDS = ["sutskever", "altman", "openai board"]
FRAME = 1 / 60
SIZE = (120, 40)


class Probe:
    """Timestamps of the steps between a key press and the frame that shows its result."""

    def __init__(self) -> None:
        self.filtered: dict[str, float] = {}
        """query -> when the store's filter last returned for it."""
        self.hits: dict[str, float] = {}
        """query -> when the filter bar last had a screenful of ranked hits for it."""
        self.applied: list[tuple[float, str]] = []
        self.rendered: list[float] = []
        self.displayed: list[float] = []
        self.line_seconds: list[tuple[float, float]] = []
        """(when, seconds) of each list line drawn."""
        self.updates: list[tuple[float, float, float]] = []
        """(start, end, CPU seconds of this thread) of each screen update: what a frame costs the
        code itself, which time stolen by a busy host does not inflate as it does the wall time."""
        self.collections: list[tuple[float, float, int]] = []
        """(start, end, generation) of each middle or full collection by the cycle collector."""
        self._collecting: tuple[float, int] | None = None

    def collector_callback(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] == 0:
            return  # a young collection is a fraction of a millisecond
        if phase == "start":
            self._collecting = (time.perf_counter(), info["generation"])
        elif self._collecting is not None:
            started, generation = self._collecting
            self.collections.append((started, time.perf_counter(), generation))
            self._collecting = None

    def collecting_between(self, start: float, end: float) -> float:
        """Seconds of middle and full collections between two moments."""
        return sum(max(0.0, min(end, stop) - max(start, begin)) for begin, stop, _ in self.collections)

    def after(self, times: list[float], moment: float) -> float | None:
        return next((t for t in times if t >= moment), None)

    def repaint_of(self, query: str, since: float) -> dict[str, float] | None:
        """When each step happened for `query` after `since`, once its frame has been shown."""
        applied = next((t for t, shown in self.applied if t >= since and shown == query), None)
        if applied is None:
            return None
        rendered = self.after(self.rendered, applied)
        displayed = self.after(self.displayed, rendered) if rendered is not None else None
        if displayed is None:
            return None
        drawing = sum(seconds for when, seconds in self.line_seconds if applied <= when <= displayed)
        update = next((cpu for start, end, cpu in self.updates if start <= displayed <= end), None)
        if update is None:
            return None  # the update that displayed it has not returned yet
        hits = self.hits.get(query, applied)
        return {"filtered": self.filtered.get(query, hits), "hits": hits, "applied": applied,
                "rendered": rendered, "displayed": displayed, "list lines": drawing, "update CPU": update}


def _instrument(app, store, probe: Probe) -> None:
    real_filter = store.filter

    def timed_filter(query: str):
        hits = real_filter(query)
        probe.filtered[query] = time.perf_counter()
        return hits

    store.filter = timed_filter  # the app hands `store.filter` to its filter bar when the store arrives

    real_display = app._display

    def display(screen, renderable):
        real_display(screen, renderable)
        if renderable is not None:
            probe.displayed.append(time.perf_counter())

    app._display = display


@contextmanager
def _screen_updates_timed(probe: Probe):
    """Every screen update's CPU time (Textual's `Screen._compositor_refresh`: laying out what
    changed, drawing it and handing it to the driver) into `probe.updates`, while in the block."""
    from textual.screen import Screen

    real_refresh = Screen._compositor_refresh

    def compositor_refresh(screen) -> None:
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            real_refresh(screen)
        finally:
            probe.updates.append((started, time.perf_counter(), time.thread_time() - cpu))

    Screen._compositor_refresh = compositor_refresh
    try:
        yield
    finally:
        Screen._compositor_refresh = real_refresh


def _instrument_list(app, probe: Probe) -> None:
    bar = app.filter_bar
    real_search = bar.search_now

    def search_now(query: str):
        hits = real_search(query)
        probe.hits[query] = time.perf_counter()
        return hits

    bar.search_now = search_now
    documents = app.document_list
    real_set = documents.set_documents
    real_render_line = documents.render_line

    def set_documents(*args, **kwargs):
        real_set(*args, **kwargs)
        probe.applied.append((time.perf_counter(), app.filter_bar.value))

    def render_line(y: int):
        started = time.perf_counter()
        probe.rendered.append(started)
        strip = real_render_line(y)
        probe.line_seconds.append((started, time.perf_counter() - started))
        return strip

    documents.set_documents = set_documents
    documents.render_line = render_line


STEPS = {
    "key -> list repainted": ("pressed", "displayed"),
    "  key -> hits known (filter thread)": ("pressed", "hits"),
    "    of which screenful ranked": ("filtered", "hits"),
    "  hits known -> list repainted": ("hits", "displayed"),
    "    hits -> set_documents (message)": ("hits", "applied"),
    "    set_documents -> first list line": ("applied", "rendered"),
    "    first list line -> frame": ("rendered", "displayed"),
}


EXTRA_STEPS = {
    "    list lines drawn, per frame": "list lines",
    "  that frame's screen update, CPU": "update CPU",
    "  middle or full collections in it": "collecting",
}


JUMPER_OPENED = "@: the name jumper's screen updates, CPU"
JUMPER_TYPED = "  a letter typed in it (sutskvr), CPU"
JUMPER_CLOSED = "  Esc: closing it, CPU"
JUMPER_KEYS = [("at", JUMPER_OPENED), *((letter, JUMPER_TYPED) for letter in "sutskvr"), ("escape", JUMPER_CLOSED)]
"""The name jumper opened, a name typed in it and the jumper closed, after the words: the CPU of
all the screen updates each key causes."""
JUMPER_SETTLE = 0.4


async def _type_words(store, repeat: int, state_path: Path, gap: float = 0.0) -> tuple[dict[str, dict[str, list[float]]], int]:
    from reader.ui.app import ReaderApp
    from reader.ui.collector import settle as settle_collector

    thresholds = gc.get_threshold()
    probe = Probe()
    app = ReaderApp(store=store, state_path=state_path)
    _instrument(app, store, probe)
    steps: dict[str, dict[str, list[float]]] = {label: {} for label in [*STEPS, *EXTRA_STEPS, JUMPER_OPENED, JUMPER_TYPED, JUMPER_CLOSED]}
    gc.callbacks.append(probe.collector_callback)
    with _screen_updates_timed(probe):
        async with app.run_test(size=SIZE) as pilot:
            _instrument_list(app, probe)
            await pilot.pause()
            settle_collector()
            for _ in range(repeat):
                for word in WORDS:
                    await pilot.press("slash")
                    for length in range(1, len(word) + 1):
                        query = word[:length]
                        key = "space" if query[-1] == " " else query[-1]
                        if gap:
                            await asyncio.sleep(gap)
                        pressed = time.perf_counter()
                        await pilot.press(key)
                        moments = {"pressed": pressed, **await _wait_for(lambda: probe.repaint_of(query, pressed))}
                        moments["collecting"] = probe.collecting_between(pressed, moments["displayed"])
                        for label, (start, end) in STEPS.items():
                            steps[label].setdefault(query, []).append(moments[end] - moments[start])
                        for label, moment in EXTRA_STEPS.items():
                            steps[label].setdefault(query, []).append(moments[moment])
                    cleared = time.perf_counter()
                    await pilot.press("escape")
                    await _wait_for(lambda: probe.repaint_of("", cleared))
            rows = app.document_list.visible_rows
            for _ in range(repeat):
                for key, label in JUMPER_KEYS:
                    pressed = time.perf_counter()
                    await pilot.press(key)
                    await asyncio.sleep(JUMPER_SETTLE)  # every update the key causes is done by then
                    steps[label].setdefault(key, []).append(
                        sum(cpu for start, _, cpu in probe.updates if start >= pressed))
    gc.callbacks.remove(probe.collector_callback)
    gc.unfreeze()  # the next size's run starts with a collector that sees this store again
    gc.set_threshold(*thresholds)
    return steps, rows


async def _wait_for(check, timeout: float = 30.0):
    deadline = time.perf_counter() + timeout
    while (result := check()) is None:
        if time.perf_counter() > deadline:
            raise TimeoutError("the list was not repainted for the query")
        await asyncio.sleep(0.0005)
    return result


def _filter_alone(store, repeat: int, rows: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {}
    for _ in range(repeat):
        for word in WORDS:
            store.filter("")
            for length in range(1, len(word) + 1):
                query = word[:length]
                started = time.perf_counter()
                store.filter(query)[:rows]
                timings.setdefault(query, []).append(time.perf_counter() - started)
    return timings


def _summary(timings: dict[str, list[float]]) -> tuple[float, float]:
    """Median over keystrokes of each keystroke's median over repeats, and the worst single one."""
    return statistics.median(statistics.median(values) for values in timings.values()), max(
        max(values) for values in timings.values()
    )


def bench_size(n: int, repeat: int, seed: int = 0, gap: float = 0.0) -> list[dict[str, Any]]:
    from reader.store import Store

    corpus = cached_corpus(n, seed)
    started = time.perf_counter()
    store = Store.load(corpus)
    print(f"\n== {n:,} documents ({len(store.documents):,} loaded in {time.perf_counter() - started:.1f} s); "
          f"load average {load_average()}")
    with tempfile.TemporaryDirectory() as folder:
        steps, rows = asyncio.run(_type_words(store, repeat, Path(folder) / "state.json", gap))
    anchor = _filter_alone(store, repeat, rows)
    anchor_median, anchor_worst = _summary(anchor)
    print(f"  {'per keystroke (' + str(repeat) + ' repeats)':<40}{'median':>10}{'worst':>10}{'x anchor':>10}")
    for label, timings in steps.items():
        median, worst = _summary(timings)
        print(f"  {label:<40}{median * 1e3:>8.1f}ms{worst * 1e3:>8.1f}ms{median / anchor_median:>10.1f}")
    print(f"  {'anchor: store.filter + ' + str(rows) + ' rows':<40}{anchor_median * 1e3:>8.1f}ms{anchor_worst * 1e3:>8.1f}ms"
          f"{1:>10.1f}")
    print(f"  target: hits known -> list repainted within one frame ({FRAME * 1e3:.1f} ms)")
    key_to_frame = steps["key -> list repainted"]
    key_median, key_worst = _summary(key_to_frame)
    hits_median, hits_worst = _summary(steps["  hits known -> list repainted"])
    cpu_median, cpu_worst = _summary(steps["  that frame's screen update, CPU"])
    jumper_median, jumper_worst = _summary(steps[JUMPER_OPENED])
    typed_median, typed_worst = _summary(steps[JUMPER_TYPED])
    slowest = max(key_to_frame, key=lambda query: statistics.median(key_to_frame[query]))
    print(f"  slowest keystroke: {slowest!r}, {statistics.median(key_to_frame[slowest]) * 1e3:.1f} ms median "
          f"(filter alone {statistics.median(anchor[slowest]) * 1e3:.1f} ms)")
    collected = [seconds for values in steps["  middle or full collections in it"].values() for seconds in values]
    print(f"  keystrokes whose repaint waited for a middle or full collection: {sum(1 for s in collected if s)} "
          f"of {len(collected)} ({sum(collected) * 1e3:.1f} ms in all)")
    return [
        {"figure": f"key -> list repainted, {n // 1000}k", "median": key_median, "worst": key_worst, "unit": "ms",
         "anchor": anchor_median, "anchor_name": "store.filter"},
        {"figure": f"hits -> list repainted, {n // 1000}k", "median": hits_median, "worst": hits_worst, "unit": "ms",
         "anchor": FRAME, "anchor_name": "one frame", "target": "<= 1 frame (16.7 ms)", "ok": hits_worst <= FRAME},
        {"figure": f"its screen update's CPU, {n // 1000}k", "median": cpu_median, "worst": cpu_worst, "unit": "ms",
         "anchor": FRAME, "anchor_name": "one frame"},
        {"figure": f"name jumper opened, screen updates' CPU, {n // 1000}k", "median": jumper_median,
         "worst": jumper_worst, "unit": "ms", "anchor": FRAME, "anchor_name": "one frame"},
        {"figure": f"a letter in the name jumper, screen updates' CPU, {n // 1000}k", "median": typed_median,
         "worst": typed_worst, "unit": "ms", "anchor": FRAME, "anchor_name": "one frame"},
    ]


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000], help="corpus sizes (documents)")
    parser.add_argument("--repeat", type=int, default=3, help="times each word is typed")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--gap", type=float, default=0.0,
                        help="seconds between a repaint and the next key (0: each key at once, faster than anyone types)")
    arguments = parser.parse_args(argv)
    # The benchmark's corpus cache and reading state stay out of the user's folders.
    use_bench_cache()
    pace = f", {arguments.gap * 1e3:.0f} ms between a repaint and the next key" if arguments.gap else ""
    print(f"Interface filter keystrokes (headless run_test {SIZE[0]}x{SIZE[1]}{pace}). {machine_line()}")
    started = cpu_ticks()
    rows = []
    for n in arguments.sizes:
        rows.extend(bench_size(n, arguments.repeat, arguments.seed, arguments.gap))
    print(f"load average at end: {load_average()}{stolen_since(started)}")
    return rows


if __name__ == "__main__":
    main()
