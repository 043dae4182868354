"""The reader over a real SSH connection (issue 5), the way users meet it: `ssh -tt host openai-reader`.

A throwaway sshd on 127.0.0.1 (tests/sshd.py), the ssh client inside tmux at 80x24 with
TERM=xterm-256color (tests/terminal.py), keys sent with `tmux send-keys`, the screen read with
`tmux capture-pane`. Then the connection is dropped and the reader sent SIGTERM: it must end within a
second with its reading state saved, leaving no process behind.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.paths import default_corpus
from sshd import Sshd, missing_tools
from terminal import TMUX, Tmux, pids_with

pytestmark = [
    pytest.mark.ssh,
    pytest.mark.skipif(
        bool(missing_tools()) or TMUX is None,
        reason=f"needs openssh-server, openssh-client and tmux; missing: {missing_tools() + ([] if TMUX else ['tmux'])}",
    ),
]

COMMAND = shutil.which("openai-reader")
# Not the reader: the client, tmux, and the shells around them also carry the corpus path.
NOT_THE_READER = ("ssh", "tmux", "tmux: server", "tmux: client", "sh", "bash", "sshd", "env")
ENDS_WITHIN = 1.0
"""Seconds from the hang-up or SIGTERM to the reader being gone (issue 5)."""


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sshd]:
    server = Sshd(tmp_path_factory.mktemp("sshd"))
    server.start()
    yield server
    server.stop()


class Session:
    """One `ssh -tt ... openai-reader` in tmux, with its own corpus copy, HOME and state folder."""

    def __init__(self, sshd: Sshd, folder: Path) -> None:
        assert COMMAND, "openai-reader is not installed (pip install -e .)"
        self.marker = f"corpus-ssh-{uuid.uuid4().hex[:12]}"  # finds every process of this session
        self.corpus = folder / self.marker
        shutil.copytree(default_corpus(), self.corpus)
        self.home = folder / "home"
        self.state_file = self.home / "state" / "openai-reader" / "state.json"
        remote = shlex.join(
            [
                "env",
                f"HOME={self.home}",
                f"XDG_STATE_HOME={self.home / 'state'}",
                f"XDG_CACHE_HOME={self.home / 'cache'}",
                "LANG=C.UTF-8",
                COMMAND,  # sshd resets PATH: name the installed command by its full path
                "--corpus",
                str(self.corpus),
            ]
        )
        self.tmux = Tmux(folder)
        self.tmux.start(sshd.ssh_command(remote, tty=True), env={"TERM": "xterm-256color"})

    def reader_pids(self) -> list[int]:
        return pids_with(self.marker, exclude_names=NOT_THE_READER)

    def wait_gone(self, pids: list[int], limit: float = 5.0) -> float:
        """Seconds until none of `pids` is alive (or `limit`)."""
        started = time.monotonic()
        while time.monotonic() - started < limit:
            if not any(_alive(pid) for pid in pids):
                break
            time.sleep(0.01)
        return time.monotonic() - started

    def assert_nothing_left(self, limit: float = 3.0) -> None:
        """Once the session has ended, no process of it may survive (no orphaned reader)."""
        deadline = time.monotonic() + limit
        while pids_with(self.marker) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = {pid: Path(f"/proc/{pid}/cmdline").read_bytes()[:120] for pid in pids_with(self.marker)}
        assert not left, f"processes left behind: {left}"

    def state(self) -> dict:
        return json.loads(self.state_file.read_text(encoding="utf-8"))["corpora"][str(self.corpus.resolve())]

    def close(self) -> None:
        self.tmux.kill()
        for pid in self.reader_pids():  # only if a test failed half-way
            os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture
def session(sshd: Sshd, tmp_path: Path) -> Iterator[Session]:
    opened = Session(sshd, tmp_path)
    yield opened
    opened.close()


def wait_list(session: Session) -> str:
    return session.tmux.wait_for(lambda screen: "Documents" in screen and "5/5" in screen, 20, "the list of 5")


def test_list_filter_open_jump_and_quit_over_ssh(session: Session) -> None:
    tmux = session.tmux
    screen = wait_list(session)
    assert len(screen.splitlines()) <= 24 and all(len(line) <= 80 for line in screen.splitlines())
    assert "Inside OpenAI" in screen  # a title from the list

    tmux.keys("/")
    tmux.wait_for_text("Clear filter")  # the footer once the filter bar has focus
    tmux.type("altman reprend")
    screen = tmux.wait_for_text("1/5")
    assert "Inside OpenAI" not in screen, "the filter did not narrow the list"

    tmux.keys("Enter")  # opens the top hit: the French article
    tmux.wait_for_text("French")

    tmux.keys("@")
    tmux.wait_for_text("Jump to a name")  # keys typed before the jumper is up would go elsewhere
    tmux.type("sutskvr")
    tmux.wait_for(first_name_is("Ilya Sutskever"), 10, "Sutskever first")
    tmux.keys("Enter")
    tmux.wait_for_text("Ilya Sutskever 1/3")
    tmux.keys("n")
    tmux.wait_for_text("Ilya Sutskever 2/3")

    tmux.keys("q")
    assert tmux.exit_status() == 0, "q did not end the SSH session with status 0"
    session.assert_nothing_left()
    assert session.state()["last"] in {"000_bc22c95311503198", "003_28cef117b7f50fc3"}


def first_name_is(name: str):
    """The name jumper's first row (the line under the query) is `name`."""

    def check(screen: str) -> bool:
        lines = screen.splitlines()
        row = next((n for n, line in enumerate(lines) if "sutskvr" in line), None)
        return row is not None and row + 1 < len(lines) and name in lines[row + 1]

    return check


def reading_percent(screen: str) -> int | None:
    """The position shown in the reading pane's bottom border (`… 37% ─╯`)."""
    found = re.findall(r"(\d+)%\s*─+╯", screen)
    return int(found[-1]) if found else None


def _open_and_scroll(session: Session) -> str:
    """Open the first document, page down in it, and return its id."""
    tmux = session.tmux
    wait_list(session)
    tmux.keys("Enter")
    start = reading_percent(tmux.wait_for(lambda screen: reading_percent(screen) is not None, 10, "a position"))
    for _ in range(20):  # the first key may arrive before the reading pane has focus
        tmux.keys("Space")
        try:
            tmux.wait_for(lambda screen: (reading_percent(screen) or 0) > (start or 0), 0.5, "the page to move")
            break
        except AssertionError:
            continue
    else:
        raise AssertionError(f"space never paged down:\n{tmux.screen()}")
    return "003_28cef117b7f50fc3"  # the newest document, first in the list


def test_dropped_connection_ends_the_reader_with_its_state_saved(session: Session) -> None:
    document = _open_and_scroll(session)
    readers = session.reader_pids()
    assert len(readers) == 1, readers
    clients = pids_with(session.marker, exclude_names=())
    clients = [pid for pid in clients if Path(f"/proc/{pid}/comm").read_text().strip() == "ssh"]
    assert len(clients) == 1, clients
    os.kill(clients[0], signal.SIGKILL)  # the connection drops: sshd hangs up the reader's terminal
    took = session.wait_gone(readers)
    print(f"reader gone {took:.3f}s after the hang-up")
    assert took < ENDS_WITHIN, f"the reader took {took:.2f}s to end after the hang-up"
    session.assert_nothing_left()
    state = session.state()
    assert state["last"] == document
    assert document in state["positions"], "the reading position was not saved"


def test_sigterm_ends_the_reader_with_its_state_saved(session: Session) -> None:
    document = _open_and_scroll(session)
    (reader,) = session.reader_pids()
    os.kill(reader, signal.SIGTERM)
    took = session.wait_gone([reader])
    print(f"reader gone {took:.3f}s after SIGTERM")
    assert took < ENDS_WITHIN, f"the reader took {took:.2f}s to end after SIGTERM"
    assert session.tmux.exit_status() in (0, 128 + signal.SIGTERM)
    session.assert_nothing_left()
    state = session.state()
    assert state["last"] == document
    assert document in state["positions"]
