"""Names whose mentions stay compact until they are read.

A corpus of 10,000 articles has a quarter of a million mentions; making a frozen `Mention` for
each while indexing was a third of the index's time, and pickling them (the corpus cache) as much
again. A `CompactName` IS a `reader.model.Name`; it keeps its mentions as integer columns and
makes the `Mention` objects the first time `mentions` is read (in C-level loops, no Python frame
per mention), then lets the columns go. It pickles as its columns while it has them, so a corpus
cached right after indexing comes back compact too.

The columns are one `bytes` of five 32-bit words a mention (20 bytes): `int.to_bytes` of the int
the index builds each mention as (see `MENTION_SHIFT`) lays them out, and a `memoryview` reads
each column back as a slice, all in C; one `bytes` pickles faster than five arrays.
"""

from __future__ import annotations

import dataclasses
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby, repeat
from operator import add, attrgetter, getitem
from typing import Any

from reader.gc_pause import collector_paused
from reader.lazy import LazySequence
from reader.model import Mention, Name

__all__ = ["CompactName", "PackedMentions", "MENTION_SHIFT", "ORDER_SHIFT", "SURFACE_BITS", "compact_name", "move_name",
           "pack", "packed_orders", "spans_by_field"]

# While the index is built, where a run or a mention starts is one int,
# `(document order << FIELD_BITS | field index) << START_BITS | offset`, and a mention one int,
# `where it starts << MENTION_SHIFT | length << SURFACE_BITS | surface number`. Wide enough for
# any text (fields and offsets below 2**32); Python ints have no upper bound for the order.
FIELD_BITS = 32
START_BITS = 32
ORDER_SHIFT = FIELD_BITS + START_BITS
SURFACE_BITS = 32
LENGTH_BITS = 32
MENTION_SHIFT = LENGTH_BITS + SURFACE_BITS

_WORDS = 5
"""32-bit words a mention: surface number, length, start, field, order (`MENTION_SHIFT` upward)."""
_BYTES = 4 * _WORDS
_BYTE_ORDER = sys.byteorder
"""`int.to_bytes` in the machine's order, so that `memoryview.cast("I")` reads the words back."""
_SURFACE, _LENGTH, _START, _FIELD, _ORDER = range(_WORDS) if _BYTE_ORDER == "little" else range(_WORDS - 1, -1, -1)
_to_bytes = int.to_bytes
_consume = deque(maxlen=0).extend
_new = object.__new__
# The slots of the frozen dataclasses, set directly: `Name.__init__` would go through the
# `mentions` property below, and `Mention.__init__` costs a Python frame per mention.
_NAME_SLOTS = {slot: Name.__dict__[slot] for slot in ("name", "kind", "aliases", "mentions")}
_SET_MENTIONS = _NAME_SLOTS["mentions"].__set__
_GET_MENTIONS = _NAME_SLOTS["mentions"].__get__
_MENTION_SET = {slot: Mention.__dict__[slot].__set__ for slot in Mention.__slots__}
_ORDER_OF = attrgetter("order")
_FIELD_INDEX_OF = attrgetter("field_index")

Columns = tuple[bytes, list[str], list[str], list[list[str]]]
"""The mentions, packed; then the surfaces by number, the document ids and the field labels of the
whole corpus (all three shared by every name)."""


def _mentions(self: CompactName) -> tuple[Mention, ...]:
    try:
        return _GET_MENTIONS(self)
    except AttributeError:
        pass
    columns = self._columns
    if columns is None:  # made meanwhile by another thread
        return _GET_MENTIONS(self)
    packed, surfaces, document_ids, labels = columns
    words = memoryview(packed).cast("I")
    orders, fields, starts = words[_ORDER::_WORDS], words[_FIELD::_WORDS], words[_START::_WORDS]
    # Mentions hold no cycles; the cycle collector, run every 700 new objects over a whole loaded
    # corpus, was two thirds of the time (and most of it at 100,000 documents).
    with collector_paused():
        mentions = tuple(map(_new, repeat(Mention, len(orders))))
        _consume(map(_MENTION_SET["order"], mentions, orders))
        _consume(map(_MENTION_SET["field_index"], mentions, fields))
        _consume(map(_MENTION_SET["start"], mentions, starts))
        _consume(map(_MENTION_SET["end"], mentions, map(add, starts, words[_LENGTH::_WORDS])))
        _consume(map(_MENTION_SET["document_id"], mentions, map(document_ids.__getitem__, orders)))
        _consume(map(_MENTION_SET["field"], mentions, map(getitem, map(labels.__getitem__, orders), fields)))
        _consume(map(_MENTION_SET["surface"], mentions, map(surfaces.__getitem__, words[_SURFACE::_WORDS])))
    # Two threads may both get here; both make equal tuples and either may stay. The columns go
    # once the mentions exist (20 bytes a mention); whoever finds them gone finds the mentions.
    _SET_MENTIONS(self, mentions)
    _SET_COLUMNS(self, None)
    return mentions


def _set_mentions(self: CompactName, mentions: tuple[Mention, ...]) -> None:
    # Only `Name.__init__` (e.g. through `dataclasses.replace`) sets it: a plain name then.
    _SET_MENTIONS(self, mentions)
    _SET_COLUMNS(self, None)


class CompactName(Name):
    """A `Name` whose `mentions` are made when first read."""

    __slots__ = ("_columns", "_document_count")

    mentions = property(_mentions, _set_mentions)

    @property
    def documents(self) -> int:
        # Counted once per set of mentions: the name jumper shows it on each row it draws, and a
        # name found all over a 100k corpus has tens of thousands of mentions (over a millisecond).
        columns = self._columns
        counted_in = self.mentions if columns is None else columns[0]
        try:
            counted = self._document_count
        except AttributeError:  # never counted (the slot is not set when a name is made)
            counted = None
        if counted is not None and counted[0] is counted_in:
            return counted[1]
        count = Name.documents.fget(self) if columns is None else len(set(packed_orders(counted_in)))
        _SET_DOCUMENT_COUNT(self, (counted_in, count))
        return count

    @property
    def mention_count(self) -> int:
        columns = self._columns
        return len(self.mentions) if columns is None else len(columns[0]) // _BYTES

    def mentions_in_document(self, order: int) -> list[Mention]:
        """The mentions in the document at `order` (display order), made on their own: reading one
        document must not make every mention of a name found all over the corpus (a 100k-document
        corpus has names with a hundred thousand)."""
        columns = self._columns
        if columns is None:
            mentions = self.mentions
            first = bisect_left(mentions, order, key=_ORDER_OF)
            return list(mentions[first : bisect_right(mentions, order, lo=first, key=_ORDER_OF)])
        packed = PackedMentions(columns)
        first = bisect_left(packed.orders, order)
        return packed[first : bisect_right(packed.orders, order, lo=first)]

    def spans_in_document(self, order: int) -> Iterator[tuple[int, Iterable[tuple[int, int]]]]:
        """Each field of the document at `order` this name is mentioned in, with the `(start, end)`
        of those mentions in order, making no `Mention`: marking an article with 100,000 mentions
        made them all (1 s)."""
        columns = self._columns
        if columns is None:
            yield from spans_by_field(self.mentions_in_document(order))
            return
        words = memoryview(columns[0]).cast("I")
        orders = words[_ORDER::_WORDS]
        first = bisect_left(orders, order)
        here = words[first * _WORDS : bisect_right(orders, order, lo=first) * _WORDS]
        fields, starts, lengths = here[_FIELD::_WORDS], here[_START::_WORDS], here[_LENGTH::_WORDS]
        at = 0
        while at < len(fields):  # a field's mentions are together: one slice each, zipped in C
            field = fields[at]
            end = bisect_right(fields, field, lo=at)
            yield field, zip(starts[at:end], map(add, starts[at:end], lengths[at:end]))
            at = end

    def walk(self) -> Sequence[Mention]:
        """Every mention in reading order, each made when it is read: walking a name mention by
        mention makes a few, where `mentions` makes them all (and keeps them)."""
        columns = self._columns
        return self.mentions if columns is None else PackedMentions(columns)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        columns = self._columns
        if columns is None:
            return _rebuild_made, (self.name, self.kind, self.aliases, self.mentions)
        return _rebuild, (self.name, self.kind, self.aliases, columns)


class PackedMentions(LazySequence[Mention]):
    """A name's packed mentions as a sequence that makes each `Mention` when it is read."""

    def __init__(self, columns: Columns) -> None:
        self._packed, self._surfaces, self._document_ids, self._labels = columns
        self._words = memoryview(self._packed).cast("I")
        self.orders = self._words[_ORDER::_WORDS]
        """The document order of each mention (sorted): for a binary search."""

    def __len__(self) -> int:
        return len(self.orders)

    def _item(self, number: int) -> Mention:
        words = self._words
        base = number * _WORDS
        order, field, start = words[base + _ORDER], words[base + _FIELD], words[base + _START]
        mention = _new(Mention)
        _MENTION_SET["order"](mention, order)
        _MENTION_SET["field_index"](mention, field)
        _MENTION_SET["start"](mention, start)
        _MENTION_SET["end"](mention, start + words[base + _LENGTH])
        _MENTION_SET["document_id"](mention, self._document_ids[order])
        _MENTION_SET["field"](mention, self._labels[order][field])
        _MENTION_SET["surface"](mention, self._surfaces[words[base + _SURFACE]])
        return mention


def spans_by_field(mentions: Iterable[Mention]) -> Iterator[tuple[int, list[tuple[int, int]]]]:
    """One document's mentions, in reading order, as `CompactName.spans_in_document` gives them:
    each field index with the `(start, end)` of its mentions."""
    for field, in_field in groupby(mentions, _FIELD_INDEX_OF):
        yield field, [(mention.start, mention.end) for mention in in_field]


# Through the slot: the frozen dataclass's `__setattr__` does not work on a subclass with slots.
_SET_COLUMNS = CompactName.__dict__["_columns"].__set__
_SET_DOCUMENT_COUNT = CompactName.__dict__["_document_count"].__set__


def _rebuild(name: str, kind: str, aliases: tuple[str, ...], columns: Columns) -> CompactName:
    made = _new(CompactName)
    _NAME_SLOTS["name"].__set__(made, name)
    _NAME_SLOTS["kind"].__set__(made, kind)
    _NAME_SLOTS["aliases"].__set__(made, aliases)
    _SET_COLUMNS(made, columns)
    return made


def _rebuild_made(name: str, kind: str, aliases: tuple[str, ...], mentions: tuple[Mention, ...]) -> CompactName:
    made = _rebuild(name, kind, aliases, None)
    _SET_MENTIONS(made, mentions)
    return made


def compact_name(
    name: str, kind: str, aliases: tuple[str, ...], mentions: list[int] | bytes, surface_texts: list[str],
    document_ids: list[str], labels: list[list[str]],
) -> CompactName:
    """A name from its mentions as sorted ints (see `MENTION_SHIFT`), or already `pack`ed;
    `surface_texts` by number."""
    packed = mentions if isinstance(mentions, bytes) else pack(mentions)
    return _rebuild(name, kind, aliases, (packed, surface_texts, document_ids, labels))


def pack(mentions: list[int]) -> bytes:
    """Mentions as sorted ints (see `MENTION_SHIFT`) as a name keeps them: 20 bytes each."""
    return b"".join(map(_to_bytes, mentions, repeat(_BYTES), repeat(_BYTE_ORDER)))


def packed_orders(packed: bytes) -> memoryview:
    """The document order of each of the `pack`ed mentions."""
    return memoryview(packed).cast("I")[_ORDER::_WORDS]


def move_name(name: Name, new_orders: Sequence[int], document_ids: list[str], moved_labels: MovedLabels,
              in_gone: bool = True) -> bool:
    """Move `name`, in place, to documents that moved: the one at order n now stands at
    `new_orders[n]`, or is gone when that is -1 (its mentions are dropped). `new_orders` must keep
    the documents left in the same order, so that the mentions stay in reading order. False when
    no mention is left. `in_gone`: whether the name may have mentions in a document gone.

    In place, so that whatever refers to the name (an index's keys and documents) still does: for
    a name no one else holds. A compact name stays compact: no `Mention` is made."""
    columns = name._columns if isinstance(name, CompactName) else None
    if isinstance(name, CompactName):
        _SET_DOCUMENT_COUNT(name, None)  # the documents it was counted in may be gone
    if columns is None:
        mentions = tuple(
            dataclasses.replace(mention, order=new_orders[mention.order])
            for mention in name.mentions
            if new_orders[mention.order] >= 0
        )
        _SET_MENTIONS(name, mentions)
        return bool(mentions)
    packed, surfaces, _, labels = columns
    if in_gone:
        orders = array("i", map(new_orders.__getitem__, packed_orders(packed)))
        if orders and min(orders) < 0:
            kept = [number for number, order in enumerate(orders) if order >= 0]
            packed = b"".join([packed[number * _BYTES : (number + 1) * _BYTES] for number in kept])
            orders = array("i", [orders[number] for number in kept])
        orders = array("I", orders.tobytes())
    else:  # the common case, all in C
        orders = array("I", map(new_orders.__getitem__, packed_orders(packed)))
    moved = bytearray(packed)  # a PackedMentions reads a bytearray as it reads bytes
    memoryview(moved).cast("I")[_ORDER::_WORDS] = orders
    _SET_COLUMNS(name, (moved, surfaces, document_ids, moved_labels(labels)))
    return bool(orders)


class MovedLabels:
    """The field labels of documents that moved, made once for all the names sharing them."""

    def __init__(self, new_orders: Sequence[int], count: int) -> None:
        self._new_orders = new_orders
        self._count = count
        self._moved: dict[int, list[list[str]]] = {}

    def __call__(self, labels: list[list[str]]) -> list[list[str]]:
        moved = self._moved.get(id(labels))
        if moved is None:
            # Only documents with mentions are ever labelled: the ones new to the index get none.
            moved = self._moved[id(labels)] = [[]] * self._count
            for order, new_order in enumerate(self._new_orders):
                if new_order >= 0:
                    moved[new_order] = labels[order]
        return moved
