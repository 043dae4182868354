"""The installed `openai-reader` in a real terminal (tmux), typed at as a user would.

The SSH test (test_ssh.py) goes through sshd as well; this one needs only tmux, so it also runs
where no sshd can be started.
"""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from terminal import TMUX, Tmux

pytestmark = [
    pytest.mark.terminal,
    pytest.mark.skipif(TMUX is None, reason="needs tmux (apt-get install tmux; .ci/run does)"),
]

COMMAND = shutil.which("openai-reader")


@pytest.fixture
def tmux(tmp_path: Path):
    assert COMMAND, "openai-reader is not installed: pip install ."
    session = Tmux(tmp_path)
    yield session
    session.kill()


def start(tmux: Tmux, tmp_path: Path, *args: str, **env: str) -> None:
    command = " ".join([COMMAND, *args])
    tmux.start(command, env={"XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CACHE_HOME": str(tmp_path / "cache"), **env})


def test_read_filter_jump_and_quit_at_80x24(tmux: Tmux, tmp_path: Path) -> None:
    start(tmux, tmp_path)
    screen = tmux.wait_for_text("5/5", timeout=20)
    assert "Sam Altman repr" in screen  # the French article, titled from its own title line

    tmux.type("/")
    tmux.type("musk")
    screen = tmux.wait_for_text("2/5")
    assert "Het bod komt op" in screen and "Sam Altman repr" not in screen
    tmux.keys("Enter")  # opens the top hit; `]` then steps to the next hit in the narrowed list
    tmux.type("]")
    tmux.wait_for_text("Elon Musk lijkt geen grenzen")

    tmux.type("@")
    tmux.type("sutskvr")
    tmux.wait_for_text("Ilya Sutskever")
    tmux.keys("Enter")
    # Reading order is newest first: 003 (2025-06, one mention), 001 (open now, none), 000 (2023-11,
    # two). The first mention at or after the open document is the second of three.
    screen = tmux.wait_for_text("Ilya Sutskever 2/3")
    assert "Altman logt op vrijdag" in screen
    tmux.type("n")
    tmux.wait_for_text("Ilya Sutskever 3/3")
    tmux.type("N")
    tmux.wait_for_text("Ilya Sutskever 2/3")
    tmux.type("q")
    assert tmux.exit_status() == 0


def test_narrow_terminal_without_colour(tmux: Tmux, tmp_path: Path) -> None:
    tmux.width, tmux.height = 50, 16
    start(tmux, tmp_path, NO_COLOR="1")
    tmux.wait_for_text("5/5", timeout=20)
    tmux.keys("Enter")  # narrow: the reading pane takes the list's place
    screen = tmux.wait_for(lambda s: "Documents" not in s and "%" in s, what="the reading pane alone")
    assert "Reading" in screen
    tmux.keys("Escape")
    tmux.wait_for_text("Documents")
    tmux.type("q")
    assert tmux.exit_status() == 0


CRASHING_RUN = """
import sys
from reader.ui.app import ReaderApp
from reader import cli

def explode(self):
    raise RuntimeError("boom from a test")

ReaderApp.action_help = explode
sys.exit(cli.main(sys.argv[1:]))
"""


def test_a_crash_restores_the_terminal_and_says_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"), "TERM": "xterm-256color"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: the reader in a pseudo-terminal
        os.execve(sys.executable, [sys.executable, "-c", CRASHING_RUN], env)
    output = b""
    deadline = time.monotonic() + 30
    sent = False
    while time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if not sent and b"5/5" in output:
            os.write(fd, b"?")  # the patched action raises
            sent = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert sent, output[-2000:]
    assert os.waitstatus_to_exitcode(status) != 0
    # Every mode the interface turned on is turned off again, after the last time it was turned on.
    for on, off in ((b"\x1b[?1049h", b"\x1b[?1049l"), (b"\x1b[?1000h", b"\x1b[?1000l")):
        if on in output:
            assert output.rfind(off) > output.rfind(on)
    tail = output[output.rfind(b"\x1b[?1049l") :].decode(errors="replace")
    messages = [line for line in tail.splitlines() if "openai-reader:" in line]
    assert len(messages) == 1 and "boom from a test" in messages[0] and "crash.log" in messages[0]
    assert "Traceback" not in tail
    log = tmp_path / "state" / "openai-reader" / "crash.log"
    assert "RuntimeError" in log.read_text()
