"""``hjemmel explain``: why a rule does or does not apply to a case on a date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import click
from hjemmel.cases.inputs import load_case
from hjemmel.cli.common import DATE, LANGS, fail, rule_base
from hjemmel.errors import HjemmelError
from hjemmel.evaluator import Evaluator

if TYPE_CHECKING:
    from hjemmel.assessment import ConditionCheckData
    from hjemmel.explain.rule_explanation import RuleExplanation


@click.command()
@click.argument("case_file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("rule_id")
@click.option("--date", "on", type=DATE, help="Assessment date (overrides the case's assessment_date).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=LANGS, default="nb", show_default=True, help="Language: bokmål (nb), nynorsk (nn) or English (en).")
@click.pass_context
def explain(ctx: click.Context, case_file: Path, rule_id: str, on: dt.date | None, fmt: str, lang: str) -> None:
    """Say whether one rule applies to a case, condition by condition.

    For each condition of the rule: the fact, the test, the case's value and whether it
    holds (yes, no, or unknown), with what the rule needs ("alder: under 25 (fylte 25 år
    01.09.2024)"). Rule ids are listed by `hjemmel rules list`.

    \b
    Example:
      hjemmel explain cases/ettervern-19-ar-2024.yaml bvl.3-6.ettervern --date 2030-01-01
    """
    from hjemmel.explain.rule_explanation import explain_rule
    from hjemmel.rulebase.checks import suggest

    rules = rule_base(ctx)
    if rules.get(rule_id) is None:
        raise click.BadParameter(f"no rule '{rule_id}'{suggest(rule_id, (r.id for r in rules.rules))}", param_hint="RULE_ID")
    try:
        case = load_case(case_file)
        day = on or case.assessment_date or dt.date.today()
        context = Evaluator(rules).context(case, day, lang=lang, source=str(case_file))
    except HjemmelError as exc:
        fail(exc, lang)
    result = explain_rule(context, rule_id)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(as_text(result, lang))


def as_text(result: RuleExplanation, lang: str) -> str:
    """The explanation as lines a caseworker reads."""
    from hjemmel.reports.i18n import EXPLAIN, format_date

    t = EXPLAIN[lang]
    day = format_date(result["date"], lang)
    key = {True: "applies", False: "does_not_apply", None: "undecided"}[result["applies"]]
    lines = [click.wrap_text(t[key].format(title=result["title"], basis=result["legal_basis"], date=day), 88)]
    if result["system"]:
        lines.append(t["system"])
    elif not result["encoded"]:
        lines.append(click.wrap_text(t["not_encoded"].format(reason=result["reason_not_encoded"]), 88))
    elif not result["in_force"]:
        period = " ".join(
            part
            for part in (
                t["from"].format(day=format_date(result["in_force_from"], lang)) if result["in_force_from"] else "",
                t["until"].format(day=format_date(result["in_force_until"], lang)) if result["in_force_until"] else "",
            )
            if part
        )
        lines.append(t["not_in_force"].format(period=period))
    if result["set_aside_by"]:
        lines.append(t["set_aside"].format(title=result["set_aside_by_title"], rule=result["set_aside_by"]))
    if result["responsible_municipality"]:
        name = result["responsible_municipality_name"]
        lines.append(f"{t['responsible_municipality']}: {result['responsible_municipality']}" + (f" {name}" if name else ""))
    if result["conditions"]:
        lines += ["", t["conditions"] + ":"]
        for condition in result["conditions"]:
            lines += _condition_lines(condition, lang, t, 1)
    elif not result["system"]:
        lines.append(t["no_condition"])
    if result["missing"]:
        from hjemmel.reports.renderer import fact_label

        lines += ["", click.wrap_text(t["missing"].format(facts="; ".join(fact_label(f, lang) for f in result["missing"])), 88)]
    if result["statute_text"]:
        lines += ["", t["statute_words"] + ":"]
        for quote in result["statute_text"]:
            lines.append(click.wrap_text(f"«{quote['quote']}»", 88, initial_indent="  ", subsequent_indent="   "))
            where = quote["citation"]
            if quote["ref_id"]:
                where += f" ({t['official_text'].format(ref_id=quote['ref_id'], date=quote['as_of'])})"
            lines.append(click.wrap_text(f"— {where}", 88, initial_indent="    ", subsequent_indent="      "))
        if any(q["ref_id"] for q in result["statute_text"]):
            lines += ["", click.wrap_text(t["nlod"], 88)]
    return "\n".join(lines)


def _condition_lines(c: ConditionCheckData, lang: str, t: dict[str, str], depth: int) -> list[str]:
    from hjemmel.cases.facts import catalogue
    from hjemmel.reports.i18n import format_value

    mark = {True: f"✓ {t['holds']}", False: f"✗ {t['fails']}", None: f"? {t['unknown']}"}[c["holds"]]
    text = c["text"]
    if c["fact"] is not None:
        info = catalogue().get(c["fact"])
        value = t["unknown"] if c["value"] is None else format_value(c["value"], lang, is_date=bool(info and info.is_date))
        text += f" — {t['in_case']}: {value}"
    pad = "  " * depth
    out = [click.wrap_text(f"{mark}: {text}", 88, initial_indent=pad, subsequent_indent=pad + "    ")]
    if c["derived"] is not None or (c["fact"] is None and c["parts"]):
        for part in c["parts"]:
            out += _condition_lines(part, lang, t, depth + 1)
    return out
