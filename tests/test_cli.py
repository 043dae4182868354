"""`openai-reader --check`: exit codes, one-line messages, the JSON report, the progress bar."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from reader.paths import default_corpus

REPO = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("openai-reader: ")


def test_version_and_help() -> None:
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("openai-reader ")
    helped = run("--help")
    assert helped.returncode == 0
    for option in ("--corpus", "--check", "--json", "--doc", "--name", "--version"):
        assert option in helped.stdout


@pytest.mark.parametrize(
    "args",
    [("--bogus",), ("--json",), ("--check", "--corpus"), ("--check", "--corpus", "/no/such/folder")],
)
def test_bad_arguments_and_folders_give_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    assert_one_line_error(run(*args))


def test_the_folder_may_be_given_alone(tmp_path: Path) -> None:
    (tmp_path / "board.txt").write_text("Ilya Sutskever voted to remove Sam Altman.\n")
    alone = run("--check", str(tmp_path))
    assert alone.returncode == 0, alone.stderr
    assert "1 document loaded" in alone.stdout
    assert "2 people and 0 organisations named" in alone.stdout
    assert str(tmp_path) in alone.stdout
    assert alone.stdout == run("--check", "--corpus", str(tmp_path)).stdout


def test_the_folder_given_twice_is_refused(tmp_path: Path) -> None:
    result = run("--check", str(tmp_path), "--corpus", str(tmp_path))
    assert_one_line_error(result)
    assert "once" in result.stderr


def test_a_file_is_not_a_corpus_folder(tmp_path: Path) -> None:
    file = tmp_path / "article.txt"
    file.write_text("Sam Altman returns to OpenAI.\n")
    result = run("--check", "--corpus", str(file))
    assert_one_line_error(result)
    assert "not a folder" in result.stderr


def test_check_on_the_shipped_corpus() -> None:
    result = run("--check")
    assert result.returncode == 0, result.stderr
    for seed in sorted(default_corpus().glob("*.txt")):
        assert seed.stem in result.stdout
    assert "5 documents loaded" in result.stdout
    assert result.stderr == ""  # piped: no progress bar, nothing extra


def test_json_report_shape_and_order() -> None:
    result = run("--check", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"corpus", "documents", "names", "problems"}
    documents = report["documents"]
    assert len(documents) == 5
    for document in documents:
        assert set(document) >= {
            "id", "path", "title", "title_derived", "date", "language", "source",
            "words", "headings", "text", "names", "warnings",
        }
        assert isinstance(document["title_derived"], bool) and isinstance(document["words"], int)
        assert document["words"] > 0 and document["title"]
    dates = [document["date"] for document in documents]
    dated = [date for date in dates if date]
    assert dated == sorted(dated, reverse=True)
    assert dates[: len(dated)] == dated  # undated ones come last
    names = {name["name"]: name for name in report["names"]}
    assert names["Ilya Sutskever"]["kind"] == "person"
    assert names["Ilya Sutskever"]["mentions"] == 3 and names["Ilya Sutskever"]["documents"] == 2


def test_a_rejected_file_gives_exit_1_and_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Sam Altman keert terug bij OpenAI.\n\nHet bestuur is vervangen.\n")
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    result = run("--check", "--corpus", str(tmp_path))
    assert result.returncode == 1
    assert "broken.txt" in result.stdout and "error" in result.stdout
    report = json.loads(run("--check", "--json", "--corpus", str(tmp_path)).stdout)
    assert [problem["path"] for problem in report["problems"] if problem["severity"] == "error"] == ["broken.txt"]
    assert [document["id"] for document in report["documents"]] == ["good"]


def test_escapes_in_file_names_and_text_never_reach_the_output(tmp_path: Path) -> None:
    (tmp_path / "evil\x1b]0;PWNED\x07.txt").write_text("Title \x1b[31mred\x1b[0m\n\nBody with \x1b]52;c;UFdORUQ=\x07 text.\n")
    result = run("--check", "--corpus", str(tmp_path))
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    report = run("--check", "--json", "--corpus", str(tmp_path))
    assert "\\u001b" not in report.stdout and "\x1b" not in report.stdout


def test_check_never_writes_to_the_corpus(tmp_path: Path) -> None:
    for seed in default_corpus().glob("*.txt"):
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    before = {path.name: (path.stat().st_mtime_ns, path.read_bytes()) for path in tmp_path.iterdir()}
    os.chmod(tmp_path, 0o555)
    try:
        assert run("--check", "--corpus", str(tmp_path)).returncode == 0
    finally:
        os.chmod(tmp_path, 0o755)
    after = {path.name: (path.stat().st_mtime_ns, path.read_bytes()) for path in tmp_path.iterdir()}
    assert after == before


def test_progress_bar_shows_on_a_terminal_only(tmp_path: Path) -> None:
    for number in range(400):
        (tmp_path / f"{number:04}.txt").write_text(f"Article {number} about OpenAI and Sam Altman.\n\nMore text {number}.\n")
    primary, secondary = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "reader", "--check", "--corpus", str(tmp_path)],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=secondary, close_fds=True,
        )
        os.close(secondary)
        seen = b""
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        assert process.wait(timeout=120) == 0
    finally:
        os.close(primary)
    assert b"Loading [" in seen and b"/400 files" in seen
    assert "400/400 files; indexing names…".encode() in seen, "the wait after the last file is explained"
    assert "400 files read; indexing names… 95%".encode() in seen, "and how far it is, to the store made"
    piped = run("--check", "--corpus", str(tmp_path))
    assert piped.returncode == 0 and piped.stderr == ""


def test_a_cache_that_cannot_be_written_is_said_once_and_changes_nothing_else(tmp_path: Path) -> None:
    blocked = tmp_path / "cache-home-is-a-file"
    blocked.write_text("not a folder")
    result = subprocess.run([sys.executable, "-m", "reader", "--check"], cwd=REPO, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "XDG_CACHE_HOME": str(blocked)})
    assert result.returncode == 0
    assert "documents loaded" in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "could not write the corpus cache" in lines[0], result.stderr
