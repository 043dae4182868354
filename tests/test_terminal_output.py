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


def test_a_focus_change_redraws_what_it_changes_and_the_screen_stays_right(tmp_path: Path) -> None:
    """Esc, `/` and Tab move the keys to another widget: those widgets are restyled and redrawn,
    not the whole screen (Textual repaints a screen whose focus changes). The name jumper covers
    the screen and is kept for the next `@`. What the terminal then shows must be exactly what the
    reader draws from scratch."""
    environment = terminal_environment(tmp_path, tmp_path / "cache", 100, 30)
    del environment["COLUMNS"], environment["LINES"]  # they would pin the size: the test resizes
    reader = Pty([COMMAND], environment, width=100, height=30)
    try:
        _focus_changes_redrawn(reader)
    finally:
        reader.stop()


def _focus_changes_redrawn(reader: Pty) -> None:
    reader.read_until(lambda screen: "5/5" in screen and "Names:" in screen, timeout=30)
    reader.read_for(0.5)
    sent = {key: reader.key(key, 0.6) for key in ("/", "m", "\x1b")}
    assert b"Names:" not in sent["\x1b"], "Esc redrew the reading pane, which did not change"
    assert b"Names:" not in sent["/"], "/ redrew the reading pane, which did not change"
    reader.key("j", 0.6)  # the next document, previewed
    reader.key("\t", 0.6)
    for _ in range(2):  # the name jumper, opened, typed in and closed; then the same one again
        assert b"Jump to a name" in reader.key("@", 0.8)
        reader.key("a", 0.4)
        reader.key("\x1b", 0.8)
    drawn = reader.cells()
    reader.resize(80, 24, 1.0)
    reader.resize(100, 30, 1.5)  # drawn whole again at the same size
    assert reader.cells() == drawn
