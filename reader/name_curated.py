"""The optional curated names file of a corpus, `names.yaml`: kinds, aliases and names to ignore.

    names:
      - name: X
        kind: organisation       # or person
        aliases: [Twitter]
    ignore: [Instinct]

Read with a safe loader only; a bad file is a `Problem`, never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


from reader.listing import CURATED_FILE
from reader.model import NameKind, Problem
from reader.textclean import fold

__all__ = ["CURATED_FILE", "Curated", "CuratedName", "load_curated", "name_key"]

_MAX_BYTES = 1024 * 1024


@lru_cache(maxsize=1 << 16)  # the index keys the same few thousand surfaces over and over
def name_key(text: str) -> str:
    """How names are compared: case, accents, apostrophe style and spacing do not matter."""
    return " ".join(fold(text).replace("’", "'").split())


@dataclass(frozen=True, slots=True)
class CuratedName:
    name: str
    kind: NameKind | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Curated:
    """What a corpus's `names.yaml` adds to the automatic detection."""

    names: tuple[CuratedName, ...] = ()
    ignore: frozenset[str] = frozenset()
    """Name keys (see `name_key`) that are never listed: products or places taken for names."""


def load_curated(root: Path) -> tuple[Curated | None, list[Problem]]:
    """Read `names.yaml` in the corpus folder if there is one. Never raises.

    A file that cannot be read or parsed is an error (the file is not used); a bad entry is a
    warning and only that entry is skipped.
    """
    path = Path(root) / CURATED_FILE
    try:
        if not path.is_file():
            return None, []
        if path.stat().st_size > _MAX_BYTES:
            return None, [Problem(CURATED_FILE, "error", "curated names not read: larger than 1 MB")]
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(CURATED_FILE, "error", f"curated names not read: {error.strerror or error}")]
    try:
        import yaml  # only a corpus with its own names file needs the YAML reader

        data = yaml.safe_load(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        return None, [Problem(CURATED_FILE, "error", f"curated names not read: invalid YAML{where}")]
    except RecursionError:
        return None, [Problem(CURATED_FILE, "error", "curated names not read: nested too deeply")]
    if data is None:
        return Curated(), []
    if not isinstance(data, dict):
        return None, [Problem(CURATED_FILE, "error", "curated names not read: expected a mapping with 'names' and 'ignore'")]
    problems: list[Problem] = []
    names = tuple(_names(data.get("names"), problems))
    ignore = frozenset(name_key(item) for item in _strings(data.get("ignore"), "ignore", problems))
    return Curated(names, ignore), problems


def _names(entries: object, problems: list[Problem]) -> list[CuratedName]:
    if entries is None:
        return []
    if not isinstance(entries, list):
        problems.append(Problem(CURATED_FILE, "warning", "'names' should be a list; ignored"))
        return []
    names: list[CuratedName] = []
    for number, entry in enumerate(entries, 1):
        if isinstance(entry, str) and entry.strip():
            names.append(CuratedName(entry.strip()))
            continue
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name.strip():
            problems.append(Problem(CURATED_FILE, "warning", f"names entry {number} has no name; ignored"))
            continue
        kind = entry.get("kind")
        if kind is not None and kind not in ("person", "organisation"):
            problems.append(Problem(CURATED_FILE, "warning", f"names entry {number}: kind must be person or organisation"))
            kind = None
        aliases = tuple(_strings(entry.get("aliases"), f"names entry {number} aliases", problems))
        names.append(CuratedName(name.strip(), kind, aliases))
    return names


def _strings(value: object, what: str, problems: list[Problem]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        problems.append(Problem(CURATED_FILE, "warning", f"{what} should be a list; ignored"))
        return []
    return [item.strip() for item in value if isinstance(item, str) and item.strip()]
