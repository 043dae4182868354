"""YAML front matter: split it from the body and parse it with a safe loader.

Only plain data comes out (`!!python/...` tags are refused by the safe loader), and documents
built to explode when expanded (alias "billion laughs" bombs) are refused before they are built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

__all__ = ["FrontMatter", "FrontMatterError", "split_front_matter"]

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_OPENING = re.compile(r"---[ \t]*\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_MAX_SIZE = 256 * 1024
_MAX_ALIASES = 100


class FrontMatterError(ValueError):
    """Front matter that cannot be read; the message names the line."""


@dataclass(frozen=True, slots=True)
class FrontMatter:
    data: dict[str, Any]
    body: str
    """The text after the closing `---`."""


def split_front_matter(text: str) -> FrontMatter | None:
    """The front matter and body of `text`, or None when `text` has no front matter.

    Raises `FrontMatterError` when the front matter is unclosed, too big, or not a YAML mapping.
    """
    opening = _OPENING.match(text)
    if opening is None:
        return None
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        raise FrontMatterError("front matter not closed (opened at line 1)")
    source = text[opening.end() : closing.start()]
    body = text[closing.end() :]
    if len(source) > _MAX_SIZE:
        raise FrontMatterError(f"front matter too large ({len(source) // 1024} KB)")
    data = _parse(source)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(f"front matter is a {_kind(data)}, not a set of fields")
    return FrontMatter(data, body.removeprefix("\n"))


def _parse(source: str) -> Any:
    try:
        # Aliases need anchors; only then is it worth paying for a pass over the events.
        if "&" in source and _count_aliases(source) > _MAX_ALIASES:
            raise FrontMatterError(f"front matter uses more than {_MAX_ALIASES} YAML aliases")
        return yaml.load(source, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        # Line 1 of the file is the opening `---`.
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise FrontMatterError(f"YAML error{where}: {error.problem or error.context}") from error
    except yaml.YAMLError as error:
        raise FrontMatterError(f"YAML error: {error}") from error
    except RecursionError as error:
        raise FrontMatterError("front matter nested too deeply") from error


def _count_aliases(source: str) -> int:
    count = 0
    for event in yaml.parse(source, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            count += 1
            if count > _MAX_ALIASES:
                break
    return count


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "plain string"
    return type(value).__name__
