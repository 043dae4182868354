"""A cache of the loaded corpus in the user's cache folder, so a big corpus opens fast the second time.

The cache is keyed by the corpus folder and checked against a signature: every file's size and
modification time, and those of the reader's own modules (`reader.store` makes it; a new version
has new modules). Anything stale, unreadable or corrupt is simply rebuilt. It is written
atomically and never inside the corpus folder.

The file holds a small header (the signature), read first so that a stale cache costs nothing to
reject, then the payload: one pickle, or the parts a building child sent (the documents first).
A build stopped after its documents were sent (the reader quit while names were indexed) leaves
them beside the cache, for the next load to take over (`reader.earlier_store`). The model's
frozen dataclasses are pickled as plain values and rebuilt by setting their slots directly:
pickle's own way rebuilds each one through Python-level `__setstate__`, several times slower.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from operator import attrgetter
from pathlib import Path
from typing import Any, BinaryIO

from reader.forked import Sender, in_background
from reader.gc_pause import collector_paused
from reader.model import Document, Link, Mention, Name
from reader.paths import cache_dir

__all__ = ["CorpusCache", "Signature", "KnownDocumentsUnpickler", "ModelSender", "model_dump", "unfinished_file"]

Signature = tuple[tuple[str, int, int], ...]
"""`(relative path, size, mtime_ns)` of every file the corpus was built from, in path order."""

# No version number in it: looking the version up costs tens of milliseconds at every start.
_MAGIC = b"openai-reader-cache 5\n"


class CorpusCache:
    def __init__(self, root: Path, folder: Path | None = None) -> None:
        key = hashlib.sha256(os.fsencode(Path(root).resolve())).hexdigest()[:24]
        self.path = (folder or cache_dir()) / f"corpus-{key}.pickle"
        self.documents_path = _documents_path(self.path)
        """The documents of a build stopped before its end, if one was."""

    def load(self, signature: Signature) -> Any | None:
        """The cached payload if it was built from exactly these files (and reader modules), else None."""
        with self.opened() as stored:
            if stored is None or stored.signature != signature:
                return None
            return stored.payload()

    @contextmanager
    def opened(self) -> Iterator[StoredCache | None]:
        """The cache file with its signature read and its payload not yet (None if there is no
        readable cache): a caller can check the files against the signature while it reads the
        payload, from the same open file."""
        try:
            file = open(self.path, "rb")
        except OSError:
            yield None
            return
        with file:
            signature = None
            try:
                signature = _signature_of(file)
            except Exception:  # noqa: BLE001 - a corrupt or foreign cache is rebuilt, never fatal
                self._discard()
            yield StoredCache(self, file, signature) if signature is not None else None

    def save(self, signature: Signature, payload: Any) -> str | None:
        """Write the cache atomically. Returns a warning instead of raising if it cannot."""
        copy = _CacheCopy(self.path, signature)
        try:
            model_dump(payload, copy)
        except Exception as error:  # noqa: BLE001 - the store is fine without its cache
            copy.fail(error)
        return copy.finish()

    def save_in_background(self, signature: Signature, payload: Any) -> tuple[int | None, str | None]:
        """`save`, in a forked process of its own (`reader.forked.in_background`): its process id
        (None if none started), and the warning `save` would give if the cache folder takes no new
        file (read-only, not a folder): that is tried first, here. A failure once the writer runs
        (a disk filling up) is heard of by no one; the next load just finds the stale cache."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, tried = unfinished_file(self.path.parent)
            os.close(handle)
            os.unlink(tried)
        except OSError as error:
            return None, _cannot_write(error)
        writer = in_background(self.save, signature, payload)
        if writer is None:
            return None, "could not write the corpus cache (no process could be started to write it)"
        return writer, None

    def sender(self, signature: Signature) -> Callable[[BinaryIO], ModelSender]:
        """For `reader.forked.Forked`: the parts a child sends its parent are written into the cache
        file too, the same bytes; the last part is what `load` gives back."""
        return lambda stream: ModelSender(stream, _CacheCopy(self.path, signature))

    def forget_unfinished(self, writer: int) -> None:
        """Remove what a stopped writer (a process id) left half written: a build cancelled when
        the reader quits would otherwise leave its part-written cache, 100 MB at 100k documents."""
        _remove_unfinished(self.path.parent, writer)

    def keep_documents_of(self, writer: int) -> None:
        """Keep what a stopped writer wrote, once its first part (the documents) is complete, as
        the documents of an unfinished build; only that part is ever read again."""
        try:
            unfinished = [entry.path for entry in os.scandir(self.path.parent)
                          if entry.name.startswith(_unfinished_name(writer)) and entry.name.endswith(_UNFINISHED_SUFFIX)]
            if len(unfinished) == 1:
                os.replace(unfinished[0], self.documents_path)
        except OSError:
            pass
        _remove_unfinished(self.path.parent, writer)

    def unfinished_documents(self) -> tuple[Signature, Any] | None:
        """The signature and first part (documents, problems) an unfinished build left, if any is
        readable; an unreadable one is removed."""
        try:
            file = open(self.documents_path, "rb")
        except OSError:
            return None
        with file:
            try:
                signature = _signature_of(file)
                if signature is not None:
                    with collector_paused(keep=True):
                        documents, _problems = pickle.Unpickler(file).load()
                    if isinstance(documents, list):
                        return signature, documents
            except Exception:  # noqa: BLE001 - cut short (the writer was stopped mid-part) or foreign
                pass
        self.documents_path.unlink(missing_ok=True)
        return None

    def _discard(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            pass


_UNFINISHED_PREFIX = ".corpus-"
_UNFINISHED_SUFFIX = ".tmp"
_ABANDONED_AFTER = 15 * 60
"""Seconds without a write after which an unfinished cache of a process that is gone is removed
(not at once: a reader in another process namespace sharing the folder may look gone)."""
_UNNAMED_ABANDONED_AFTER = 24 * 3600
"""The same for an unfinished cache whose name does not say its writer (earlier versions)."""


def _signature_of(file: BinaryIO) -> Signature | None:
    """The signature at the head of a cache file (or of the documents an unfinished build left),
    None if the file is not one; raises if it is cut short or corrupt."""
    if file.read(len(_MAGIC)) != _MAGIC:
        return None
    signature = pickle.load(file)
    return signature if isinstance(signature, tuple) else None


def unfinished_file(folder: Path) -> tuple[int, str]:
    """A new file in `folder` (descriptor, path) for something written and then moved into place,
    named after its writer (this process) like an unfinished cache: whoever stops the writer can
    remove what it left, and the cache's sweeps remove it once its writer is long gone."""
    import tempfile  # only when writing: a start served from the cache never needs it

    return tempfile.mkstemp(dir=folder, prefix=_unfinished_name(os.getpid()), suffix=_UNFINISHED_SUFFIX)


def _cannot_write(error: Exception) -> str:
    return f"could not write the corpus cache ({type(error).__name__}: {error})"


def _documents_path(cache: Path) -> Path:
    return cache.with_suffix(".documents")


def _unfinished_name(writer: int) -> str:
    return f"{_UNFINISHED_PREFIX}{writer}-"


def _remove_unfinished(folder: Path, writer: int | None = None) -> None:
    """Unfinished caches in `folder`: those of `writer`, or else those abandoned by a process that
    ended without finishing (killed, out of memory)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        name = entry.name
        if not (name.startswith(_UNFINISHED_PREFIX) and name.endswith(_UNFINISHED_SUFFIX)):
            continue
        owner_field = name[len(_UNFINISHED_PREFIX):].split("-", 1)[0]
        owner = int(owner_field) if owner_field.isdigit() else None
        try:
            if writer is not None:
                if owner != writer:
                    continue
            elif owner is None:  # named before writers were: only its age tells
                if now - entry.stat().st_mtime < _UNNAMED_ABANDONED_AFTER:
                    continue
            elif _alive(owner) or now - entry.stat().st_mtime < _ABANDONED_AFTER:
                continue
            os.unlink(entry.path)
        except OSError:
            continue


def _alive(process: int) -> bool:
    try:
        os.kill(process, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's: alive
    return True


class StoredCache:
    """An opened cache file (see `CorpusCache.opened`)."""

    def __init__(self, cache: CorpusCache, file: BinaryIO, signature: Signature) -> None:
        self.signature = signature
        self._cache = cache
        self._file = file

    def payload(self) -> Any | None:
        """The cached store; None (and the file removed) if it is corrupt."""
        try:
            with collector_paused():
                return _last_part(self._file)
        except Exception:  # noqa: BLE001 - a corrupt or foreign cache is rebuilt, never fatal
            self._cache._discard()
            return None


class _CacheCopy:
    """A cache file being written; a failure (read-only home, full disk) only makes a warning."""

    def __init__(self, path: Path, signature: Signature) -> None:
        self.path = path
        self.warning: str | None = None
        self._file: BinaryIO | None = None
        self._temporary: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _remove_unfinished(path.parent)
            handle, self._temporary = unfinished_file(path.parent)
            # Unbuffered: what the reader has been sent is in the file already, should the writer be
            # stopped the next moment (pickle's frames are big writes anyway).
            self._file = os.fdopen(handle, "wb", buffering=0)
            self.write(_MAGIC)
            self.write(pickle.dumps(signature, protocol=pickle.HIGHEST_PROTOCOL))
        except Exception as error:  # noqa: BLE001 - the store is fine without its cache
            self.fail(error)

    def write(self, data: Any) -> int:
        if self._file is not None:
            try:
                left = memoryview(data).cast("B")
                while left:  # an unbuffered write may take part of it
                    left = left[self._file.write(left):]
            except Exception as error:  # noqa: BLE001
                self.fail(error)
        return len(data)

    def finish(self) -> str | None:
        """Put the file in place if all of it was written; the warning if not."""
        if self._file is not None:
            try:
                self._file.close()
                os.replace(self._temporary, self.path)  # type: ignore[arg-type]
                self._temporary = None
                # A whole cache now stands for the corpus: an unfinished build's documents are older.
                _documents_path(self.path).unlink(missing_ok=True)
            except Exception as error:  # noqa: BLE001
                self.fail(error)
        return self.warning

    def fail(self, error: Exception) -> None:
        self.warning = self.warning or _cannot_write(error)
        if self._file is not None:
            try:
                self._file.close()
            except OSError:
                pass
            self._file = None
        if self._temporary is not None:
            Path(self._temporary).unlink(missing_ok=True)
            self._temporary = None


class ModelSender(Sender):
    """Parts of a child's result pickled the model's fast way (one pickler: a later part refers to
    an earlier one's objects); with a cache copy, the same bytes also go into the cache file.
    `known_documents`: documents the parent has already, each sent as its place in that list (read
    back by `KnownDocumentsUnpickler`)."""

    def __init__(self, stream: BinaryIO, copy: _CacheCopy | None = None, known_documents: list[Document] | None = None) -> None:
        self._stream = stream
        self._copy = copy
        target = stream if copy is None else _Tee(stream, copy)
        if known_documents is None:
            self._pickler = _ModelPickler(target, protocol=pickle.HIGHEST_PROTOCOL)
        else:
            self._pickler = _KnownDocumentsPickler(target, known_documents)

    def send(self, value: Any) -> None:
        with collector_paused():
            self._pickler.dump(value)
        self._stream.flush()

    def finish(self) -> list[str]:
        warning = self._copy.finish() if self._copy is not None else None
        return [warning] if warning else []


def _last_part(file: BinaryIO) -> Any:
    """The last of the pickles in `file`, read with one unpickler (later parts refer to earlier ones)."""
    unpickler = pickle.Unpickler(file)
    value = unpickler.load()
    while file.peek(1) if hasattr(file, "peek") else False:
        value = unpickler.load()
    return value


class _Tee:
    def __init__(self, stream: BinaryIO, copy: _CacheCopy) -> None:
        self._stream = stream
        self._copy = copy

    def write(self, data: Any) -> int:
        # The file first: all the reader has been sent is then in it, even if the writer is stopped
        # at once (`CorpusCache.keep_documents_of`).
        self._copy.write(data)
        self._stream.write(data)
        return len(data)


def model_dump(value: Any, file: Any) -> None:
    """`pickle.dump`, with the model's dataclasses pickled the fast way (below)."""
    with collector_paused():
        _ModelPickler(file, protocol=pickle.HIGHEST_PROTOCOL).dump(value)


# Fast pickling of the model --------------------------------------------------------------------


def _slot_builder(cls: type) -> Any:
    """A function `build(*values)` making a `cls` from its slot values, without `__init__`.

    Frozen dataclasses forbid plain attribute setting; the slot descriptors' own `__set__` is what
    `object.__setattr__` ends up calling, minus the lookups. Generated unrolled, as dataclasses does.
    """
    names = cls.__slots__
    setters = {f"set_{index}": cls.__dict__[name].__set__ for index, name in enumerate(names)}
    arguments = ", ".join(f"v{index}" for index in range(len(names)))
    body = "".join(f"    set_{index}(obj, v{index})\n" for index in range(len(names)))
    source = f"def build({arguments}):\n    obj = new(cls)\n{body}    return obj\n"
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls, **setters}
    exec(source, namespace)  # noqa: S102 - built from the class's own slot names only
    build = namespace["build"]
    build.__qualname__ = build.__name__ = f"_build_{cls.__name__}"
    build.__module__ = __name__
    return build


# Module-level names, so that pickle can find them by reference.
_build_Mention = _slot_builder(Mention)
_build_Name = _slot_builder(Name)
_build_Link = _slot_builder(Link)
_build_Document = _slot_builder(Document)
# Exact types only: a subclass such as the name index's `CompactName` pickles its own way.
_REDUCERS = {
    Mention: (_build_Mention, attrgetter(*Mention.__slots__)),
    Name: (_build_Name, attrgetter(*Name.__slots__)),
    Link: (_build_Link, attrgetter(*Link.__slots__)),
    Document: (_build_Document, attrgetter(*Document.__slots__)),
}


class _ModelPickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        reducer = _REDUCERS.get(type(obj))
        if reducer is None:
            return NotImplemented
        build, values = reducer
        return build, values(obj)


class _KnownDocumentsPickler(_ModelPickler):
    def __init__(self, file: Any, documents: list[Document]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        # By identity: only these very objects are known on the other side.
        self._places = {id(document): place for place, document in enumerate(documents)}

    def persistent_id(self, obj: Any) -> int | None:
        return self._places.get(id(obj)) if type(obj) is Document else None


class KnownDocumentsUnpickler(pickle.Unpickler):
    """Reads what a `ModelSender` with `known_documents` sent: each of them is this very list's."""

    def __init__(self, file: BinaryIO, documents: list[Document]) -> None:
        super().__init__(file)
        self._documents = documents

    def persistent_load(self, place: Any) -> Document:
        return self._documents[place]
