"""Running the interface as a well-behaved terminal process.

A hang-up (the SSH connection dropping) or SIGTERM saves the reading state and ends the reader
within a second; a crash inside the interface leaves the terminal usable, prints one line and
keeps the traceback in a log file.
"""

from __future__ import annotations

import asyncio
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
    crash_log = state_dir() / "crash.log"
    crash_log.parent.mkdir(parents=True, exist_ok=True)
    with open(crash_log, "w", encoding="utf-8") as log:
        # Textual prints an unhandled exception's traceback to `error_console` after restoring the
        # terminal; sending it to the log keeps the screen to one clear line.
        app.error_console = Console(file=log, markup=False, highlight=False, width=120, color_system=None)
        _install_signal_handlers(app)
        app.run()
    code = app.return_code or 0
    if code != 0 and crash_log.stat().st_size > 0:
        print(f"openai-reader: the interface stopped on an unexpected error ({_last_line(crash_log)}); details in {crash_log}", file=sys.stderr)
    elif crash_log.stat().st_size == 0:
        crash_log.unlink(missing_ok=True)
    return code


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


def _last_line(log: Path) -> str:
    lines = [line.strip(" │╰╭─\n") for line in log.read_text(encoding="utf-8", errors="replace").splitlines()]
    meaningful = [line for line in lines if line]
    return meaningful[-1][:160] if meaningful else "unknown error"


