"""The hjemmel command line: parse arguments, call the library, print.

Results go to stdout, diagnostics to stderr. Exit codes: 0 ok, 1 data errors or failed
cases, 2 usage errors.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__
from .case_loader import load_case
from .errors import HjemmelError
from .evaluator import Evaluator
from .files import atomic_write_text
from .rule_loader import RuleBase, load_rules

LANGS = click.Choice(["nb", "en"])


class _Date(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"expected a date as YYYY-MM-DD, got {value!r}", param, ctx)


DATE = _Date()


def _fail(error: HjemmelError) -> NoReturn:
    click.echo(error.format(), err=True)
    sys.exit(1)


def _rules(ctx: click.Context) -> RuleBase:
    obj = ctx.ensure_object(dict)
    if "rules" not in obj:
        try:
            obj["rules"] = load_rules(obj.get("rules_dir"))
        except HjemmelError as exc:
            _fail(exc)
    rules: RuleBase = obj["rules"]
    return rules


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="hjemmel", message="%(prog)s %(version)s")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path), help="Use the rule base in this folder instead of the bundled one.")
@click.pass_context
def main(ctx: click.Context, rules_dir: Path | None) -> None:
    """hjemmel: which public bodies must act in a housing-social case, under which law, and why.

    \b
    Example:
      hjemmel assess cases/ettervern-19-ar.yaml
    """
    ctx.ensure_object(dict)["rules_dir"] = rules_dir


@main.command()
@click.argument("case_file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--date", "on", type=DATE, help="Assessment date (overrides the case's assessment_date).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "html", "json"]), default="text", show_default=True)
@click.option("--lang", type=LANGS, default="nb", show_default=True, help="Report language: bokmål or English.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to this file instead of stdout.")
@click.option("--system-duties", is_flag=True, help="Also list the municipality's standing (system) duties.")
@click.pass_context
def assess(ctx: click.Context, case_file: Path, on: dt.date | None, fmt: str, lang: str, output: Path | None, system_duties: bool) -> None:
    """Assess one case file and print the report.

    \b
    Example:
      hjemmel assess cases/ettervern-19-ar.yaml --date 2024-03-01 --format html -o rapport.html
    """
    from reports import render

    rules = _rules(ctx)
    try:
        case = load_case(case_file)
        assessment = Evaluator(rules).assess(case, on=on, lang=lang, system_duties=system_duties, source=str(case_file))
    except HjemmelError as exc:
        _fail(exc)
    text = render(assessment, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write_text(output, text)
        click.echo(f"{output}", err=True)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, allow_dash=True), help="JSON Lines file for the results ('-' for stdout).")
@click.option("--date", "on", type=DATE, help="Assessment date for every case (overrides assessment_date).")
@click.option("--lang", type=LANGS, default="nb", show_default=True)
@click.option("--reports", "reports_dir", type=click.Path(file_okay=False, path_type=Path), help="Also write one report per case into this folder.")
@click.option("--format", "report_format", type=click.Choice(["html", "markdown", "text", "json"]), default="html", show_default=True, help="Format of the reports written with --reports.")
@click.pass_context
def batch(ctx: click.Context, inputs: tuple[Path, ...], output: str, on: dt.date | None, lang: str, reports_dir: Path | None, report_format: str) -> None:
    """Assess many cases: files, folders (recursively) and JSON Lines files.

    Writes one JSON line per case in input order: an assessment or an error record.
    Exits 0 when every case was assessed, 1 when any case failed.

    \b
    Example:
      hjemmel batch cases/ --output results.jsonl --reports rapporter/
    """
    from .batch import run_batch

    rules = _rules(ctx)
    evaluator = Evaluator(rules)
    if output == "-":
        summary = run_batch(inputs, sys.stdout, evaluator, on=on, lang=lang, reports_dir=reports_dir, report_format=report_format)
    else:
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as out:
            summary = run_batch(inputs, out, evaluator, on=on, lang=lang, reports_dir=reports_dir, report_format=report_format)
    click.echo(f"{summary.cases} cases: {summary.assessed} assessed, {summary.failed} failed", err=True)
    for kind, count in sorted(summary.errors.items()):
        click.echo(f"  {count} × {kind} error", err=True)
    if summary.actors:
        top = ", ".join(f"{actor} {count}" for actor, count in summary.actors.most_common(5))
        click.echo(f"  findings per actor: {top}", err=True)
    sys.exit(0 if summary.ok else 1)


from .cli_rules import rules  # noqa: E402  (command groups live in their own modules)

main.add_command(rules)
