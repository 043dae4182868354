"""A one-line progress bar for long loads on a terminal; silent when the stream is not one."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """Call with `(done, total)`; draws on `stream` only if it is a terminal.

    Redraws are throttled so that reporting every file of a big corpus costs nothing.
    """

    def __init__(self, label: str, stream: TextIO | None = None, width: int = 30) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.enabled = _is_terminal(self.stream)
        self._last_draw = 0.0
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self._last_draw < 0.05:
            return
        self._last_draw = now
        fraction = done / total if total else 1.0
        filled = int(fraction * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        # Once every file is read the names are indexed, which takes a while for a big corpus.
        after = "; indexing names…" if done >= total else ""
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total} files{after}")
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
