"""`openai-reader --check`: load a corpus without the interface and report on it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from reader.model import Document, Problem
from reader.plural import counted
from reader.progress import ProgressBar
from reader.store import Store
from reader.textclean import strip_controls

EXIT_OK = 0
EXIT_REJECTED = 1


def document_record(store: Store, document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "path": document.path,
        "title": document.title,
        "title_derived": document.title_derived,
        "date": document.date,
        "language": document.language,
        "source": document.source,
        "words": document.words,
        "headings": document.headings,
        "text": document.text,
        "names": [
            {"name": name.name, "kind": name.kind, "mentions": count}
            for name, count in store.names_in(document.id)
        ],
        "warnings": list(document.warnings),
    }


def report_object(store: Store) -> dict[str, Any]:
    """The `--json` report: documents in display order, names, problems."""
    return {
        "corpus": str(store.root),
        "documents": [document_record(store, document) for document in store.documents],
        "names": [
            {
                "name": name.name,
                "kind": name.kind,
                "aliases": list(name.aliases),
                "documents": name.documents,
                "mentions": name.mention_count,
            }
            for name in store.names
        ],
        "problems": [
            {"path": problem.path, "severity": problem.severity, "message": problem.message}
            for problem in store.problems
        ],
    }


def exit_code(problems: list[Problem]) -> int:
    return EXIT_REJECTED if any(problem.severity == "error" for problem in problems) else EXIT_OK


def write_json(store: Store, out: TextIO) -> None:
    json.dump(report_object(store), out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_human(store: Store, out: TextIO) -> None:
    """A short report for people: one line per document, then problems, then a summary."""
    say = lambda line="": out.write(_safe(line) + "\n")  # noqa: E731 - local shorthand
    for document in store.documents:
        names = len(store.names_in(document.id))
        title = _shorten(document.title, 60) + (" (derived)" if document.title_derived else "")
        say(
            f"{document.date or '-':<10}  {document.language or '--':<2}  "
            f"{document.words:>6} words  {names:>3} names  {document.id}  {title}"
        )
    errors = [problem for problem in store.problems if problem.severity == "error"]
    warnings = [problem for problem in store.problems if problem.severity == "warning"]
    if store.problems:
        say()
        for problem in [*errors, *warnings]:
            say(f"{problem.severity}: {problem.path}: {problem.message}")
    people = sum(1 for name in store.names if name.kind == "person")
    say()
    say(
        f"{counted(len(store.documents), 'document')} loaded from {store.root}; "
        f"{len(errors)} rejected, {counted(len(warnings), 'warning')}; "
        f"{counted(people, 'person', 'people')} and {counted(len(store.names) - people, 'organisation')} named."
    )


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _safe(line: str) -> str:
    # The loader strips controls already; file names come from the file system and are not text
    # the loader cleaned, so everything printed passes through here once more.
    return strip_controls(line).replace("\n", " ").replace("\t", " ")


def run_check(corpus: Path, as_json: bool, out: TextIO, progress: ProgressBar | None = None) -> int:
    store = Store.load(corpus, progress=progress, names_progress=progress.names if progress is not None else None)
    if progress is not None:
        progress.close()
    if store.cache_warning:  # the report is fine; the next run just reads every file again
        print(f"openai-reader: {_safe(store.cache_warning)}; the next run reads every file again", file=sys.stderr)
    if as_json:
        write_json(store, out)
    else:
        write_human(store, out)
    return exit_code(store.problems)
