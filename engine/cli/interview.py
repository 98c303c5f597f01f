"""``hjemmel interview``: build a case by answering only the questions that matter.

The choice of question is ``hjemmel.interview``; this module only asks, prints and saves.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click
import yaml
from hjemmel.assessment import Finding
from hjemmel.cases.facts import catalogue
from hjemmel.cases.inputs import load_case
from hjemmel.cases.loading import parse_case
from hjemmel.cli.common import DATE, LANGS, fail, rule_base
from hjemmel.cli.paths import refuse_overlap
from hjemmel.errors import CaseFileError, HjemmelError
from hjemmel.evaluator import Evaluator
from hjemmel.files import atomic_write_text
from hjemmel.interview import AnswerError, Question, flat_facts, is_stop, municipality_echo, next_question, parse_answer, state, with_answer
from hjemmel.messages import translate
from hjemmel.rulebase.base import RuleBase
from hjemmel.safe_text import shown as shown_text


@click.command()
@click.argument("case_file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--date", "on", type=DATE, help="Assessment date (else the case's assessment_date, else asked).")
@click.option("--lang", type=LANGS, default="nb", show_default=True, help="Language of the questions: bokmål, nynorsk or English.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Write the completed case file (YAML) here.")
@click.pass_context
def interview(ctx: click.Context, case_file: Path | None, on: dt.date | None, lang: str, output: Path) -> None:
    """Ask, one at a time, only the questions whose answers can change the result.

    Starts from CASE_FILE (or an empty case), shows the findings as they firm up and saves
    the completed case. The most decisive question comes first, with what its answer could
    give. Answer ja/nei (yes/no), a date YYYY-MM-DD, a number, or a choice by name or number;
    an empty answer means "don't know" and is not asked again; "ferdig" (done) ends the
    interview and saves. Answers may be piped on stdin; if they run out before the interview
    is done, the answers so far are saved and the exit code is 1.

    \b
    Example:
      printf 'ja\\nja\\nferdig\\n' | hjemmel interview cases/ettervern-samtykke-ukjent-2025.yaml -o sak.yaml
    """
    from hjemmel.reports.i18n import INTERVIEW, VALUES, format_date

    t = INTERVIEW[lang]
    if case_file is not None:
        refuse_overlap([case_file], files=[("--output", output)])
    rules = rule_base(ctx)
    data: dict[str, Any] = {}
    if case_file is not None:
        try:
            data = _case_dict(load_case(case_file).model_dump(mode="python", exclude_none=True, exclude={"expected"}))
        except HjemmelError as exc:
            fail(exc, lang)
    day = on or data.get("assessment_date") or _ask_date(t["date_prompt"])
    data["id"] = data.get("id") or f"intervju-{day:%Y%m%d}"
    data["assessment_date"] = day
    try:
        flat_facts(data, day)
    except CaseFileError as exc:
        fail(exc, lang)
    evaluator = Evaluator(rules)
    click.echo(click.wrap_text(t["intro"].format(case_id=data["id"], date=format_date(day, lang))))
    shown = _findings(evaluator, data, day, lang)
    _show_changes(t, [], shown)
    skipped: set[str] = set()
    asked = 0
    finished = True
    try:
        while (question := next_question(rules, data, day, skipped, lang)) is not None:
            asked += 1
            _show_question(t, rules, question, asked, lang, VALUES)
            raw = ""
            while True:
                raw = click.prompt(t["answer"], default="", show_default=False, prompt_suffix=": ")
                if is_stop(raw):
                    break
                try:
                    value = parse_answer(question, raw, lang)
                    if value is None:
                        skipped.add(question.fact)
                        click.echo(f"  {t['dont_know']}")
                        break
                    candidate = with_answer(data, question.fact, value)
                    flat_facts(candidate, day)
                except AnswerError as exc:
                    click.echo(t["invalid"].format(message=exc), err=True)
                    continue
                except CaseFileError as exc:
                    click.echo(t["contradiction"].format(message="; ".join(translate(p.message, lang) for p in exc.problems)), err=True)
                    continue
                data = candidate
                shown_value = raw.strip().lower() if question.inverted else _display(value, lang, VALUES)
                if (info := catalogue().get(question.fact)) is not None and info.kind == "municipality" and isinstance(value, str):
                    shown_value, _ = municipality_echo(rules, value, day, lang)  # "4601 Bergen", or a warning
                click.echo(f"  {t['recorded'].format(value=shown_value)}")
                now = _findings(evaluator, data, day, lang)
                if not _show_changes(t, shown, now):
                    click.echo("  " + t["no_change"].format(open=len(state(rules, data, day, skipped).open)))
                shown = now
                break
            if is_stop(raw):
                click.echo(t["ended"])
                break
        else:
            click.echo(t["done"])
    except click.Abort:
        finished = False
        click.echo("")
        click.echo(t["stopped"], err=True)
    click.echo("")
    click.echo(t["result"].upper())
    for finding in shown:
        click.echo(f"  {finding.actor_name}: {finding.title} ({finding.legal_basis})")
    if not shown:
        click.echo(f"  {t['nothing']}")
    try:
        atomic_write_text(output, yaml.safe_dump(_ordered(data), allow_unicode=True, sort_keys=False))
    except HjemmelError as exc:
        fail(exc, lang)
    click.echo(t["saved"].format(path=shown_text(str(output))), err=True)
    if not finished:
        ctx.exit(1)


def _ask_date(prompt: str) -> dt.date:
    raw = click.prompt(prompt, default="", show_default=False, type=str)
    return DATE.convert(raw, None, None) if raw.strip() else dt.date.today()


def _case_dict(dumped: dict[str, Any]) -> dict[str, Any]:
    """A case as written in a case file: no empty sections."""
    return {k: v for k, v in dumped.items() if v not in ({}, None)}


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    """id and date first, then the sections in the order of the case-file contract."""
    from hjemmel.cases.model import SECTIONS

    out: dict[str, Any] = {"id": data["id"], "assessment_date": data["assessment_date"]}
    for section in SECTIONS:
        if data.get(section):
            out[section] = data[section]
    return out


def _findings(evaluator: Evaluator, data: dict[str, Any], day: dt.date, lang: str) -> list[Finding]:
    return list(evaluator.assess(parse_case(data), on=day, lang=lang).findings)


def _show_changes(t: dict[str, str], before: list[Finding], after: list[Finding]) -> bool:
    old = {f.rule for f in before}
    new = {f.rule for f in after}
    for finding in after:
        if finding.rule not in old:
            click.echo("  " + t["added"].format(actor=finding.actor_name, title=finding.title, basis=finding.legal_basis))
    for finding in before:
        if finding.rule not in new:
            click.echo("  " + t["removed"].format(actor=finding.actor_name, title=finding.title, basis=finding.legal_basis))
    return old != new


def _show_question(t: dict[str, str], rules: RuleBase, q: Question, n: int, lang: str, values: dict[str, dict[str, str]]) -> None:
    click.echo("")
    click.echo(f"{t['question'].format(n=n)}: {q.text}")
    if q.could_add:
        click.echo(f"  ({t['could_add']}: {_titles(rules, q.could_add, lang, t)})")
    if q.could_remove:
        click.echo(f"  ({t['could_remove']}: {_titles(rules, q.could_remove, lang, t)})")
    names = values[lang]
    for i, choice in enumerate(q.choices, 1):
        click.echo(f"  {i}) {choice} – {names.get(choice, choice)}")


def _titles(rules: RuleBase, ids: tuple[str, ...], lang: str, t: dict[str, str], shown: int = 3) -> str:
    """The first few rule titles (the most binding kinds first) and how many more."""
    from hjemmel.explain.ranking import KIND_WEIGHT

    weights: dict[str, int] = {kind: weight for kind, weight in KIND_WEIGHT.items()}
    ordered = sorted(ids, key=lambda r: (-weights.get(rules.rule(r).kind, 0), r))
    titles = list(dict.fromkeys(rules.rule(r).title.get(lang) for r in ordered))
    text = "; ".join(titles[:shown])
    return text + (" " + t["and_more"].format(n=len(titles) - shown) if len(titles) > shown else "")


def _display(value: object, lang: str, values: dict[str, dict[str, str]]) -> str:
    if isinstance(value, bool):
        return ("yes" if value else "no") if lang == "en" else ("ja" if value else "nei")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        name = values[lang].get(value)
        return f"{value} ({name})" if name else value
    return str(value)
