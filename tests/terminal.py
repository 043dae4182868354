"""Drive a command in a real terminal: a private tmux server at a fixed size, keys in, screen out;
or a bare pseudo-terminal (`Pty`), which also gives every byte the command writes.

Each `Tmux` has its own socket in a temporary folder, so it never touches the user's tmux.
"""

from __future__ import annotations

import os
import select
import shlex
import shutil
import signal
import subprocess
import time
from pathlib import Path

TMUX = shutil.which("tmux")


class Tmux:
    def __init__(self, folder: Path, width: int = 80, height: int = 24) -> None:
        self.folder = folder
        self.socket = folder / "tmux.sock"
        self.width = width
        self.height = height
        self.exit_file = folder / "exit-status"
        self.config = folder / "tmux.conf"
        # No status line (the pane gets all 24 rows), the TERM an SSH user has, Esc sent at once.
        self.config.write_text(
            "set -g status off\nset -g default-terminal xterm-256color\nset -sg escape-time 0\n"
            "set -g history-limit 0\n"
        )

    def _tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        assert TMUX, "tmux is not installed"
        return subprocess.run(
            [TMUX, "-S", str(self.socket), "-f", str(self.config), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=check,
        )

    def start(self, command: str, env: dict[str, str] | None = None) -> None:
        """Run `command` in a new session; its exit status lands in `exit_file` when it ends."""
        self.exit_file.unlink(missing_ok=True)
        wrapped = f"{command}; echo $? > {shlex.quote(str(self.exit_file))}"
        environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.folder), **(env or {})}
        environment.setdefault("TERM", "xterm-256color")
        environment.setdefault("LANG", "C.UTF-8")
        args = ["new-session", "-d", "-s", "t", "-x", str(self.width), "-y", str(self.height)]
        # tmux passes its own environment to the pane's shell; the client's `env` sets it.
        for attempt in range(5):
            result = subprocess.run(
                [TMUX, "-S", str(self.socket), "-f", str(self.config), *args, "sh", "-c", wrapped],
                env=environment,
                capture_output=True,
                text=True,
                timeout=10,
            )
            if result.returncode == 0:
                return
            # A session started right after the last one ended can reach its server as it exits
            # ("server exited unexpectedly"): a new server starts on the next try.
            time.sleep(0.2 * (attempt + 1))
        raise AssertionError(f"tmux could not start a session: {result.stderr.strip()}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self._tmux("send-keys", "-t", "t", *(["-l"] if literal else []), *keys)
        if not literal and keys[-1] in ("Escape", "Esc"):
            time.sleep(0.2)  # a key sent right after Esc would arrive as Alt+key

    def type(self, text: str) -> None:
        self.keys(text, literal=True)

    def screen(self) -> str:
        result = self._tmux("capture-pane", "-p", "-t", "t", check=False)
        return result.stdout if result.returncode == 0 else ""

    def wait_for(self, predicate, timeout: float = 10.0, what: str = "") -> str:
        """Poll the screen until `predicate(screen)` holds; fail with the last screen otherwise."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what or predicate}; screen was:\n{screen}")

    def wait_for_text(self, text: str, timeout: float = 10.0) -> str:
        return self.wait_for(lambda screen: text in screen, timeout, repr(text))

    def exit_status(self, timeout: float = 10.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.exit_file.exists() and self.exit_file.read_text().strip():
                return int(self.exit_file.read_text())
            time.sleep(0.05)
        raise AssertionError(f"the command did not end; screen was:\n{self.screen()}")

    def kill(self) -> None:
        self._tmux("kill-server", check=False)


def pids_with(marker: str, exclude_names: tuple[str, ...] = ()) -> list[int]:
    """Processes whose command line contains `marker`, except those whose name is excluded."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            name = (entry / "comm").read_text().strip()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in cmdline and name not in exclude_names and state != "Z":
            found.append(int(entry.name))
    return found


class Pty:
    """A command in a pseudo-terminal of a fixed size: keys in, every byte it writes out, and the
    screen those bytes draw (pyte)."""

    def __init__(self, command: list[str], env: dict[str, str], width: int = 80, height: int = 24) -> None:
        import pyte

        self.screen = pyte.Screen(width, height)
        self._stream = pyte.ByteStream(self.screen)
        self.master, slave = os.openpty()
        _set_window_size(slave, width, height)
        self.process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env,
                                        start_new_session=True, close_fds=True)
        os.close(slave)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def read_some(self, timeout: float) -> bytes | None:
        """What the command has written by the time anything comes within `timeout` (b"" if nothing);
        None once it has closed the terminal."""
        if not select.select([self.master], [], [], max(0.0, timeout))[0]:
            return b""
        try:
            data = os.read(self.master, 65536)
        except OSError:  # the command closed the terminal
            return None
        self._stream.feed(data)
        return data

    def read_for(self, seconds: float) -> bytes:
        """What the command writes within `seconds` from now."""
        written = bytearray()
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            data = self.read_some(left)
            if data is None:
                break
            written += data
        return bytes(written)

    def read_until(self, shown, timeout: float = 60.0) -> bytes:
        """What the command writes until `shown(screen text)` holds."""
        written = bytearray()
        deadline = time.perf_counter() + timeout
        while not shown(self.text()):
            if time.perf_counter() > deadline:
                raise TimeoutError("timed out; the screen was:\n" + self.text())
            written += self.read_for(0.05)
        return bytes(written)

    def key(self, key: str, then: float) -> bytes:
        """Press `key` (its characters as a terminal sends them); what is written within `then` seconds."""
        os.write(self.master, key.encode())
        return self.read_for(then)

    def resize(self, width: int, height: int, then: float) -> bytes:
        """Resize the terminal, as a window does (the kernel signals the command); what is written
        within `then` seconds."""
        self.screen.resize(height, width)
        _set_window_size(self.master, width, height)
        # The command runs in a session of its own, without this terminal as its controlling one: the
        # kernel's SIGWINCH goes to a controlling terminal's foreground group, so it is sent here.
        os.killpg(self.process.pid, signal.SIGWINCH)
        return self.read_for(then)

    def cells(self) -> list[tuple]:
        """Every cell of the screen as drawn: its character, colours and attributes."""
        return [tuple(self.screen.buffer[row][column]) for row in range(self.screen.lines)
                for column in range(self.screen.columns)]

    def stop(self) -> None:
        stop_in_pty(self.process, self.master)


def _set_window_size(terminal: int, width: int, height: int) -> None:
    import fcntl
    import struct
    import termios

    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))


def terminal_environment(home: Path, cache: Path, width: int, height: int) -> dict[str, str]:
    """This process's environment for a run of the reader in a terminal of its own: its own home
    and state in `home`, the corpus cache in `cache`, nothing of a surrounding tmux or Textual dev
    session, and bytecode written (as an installed package has it)."""
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("TMUX", "TEXTUAL")) and key != "PYTHONDONTWRITEBYTECODE"}
    environment.update(
        TERM="xterm-256color", LANG="C.UTF-8", HOME=str(home), XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(cache), COLUMNS=str(width), LINES=str(height),
    )
    return environment


def stop_in_pty(process: subprocess.Popen, master: int) -> None:
    """Quit a command in a pty (ctrl+q, then its session signalled), and close the terminal."""
    try:
        os.write(master, b"\x11")  # ctrl+q: the reader and the bare app quit on it
        process.wait(timeout=3)
    except (OSError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGTERM)  # the session this run started, nothing else
            process.wait(timeout=3)
        except (OSError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    finally:
        # Drain so the child never blocks on a full pty while exiting, then close.
        try:
            while select.select([master], [], [], 0)[0] and os.read(master, 65536):
                pass
        except OSError:
            pass
        os.close(master)
