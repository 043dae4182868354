"""Shared fixtures. Keep each group small and say who uses it."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # Textual is imported by the interface tests only, not by every test run
    from textual.app import App
    from textual.pilot import Pilot

# -- every test ------------------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def private_user_folders_for_the_module(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The same for what a module-scoped fixture does before any test runs (a shared --check run)."""
    home = tmp_path_factory.mktemp("module-user")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_STATE_HOME", str(home / "state"))
        patch.setenv("XDG_CACHE_HOME", str(home / "cache"))
        yield


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


SIZE = (100, 30)
"""The usual terminal size of the interface tests."""
_SVG_TEXT = re.compile(r'<text [^>]*clip-path="url\(#[\w-]+-line-(\d+)\)">(.*?)</text>')


async def loaded(pilot: Pilot):
    """Wait until the reader's store is loaded and the first document is shown; the app."""
    app = pilot.app
    for _ in range(200):
        if app.store is not None and app.current is not None:
            break
        await pilot.pause(0.02)
    await pilot.pause()
    assert app.store is not None, "the store never loaded"
    return app


def record_notices(app: App) -> list[str]:
    """The text of every notification the app raises from now on."""
    notices: list[str] = []
    notify = app.notify

    def recording(message: str, **options: object) -> None:
        notices.append(str(message))
        notify(message, **options)  # type: ignore[arg-type]

    app.notify = recording  # type: ignore[method-assign]
    return notices


def screen_text(app: App) -> str:
    """What the terminal shows, line by line, read from a screenshot (public API only)."""
    lines: dict[int, list[str]] = {}
    for number, text in _SVG_TEXT.findall(app.export_screenshot()):
        lines.setdefault(int(number), []).append(html.unescape(text).replace("\xa0", " "))
    return "\n".join("".join(parts) for _, parts in sorted(lines.items()))


def one_piece_per_style(segments) -> bool:
    """Whether no two pieces side by side in a line share a style: each piece reaches the terminal
    as a style, its text and a reset, and a needless one is sent again on every repaint."""
    styles = [segment.style for segment in segments]
    return all(one != other for one, other in zip(styles, styles[1:]))


async def burst(pilot: Pilot, key: str, count: int = 1) -> None:
    """`count` presses queued at once, as a terminal delivers a held key or a fast typist."""
    await type_ahead(pilot, *[key] * count)


async def type_ahead(pilot: Pilot, *keys: str) -> None:
    """Keys queued all at once, before any is handled: what a paste or a slow SSH link delivers."""
    from textual import events

    for key in keys:
        character = key if len(key) == 1 else {"space": " "}.get(key)
        pilot.app.post_message(events.Key(key, character))
    for _ in range(5):
        await pilot.pause()
