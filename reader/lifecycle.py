"""Running the interface as a well-behaved terminal process.

A hang-up (the SSH connection dropping) or SIGTERM saves the reading state and ends the reader
within a second; a crash inside the interface leaves the terminal usable, prints one line and
keeps the traceback in a log file.
"""

from __future__ import annotations

import asyncio
import io
import os
import signal
import sys
import threading
from pathlib import Path

from rich.console import Console

from reader.paths import state_dir

# The graceful exit gets this long before the process ends itself: a hung-up terminal can make
# the normal shutdown wait on writes that never complete.
GRACE_SECONDS = 0.8


def run_interface(corpus: Path, *, open_document: str | None = None, name_query: str | None = None) -> int:
    from reader.ui.app import ReaderApp

    app = ReaderApp(corpus, open_document=open_document, name_query=name_query)
    # Textual prints an unhandled exception's traceback to `error_console` after restoring the
    # terminal. It is held here and written to a log only after a crash, so that starting the
    # reader again never wipes the log of the last crash before anyone has read it.
    details = io.StringIO()
    app.error_console = Console(file=details, markup=False, highlight=False, width=120, color_system=None)
    _install_signal_handlers(app)
    app.run()
    code = app.return_code or 0
    if code != 0 and details.getvalue():
        print(f"openai-reader: the interface stopped on an unexpected error ({_last_line(details.getvalue())}); {_keep(details.getvalue())}", file=sys.stderr)
    return code


def _keep(traceback: str) -> str:
    """Write the crash details to the log; say where they are (or why they are not)."""
    crash_log = state_dir() / "crash.log"
    try:
        crash_log.parent.mkdir(parents=True, exist_ok=True)
        crash_log.write_text(traceback, encoding="utf-8")
    except OSError as error:
        return f"the details could not be logged ({error.strerror or error})"
    return f"details in {crash_log}"


def _install_signal_handlers(app) -> None:
    ended = threading.Event()

    def save_quietly() -> None:
        try:
            app.save_state()
        except Exception:  # noqa: BLE001 - already on the way out; nothing useful to report to
            pass

    def on_signal(signum: int, _frame) -> None:
        if ended.is_set():
            return
        ended.set()
        code = 128 + signum

        def hard_stop() -> None:
            save_quietly()
            os._exit(code)

        watchdog = threading.Timer(GRACE_SECONDS, hard_stop)
        watchdog.daemon = True
        watchdog.start()

        def graceful() -> None:
            save_quietly()
            app.exit(return_code=code)

        try:
            asyncio.get_running_loop().call_soon_threadsafe(graceful)
        except RuntimeError:  # the loop is not running yet or any more
            hard_stop()

    for signum in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(signum, on_signal)


def _last_line(traceback: str) -> str:
    lines = [line.strip(" │╰╭─\n") for line in traceback.splitlines()]
    meaningful = [line for line in lines if line]
    return meaningful[-1][:160] if meaningful else "unknown error"
