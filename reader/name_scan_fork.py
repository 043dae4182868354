"""Pass one of the name index on two cores: a forked child scans the second half of a big corpus.

Scanning is most of the index's time and each text is scanned on its own, so a child process
scans the later texts while this one scans the earlier ones; the child sends back what it found
(`Scanner.export`) and `Scanner.merge` adds it as if scanned here, so the index is the same to the
byte. `fork` rather than a process pool: the child already has the texts (nothing to pickle on the
way in) and starts in milliseconds, where a fresh interpreter would take longer than the gain.

Never worse than scanning alone: below `MIN_CHARACTERS`, without a safe `fork` (see
`reader.forked`), with no idle core, or when the child fails or is late, this process scans
everything itself. This process waits for the child with a deadline, so nothing can hang.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from reader.forked import ChildFailed, Forked, can_fork, idle_core
from reader.model import Document
from reader.name_scan import Scanner

__all__ = ["MIN_CHARACTERS", "scan_all", "scan_documents"]

MIN_CHARACTERS = 4_000_000
"""About 4,000 news articles: below this, forking and merging cost more than they save."""
_PATIENCE = 4.0
"""How many times this process's own scanning time to wait for the child, at least `_MIN_WAIT`."""
_MIN_WAIT = 10.0

Field = tuple[int, int, str, "str | None"]
"""(document order, field index, text, language)."""


def scan_documents(documents: Sequence[Document]) -> Scanner:
    """A scanner that has scanned `documents` (display order), not yet finished: what
    `NameIndex.build` scans itself, done apart so that the scan can be kept."""
    scanner = Scanner()
    fields = [(order, index, text, document.language)
              for order, document in enumerate(documents) for index, (_, text) in enumerate(document.name_fields())]
    scan_all(scanner, fields)
    return scanner


def scan_all(scanner: Scanner, fields: Sequence[Field], *, parallel: bool | None = None) -> None:
    """Scan `fields` (in order) into `scanner`; on two cores when the corpus is big enough."""
    total = sum(len(field[2]) for field in fields)
    if parallel is None:
        parallel = total >= MIN_CHARACTERS and idle_core()
    if not parallel or len(fields) < 2 or not can_fork():
        _scan(scanner, fields)
        return
    cut = _halfway(fields, total)
    try:
        child = Forked(_scan_and_export, fields[cut:])
    except Exception:  # noqa: BLE001 - no memory for it; or 3.12's warning about threads, raised as an error
        _scan(scanner, fields)
        return
    started = time.monotonic()
    try:
        _scan(scanner, fields[:cut])
        exported = child.result(patience=max(_MIN_WAIT, _PATIENCE * (time.monotonic() - started)))
    except ChildFailed:
        exported = None
    finally:
        child.stop()
    if exported is None:
        _scan(scanner, fields[cut:])
    else:
        scanner.merge(exported)


def _scan(scanner: Scanner, fields: Sequence[Field]) -> None:
    scan = scanner.scan
    for order, field, text, language in fields:
        scan(order, field, text, language)


def _scan_and_export(_report: object, fields: Sequence[Field]) -> tuple:
    scanner = Scanner()
    _scan(scanner, fields)
    return scanner.export()


def _halfway(fields: Sequence[Field], total: int) -> int:
    running = 0
    for position, field in enumerate(fields):
        running += len(field[2])
        if running * 2 >= total:
            return max(1, position)
    return len(fields) - 1
