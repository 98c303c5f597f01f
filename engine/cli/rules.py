"""``hjemmel rules …``: inspect and check the rule base."""

from __future__ import annotations

import datetime as dt
import difflib
import sys

import click
from hjemmel.cli.common import DATE, fail, rule_base
from hjemmel.cli.rules_reports import resolve_law, rules_coverage, rules_sources
from hjemmel.errors import HjemmelError
from hjemmel.rulebase.loading import load_rules


@click.group()
def rules() -> None:
    """Inspect the rule base."""


@rules.command("list")
@click.option("--date", "on", type=DATE, help="Only rules in force on this date.")
@click.option("--law", help="Only rules of this law: its id (sosialtjenesteloven), the short name its rule ids start with (sotjl) or its short title.")
@click.pass_context
def rules_list(ctx: click.Context, on: dt.date | None, law: str | None) -> None:
    """List the rules: id, actor, law, section, kind, validity.

    \b
    Example:
      hjemmel rules list --date 2024-01-01 --law sotjl
    """
    base = rule_base(ctx)
    law_id = resolve_law(base, law) if law is not None else None
    rows = [("RULE", "ACTOR", "LAW", "§", "KIND", "IN FORCE", "NOTE")]
    for rule in base.rules:
        if on is not None and not (rule.encoded and rule.in_force.contains(on)):
            continue
        if law_id is not None and rule.law != law_id:
            continue
        start = rule.in_force.start.isoformat() if rule.in_force.start else "…"
        until = rule.in_force.until.isoformat() if rule.in_force.until else "…"
        flags = " ".join(flag for flag, on_ in (("not encoded", not rule.encoded), ("system", rule.system)) if on_)
        rows.append((rule.id, rule.actor or "-", rule.law, rule.section, rule.kind, f"{start} – {until}", flags))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]) - 1)]
    for row in rows:
        line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths))
        click.echo(f"{line}  {row[-1]}".rstrip())
    if len(rows) == 1:
        click.echo("no rule matches", err=True)


@rules.command("show")
@click.argument("rule_id")
@click.pass_context
def rules_show(ctx: click.Context, rule_id: str) -> None:
    """Show one rule in full, with its legal source.

    \b
    Example:
      hjemmel rules show sotjl.27
    """
    import yaml

    base = rule_base(ctx)
    rule = base.get(rule_id)
    if rule is None:
        close = difflib.get_close_matches(rule_id, [r.id for r in base.rules], n=3)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        click.echo(f"No rule '{rule_id}'.{hint}", err=True)
        sys.exit(1)
    from hjemmel.rulebase.official import ATTRIBUTION
    from hjemmel.rulebase.quotes import rule_document

    file, line = base.locations[rule.id]
    data = rule_document(base, rule)
    click.echo(f"# {file}:{line}")
    click.echo(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), nl=False)
    if "official_text" in data:
        click.echo(f"# Statute text from Lovdata's open data set of current laws and regulations. {ATTRIBUTION}.")
    elif rule.text:
        click.echo("# Statute text read from the sources in source.evidence (no official text in the data set for this instrument).")


@rules.command("schema")
def rules_schema() -> None:
    """Print the JSON Schema of a rule file (for editor completion and checks).

    \b
    Example:
      hjemmel rules schema > rule-file.schema.json
    """
    import json

    click.echo(json.dumps(rule_file_schema(), ensure_ascii=False, indent=2))


def rule_file_schema() -> dict[str, object]:
    """The JSON Schema of ``rules/*.yaml`` as a lawyer writes them (a rule's ``law`` defaults to the file's)."""
    from hjemmel.rulebase.model import RuleFile

    schema: dict[str, object] = {"$schema": "https://json-schema.org/draft/2020-12/schema", **RuleFile.model_json_schema(by_alias=True)}
    schema["title"] = "hjemmel rule file"
    rule = schema["$defs"]["Rule"]  # type: ignore[index]
    rule["required"] = [name for name in rule["required"] if name != "law"]
    return schema


@rules.command("lint")
@click.pass_context
def rules_lint(ctx: click.Context) -> None:
    """Check the rule base and print every problem with file, line and rule id.

    Besides the checks made on every load (unknown facts and values, laws and actors,
    periods, overlapping versions, sources), it searches for rules that can never fire and
    for rules that contradict each other on the same facts without a declared override, and
    checks every fact's declaration in engine/cases/facts.yaml: each entry is a case field
    with a kind (type) or a computed fact, has a label and a question in nb, nn and en, a
    valid example, and for a date what it does in time; and the case model generated from it
    (engine/cases/sections.py, by make docs) is up to date.

    \b
    Example:
      hjemmel rules lint
    """
    from hjemmel.rulebase.lint import lint

    try:
        settings = ctx.find_object(dict) or {}
        base = load_rules(settings.get("rules_dir"), strict=False)
    except HjemmelError as exc:
        fail(exc)
    problems = lint(base)
    for problem in problems:
        click.echo(problem.format())
    count = len(problems)
    click.echo(f"{len(base.rules)} rules, {count} problem(s)", err=True)
    sys.exit(1 if count else 0)


rules.add_command(rules_sources)
rules.add_command(rules_coverage)
