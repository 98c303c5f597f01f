"""``hjemmel batch``: many cases, one JSON line each, in input order."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from hjemmel.batch.record import record_path
from hjemmel.cli.common import DATE, LANGS, fail, rule_base
from hjemmel.cli.paths import output_paths, refuse_overlap
from hjemmel.errors import OutputError, ResumeError
from hjemmel.evaluator import Evaluator
from hjemmel.files import is_regular_or_new
from hjemmel.safe_text import shown

if TYPE_CHECKING:
    from hjemmel.batch.run import BatchSummary


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, allow_dash=True), help="JSON Lines file for the results ('-' for stdout).")
@click.option("--date", "on", type=DATE, help="Assessment date for every case (overrides assessment_date).")
@click.option("--lang", type=LANGS, default="nb", show_default=True)
@click.option("--reports", "reports_dir", type=click.Path(file_okay=False, path_type=Path), help="Also write one report per case into this folder.")
@click.option(
    "--format",
    "report_format",
    type=click.Choice(["html", "markdown", "text", "json"]),
    default="html",
    show_default=True,
    help="Format of the reports written with --reports.",
)
@click.option("--workers", "-j", type=click.IntRange(1, 256), default=None, help="Worker processes (default: the number of cores).")
@click.option("--resume", is_flag=True, help="Continue an interrupted run: keep the complete lines in --output and go on after them.")
@click.option("--quiet", "-q", is_flag=True, help="No progress display.")
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False, path_type=Path), help="Also write a summary of the run (.html or .csv).")
@click.pass_context
def batch(
    ctx: click.Context,
    inputs: tuple[str, ...],
    output: str,
    on: dt.date | None,
    lang: str,
    reports_dir: Path | None,
    report_format: str,
    workers: int | None,
    resume: bool,
    quiet: bool,
    summary_path: Path | None,
) -> None:
    """Assess many cases: files, folders (recursively), globs, JSON Lines and CSV files.

    Writes one JSON line per case in input order: an assessment or an error record.
    CSV files have a header of dotted field names (person.birth_date, housing.situation,
    …); an empty cell is unknown. Exits 0 when every case was assessed, 1 when any case
    failed, 130 when interrupted (rerun with --resume to continue).

    \b
    Example:
      hjemmel batch cases/ --output results.jsonl --reports rapporter/
    """
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        _batch(ctx, inputs, output, on, lang, reports_dir, report_format, workers, resume, quiet, summary_path)
    except KeyboardInterrupt:  # before the first case or after the last: the run itself stops cleanly
        click.echo("Interrupted.", err=True)
        sys.exit(130)


def _batch(
    ctx: click.Context,
    inputs: tuple[str, ...],
    output: str,
    on: dt.date | None,
    lang: str,
    reports_dir: Path | None,
    report_format: str,
    workers: int | None,
    resume: bool,
    quiet: bool,
    summary_path: Path | None,
) -> None:
    if summary_path is not None and summary_path.suffix.lower() not in (".html", ".htm", ".csv"):
        raise click.BadParameter("the summary file must end in .html or .csv", param_hint="--summary")
    if resume and output == "-":
        raise click.UsageError("--resume needs an --output file")
    results = None if output == "-" else Path(output)
    if results is not None and summary_path is not None and os.path.realpath(results) == os.path.realpath(summary_path):
        raise click.UsageError("--summary and --output name the same file")
    refuse_overlap(inputs, files=[("--output", results), ("--summary", summary_path)], folders=[("--reports", reports_dir)])
    rules = rule_base(ctx)
    evaluator = Evaluator(rules)
    workers = workers or os.cpu_count() or 1
    show = not quiet and sys.stderr.isatty()
    exclude = output_paths(results, summary_path, record_path(results) if results is not None else None)
    total = None
    if show:
        from hjemmel.cases.inputs import total_bytes

        total = total_bytes(inputs, exclude)
    kwargs: dict[str, Any] = dict(on=on, lang=lang, reports_dir=reports_dir, report_format=report_format, workers=workers, exclude=exclude)
    kwargs.update(progress=_progress if show else None, bytes_total=total)
    try:
        if results is None:
            summary = _to_stdout(inputs, evaluator, kwargs)
        else:
            summary = _to_file(results, inputs, evaluator, resume, kwargs)
    except ResumeError as exc:
        raise click.UsageError(exc.message) from None
    except OutputError as exc:
        reason = exc.problems[0].message if exc.problems else exc.message
        if results is None or not reason.startswith("cannot write the file: "):
            click.echo(exc.message, err=True)
        else:
            hint = "every complete line in it is kept: run again with --resume when it can be written"
            click.echo(f"cannot write {shown(output)}: {reason.removeprefix('cannot write the file: ')}; {hint}", err=True)
        sys.exit(1)
    if show:
        click.echo("\r\033[K", nl=False, err=True)
    _report(summary, shown(output), workers)
    if summary_path is not None:
        from hjemmel.batch.summary import write_summary

        try:
            write_summary(summary, summary_path, lang)
        except OutputError as exc:
            fail(exc)
        click.echo(f"  summary: {shown(str(summary_path))}", err=True)
    if summary.broken is not None:
        click.echo(
            f"Stopped after {summary.cases} cases: {summary.broken}. Every line in {shown(output)} is complete; "
            "run again with --resume (or with --workers 1 to find the case that stops it).",
            err=True,
        )
        sys.exit(1)
    if summary.interrupted:
        click.echo(f"Interrupted after {summary.cases} cases; every line in {shown(output)} is complete. Run again with --resume to continue.", err=True)
        sys.exit(130)
    sys.exit(0 if summary.ok else 1)


def _to_stdout(inputs: tuple[str, ...], evaluator: Evaluator, kwargs: dict[str, Any]) -> BatchSummary:
    """JSON Lines on stdout: UTF-8 whatever the terminal's encoding (JSON Lines is UTF-8)."""
    from hjemmel.batch.run import run_batch

    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", errors="backslashreplace", newline="\n", write_through=True)
    try:
        return run_batch(inputs, stream, evaluator, **kwargs)
    finally:
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
            stream.detach()


def _to_file(results: Path, inputs: tuple[str, ...], evaluator: Evaluator, resume: bool, kwargs: dict[str, Any]) -> BatchSummary:
    """The results file, locked for this run; resumed only if the run record says it is the same run."""
    from hjemmel import __version__
    from hjemmel.batch.record import check_same_run, read_record, recorded_today, run_record, write_record
    from hjemmel.batch.resume import open_results, resume_point
    from hjemmel.batch.run import run_batch

    today = dt.date.today()
    reports = (str(kwargs["reports_dir"]), kwargs["report_format"]) if kwargs["reports_dir"] is not None else None
    record = run_record(
        inputs, version=__version__, rules=evaluator.rules.digest, on=kwargs["on"], lang=kwargs["lang"], today=today, reports=reports, exclude=kwargs["exclude"]
    )
    regular = is_regular_or_new(results)  # a device or pipe (/dev/null) is written as it is, without a run record
    if resume and not regular:
        raise click.UsageError(f"--resume needs a regular results file; {shown(str(results))} is not one")
    handle = open_results(results, append=resume)  # the lock comes before any truncation
    try:
        previous, seen = None, list[str]()
        if resume and (results.stat().st_size > 0 or read_record(results) is not None):
            earlier = read_record(results)
            check_same_run(results, earlier, record)
            record["today"] = (recorded_today(earlier) or today).isoformat()
            previous, seen = resume_point(results)
        elif regular:
            write_record(results, record)
        skip = previous.cases if previous is not None else 0
        return run_batch(inputs, handle, evaluator, today=dt.date.fromisoformat(record["today"]), skip=skip, seen_ids=seen, previous=previous, **kwargs)
    finally:
        with contextlib.suppress(OSError):  # a write that failed has been reported; closing must not fail again
            handle.close()


def _report(summary: BatchSummary, output: str, workers: int) -> None:
    """The run on stderr: counts, rate, error kinds, the first failures, findings per actor."""
    done = f"{summary.cases} cases: {summary.assessed} assessed, {summary.failed} failed"
    if summary.skipped:
        done += f" (resumed after {summary.skipped} cases already in {output})"
    new = summary.cases - summary.skipped
    rate = new / summary.seconds if summary.seconds > 0 else 0.0
    click.echo(f"{done}; {summary.seconds:.1f} s, {rate:,.0f} cases/s, {workers} worker(s)", err=True)
    for kind, count in sorted(summary.errors.items()):
        click.echo(f"  {count} × {kind} error", err=True)
    for source, _case_id, message in summary.failures[:5]:
        click.echo(f"  {shown(message.splitlines()[0] if message else source)}", err=True)
    if summary.actors:
        top = ", ".join(f"{actor} {count}" for actor, count in summary.actors.most_common(5))
        click.echo(f"  findings per actor: {top}", err=True)


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _progress(summary: Any) -> None:
    """One status line on the terminal: a bar by input bytes (when known), rate, failures, ETA."""
    rate = (summary.cases - summary.skipped) / summary.seconds if summary.seconds else 0.0
    text = f"{summary.cases:,} cases  {rate:,.0f}/s  {summary.failed:,} failed"
    total = summary.bytes_total
    if total:
        share = min(summary.bytes_done / total, 1.0)
        bar = "#" * int(share * 24)
        text = f"[{bar:<24}] {share:4.0%}  " + text
        this_run = summary.bytes_done - summary.bytes_skipped
        if 0 < share < 1 and summary.seconds > 1 and this_run > 0:
            left = summary.seconds * (total - summary.bytes_done) / this_run
            text += f"  ~{int(left // 60)}:{int(left % 60):02d} left"
    click.echo(f"\r\033[K{text}", nl=False, err=True)
