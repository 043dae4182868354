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
"""

from __future__ import annotations

import gc

__all__ = ["THRESHOLDS", "first_frame_shown", "settle"]

THRESHOLDS = (5_000, 20, 100)
"""Young, middle and full collection thresholds once the store is settled (Python's are 700, 10, 10)."""


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
