"""What SSH terminals give: no COLORTERM, 16 colours, NO_COLOR. The reader must draw in all of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.ui.app import ReaderApp
from reader.ui.reading_pane import ReadingPane
from tests.conftest import loaded, screen_text

KEYS = ["j", "enter", "space", "tab", "slash", "a", "l", "t", "enter", "at", "i", "l", "y", "a", "enter", "n", "question_mark", "escape"]


@pytest.mark.parametrize(
    "environment",
    [{"NO_COLOR": "1"}, {"TERM": "xterm", "COLORTERM": None}, {"TERM": "xterm-256color", "COLORTERM": None}],
    ids=["no-color", "16-colours", "256-colours"],
)
async def test_draws_in_every_colour_mode(
    environment: dict[str, str | None], ui_corpus: Path, ui_state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable, value in environment.items():
        if value is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, value)
    app = ReaderApp(ui_corpus, state_path=ui_state)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        for key in KEYS:
            await pilot.press(key)
        await pilot.pause()
        assert "Ilya Sutskever" in screen_text(app)  # every line drawn through the line filters
        assert app.query_one(ReadingPane).highlight is not None
        await pilot.press("q")
    assert app.return_code == 0


async def test_no_animation(ui_corpus: Path, ui_state: Path) -> None:
    app = ReaderApp(ui_corpus, state_path=ui_state)
    assert app.animation_level == "none"
