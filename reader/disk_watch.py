"""Whether a corpus changed on disk since it was read: a reader left open then says that `R` would
bring something new.

Two looks, one cheap and one costly. A folder's modification time moves when a file is added to it,
removed or renamed (an editor saving by renaming too): a stat per folder, taken often. A file edited
in place moves only its own: every article is looked at (a walk and a stat each, about a second at
100,000 files), seldom, and at once when a folder moved.
"""

from __future__ import annotations

import os
import time
from array import array
from collections.abc import Iterable, Sequence
from itertools import chain
from pathlib import Path
from typing import Protocol

from reader.changes import CorpusChanges
from reader.gc_pause import collector_paused
from reader.listing import CURATED_FILE, corpus_signature, list_corpus

__all__ = ["CorpusWatch"]

LOOK_EVERY_MIN = 10.0
"""Seconds at least between two looks at every article."""
LOOK_COST_SHARE = 0.01
"""At most this share of one core goes to looking at every article: 100,000 of them are looked at
about every two minutes, five of them every `LOOK_EVERY_MIN`."""


class CorpusWatch:
    """What changed under `root` since `documents` were read from it (`problems`: what that load
    met and rejected or left out, whose files are not new either). Each has a `.path`."""

    def __init__(self, root: Path, documents: Sequence[_HasPath], problems: Sequence[_HasPath] = ()) -> None:
        self.root = Path(root)
        self._unseen: tuple[Sequence[_HasPath], Sequence[_HasPath]] | None = (documents, problems)
        """Taken in at the first look, off the interface's thread (tens of milliseconds at 100k)."""
        # Hashes in compact arrays: 8 bytes a file, where sets of the paths and their stamps held
        # 30 MB at 100,000 files. A clash of two 64-bit hashes is not worth a thought.
        self._read = array("q")
        """The paths of the documents read."""
        self._met = array("q")
        """The paths of every article file that load met: read, rejected or left out."""
        self._stamps: array | None = None
        """Each file's (path, size, modification time) at the first look: what was read, or very nearly."""
        self._folders: dict[str, int] = {}
        """Each folder holding articles (and the corpus folder) with its modification time, as at the last look."""
        self._looked_at = float("-inf")
        self._look_cost = 0.0

    def poll(self, now: float | None = None) -> CorpusChanges | None:
        """Look at every article if a folder moved or it is time to; what changed since the
        documents were read, or None if it was not looked at. Raises `OSError` when the corpus
        folder itself cannot be read."""
        now = time.monotonic() if now is None else now
        due = now - self._looked_at >= max(LOOK_EVERY_MIN, self._look_cost / LOOK_COST_SHARE)
        if not due and not self._folders_moved():
            return None
        started = time.perf_counter()
        # The walk makes an entry per file, gone by the look's end: with collections, those made
        # first would be walked again and again as the rest come (50-70 ms at a time at 100k
        # files, holding up the interface's thread too).
        with collector_paused():
            changes = self._look()
        self._look_cost = time.perf_counter() - started
        self._looked_at = now
        return changes

    def _folders_moved(self) -> bool:
        for folder, modified in self._folders.items():
            try:
                if os.stat(folder).st_mtime_ns != modified:
                    return True
            except OSError:
                return True  # gone, or no longer readable: the look says what that means
        return False

    def _look(self) -> CorpusChanges:
        if self._unseen is not None:
            documents, problems = self._unseen
            self._read = _hashes(document.path for document in documents)
            self._met = _hashes(chain((document.path for document in documents), (problem.path for problem in problems)))
            self._unseen = None
        # The folders known are stamped before the walk: a file added during it moves one again.
        before = dict(map(_modified, {str(self.root), *self._folders}))
        listing = list_corpus(self.root)
        folders = {str(self.root), *(os.path.dirname(found.location) for found in listing.files)}
        stamped = (before.get(folder) or _modified(folder)[1] for folder in folders)
        self._folders = {folder: modified for folder, modified in zip(folders, stamped) if modified is not None}
        stamps = list(corpus_signature(self.root, listing))
        curated = hash((CURATED_FILE, _modified(str(self.root / CURATED_FILE))[1]))
        stamp_hashes = list(map(hash, stamps))
        if self._stamps is None:  # the first look: the files as they were read, or very nearly
            self._stamps = array("q", [*stamp_hashes, curated])
        read, met, earlier = set(self._read), set(self._met), set(self._stamps)
        path_hashes = [hash(path) for path, _, _ in stamps]
        added = sum(1 for path in path_hashes if path not in met)
        removed = len(read.difference(path_hashes))
        changed = sum(1 for path, stamp in zip(path_hashes, stamp_hashes) if stamp not in earlier and path in met)
        changed += curated not in earlier
        return CorpusChanges(added, changed, removed)


class _HasPath(Protocol):
    @property
    def path(self) -> str: ...


def _hashes(items: Iterable[object]) -> array:
    return array("q", map(hash, items))


def _modified(path: str) -> tuple[str, int | None]:
    try:
        return path, os.stat(path).st_mtime_ns
    except OSError:
        return path, None
