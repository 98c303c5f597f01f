"""Resuming a batch safely, and one writer per results file.

``--resume`` continues only the run that wrote the results file (``hjemmel.batch.record``
recognises it). ``resume_point`` reads the complete lines already written (a trailing
partial line is cut off) into a ``BatchSummary`` of the whole file and the ids already
assessed, so duplicate-id checks, the exit code and ``--summary`` describe the whole output,
as if never interrupted.

``open_results`` takes an exclusive OS lock (``flock``) on the results file before it
truncates or appends anything: a second run on the same file is refused at once.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import IO, Any

from hjemmel.batch.run import BatchSummary, Result
from hjemmel.errors import HjemmelError, OutputError, Problem
from hjemmel.files import output_error
from hjemmel.safe_text import shown

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]


# --- the results file ------------------------------------------------------------------


def open_results(path: Path, *, append: bool) -> IO[str]:
    """Open the results file for writing under an exclusive lock; truncate it unless ``append``.

    A second run on the same file gets ``OutputError`` at once. Only a regular file (or a new
    path) is truncated; a device or pipe is written as it is.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | (os.O_APPEND if append else 0), 0o666)
    except OSError as exc:
        raise output_error(path, exc) from None
    try:
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
        if fcntl is not None and regular:  # (two runs may well write to /dev/null at once)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise OutputError(
                    f"{shown(str(path))} is being written by another hjemmel batch: wait for it to finish or choose another --output",
                    [Problem("the results file is locked by another run", file=str(path))],
                ) from None
        if not append and regular:
            os.ftruncate(fd, 0)
        return open(fd, "w", encoding="utf-8", errors="backslashreplace", newline="\n")
    except OSError as exc:
        os.close(fd)
        raise output_error(path, exc) from None
    except BaseException:
        os.close(fd)
        raise


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _result(data: dict[str, Any]) -> Result:
    """A written output line as the summary counts it."""
    case_id = _text(data.get("case_id"))
    error = data.get("error")
    if isinstance(error, dict):
        problems = [
            Problem(
                str(p["message"]),
                file=_text(p.get("file")),
                line=_number(p.get("line")),
                column=_number(p.get("column")),
                path=_text(p.get("path")),
                hint=_text(p.get("hint")),
            )
            for p in error.get("problems") or []
            if isinstance(p, dict) and _text(p.get("message"))
        ]
        message = HjemmelError(str(error.get("message") or ""), problems).format()  # as the uninterrupted run formatted it
        return Result(str(data.get("source") or ""), "", case_id, str(error.get("type") or "error"), message)
    found = [f for f in data.get("findings") or [] if isinstance(f, dict)]
    findings = tuple((str(f.get("actor")), str(f.get("rule")), str(f.get("law")), str(f.get("section"))) for f in found)
    questions = tuple(str(q.get("fact")) for q in data.get("open_questions") or [] if isinstance(q, dict))
    return Result("", "", case_id, findings=findings, questions=questions)


def resume_point(path: Path) -> tuple[BatchSummary, list[str]]:
    """The complete lines already in ``path`` (a trailing partial line is cut off) as a summary, and the ids they assessed.

    Only assessed cases' ids are returned: an uninterrupted run checks duplicates against
    those alone, so a resumed run gives the same answer.
    """
    summary = BatchSummary()
    ids: list[str] = []
    if not path.exists():
        return summary, ids
    good = 0
    try:
        with path.open("rb+") as handle:
            for raw in handle:
                if not raw.endswith(b"\n"):
                    break
                good += len(raw)
                try:
                    data = json.loads(raw)
                except ValueError:
                    data = {"error": {"type": "unreadable", "message": "an unreadable line in the results file"}}
                result = _result(data if isinstance(data, dict) else {})
                summary.add(result)
                if result.error_type is None and result.case_id is not None:
                    ids.append(result.case_id)
            handle.truncate(good)
    except OSError as exc:
        raise output_error(path, exc) from None
    summary.skipped = summary.cases
    summary.whole = True
    return summary, ids
