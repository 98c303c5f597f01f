"""``hjemmel impact``: what moving from one date to another does to many cases, one JSON line each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from hjemmel.cli.common import DATE, LANGS, fail, rule_base
from hjemmel.cli.running import end_progress, findings_options, finish, full_option, opened, run_options, summary_suffix, tell_counts
from hjemmel.errors import HjemmelError, OutputError
from hjemmel.evaluator import Evaluator


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--from", "start", type=DATE, required=True, help="The first date: findings on this date are compared …")
@click.option("--to", "end", type=DATE, required=True, help="… with the findings on this date.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, allow_dash=True), help="JSON Lines file for the results ('-' for stdout).")
@click.option("--lang", type=LANGS, default="nb", show_default=True)
@click.option("--workers", "-j", type=click.IntRange(1, 256), default=None, help="Worker processes (default: the number of cores).")
@click.option("--resume", is_flag=True, help="Continue an interrupted run: keep the complete lines in --output and go on after them.")
@click.option("--quiet", "-q", is_flag=True, help="No progress display.")
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False, path_type=Path), help="Also write a summary (.html with a chart, or .csv).")
@findings_options
@full_option
@click.pass_context
def impact(
    ctx: click.Context,
    inputs: tuple[str, ...],
    start: dt.date,
    end: dt.date,
    output: str,
    lang: str,
    workers: int | None,
    resume: bool,
    quiet: bool,
    summary_path: Path | None,
    findings_path: Path | None,
    csv_dialect: str,
    full: bool,
) -> None:
    """Which findings each case gains and loses between two dates (a law change, time passing).

    Reads cases as `batch` does and writes one JSON line per case, in input order:
    {"case_id", "source", "from", "to", "gained": [finding], "lost": [finding],
    "unchanged": n}, each finding as `batch --date` writes it on that date (with --full,
    as `batch --full`), or an error
    record. The summary counts the cases that gain and lose findings per actor, law and
    section, and lists the law changes between the dates that caused them. Exit codes as
    for `batch`.

    \b
    Example:
      hjemmel impact cases/bostedslos-2025.yaml cases/utkastelse-2024.yaml --from 2023-01-01 --to 2023-07-01 -o impact.jsonl --summary impact.html
    """
    from hjemmel import __version__
    from hjemmel.batch.impact import ImpactJob, ImpactSummary
    from hjemmel.batch.outputs import OutputOptions, RunOptions

    summary_suffix(summary_path)
    rules = rule_base(ctx)
    evaluator = Evaluator(rules)
    findings = csv_dialect if findings_path is not None else None
    job = ImpactJob(start=start, end=end, lang=lang, table=findings, full=full)
    counted = ImpactSummary(start=start, end=end)
    options: dict[str, object] = {"command": "impact", "version": __version__, "rules": rules.digest, "from": str(start), "to": str(end), "lang": lang}
    options |= {"findings": findings, "full": full}
    results = None if output == "-" else Path(output)
    where = OutputOptions(results, findings_path, summary_path, csv_dialect=csv_dialect)
    with opened(RunOptions(tuple(inputs), resume=resume, impact=True, record=options), where) as outputs:
        how = run_options(outputs, workers, quiet)
        summary = outputs.run(evaluator, job, summary=counted, **how)
        end_progress(quiet)
        tell_counts(summary, output, how["workers"], verb="compared")
        click.echo(
            f"  {counted.changed} cases changed: {counted.findings_gained} findings gained, {counted.findings_lost} lost"
            f" ({counted.once} cases evaluated once: same outcome proved)",
            err=True,
        )
        if summary_path is not None:
            from hjemmel.batch.impact_summary import write_impact_summary

            try:
                outputs.write_summary(lambda path: write_impact_summary(counted, path, rules, lang))
            except OutputError:
                raise  # as any output's
            except HjemmelError as exc:
                fail(exc)
            click.echo(f"  summary: {summary_path}", err=True)
    finish(summary, output)
