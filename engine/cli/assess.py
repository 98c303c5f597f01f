"""``hjemmel assess``: one case file, one report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from hjemmel import collector
from hjemmel.assessment import Assessment, contract_text
from hjemmel.cases.inputs import load_case
from hjemmel.cli.common import DATE, LANGS, fail, rule_base
from hjemmel.cli.paths import refuse_overlap
from hjemmel.errors import HjemmelError
from hjemmel.evaluator import Evaluator
from hjemmel.files import atomic_write_text
from hjemmel.safe_text import shown


@click.command()
@click.argument("case_file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--date", "on", type=DATE, help="Assessment date (overrides the case's assessment_date).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "html", "json"]), default="text", show_default=True)
@click.option("--lang", type=LANGS, default="nb", show_default=True, help="Report language: bokmål (nb), nynorsk (nn) or English (en).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to this file instead of stdout.")
@click.option("--system-duties", is_flag=True, help="Also list the municipality's standing (system) duties.")
@click.option("--show-national-id", is_flag=True, help="Print the national id unmasked (it is masked by default).")
@click.pass_context
def assess(
    ctx: click.Context,
    case_file: Path,
    on: dt.date | None,
    fmt: str,
    lang: str,
    output: Path | None,
    system_duties: bool,
    show_national_id: bool,
) -> None:
    """Assess one case file and print the report.

    \b
    Example:
      hjemmel assess cases/ettervern-19-ar-2024.yaml --date 2024-03-01 --format html -o rapport.html
    """
    with collector.setting_up():  # (not for --format json, which needs no report templates)
        from hjemmel.reports import render

    refuse_overlap([case_file], files=[("--output", output)])
    rules = rule_base(ctx)
    try:
        case = load_case(case_file)
        data = Evaluator(rules).assess_data(case, on=on, lang=lang, system_duties=system_duties, source=str(case_file), show_national_id=show_national_id)
    except HjemmelError as exc:
        fail(exc, lang)
    # JSON straight from the plain data (the same bytes as the model's, a test checks); the
    # reports read the validated model.
    text = contract_text(data) if fmt == "json" else render(Assessment.model_validate(data), fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            atomic_write_text(output, text)
        except HjemmelError as exc:
            fail(exc, lang)
        click.echo(shown(str(output)), err=True)
