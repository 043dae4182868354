"""Pass one of the name index (the scan), kept beside the corpus cache for the next build.

Scanning every text for runs of capitalised words is most of a first load's work after reading.
When the corpus has grown by a few files, what was found in the others is still true: only their
places in the display order move. So each build keeps its scan, written by a forked process while
the build goes on, and a build that takes documents over from a stale store (`reader.earlier_store`)
takes their scan over too: the documents of unchanged files are moved to their new places
(`Scanner.renumber`), those left out are uncounted, and only new and changed ones are scanned. The
index built from it is the same to the byte as from a full scan.

The file says which store it goes with (the signature of the files it was scanned from, and the
ids of their documents in display order); anything else, or anything unreadable, is ignored.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reader.cache import unfinished_file
from reader.forked import in_background
from reader.gc_pause import collector_paused
from reader.model import Document
from reader.name_scan import Scanner

__all__ = ["keep_scan", "kept_scan", "scan_path"]

_MAGIC = b"openai-reader-scan 1\n"


def scan_path(cache_path: Path) -> Path:
    return cache_path.with_suffix(".scan")


def keep_scan(path: Path, signature: Any, documents: Sequence[Document], scanner: Scanner) -> int | None:
    """Write what `scanner` found in `documents` (display order, not yet finished) to `path`, in a
    forked process; its process id (to reap), or None if none could start."""
    exported = scanner.export()  # shares the scanner's lists: the fork gets them as they are now
    return in_background(_write, path, (signature, [document.id for document in documents], exported))


def kept_scan(path: Path, signature: Any, documents: Sequence[Document]) -> Scanner | None:
    """The scan kept for the store built from the files of `signature` with these `documents`
    (in its display order), as a scanner that has scanned them; None if there is none."""
    try:
        with open(path, "rb") as file:
            if file.read(len(_MAGIC)) != _MAGIC:
                return None
            with collector_paused():
                kept_signature, ids, exported = pickle.load(file)
    except Exception:  # noqa: BLE001 - missing, cut short or foreign: scanned again
        return None
    if kept_signature != signature or ids != [document.id for document in documents]:
        return None
    scanner = Scanner()
    scanner.merge(exported)
    return scanner


def _write(path: Path, value: Any) -> None:
    handle, temporary = unfinished_file(path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(_MAGIC)
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
