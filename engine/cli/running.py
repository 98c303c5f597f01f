"""What ``batch`` and ``impact`` share: their options, running into the outputs, progress, exit codes.

The outputs themselves (checks, locks, writing, failing) live in ``hjemmel.batch.outputs``;
here a refusal becomes a usage error (exit 2), a failed write one message and exit 1.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from hjemmel.errors import OutputError, ResumeError
from hjemmel.messages import translate, translate_line
from hjemmel.safe_text import shown

if TYPE_CHECKING:  # pragma: no cover
    from hjemmel.batch.outputs import OutputOptions, RunOptions, RunOutputs
    from hjemmel.batch.run import BatchSummary


def full_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--full``: the report-only additions in every line (shared by batch and impact)."""
    return click.option(
        "--full",
        is_flag=True,
        help="Write the whole assessment per case, with the report-only additions (texts, facts shown, deadlines), as assess --format json does.",
    )(command)


def findings_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--findings FILE.csv`` and ``--csv-dialect`` (shared by batch and impact)."""
    command = click.option(
        "--csv-dialect",
        type=click.Choice(["excel", "excel-nb"]),
        default="excel",
        show_default=True,
        help="Cells of --findings separated by commas (excel) or semicolons (excel-nb, as Norwegian Excel opens directly).",
    )(command)
    return click.option(
        "--findings",
        "findings_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Also write one row per finding to this CSV file (UTF-8 with BOM): "
        "case_id, assessment_date, rule, actor, law, section, kind, until, uncertain, discretion.",
    )(command)


def summary_suffix(path: Path | None) -> None:
    if path is not None and path.suffix.lower() not in (".html", ".htm", ".csv"):
        raise click.BadParameter("the summary file must end in .html or .csv", param_hint="--summary")


@contextlib.contextmanager
def opened(run: RunOptions, outputs: OutputOptions) -> Iterator[RunOutputs]:
    """The run's outputs, opened and locked; a refusal is a usage error, a failed write exit 1."""
    from hjemmel.batch.outputs import OutputConflict, RunOutputs

    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        with RunOutputs(run, outputs) as handle:
            yield handle
    except (OutputConflict, ResumeError) as exc:
        raise click.UsageError(exc.message) from None
    except OutputError as exc:
        _write_failed(exc, outputs.results)


def run_options(handle: RunOutputs, workers: int | None, quiet: bool, lang: str = "en") -> dict[str, Any]:
    """``workers``, ``progress`` (in ``lang``) and ``bytes_total`` for ``RunOutputs.run``."""
    show = not quiet and sys.stderr.isatty()
    total = None
    if show:
        from hjemmel.cases.inputs import total_bytes

        total = total_bytes(handle.run_options.inputs, handle.exclude)
    return {"workers": workers or os.cpu_count() or 1, "progress": progress(lang) if show else None, "bytes_total": total}


def progress(lang: str) -> Callable[[Any], None]:
    """The progress display in ``lang``."""
    return lambda summary: _progress(summary, lang)


def say(text: str, lang: str) -> None:
    """One line on stderr, in ``lang`` where it is one of the run's lines (``hjemmel.messages``)."""
    click.echo(translate(text, lang), err=True)


def end_progress(quiet: bool) -> None:
    if not quiet and sys.stderr.isatty():
        click.echo("\r\033[K", nl=False, err=True)


def _write_failed(exc: OutputError, results: Path | None) -> None:
    """A failed write: the file that failed, why, and (when there is a results file) how to go on."""
    message = exc.message
    failed = exc.problems[0].file if exc.problems else None
    if results is not None and message.startswith("cannot write "):
        where = "in it" if failed == str(results) else f"in {shown(str(results))}"
        message += f"; every complete line {where} is kept: run again with --resume when it can be written"
    click.echo(message, err=True)
    sys.exit(1)


def tell_counts(summary: BatchSummary, output: str, workers: int, verb: str = "assessed", lang: str = "en") -> None:
    """The closing lines on stderr, in ``lang``: cases done and failed, the rate, the first errors."""
    done = translate(f"{summary.lines:,} cases: {summary.assessed:,} {verb}, {summary.failed:,} failed", lang)
    if summary.skipped:
        done += translate(f" (resumed after {summary.skipped:,} cases already in {shown(output)})", lang)
    new = summary.cases - (summary.skipped if summary.whole else 0)
    rate = new / summary.seconds if summary.seconds > 0 else 0.0
    say(done + translate(f"; {summary.seconds:,.1f} s, {rate:,.0f} cases/s, {workers:,} worker(s)", lang), lang)
    for kind, count in sorted(summary.errors.items()):
        say(f"  {count:,} × {kind} error", lang)
    for source, _case_id, message in summary.failures[:5]:
        click.echo(f"  {translate_line(shown(message.splitlines()[0] if message else source), lang)}", err=True)


def finish(summary: BatchSummary, output: str, lang: str = "en") -> None:
    """Exit: 0 when every case went through, 1 when any failed or a worker died, 130 when interrupted."""
    if summary.broken is not None:
        say(
            f"Stopped after {summary.lines:,} cases: {summary.broken}. Every line in {shown(output)} is complete; "
            "run again with --resume (or with --workers 1 to find the case that stops it).",
            lang,
        )
        sys.exit(1)
    if summary.interrupted:
        say(f"Interrupted after {summary.lines:,} cases; every line in {shown(output)} is complete. Run again with --resume to continue.", lang)
        sys.exit(130)
    sys.exit(0 if summary.ok else 1)


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _progress(summary: Any, lang: str = "en") -> None:
    """One status line on the terminal, in ``lang``: a bar by input bytes (when known), rate, failures, ETA."""
    rate = (summary.cases - (summary.skipped if summary.whole else 0)) / summary.seconds if summary.seconds else 0.0
    text = translate(f"{summary.lines:,} cases  {rate:,.0f}/s  {summary.failed:,} failed", lang)
    total = summary.bytes_total
    if total:
        share = min(summary.bytes_done / total, 1.0)
        bar = "#" * int(share * 24)
        text = translate(f"[{bar:<24}] {share * 100:3.0f}%  ", lang) + text
        this_run = summary.bytes_done - summary.bytes_skipped
        if 0 < share < 1 and summary.seconds > 1 and this_run > 0:
            left = summary.seconds * (total - summary.bytes_done) / this_run
            text += translate(f"  ~{int(left // 60)}:{int(left % 60):02d} left", lang)
    click.echo(f"\r\033[K{text}", nl=False, err=True)
