"""Python's cyclic garbage collector, kept out of the interface's frames.

Start-up (Textual's modules, styles and widgets) and the store make objects that live as long as the
app: a store of 100,000 documents is millions. Each is frozen once made (`gc.freeze()`, instant): no
collection scans them again, and none runs while the first frame is being made. What the interface
then makes is mostly short-lived and freed by reference counting (each frame's strips, a filter
result), yet with the default thresholds a keystroke still triggers about ten young collections,
one middle one, and every dozen keystrokes a full one (5 to 20 ms at 10k documents, inside the
frame it delays). Counting seven times as many new objects before a young collection lets most of
them die first, and full collections come about every hundred middle ones: a few thousand
keystrokes apart instead of a dozen.

Middle and full collections still come due while typing, in the frame of the keystroke that
triggers them. Run when input pauses (`collect_if_due`), before they are due, they land between
keystrokes instead.
"""

from __future__ import annotations

import gc

__all__ = ["IDLE_SECONDS", "THRESHOLDS", "collect_if_due", "first_frame_shown", "resettle", "settle"]

THRESHOLDS = (5_000, 20, 100)
"""Young, middle and full collection thresholds once the store is settled (Python's are 700, 10, 10)."""
IDLE_SECONDS = 0.1
"""How long input pauses before `collect_if_due`: fast typists leave a tenth of a second or more
between two keys, and a key held down repeats faster (its collections then come when due)."""


def first_frame_shown() -> None:
    """Collect again (the command line starts the interface with the collector off), never scanning
    what the start-up made: modules, styles and widgets live as long as the app."""
    gc.freeze()
    gc.enable()


def settle() -> None:
    """Freeze what is alive and collect less often from now on. Call once the store is loaded.

    No collection first: it would hold every thread for 50 ms at 10k documents and 350 ms at 100k,
    just before the first rows, to free the load's few cyclic leftovers (about 10,000 objects at
    10k, 30,000 at 100k), which now stay frozen with the store. And freezing is instant, so a small
    store is frozen too: otherwise the first collection after its load, with the start-up's objects
    all still young, lands in the frame of the first rows."""
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


def resettle() -> None:
    """A replaced store (a reload's) outlived its last reference, held in a cycle that was frozen
    with it: collect once what is garbage, then freeze what lives again. A full collection."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def collect_if_due() -> int | None:
    """Run the middle collection now if it is at least a quarter due, or the full one if at least
    half due: the generation collected, or None. Call when input pauses, once the store is settled
    (before, the thresholds are Python's and the collections are left to it).

    A middle collection walks what survived the young ones since the last, mostly cycles Textual's
    strips make: about 5 ms a quarter due at 10k documents, where the one a keystroke triggers when
    fully due walks four times as much, 20 to 30 ms in that keystroke's frame."""
    if gc.get_threshold() != THRESHOLDS:
        return None
    _, young_collections, middle_collections = gc.get_count()
    if middle_collections >= THRESHOLDS[2] // 2:
        generation = 2
    elif young_collections >= THRESHOLDS[1] // 4:
        generation = 1
    else:
        return None
    gc.collect(generation)
    return generation
