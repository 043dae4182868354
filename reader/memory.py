"""Memory a load has freed, handed back to the system.

A start that reads a stale cache frees much of it again (its filter and name index) in among what
stays (its documents), and the filter of the documents listed first goes once the names come.
glibc keeps such freed pages in the process unless asked (`malloc_trim`): at 100,000 documents, a
reader that started from a day-old cache held about 90 MB more than one started from a fresh cache.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

__all__ = ["freed_memory_returner", "return_freed_memory"]


def return_freed_memory() -> None:
    """Ask the C library to give free pages back to the system (a few milliseconds); a no-op where
    it cannot (not glibc)."""
    freed_memory_returner()()


def freed_memory_returner() -> Callable[[], object]:
    """`return_freed_memory` as one call into C, looked up in the calling thread: another thread
    may then make it with no import of its own. A thread importing `ctypes` while another forks
    left the child blocked on that import's lock for good (a reload's build never came)."""
    import ctypes  # here: not on the way to the first screen

    try:
        trim = ctypes.CDLL(None).malloc_trim  # the running program's own C library
    except (OSError, AttributeError):
        return lambda: None
    return partial(trim, 0)
