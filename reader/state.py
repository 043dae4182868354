"""What the reader remembers between runs: the last open document and where each one was left.

One small JSON file in the user's state directory, keyed by corpus folder so that two corpora
with the same document ids never mix. Written atomically (temporary file + `os.replace`), so a
crash or kill while saving leaves the previous state intact. A file that cannot be read or parsed
is renamed aside and the reader starts afresh, with a warning for the user.

Nothing here imports Textual.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.paths import state_dir

__all__ = ["Anchor", "ReadingState", "default_state_path"]

_VERSION = 1
_MAX_POSITIONS = 2000
"""Positions kept per corpus; the least recently touched are dropped first."""


def default_state_path() -> Path:
    return state_dir() / "state.json"


@dataclass(frozen=True, slots=True)
class Anchor:
    """A place in a document that survives reflowing: a field label and a character offset."""

    field: str
    offset: int


class ReadingState:
    """Per-corpus memory of the last document and the position in each document."""

    def __init__(self, path: Path, data: dict[str, Any] | None = None) -> None:
        self.path = path
        self._corpora: dict[str, dict[str, Any]] = (data or {}).get("corpora", {})
        self._keys: dict[Path, str] = {}
        """Each corpus folder as resolved, once: resolving is a few `lstat` calls, and a document
        opened while a search runs waits for that search's hold on the interpreter at each one."""

    @classmethod
    def load(cls, path: Path | None = None) -> tuple[ReadingState, str | None]:
        """Read the state file. Returns the state and a warning for the user, or None.

        Never raises: a missing file is an empty state; an unreadable or corrupt one is set aside.
        """
        path = path or default_state_path()
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path), None
        except (OSError, UnicodeDecodeError) as error:
            return cls(path), _set_aside(path, f"could not be read ({error.__class__.__name__})")
        try:
            data = json.loads(raw)
            _validate(data)
        except (ValueError, TypeError) as error:
            return cls(path), _set_aside(path, f"was corrupt ({error})")
        return cls(path, data), None

    def _corpus(self, corpus: Path, create: bool = False) -> dict[str, Any]:
        key = self._keys.get(corpus)
        if key is None:
            key = self._keys[corpus] = str(corpus.resolve())
        entry = self._corpora.get(key)
        if entry is None:
            entry = {"last": None, "positions": {}}
            if create:
                self._corpora[key] = entry
        return entry

    def last_document(self, corpus: Path) -> str | None:
        return self._corpus(corpus).get("last")

    def position(self, corpus: Path, document_id: str) -> Anchor | None:
        stored = self._corpus(corpus)["positions"].get(document_id)
        if stored is None:
            return None
        return Anchor(str(stored[0]), int(stored[1]))

    def remember(self, corpus: Path, document_id: str, anchor: Anchor | None) -> None:
        """Record `document_id` as the last open document, at `anchor` (None: its start)."""
        entry = self._corpus(corpus, create=True)
        entry["last"] = document_id
        positions: dict[str, list[Any]] = entry["positions"]
        positions.pop(document_id, None)  # re-insert so dict order tracks recency
        if anchor is not None and (anchor.offset or anchor.field != "title"):
            positions[document_id] = [anchor.field, anchor.offset]
        while len(positions) > _MAX_POSITIONS:
            del positions[next(iter(positions))]

    def to_json(self) -> str:
        return json.dumps({"version": _VERSION, "corpora": self._corpora}, ensure_ascii=False, indent=1)

    def save(self) -> None:
        """Write atomically: the old file stays whole until the new one replaces it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=".state-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(self.to_json())
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            raise


def _validate(data: Any) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("corpora", {}), dict):
        raise ValueError("not a state object")
    for entry in data.get("corpora", {}).values():
        if not isinstance(entry, dict) or not isinstance(entry.get("positions", {}), dict):
            raise ValueError("bad corpus entry")
        last = entry.get("last")
        if last is not None and not isinstance(last, str):
            raise ValueError("bad last document")
        entry.setdefault("last", None)
        entry.setdefault("positions", {})
        for value in entry["positions"].values():
            if not (
                isinstance(value, list)
                and len(value) == 2
                and isinstance(value[0], str)
                and isinstance(value[1], int)
            ):
                raise ValueError("bad position")


def _set_aside(path: Path, reason: str) -> str:
    aside = path.with_name(f"{path.name}.bad-{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        os.replace(path, aside)
    except OSError:
        return f"The reading state {path} {reason} and could not be moved aside; starting afresh."
    return f"The reading state {reason}; it was moved to {aside} and the reader starts afresh."
