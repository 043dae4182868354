"""Work done in a forked child process, with progress reported back and the result pickled back.

Why `fork`: the child starts in milliseconds with everything the parent has (the file list, the
texts), where a fresh interpreter would spend longer importing than some jobs take. Building a
store in a child also keeps this process lean: the millions of short-lived objects of a build
leave its memory fragmented (a 10k-document store built here held twice the memory of the same
store read back), and a reader's interface keeps the GIL while another process builds.

Never needed for correctness: `can_fork()` says whether to try, and a caller falls back to doing
the work itself when the child fails (`ChildFailed`). The child runs only the given function and
`pickle`, writes to its pipe, and leaves through `os._exit`: never back into the parent's code
(its threads, atexit handlers, a test runner).

The pipe carries frames: one tag byte, the payload's length (8 bytes), the payload. The result
streams as chunks while the child pickles it, so that the parent unpickles meanwhile (on two
cores the two overlap) and never holds the whole pickle at once.
"""

from __future__ import annotations

import gc
import io
import math
import os
import pickle
import select
import signal
import struct
import sys
import time
from collections.abc import Callable
from typing import Any, BinaryIO

from reader.gc_pause import collector_paused
from reader.progress import FILES, NAMES

__all__ = ["Cancelled", "ChildFailed", "Forked", "PickleSender", "Sender", "Report", "can_fork", "idle_core", "in_background"]

Report = Callable[..., None]
"""`report(done, total)`, or `report(done, total, stage)` for a stage other than the files read
(`reader.progress`): progress, sent to the parent as it happens."""

_HEADER = struct.Struct("<cQ")
_PROGRESS = struct.Struct("<qqB")
_STAGES = (FILES, NAMES)
_CHUNK, _END, _PROGRESS_TAG, _ERROR, _NOTE = b"c", b"r", b"p", b"e", b"n"
_CHUNK_BYTES = 1 << 20
_CANCEL_CHECK_MS = 100
_PR_SET_PDEATHSIG = 1
_RESET_SIGNALS = {getattr(signal, name) for name in ("SIGHUP", "SIGTERM", "SIGINT") if hasattr(signal, name)}
"""What a child must not handle as its parent does (saving the reading state on a hang-up)."""


class ChildFailed(Exception):
    """The child died, sent something unreadable, or raised (its message says what)."""


class Cancelled(Exception):
    """Whoever waited for the child gave up (`cancelled()` said so); the child was stopped."""


def can_fork() -> bool:
    # Other systems' `fork` is unsafe with threads (macOS) or missing (Windows).
    return sys.platform.startswith("linux") and hasattr(os, "fork") and hasattr(select, "poll")


def idle_core() -> bool:
    """Whether a second process would get a core of its own: with none idle, two processes share
    one and both lose (on a busy 2-core machine a forked scan was slower than one process)."""
    cores = os.cpu_count() or 1
    if cores < 2:
        return False
    try:
        busy = os.getloadavg()[0]  # this process, working, counts as about one
    except (AttributeError, OSError):
        return False
    # The minute's average lags: just after other work ended it still counts it. What runs right
    # now (`/proc/loadavg`'s fourth field, this process included) says more.
    try:
        with open("/proc/loadavg") as loadavg:
            running_now = int(loadavg.read().split()[3].split("/")[0])
        busy = min(busy, running_now)
    except (OSError, ValueError, IndexError):
        pass
    return busy <= cores - 0.5


class Forked:
    """A function running in a child process.

        child = Forked(work, argument)       # in the child: work(report, argument) -> result
        ...                                  # meanwhile, anything else
        result = child.result(progress)      # progress(done, total) as reports come

    In the child, `report(done, total)` reports progress and `report.send(part)` sends a part of
    the result early (documents before the names indexed in them); the parent takes each with
    `result(last=False)`. The parts are pickled by one pickler, so a later part refers to the
    objects of an earlier one instead of copying them. `sender(stream)` makes that pickler (an
    object with `send(value)` and `finish() -> notes`); `notes()` gives the parent what `finish`
    said, such as a warning that a copy written alongside could not be saved.
    """

    def __init__(self, work: Callable[..., Any], *arguments: Any,
                 sender: Callable[[BinaryIO], Sender] | None = None,
                 unpickler: Callable[[BinaryIO], pickle.Unpickler] | None = None) -> None:
        """`sender` pickles the result in the child, `unpickler` reads it here (plain `pickle` by
        default): a pair that agree on what each other already has need not send it."""
        self._make_unpickler = unpickler or pickle.Unpickler
        self._buffer = bytearray()
        self._chunk_left = 0
        self._cancelled: Callable[[], bool] | None = None
        self._progress_callback: Report | None = None
        self._unpickler: pickle.Unpickler | None = None
        self._notes: list[str] = []
        self.progress: tuple[int, int] | None = None
        """The latest `(done, total)` the child reported."""
        read_end, write_end = os.pipe()
        _widen(write_end)
        parent = os.getpid()
        try:
            pid = _fork_for_one_job()
        except BaseException:  # no memory for it; or 3.12's warning about threads, raised as an error
            os.close(read_end)
            os.close(write_end)
            raise
        if pid == 0:
            os.close(read_end)
            _child(write_end, work, arguments, sender or PickleSender, parent)
        os.close(write_end)
        self.pid: int | None = pid
        self._read_end: int | None = read_end

    def poll(self) -> tuple[int, int] | None:
        """Read whatever progress has arrived, without waiting; the latest `(done, total)`."""
        self._frames(waiting=False)
        return self.progress

    def ready(self) -> bool:
        """Whether the next part of the result has begun to come, without waiting (progress read
        meanwhile is in `progress`): then `result` takes it while the child is still sending."""
        self._frames(waiting=False)
        if len(self._buffer) < _HEADER.size:
            return False
        tag, _ = _HEADER.unpack_from(self._buffer)
        return tag in (_CHUNK, _END)

    def result(self, progress: Report | None = None, *, patience: float | None = None,
               cancelled: Callable[[], bool] | None = None, last: bool = True, keep: bool = False) -> Any:
        """Wait for the child's result (or, with `last=False`, its next part), calling `progress`
        as reports arrive. It is unpickled as it streams in. `keep`: it lives as long as this
        process, so it is frozen out of the cycle collector (`gc.freeze`) before that runs again.

        Raises `ChildFailed` (after stopping the child) if it fails, or if `patience` seconds pass
        before the result starts; `Cancelled` as soon as `cancelled()` is true (asked a few times
        a second)."""
        self._cancelled = cancelled
        self._progress_callback = progress
        try:
            self._frames(waiting=True, progress=progress, patience=patience)
            if self._unpickler is None:
                self._unpickler = self._make_unpickler(_Result(self))
            # Nothing made here is garbage: without the cycle collector, a big result loads in
            # about half the time.
            try:
                with collector_paused(keep=keep):
                    value = self._unpickler.load()
            except (EOFError, pickle.UnpicklingError, ValueError) as error:
                raise ChildFailed(f"the child's result was cut short ({type(error).__name__})") from None
            if last:
                if self._read_result(memoryview(bytearray(1))):
                    raise ChildFailed("the child's result went on after its end")
                # Its memo holds every object it made, and it is in a cycle with this object (through
                # `_Result`): let them go with their owners, not at a collection (none in a child).
                self._unpickler = None
        except BaseException:
            self.stop()
            raise
        return value

    def notes(self, patience: float = 30.0) -> list[str]:
        """What the child said after its result (a warning), once it has exited."""
        try:
            self._frames(waiting=True, patience=patience, to_end=True)
        except ChildFailed:
            pass
        self.stop()
        return self._notes

    def stop(self) -> None:
        """Kill the child if it still runs, and reap it. Safe to call twice."""
        self._unpickler = None
        if self._read_end is not None:
            os.close(self._read_end)
            self._read_end = None
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
            _reap(self.pid)
            self.pid = None

    def _frames(self, *, waiting: bool, progress: Report | None = None, patience: float | None = None,
                to_end: bool = False) -> None:
        """Handle the frames that come before the result (or, `to_end`, after it, until the pipe
        closes). Stops at the result's next chunk, which `_Result` then reads."""
        deadline = None if patience is None else time.monotonic() + patience
        while True:
            while len(self._buffer) >= _HEADER.size:
                tag, length = _HEADER.unpack_from(self._buffer)
                if tag in (_CHUNK, _END) and not to_end:
                    return
                end = _HEADER.size + length
                if len(self._buffer) < end:
                    break
                payload = bytes(self._buffer[_HEADER.size : end])
                del self._buffer[:end]
                self._handle(tag, payload, progress)
            if not self._fill(waiting, deadline):
                if waiting and not to_end:
                    raise ChildFailed("the child ended without a result")
                return

    def _handle(self, tag: bytes, payload: bytes, progress: Report | None) -> None:
        if tag == _PROGRESS_TAG:
            done, total, stage = _PROGRESS.unpack(payload)
            if stage == 0:
                self.progress = (done, total)
                if progress is not None:
                    progress(done, total)
            elif progress is not None:
                progress(done, total, _STAGES[stage])
        elif tag == _NOTE:
            self._notes.append(payload.decode("utf-8", "replace"))
        elif tag == _ERROR:
            raise ChildFailed(payload.decode("utf-8", "replace"))

    def _fill(self, waiting: bool, deadline: float | None) -> bool:
        """Read more from the pipe into the buffer. False at its end, or when nothing has come and
        we are not waiting; `ChildFailed` when the deadline passes."""
        if self._read_end is None:
            raise ChildFailed("the child was stopped")
        poller = select.poll()  # not `select.select`: no limit on the descriptor's number
        poller.register(self._read_end, select.POLLIN)
        while True:
            if not waiting:
                timeout: int | None = 0
            elif deadline is None:
                timeout = None
            else:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ChildFailed("the child took too long")
                timeout = math.ceil(left * 1000)
            if self._cancelled is not None and waiting:
                if self._cancelled():
                    raise Cancelled()
                timeout = _CANCEL_CHECK_MS if timeout is None else min(timeout, _CANCEL_CHECK_MS)
            if poller.poll(timeout):
                break
            if not waiting:
                return False
        chunk = os.read(self._read_end, _CHUNK_BYTES)
        self._buffer += chunk
        return bool(chunk)

    def _read_result(self, into: memoryview) -> int:
        """Bytes of the result for `_Result`, across its chunks (and any reports between them);
        0 at its end."""
        while self._chunk_left == 0:
            while len(self._buffer) < _HEADER.size:
                if not self._fill(True, None):
                    raise ChildFailed("the child ended in the middle of its result")
            tag, length = _HEADER.unpack_from(self._buffer)
            if tag == _END:
                return 0
            if tag == _CHUNK:
                del self._buffer[: _HEADER.size]
                self._chunk_left = length
                break
            while len(self._buffer) < _HEADER.size + length:
                if not self._fill(True, None):
                    raise ChildFailed("the child ended in the middle of its result")
            payload = bytes(self._buffer[_HEADER.size : _HEADER.size + length])
            del self._buffer[: _HEADER.size + length]
            self._handle(tag, payload, self._progress_callback)
        if not self._buffer and not self._fill(True, None):
            raise ChildFailed("the child ended in the middle of its result")
        count = min(len(into), self._chunk_left, len(self._buffer))
        into[:count] = self._buffer[:count]
        del self._buffer[:count]
        self._chunk_left -= count
        return count


class _Result:
    """The result's chunks as a file for `pickle.Unpickler`. Deliberately without `peek`: the
    unpickler would use it to read ahead past the end of one part, and wait for the next."""

    def __init__(self, child: Forked) -> None:
        self._child = child

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view):
            count = self._child._read_result(view[done:])
            if not count:
                break
            done += count
        return done

    def read(self, size: int = -1) -> bytes:
        if size < 0:
            raise ValueError("a child's result is read in sized pieces")
        buffer = bytearray(size)
        return bytes(buffer[: self.readinto(buffer)])

    def readline(self) -> bytes:
        line = bytearray()
        while not line.endswith(b"\n"):
            piece = self.read(1)
            if not piece:
                break
            line += piece
        return bytes(line)


class _Chunks(io.RawIOBase):
    """The child's side: what is written goes down the pipe as result chunks."""

    def __init__(self, write_end: int) -> None:
        super().__init__()
        self._write_end = write_end

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        if view:
            _send(self._write_end, _CHUNK, view)
        return len(view)


class Sender:
    """What pickles the parts of a child's result (see `Forked`)."""

    def send(self, value: Any) -> None:
        raise NotImplementedError

    def finish(self) -> list[str]:
        return []


class PickleSender(Sender):
    """Plain `pickle`, one pickler for every part."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)

    def send(self, value: Any) -> None:
        self._pickler.dump(value)
        self._stream.flush()


class _Report:
    """`report(done, total)` and `report.send(part)` for the child's work."""

    def __init__(self, write_end: int, sender: Sender) -> None:
        self._write_end = write_end
        self._last = 0.0
        self.send = sender.send

    def __call__(self, done: int, total: int, stage: str = FILES) -> None:
        # At most about twenty reports a second of the files read, and always the last one; a
        # later stage reports each step it takes (`NamesProgress`: a hundred at most), none of
        # which may be lost: the next may come only seconds later.
        now = time.monotonic()
        if done >= total or now - self._last >= 0.05 or stage != FILES:
            self._last = now
            _send(self._write_end, _PROGRESS_TAG, _PROGRESS.pack(done, total, _STAGES.index(stage)))


def _child(write_end: int, work: Callable[..., Any], arguments: tuple,
           sender: Callable[[BinaryIO], Sender], parent: int) -> None:
    status = 1
    try:
        _end_with(parent)
        _quiet()
        try:
            stream = io.BufferedWriter(_Chunks(write_end), _CHUNK_BYTES)
            parts = sender(stream)
            value = work(_Report(write_end, parts), *arguments)
            parts.send(value)
            notes = parts.finish()
            stream.flush()
        except BaseException as error:  # noqa: BLE001 - said to the parent, which decides
            _send(write_end, _ERROR, f"{type(error).__name__}: {error}".encode("utf-8", "replace"))
        else:
            _send(write_end, _END, b"")
            for note in notes or ():
                _send(write_end, _NOTE, note.encode("utf-8", "replace"))
            status = 0
    finally:
        os._exit(status)


def in_background(work: Callable[..., Any], *arguments: Any) -> int | None:
    """Run `work(*arguments)` in a forked process that no one has to wait for: for a file written
    whole or not at all, worth finishing even if this process ends first (it is not ended with its
    parent, as a `Forked` child is). Its process id, to reap; None if it could not start."""
    try:
        pid = _fork_for_one_job()
    except OSError:
        return None
    if pid == 0:  # pragma: no cover - the child; its work is checked by what it writes
        status = 1
        try:
            # Nothing inherited stays open: a pipe held here would keep a parent reading from it
            # from seeing the other end close.
            os.closerange(3, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 1024)
            work(*arguments)
            status = 0
        finally:
            os._exit(status)
    return pid


def _fork_for_one_job() -> int:
    """`os.fork` for a child that does one job and ends with `os._exit`: in the child, the
    parent's signal handlers are reset, with none of those signals let in before (`_hold_signals`),
    and the cycle collector is off (`_one_job_collector`)."""
    held = _hold_signals()
    try:
        pid = os.fork()
    except BaseException:
        _release_signals(held)
        raise
    if pid != 0:
        _release_signals(held)
        return pid
    try:  # pragma: no cover - the child
        _default_signals()
        _release_signals(held)
        _one_job_collector()
    except BaseException:  # noqa: BLE001 - never back into the parent's code
        os._exit(1)
    return 0


def _widen(pipe: int) -> None:
    """Let a pipe hold a whole chunk (1 MB, Linux's default limit for a user) instead of 64 kB:
    the child writes on while the parent unpickles, rather than waiting on it 16 times a chunk."""
    try:
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, _CHUNK_BYTES)
    except (ImportError, AttributeError, OSError):  # not Linux, or a lower limit: the default will do
        pass


def _one_job_collector() -> None:
    """No cycle collection in a child: it does one job and ends with `os._exit`, which frees all it
    made at once. A collection there only walks the millions of objects a load makes (the first
    one after a paused stretch took 0.6 s of a 100k build), and the parent's objects with them,
    copying every page it touches."""
    gc.disable()


def _end_with(parent: int) -> None:
    """Have the kernel kill this child when its parent ends, however it ends (Linux): a reader
    killed outright must not leave a build running on for a minute with nobody to read it."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it ended before the request was in place
        os._exit(1)


def _quiet() -> None:
    # The parent may be drawing an interface on this terminal: nothing the child might print (a
    # warning, a message from C code) may land in the middle of it. Failures come back as frames.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _hold_signals() -> Any:
    """Hold back, in this thread, the signals `_default_signals` resets, until `_release_signals`:
    the child forked meanwhile gets one only once its handler is the default, never the parent's
    (a hang-up sent the moment it starts ran the parent's handler in it). The mask before; None
    where there are no masks."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _RESET_SIGNALS)


def _release_signals(held: Any) -> None:
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _default_signals() -> None:
    # The parent's handlers (save the reading state on a hang-up) must not run in the child: a
    # hang-up reaches the whole process group, and the child would save a stale state. It just ends.
    for signum in _RESET_SIGNALS:
        try:
            signal.signal(signum, signal.SIG_DFL)
        except (OSError, ValueError):
            pass


def _send(write_end: int, tag: bytes, payload: bytes | memoryview) -> None:
    for data in (memoryview(_HEADER.pack(tag, len(payload))), memoryview(payload)):
        while data:
            data = data[os.write(write_end, data) :]


def _reap(pid: int) -> int | None:
    """The child's exit status; None if someone else reaped it (an event loop's child watcher)."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return None
