"""``hjemmel impact``: what moving from one date to another does to many cases, one JSON line each."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from hjemmel.batch.impact import Question
from hjemmel.cli.common import DATE, LANGS, fail, rule_base
from hjemmel.cli.running import end_progress, findings_options, finish, full_option, opened, run_options, say, summary_suffix, tell_counts
from hjemmel.errors import HjemmelError, OutputError
from hjemmel.evaluator import Evaluator
from hjemmel.rulebase.base import RuleBase
from hjemmel.safe_text import shown


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--from", "start", type=DATE, help="The same person on two dates: findings on this date are compared …")
@click.option("--to", "end", type=DATE, help="… with the findings on this date.")
@click.option("--law-from", "law_from", type=DATE, help="The same facts under two laws: the law in force on this date …")
@click.option("--law-to", "law_to", type=DATE, help="… against the law in force on this date.")
@click.option(
    "--reform", type=click.Path(file_okay=False, path_type=Path), help="The law in force against it with this folder of rule files laid over it (a proposal)."
)
@click.option("--date", "on", type=DATE, help="With --law-from/--law-to or --reform: the day of the facts (default: each case's assessment date).")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, allow_dash=True), help="JSON Lines file for the results ('-' for stdout).")
@click.option("--lang", type=LANGS, default="nb", show_default=True, help="Language of the summary and the terminal lines: nb, nn or en.")
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
    start: dt.date | None,
    end: dt.date | None,
    law_from: dt.date | None,
    law_to: dt.date | None,
    reform: Path | None,
    on: dt.date | None,
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
    """Which findings each case gains and loses: between two dates, two laws, or under a reform.

    Three questions, one at a time: --from/--to (the same person on two dates: law and
    time both move), --law-from/--law-to (the same facts on one day under the law in force
    on each date: what a law change does to today's caseload) and --reform DIR (the law in
    force against the same law with a proposed change: a folder of rule files whose rules
    replace those with the same id, add new ones, and remove those in `repeal: [ids]`). The
    reform is checked like the rule base before any case is read.

    Reads cases as `batch` does and writes one JSON line per case, in input order:
    {"case_id", "source", "compare": "dates" | "law" | "reform", "from", "to" (or "date"
    and "reform"), "gained": [finding], "lost": [finding], "unchanged": n}, each finding
    as `batch` writes it (with --full, as `batch --full`), or an error record. The summary
    counts the cases that gain and lose findings per actor, law and section, and lists the
    law changes (or the reform's rules) that caused them. Exit codes as for `batch`.

    \b
    Example:
      hjemmel impact cases/bostedslos-2025.yaml cases/utkastelse-2024.yaml --from 2023-01-01 --to 2023-07-01 -o impact.jsonl --summary impact.html
      hjemmel impact cases/vanskeligstilt-2023-07-01.yaml --law-from 2023-06-30 --law-to 2023-07-01 -o law.jsonl
    """
    from hjemmel import __version__
    from hjemmel.batch.impact import ImpactJob, ImpactSummary
    from hjemmel.batch.outputs import OutputOptions, RunOptions

    summary_suffix(summary_path)
    question = _question(start, end, law_from, law_to, reform, on)
    rules = rule_base(ctx)
    evaluator = Evaluator(rules)
    changes = _reform_changes(rules, reform) if reform is not None else ()
    first, second = (start, end) if question == "dates" else (law_from, law_to)
    findings = csv_dialect if findings_path is not None else None
    reform_dir = str(reform.resolve()) if reform is not None else None
    job = ImpactJob(start=first, end=second, lang=lang, table=findings, full=full, question=question, on=on, reform=reform_dir)
    name = reform.name if reform is not None else None
    counted = ImpactSummary(start=first, end=second, reform=name, reform_changes=changes, question=question)
    options: dict[str, object] = {
        "command": "impact",
        "version": __version__,
        "rules": rules.digest,
        "compare": question,
        "from": str(first),
        "to": str(second),
    }
    options |= {"date": str(on), "reform": reform_dir, "lang": lang, "findings": findings, "full": full}
    results = None if output == "-" else Path(output)
    where = OutputOptions(results, findings_path, summary_path, csv_dialect=csv_dialect)
    with opened(RunOptions(tuple(inputs), resume=resume, impact=True, record=options), where) as outputs:
        how = run_options(outputs, workers, quiet, lang)
        summary = outputs.run(evaluator, job, summary=counted, **how)
        end_progress(quiet)
        tell_counts(summary, output, how["workers"], verb="compared", lang=lang)
        say(
            f"  {counted.changed:,} cases changed: {counted.findings_gained:,} findings gained, {counted.findings_lost:,} lost"
            f" ({counted.once:,} cases evaluated once: same outcome proved)",
            lang,
        )
        if summary_path is not None:
            from hjemmel.batch.impact_summary import write_impact_summary

            try:
                outputs.write_summary(lambda path: write_impact_summary(counted, path, rules, lang))
            except OutputError:
                raise  # as any output's
            except HjemmelError as exc:
                fail(exc)
            say(f"  summary: {shown(str(summary_path))}", lang)
    finish(summary, output, lang)


def _question(
    start: dt.date | None, end: dt.date | None, law_from: dt.date | None, law_to: dt.date | None, reform: Path | None, on: dt.date | None
) -> Question:
    """Which of the three questions the options ask (a usage error unless exactly one, whole)."""
    options: tuple[tuple[Question, object], ...] = (("dates", start or end), ("law", law_from or law_to), ("reform", reform))
    asked = [name for name, given in options if given]
    if len(asked) != 1:
        raise click.UsageError("give one question: --from and --to, or --law-from and --law-to, or --reform DIR" + (" (not several)" if asked else ""))
    if asked == ["dates"] and (start is None or end is None):
        raise click.UsageError("--from and --to go together")
    if asked == ["law"] and (law_from is None or law_to is None):
        raise click.UsageError("--law-from and --law-to go together")
    if asked == ["dates"] and on is not None:
        raise click.UsageError("--date is for --law-from/--law-to and --reform (with --from/--to the dates are the two days)")
    return asked[0]


def _reform_changes(rules: RuleBase, reform: Path) -> tuple[tuple[str, str], ...]:
    """The reform checked before any case is read: located problems and exit 2, else its changes."""
    from hjemmel.batch.impact import check_reform

    try:
        return check_reform(rules, reform)
    except HjemmelError as exc:
        click.echo(exc.format(), err=True)
        sys.exit(2)
