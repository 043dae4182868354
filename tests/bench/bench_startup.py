"""Start to first screen, as a user sees it: the real `openai-reader` in a pty against a bare Textual app.

    python -m tests.bench.bench_startup                       # shipped corpus and 10k documents
    python -m tests.bench.bench_startup --repeat 9 --sizes 0  # shipped corpus only (0 = shipped)

Each run spawns the command in a fresh pseudo-terminal (100x30, xterm-256color) and feeds what it
writes to a pyte screen. Two times are taken from spawn: to the first screen (any text: the
interface drawn, saying what it loads), which issue 4's target is about, and to the first screen
that shows the document list with its rows (the list's `shown/total` count, e.g. `5/5`, drawn once
the rows are in). The anchor, `tests/bench/bare_app.py` (one line of text), is spawned the same
way, alternating with the reader so both see the same machine load. Both run with the interpreter of this process: the installed
`openai-reader` script beside it, not a pyenv shim (which adds the same ~0.1 s to both and would
flatter the ratio; `--via-path` uses the commands on PATH instead).

Every run has its own state folder (no remembered document). `warm` runs share a corpus cache
written before timing starts (a user's usual start); `cold` runs start with an empty cache folder.

The runs may write bytecode (`PYTHONDONTWRITEBYTECODE` is dropped from their environment): an
installed package has its modules compiled, and a source tree being edited while the benchmark runs
would otherwise recompile every changed module on every start (about 0.15 s for the store here).
The priming run before the timed ones writes it.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.bench.bare_app import MARKER
from tests.bench.common import load_average, run_sizes, size_parser
from tests.bench.synthetic import cached_corpus
from tests.terminal import Pty, terminal_environment

COLUMNS, LINES = 100, 30
TARGET_RATIO = 1.3
LIST_COUNT = re.compile(r"\b(\d[\d,]*)/\1\b")
"""The list's `shown/total` count with every document shown: the rows are in."""


def commands(via_path: bool) -> tuple[list[str], list[str]]:
    """The reader's command and the bare app's, run with this interpreter (or as found on PATH)."""
    bare = str(Path(__file__).with_name("bare_app.py"))
    if via_path:
        return [shutil.which("openai-reader") or "openai-reader"], [shutil.which("python") or "python", bare]
    script = Path(sys.executable).with_name("openai-reader")
    reader = [str(script)] if script.exists() else [sys.executable, "-m", "reader"]
    return reader, [sys.executable, bare]


def first_screen(command: list[str], shown, env: dict[str, str], timeout: float = 120.0) -> tuple[float, float]:
    """Spawn `command` in a pty; seconds until any text shows, and until `shown(screen text)` holds."""
    started = time.perf_counter()
    terminal = Pty(command, env, COLUMNS, LINES)
    first_text = None
    try:
        deadline = started + timeout
        while time.perf_counter() < deadline:
            data = terminal.read_some(0.05)
            if data is None:
                raise RuntimeError(f"{command[0]} closed its terminal:\n{terminal.text()}")
            if not data:
                if terminal.process.poll() is not None:
                    raise RuntimeError(f"{command[0]} exited with {terminal.process.returncode}:\n{terminal.text()}")
                continue
            text = terminal.text()
            now = time.perf_counter()
            if first_text is None and text.strip():
                first_text = now - started
            if shown(text):
                return first_text or now - started, now - started
        raise TimeoutError(f"no first screen within {timeout} s:\n{terminal.text()}")
    finally:
        terminal.stop()


def run_environment(folder: Path, cache: Path) -> dict[str, str]:
    """A run's environment: its own home and state in `folder`, the corpus cache in `cache`."""
    return terminal_environment(folder, cache, COLUMNS, LINES)


def bench_corpus(label: str, corpus: Path, repeat: int, cold_repeat: int, via_path: bool) -> list[dict[str, Any]]:
    reader, bare = commands(via_path)
    print(f"\n== {label}: {corpus}; load average {load_average()}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="openai-reader-bench-start-") as temporary:
        base = Path(temporary)
        warm_cache = base / "warm-cache"
        # Writes the corpus cache the warm runs reuse (and warms the OS file cache for both kinds).
        # `--check`, which waits for the whole load: the interface lists a big corpus before its
        # names are indexed, and a run stopped at its first rows would leave no cache behind.
        subprocess.run([*reader, "--check", "--corpus", str(corpus)], capture_output=True, check=False,
                       env=run_environment(base / "prime", warm_cache), timeout=600)
        results: dict[str, list[tuple[float, float]]] = {"bare": [], "warm": [], "cold": []}
        for attempt in range(max(repeat, cold_repeat)):
            runs = [("bare", bare, base / "unused-cache")]
            if attempt < repeat:
                runs.append(("warm", [*reader, "--corpus", str(corpus)], warm_cache))
            if attempt < cold_repeat:
                runs.append(("cold", [*reader, "--corpus", str(corpus)], base / f"cold-cache-{attempt}"))
            for kind, command, cache in runs:
                shown = _bare_shown if kind == "bare" else _reader_shown
                home = base / f"home-{kind}-{attempt}"
                home.mkdir()
                results[kind].append(first_screen(command, shown, run_environment(home, cache)))
    bare_median = statistics.median(shown for _, shown in results["bare"])
    print(f"  {'spawn -> (medians, worst)':<36}{'first screen':>13}{'x bare':>8}{'list with rows':>16}{'worst':>9}{'x bare':>8}")
    for kind, name in (("bare", "anchor: bare Textual app (one line)"),
                       ("warm", "openai-reader (cache warm)"),
                       ("cold", "openai-reader (cache cold)")):
        times = results[kind]
        if not times:
            continue
        median = statistics.median(shown for _, shown in times)
        worst = max(shown for _, shown in times)
        text = statistics.median(first for first, _ in times)
        print(f"  {name:<36}{text:>12.3f}s{text / bare_median:>8.2f}{median:>15.3f}s{worst:>8.3f}s{median / bare_median:>8.2f}"
              f"   ({len(times)} runs)")
        if kind != "bare":
            # The target is the first screen (the interface drawn, saying what it loads), as
            # the bare app's one line is its first screen; the rows, loaded after it, are shown beside.
            first = {"figure": f"start to first screen, {label}, cache {kind}", "median": text,
                     "worst": max(first for first, _ in times), "unit": "s", "anchor": bare_median, "anchor_name": "bare app"}
            if label == "shipped corpus":
                first.update(target=f"<= {TARGET_RATIO}x bare", ok=text / bare_median <= TARGET_RATIO)
            rows.append(first)
            rows.append({"figure": f"start to list with rows, {label}, cache {kind}", "median": median, "worst": worst,
                         "unit": "s", "anchor": bare_median, "anchor_name": "bare app"})
    return rows


def _reader_shown(text: str) -> bool:
    return LIST_COUNT.search(text) is not None


def _bare_shown(text: str) -> bool:
    return MARKER in text


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = size_parser(__doc__, [0, 10_000], 7, "runs of the anchor and of the warm reader",
                         sizes_help="corpora: 0 for the shipped corpus, else a synthetic corpus of that many documents")
    parser.add_argument("--cold-repeat", type=int, default=3, help="runs of the reader with an empty cache")
    parser.add_argument("--via-path", action="store_true", help="spawn `openai-reader` and `python` as found on PATH")
    arguments = parser.parse_args(argv)
    from reader.paths import default_corpus

    reader, bare = commands(arguments.via_path)

    def bench_size(n: int) -> list[dict[str, Any]]:
        if n == 0:
            return bench_corpus("shipped corpus", default_corpus(), arguments.repeat, arguments.cold_repeat,
                                arguments.via_path)
        return bench_corpus(f"{n // 1000}k documents", cached_corpus(n, arguments.seed), arguments.repeat,
                            arguments.cold_repeat if n <= 10_000 else min(1, arguments.cold_repeat), arguments.via_path)

    return run_sizes(f"Start to first screen ({COLUMNS}x{LINES} pty, pyte; reader: {' '.join(reader)}; "
                     f"anchor: {' '.join(bare)})", arguments.sizes, bench_size)


if __name__ == "__main__":
    main()
