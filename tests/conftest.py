"""Shared fixtures. Keep each group small and say who uses it."""

from __future__ import annotations

from pathlib import Path

import pytest

# -- every test ------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the user's real state and cache (the corpus cache, reading state)."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))


# -- interface tests (tests/test_ui_*.py) ---------------------------------------------------------

# Three short articles in the corpus's own formats. Ilya Sutskever is named in two of them (three
# times in all), so the name jumper and n/N walk across documents; the last one has headings.
UI_CORPUS = {
    "2023/board.txt": (
        " date 2023-11 The board of OpenAI fired Sam Altman on a Friday afternoon. Ilya Sutskever "
        "told him in a video call.\n\n"
        "Mira Murati became interim chief executive. Investors were not told in advance.\n\n"
        "Reaction\n\n"
        "Microsoft said it remained committed to the partnership. Ilya Sutskever later said he "
        "regretted his part in it.\n"
    ),
    "2024/return.txt": (
        " date 2024-03 Sam Altman returned to the board of OpenAI after an investigation by an outside "
        "law firm. The company named three new directors.\n\n"
        "Bret Taylor, the chairman, said the review found the board had acted within its discretion.\n"
    ),
    "2025/letters.md": (
        "---\n"
        'title: "Letters show Elon Musk backed a for-profit OpenAI"\n'
        "publishedDateTime: 2025-01-15T10:00:00Z\n"
        "provider:\n"
        "  name: Example Times\n"
        "---\n"
        "Emails released by OpenAI show that Elon Musk agreed the company needed to raise billions.\n\n"
        "What the emails say\n\n"
        "In one message Ilya Sutskever wrote that it was fine not to share the science. Musk replied "
        "with a single word.\n\n"
        "What comes next\n\n"
        "The case goes to trial in the spring.\n"
    ),
}


def write_corpus(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (relative path -> text or bytes) under `folder` and return it."""
    for relative, content in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return folder


@pytest.fixture
def ui_corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", UI_CORPUS)


@pytest.fixture
def ui_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A state file under tmp_path; XDG dirs point there too, so the user's own are never touched."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    return tmp_path / "xdg-state" / "openai-reader" / "state.json"
