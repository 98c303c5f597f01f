"""Writing output files safely.

``atomic_write_text`` writes a report, a summary or a case file:
- a new path or an existing regular file is written atomically (a temporary file in the same
  folder, then a rename), so a crash never leaves half a file;
- an existing file that is not a regular file (``/dev/null``, ``/dev/stdout``, a FIFO, a
  terminal) is written in place and never replaced: the rename would turn a device node
  into a regular file;
- a symbolic link is followed: its target is written and the link stays;
- new files get the mode an ordinary new file gets (``0666`` less the umask) — the same as
  the batch's results file — and an existing file keeps its mode;
- any failure (a full disk, a read-only folder, a broken device) raises ``OutputError``
  with one clear sentence, after removing the temporary file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from hjemmel.errors import OutputError, Problem
from hjemmel.safe_text import shown


def new_file_mode() -> int:
    """The mode ``open()`` gives a new file: 0666 less the process umask."""
    umask = None
    with contextlib.suppress(OSError, ValueError, StopIteration), open("/proc/self/status", encoding="ascii") as status:  # Linux: read, not change
        umask = int(next(line for line in status if line.startswith("Umask:")).split()[1], 8)
    if umask is None:
        umask = os.umask(0o022)
        os.umask(umask)
    return 0o666 & ~umask


def output_error(path: Path | str, exc: OSError) -> OutputError:
    """One clear sentence for a failed write (no traceback, no errno numbers)."""
    reason = exc.strerror or type(exc).__name__
    message = f"cannot write {shown(str(path))}: {reason}"
    return OutputError(message, [Problem(f"cannot write the file: {reason}", file=str(path))])


def is_regular_or_new(path: Path) -> bool:
    """True for a regular file (or a link to one) and for a path that does not exist yet."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``: atomically for regular files, in place for devices and pipes."""
    try:
        target = Path(os.path.realpath(path))
        try:
            info = os.stat(target)
        except FileNotFoundError:
            info = None
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise OutputError(f"cannot write {shown(str(path))}: it is a folder", [Problem("this is a folder, not a file", file=str(path))])
        if info is not None and not stat.S_ISREG(info.st_mode):
            with open(target, "w", encoding="utf-8", errors="backslashreplace", newline="\n") as handle:
                handle.write(text)
            return
        _replace(target, text, stat.S_IMODE(info.st_mode) if info is not None else new_file_mode())
    except OSError as exc:
        raise output_error(path, exc) from None


def _replace(target: Path, text: str, mode: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
