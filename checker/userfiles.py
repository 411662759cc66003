"""Read a file of the scanned repo without ever blocking on it.

`open()` on a FIFO waits for a writer, on a device it may wait (or act) forever, on a socket it fails with
an unhelpful errno. So a user file is stat'ed first and read only when it is a regular file; it is then
opened with O_NONBLOCK (a FIFO swapped in after the stat cannot block the open) and checked again on the
open descriptor. Whatever else it is, the caller gets one sentence that says so.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_CHUNK = 1 << 20


class UnreadableFile(Exception):  # noqa: N818 - reads as what it is: `except UnreadableFile`
    """Why a user file was not read; `code` is the diagnostic code ("read" or "size"), `size` its byte count."""

    def __init__(self, reason: str, code: str = "read", size: int | None = None, missing: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code
        self.size = size
        self.missing = missing


def kind_of(mode: int) -> str:
    """What a non-regular file is, as a noun phrase."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def not_regular_reason(mode: int) -> str:
    """`is a FIFO, not a regular file` and the like."""
    kind = kind_of(mode)
    return kind if kind.startswith("not ") else f"is {kind}, not a regular file"


def present(path: Path | str) -> bool:
    """Whether anything at all is at `path`: a FIFO or a dangling link is there, and must be reported, not
    taken for absent."""
    return os.path.lexists(path)


def _stat_reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symlink loop"
    if error.errno == errno.ENOENT:
        return "file not found"
    return f"cannot read file: {error.strerror or error}"


def read_regular(path: Path | str, max_bytes: int | None = None) -> bytes:
    """The content of the regular file at `path` (symlinks followed); raises UnreadableFile otherwise.

    Over `max_bytes` is refused before reading (code "size"); a file that grows past it while read is
    refused too, so the bound holds whatever happens on disk.
    """
    try:
        info = os.stat(path)
    except OSError as error:
        raise UnreadableFile(_stat_reason(error), missing=error.errno == errno.ENOENT) from None
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile(not_regular_reason(info.st_mode))
    if max_bytes is not None and info.st_size > max_bytes:
        raise UnreadableFile(
            f"file is {info.st_size} bytes, over the {max_bytes}-byte limit", code="size", size=info.st_size
        )
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise UnreadableFile(_stat_reason(error), missing=error.errno == errno.ENOENT) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):  # swapped between the stat and the open
            raise UnreadableFile(not_regular_reason(info.st_mode))
        chunks = []
        total = 0
        while True:
            chunk = os.read(descriptor, _CHUNK if max_bytes is None else min(_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if max_bytes is not None and total > max_bytes:
                raise UnreadableFile(f"file is over the {max_bytes}-byte limit", code="size", size=total)
    except OSError as error:
        raise UnreadableFile(f"cannot read file: {error.strerror or error}") from None
    finally:
        os.close(descriptor)
    return b"".join(chunks)


def read_regular_text(path: Path | str, max_bytes: int | None = None, encoding: str = "utf-8") -> str:
    """`read_regular` decoded; a UnicodeDecodeError is the caller's to report (it knows the line to name)."""
    return read_regular(path, max_bytes).decode(encoding)
