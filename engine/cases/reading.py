"""Reading input files within limits: only regular files, never more bytes than allowed.

- ``open_input`` opens without blocking and refuses anything but a regular file (a FIFO, a
  device such as ``/dev/zero``, a socket), so a batch never hangs on a pipe nor reads an
  endless device;
- ``read_limited`` reads at most ``limit`` bytes: a larger file is an error after reading
  ``limit + 1`` bytes, whatever its size on disk (a 3 GB sparse file costs no more);
- ``iter_lines`` splits a stream into lines at ``\\n``, ``\\r\\n`` and a lone ``\\r`` (old Mac
  files), holding at most ``limit`` bytes of one line in memory; a longer line is reported
  as too long and skipped to its end (jumping over the holes of a sparse file).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from hjemmel.errors import CaseFileError, Problem

CHUNK_BYTES = 1 << 20

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind_of(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def unreadable(file: str, exc: OSError) -> CaseFileError:
    """The error for a file that cannot be opened or read."""
    if isinstance(exc, FileNotFoundError):
        return CaseFileError("not found", [Problem("file not found", file=file)])
    if isinstance(exc, IsADirectoryError):
        return CaseFileError("is a folder", [Problem("this is a folder, not a case file", file=file)])
    if exc.errno == errno.ELOOP:
        return CaseFileError("unreadable", [Problem("cannot read the file: a loop of symbolic links", file=file)])
    return CaseFileError("unreadable", [Problem(f"cannot read the file: {exc.strerror or type(exc).__name__}", file=file)])


def _check_regular(mode: int, file: str) -> None:
    if stat.S_ISDIR(mode):
        raise CaseFileError("is a folder", [Problem("this is a folder, not a case file", file=file)])
    if not stat.S_ISREG(mode):
        raise CaseFileError("not a regular file", [Problem(f"not read: this is {_kind_of(mode)}, not a regular file", file=file)])


def open_input(path: Path) -> BinaryIO:
    """Open ``path`` for reading if it is a regular file (or a link to one); else ``CaseFileError``."""
    file = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        with contextlib.suppress(OSError, ValueError):  # a socket cannot be opened: say what it is
            _check_regular(os.stat(path).st_mode, file)
        raise unreadable(file, exc) from None
    try:
        _check_regular(os.fstat(fd).st_mode, file)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them (``CaseFileError`` beyond)."""
    with open_input(path) as handle:
        try:
            raw = handle.read(limit + 1)
        except OSError as exc:
            raise unreadable(str(path), exc) from None
    if len(raw) > limit:
        raise CaseFileError("too large", [Problem(f"the file is larger than {limit:,} bytes".replace(",", " "), file=str(path))])
    return raw


TOO_LONG = None


def iter_lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes without the line break)`` for every line; ``None`` for a line over ``limit`` bytes.

    Line breaks are ``\\n``, ``\\r\\n`` and a lone ``\\r``; the last line needs none.
    """
    number = 0
    pending = b""  # the start of a line whose end has not been read yet (with a final \r kept)
    skipping = False  # the current line is over the limit: read on to its end, keep nothing
    while chunk := handle.read(CHUNK_BYTES):
        data = pending + chunk if pending else chunk
        lines = data.splitlines()
        if data.endswith(b"\n"):  # every line is complete
            last = b""
        elif data.endswith(b"\r"):  # complete too, unless a \n follows in the next chunk (\r\n)
            last = lines.pop() + b"\r"
        else:
            last = lines.pop()
        for line in lines:
            number += 1
            if skipping or len(line) > limit:
                skipping = False
                yield number, TOO_LONG
            else:
                yield number, line
        if skipping or len(last) - last.endswith(b"\r") > limit:
            skipping = True
            pending = b"\r" if last.endswith(b"\r") else b""
            _skip_hole(handle)
        else:
            pending = last
    if skipping:
        yield number + 1, TOO_LONG
    elif pending:
        content = pending[:-1] if pending.endswith(b"\r") else pending
        yield number + 1, (content if len(content) <= limit else TOO_LONG)


def _skip_hole(handle: BinaryIO) -> None:
    """Jump over a hole of a sparse file (it reads as NUL bytes, so it holds no line break)."""
    if not hasattr(os, "SEEK_DATA"):
        return
    try:
        here = handle.tell()
        there = os.lseek(handle.fileno(), here, os.SEEK_DATA)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # only a hole is left: the end of the file
            handle.seek(0, os.SEEK_END)
        return
    except (ValueError, io.UnsupportedOperation):
        return
    if there > here:
        handle.seek(there)
