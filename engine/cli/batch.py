"""``hjemmel batch``: many cases, one JSON line each, in input order."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click
from hjemmel.cli.common import DATE, LANGS, rule_base
from hjemmel.evaluator import Evaluator

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

    summary, workers = run_to_output(inputs, output, start, workers=workers, resume=resume, quiet=quiet, findings_path=findings_path, csv_dialect=csv_dialect)
    tell_counts(summary, output, workers)
    if summary.actors:
        top = ", ".join(f"{actor} {count}" for actor, count in summary.actors.most_common(5))
        click.echo(f"  findings per actor: {top}", err=True)
    if summary_path is not None:
        from hjemmel.batch.summary import write_summary

        write_summary(summary, summary_path, lang)
        click.echo(f"  summary: {summary_path}", err=True)
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
) -> tuple[BatchSummary, int]:
    """Open the output (and the findings table), resume, show progress, and run ``start``.

    Shared by ``batch`` and ``impact``: ``start(out=…, workers=…, skip=…, seen_ids=…,
    progress=…, bytes_total=…, findings=…)`` runs the batch job.
    """
    from hjemmel.batch.findings_table import ENCODING, header_text, rebuild_table
    from hjemmel.batch.run import resume_point

    workers = workers or os.cpu_count() or 1
    skip, seen = 0, list[str]()
    show = not quiet and sys.stderr.isatty()
    signal.signal(signal.SIGTERM, _raise_interrupt)
    total = None
    if show:
        from hjemmel.cases.inputs import total_bytes

        total = total_bytes(inputs)
    kwargs: dict[str, Any] = dict(workers=workers, progress=_progress if show else None, bytes_total=total)
    with contextlib.ExitStack() as stack:
        if output == "-":
            if resume:
                raise click.UsageError("--resume needs an --output file")
            out: IO[str] = sys.stdout
        else:
            path = Path(output)
            path.parent.mkdir(parents=True, exist_ok=True)
            if resume:
                skip, seen = resume_point(path)
            out = stack.enter_context(path.open("a" if resume else "w", encoding="utf-8", newline="\n"))
        if findings_path is not None:
            findings_path.parent.mkdir(parents=True, exist_ok=True)
            table = stack.enter_context(findings_path.open("w", encoding=ENCODING, newline=""))
            if resume and output != "-":
                out.flush()
                rebuild_table(Path(output), table, csv_dialect, impact)
            else:
                table.write(header_text(csv_dialect, impact))
            kwargs["findings"] = table
        summary = start(out=out, skip=skip, seen_ids=seen, **kwargs)
    if show:
        click.echo("\r\033[K", nl=False, err=True)
    return summary, workers


def tell_counts(summary: BatchSummary, output: str, workers: int, verb: str = "assessed") -> None:
    """The closing lines on stderr: cases done and failed, the rate, the first errors."""
    done = f"{summary.cases} cases: {summary.assessed} {verb}, {summary.failed} failed"
    if summary.skipped:
        done += f" (resumed after {summary.skipped} cases already in {output})"
    rate = summary.cases / summary.seconds if summary.seconds > 0 else 0.0
    click.echo(f"{done}; {summary.seconds:.1f} s, {rate:,.0f} cases/s, {workers} worker(s)", err=True)
    for kind, count in sorted(summary.errors.items()):
        click.echo(f"  {count} × {kind} error", err=True)
    for source, _case_id, message in summary.failures[:5]:
        click.echo(f"  {message.splitlines()[0] if message else source}", err=True)


def finish(summary: BatchSummary, output: str) -> None:
    """Exit: 0 when every case went through, 1 when any failed or a worker died, 130 when interrupted."""
    if summary.broken is not None:
        click.echo(
            f"Stopped after {summary.skipped + summary.cases} cases: {summary.broken}. Every line in {output} is complete; "
            "run again with --resume (or with --workers 1 to find the case that stops it).",
            err=True,
        )
        sys.exit(1)
    if summary.interrupted:
        click.echo(
            f"Interrupted after {summary.skipped + summary.cases} cases; every line in {output} is complete. Run again with --resume to continue.", err=True
        )
        sys.exit(130)
    sys.exit(0 if summary.ok else 1)


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _progress(summary: Any) -> None:
    """One status line on the terminal: a bar by input bytes (when known), rate, failures, ETA."""
    rate = summary.cases / summary.seconds if summary.seconds else 0.0
    text = f"{summary.skipped + summary.cases:,} cases  {rate:,.0f}/s  {summary.failed:,} failed"
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
