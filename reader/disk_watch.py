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
from collections.abc import Iterable
from pathlib import Path

from reader.changes import CorpusChanges
from reader.listing import CURATED_FILE, corpus_signature, list_corpus

__all__ = ["CorpusWatch"]

LOOK_EVERY_MIN = 10.0
"""Seconds at least between two looks at every article."""
LOOK_COST_SHARE = 0.01
"""At most this share of one core goes to looking at every article: 100,000 of them are looked at
about every two minutes, five of them every `LOOK_EVERY_MIN`."""


class CorpusWatch:
    """What changed under `root` since the documents at `read_paths` were read (`other_paths`: the
    article files that load met and rejected or left out, which are not new either)."""

    def __init__(self, root: Path, read_paths: Iterable[str], other_paths: Iterable[str] = ()) -> None:
        self.root = Path(root)
        self._read = frozenset(read_paths)
        self._met = self._read | frozenset(other_paths)
        self._stamps: dict[str, tuple[int, int]] | None = None
        """Each file's (size, modification time) at the first look: what the read files were."""
        self._folders: dict[str, int] = {}
        """Each folder holding articles (and the corpus folder) with its modification time, as at the last look."""
        self._looked_at = float("-inf")
        self._look_cost = 0.0
        self.changes = CorpusChanges(0, 0, 0)
        """What the last look found."""

    def poll(self, now: float | None = None) -> CorpusChanges | None:
        """Look at every article if a folder moved or it is time to; what changed since the
        documents were read, or None if it was not looked at. Raises `OSError` when the corpus
        folder itself cannot be read."""
        now = time.monotonic() if now is None else now
        due = now - self._looked_at >= max(LOOK_EVERY_MIN, self._look_cost / LOOK_COST_SHARE)
        if not due and not self._folders_moved():
            return None
        started = time.perf_counter()
        self.changes = self._look()
        self._look_cost = time.perf_counter() - started
        self._looked_at = now
        return self.changes

    def _folders_moved(self) -> bool:
        for folder, modified in self._folders.items():
            try:
                if os.stat(folder).st_mtime_ns != modified:
                    return True
            except OSError:
                return True  # gone, or no longer readable: the look says what that means
        return False

    def _look(self) -> CorpusChanges:
        # The folders first: a file added while the articles are looked at moves one of them again.
        listing = list_corpus(self.root)
        folders = {str(self.root), *(os.path.dirname(found.location) for found in listing.files)}
        self._folders = {folder: modified for folder, modified in map(_modified, folders) if modified is not None}
        stamps = {path: (size, modified) for path, size, modified in corpus_signature(self.root, listing)}
        curated = _modified(str(self.root / CURATED_FILE))[1]
        stamps[CURATED_FILE] = (0, curated if curated is not None else -1)
        if self._stamps is None:
            self._stamps = stamps  # the first look: the files as they were read (or very nearly)
        earlier = self._stamps
        added = sum(1 for path in stamps if path not in self._met and path != CURATED_FILE)
        removed = sum(1 for path in self._read if path not in stamps)
        changed = sum(1 for path, stamp in stamps.items() if path in earlier and earlier[path] != stamp
                      and (path in self._met or path == CURATED_FILE))
        return CorpusChanges(added, changed, removed)


def _modified(path: str) -> tuple[str, int | None]:
    try:
        return path, os.stat(path).st_mtime_ns
    except OSError:
        return path, None
