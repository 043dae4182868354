"""A throwaway OpenSSH server on 127.0.0.1 for tests: its own keys, config, logs and known_hosts.

Everything lives in one temporary folder, except `/run/sshd` (the privilege-separation directory
Debian's sshd insists on), which is created if missing.
"""

from __future__ import annotations

import getpass
import os
import shlex
import shutil
import socket
import subprocess
import time
from pathlib import Path

SSHD = shutil.which("sshd") or ("/usr/sbin/sshd" if os.path.exists("/usr/sbin/sshd") else None)
SSH = shutil.which("ssh")
SSH_KEYGEN = shutil.which("ssh-keygen")
PRIVSEP_DIR = Path("/run/sshd")


def missing_tools() -> list[str]:
    return [name for name, path in (("sshd", SSHD), ("ssh", SSH), ("ssh-keygen", SSH_KEYGEN)) if not path]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sshd:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.user = getpass.getuser()
        self.host_key = folder / "host_ed25519"
        self.user_key = folder / "user_ed25519"
        self.config = folder / "sshd_config"
        self.log = folder / "sshd.log"
        self.known_hosts = folder / "known_hosts"
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, attempts: int = 3) -> None:
        assert SSHD and SSH_KEYGEN
        if not PRIVSEP_DIR.is_dir():
            PRIVSEP_DIR.mkdir(mode=0o755, parents=True)
        for key in (self.host_key, self.user_key):
            if not key.exists():
                subprocess.run([SSH_KEYGEN, "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
        (self.folder / "authorized_keys").write_text(Path(f"{self.user_key}.pub").read_text())
        for _ in range(attempts):  # a port picked free can be taken before sshd binds it
            self.port = _free_port()
            self.config.write_text(self._config_text())
            with open(self.log, "ab") as log:
                self.process = subprocess.Popen(
                    [SSHD, "-D", "-e", "-f", str(self.config)], stdout=log, stderr=log, stdin=subprocess.DEVNULL
                )
            if self._wait_until_ready():
                return
            self.stop()
        raise RuntimeError(f"sshd did not start; log:\n{self.log.read_text(errors='replace')}")

    def _config_text(self) -> str:
        lines = [
            f"Port {self.port}",
            "ListenAddress 127.0.0.1",
            f"HostKey {self.host_key}",
            f"PidFile {self.folder / 'sshd.pid'}",
            f"AuthorizedKeysFile {self.folder / 'authorized_keys'}",
            "UsePAM no",
            "StrictModes no",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            f"PermitRootLogin {'prohibit-password' if self.user == 'root' else 'no'}",
            f"AllowUsers {self.user}",
            "PrintMotd no",
            "PrintLastLog no",
            "X11Forwarding no",
            "AllowTcpForwarding no",
            "UseDNS no",
            "LogLevel VERBOSE",
        ]
        return "\n".join(lines) + "\n"

    def _wait_until_ready(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                return False
            probe = subprocess.run(
                self.ssh_args("true"), capture_output=True, timeout=10, stdin=subprocess.DEVNULL
            )
            if probe.returncode == 0:
                return True
            time.sleep(0.1)
        return False

    def ssh_args(self, remote_command: str, tty: bool = False) -> list[str]:
        """An `ssh` command line that reads no user configuration and writes only into the folder."""
        assert SSH
        return [
            SSH,
            "-F", "/dev/null",
            *(["-tt"] if tty else ["-T"]),
            "-p", str(self.port),
            "-i", str(self.user_key),
            "-o", "IdentitiesOnly=yes",
            "-o", "BatchMode=yes",
            "-o", f"UserKnownHostsFile={self.known_hosts}",
            "-o", "StrictHostKeyChecking=no",
            "-o", "LogLevel=ERROR",
            "-o", "ConnectTimeout=5",
            f"{self.user}@127.0.0.1",
            remote_command,
        ]

    def ssh_command(self, remote_command: str, tty: bool = False) -> str:
        """`ssh_args` as one shell command line (for tmux)."""
        return shlex.join(self.ssh_args(remote_command, tty))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None
