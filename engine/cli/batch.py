"""``hjemmel batch``: many cases, one JSON line each, in input order."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click
from hjemmel.batch.record import record_path
from hjemmel.cli.common import DATE, LANGS, fail, rule_base
from hjemmel.cli.paths import output_paths, refuse_overlap
from hjemmel.errors import OutputError, ResumeError
from hjemmel.evaluator import Evaluator
from hjemmel.files import is_regular_or_new
from hjemmel.safe_text import shown

if TYPE_CHECKING:  # pragma: no cover
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


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, allow_dash=True), help="JSON Lines file for the results ('-' for stdout).")
@click.option("--date", "on", type=DATE, help="Assessment date for every case (overrides assessment_date).")
@click.option("--lang", type=LANGS, default="nb", show_default=True, help="Language of the reports and the summary: bokmål, nynorsk or English.")
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
@findings_options
@full_option
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
    findings_path: Path | None,
    csv_dialect: str,
    full: bool,
) -> None:
    """Assess many cases: files, folders (recursively), globs, JSON Lines and CSV files.

    Writes one JSON line per case in input order: an assessment or an error record.
    An assessment line holds the contract fields (with uncertain, responsible_municipality
    and could_remove); --full adds the report-only texts, facts and deadlines.
    CSV files have a header of dotted field names (person.birth_date, housing.situation,
    …); an empty cell is unknown. Exits 0 when every case was assessed, 1 when any case
    failed, 130 when interrupted (rerun with --resume to continue).

    \b
    Example:
      hjemmel batch cases/ --output results.jsonl --findings funn.csv --csv-dialect excel-nb
    """
    from hjemmel.batch.run import run_batch

    if summary_path is not None and summary_path.suffix.lower() not in (".html", ".htm", ".csv"):
        raise click.BadParameter("the summary file must end in .html or .csv", param_hint="--summary")
    evaluator = Evaluator(rule_base(ctx))

    def start(**kwargs: Any) -> BatchSummary:
        return run_batch(
            inputs, evaluator=evaluator, on=on, lang=lang, reports_dir=reports_dir, report_format=report_format, csv_dialect=csv_dialect, full=full, **kwargs
        )

    from hjemmel import __version__

    reports = [str(reports_dir), report_format] if reports_dir is not None else None
    findings = csv_dialect if findings_path is not None else None
    options: dict[str, Any] = {"command": "batch", "version": __version__, "rules": evaluator.rules.digest, "date": str(on) if on else None, "lang": lang}
    options |= {"reports": reports, "findings": findings, "full": full}
    summary, workers = run_to_output(
        inputs, output, start, workers=workers, resume=resume, quiet=quiet, findings_path=findings_path, csv_dialect=csv_dialect,
        summary_path=summary_path, reports_dir=reports_dir, record_options=options,
    )  # fmt: skip
    tell_counts(summary, output, workers)
    if summary.actors:
        top = ", ".join(f"{actor} {count}" for actor, count in summary.actors.most_common(5))
        click.echo(f"  findings per actor: {top}", err=True)
    if summary_path is not None:
        from hjemmel.batch.summary import write_summary

        try:
            write_summary(summary, summary_path, lang)
        except OutputError as exc:
            fail(exc)
        click.echo(f"  summary: {shown(str(summary_path))}", err=True)
    finish(summary, output)


def run_to_output(
    inputs: tuple[str, ...],
    output: str,
    start: Callable[..., BatchSummary],
    *,
    workers: int | None,
    resume: bool,
    quiet: bool,
    findings_path: Path | None,
    csv_dialect: str,
    impact: bool = False,
    summary_path: Path | None = None,
    reports_dir: Path | None = None,
    record_options: dict[str, Any] | None = None,
) -> tuple[BatchSummary, int]:
    """Check the outputs, open them (locked), resume, show progress, and run ``start``.

    Shared by ``batch`` and ``impact``: ``start(out=…, workers=…, skip=…, seen_ids=…,
    progress=…, bytes_total=…, findings=…, today=…, exclude=…[, summary=…])`` runs the batch
    job. No output may overlap an input (usage error); ``--resume`` continues only the run that
    ``record_options`` describe (``hjemmel.batch.record``); a write that fails is one message.
    """
    if resume and output == "-":
        raise click.UsageError("--resume needs an --output file")
    results = None if output == "-" else Path(output)
    named = [("--output", results), ("--summary", summary_path), ("--findings", findings_path)]
    real = [os.path.realpath(p) for _, p in named if p is not None]
    if len(set(real)) != len(real):
        raise click.UsageError("--output, --summary and --findings must name different files")
    refuse_overlap(inputs, files=named, folders=[("--reports", reports_dir)])
    workers = workers or os.cpu_count() or 1
    show = not quiet and sys.stderr.isatty()
    signal.signal(signal.SIGTERM, _raise_interrupt)
    exclude = output_paths(results, summary_path, findings_path, record_path(results) if results is not None else None)
    total = None
    if show:
        from hjemmel.cases.inputs import total_bytes

        total = total_bytes(inputs, exclude)
    kwargs: dict[str, Any] = dict(workers=workers, progress=_progress if show else None, bytes_total=total, exclude=exclude)
    try:
        with contextlib.ExitStack() as stack:
            out = (
                stack.enter_context(_stdout_utf8()) if results is None else _open_results(stack, results, inputs, resume, impact, record_options or {}, kwargs)
            )
            if findings_path is not None:
                kwargs["findings"] = _findings_table(stack, findings_path, results, resume, csv_dialect, impact)
            summary = start(out=out, **kwargs)
    except ResumeError as exc:
        raise click.UsageError(exc.message) from None
    except OutputError as exc:
        _write_failed(exc, output if results is not None else None)
    if show:
        click.echo("\r\033[K", nl=False, err=True)
    return summary, workers


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


def _open_results(
    stack: contextlib.ExitStack, results: Path, inputs: tuple[str, ...], resume: bool, impact: bool, options: dict[str, Any], kwargs: dict[str, Any]
) -> IO[str]:
    """The results file, locked for this run; resumed only if its run record says it is the same run."""
    from hjemmel.batch.record import check_same_run, read_record, recorded_today, run_record, write_record
    from hjemmel.batch.resume import open_results, resume_point

    regular = is_regular_or_new(results)  # a device or pipe (/dev/null) is written as it is, without a run record
    if resume and not regular:
        raise click.UsageError(f"--resume needs a regular results file; {shown(str(results))} is not one")
    record = run_record(inputs, options, today=dt.date.today(), exclude=kwargs["exclude"])
    handle = open_results(results, append=resume)  # the lock comes before any truncation
    stack.callback(_close_quietly, handle)
    if resume and (results.stat().st_size > 0 or read_record(results) is not None):
        earlier = read_record(results)
        check_same_run(results, earlier, record)
        record["today"] = (recorded_today(earlier) or dt.date.today()).isoformat()
        previous, seen = resume_point(results)
        kwargs.update(skip=previous.cases, seen_ids=seen)
        if not impact:  # the batch's counts describe the whole file; impact counts this run
            kwargs["summary"] = previous
    elif regular:
        write_record(results, record)
    kwargs["today"] = dt.date.fromisoformat(record["today"])
    return handle


def _findings_table(stack: contextlib.ExitStack, path: Path, results: Path | None, resume: bool, csv_dialect: str, impact: bool) -> IO[str]:
    from hjemmel.batch.findings_table import ENCODING, header_text, rebuild_table

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        table = stack.enter_context(path.open("w", encoding=ENCODING, newline=""))
    except OSError as exc:
        from hjemmel.files import output_error

        raise output_error(path, exc) from None
    if resume and results is not None:
        rebuild_table(results, table, csv_dialect, impact)
    else:
        table.write(header_text(csv_dialect, impact))
    return table


def _close_quietly(handle: IO[str]) -> None:
    with contextlib.suppress(OSError):  # a write that failed has been reported; closing must not fail again
        handle.close()


def _write_failed(exc: OutputError, output: str | None) -> None:
    reason = exc.problems[0].message if exc.problems else exc.message
    if output is None or not reason.startswith("cannot write the file: "):
        click.echo(exc.message, err=True)
    else:
        hint = "every complete line in it is kept: run again with --resume when it can be written"
        click.echo(f"cannot write {shown(output)}: {reason.removeprefix('cannot write the file: ')}; {hint}", err=True)
    sys.exit(1)


def tell_counts(summary: BatchSummary, output: str, workers: int, verb: str = "assessed") -> None:
    """The closing lines on stderr: cases done and failed, the rate, the first errors."""
    done = f"{summary.lines} cases: {summary.assessed} {verb}, {summary.failed} failed"
    if summary.skipped:
        done += f" (resumed after {summary.skipped} cases already in {shown(output)})"
    new = summary.cases - (summary.skipped if summary.whole else 0)
    rate = new / summary.seconds if summary.seconds > 0 else 0.0
    click.echo(f"{done}; {summary.seconds:.1f} s, {rate:,.0f} cases/s, {workers} worker(s)", err=True)
    for kind, count in sorted(summary.errors.items()):
        click.echo(f"  {count} × {kind} error", err=True)
    for source, _case_id, message in summary.failures[:5]:
        click.echo(f"  {shown(message.splitlines()[0] if message else source)}", err=True)


def finish(summary: BatchSummary, output: str) -> None:
    """Exit: 0 when every case went through, 1 when any failed or a worker died, 130 when interrupted."""
    if summary.broken is not None:
        click.echo(
            f"Stopped after {summary.lines} cases: {summary.broken}. Every line in {shown(output)} is complete; "
            "run again with --resume (or with --workers 1 to find the case that stops it).",
            err=True,
        )
        sys.exit(1)
    if summary.interrupted:
        click.echo(f"Interrupted after {summary.lines} cases; every line in {shown(output)} is complete. Run again with --resume to continue.", err=True)
        sys.exit(130)
    sys.exit(0 if summary.ok else 1)


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _progress(summary: Any) -> None:
    """One status line on the terminal: a bar by input bytes (when known), rate, failures, ETA."""
    rate = (summary.cases - (summary.skipped if summary.whole else 0)) / summary.seconds if summary.seconds else 0.0
    text = f"{summary.lines:,} cases  {rate:,.0f}/s  {summary.failed:,} failed"
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
