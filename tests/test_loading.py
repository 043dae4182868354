"""Loading a corpus folder: which files, their ids, bad files as problems, order and duplicates."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from reader import loading
from reader.loading import load_corpus
from reader.model import Problem
from reader.paths import default_corpus

DEVSET = Path("/work/shared/devset")


def write(root: Path, relative: str, content: str | bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def article(title: str, date: str | None = None) -> str:
    header = f" date {date} " if date else ""
    return f"{header}{title} is the first sentence of this article. More text follows here.\n\nA second paragraph."


def problems_by_path(problems: list[Problem]) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for problem in problems:
        found.setdefault(problem.path, []).append((problem.severity, problem.message))
    return found


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path.relative_to(root)): (path.lstat().st_size, path.lstat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
    }


def test_shipped_corpus_loads_without_problems() -> None:
    result = load_corpus(default_corpus())
    assert result.problems == []
    assert [document.id for document in result.documents] == [
        "003_28cef117b7f50fc3",  # 2025-06
        "001_43f3a01a20bb7f93",  # 2025-02
        "004_1f0fbd319dc6bf33",  # 2023-12-09
        "000_bc22c95311503198",  # 2023-11
        "002_2ef5e4b3bc06aff6",  # undated
    ]


def test_walks_recursively_with_ids_without_extensions(tmp_path: Path) -> None:
    write(tmp_path, "top.txt", article("Top"))
    write(tmp_path, "2024/some article.md", article("Nested"))
    write(tmp_path, "2024/deeper/UPPER.TXT", article("Upper"))
    write(tmp_path, "folder.txt/inside.txt", article("Inside"))
    write(tmp_path, "names.yaml", "people:\n  - Sam Altman\n")
    write(tmp_path, "notes.html", "<p>Not an article.</p>")
    write(tmp_path, ".txt", "A file named only by its extension.")
    result = load_corpus(tmp_path)
    assert sorted(document.id for document in result.documents) == [
        "2024/deeper/UPPER",
        "2024/some article",
        "folder.txt/inside",
        "top",
    ]
    assert {document.path for document in result.documents} >= {"2024/some article.md", "2024/deeper/UPPER.TXT"}
    assert result.problems == []


def test_same_name_with_both_extensions_gets_distinct_ids(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", article("Plain"))
    write(tmp_path, "a.md", article("Markdown"))
    ids = [document.id for document in load_corpus(tmp_path).documents]
    assert len(set(ids)) == 2


def test_display_order_newest_first_undated_last_ties_by_id(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", article("Bravo", "2023-11"))
    write(tmp_path, "a.txt", article("Alpha", "2023-11"))
    write(tmp_path, "c.txt", article("Charlie"))
    write(tmp_path, "d.txt", article("Delta", "2024-01-05"))
    write(tmp_path, "e.md", "---\ntitle: Echo\npublishedDateTime: 2023-12-09T12:51:00Z\nexcerpt: Echo text.\n---\n")
    assert [document.id for document in load_corpus(tmp_path).documents] == ["d", "e", "a", "b", "c"]


def test_bad_files_are_problems_naming_them(tmp_path: Path) -> None:
    write(tmp_path, "good.txt", article("Good"))
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "blank.md", b"  \n\n\t\r\n")
    write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(tmp_path, "legacy.txt", "Le sommet s’est ouvert à Paris, en présence des délégations.".encode("cp1252"))
    write(tmp_path, "unclosed.md", "---\ntitle: Never closed\n")
    write(tmp_path, "bad-date.txt", article("Impossible", "2023-13"))
    result = load_corpus(tmp_path)
    assert problems_by_path(result.problems) == {
        "bad-date.txt": [("warning", "impossible date 2023-13")],
        "blank.md": [("error", "blank file (only whitespace)")],
        "empty.txt": [("error", "empty file")],
        "image.txt": [("error", "binary file (NUL bytes)")],
        "legacy.txt": [("warning", "not UTF-8; read as cp1252")],
        "unclosed.md": [("error", "front matter not closed (opened at line 1)")],
    }
    loaded = {document.id: document for document in result.documents}
    assert sorted(loaded) == ["bad-date", "good", "legacy"]
    assert loaded["legacy"].text.startswith("Le sommet s’est ouvert à Paris")
    assert loaded["bad-date"].warnings == ("impossible date 2023-13",)


def test_exact_duplicates_are_listed_once_and_the_later_one_warned(tmp_path: Path) -> None:
    write(tmp_path, "a/first.txt", article("Same"))
    write(tmp_path, "b/second.txt", article("Same").replace("\n", "\r\n"))  # same normalised text
    write(tmp_path, "c/other.txt", article("Other"))
    result = load_corpus(tmp_path)
    assert sorted(document.id for document in result.documents) == ["a/first", "c/other"]
    assert result.problems == [Problem("b/second.txt", "warning", "duplicate of a/first.txt; not listed")]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loops_and_dangling_links_neither_hang_nor_crash(tmp_path: Path) -> None:
    write(tmp_path, "real/article.txt", article("Real"))
    (tmp_path / "real" / "loop").symlink_to(tmp_path)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "ping.txt").symlink_to(tmp_path / "pong.txt")
    (tmp_path / "pong.txt").symlink_to(tmp_path / "ping.txt")
    (tmp_path / "dangling.md").symlink_to(tmp_path / "missing.md")
    (tmp_path / "linked.txt").symlink_to(tmp_path / "real" / "article.txt")
    (tmp_path / "elsewhere").symlink_to(tmp_path / "real")
    result = load_corpus(tmp_path)
    # The real file wins; the same file reached through links is a duplicate or a folder already read.
    assert [document.id for document in result.documents] == ["real/article"]
    problems = problems_by_path(result.problems)
    assert problems["linked.txt"] == [("warning", "duplicate of real/article.txt; not listed")]
    assert problems["elsewhere"] == [("warning", "links to a folder already read; skipped")]
    for path in ("self.txt", "ping.txt", "pong.txt"):
        assert problems[path] == [("error", "symlink loop; skipped")]
    assert problems["dangling.md"] == [("error", "broken symlink (target missing); skipped")]
    assert problems["real/loop"][0][0] == "warning"
    assert "loop" in problems["real/loop"][0][1]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_not_opened(tmp_path: Path) -> None:
    write(tmp_path, "good.txt", article("Good"))
    os.mkfifo(tmp_path / "pipe.txt")
    result = load_corpus(tmp_path)  # opening the FIFO would block forever
    assert [document.id for document in result.documents] == ["good"]
    assert result.problems == [Problem("pipe.txt", "error", "not a regular file")]
    # Even a file swapped for a FIFO after the walk is refused at once rather than waited on.
    with pytest.raises(OSError, match="not a regular file"):
        loading._read(str(tmp_path / "pipe.txt"))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", article("Secret"))
    path.chmod(0)
    try:
        result = load_corpus(tmp_path)
    finally:
        path.chmod(0o644)
    assert result.documents == []
    assert [(problem.path, problem.severity) for problem in result.problems] == [("secret.txt", "error")]
    assert result.problems[0].message.startswith("cannot read")


def test_read_error_is_a_problem_and_the_rest_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "good.txt", article("Good"))
    write(tmp_path, "failing.txt", article("Failing"))
    read = loading._read

    def failing_read(location: str) -> bytes:
        if location.endswith("failing.txt"):
            raise OSError(errno.EIO, "Input/output error")
        return read(location)

    monkeypatch.setattr(loading, "_read", failing_read)
    result = load_corpus(tmp_path)
    assert [document.id for document in result.documents] == ["good"]
    assert result.problems == [Problem("failing.txt", "error", "cannot read: Input/output error")]


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "_MAX_BYTES", 1024 * 1024)
    write(tmp_path, "huge.txt", article("Huge") * 20_000)
    write(tmp_path, "fits.txt", article("Fits") * 100)
    result = load_corpus(tmp_path)
    assert [document.id for document in result.documents] == ["fits"]
    assert result.problems == [Problem("huge.txt", "error", "too large (over 1 MB)")]


def test_control_characters_in_file_names_do_not_reach_ids(tmp_path: Path) -> None:
    write(tmp_path, "esc-\x1b[31m-name.txt", article("Escape"))
    write(tmp_path, "line\nbreak.txt", article("Newline"))
    documents = load_corpus(tmp_path).documents
    for document in documents:
        assert document.id.isprintable() and document.path.isprintable()
    assert sorted(document.id for document in documents) == ["esc--name", "line break"]


def test_missing_or_non_folder_corpus_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        load_corpus(tmp_path / "missing")
    with pytest.raises(OSError):
        load_corpus(write(tmp_path, "file.txt", article("File")))


def test_progress_is_reported_with_the_total(tmp_path: Path) -> None:
    for number in range(3):
        write(tmp_path, f"{number}.txt", article(f"Article {number}"))
    calls: list[tuple[int, int]] = []
    load_corpus(tmp_path, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 3) and calls[-1] == (3, 3)
    assert calls == sorted(calls), "progress never goes back"


def test_nothing_is_written_to_the_corpus_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(default_corpus(), corpus)
    write(corpus, "broken.md", "---\ntitle: [unclosed\n---\nBody.")
    before = snapshot(corpus)
    corpus.chmod(0o555)
    try:
        load_corpus(corpus)
    finally:
        corpus.chmod(0o755)
    assert snapshot(corpus) == before


@pytest.mark.skipif(not (DEVSET / "gold.json").is_file(), reason="the shared development set is not here")
def test_development_set_language_date_title_and_duplicates() -> None:
    gold = json.loads((DEVSET / "gold.json").read_text(encoding="utf-8"))
    result = load_corpus(DEVSET)
    documents = {document.path: document for document in result.documents}
    problems = problems_by_path(result.problems)
    for name, expected in gold.items():
        if expected["duplicate_of"]:
            assert name not in documents
            assert problems[name] == [("warning", f"duplicate of {expected['duplicate_of']}; not listed")]
            continue
        document = documents[name]
        assert document.language == expected["language"], name
        assert document.date == expected["date"], name
        assert (None if document.title_derived else document.title) == expected["title"], name
        warned_legacy = ("warning", "not UTF-8; read as cp1252") in problems.get(name, [])
        assert warned_legacy == (expected["encoding"] == "cp1252"), name


def test_signature_changes_when_an_article_changes_and_only_then(tmp_path: Path) -> None:
    first = write(tmp_path, "a.txt", article("Alpha"))
    write(tmp_path, "sub/b.md", article("Bravo"))
    write(tmp_path, "names.yaml", "people: []\n")
    signature = loading.corpus_signature(tmp_path)
    assert [path for path, _, _ in signature] == ["a.txt", "sub/b.md"]
    assert loading.corpus_signature(tmp_path) == signature
    write(tmp_path, "notes.html", "<p>not an article</p>")
    assert loading.corpus_signature(tmp_path) == signature
    first.write_text(article("Alpha, longer now"), encoding="utf-8")
    assert loading.corpus_signature(tmp_path) != signature
