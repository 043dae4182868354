"""A big corpus read on two processes, each scanning the names of the files it reads.

Reading and normalising a file and scanning its names (pass one of the name index, the most
costly part of a first load) need nothing but that file, so a forked helper reads and scans the
later files while this process reads and scans the earlier ones. The helper sends its documents
as soon as they are read and then scans them; this process takes them between two of its own
documents, sorts all into display order, tells the helper that order, hands the documents on (a
reader lists them early) and scans on. Done with its own, it scans the helper's from the back
while the helper goes on from the front (`_Shared`): neither waits while the other works, whatever
else runs on the machine.

The display order is only known once every file is read, so until then each process scans its
documents under their number in its share, and moves what it found to display order afterwards
(`Scanner.renumber`, on both cores at once); from then on it scans each document at its place.
`Scanner.in_display_order` then makes the merged scan exactly what one scan in display order would
have made: the index is the same to the byte.

If the helper fails, this process reads or scans what is left of its share itself.
"""

from __future__ import annotations

import gc
import mmap
import fcntl
import os
import select
import struct
from array import array
from collections.abc import Callable, Sequence
from typing import Any

from reader.cache import ModelSender
from reader.forked import ChildFailed, Forked
from reader.gc_pause import collector_paused
from reader.listing import Listing, _Found
from reader.loading import LoadResult, _collect, _load_file
from reader.model import Document, Problem
from reader.name_scan import Scanner
from reader.progress import NamesProgress

__all__ = ["load_and_scan"]

Progress = Callable[[int, int], None]
Loaded = list[tuple[Document | None, list[Problem]]]

OWN_SHARE = 0.45
"""The share of the files this process reads; the helper reads the rest. Less than half: this
process also takes in the helper's documents, sorts them, hands them on and merges, and when it
has time left it scans some of the helper's (not the other way round: the helper has not got
this process's documents). The helper's documents, and so the first listing, come a little later."""
_CHECK_EVERY = 16
"""Documents scanned between two looks at whether the helper's documents have come."""


def load_and_scan(listing: Listing, progress: Progress | None = None,
                  loaded_first: Callable[[LoadResult], None] | None = None,
                  meanwhile: Callable[[LoadResult], None] | None = None,
                  names_progress: NamesProgress | None = None) -> tuple[LoadResult, Scanner]:
    """The corpus as `reader.loading.load_listed` reads it, and a `Scanner` that has scanned its
    documents in display order (not yet finished). `loaded_first` gets the documents as soon as
    all are read, before the scanning ends. `meanwhile` gets them once this process has scanned
    all it can, while the helper finishes its part: work on the documents alone that the caller
    would do next (the helper's last chunk and its packing take a second at 100k documents).
    `names_progress` hears how many documents are scanned once all are read."""
    with collector_paused():  # millions of new objects and no cycles among them
        return _load_and_scan(listing, progress or _ignore, loaded_first, meanwhile, names_progress)


def _load_and_scan(listing: Listing, report: Progress, loaded_first: Callable[[LoadResult], None] | None,
                   meanwhile: Callable[[LoadResult], None] | None,
                   names_progress: NamesProgress | None) -> tuple[LoadResult, Scanner]:
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

        def scanned(by_this_process: int) -> None:
            # Claimed by either process counts as scanned: a claim is a few documents.
            if names_progress is not None:
                names_progress("scan", by_this_process + (helper.shared.claimed() if helper is not None else 0), total)

        theirs: Loaded | None = None
        for number, (document, _) in enumerate(own):
            if number % _CHECK_EVERY == 0:
                if theirs is not None:
                    scanned(number)
                elif helper is None or helper.ready():
                    theirs, helper, result, display_order = sort_all(helper)
                else:
                    helper_progress(helper.done(), total)  # it is still reading: the count moves on
            scan.add(number, document)
        if theirs is None:
            theirs, helper, result, display_order = sort_all(helper)
        scanner = scan.placed(own)

        def scan_theirs(numbers: range) -> None:
            # Kept documents only, in place at once: the display order is known.
            for number in numbers:
                document = theirs[number][0]
                if document is not None and display_order[cut + number] >= 0:
                    scanner.scan_document(display_order[cut + number], document)

        if helper is None:
            scan_theirs(range(len(theirs)))
        else:
            while taken := helper.shared.take(_CHECK_EVERY, from_back=True):
                scan_theirs(taken)  # the helper's, from the back, while it scans from the front
                scanned(len(own))
        if meanwhile is not None:
            meanwhile(result)
        if helper is not None:
            exported = helper.scanned()
            if exported is not None:
                scanner.merge(exported)
            else:  # it failed: what it did not leave to this process is scanned here
                scan_theirs(helper.shared.not_taken_by_this_process())
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
        helper.shared.tell_order(display_order[cut:])
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
        self._placed.sort_occurrences()
        return self._placed


def _their_documents(helper: _Helper | None, items: Sequence[_Found], progress: Progress) -> tuple[Loaded, _Helper | None]:
    """The helper's documents; read here if it failed (then there is no helper any more)."""
    if helper is not None:
        try:
            return helper.child.result(progress, last=False), helper
        except ChildFailed:
            helper.stop()
    return [_load_file(item) for item in items], None


class _Shared:
    """What this process and its helper share once forked: the display order (told once known),
    and which of the helper's documents are still to scan. The helper scans from the front, this
    process, done with its own, from the back, so that neither waits while the other works. A
    claim is made under a lock the kernel releases if its holder dies (`lockf`)."""

    _RANGE = struct.Struct("<qq")
    _ORDER_ITEM = "i"

    def __init__(self, count: int) -> None:
        self._count = count
        self._order_start = self._RANGE.size
        size = self._order_start + max(1, count) * array(self._ORDER_ITEM).itemsize
        self._descriptor = _memory_file()
        try:
            os.ftruncate(self._descriptor, size)
            self._memory = mmap.mmap(self._descriptor, size)
            self._RANGE.pack_into(self._memory, 0, 0, count)
            self._told_read, self._told_write = os.pipe()
        except BaseException:
            os.close(self._descriptor)
            raise

    def tell_order(self, display_order: list[int]) -> None:
        """Give the helper its documents' display order (-1: left out)."""
        data = array(self._ORDER_ITEM, display_order).tobytes()
        self._memory[self._order_start : self._order_start + len(data)] = data
        try:
            os.write(self._told_write, b"o")
        except OSError:  # it ended: its scan is asked for, fails, and is done here
            pass

    def order(self, wait: bool) -> list[int] | None:
        """The helper's side: the display order if told (waiting for it with `wait`)."""
        if not wait:
            poller = select.poll()
            poller.register(self._told_read, select.POLLIN)
            if not poller.poll(0):
                return None
        if os.read(self._told_read, 1) != b"o":
            raise ChildFailed("the reader never said the display order")
        order = array(self._ORDER_ITEM)
        order.frombytes(self._memory[self._order_start : self._order_start + self._count * order.itemsize])
        return order.tolist()

    def take(self, most: int, from_back: bool) -> range:
        """Up to `most` documents still to scan, claimed; an empty range once there are none."""
        fcntl.lockf(self._descriptor, fcntl.LOCK_EX, 1)
        try:
            front, back = self._RANGE.unpack_from(self._memory, 0)
            if from_back:
                taken = range(max(front, back - most), back)
                self._RANGE.pack_into(self._memory, 0, front, taken.start)
            else:
                taken = range(front, min(back, front + most))
                self._RANGE.pack_into(self._memory, 0, taken.stop, back)
            return taken
        finally:
            fcntl.lockf(self._descriptor, fcntl.LOCK_UN, 1)

    def claimed(self) -> int:
        """How many documents either process has claimed to scan."""
        front, back = self._RANGE.unpack_from(self._memory, 0)
        return front + self._count - back

    def not_taken_by_this_process(self) -> range:
        """What this process did not claim from the back: the helper's, or still to scan."""
        return range(0, self._RANGE.unpack_from(self._memory, 0)[1])

    def in_helper(self) -> None:
        os.close(self._told_write)  # the reader's copy is the one that writes

    def in_reader(self) -> None:
        os.close(self._told_read)

    def close(self) -> None:
        for descriptor in (self._told_write, self._descriptor):
            try:
                os.close(descriptor)
            except OSError:
                pass


def _memory_file() -> int:
    """A file in memory, for `mmap` and `lockf`; a deleted temporary file where there is none."""
    try:
        return os.memfd_create("openai-reader-shared")
    except (AttributeError, OSError):  # an older kernel
        import tempfile

        handle, path = tempfile.mkstemp(prefix="openai-reader-")
        os.unlink(path)
        return handle


class _Helper:
    """The forked helper and what it shares with this process."""

    def __init__(self, child: Forked, shared: _Shared) -> None:
        self.child = child
        self.shared = shared
        self._done = 0

    @classmethod
    def start(cls, items: Sequence[_Found]) -> _Helper | None:
        try:
            shared = _Shared(len(items))
        except OSError:
            return None
        try:
            child = Forked(_read_and_scan, items, shared, sender=ModelSender)
        except Exception:  # noqa: BLE001 - no memory for a child, say: do it all here
            shared.close()
            return None
        shared.in_reader()
        return cls(child, shared)

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

    def scanned(self) -> tuple | None:
        try:
            return self.child.result()
        except ChildFailed:
            return None

    def stop(self) -> None:
        self.child.stop()
        self.shared.close()


def _read_and_scan(report: Any, items: Sequence[_Found], shared: _Shared) -> tuple:
    """The helper: read its files, send the documents and scan them, from the front, as long as
    this process has not claimed them (`_Shared`); it is told the display order meanwhile."""
    shared.in_helper()
    gc.disable()
    loaded: Loaded = []
    total = len(items)
    for done, item in enumerate(items, 1):
        loaded.append(_load_file(item))
        if done % 64 == 0 or done == total:
            report(done, total)
    report.send(loaded)
    scan = _Scan()
    while taken := shared.take(_CHECK_EVERY, from_back=False):
        if scan.order is None:
            scan.order = shared.order(wait=False)
        for number in taken:
            scan.add(number, loaded[number][0])
    if scan.order is None:
        scan.order = shared.order(wait=True)
    return scan.placed(loaded).export()


def _ignore(_done: int, _total: int) -> None:
    pass
