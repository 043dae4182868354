"""Which article files a corpus folder holds: one walk, and the stamps a cache is checked against.

Kept apart from reading the files (`reader.loading`), so that a start served from the cache
imports none of the normaliser.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import NamedTuple

from reader.model import Problem
from reader.textclean import strip_controls

__all__ = ["ARTICLE_SUFFIXES", "CURATED_FILE", "Listing", "corpus_signature", "list_corpus"]

ARTICLE_SUFFIXES = frozenset({".txt", ".md"})
CURATED_FILE = "names.yaml"
"""The corpus's own list of names (read by `reader.name_curated`); the cache depends on it too."""
_LINE_BREAKS = re.compile(r"[\t\n]")


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
