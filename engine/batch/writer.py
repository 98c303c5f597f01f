"""Writing each case's outputs, in this order: its report, its results line, its findings rows.

The report comes first: a line in the results means its report is written, so a resumed run
that skips the line loses nothing. The lines and rows are written every ``FLUSH_SECONDS``
or ``FLUSH_LINES`` lines, whenever the batch waits for its workers, and at the end, not
after every case: a flush is a system call or two per case, about 4 % of a batch's CPU.
They wait in the writer's own lists (the file objects' buffers stay empty between
flushes), so only complete lines and rows ever reach a file; the results and the findings
table are both written before the size of each is kept, so a write that fails (a full disk)
cuts both back to the same last complete case (``cut``) and raises ``OutputError`` naming
the file that failed, never another. SIGINT and SIGTERM wait while a flush runs. A run
that is killed outright loses the lines not yet written, which ``--resume`` assesses again
(it cuts a trailing partial line off); an interrupted run (Ctrl-C) writes them first
(``hjemmel.batch.run``).
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, Protocol

from hjemmel.batch.report_files import ReportNames, report_path
from hjemmel.batch.workers import signals_deferred
from hjemmel.errors import OutputError
from hjemmel.files import atomic_write_text, output_error

FLUSH_SECONDS = 0.2  # the longest a complete line waits to be written
FLUSH_LINES = 256  # and the most lines that wait (a bound on the memory they take)


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

    def flush(self) -> None:
        """Write what is pending (the batch stops or waits)."""
        ...

    def finish(self) -> None:
        """The input is over: write or check what is left."""
        ...


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
        self._lines: list[str] = []  # results lines not yet written
        self._rows: list[str] = []  # findings rows not yet written
        self._flushed = time.monotonic()
        for handle in (out, findings):
            if handle is not None:
                self._mark(handle)

    def _mark(self, handle: IO[str]) -> None:
        fd = _regular_fd(handle)
        if fd is not None:
            self._good[fd] = os.fstat(fd).st_size

    def _write(self, handle: IO[str], pending: list[str], name: str) -> None:
        try:
            if pending:
                handle.write("".join(pending))
            handle.flush()
        except OSError as exc:
            raise output_error(name, exc) from None
        pending.clear()

    def write(self, result: Any) -> None:
        """Write one case's report (if any), line and rows (flushed every ``FLUSH_SECONDS``)."""
        if self.reports_dir is not None and result.report is not None and result.case_id is not None and result.error_type is None:
            try:
                atomic_write_text(report_path(self.reports_dir, self.names.name(result.case_id), self.report_format), result.report)
            except OutputError:
                with contextlib.suppress(OutputError):
                    self.flush()  # the cases before this one are complete: keep their lines
                raise
        self._lines.append(result.line + "\n")
        if self.findings is not None and result.rows:
            self._rows.append(result.rows)
        if len(self._lines) >= FLUSH_LINES or time.monotonic() - self._flushed >= FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Write the pending lines, then the pending rows, and only then keep the size of each
        file as its last complete case (a failure in either cuts both back to the one before)."""
        with signals_deferred():
            self._write(self.out, self._lines, self.out_name)
            if self.findings is not None:
                self._write(self.findings, self._rows, self.findings_name)
            self._mark(self.out)
            if self.findings is not None:
                self._mark(self.findings)
        self._flushed = time.monotonic()

    def finish(self) -> None:
        """The end of the run: write what is pending."""
        self.flush()

    def cut(self) -> None:
        """After a failed write: every regular file back to its last complete case (what was not
        yet written is dropped: those cases are not in the results, and ``--resume`` assesses them)."""
        self._lines.clear()
        self._rows.clear()
        for fd, size in self._good.items():
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size)
