"""The cycle collector paused while many long-lived objects are made (a load, an index, a store).

Every few hundred new objects the collector walks all the young ones, and now and then every
object made so far: with millions made and none of them garbage, it only costs (reading a
10k-document cache took about twice as long with it).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused(*, keep: bool = False) -> Iterator[None]:
    """No collection inside; as it was afterwards. `keep`: what was made lives as long as the
    process, so on success it is frozen out of the collector's sight (`gc.freeze`) before that runs
    again: else the first collection walks every object just made (0.2 s for a 100k-document
    store, just before a reader shows its first rows). Reference counting still frees them."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
        if keep:
            gc.freeze()
    finally:
        if collecting:
            gc.enable()
