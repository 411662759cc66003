"""A parse cache on disk, so a pre-commit run on unchanged files skips parsing.

Loaders key entries by what determines their value (the sha256 of a file's content plus their parser
version); this cache adds the notescheck and Python versions to every key, so an upgrade never reads
an entry another version wrote. Each entry is one file, written atomically (temp file + os.replace),
so concurrent runs never see half an entry and need no lock; a checksum in the header turns any torn,
truncated or corrupted file into a miss. Each entry also carries the digest of its own key (content
digest, parser version, notescheck version), checked on every read: an entry copied or renamed to
another key's file is a miss, and the caller parses again and replaces it. (One pack file for the ~40
files of this repository's infra read only ~3 ms faster, 31 against 34 ms: unpickling dominates either
way.) The directory is created on the first write with a CACHEDIR.TAG and a .gitignore of "*", is safe
to delete at any time, and is kept under a size bound by evicting the least recently used entries. When
it cannot be written (read-only checkout, full disk), runs simply go uncached.

Values are pickled. Unpickling can run code named by the data, so entries are only ever read from the
cache directory notescheck itself writes, and even there the unpickler resolves nothing but notescheck's
own dataclasses, named tuples and enums and a few harmless standard types: an entry planted by someone
else cannot run code. An entry forged whole, with the right key inside, could still claim a wrong parse
result (the checksum is no signature), so a CI gate over untrusted changes runs with --no-cache (the
compliance workflow does), or with a cache it made itself and never restores from the change.
Dataclasses are pickled as "call the class with its fields", which loads about three times faster than
pickle's default for slotted dataclasses.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import gc
import hashlib
import importlib
import io
import operator
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from checker import __version__
from checker.userfiles import UnreadableFile, read_regular

ENTRY_MAGIC = b"NCCACHE3"
CHECKSUM_BYTES = 32
KEY_BYTES = 32  # the digest of the entry's own key, stored in it: an entry read under another key is a miss
ENTRY_SUFFIX = ".entry"
TEMP_PREFIX = ".tmp-"
STALE_TEMP_SECONDS = 3600  # a temp file this old was left by a writer that died
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by notescheck.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
NAMESPACE = f"notescheck-{__version__}/py{sys.version_info.major}.{sys.version_info.minor}"

_OWN_PACKAGES = ("checker", "policies")
_STANDARD_TYPES = {
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("builtins", "complex"),
    ("builtins", "bytearray"),
    ("builtins", "slice"),
    ("builtins", "range"),
    ("collections", "OrderedDict"),
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
    ("decimal", "Decimal"),
    ("pathlib", "PurePosixPath"),
    ("pathlib", "PosixPath"),
}


T = TypeVar("T")


class ParseCache(Protocol):
    """What the loaders need of a cache (DiskCache, or a dict-backed one in tests): every failure a miss."""

    def get(self, key: str) -> object | None: ...

    def put(self, key: str, value: object) -> None: ...


def cached(cache: ParseCache | None, key: str, kind: type[T], compute: Callable[[], T]) -> T:
    """The `kind` value stored under `key`, else `compute()`, stored for next time (without a cache: computed)."""
    if cache is None:
        return compute()
    hit = cache.get(key)
    if isinstance(hit, kind):
        return hit
    value = compute()
    cache.put(key, value)
    return value


def _checksum(payload: bytes | memoryview) -> bytes:
    return hashlib.blake2b(payload, digest_size=CHECKSUM_BYTES).digest()


# A reducer's answer: pickle's reduce tuple, or NotImplemented for pickle's own way.
_Reduced = Any


def _not_ours(obj: object) -> _Reduced:
    return NotImplemented


def _reducer_for(cls: type) -> Callable[[object], _Reduced]:
    """`obj -> (cls, field values)` when `cls(*fields)` rebuilds an instance exactly (a plain dataclass);
    otherwise pickle's own way."""
    if not dataclasses.is_dataclass(cls) or hasattr(cls, "__post_init__"):
        return _not_ours
    fields = dataclasses.fields(cls)
    if not all(f.init for f in fields):
        return _not_ours
    if not fields:
        return lambda obj: (cls, ())
    values = operator.attrgetter(*(f.name for f in fields))
    if len(fields) == 1:
        return lambda obj: (cls, (values(obj),))
    return lambda obj: (cls, values(obj))


_reducers: dict[type, Callable[[object], _Reduced]] = {}


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: object) -> _Reduced:
        cls = type(obj)
        reduce = _reducers.get(cls)
        if reduce is None:
            reduce = _reducers[cls] = _reducer_for(cls)
        return reduce(obj)


def _is_named_tuple(cls: type) -> bool:
    return issubclass(cls, tuple) and isinstance(getattr(cls, "_fields", None), tuple)


class _Unpickler(pickle.Unpickler):
    """Resolves only notescheck's dataclasses, named tuples and enums and a few standard value types."""

    def find_class(self, module: str, name: str) -> type:
        if (module, name) in _STANDARD_TYPES:
            return super().find_class(module, name)
        if module.split(".")[0] in _OWN_PACKAGES and "." not in name:
            found = getattr(importlib.import_module(module), name, None)
            if (
                isinstance(found, type)
                and found.__module__ == module
                and (dataclasses.is_dataclass(found) or issubclass(found, enum.Enum) or _is_named_tuple(found))
            ):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not a notescheck cache type")


def dumps(value: object) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def loads(payload: bytes | memoryview) -> object:
    """Unpickle with the collector paused: loading allocates many objects and none of them is garbage."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Unpickler(io.BytesIO(payload)).load()
    finally:
        if collecting:
            gc.enable()


class DiskCache:
    """Key -> picklable value, one file per entry under `directory`; every failure is a miss."""

    def __init__(self, directory: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self._writable = True
        self._ready = False
        self._size: int | None = None  # bytes of all entries, counted on the first write

    @staticmethod
    def _key_digest(key: str) -> bytes:
        return hashlib.sha256(f"{NAMESPACE}\0{key}".encode()).digest()

    def _entry_path(self, key: str) -> Path:
        return self.directory / f"{self._key_digest(key).hex()}{ENTRY_SUFFIX}"

    def get(self, key: str) -> object | None:
        path = self._entry_path(key)
        try:
            data = read_regular(path)  # a FIFO planted in the directory must not block the run
        except UnreadableFile:
            return None
        checksum_end = len(ENTRY_MAGIC) + CHECKSUM_BYTES
        header = checksum_end + KEY_BYTES
        if len(data) < header or not data.startswith(ENTRY_MAGIC):
            return None
        if _checksum(memoryview(data)[checksum_end:]) != data[len(ENTRY_MAGIC) : checksum_end]:
            return None
        if data[checksum_end:header] != self._key_digest(key):
            return None  # written for another key (another file's content, another parser): the caller re-parses
        payload = memoryview(data)[header:]
        try:
            value = loads(payload)
        except Exception:  # an entry of another build or a refused type: any error means a miss
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: evicted last
        return value

    def put(self, key: str, value: object) -> None:
        if not self._writable:
            return
        try:
            payload = dumps(value)
        except Exception:  # an unpicklable value is simply not cached
            return
        signed = self._key_digest(key) + payload
        data = ENTRY_MAGIC + _checksum(signed) + signed
        try:
            self._prepare()
            self._write_atomic(self._entry_path(key), data)
        except OSError:
            self._writable = False  # read-only checkout, full disk: run uncached
            return
        self._account(len(data))

    def _write_atomic(self, path: Path, data: bytes) -> None:
        descriptor, temporary = tempfile.mkstemp(dir=self.directory, prefix=TEMP_PREFIX)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    def _prepare(self) -> None:
        """Create the directory, tagged as a cache and ignored by git, before the first entry goes in."""
        if self._ready:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", "*\n")):
            marker = self.directory / name
            if not marker.is_file():
                self._write_atomic(marker, text.encode())
        self._ready = True

    def _scan(self) -> tuple[list[tuple[int, int, str]], list[tuple[int, str]]]:
        """(mtime, size, path) of every entry, and (mtime, path) of every temp file."""
        entries, temporaries = [], []
        with os.scandir(self.directory) as scan:
            for item in scan:
                with contextlib.suppress(OSError):
                    if item.name.startswith(TEMP_PREFIX):
                        temporaries.append((item.stat().st_mtime_ns, item.path))
                    elif item.name.endswith(ENTRY_SUFFIX):
                        stat = item.stat()
                        entries.append((stat.st_mtime_ns, stat.st_size, item.path))
        return entries, temporaries

    def _account(self, added: int) -> None:
        if self._size is None:
            try:
                entries, _ = self._scan()
            except OSError:
                return
            self._size = sum(size for _, size, _ in entries)
        else:
            self._size += added
        if self._size > self.max_bytes:
            self.evict()

    def evict(self) -> None:
        """Drop least recently used entries down to three quarters of the bound, and stale temp files."""
        try:
            entries, temporaries = self._scan()
        except OSError:
            return
        stale = time.time_ns() - STALE_TEMP_SECONDS * 1_000_000_000
        for mtime, path in temporaries:
            if mtime < stale:
                with contextlib.suppress(OSError):
                    os.unlink(path)
        total = sum(size for _, size, _ in entries)
        target = self.max_bytes * 3 // 4
        for _, size, path in sorted(entries):
            if total <= target:
                break
            with contextlib.suppress(OSError):
                os.unlink(path)
                total -= size
        self._size = total

    def clear(self) -> None:
        """Remove every entry; the directory and its markers stay."""
        with contextlib.suppress(OSError):
            entries, temporaries = self._scan()
            for path in [p for _, _, p in entries] + [p for _, p in temporaries]:
                with contextlib.suppress(OSError):
                    os.unlink(path)
        self._size = 0
