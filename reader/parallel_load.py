"""A big corpus read on two processes, each scanning the names of the files it reads.

Reading and normalising a file and scanning its names (pass one of the name index, the most
costly part of a first load) need nothing but that file, so a forked helper reads and scans the
later files while this process reads and scans the earlier ones. The helper sends its documents
as soon as they are read and then scans them; this process takes them between two of its own
documents, sorts all into display order, tells the helper that order, hands the documents on (a
reader lists them early) and scans on.

The display order is only known once every file is read, so until then each process scans its
documents under their number in its share, and moves what it found to display order afterwards
(`Scanner.renumber`, on both cores at once); from then on it scans each document at its place.
`Scanner.in_display_order` then makes the merged scan exactly what one scan in display order would
have made: the index is the same to the byte.

If the helper fails, this process reads or scans its share itself.
"""

from __future__ import annotations

import gc
import mmap
import os
import select
from array import array
from collections.abc import Callable, Sequence
from typing import Any

from reader.cache import ModelSender
from reader.forked import ChildFailed, Forked
from reader.listing import Listing, _Found
from reader.loading import LoadResult, _collect, _load_file
from reader.model import Document, Problem
from reader.name_scan import Scanner

__all__ = ["load_and_scan"]

Progress = Callable[[int, int], None]
Loaded = list[tuple[Document | None, list[Problem]]]

OWN_SHARE = 0.48
"""The share of the files this process reads and scans; the helper takes the rest. A little less
than half: this process also sorts the documents, hands them on and merges (at 100k documents,
about 2 s more than the helper; measured with both processes traced)."""
_CHECK_EVERY = 16
"""Documents scanned between two looks at whether the helper's documents have come."""
_ORDER_ITEM = "i"


def load_and_scan(listing: Listing, progress: Progress | None = None,
                  loaded_first: Callable[[LoadResult], None] | None = None) -> tuple[LoadResult, Scanner]:
    """The corpus as `reader.loading.load_listed` reads it, and a `Scanner` that has scanned its
    documents in display order (not yet finished). `loaded_first` gets the documents as soon as
    all are read, before the scanning ends."""
    collecting = gc.isenabled()
    gc.disable()  # millions of new objects and no cycles among them: the collector only costs
    try:
        return _load_and_scan(listing, progress or _ignore, loaded_first)
    finally:
        if collecting:
            gc.enable()


def _load_and_scan(listing: Listing, report: Progress,
                   loaded_first: Callable[[LoadResult], None] | None) -> tuple[LoadResult, Scanner]:
    files = listing.files
    total = len(files)
    cut = round(total * OWN_SHARE) if total >= 2 else total
    report(0, total)
    helper = _Helper.start(files[cut:]) if cut < total else None
    try:
        own: Loaded = []
        for done, item in enumerate(files[:cut], 1):
            own.append(_load_file(item))
            if done % 64 == 0 or done == cut:
                report(done + (helper.done() if helper is not None else 0), total)

        def helper_progress(done: int, _total: int) -> None:
            report(cut + done, total)

        scan = _Scan()

        def sort_all(helper: _Helper | None) -> tuple[Loaded, _Helper | None, LoadResult, list[int]]:
            theirs, helper = _their_documents(helper, files[cut:], helper_progress)
            result, display_order = _sorted(own + theirs, listing, helper, cut, report, loaded_first)
            scan.order = display_order
            return theirs, helper, result, display_order

        theirs: Loaded | None = None
        for number, (document, _) in enumerate(own):
            if theirs is None and number % _CHECK_EVERY == 0:
                if helper is None or helper.ready():
                    theirs, helper, result, display_order = sort_all(helper)
                else:
                    helper_progress(helper.done(), total)  # it is still reading: the count moves on
            scan.add(number, document)
        if theirs is None:
            theirs, helper, result, display_order = sort_all(helper)
        scanner = scan.placed(own)
        exported = helper.scanned() if helper is not None else None
        if exported is not None:
            scanner.merge(exported)
        else:  # what the helper would have scanned, scanned here: kept documents, in place at once
            for number, (document, _) in enumerate(theirs, cut):
                if document is not None and display_order[number] >= 0:
                    scanner.scan_document(display_order[number], document)
        scanner.in_display_order(document.language for document in result.documents)
        return result, scanner
    finally:
        if helper is not None:
            helper.stop()


def _sorted(loaded: Loaded, listing: Listing, helper: _Helper | None, cut: int, report: Progress,
            loaded_first: Callable[[LoadResult], None] | None) -> tuple[LoadResult, list[int]]:
    """Every document in display order, and where each file's document went (-1: none, or a
    duplicate left out); the helper is told its part, and the documents are handed on."""
    result = _collect(loaded, list(listing.problems))
    number_of = {document.id: number for number, (document, _) in enumerate(loaded) if document is not None}
    display_order = [-1] * len(loaded)
    for position, document in enumerate(result.documents):
        display_order[number_of[document.id]] = position
    if helper is not None:
        helper.tell_order(display_order[cut:])
    report(len(loaded), len(loaded))
    if loaded_first is not None:
        loaded_first(result)
    return result, display_order


class _Scan:
    """What one process scans: under the documents' numbers in its share until the display order
    is known (`order`, by those numbers), then at their place in it at once. Only the first part
    has to be moved (`Scanner.renumber`), and a duplicate left out is then no longer scanned."""

    def __init__(self) -> None:
        self.order: Sequence[int] | None = None
        self._early = Scanner()
        self._early_count = 0
        self._placed = Scanner()

    def add(self, number: int, document: Document | None) -> None:
        if self.order is None:
            self._early_count = number + 1
            if document is not None:
                self._early.scan_document(number, document)
        elif document is not None and self.order[number] >= 0:
            self._placed.scan_document(self.order[number], document)

    def placed(self, loaded: Loaded) -> Scanner:
        """Everything scanned, at its place in display order (groups not yet in order)."""
        assert self.order is not None, "the display order comes before the end"
        if self._early_count:
            dropped = None
            for number, (document, _) in enumerate(loaded[: self._early_count]):
                if document is not None and self.order[number] < 0:
                    dropped = dropped or Scanner()
                    dropped.scan_document(number, document)
            self._early.renumber(self.order, dropped)
            self._placed.merge(self._early.export())
        return self._placed


def _their_documents(helper: _Helper | None, items: Sequence[_Found], progress: Progress) -> tuple[Loaded, _Helper | None]:
    """The helper's documents; read here if it failed (then there is no helper any more)."""
    if helper is not None:
        try:
            return helper.child.result(progress, last=False), helper
        except ChildFailed:
            helper.stop()
    return [_load_file(item) for item in items], None


class _Helper:
    """The forked helper, and the way to tell it the display order: shared memory for the order
    (no pipe to fill while the helper is busy) and a pipe to say it is there."""

    def __init__(self, child: Forked, shared: mmap.mmap, signal_write: int) -> None:
        self.child = child
        self._shared = shared
        self._signal_write: int | None = signal_write
        self._done = 0

    @classmethod
    def start(cls, items: Sequence[_Found]) -> _Helper | None:
        try:
            shared = mmap.mmap(-1, max(1, len(items)) * array(_ORDER_ITEM).itemsize)
            signal_read, signal_write = os.pipe()
        except OSError:
            return None
        try:
            child = Forked(_read_and_scan, items, shared, signal_read, signal_write, sender=ModelSender)
        except Exception:  # noqa: BLE001 - no memory for a child, say: do it all here
            os.close(signal_write)
            return None
        finally:
            os.close(signal_read)
        return cls(child, shared, signal_write)

    def done(self) -> int:
        """How many of its files the helper has read, as far as it has said."""
        try:
            self._done = (self.child.poll() or (self._done, 0))[0]
        except ChildFailed:  # said again when its documents are asked for, and read here then
            pass
        return self._done

    def ready(self) -> bool:
        """Whether its documents have begun to come (or it failed: they are read here then)."""
        try:
            return self.child.ready()
        except ChildFailed:
            return True

    def tell_order(self, display_order: list[int]) -> None:
        self._shared[: len(display_order) * array(_ORDER_ITEM).itemsize] = array(_ORDER_ITEM, display_order).tobytes()
        if self._signal_write is not None:
            try:
                os.write(self._signal_write, b"o")
            except OSError:  # it ended: its scan is asked for, fails, and is done here
                pass

    def scanned(self) -> tuple | None:
        try:
            return self.child.result()
        except ChildFailed:
            return None

    def stop(self) -> None:
        self.child.stop()
        if self._signal_write is not None:
            os.close(self._signal_write)
            self._signal_write = None


def _read_and_scan(report: Any, items: Sequence[_Found], shared: mmap.mmap, signal_read: int, signal_write: int) -> tuple:
    """The helper: read its files, send the documents and scan them (`_Scan`: it is told the
    display order meanwhile)."""
    os.close(signal_write)  # its own copy: the reader's is the one that writes
    gc.disable()
    loaded: Loaded = []
    total = len(items)
    for done, item in enumerate(items, 1):
        loaded.append(_load_file(item))
        if done % 64 == 0 or done == total:
            report(done, total)
    report.send(loaded)
    scan = _Scan()
    for number, (document, _) in enumerate(loaded):
        if scan.order is None and number % _CHECK_EVERY == 0 and _readable(signal_read):
            scan.order = _told_order(signal_read, shared, total)
        scan.add(number, document)
    if scan.order is None:
        scan.order = _told_order(signal_read, shared, total)  # waits for it
    return scan.placed(loaded).export()


def _readable(descriptor: int) -> bool:
    poller = select.poll()
    poller.register(descriptor, select.POLLIN)
    return bool(poller.poll(0))


def _told_order(signal_read: int, shared: mmap.mmap, count: int) -> list[int]:
    if os.read(signal_read, 1) != b"o":
        raise ChildFailed("the reader never said the display order")
    display_order = array(_ORDER_ITEM)
    display_order.frombytes(shared[: count * display_order.itemsize])
    return display_order.tolist()


def _ignore(_done: int, _total: int) -> None:
    pass
