"""Run every benchmark and print one summary table: `python -m tests.bench` from the repository root.

    python -m tests.bench                     # everything, default sizes (takes a while: 100k is generated once)
    python -m tests.bench --quick             # 1k/10k only, fewer repeats (a few minutes)
    python -m tests.bench --only load startup

Each benchmark prints its own detail first; the table at the end repeats the headline figures with
their anchor (measured in the same run) and the target from issue 4. The filter benchmark
(`tests.bench.bench_filter`, item 2 and 4) runs as a subprocess and its headline lines are copied.
Run one benchmark alone with `python -m tests.bench.<name> --help`.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.bench import bench_interface, bench_load, bench_memory, bench_reload, bench_startup, bench_terminal
from tests.bench.common import machine_line
from tests.bench.synthetic import BENCH_FOLDER

BENCHMARKS = ["load", "filter", "interface", "startup", "memory", "terminal", "reload"]


def _filter(quick: bool) -> list[dict[str, Any]]:
    """Run bench_filter in its own process (it belongs to the filter's author) and keep its headlines."""
    sizes = ["1000", "10000"] if quick else ["10000", "100000"]
    command = [sys.executable, "-m", "tests.bench.bench_filter", "--sizes", *sizes, "--repeat", "3" if quick else "5"]
    print(f"$ {' '.join(command[1:])}", flush=True)
    environment = {**os.environ, "XDG_CACHE_HOME": str(BENCH_FOLDER / "cache")}
    result = subprocess.run(command, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2],
                            env=environment)
    print(result.stdout, end="")
    if result.returncode != 0:
        print(result.stderr[-2000:])
        return [{"figure": "filter benchmark", "error": f"exit {result.returncode}"}]
    rows = []
    size = None
    for line in result.stdout.splitlines():
        if header := re.match(r"== ([\d,]+) documents", line):
            size = int(header.group(1).replace(",", ""))
        numbers = [float(value) for value in re.findall(r"([\d.]+) ms", line)]
        if size and line.strip().startswith("all keystrokes") and numbers:
            row = {"figure": f"filter per keystroke, {size // 1000}k", "median": numbers[0] / 1e3,
                   "worst": numbers[1] / 1e3, "unit": "ms"}
            if len(numbers) >= 4:
                row.update(anchor=numbers[2] / 1e3, anchor_name="fzf --filter")
            if size >= 100_000:
                row.update(target="<= 0.5x fzf, none > 100 ms",
                           ok=len(numbers) >= 4 and numbers[0] <= 0.5 * numbers[2] and numbers[1] <= 100)
            elif size == 10_000:
                row.update(target="<= 16 ms", ok=numbers[0] <= 16)
            rows.append(row)
        elif size and line.strip().startswith(("name matching", "every mention")) and numbers:
            label = "name matching" if "name matching" in line else "every mention of a name"
            rows.append({"figure": f"{label}, {size // 1000}k", "median": numbers[0] / 1e3,
                         "worst": numbers[1] / 1e3, "unit": "ms"})
    return rows


def _shown(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value * 1e3:.1f} ms"
    if unit == "MB":
        return f"{value / 1e6:,.0f} MB"
    if unit == "B":
        return f"{value:,.0f} B"
    return f"{value:.2f} s"


def summary(rows: list[dict[str, Any]]) -> None:
    print(f"\n{'=' * 30} summary {'=' * 30}  ({machine_line()})")
    print(f"{'figure':<34}{'median':>11}{'worst':>11}  {'anchor':<26}{'ratio':>7}  {'target':<28}ok")
    for row in rows:
        if "error" in row:
            print(f"{row['figure']:<34}{row['error']}")
            continue
        unit = row["unit"]
        anchor = ratio = ""
        if row.get("anchor"):
            anchor = f"{_shown(row['anchor'], unit)} {row['anchor_name']}"
            ratio = f"{row['median'] / row['anchor']:.2f}"
        ok = {True: "yes", False: "NO"}.get(row.get("ok"), "")
        print(f"{row['figure']:<34}{_shown(row['median'], unit):>11}{_shown(row['worst'], unit):>11}  "
              f"{anchor:<26}{ratio:>7}  {row.get('target', ''):<28}{ok}")
        if row.get("extra"):
            print(f"{'':<36}{row['extra']}")
    print("(memory rows: 'worst' is the peak while loading; load rows: anchor = reading every file's bytes)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, default=BENCHMARKS)
    parser.add_argument("--quick", action="store_true", help="1k/10k only and fewer repeats")
    arguments = parser.parse_args(argv)
    quick = arguments.quick
    rows: list[dict[str, Any]] = []
    for name in arguments.only:
        print(f"\n{'#' * 20} {name} {'#' * 20}", flush=True)
        if name == "load":
            rows += bench_load.main(["--sizes", *(["1000", "10000"] if quick else ["10000", "100000"]),
                                     "--repeat", "1" if quick else "3"])
        elif name == "filter":
            rows += _filter(quick)
        elif name == "interface":
            rows += bench_interface.main(["--sizes", "10000", "--repeat", "1" if quick else "3"])
        elif name == "startup":
            rows += bench_startup.main(["--sizes", "0", "10000", "--repeat", "3" if quick else "7",
                                        "--cold-repeat", "1" if quick else "3"])
        elif name == "memory":
            rows += bench_memory.main(["--sizes", *(["1000", "10000"] if quick else ["1000", "10000", "100000"])])
        elif name == "terminal":
            rows += bench_terminal.main(["--sizes", "10000", "--repeat", "1" if quick else "3"])
        elif name == "reload":
            rows += bench_reload.main(["--sizes", *(["10000"] if quick else ["10000", "100000"]),
                                       "--repeat", "3" if quick else "5"])
        sys.stdout.flush()
    summary(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
