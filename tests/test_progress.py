"""How far a load is: the names' percentage after the files, and the terminal's progress bar."""

from __future__ import annotations

import io
import time

from reader.progress import NAMES, NamesProgress, ProgressBar


def test_the_names_progress_goes_through_each_part_in_its_share_and_never_back() -> None:
    said: list[tuple[int, int, str]] = []
    progress = NamesProgress(lambda *report: said.append(report))
    progress("scan", 0, 1000)
    progress("scan", 500, 1000)
    progress("scan", 499, 1000)  # a count seen late says nothing new
    progress("scan", 1000, 1000)
    progress("resolve", 1, 2)
    progress("pack", 0, 0)  # nothing to count: the part is done
    progress("store", 1, 2)
    assert said == [(0, 100, NAMES), (29, 100, NAMES), (58, 100, NAMES), (67, 100, NAMES), (90, 100, NAMES), (95, 100, NAMES)]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_says_how_far_the_names_are_once_the_files_are_read() -> None:
    terminal = _Terminal()
    bar = ProgressBar("Loading", terminal, width=10)
    bar(400, 400)
    assert terminal.getvalue().endswith("\rLoading [##########] 400/400 files; indexing names…\x1b[K")
    time.sleep(0.06)  # redraws are at most twenty a second
    bar.names(45)
    # The bar is the names' now, and what the files' longer line left is erased.
    assert terminal.getvalue().endswith("\rLoading [####------] 400 files read; indexing names… 45%\x1b[K")
    bar.close()
    assert terminal.getvalue().endswith("\r\x1b[2K")


def test_the_bar_is_silent_when_not_on_a_terminal() -> None:
    piped = io.StringIO()
    bar = ProgressBar("Loading", piped)
    bar(400, 400)
    bar.names(45)
    bar.close()
    assert piped.getvalue() == ""
