"""Python's cyclic garbage collector, kept out of the frames of an interface over a big corpus.

A store of 100,000 documents is millions of objects that live as long as the app. Once loaded they
are collected once and frozen (`gc.freeze()`): no collection scans them again. What the interface
then makes is mostly short-lived and freed by reference counting (each frame's strips, a filter
result), yet with the default thresholds a keystroke still triggers about ten young collections,
one middle one, and every dozen keystrokes a full one (5 to 20 ms at 10k documents, inside the
frame it delays). Counting seven times as many new objects before a young collection lets most of
them die first, and full collections come about every hundred middle ones: a few thousand
keystrokes apart instead of a dozen.
"""

from __future__ import annotations

import gc

__all__ = ["FREEZE_FROM_DOCUMENTS", "THRESHOLDS", "settle"]

FREEZE_FROM_DOCUMENTS = 1_000
"""A smaller store is not worth the first collection's tens of milliseconds before its first rows."""
THRESHOLDS = (5_000, 20, 100)
"""Young, middle and full collection thresholds once the store is settled (Python's are 700, 10, 10)."""


def settle(document_count: int) -> bool:
    """Collect once, freeze what is alive and collect less often, if `document_count` is big enough
    to be worth it. Call once the store is loaded; returns whether it did."""
    if document_count < FREEZE_FROM_DOCUMENTS:
        return False
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    return True
