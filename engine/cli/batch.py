"""``hjemmel batch``: many cases, one JSON line each, in input order."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
from pathlib import Path
from typing import Any

import click
from hjemmel.cli.common import DATE, LANGS, rule_base
from hjemmel.evaluator import Evaluator


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
    from hjemmel.batch.run import resume_point, run_batch

    if summary_path is not None and summary_path.suffix.lower() not in (".html", ".htm", ".csv"):
        raise click.BadParameter("the summary file must end in .html or .csv", param_hint="--summary")
    rules = rule_base(ctx)
    evaluator = Evaluator(rules)
    workers = workers or os.cpu_count() or 1
    skip, seen = 0, list[str]()
    show = not quiet and sys.stderr.isatty()
    progress = _progress if show else None
    signal.signal(signal.SIGTERM, _raise_interrupt)
    total = None
    if show:
        from hjemmel.cases.inputs import total_bytes

        total = total_bytes(inputs)
    kwargs: dict[str, Any] = dict(on=on, lang=lang, reports_dir=reports_dir, report_format=report_format, workers=workers, progress=progress, bytes_total=total)
    if output == "-":
        if resume:
            raise click.UsageError("--resume needs an --output file")
        summary = run_batch(inputs, sys.stdout, evaluator, **kwargs)
    else:
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        if resume:
            skip, seen = resume_point(path)
        with path.open("a" if resume else "w", encoding="utf-8", newline="\n") as out:
            summary = run_batch(inputs, out, evaluator, skip=skip, seen_ids=seen, **kwargs)
    if show:
        click.echo("\r\033[K", nl=False, err=True)
    done = f"{summary.cases} cases: {summary.assessed} assessed, {summary.failed} failed"
    if summary.skipped:
        done += f" (resumed after {summary.skipped} cases already in {output})"
    rate = summary.cases / summary.seconds if summary.seconds > 0 else 0.0
    click.echo(f"{done}; {summary.seconds:.1f} s, {rate:,.0f} cases/s, {workers} worker(s)", err=True)
    for kind, count in sorted(summary.errors.items()):
        click.echo(f"  {count} × {kind} error", err=True)
    for source, _case_id, message in summary.failures[:5]:
        click.echo(f"  {message.splitlines()[0] if message else source}", err=True)
    if summary.actors:
        top = ", ".join(f"{actor} {count}" for actor, count in summary.actors.most_common(5))
        click.echo(f"  findings per actor: {top}", err=True)
    if summary_path is not None:
        from hjemmel.batch.summary import write_summary

        write_summary(summary, summary_path, lang)
        click.echo(f"  summary: {summary_path}", err=True)
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
