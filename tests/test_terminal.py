"""The installed `openai-reader` in a real terminal (tmux), typed at as a user would.

The SSH test (test_ssh.py) goes through sshd as well; this one needs only tmux, so it also runs
where no sshd can be started. A crash in a pty is tested with the hostile corpus (test_hostile.py).
"""

from __future__ import annotations

import shutil
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


def test_a_corpus_grown_since_the_last_start_opens_with_its_new_article(tmux: Tmux, tmp_path: Path) -> None:
    """A big corpus (1,000 files and more is built in child processes and cached) gets a new article:
    the next start takes the others over from the cache and walks a name into the new one."""
    from tests.bench.synthetic import write_corpus

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 1_100, seed=3)
    start(tmux, tmp_path, str(corpus))
    # "Indexing names…" above the list until the names come.
    tmux.wait_for(lambda screen: "1100/1100" in screen and "names…" not in screen, timeout=60, what="the names")
    tmux.type("q")
    assert tmux.exit_status() == 0
    cache = tmp_path / "cache" / "openai-reader"
    deadline = time.monotonic() + 20
    while not list(cache.glob("*.scan")) and time.monotonic() < deadline:
        time.sleep(0.1)  # the names' scan is kept by a process of its own, which may outlive the reader
    (corpus / "zz-new.txt").write_text(" date 2031-01 Ilya Sutskever opens a lab in Zurich. Ilya Sutskever said so.\n")

    start(tmux, tmp_path, str(corpus))
    screen = tmux.wait_for(lambda screen: "1101/1101" in screen and "names…" not in screen, timeout=60,
                           what="the grown corpus with its names")
    assert "Ilya Sutskever o… 2031-01" in screen, f"the newest article, at the top:\n{screen}"
    tmux.type("g")
    tmux.keys("Enter")
    tmux.wait_for_text("Zurich")
    tmux.type("@")
    tmux.type("sutskvr")
    tmux.wait_for_text("Ilya Sutskever")
    tmux.keys("Enter")
    screen = tmux.wait_for_text("Ilya Sutskever 1/")
    assert "Zurich" in screen, "its first mention, in the new article"
    tmux.type("N")  # back to the last one: in an article taken over from the cache
    screen = tmux.wait_for(lambda screen: "Zurich" not in screen and "Ilya Sutskever" in screen, what="the last mention")
    tmux.type("q")
    assert tmux.exit_status() == 0


def test_R_reloads_a_big_corpus_that_grew_while_it_was_read(tmux: Tmux, tmp_path: Path) -> None:
    """An article added while the reader runs: the key bar says so, `R` lists it at once (with the
    last names, read in child processes from what changed), then walks a name into it once its
    names are in."""
    from tests.bench.synthetic import write_corpus

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 1_100, seed=4)
    start(tmux, tmp_path, str(corpus))
    tmux.wait_for(lambda screen: "1100/1100" in screen and "names…" not in screen, timeout=60, what="the names")
    tmux.keys("Enter")  # reading the newest article
    (corpus / "zz-new.txt").write_text(" date 2031-01 Ilya Sutskever opens a lab in Zurich. Ilya Sutskever said so.\n")
    # The folder moved: the reader looks within seconds, and the key bar says what `R` would read.
    tmux.wait_for_text("R 1 new on disk", timeout=20)
    tmux.type("R")
    screen = tmux.wait_for(lambda screen: "eloaded: 1 new" in screen, timeout=60, what="the reload's word in the list's title")
    assert "1101/1101" in screen and "names…" not in screen
    tmux.type("@")
    tmux.type("sutskvr")
    tmux.wait_for_text("Ilya Sutskever")
    tmux.keys("Enter")  # from the article being read, now the second newest
    tmux.wait_for(lambda screen: "Ilya Sutskever " in screen and "/" in screen and "Zurich" not in screen,
                  what="a mention at or after the article being read")
    tmux.type("N")  # back into the new article, the newest: its second mention
    screen = tmux.wait_for_text("Zurich")
    assert "Ilya Sutskever 2/" in screen and "Ilya Sutskever o… 2031-01" in screen, screen
    tmux.type("q")
    assert tmux.exit_status() == 0
