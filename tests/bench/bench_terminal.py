"""What the reader writes to its terminal per key: what an SSH link carries while a user reads.

    python -m tests.bench.bench_terminal                      # 10k documents
    python -m tests.bench.bench_terminal --sizes 10000 --repeat 3 --pace 0.15

The real `openai-reader` runs in a fresh pseudo-terminal (120x40, xterm-256color) over a synthetic
corpus whose cache is written first. Once its list shows, `/` focuses the filter and `sutskever`,
`altman` and `openai board` are typed letter by letter, `--pace` seconds apart (a brisk typist),
Esc and a pause between words; then `j` moves the list cursor five times, half a second apart (each
previews the next document), `Tab` switches panes twice, and `@` opens the name jumper and Esc
closes it, twice. Every byte the reader writes in the
window after a key counts for that key; what follows a word's last letter by up to a second (the
preview of its top hit) counts for the word. The anchor, measured in the same run, is the first
screen: every cell drawn once.
"""

from __future__ import annotations

import statistics
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from tests.bench.bench_interface import WORDS
from tests.bench.bench_startup import LIST_COUNT, commands
from tests.bench.common import load_average, median_worst, run_sizes, size_parser
from tests.bench.synthetic import cached_corpus
from tests.terminal import Pty, terminal_environment

COLUMNS, LINES = 120, 40


def bench_size(n: int, repeat: int, pace: float, seed: int) -> list[dict[str, Any]]:
    corpus = cached_corpus(n, seed)
    reader, _ = commands(via_path=False)
    print(f"\n== {n:,} documents: {corpus}; load average {load_average()}")
    screens: list[int] = []
    letters: list[int] = []
    words: dict[str, list[int]] = {word: [] for word in WORDS}
    moves: list[int] = []
    switches: list[int] = []
    jumper_opened: list[int] = []
    jumper_closed: list[int] = []
    with tempfile.TemporaryDirectory(prefix="openai-reader-bench-terminal-") as temporary:
        base = Path(temporary)
        cache = base / "cache"
        subprocess.run([*reader, "--check", "--corpus", str(corpus)], capture_output=True, check=False,
                       env=terminal_environment(base / "prime", cache, COLUMNS, LINES), timeout=900)
        for attempt in range(repeat):
            home = base / f"home-{attempt}"
            home.mkdir()
            terminal = Pty([*reader, "--corpus", str(corpus)], terminal_environment(home, cache, COLUMNS, LINES),
                           COLUMNS, LINES)
            try:
                # Once the list shows its rows, and a moment more for the rest of the screen.
                screens.append(len(terminal.read_until(LIST_COUNT.search, timeout=120) + terminal.read_for(1.0)))
                for word in WORDS:
                    terminal.key("/", 0.3)
                    typed = [len(terminal.key(letter, pace)) for letter in word]
                    letters.extend(typed)
                    words[word].append(sum(typed) + len(terminal.read_for(1.0)))
                    terminal.key("\x1b", 0.5)
                moves.extend(len(terminal.key("j", 0.5)) for _ in range(5))
                switches.extend(len(terminal.key("\t", 0.5)) for _ in range(2))
                for _ in range(2):
                    jumper_opened.append(len(terminal.key("@", 0.5)))
                    jumper_closed.append(len(terminal.key("\x1b", 0.5)))
            finally:
                terminal.stop()
    screen = statistics.median(screens)
    print(f"  {'bytes written':<46}{'median':>10}{'worst':>10}{'x screen':>10}")
    print(f"  {'anchor: the first screen':<46}{screen:>10,.0f}{max(screens):>10,}{1:>10.2f}")
    figures = [(f"a typed letter ({pace * 1000:.0f} ms apart)", letters),
               *((f"typing '{word}', with its preview", values) for word, values in words.items()),
               ("j: the next row, previewed", moves), ("Tab: the other pane", switches),
               ("@: the name jumper opened", jumper_opened), ("Esc: the name jumper closed", jumper_closed)]
    for label, values in figures:
        median, worst = median_worst(values)
        print(f"  {label:<46}{median:>10,.0f}{worst:>10,}{median / screen:>10.2f}")
    median, worst = median_worst(letters)
    return [{"figure": f"bytes per typed letter, {n // 1000}k", "median": median, "worst": worst, "unit": "B",
             "anchor": screen, "anchor_name": "first screen"}]


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = size_parser(__doc__, [10_000], 3, "runs of the reader")
    parser.add_argument("--pace", type=float, default=0.15, help="seconds between two typed letters")
    arguments = parser.parse_args(argv)
    return run_sizes(f"Bytes to the terminal per key ({COLUMNS}x{LINES} pty, xterm-256color)", arguments.sizes,
                     lambda n: bench_size(n, arguments.repeat, arguments.pace, arguments.seed))


if __name__ == "__main__":
    main()
