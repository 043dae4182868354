"""A cache of the loaded corpus in the user's cache folder, so a big corpus opens fast the second time.

The cache is keyed by the corpus folder and checked against every file's size and modification
time (and the reader's version): anything stale, unreadable or corrupt is simply rebuilt. It is
written atomically and never inside the corpus folder.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from reader import __version__
from reader.paths import cache_dir

__all__ = ["CorpusCache", "Signature"]

Signature = tuple[tuple[str, int, int], ...]
"""`(relative path, size, mtime_ns)` of every file the corpus was built from, in path order."""

_MAGIC = b"openai-reader-cache 1\n"


class CorpusCache:
    def __init__(self, root: Path, folder: Path | None = None) -> None:
        key = hashlib.sha256(os.fsencode(Path(root).resolve())).hexdigest()[:24]
        self.path = (folder or cache_dir()) / f"corpus-{key}.pickle"

    def load(self, signature: Signature) -> Any | None:
        """The cached payload if it was built from exactly these files by this version, else None."""
        try:
            with open(self.path, "rb") as file:
                if file.read(len(_MAGIC)) != _MAGIC:
                    return None
                version, cached_signature, payload = pickle.load(file)
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - a corrupt or foreign cache is rebuilt, never fatal
            self._discard()
            return None
        if version != __version__ or cached_signature != signature:
            return None
        return payload

    def save(self, signature: Signature, payload: Any) -> str | None:
        """Write the cache atomically. Returns a warning instead of raising if it cannot."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".corpus-", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(_MAGIC)
                    pickle.dump((__version__, signature, payload), file, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except Exception as error:  # noqa: BLE001 - a read-only home must not stop the reader
            return f"could not write the corpus cache ({type(error).__name__}: {error})"
        return None

    def _discard(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            pass
