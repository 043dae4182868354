"""A big corpus read on two processes, each scanning the names of the files it reads.

Reading and normalising a file and scanning its names (pass one of the name index, the most
costly part of a first load) need nothing but that file, so a forked helper reads and scans the
later files while this process reads and scans the earlier ones. The helper sends its documents
as soon as they are read and then scans them; this process takes them between two of its own
documents, sorts all into display order (and hands them on, so that a reader can list them
early), and scans on. The documents are only in display order once all are read, so both scan
them under their number in the listing; `Scanner.renumber` then makes the scanner exactly what a
scan in display order would have made: the index is the same to the byte.

This process has more to do than the helper (the helper's documents to take in, sorting, handing
them on, merging), so it reads fewer files. If the helper fails, this process does its share.
"""

from __future__ import annotations

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

OWN_SHARE = 0.45
"""The share of the files this process reads and scans; the helper takes the rest."""
_CHECK_EVERY = 16
"""Documents scanned between two looks at whether the helper's documents have come."""


def load_and_scan(listing: Listing, progress: Progress | None = None,
                  loaded_first: Callable[[LoadResult], None] | None = None) -> tuple[LoadResult, Scanner]:
    """The corpus as `reader.loading.load_listed` reads it, and a `Scanner` that has scanned its
    documents in display order (not yet finished). `loaded_first` gets the documents as soon as
    all are read, before the scanning ends."""
    files = listing.files
    total = len(files)
    cut = min(total, max(1, round(total * OWN_SHARE))) if total >= 2 else total
    report = progress or _ignore
    report(0, total)
    try:
        helper: Forked | None = Forked(_read_and_scan, files[cut:], cut, sender=ModelSender) if cut < total else None
    except Exception:  # noqa: BLE001 - no memory for a child, say: do it all here
        helper, cut = None, total
    helper_done = 0

    def helper_progress(done: int, _total: int) -> None:
        report(cut + done, total)  # this process has read its own files by then

    own: Loaded = []
    for done, item in enumerate(files[:cut], 1):
        own.append(_load_file(item))
        if done % 64 == 0 or done == cut:
            helper_done = _polled(helper, helper_done)
            report(done + helper_done, total)

    scanner = Scanner()
    theirs: Loaded | None = None
    for number, (document, _) in enumerate(own):
        if theirs is None and number % _CHECK_EVERY == 0 and _ready(helper):
            theirs, helper = _their_documents(helper, files, cut, helper_progress)
        if document is not None:
            _scan_document(scanner, number, document)
    if theirs is None:
        theirs, helper = _their_documents(helper, files, cut, helper_progress)
    loaded = own + theirs
    result = _collect(loaded, list(listing.problems))
    report(total, total)
    if loaded_first is not None:
        loaded_first(result)
    exported = None
    if helper is not None:
        try:
            exported = helper.result()
        except ChildFailed:
            exported = None
        finally:
            helper.stop()
    if exported is not None:
        scanner.merge(exported)
    else:
        for number, (document, _) in enumerate(theirs, cut):
            if document is not None:
                _scan_document(scanner, number, document)
    _renumber(scanner, loaded, result.documents)
    return result, scanner


def _read_and_scan(report: Any, items: Sequence[_Found], first_number: int) -> tuple:
    """The helper: read its files, send the documents, then scan them."""
    loaded: Loaded = []
    total = len(items)
    for done, item in enumerate(items, 1):
        loaded.append(_load_file(item))
        if done % 64 == 0 or done == total:
            report(done, total)
    report.send(loaded)
    scanner = Scanner()
    for number, (document, _) in enumerate(loaded, first_number):
        if document is not None:
            _scan_document(scanner, number, document)
    return scanner.export()


def _their_documents(helper: Forked | None, files: Sequence[_Found], cut: int,
                     progress: Progress) -> tuple[Loaded, Forked | None]:
    """The helper's documents; read here if it failed (then there is no helper any more)."""
    if helper is not None:
        try:
            return helper.result(progress, last=False), helper
        except ChildFailed:
            helper.stop()
    return [_load_file(item) for item in files[cut:]], None


def _scan_document(scanner: Scanner, number: int, document: Document) -> None:
    language = document.language
    for field_index, (_, text) in enumerate(document.name_fields()):
        scanner.scan(number, field_index, text, language)


def _renumber(scanner: Scanner, loaded: Loaded, documents: list[Document]) -> None:
    """From listing numbers to display order; duplicates left out are no longer counted."""
    number_of = {document.id: number for number, (document, _) in enumerate(loaded) if document is not None}
    display_order = [-1] * len(loaded)
    for position, document in enumerate(documents):
        display_order[number_of[document.id]] = position
    dropped = None
    if len(documents) < len(number_of):
        dropped = Scanner()
        for number, (document, _) in enumerate(loaded):
            if document is not None and display_order[number] < 0:
                _scan_document(dropped, number, document)
    scanner.renumber(display_order, [document.language for document in documents], dropped)


def _polled(helper: Forked | None, done: int) -> int:
    if helper is None:
        return done
    try:
        return (helper.poll() or (done, 0))[0]
    except ChildFailed:  # said again when its documents are asked for, and read here then
        return done


def _ready(helper: Forked | None) -> bool:
    if helper is None:
        return True  # nothing to wait for: its files are read here
    try:
        return helper.ready()
    except ChildFailed:
        return True  # asking for its documents then reads them here


def _ignore(_done: int, _total: int) -> None:
    pass
