"""Read a corpus folder: every `*.txt` and `*.md` file under it, normalised, duplicates dropped.

Only reads: nothing is ever written to the corpus folder. A bad file becomes a `Problem`, never an
exception; only an unreadable corpus folder itself raises `OSError`.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reader.decoding import NotText, decode
from reader.model import Document, Problem
from reader.normalise import Rejected, normalise
from reader.listing import ARTICLE_SUFFIXES, Listing, _Found, _one_line, corpus_signature, list_corpus

__all__ = ["ARTICLE_SUFFIXES", "Listing", "LoadResult", "corpus_signature", "list_corpus", "load_corpus", "load_listed"]

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


def load_listed(listing: Listing, progress: Progress | None = None,
                earlier: Callable[[_Found], Document | None] | None = None) -> LoadResult:
    """Load the files of a listing, in listing order. (`reader.parallel_load` reads a big corpus
    on two processes, scanning names as it goes.)

    `earlier` gives a file's document when it need not be read again (`reader.earlier_store`)."""
    files = listing.files
    total = len(files)
    if progress is not None:
        progress(0, total)
    loaded: list[tuple[Document | None, list[Problem]]] = []
    for done, item in enumerate(files, 1):
        document = earlier(item) if earlier is not None else None
        loaded.append(_load_file(item) if document is None else (document, _warnings(item, document)))
        if progress is not None and (done % 64 == 0 or done == total):
            progress(done, total)
    return _collect(loaded, list(listing.problems))


def _collect(loaded: list[tuple[Document | None, list[Problem]]], problems: list[Problem]) -> LoadResult:
    """Documents in display order without duplicates, and every problem, sorted by path."""
    documents: list[Document] = []
    first_with_text: dict[tuple[str, str], str] = {}
    for document, file_problems in loaded:
        problems.extend(file_problems)
        if document is not None:
            key = ("" if document.title_derived else document.title, document.text)
            earlier = first_with_text.setdefault(key, document.path)
            if earlier == document.path:
                documents.append(document)
            else:
                problems.append(Problem(document.path, "warning", f"duplicate of {earlier}; not listed"))
    documents.sort(key=lambda document: document.id)
    # Stable sort: equal dates keep id order; undated ("") sort last when reversed.
    documents.sort(key=lambda document: document.date or "", reverse=True)
    problems.sort(key=lambda problem: problem.path)
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
