"""The cycle collector paused while many long-lived objects are made (a load, an index, a store).

Every few hundred new objects the collector walks all the young ones, and now and then every
object made so far: with millions made and none of them garbage, it only costs (reading a
10k-document cache took about twice as long with it).

The collector is one switch for the whole process, and threads pause it at once (a reload reads
the cache while the disk watch walks the folders): it collects again only when the last pause
ends. Were each pause to restore what it found, the first to end would turn collections back on
in the middle of the other's work, which then walks everything that work made so far (0.1-0.3 s
at 100,000 documents, holding every thread).
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]

_pauses_lock = threading.Lock()
_pauses = 0
"""Pauses under way, on any thread."""
_collecting_before = False
"""Whether the collector ran when the first of them began."""


@contextmanager
def collector_paused(*, keep: bool = False) -> Iterator[None]:
    """No collection inside; as it was once every pause has ended. `keep`: what was made lives as
    long as the process, so on success it is frozen out of the collector's sight (`gc.freeze`)
    before that runs again: else the first collection walks every object just made (0.2 s for a
    100k-document store, just before a reader shows its first rows). Reference counting still
    frees them."""
    global _pauses, _collecting_before
    with _pauses_lock:
        if _pauses == 0:
            _collecting_before = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
        if keep:
            gc.freeze()
    finally:
        with _pauses_lock:
            _pauses -= 1
            if _pauses == 0 and _collecting_before:
                gc.enable()


def _forked() -> None:
    """A child has the one thread that forked: pauses of the others never end there, and their lock
    may have been held at the fork."""
    global _pauses_lock, _pauses
    _pauses_lock = threading.Lock()
    _pauses = 0


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forked)
