"""``hjemmel batch``: many cases, one JSON line each, in input order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click
from hjemmel.cli.common import DATE, LANGS, rule_base
from hjemmel.cli.running import _progress, end_progress, findings_options, finish, full_option, opened, run_options, say, summary_suffix, tell_counts
from hjemmel.evaluator import Evaluator
from hjemmel.safe_text import shown

__all__ = ["_progress", "batch"]


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, allow_dash=True), help="JSON Lines file for the results ('-' for stdout).")
@click.option("--date", "on", type=DATE, help="Assessment date for every case (overrides assessment_date).")
@click.option("--lang", type=LANGS, default="nb", show_default=True, help="Language of the reports, the summary and the terminal lines: nb, nn or en.")
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
    from hjemmel import __version__
    from hjemmel.batch.outputs import OutputOptions, RunOptions
    from hjemmel.batch.run import Options

    summary_suffix(summary_path)
    evaluator = Evaluator(rule_base(ctx))
    reports = [str(reports_dir), report_format] if reports_dir is not None else None
    findings = csv_dialect if findings_path is not None else None
    options: dict[str, Any] = {"command": "batch", "version": __version__, "rules": evaluator.rules.digest, "date": str(on) if on else None, "lang": lang}
    options |= {"reports": reports, "findings": findings, "full": full}
    job = Options(on=on, lang=lang, report_format=report_format if reports_dir is not None else None, table=findings, full=full)
    results = None if output == "-" else Path(output)
    where = OutputOptions(results, findings_path, summary_path, reports_dir, report_format, csv_dialect)
    with opened(RunOptions(tuple(inputs), resume=resume, record=options), where) as outputs:
        how = run_options(outputs, workers, quiet, lang)
        summary = outputs.run(evaluator, job, **how)
        end_progress(quiet)
        tell_counts(summary, output, how["workers"], lang=lang)
        if summary.actors:
            top = ", ".join(f"{actor} {count}" for actor, count in summary.actors.most_common(5))
            say(f"  findings per actor: {top}", lang)
        if summary_path is not None:
            from hjemmel.batch.summary import write_summary

            outputs.write_summary(lambda path: write_summary(summary, path, lang, evaluator.rules))  # a failed write: as any output's
            say(f"  summary: {shown(str(summary_path))}", lang)
    finish(summary, output, lang)
