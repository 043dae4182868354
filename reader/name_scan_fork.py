"""Pass one of the name index on two cores: a forked child scans the second half of a big corpus.

Scanning is most of the index's time and each text is scanned on its own, so a child process
scans the later texts while this one scans the earlier ones; the child sends back what it found
(`Scanner.export`) and `Scanner.merge` adds it as if scanned here, so the index is the same to the
byte. `fork` rather than a process pool: the child already has the texts (nothing to pickle on the
way in) and starts in milliseconds, where a fresh interpreter would take longer than the gain.

Never worse than scanning alone: below `MIN_CHARACTERS`, without `os.fork` (or off Linux), with
no idle core, or when the child fails or is late, this process scans everything itself. The
child only runs the scanner and `pickle`, touches no lock another thread could hold, and leaves
through `os._exit`; this process waits for it with a deadline, so nothing can hang.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import time
from collections.abc import Sequence

from reader.name_scan import Scanner

__all__ = ["MIN_CHARACTERS", "scan_all"]

MIN_CHARACTERS = 4_000_000
"""About 4,000 news articles: below this, forking and merging cost more than they save."""
_PATIENCE = 4.0
"""How many times this process's own scanning time to wait for the child, at least `_MIN_WAIT`."""
_MIN_WAIT = 10.0

Field = tuple[int, int, str, "str | None"]
"""(document order, field index, text, language)."""


def scan_all(scanner: Scanner, fields: Sequence[Field], *, parallel: bool | None = None) -> None:
    """Scan `fields` (in order) into `scanner`; on two cores when the corpus is big enough."""
    total = sum(len(field[2]) for field in fields)
    if parallel is None:
        parallel = total >= MIN_CHARACTERS and _idle_core()
    if not parallel or len(fields) < 2 or not _forkable():
        _scan(scanner, fields)
        return
    cut = _halfway(fields, total)
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except Exception:  # no memory for it; or 3.12's warning about threads, raised as an error
        os.close(read_end)
        os.close(write_end)
        _scan(scanner, fields)
        return
    if pid == 0:
        _child(fields[cut:], read_end, write_end)
    os.close(write_end)
    started = time.monotonic()
    try:
        _scan(scanner, fields[:cut])
    except BaseException:
        _stop(pid)
        os.close(read_end)
        raise
    try:
        exported = _receive(read_end, pid, max(_MIN_WAIT, _PATIENCE * (time.monotonic() - started)))
    finally:
        os.close(read_end)
    if exported is None:
        _scan(scanner, fields[cut:])
    else:
        scanner.merge(exported)


def _forkable() -> bool:
    # Other systems' `fork` is unsafe with threads (macOS) or missing (Windows).
    return sys.platform.startswith("linux") and hasattr(os, "fork") and hasattr(select, "poll")


def _idle_core() -> bool:
    # With no idle core the two processes share one and both lose: on a busy 2-core machine
    # (load 2.7) scanning 10,000 articles took 3.9 s forked against 3.1 s alone.
    cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]  # this process, scanning, counts as about one
    except (AttributeError, OSError):
        return False
    return cores >= 2 and load <= cores - 0.5


def _scan(scanner: Scanner, fields: Sequence[Field]) -> None:
    scan = scanner.scan
    for order, field, text, language in fields:
        scan(order, field, text, language)


def _halfway(fields: Sequence[Field], total: int) -> int:
    running = 0
    for position, field in enumerate(fields):
        running += len(field[2])
        if running * 2 >= total:
            return max(1, position)
    return len(fields) - 1


def _child(fields: Sequence[Field], read_end: int, write_end: int) -> None:
    status = 1
    try:
        os.close(read_end)
        scanner = Scanner()
        _scan(scanner, fields)
        payload = memoryview(pickle.dumps(scanner.export(), protocol=pickle.HIGHEST_PROTOCOL))
        while payload:
            payload = payload[os.write(write_end, payload) :]
        status = 0
    finally:
        os._exit(status)  # never back into the parent's code (its threads, atexit, test runner)


def _receive(read_end: int, pid: int, patience: float) -> tuple | None:
    """The child's export, or None (after stopping it) if it failed or took longer than `patience`."""
    deadline = time.monotonic() + patience
    chunks: list[bytes] = []
    try:
        poller = select.poll()  # not `select.select`: no limit on the descriptor's number
        poller.register(read_end, select.POLLIN)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not poller.poll(remaining * 1000):
                _stop(pid)
                return None
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    except OSError:
        _stop(pid)
        return None
    except BaseException:
        _stop(pid)
        raise
    if _reap(pid) not in (0, None):
        return None
    try:
        return pickle.loads(b"".join(chunks))
    except Exception:  # a child killed mid-write: scan its texts here instead
        return None


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    _reap(pid)


def _reap(pid: int) -> int | None:
    """The child's exit status; None if someone else reaped it (an event loop's child watcher):
    the payload's own end mark then tells whether it is whole."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return None
