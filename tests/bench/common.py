"""What every benchmark shares: its command line, the machine line and statistics, and the
fresh worker processes that measure one load each, on a snapshot of the reader's code."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["code_snapshot", "corpus_bytes", "cpu_ticks", "load_average", "machine_line", "median_worst", "process_memory",
           "run_sizes", "run_worker", "size_parser", "stolen_since"]

Row = TypeVar("Row")


# -- the command line -------------------------------------------------------------------------------


def size_parser(doc: str | None, sizes: list[int], repeat: int | None = None, repeat_help: str = "",
                sizes_help: str = "corpus sizes (documents)") -> argparse.ArgumentParser:
    """A parser with what the benchmarks take: corpus sizes, repeats (unless `repeat` is None),
    the generator's seed. The description is the first line of the benchmark's docstring."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=sizes, help=sizes_help)
    if repeat is not None:
        parser.add_argument("--repeat", type=int, default=repeat, help=repeat_help)
    parser.add_argument("--seed", type=int, default=0, help="the synthetic corpus generator's seed")
    return parser


def run_sizes(title: str, sizes: list[int], bench_size: Callable[[int], list[Row]]) -> list[Row]:
    """Each size's rows, between a line saying what runs where and the load average at the end
    (other work on the machine slows ours and the anchor alike: compare the ratios)."""
    print(f"{title}. {machine_line()}")
    started = cpu_ticks()
    rows: list[Row] = []
    for n in sizes:
        rows.extend(bench_size(n))
    print(f"load average at end: {load_average()}{stolen_since(started)}")
    return rows


# -- machine and statistics ----------------------------------------


def machine_line() -> str:
    return (f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.platform(terse=True)}; "
            f"load average {load_average()}")


def load_average() -> str:
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def cpu_ticks() -> tuple[int, int] | None:
    """(busy, stolen) clock ticks of all the machine's CPUs so far, or None where `/proc/stat` is
    not to be had. Stolen: time a virtual CPU wanted to run while its host ran something else."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(field) for field in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    if len(fields) < 8:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return user + nice + system + irq + softirq, steal


def stolen_since(started: tuple[int, int] | None) -> str:
    """How much of the CPU time this machine wanted since `started` its host took for others, as
    "; ...% of CPU time stolen by the host" (empty where unknown): a run's figures are only as
    steady as that share is small (it swings from a few to over 30% on shared machines)."""
    now = cpu_ticks()
    if started is None or now is None:
        return ""
    busy, stolen = now[0] - started[0], now[1] - started[1]
    if busy + stolen <= 0:
        return ""
    return f"; {100 * stolen / (busy + stolen):.0f}% of CPU time stolen by the host"


def median_worst(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), max(values)


def corpus_bytes(folder: Path) -> tuple[int, int]:
    """(sum of file sizes, bytes allocated on disk) of the article files under `folder`."""
    size = allocated = 0
    for directory, _, files in os.walk(folder):
        for name in files:
            info = os.stat(os.path.join(directory, name))
            size += info.st_size
            allocated += info.st_blocks * 512
    return size, allocated


def process_memory() -> dict[str, int]:
    """Current and peak resident memory of this process, in bytes (Linux `/proc/self/status`)."""
    figures = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                figures[key] = int(value.split()[0]) * 1024
    return {"rss": figures.get("VmRSS", 0), "peak_rss": figures.get("VmHWM", 0)}



# -- workers ---------------------------------------------------------------------------------------


def run_worker(corpus: Path, mode: str, cache_home: Path, module: str = "tests.bench.bench_load",
               extra: list[str] | None = None) -> dict[str, Any]:
    """Run `worker` in a fresh interpreter with a private cache folder; its JSON result."""
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", module, "--worker", mode, "--corpus", str(corpus), *(extra or [])]
    result = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=code_snapshot())
    if result.returncode != 0:
        raise RuntimeError(f"worker failed ({' '.join(command)}):\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


_snapshot: Path | None = None


def code_snapshot() -> Path:
    """A copy of the reader as it is now, which workers import (it comes first on their path).

    The corpus cache is keyed to the reader's source files, and in a work tree being edited a
    100k build (minutes) rarely survives until the cached run: every figure of one benchmark run
    comes from the same code this way. Taken once per process; removed at exit.
    """
    global _snapshot
    if _snapshot is None:
        import atexit

        root = _repo_root()
        folder = Path(tempfile.mkdtemp(prefix="openai-reader-bench-code-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        for part in ("reader", "corpus", "styles"):
            if (root / part).is_dir():
                shutil.copytree(root / part, folder / part, ignore=ignore)
        shutil.copytree(root / "tests" / "bench", folder / "tests" / "bench", ignore=ignore)
        (folder / "tests" / "__init__.py").touch()
        head = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%h %s"], capture_output=True,
                              text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "reader"],
                               capture_output=True, text=True).stdout.split("\n")
        edited = [line[3:] for line in dirty if line.strip()]
        print(f"  (workers run a copy of the reader taken now: {head[:70]}"
              f"{'; uncommitted: ' + ', '.join(edited) if edited else ''})")
        _snapshot = folder
    return _snapshot


