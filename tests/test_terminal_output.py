"""What the installed `openai-reader` writes to a real terminal per key: what an SSH link carries.

Through a bare pseudo-terminal, whose every byte is read (tmux would redraw on its own terms).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from terminal import Pty, terminal_environment

COMMAND = shutil.which("openai-reader")


@pytest.fixture
def reader(tmp_path: Path):
    assert COMMAND, "openai-reader is not installed: pip install ."
    terminal = Pty([COMMAND], terminal_environment(tmp_path, tmp_path / "cache", 100, 30), width=100, height=30)
    yield terminal
    terminal.stop()


def test_a_typed_letter_redraws_the_rows_and_the_count_not_the_lists_frame(reader: Pty) -> None:
    first = reader.read_until(lambda screen: "5/5" in screen, timeout=30) + reader.read_for(0.5)
    assert b"Documents" in first  # the list's frame, drawn once
    reader.key("/", 0.5)
    reader.key("m", 0.5)  # every article has an m

    typed = reader.key("u", 0.2)  # before the top hit's preview (a quarter of a second)

    assert "mu" in reader.text().splitlines()[0], "the letter shows in the filter bar"
    assert "3/5" in reader.text(), "the count follows the hits"
    assert b"3/5" in typed
    assert b"Documents" not in typed and "╭".encode() not in typed, "the list's frame is on the screen already"
    assert len(typed) < len(first) / 4
