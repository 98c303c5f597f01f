"""Every output of a run in one place: checked, locked, opened, written, and failed the same way.

A run (``batch``, ``impact``) writes its results (``--output``, JSON Lines, or standard
output), and on request a findings table (``--findings``), a summary (``--summary``) and one
report per case (``--reports``); beside a results file it keeps its run record
(``hjemmel.batch.record``). ``RunOutputs`` owns all of them for the run:

- **checked** before anything is written: no output is an input or lies in an input folder,
  no two outputs are one file, none is the run record or named like one (``OutputConflict``);
- **locked** for the whole run (an exclusive ``flock`` on every regular output file, and on
  the reports folder): a second run that names any of them is refused at once, before it
  has truncated anything of its own;
- **written** atomically where it is a regular file written at once (summary, reports, run
  record: a temporary file, then a rename); the streamed results and findings are written
  in complete lines at least every 0.2 s (``hjemmel.batch.writer``) and cut back to the last
  complete case when a write fails;
- **failed** the same way: a failed write raises ``OutputError`` naming the file that failed;
  the batch stops there (its worker processes are killed, never waited for) and a summary
  placeholder that was never written is removed.

The options are two frozen objects, ``RunOptions`` (what identifies the run) and
``OutputOptions`` (where it writes); the command line only parses options into them, shows
progress and maps outcomes to exit codes::

    with RunOutputs(RunOptions(inputs=("cases",)), OutputOptions(results=Path("r.jsonl"))) as outputs:
        summary = outputs.run(evaluator, Options(lang="nb"))
        outputs.write_summary(lambda path: write_summary(summary, path, "nb"))
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import os
import stat
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from hjemmel.batch.overlap import OutputConflict, output_paths, refuse_overlap, refuse_shared
from hjemmel.batch.record import check_same_run, read_record, record_path, recorded_today, run_record, write_record
from hjemmel.batch.run import BatchSummary, Job, Options, run_batch
from hjemmel.batch.writer import Writer
from hjemmel.errors import OutputError, Problem
from hjemmel.evaluator import Evaluator
from hjemmel.files import is_regular_or_new, output_error
from hjemmel.safe_text import shown

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["OutputConflict", "OutputOptions", "RunOptions", "RunOutputs"]

_SUFFIXES = {"html": ".html", "markdown": ".md", "text": ".txt", "json": ".json"}


@dataclass(frozen=True)
class OutputOptions:
    """Where a run writes. ``results`` None is standard output."""

    results: Path | None = None
    findings: Path | None = None
    summary: Path | None = None
    reports: Path | None = None
    report_format: str = "html"
    csv_dialect: str = "excel"


@dataclass(frozen=True)
class RunOptions:
    """What identifies a run: its inputs, whether it resumes, and the options its record keeps."""

    inputs: tuple[str, ...]
    resume: bool = False
    impact: bool = False  # impact lines (the table's ``change`` column; a resumed run counts itself only)
    record: Mapping[str, Any] = field(default_factory=dict)


def _locked(path: Path, option: str, flags: int) -> tuple[int, bool]:
    """Open ``path`` (created if missing, never truncated) and lock it: ``(fd, created)``.

    A device or pipe is not locked (two runs may write to /dev/null at once).
    """
    cloexec = getattr(os, "O_CLOEXEC", 0)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd, created = os.open(path, flags | os.O_CREAT | os.O_EXCL | cloexec, 0o666), True
        except FileExistsError:
            fd, created = os.open(path, flags | cloexec), False
    except OSError as exc:
        raise output_error(path, exc) from None
    try:
        if fcntl is not None and stat.S_ISREG(os.fstat(fd).st_mode):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        message = f"{option} {shown(str(path))} is being written by another hjemmel batch: wait for it to finish or choose another file"
        raise OutputError(message, [Problem("the file is locked by another run", file=str(path))]) from None
    except OSError as exc:
        os.close(fd)
        raise output_error(path, exc) from None
    return fd, created


@contextlib.contextmanager
def _stdout_utf8() -> Iterator[IO[str]]:
    """JSON Lines on stdout: UTF-8 whatever the terminal's encoding (JSON Lines is UTF-8)."""
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", errors="backslashreplace", newline="\n", write_through=True)
    try:
        yield stream
    finally:
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
            stream.detach()


def _close_quietly(handle: IO[str] | int) -> None:
    with contextlib.suppress(OSError):  # a write that failed has been reported; closing must not fail again
        if isinstance(handle, int):
            os.close(handle)
        else:
            handle.close()


class RunOutputs:
    """The outputs of one run, opened and locked for it (a context manager; see the module)."""

    def __init__(self, run: RunOptions, outputs: OutputOptions) -> None:
        self.run_options, self.options = run, outputs
        self.record_file = record_path(outputs.results) if outputs.results is not None else None
        self.exclude = output_paths(outputs.results, outputs.summary, outputs.findings, self.record_file)
        self.today = dt.date.today()
        self.skip = 0
        self.seen_ids: list[str] = []
        self.previous: BatchSummary | None = None  # the counts of the lines already written (resumed)
        self.writer: Writer | None = None
        self._stack = contextlib.ExitStack()
        self._placeholder: tuple[Path, int] | None = None  # a summary file this run created and has not written yet

    # --- before anything is written --------------------------------------------------------

    def check(self) -> None:
        """``OutputConflict`` when an output overlaps an input, another output or a run record."""
        run, out = self.run_options, self.options
        if run.resume and out.results is None:
            raise OutputConflict("--resume needs an --output file")
        files = [("--output", out.results), ("--summary", out.summary), ("--findings", out.findings)]
        refuse_shared(files, self.record_file, folders=[("--reports", out.reports)])
        refuse_overlap(run.inputs, files=[*files, ("the run record", self.record_file)], folders=[("--reports", out.reports)])
        if run.resume and out.results is not None and not is_regular_or_new(out.results):
            raise OutputConflict(f"--resume needs a regular results file; {shown(str(out.results))} is not one")

    def __enter__(self) -> RunOutputs:
        self.check()
        try:
            self._open()
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, (OutputError, OSError)) and self.writer is not None:
            self.writer.cut()
        self._stack.close()
        if self._placeholder is not None:
            path, inode = self._placeholder
            with contextlib.suppress(OSError):
                info = os.stat(path)
                if info.st_ino == inode and info.st_size == 0:
                    os.unlink(path)

    # --- opening: every lock first, then truncation ------------------------------------------

    def _open(self) -> None:
        out = self.options
        results_fd = None
        if out.results is not None:
            results_fd, _ = _locked(out.results, "--output", os.O_WRONLY | (os.O_APPEND if self.run_options.resume else 0))
            self._stack.callback(_close_quietly, results_fd)
        findings_fd = None
        if out.findings is not None:
            findings_fd, _ = _locked(out.findings, "--findings", os.O_WRONLY)
            self._stack.callback(_close_quietly, findings_fd)
        if out.summary is not None:
            summary_fd, created = _locked(out.summary, "--summary", os.O_WRONLY)
            self._stack.callback(_close_quietly, summary_fd)
            if created:
                self._placeholder = (out.summary, os.fstat(summary_fd).st_ino)
        reserved: list[str] = []
        if out.reports is not None:
            reserved = self._lock_reports(out.reports)
        if out.results is None:
            handle = self._stack.enter_context(_stdout_utf8())
        else:
            assert results_fd is not None
            handle = self._results(out.results, results_fd)
        table = self._table(findings_fd) if findings_fd is not None else None
        self.writer = Writer(
            handle,
            out_name=str(out.results) if out.results is not None else "standard output",
            findings=table,
            findings_name=str(out.findings),
            reports_dir=out.reports,
            report_format=out.report_format,
            reserved=reserved,
        )

    def _lock_reports(self, folder: Path) -> list[str]:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError as exc:
            raise output_error(folder, exc) from None
        self._stack.callback(_close_quietly, fd)
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                message = f"--reports {shown(str(folder))} is being written by another hjemmel batch: wait for it to finish or choose another folder"
                raise OutputError(message, [Problem("the folder is locked by another run", file=str(folder))]) from None
        suffix = _SUFFIXES[self.options.report_format]
        real = os.path.realpath(folder)
        return [os.path.basename(path)[: -len(suffix)] for path in self.exclude if os.path.dirname(path) == real and path.lower().endswith(suffix)]

    def _results(self, path: Path, fd: int) -> IO[str]:
        """The locked results file: resumed only if its run record says it is the same run."""
        run = self.run_options
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
        record = run_record(run.inputs, dict(run.record), today=dt.date.today(), exclude=self.exclude)
        if run.resume and (os.fstat(fd).st_size > 0 or read_record(path) is not None):
            from hjemmel.batch.resume import resume_point

            earlier = read_record(path)
            check_same_run(path, earlier, record)
            record["today"] = (recorded_today(earlier) or dt.date.today()).isoformat()
            previous, self.seen_ids = resume_point(path)
            self.skip = previous.cases
            if not run.impact:  # the batch's counts describe the whole file; impact counts this run
                self.previous = previous
        else:
            try:
                if regular:
                    os.ftruncate(fd, 0)
            except OSError as exc:
                raise output_error(path, exc) from None
            if regular:
                write_record(path, record)
        self.today = dt.date.fromisoformat(record["today"])
        handle = open(os.dup(fd), "w", encoding="utf-8", errors="backslashreplace", newline="\n")  # noqa: SIM115 - closed with the run
        self._stack.callback(_close_quietly, handle)
        return handle

    def _table(self, fd: int) -> IO[str]:
        from hjemmel.batch.findings_table import ENCODING, header_text, rebuild_table

        out, run = self.options, self.run_options
        assert out.findings is not None
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                os.ftruncate(fd, 0)
            table = open(os.dup(fd), "w", encoding=ENCODING, newline="")  # noqa: SIM115 - closed with the run
        except OSError as exc:
            raise output_error(out.findings, exc) from None
        self._stack.callback(_close_quietly, table)
        try:
            if run.resume and out.results is not None:
                rebuild_table(out.results, table, out.csv_dialect, run.impact)
            else:
                table.write(header_text(out.csv_dialect, run.impact))
            table.flush()
        except OSError as exc:
            raise output_error(out.findings, exc) from None
        return table

    # --- running and writing -----------------------------------------------------------------

    def run(
        self,
        evaluator: Evaluator,
        job: Job,
        *,
        workers: int = 1,
        progress: Callable[[BatchSummary], None] | None = None,
        bytes_total: int | None = None,
        summary: BatchSummary | None = None,
    ) -> BatchSummary:
        """Run ``job`` over the inputs into these outputs. ``summary`` counts the job's results
        (an impact's); otherwise a resumed batch counts the whole file."""
        assert self.writer is not None, "use RunOutputs as a context manager"
        if isinstance(job, Options):
            job = dataclasses.replace(job, today=self.today)  # the run's day (a resumed run: the first run's)
        counted = summary if summary is not None else self.previous
        return run_batch(
            self.run_options.inputs,
            self.writer.out,
            evaluator,
            job=job,
            workers=workers,
            skip=self.skip,
            seen_ids=self.seen_ids,
            progress=progress,
            bytes_total=bytes_total,
            summary=counted,
            exclude=self.exclude,
            writer=self.writer,
        )

    def write_summary(self, write: Callable[[Path], None]) -> None:
        """Write the summary (``write(path)`` writes it atomically) while the run still holds its lock."""
        if self.options.summary is None:
            return
        write(self.options.summary)
        self._placeholder = None
