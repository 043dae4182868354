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
from pathlib import Path

from reader.decoding import NotText, decode
from reader.model import Document, Problem
from reader.normalise import Rejected, normalise
from reader.textclean import strip_controls

__all__ = ["LoadResult", "load_corpus", "ARTICLE_SUFFIXES"]

ARTICLE_SUFFIXES = frozenset({".txt", ".md"})
_MAX_BYTES = 16 * 1024 * 1024
_LINE_BREAKS = re.compile(r"[\t\n]")

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class LoadResult:
    documents: list[Document] = field(default_factory=list)
    """Display order: newest first, undated last, ties by id; duplicates removed."""
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Found:
    path: str
    """Relative POSIX path, cleaned for display."""
    doc_id: str
    location: str
    """Where to open it (may go through symlinks)."""


def load_corpus(root: Path, progress: Progress | None = None) -> LoadResult:
    """Load every article under `root`. Raises `OSError` only when `root` is not a readable folder."""
    root = Path(root)
    found, problems = _walk(root)
    total = len(found)
    if progress is not None:
        progress(0, total)
    documents: list[Document] = []
    first_with_text: dict[tuple[str, str], str] = {}
    for done, item in enumerate(found, 1):
        document, file_problems = _load_file(item)
        problems.extend(file_problems)
        if document is not None:
            key = ("" if document.title_derived else document.title, document.text)
            earlier = first_with_text.setdefault(key, document.path)
            if earlier == document.path:
                documents.append(document)
            else:
                problems.append(Problem(document.path, "warning", f"duplicate of {earlier}; not listed"))
        if progress is not None:
            progress(done, total)
    documents.sort(key=lambda document: document.id)
    # Stable sort: equal dates keep id order; undated ("") sort last when reversed.
    documents.sort(key=lambda document: document.date or "", reverse=True)
    problems.sort(key=lambda problem: problem.path)
    return LoadResult(documents, problems)


def _load_file(item: _Found) -> tuple[Document | None, list[Problem]]:
    def problem(message: str, severity: str = "error") -> Problem:
        return Problem(item.path, severity, _one_line(message))  # type: ignore[arg-type]

    try:
        with open(item.location, "rb") as file:
            data = file.read(_MAX_BYTES + 1)
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


def _walk(root: Path) -> tuple[list[_Found], list[Problem]]:
    """Article files under `root` in path order, following symlinks but never around a loop."""
    root_stat = os.stat(root)
    if not stat.S_ISDIR(root_stat.st_mode):
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(root))
    found: list[_Found] = []
    problems: list[Problem] = []
    ids: set[str] = set()
    seen_folders = {(root_stat.st_dev, root_stat.st_ino)}
    # Each entry: folder to list, its relative path parts, and the folders above it (for loops).
    pending: list[tuple[str, tuple[str, ...], frozenset[tuple[int, int]]]] = [
        (str(root), (), frozenset(seen_folders))
    ]
    first = True
    while pending:
        folder, parts, ancestors = pending.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            if first:
                raise
            problems.append(Problem(_display(parts), "warning", f"folder cannot be read: {error.strerror}"))
            continue
        first = False
        subfolders = []
        for entry in entries:
            entry_parts = (*parts, entry.name)
            stem, suffix = os.path.splitext(entry.name)
            is_article = suffix.lower() in ARTICLE_SUFFIXES and stem != ""
            try:
                target = os.stat(entry.path)
            except OSError as error:
                if is_article or entry.is_symlink():
                    problems.append(Problem(_display(entry_parts), "error" if is_article else "warning", _link_error(error)))
                continue
            if stat.S_ISDIR(target.st_mode):
                key = (target.st_dev, target.st_ino)
                if key in ancestors:
                    problems.append(Problem(_display(entry_parts), "warning", "symlink loop (links to a folder above it); skipped"))
                elif key in seen_folders:
                    problems.append(Problem(_display(entry_parts), "warning", "links to a folder already read; skipped"))
                else:
                    seen_folders.add(key)
                    subfolders.append((entry.path, entry_parts, ancestors | {key}))
            elif is_article:
                path = _display(entry_parts)
                if not stat.S_ISREG(target.st_mode):
                    problems.append(Problem(path, "error", "not a regular file"))
                    continue
                doc_id = _unique(_display((*parts, stem)), path, ids)
                found.append(_Found(path, doc_id, entry.path))
        # Reversed so the stack pops subfolders in name order.
        pending.extend(reversed(subfolders))
    found.sort(key=lambda item: item.path)
    return found, problems


def _link_error(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symlink loop; skipped"
    if error.errno == errno.ENOENT:
        return "broken symlink (target missing); skipped"
    return f"cannot read: {error.strerror or error}"


def _display(parts: tuple[str, ...]) -> str:
    """A relative POSIX path fit for display: undecodable bytes replaced, no control characters."""
    text = "/".join(parts) or "."
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
