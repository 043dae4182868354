"""How far a load is: its stages, the names' share of it, and a one-line progress bar for a
terminal (silent when the stream is not one)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

FILES, NAMES = "files", "names"
"""What a load reports, as `progress(done, total)` for its files read, then, for a build that
indexes names, `progress(percent, 100, NAMES)` while they are indexed."""


class NamesProgress:
    """How far the names of a build are, as one percentage reported when it moves on.

    A build goes on for a while once its files are read: at 100,000 documents on two cores it
    scanned the documents still to scan for about 11 s, resolved the names for 3.5 s and packed
    their mentions for 2.5 s; the store was then made (its filter, 0.5 s) and sent to the reader
    (1.4 s). Each part reports how far it is; each has the share it takes. The last is reported as
    it starts and as the store is sent: 100% is said only by the names arriving, not for seconds before.
    """

    _SHARES = {"scan": (0, 58), "resolve": (58, 76), "pack": (76, 90), "store": (90, 100)}

    def __init__(self, progress: Callable[..., None]) -> None:
        self._progress = progress
        self._reported = -1

    def __call__(self, part: str, done: int, total: int) -> None:
        start, end = self._SHARES[part]
        percent = start + (end - start) * min(done, total) // total if total > 0 else end
        if percent > self._reported:
            self._reported = percent
            self._progress(percent, 100, NAMES)


class ProgressBar:
    """Call with `(done, total)` for the files read, then `names(percent)`; draws on `stream` only
    if it is a terminal.

    Redraws are throttled so that reporting every file of a big corpus costs nothing.
    """

    def __init__(self, label: str, stream: TextIO | None = None, width: int = 30) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.enabled = _is_terminal(self.stream)
        self._last_draw = 0.0
        self._drawn = False
        self._files = 0

    def __call__(self, done: int, total: int) -> None:
        """`done` of `total` files read."""
        self._files = total
        # Once every file is read the names are indexed, which takes a while for a big corpus.
        self._draw(done, total, f"{done}/{total} files" + ("; indexing names…" if done >= total else ""))

    def names(self, percent: int) -> None:
        """The names `percent` indexed."""
        # Each percent is said once (a hundred at most), and the last ones stand for seconds at 100k.
        self._draw(percent, 100, f"{self._files} files read; indexing names… {percent}%", throttled=False)

    def _draw(self, done: int, total: int, said: str, *, throttled: bool = True) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if throttled and done < total and now - self._last_draw < 0.05:
            return
        self._last_draw = now
        fraction = done / total if total else 1.0
        filled = int(fraction * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {said}\x1b[K")  # what a longer line left is erased
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Erase the bar so the report starts on a clean line."""
        if self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._drawn = False


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
