"""``hjemmel rules …``: inspect and check the rule base."""

from __future__ import annotations

import datetime as dt
import difflib
import sys

import click
from hjemmel.cli.common import DATE, fail, rule_base
from hjemmel.errors import HjemmelError
from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.loading import load_rules


@click.group()
def rules() -> None:
    """Inspect the rule base."""


def _law_names(base: RuleBase) -> dict[str, str]:
    """Every name ``--law`` accepts, lower-cased, to the law id: the id itself, the short
    name that starts its rule ids (``sotjl`` in ``sotjl.27``) and its short titles."""
    names: dict[str, str] = {}
    for law in base.laws.values():
        for name in (law.id, law.short.nb, law.short.en):
            names.setdefault(name.lower(), law.id)
    for rule in base.rules:
        names.setdefault(rule.id.split(".", 1)[0].lower(), rule.law)
    return names


def _resolve_law(base: RuleBase, name: str) -> str:
    names = _law_names(base)
    law = names.get(name.strip().lower())
    if law is None:
        short = sorted({rule.id.split(".", 1)[0] for rule in base.rules})
        close = difflib.get_close_matches(name.lower(), list(names), n=3)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise click.BadParameter(f"no law {name!r}.{hint} Give a law id (see rules/laws.yaml) or a rule-id prefix: {', '.join(short)}.", param_hint="--law")
    return law


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
    law_id = _resolve_law(base, law) if law is not None else None
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
    file, line = base.locations[rule.id]
    data = rule.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
    data = {"id": rule.id, "law": rule.law, **data}
    click.echo(f"# {file}:{line}")
    click.echo(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), nl=False)


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
    for rules that contradict each other on the same facts without a declared override.

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


@rules.command("coverage")
@click.pass_context
def rules_coverage(ctx: click.Context) -> None:
    """Show every actor and law named in the source document, the rules that cover it and
    the provisions deliberately left out (with the reason). Exits 1 if anything named in the
    source is neither covered nor explicitly left out.

    \b
    Example:
      hjemmel rules coverage
    """
    from hjemmel.rulebase.coverage import coverage, problems

    base = rule_base(ctx)
    report = coverage(base)
    for kind, heading in (("actor", "AKTØRER / ACTORS"), ("law", "LOVER OG ORDNINGER / LAWS AND SCHEMES")):
        click.echo(heading)
        for item in (c for c in report if c.item.kind == kind):
            status = "left out" if item.item.left_out else ("covered" if not item.problems else "MISSING")
            ids = ", ".join(item.item.ids) or "-"
            click.echo(f"\n  {item.item.name}  [{status}]  ({ids})")
            if item.item.left_out:
                click.echo(f"    reason: {item.item.left_out}")
            for rule in item.rules:
                start = rule.in_force.start.isoformat() if rule.in_force.start else "…"
                until = rule.in_force.until.isoformat() if rule.in_force.until else "…"
                flag = "" if rule.source.status == "confirmed" else f" [{rule.source.status}]"
                system = " [system]" if rule.system else ""
                appeal = " [appeal body]" if kind == "actor" and rule.actor not in item.item.ids else ""
                where = f"{rule.law} § {rule.section}"
                click.echo(f"    {rule.id:<40} {where:<46} {rule.kind:<14} {start} – {until}{system}{appeal}{flag}")
            for rule in item.omitted:
                click.echo(f"    not encoded: {rule.id} (§ {rule.section}): {rule.reason_not_encoded}")
            for problem in item.problems:
                click.echo(f"    PROBLEM: {problem}")
        click.echo("")
    found = problems(report)
    covered = sum(1 for c in report if c.rules and not c.item.left_out)
    left_out = sum(1 for c in report if c.item.left_out)
    click.echo(f"{len(report)} named in the source: {covered} covered, {left_out} left out, {len(found)} problem(s)", err=True)
    sys.exit(1 if found else 0)
