"""The `openai-reader` command (also `python -m reader`)."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import NoReturn, Sequence

import reader
from reader.paths import default_corpus
from reader.textclean import strip_controls

EXIT_USAGE = 2


class _OneLineParser(argparse.ArgumentParser):
    """argparse, but a bad argument gives one line and exit 2, never the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


class _VersionAction(argparse.Action):
    """`--version`, reading the installed version only when asked (it is slow to look up)."""

    def __init__(self, option_strings, dest, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print(f"{parser.prog} {reader.__version__}")
        parser.exit(0)


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="openai-reader",
        description=(
            "Read a news corpus in the terminal: a document list, a reading pane, a fuzzy filter (/) "
            "and a jump to every mention of a person or company (@)."
        ),
        epilog="Keys: press ? inside the reader for the full list.",
    )
    # The folder may also come alone, as glow, frogmouth and less take theirs: `openai-reader ~/news`.
    parser.add_argument("folder", nargs="?", metavar="DIR", type=Path, help="the same as --corpus DIR")
    parser.add_argument(
        "--corpus",
        metavar="DIR",
        type=Path,
        help="folder of .txt/.md articles, read recursively (default: the shipped corpus)",
    )
    parser.add_argument("--doc", metavar="ID", help="open this document (its path without extension)")
    parser.add_argument("--name", metavar="QUERY", help="open at the first mention of the best-matching name")
    parser.add_argument("--check", action="store_true", help="load the corpus without the interface and report")
    parser.add_argument("--json", action="store_true", help="with --check: print the report as one JSON object")
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.json and not args.check:
        parser.error("--json goes with --check")
    if args.folder is not None and args.corpus is not None:
        parser.error("give the corpus folder once: DIR or --corpus DIR")
    corpus: Path = args.folder or args.corpus or default_corpus()
    problem = unreadable_folder(corpus)
    if problem:
        print(f"openai-reader: cannot read corpus folder {_printable(str(corpus))}: {problem}", file=sys.stderr)
        return EXIT_USAGE
    if args.check:
        return _check(corpus, args.json)
    # Importing and starting Textual runs about a hundred collections (25 ms) that find next to no
    # garbage; the app collects again once its first frame is up (`reader.ui.collector`).
    gc.disable()
    from reader.lifecycle import run_interface

    return run_interface(corpus, open_document=args.doc, name_query=args.name)


def unreadable_folder(path: Path) -> str | None:
    """Why `path` cannot serve as a corpus folder, or None if it can."""
    try:
        if not path.exists():
            return "no such folder"
        if not path.is_dir():
            return "not a folder"
        with os.scandir(path):
            pass
    except OSError as error:
        return error.strerror or str(error)
    return None


def _check(corpus: Path, as_json: bool) -> int:
    from reader.check import run_check
    from reader.progress import ProgressBar

    try:
        return run_check(corpus, as_json, sys.stdout, progress=ProgressBar("Loading"))
    except OSError as error:
        print(f"openai-reader: cannot read corpus folder {_printable(str(corpus))}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `openai-reader --check | head` is fine
        return 0


def _printable(text: str) -> str:
    return strip_controls(text) or repr(text)
