"""The reading state: round trip, atomic writes, corrupt files set aside, no Textual."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.state import Anchor, ReadingState, default_state_path


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    corpus = tmp_path / "corpus"
    state, warning = ReadingState.load(path)
    assert warning is None
    assert state.last_document(corpus) is None
    state.remember(corpus, "a", Anchor("text", 120))
    state.remember(corpus, "b", None)
    state.save()

    again, warning = ReadingState.load(path)
    assert warning is None
    assert again.last_document(corpus) == "b"
    assert again.position(corpus, "a") == Anchor("text", 120)
    assert again.position(corpus, "b") is None
    assert again.last_document(tmp_path / "other") is None


def test_default_path_follows_xdg_state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert default_state_path() == tmp_path / "openai-reader" / "state.json"


@pytest.mark.parametrize("content", ["{not json", "[]", '{"corpora": {"x": {"positions": {"a": "zz"}}}}'])
def test_corrupt_file_is_set_aside(tmp_path: Path, content: str) -> None:
    path = tmp_path / "state.json"
    path.write_text(content, encoding="utf-8")
    state, warning = ReadingState.load(path)
    assert warning is not None and "moved" in warning
    assert not path.exists()
    assert [p.name.startswith("state.json.bad-") for p in tmp_path.iterdir()] == [True]
    state.remember(tmp_path, "a", Anchor("text", 3))
    state.save()
    assert ReadingState.load(path)[0].last_document(tmp_path) == "a"


def test_binary_file_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    _, warning = ReadingState.load(path)
    assert warning is not None


def test_failed_save_keeps_previous_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "state.json"
    state, _ = ReadingState.load(path)
    state.remember(tmp_path, "first", None)
    state.save()

    def broken_replace(source: str, target: str) -> None:
        raise OSError("disk full")

    state.remember(tmp_path, "second", None)
    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        state.save()
    monkeypatch.undo()
    assert json.loads(path.read_text())["corpora"][str(tmp_path.resolve())]["last"] == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temporary left behind


def test_positions_are_bounded(tmp_path: Path) -> None:
    state, _ = ReadingState.load(tmp_path / "state.json")
    for number in range(2100):
        state.remember(tmp_path, f"d{number}", Anchor("text", 1))
    assert state.position(tmp_path, "d0") is None
    assert state.position(tmp_path, "d2099") == Anchor("text", 1)


def test_state_does_not_import_textual() -> None:
    code = "import sys; import reader.state; assert 'textual' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
