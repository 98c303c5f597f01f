"""``hjemmel timeline``: the dates in a period on which a case's findings change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from hjemmel.cases.inputs import load_case
from hjemmel.cli.common import DATE, LANGS, fail, rule_base
from hjemmel.errors import HjemmelError
from hjemmel.evaluator import Evaluator
from hjemmel.files import atomic_write_text


@click.command()
@click.argument("case_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "start", type=DATE, required=True, help="First day of the period.")
@click.option("--to", "end", type=DATE, required=True, help="Last day of the period.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "html", "json"]), default="text", show_default=True)
@click.option("--lang", type=LANGS, default="nb", show_default=True, help="Language: bokmål (nb), nynorsk (nn) or English (en).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the timeline to this file instead of stdout.")
@click.pass_context
def timeline(ctx: click.Context, case_file: Path, start: dt.date, end: dt.date, fmt: str, lang: str, output: Path | None) -> None:
    """List every date in a period on which the case's findings change.

    Law changes and the person's own dates (birthdays at age limits in the rules, release,
    discharge, eviction, months since a permit or in temporary accommodation), with the
    findings gained and lost on each date and the findings in force in each period. HTML
    draws the findings per actor as a timeline.

    \b
    Example:
      hjemmel timeline cases/ettervern-19-ar-2024.yaml --from 2024-03-01 --to 2030-12-31 --format html -o tidslinje.html
    """
    from hjemmel.reports.timeline_report import render_timeline
    from hjemmel.timeline import timeline as build

    if end < start:
        raise click.BadParameter(f"--to {end} is before --from {start}", param_hint="--to")
    rules = rule_base(ctx)
    try:
        case = load_case(case_file)
        data = build(Evaluator(rules), case, start, end, lang)
    except HjemmelError as exc:
        fail(exc, lang)
    text = render_timeline(data, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write_text(output, text)
        click.echo(f"{output}", err=True)
