"""A read-only sequence whose items are made when they are read (filter hits, packed mentions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar, overload

__all__ = ["LazySequence"]

Item = TypeVar("Item")


class LazySequence(Sequence[Item]):
    """Subclasses give `__len__` and `_item(index)` for an index in range; indexing (negative too)
    and slicing are done here, so that a slice makes only the items it holds."""

    def _item(self, index: int) -> Item:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> Item: ...

    @overload
    def __getitem__(self, index: slice) -> list[Item]: ...

    def __getitem__(self, index: int | slice) -> Item | list[Item]:
        if isinstance(index, slice):
            return [self._item(number) for number in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._item(index)
