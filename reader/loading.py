"""Read a corpus folder: every `*.txt` and `*.md` file under it, normalised, duplicates dropped.

Only reads: nothing is ever written to the corpus folder. A bad file becomes a `Problem`, never an
exception; only an unreadable corpus folder itself raises `OSError`.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import NamedTuple

from reader.cache import model_dump, model_load
from reader.decoding import NotText, decode
from reader.forked import ChildFailed, Forked, can_fork
from reader.model import Document, Problem
from reader.normalise import Rejected, normalise
from reader.textclean import strip_controls

__all__ = ["ARTICLE_SUFFIXES", "Listing", "LoadResult", "corpus_signature", "list_corpus", "load_corpus", "load_listed"]

ARTICLE_SUFFIXES = frozenset({".txt", ".md"})
_MAX_BYTES = 16 * 1024 * 1024
_LINE_BREAKS = re.compile(r"[\t\n]")

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class LoadResult:
    documents: list[Document] = field(default_factory=list)
    """Display order: newest first, undated last, ties by id; duplicates removed."""
    problems: list[Problem] = field(default_factory=list)


class _Found(NamedTuple):
    # A named tuple, not a frozen dataclass: made once per file, and a corpus has 100,000 files.
    path: str
    """Relative POSIX path, cleaned for display."""
    doc_id: str
    location: str
    """Where to open it (may go through symlinks)."""
    via_link: bool = False


_LINKED_LAST_BY_PATH = itemgetter(3, 0)
_NAME = attrgetter("name")


class Listing(NamedTuple):
    """The article files under a corpus folder, as one walk found them."""

    files: list[_Found]
    """In path order, real files before those reached through a symlink."""
    problems: list[Problem]
    """What the walk could not look into (folders, broken links, loops)."""


def list_corpus(root: Path) -> Listing:
    """Walk `root` once. Raises `OSError` only when `root` is not a readable folder."""
    return Listing(*_walk(Path(root)))


def load_corpus(root: Path, progress: Progress | None = None) -> LoadResult:
    """Load every article under `root`. Raises `OSError` only when `root` is not a readable folder."""
    return load_listed(list_corpus(root), progress)


def load_listed(listing: Listing, progress: Progress | None = None, *, parallel: bool = False) -> LoadResult:
    """Load the files of a listing; with `parallel`, the later half in a forked child meanwhile.

    The result is the same either way: files are taken in listing order, duplicates included."""
    files = listing.files
    total = len(files)
    if progress is not None:
        progress(0, total)
    helper = None
    cut = total
    if parallel and total >= 2 and can_fork():
        cut = total // 2
        try:
            helper = Forked(_load_items, files[cut:], dump=model_dump)
        except Exception:  # noqa: BLE001 - no memory for a child, say: do it all here
            helper, cut = None, total
    loaded: list[tuple[Document | None, list[Problem]]] = []
    helper_done = 0
    for done, item in enumerate(files[:cut], 1):
        loaded.append(_load_file(item))
        if progress is not None and (done % 64 == 0 or done == cut):
            if helper is not None:
                try:
                    helper_done = (helper.poll() or (0, 0))[0]
                except ChildFailed:  # said again by `result` below, which then loads its files here
                    pass
            progress(done + helper_done, total)
    if helper is not None:
        try:
            later = helper.result(
                None if progress is None else lambda done, _total: progress(cut + done, total),
                load=model_load,
            )
        except ChildFailed:
            later = [_load_file(item) for item in files[cut:]]
        loaded.extend(later)
        if progress is not None:
            progress(total, total)
    return _collect(loaded, list(listing.problems))


def _load_items(report: Callable[[int, int], None], items: list[_Found]) -> list[tuple[Document | None, list[Problem]]]:
    loaded = []
    total = len(items)
    for done, item in enumerate(items, 1):
        loaded.append(_load_file(item))
        if done % 64 == 0 or done == total:
            report(done, total)
    return loaded


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


def corpus_signature(root: Path, listing: Listing | None = None) -> tuple[tuple[str, int, int], ...]:
    """`(path, size, mtime_ns)` of every article file `load_corpus` would read, in path order.

    Cheap next to loading (a walk and a stat per file): a cache of the loaded corpus stays valid
    while this stays the same. A file that cannot be looked at counts with size and time -1.
    """
    files = (listing or list_corpus(root)).files
    stamps = []
    for item in files:
        try:
            info = os.stat(item.location)
            stamps.append((item.path, info.st_size, info.st_mtime_ns))
        except OSError:
            stamps.append((item.path, -1, -1))
    return tuple(sorted(stamps))


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
    return document, [problem(warning, "warning") for warning in document.warnings]


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


def _walk(root: Path) -> tuple[list[_Found], list[Problem]]:
    """Article files under `root`, following symlinks but never around a loop.

    Real folders and files come before those reached through a symlink, so that a duplicate made
    by a link is reported under the link's name, not the original's.
    """
    root_stat = os.stat(root)
    if not stat.S_ISDIR(root_stat.st_mode):
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(root))
    found: list[_Found] = []
    problems: list[Problem] = []
    ids: set[str] = set()
    seen_folders: set[tuple[int, int]] = set()
    root_folder = _Folder(str(root), (), frozenset(), (root_stat.st_dev, root_stat.st_ino), False)
    real, linked = [root_folder], []
    while real or linked:
        folder = real.pop() if real else linked.pop()
        if folder.key in folder.ancestors:
            problems.append(Problem(_display(folder.parts), "warning", "symlink loop (links to a folder above it); skipped"))
            continue
        if folder.key in seen_folders:
            problems.append(Problem(_display(folder.parts), "warning", "links to a folder already read; skipped"))
            continue
        seen_folders.add(folder.key)
        try:
            with os.scandir(folder.location) as scan:
                entries = sorted(scan, key=_NAME, reverse=True)
        except OSError as error:
            if folder is root_folder:
                raise
            problems.append(Problem(_display(folder.parts), "warning", f"folder cannot be read: {error.strerror}"))
            continue
        ancestors = folder.ancestors | {folder.key}
        # Paths are built by concatenation while every part is printable (the usual case).
        prefix = "".join(f"{part}/" for part in folder.parts)
        plain_prefix = prefix.isprintable()
        for entry in entries:
            name = entry.name
            # `os.path.splitext`, inlined (one call per file adds up): a name that is only dots
            # before its suffix (`.txt`, `..md`) has no stem and is not an article.
            dot = name.rfind(".")
            stem = name[:dot]
            is_article = dot > 0 and name[dot:].lower() in ARTICLE_SUFFIXES and stem.lstrip(".") != ""
            try:
                is_link = entry.is_symlink()
                if is_link:
                    target = os.stat(entry.path)
                    is_folder, is_file = stat.S_ISDIR(target.st_mode), stat.S_ISREG(target.st_mode)
                else:
                    # The directory entry's type needs no system call; only folders need a stat.
                    is_folder, is_file = entry.is_dir(follow_symlinks=False), entry.is_file(follow_symlinks=False)
                    if is_folder:
                        target = entry.stat(follow_symlinks=False)
            except OSError as error:
                if is_article or entry.is_symlink():
                    severity = "error" if is_article else "warning"
                    problems.append(Problem(_display((*folder.parts, name)), severity, _link_error(error)))  # type: ignore[arg-type]
                elif entry.is_dir(follow_symlinks=False):
                    # Whatever is below a folder we cannot look into must not vanish without a word.
                    problems.append(Problem(_display((*folder.parts, name)), "warning", f"folder cannot be read: {error.strerror or error}"))
                continue
            via_link = folder.via_link or is_link
            if is_folder:
                subfolder = _Folder(entry.path, (*folder.parts, name), ancestors, (target.st_dev, target.st_ino), via_link)
                (linked if via_link else real).append(subfolder)
            elif is_article and not is_file:
                problems.append(Problem(_display((*folder.parts, name)), "error", "not a regular file"))
            elif is_article:
                if plain_prefix and name.isprintable():
                    found.append(_Found(prefix + name, prefix + stem, entry.path, via_link))
                else:
                    found.append(_Found(_display((*folder.parts, name)), _display((*folder.parts, stem)), entry.path, via_link))
    found.sort(key=_LINKED_LAST_BY_PATH)
    unique = []
    for item in found:
        if item.doc_id not in ids:  # the usual case, without a call
            ids.add(item.doc_id)
            unique.append(item)
        else:
            unique.append(item._replace(doc_id=_unique(item.doc_id, item.path, ids)))
    return unique, problems


@dataclass(frozen=True, slots=True)
class _Folder:
    location: str
    parts: tuple[str, ...]
    """Path parts relative to the corpus folder."""
    ancestors: frozenset[tuple[int, int]]
    """(device, inode) of every folder above it: meeting one again is a loop."""
    key: tuple[int, int]
    via_link: bool


def _link_error(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symlink loop; skipped"
    if error.errno == errno.ENOENT:
        return "broken symlink (target missing); skipped"
    return f"cannot read: {error.strerror or error}"


def _display(parts: tuple[str, ...]) -> str:
    """A relative POSIX path fit for display: undecodable bytes replaced, no control characters."""
    text = "/".join(parts) or "."
    if text.isprintable():  # the usual case: no controls, no tabs, no undecodable bytes
        return text
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _one_line(text)


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", strip_controls(text))


def _unique(doc_id: str, path: str, ids: set[str]) -> str:
    """`doc_id`, unless another file already has it (`a.txt` and `a.md`): then the path."""
    candidate = doc_id if doc_id not in ids else path
    number = 2
    while candidate in ids:
        candidate = f"{path} ({number})"
        number += 1
    ids.add(candidate)
    return candidate
