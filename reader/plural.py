"""Counts in words: `1 document`, `2 documents`, `1 person`, `3 people`."""

from __future__ import annotations

__all__ = ["counted"]


def counted(count: int, one: str, many: str | None = None) -> str:
    """`count` and the noun in the number it takes; `many` when the plural is not `one` + s."""
    return f"{count:,} {one if count == 1 else many or one + 's'}"
