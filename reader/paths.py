"""Where the shipped corpus and styles live, and where user state and caches go."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(folder: str) -> Path:
    # Installed wheels carry the folder inside the package; a source checkout keeps it one level up.
    inside = _PACKAGE / folder
    return inside if inside.is_dir() else _PACKAGE.parent / folder


def default_corpus() -> Path:
    return _shipped("corpus")


def styles_dir() -> Path:
    return _shipped("styles")


def state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "openai-reader"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "openai-reader"
