"""Read a corpus folder: every `*.txt` and `*.md` file under it, normalised, duplicates dropped.

Only reads: nothing is ever written to the corpus folder. A bad file becomes a `Problem`, never an
exception; only an unreadable corpus folder itself raises `OSError`.
"""

from __future__ import annotations

import errno
import os
import stat
from bisect import insort
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter, eq, neg
from pathlib import Path
from typing import TypeVar

from reader.decoding import NotText, decode
from reader.model import Document, Problem
from reader.normalise import Rejected, normalise
from reader.listing import ARTICLE_SUFFIXES, Listing, _Found, _one_line, corpus_signature, list_corpus

__all__ = ["ARTICLE_SUFFIXES", "Listing", "LoadResult", "corpus_signature", "list_corpus", "load_corpus", "load_grown", "load_listed"]

_MAX_BYTES = 16 * 1024 * 1024

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class LoadResult:
    documents: list[Document] = field(default_factory=list)
    """Display order: newest first, undated last, ties by id; duplicates removed."""
    problems: list[Problem] = field(default_factory=list)


def load_corpus(root: Path, progress: Progress | None = None) -> LoadResult:
    """Load every article under `root`. Raises `OSError` only when `root` is not a readable folder."""
    return load_listed(list_corpus(root), progress)


def load_listed(listing: Listing, progress: Progress | None = None) -> LoadResult:
    """Load the files of a listing, in listing order. (`reader.parallel_load` reads a big corpus
    on two processes, scanning names as it goes; `load_grown` reads only what changed.)"""
    files = listing.files
    total = len(files)
    if progress is not None:
        progress(0, total)
    loaded: list[tuple[Document | None, list[Problem]]] = []
    for done, item in enumerate(files, 1):
        loaded.append(_load_file(item))
        if progress is not None and (done % 64 == 0 or done == total):
            progress(done, total)
    return _collect(loaded, list(listing.problems))


def load_grown(listing: Listing, progress: Progress | None, earlier: Sequence[Document],
               unchanged: Mapping[str, Document]) -> LoadResult:
    """What `load_listed` gives when the documents of the `unchanged` files (by path) are taken
    over instead of read, for a corpus that was mostly loaded before: `earlier` are the documents of
    that load, in its display order, with no duplicates among them.

    Only new and changed files are read, and only the documents these touch are looked at again:
    the others keep the order and the uniqueness they had (at 100,000 files, a pass over every one
    of them as `load_listed` makes was most of a second)."""
    files = listing.files
    total = len(files)
    # Chains of C calls where it can be (`map`, `compress`), a slice at a time (`_slices`): these
    # run over every file of the corpus.
    # Taken over: an unchanged file whose id still holds (`a.txt` beside a new `a.md` is not `a`).
    found: list[Document | None] = []
    for part in _slices(files):
        found.extend(map(unchanged.get, map(_PATH, part)))
    at = [number for number, document in enumerate(found) if document is not None]
    taken: dict[int, Document] = {}
    for part in _slices(at):
        ids_held = map(eq, map(_ID, map(found.__getitem__, part)), map(_DOC_ID, map(files.__getitem__, part)))
        held = list(compress(part, ids_held))
        taken.update(zip(held, map(found.__getitem__, held)))
    taken_at = list(taken)  # in file order, as `at` was
    del found, at
    to_read = [number for number in range(total) if number not in taken]
    if progress is not None:
        progress(total - len(to_read), total)
    problems_of: dict[int, list[Problem]] = {}
    read: dict[int, Document] = {}
    for done, number in enumerate(to_read, total - len(to_read) + 1):
        document, file_problems = _load_file(files[number])
        if file_problems:
            problems_of[number] = file_problems
        if document is not None:
            read[number] = document
        if progress is not None and (done % 64 == 0 or done == total):
            progress(done, total)
    for part in _slices(taken_at):
        for number in compress(part, map(_WARNINGS, map(taken.__getitem__, part))):
            problems_of[number] = _warnings(files[number], taken[number])
    # A duplicate needs a new document: the earlier ones had none among them. Only those of a text
    # hashed as a new one's can be its duplicate.
    new_texts = {hash(document.text) for document in read.values()}
    alike: list[int] = []
    for part in _slices(taken_at):
        texts = map(_TEXT, map(taken.__getitem__, part))
        alike.extend(compress(part, map(new_texts.__contains__, map(hash, texts))))
    duplicates: set[int] = set()
    first_with_text: dict[tuple[str, str], str] = {}
    for number in sorted([*read, *alike]):
        document = read.get(number) or taken[number]
        first = first_with_text.setdefault(_duplicate_key(document), document.path)
        if first != document.path:
            duplicates.add(number)
            problems_of.setdefault(number, []).append(Problem(document.path, "warning", f"duplicate of {first}; not listed"))
    kept: set[int] = set()
    for part in _slices(taken_at):
        kept.update(map(id, map(taken.__getitem__, part)))
    kept.difference_update(id(taken[number]) for number in duplicates if number in taken)
    documents: list[Document] = []
    for part in _slices(earlier):
        documents.extend(compress(part, map(kept.__contains__, map(id, part))))
    new = [document for number, document in read.items() if number not in duplicates]
    if len(new) <= _INSERTED_AT_MOST:
        for document in new:
            insort(documents, document, key=_display_key)
    else:
        documents.extend(new)
        _sort_for_display(documents)
    problems = list(listing.problems)
    for number in sorted(problems_of):
        problems.extend(problems_of[number])
    problems.sort(key=_PATH)
    return LoadResult(documents, problems)


Item = TypeVar("Item")
_INSERTED_AT_MOST = 256
"""New documents put in their places one by one; more are sorted in with the others."""
_SLICE = 4_096
"""Items a chain of C calls takes at once. One chain over a big corpus's 100,000 files holds the
GIL throughout, and with it every other thread (the interface's too, for up to 70 ms); between
two slices the interpreter hands it over when another thread asks."""
_PATH = attrgetter("path")
_ID = attrgetter("id")
_DOC_ID = attrgetter("doc_id")
_TEXT = attrgetter("text")
_WARNINGS = attrgetter("warnings")


def _slices(items: Sequence[Item]) -> Iterator[Sequence[Item]]:
    return (items[start:start + _SLICE] for start in range(0, len(items), _SLICE))


def _duplicate_key(document: Document) -> tuple[str, str]:
    """What two documents share when one is a duplicate of the other (`_collect`)."""
    return ("" if document.title_derived else document.title, document.text)


def _display_key(document: Document) -> tuple[tuple[int, ...], str]:
    """Ascending in display order: newest first (a later date compares lower), undated last, ties
    by id, as `_sort_for_display` orders them."""
    return (*map(neg, map(ord, document.date or "")), 0), document.id


def _sort_for_display(documents: list[Document]) -> None:
    documents.sort(key=lambda document: document.id)
    # Stable sort: equal dates keep id order; undated ("") sort last when reversed.
    documents.sort(key=lambda document: document.date or "", reverse=True)


def _collect(loaded: list[tuple[Document | None, list[Problem]]], problems: list[Problem]) -> LoadResult:
    """Documents in display order without duplicates, and every problem, sorted by path."""
    documents: list[Document] = []
    first_with_text: dict[tuple[str, str], str] = {}
    for document, file_problems in loaded:
        problems.extend(file_problems)
        if document is not None:
            earlier = first_with_text.setdefault(_duplicate_key(document), document.path)
            if earlier == document.path:
                documents.append(document)
            else:
                problems.append(Problem(document.path, "warning", f"duplicate of {earlier}; not listed"))
    _sort_for_display(documents)
    problems.sort(key=_PATH)
    return LoadResult(documents, problems)


def _load_file(item: _Found) -> tuple[Document | None, list[Problem]]:
    def problem(message: str, severity: str = "error") -> Problem:
        return Problem(item.path, severity, _one_line(message))  # type: ignore[arg-type]

    try:
        data = _read(item.location)
    except OSError as error:
        return None, [problem(f"cannot read: {error.strerror or error}")]
    if len(data) > _MAX_BYTES:
        return None, [problem(f"too large (over {_MAX_BYTES // (1024 * 1024)} MB)")]
    if not data:
        return None, [problem("empty file")]
    try:
        decoded = decode(data)
        warnings = (decoded.warning,) if decoded.warning else ()
        document = normalise(decoded.text, item.doc_id, item.path, warnings)
    except (NotText, Rejected) as error:
        return None, [problem(str(error))]
    except Exception as error:  # noqa: BLE001 - one odd file must not stop the whole corpus
        return None, [problem(f"internal error while reading ({type(error).__name__})")]
    return document, _warnings(item, document)


def _warnings(item: _Found, document: Document) -> list[Problem]:
    """A loaded file's problems: its document's warnings."""
    return [Problem(item.path, "warning", _one_line(warning)) for warning in document.warnings]


def _read(location: str) -> bytes:
    """The file's bytes, at most one over `_MAX_BYTES` (enough to tell it is too large)."""
    # Non-blocking, and checked again once open: a file swapped for a FIFO after the walk must
    # not block the loader forever.
    descriptor = os.open(location, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        # Asking for the size known from fstat (plus one, to see the end) reads most files in one
        # call, without the buffer a file object sizes for the largest file allowed.
        parts: list[bytes] = []
        total = 0
        wanted = min(info.st_size, _MAX_BYTES) + 1
        while total <= _MAX_BYTES:
            chunk = os.read(descriptor, wanted)
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            wanted = _MAX_BYTES + 1 - total
        return b"".join(parts)
    finally:
        os.close(descriptor)
