"""YAML front matter: split it from the body and parse it with a safe loader.

Only plain data comes out (`!!python/...` tags are refused by the safe loader), and documents
built to explode when expanded (alias "billion laughs" bombs) are refused before they are built.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

from reader.textclean import strip_controls

__all__ = ["FrontMatter", "FrontMatterError", "split_front_matter"]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (libyaml's when built with it), lenient about impossible dates."""


def _lenient_timestamp(loader: yaml.constructor.SafeConstructor, node: yaml.ScalarNode) -> Any:
    # PyYAML raises a bare ValueError for `2023-13-45`, failing the whole front matter; keep the
    # text instead, and let the reader warn that the field is not a date.
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)

_OPENING = re.compile(r"---[ \t]*\n")
# What may follow an opening `---` in front matter: a key, a list item, a comment, the closing line.
# Anything else (prose) means the `---` was a Markdown rule, not front matter.
_LOOKS_LIKE_YAML = re.compile(r"\s*(?:[^\s:#][^\n]*?:(?:[ \t]|\n|$)|- |#|(?:---|\.\.\.)[ \t]*(?:\n|$)|[\[{]|$)")
_MAX_SIZE = 256 * 1024
_MAX_ALIASES = 100
_MAX_DEPTH = 100
# Ways to nest deeply in few bytes: `- - - - x` on one line, deep indentation, `[[[[` or `{a: {a:`.
_DEEP_INLINE_ENTRIES = re.compile(r"(?:[-?][ \t]+){%d}" % _MAX_DEPTH)
_DEEP_INDENT = re.compile(r"^[ \t]{%d}" % (2 * _MAX_DEPTH), re.MULTILINE)
_BRACKETS = re.compile(r"[\[\]{}]")


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
    if opening is None or not _LOOKS_LIKE_YAML.match(text, opening.end()):
        return None
    closing = _closing_line(text, opening.end())
    if closing is None:
        raise FrontMatterError("front matter not closed (opened at line 1)")
    source = text[opening.end() : closing[0]]
    body = text[closing[1] :]
    if len(source) > _MAX_SIZE:
        raise FrontMatterError(f"front matter too large ({len(source) // 1024} KB)")
    data = _parse(source)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(f"front matter is a {_kind(data)}, not a set of fields")
    return FrontMatter(data, body.removeprefix("\n"))


def _closing_line(text: str, start: int) -> tuple[int, int] | None:
    """Start and end of the first line from `start` (which begins a line) that is `---` or `...`,
    trailing spaces and tabs allowed: the closing line of the front matter.

    `str.find` jumps from candidate to candidate; a multi-line regex tried every position (~10 us a file).
    """
    newline = start - 1
    while True:
        dashes = text.find("\n---", newline)
        dots = text.find("\n...", newline)
        if dashes < 0 and dots < 0:
            return None
        newline = dots if dashes < 0 or 0 <= dots < dashes else dashes
        end = text.find("\n", newline + 4)
        if end < 0:
            end = len(text)
        if not text[newline + 4 : end].strip(" \t"):
            return newline + 1, end
        newline += 1


def _parse(source: str) -> Any:
    data = _parse_simple(source)
    if data is not _UNSUPPORTED:
        return data
    if _too_deep(source):
        # libyaml builds nested nodes recursively in C: tens of thousands of levels crash the process.
        raise FrontMatterError(f"front matter nested too deeply (over {_MAX_DEPTH} levels)")
    try:
        # Aliases need anchors; only then is it worth paying for a pass over the events.
        if "&" in source and _count_aliases(source) > _MAX_ALIASES:
            raise FrontMatterError(f"front matter uses more than {_MAX_ALIASES} YAML aliases")
        return yaml.load(source, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        # Line 1 of the file is the opening `---`.
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise FrontMatterError(f"YAML error{where}: {_one_line(error.problem or error.context)}") from error
    except yaml.YAMLError as error:
        raise FrontMatterError(f"YAML error: {_one_line(str(error))}") from error
    except RecursionError as error:
        raise FrontMatterError("front matter nested too deeply") from error
    except (ValueError, OverflowError, KeyError, TypeError, AttributeError) as error:  # a constructor refusing a value
        # PyYAML's constructors refuse in their own ways: `!!bool maybe` is a KeyError, `!!timestamp
        # never` an AttributeError.
        raise FrontMatterError(f"YAML error: cannot read a tagged value ({type(error).__name__})") from error


# The fast path -------------------------------------------------------------------------------
#
# PyYAML builds its result in Python, about 0.3 ms per KB of front matter: slower than everything
# else the loader does. Typical front matter is plain block mappings and lists of one-line
# scalars, which `_parse_simple` reads directly. Anything else (flow collections, anchors, tags,
# escapes, multi-line scalars, comments after values) goes to PyYAML, which stays the authority:
# the fast path gives the same value or declines.

_UNSUPPORTED: Any = object()
_KEY_LINE = re.compile(r"([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(.*))?$")
# Plain scalars that PyYAML may read as something other than a string: numbers and dates start
# with one of these characters; booleans and nulls are these words.
_NUMERIC_STARTS = frozenset("0123456789-+.")
_TYPED_WORDS = frozenset(
    "yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL ~ << =".split()
)
_INDICATORS = frozenset("[]{}#&*!|>%@`,?:'\"")
_UTC_TIMESTAMP = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z")
_RESOLVER = yaml.resolver.Resolver()
_SCALARS = yaml.constructor.SafeConstructor()


class _Unsupported(Exception):
    pass


def _parse_simple(source: str) -> Any:
    # One tuple per line that holds something: (indentation, content, `key: value` match or None).
    # The indentation counts trailing blanks too: a line with them may not line up with its
    # siblings, and then the fast path declines.
    lines: list[tuple[int, str, re.Match[str] | None]] = []
    for raw in source.split("\n"):
        content = raw.lstrip(" ")
        if not content or content[0] == "#":
            continue
        if content[0] == "\t":  # tabs may not indent YAML
            return _UNSUPPORTED
        content = content.rstrip(" \t")
        lines.append((len(raw) - len(content), content, _KEY_LINE.match(content)))
    if not lines:
        return None
    reader = _LineReader(lines)
    try:
        if lines[0][0] != 0 or lines[0][2] is None:
            raise _Unsupported
        data = reader.mapping(0)
    except (_Unsupported, RecursionError):
        return _UNSUPPORTED
    return data if reader.position == len(lines) else _UNSUPPORTED


class _LineReader:
    """Reads the block structure of the lines; each method leaves `position` after what it read.

    The loops keep the position in a local variable: the fast path runs for every front matter.
    """

    __slots__ = ("lines", "position")

    def __init__(self, lines: list[tuple[int, str, re.Match[str] | None]]) -> None:
        self.lines = lines
        self.position = 0

    def node(self, indent: int) -> Any:
        _, content, key = self.lines[self.position]
        if content == "-" or content.startswith("- "):
            return self.sequence(indent)
        if key is not None:
            return self.mapping(indent)
        raise _Unsupported  # a scalar on its own line

    def mapping(self, indent: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        lines = self.lines
        count = len(lines)
        position = self.position
        while position < count:
            line_indent, _, key = lines[position]
            if line_indent != indent or key is None:
                break
            name, value = key.groups()
            # A key starts with a letter or `_`: only a word such as `yes` or `null` can be typed.
            if name in _TYPED_WORDS and not isinstance(_scalar(name), str):
                raise _Unsupported
            position += 1
            if value:
                result[name] = _scalar(value)
            else:
                self.position = position
                result[name] = self.nested(indent, sequence_may_align=True)
                position = self.position
        self.position = position
        return result

    def sequence(self, indent: int) -> list[Any]:
        result: list[Any] = []
        lines = self.lines
        count = len(lines)
        position = self.position
        while position < count:
            line_indent, content, _ = lines[position]
            if line_indent != indent or not (content == "-" or content.startswith("- ")):
                break
            if content == "-":
                self.position = position + 1
                result.append(self.nested(indent, sequence_may_align=False))
                position = self.position
                continue
            rest = content[2:].lstrip(" ")
            key = _KEY_LINE.match(rest)
            if key is not None or rest == "-" or rest.startswith(("- ", "#")):
                # The item's own block starts on this line, further in.
                item_indent = indent + len(content) - len(rest)
                lines[position] = (item_indent, rest, key)
                self.position = position
                result.append(self.node(item_indent))
                position = self.position
            else:
                position += 1
                result.append(_scalar(rest))
        self.position = position
        return result

    def nested(self, indent: int, sequence_may_align: bool) -> Any:
        """The block under a `key:` or `-` line, or None when there is none."""
        if self.position == len(self.lines):
            return None
        line_indent, content, _ = self.lines[self.position]
        if line_indent > indent:
            return self.node(line_indent)
        # YAML lets a list under a key start at the key's own indentation.
        if sequence_may_align and line_indent == indent and (content == "-" or content.startswith("- ")):
            return self.sequence(indent)
        return None


def _scalar(text: str) -> Any:
    first = text[0]
    if first == '"':
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != '"' or '"' in inner or "\\" in inner:
            raise _Unsupported
        return inner
    if first == "'":
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != "'" or "'" in inner.replace("''", ""):
            raise _Unsupported
        return inner.replace("''", "'")
    if first in _INDICATORS or text == "-" or text.startswith("- ") or ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        raise _Unsupported
    if first not in _NUMERIC_STARTS and text not in _TYPED_WORDS:
        return text
    if text.isdigit() and text.isascii() and (first != "0" or text == "0"):
        return int(text)  # the common case; a leading 0 would make it octal
    stamp = _UTC_TIMESTAMP.fullmatch(text)
    if stamp is not None:
        # The usual `2023-12-09T12:51:00Z`, built as PyYAML's timestamp constructor builds it
        # (and kept as text when impossible, as `_lenient_timestamp` does) at a tenth of the cost.
        try:
            return dt.datetime(*map(int, stamp.groups()), tzinfo=dt.timezone.utc)
        except ValueError:
            return text
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    if tag == "tag:yaml.org,2002:str":
        return text
    constructor = _Loader.yaml_constructors.get(tag)
    if constructor is None:  # `=` resolves to the value tag, which PyYAML refuses: let it say so
        raise _Unsupported
    try:
        return constructor(_SCALARS, yaml.ScalarNode(tag, text))
    except (ValueError, OverflowError) as error:
        raise _Unsupported from error


def _too_deep(source: str) -> bool:
    """Whether nesting may exceed `_MAX_DEPTH` levels (over-estimates; never under-estimates)."""
    if _DEEP_INLINE_ENTRIES.search(source) or _DEEP_INDENT.search(source):
        return True
    if source.count("[") + source.count("{") <= _MAX_DEPTH:
        return False
    depth = 0
    for bracket in _BRACKETS.findall(source):
        depth += 1 if bracket in "[{" else -1
        if depth > _MAX_DEPTH:
            return True
    return False


def _count_aliases(source: str) -> int:
    count = 0
    for event in yaml.parse(source, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            count += 1
            if count > _MAX_ALIASES:
                break
    return count


def _one_line(message: str | None) -> str:
    # Parser messages may quote the offending input; problems are shown on one line, as text.
    return " ".join(strip_controls(message or "invalid YAML").split())


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "plain string"
    return type(value).__name__
