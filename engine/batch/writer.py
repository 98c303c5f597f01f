"""Writing each case's outputs, in this order: its report, its results line, its findings rows.

The report comes first: a line in the results means its report is written, so a resumed run
that skips the line loses nothing. Every file is flushed after each case; the size of each
regular file after its last complete case is kept, so a write that fails (a full disk) is
cut back to the last complete line or row (``cut``) and raises ``OutputError`` naming the
file that failed, never another.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, Protocol

from hjemmel.batch.report_files import ReportNames, report_path
from hjemmel.files import atomic_write_text, output_error


def _regular_fd(handle: IO[str]) -> int | None:
    try:
        fd = handle.fileno()
        return fd if stat.S_ISREG(os.fstat(fd).st_mode) else None
    except (OSError, ValueError, AttributeError):
        return None  # a StringIO, a pipe, a terminal: nothing to cut back


class Sink(Protocol):
    """What a batch writes each case's result to (``Writer``; ``hjemmel verify`` compares instead)."""

    findings: IO[str] | None
    reports_dir: Path | None

    def write(self, result: Any) -> None: ...

    def flush(self) -> None: ...


class Writer:
    """The outputs a batch writes per case (``out`` always; findings rows and reports when asked for)."""

    def __init__(
        self,
        out: IO[str],
        *,
        out_name: str = "the results file",
        findings: IO[str] | None = None,
        findings_name: str = "the findings table",
        reports_dir: Path | None = None,
        report_format: str = "html",
        reserved: Iterable[str] = (),
    ) -> None:
        self.out, self.out_name = out, out_name
        self.findings, self.findings_name = findings, findings_name
        self.reports_dir, self.report_format = reports_dir, report_format
        self.names = ReportNames(reserved)
        self._good: dict[int, int] = {}
        for handle in (out, findings):
            if handle is not None:
                self._mark(handle)

    def _mark(self, handle: IO[str]) -> None:
        fd = _regular_fd(handle)
        if fd is not None:
            self._good[fd] = os.fstat(fd).st_size

    def _put(self, handle: IO[str], text: str, name: str) -> None:
        try:
            if text:
                handle.write(text)
            handle.flush()
        except OSError as exc:
            raise output_error(name, exc) from None
        self._mark(handle)

    def write(self, result: Any) -> None:
        """Write one case's report (if any), line and rows."""
        if self.reports_dir is not None and result.report is not None and result.case_id is not None and result.error_type is None:
            atomic_write_text(report_path(self.reports_dir, self.names.name(result.case_id), self.report_format), result.report)
        self._put(self.out, result.line + "\n", self.out_name)
        if self.findings is not None and result.rows:
            self._put(self.findings, result.rows, self.findings_name)

    def flush(self) -> None:
        self._put(self.out, "", self.out_name)
        if self.findings is not None:
            self._put(self.findings, "", self.findings_name)

    def cut(self) -> None:
        """After a failed write: every regular file back to its last complete case."""
        for fd, size in self._good.items():
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size)
