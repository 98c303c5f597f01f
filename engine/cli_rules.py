"""``hjemmel rules …``: inspect and check the rule base."""

from __future__ import annotations

import datetime as dt
import sys

import click

from .cli import DATE, _fail, _rules
from .errors import HjemmelError
from .rule_loader import load_rules


@click.group()
def rules() -> None:
    """Inspect the rule base."""


@rules.command("list")
@click.option("--date", "on", type=DATE, help="Only rules in force on this date.")
@click.option("--law", help="Only rules of this law id.")
@click.pass_context
def rules_list(ctx: click.Context, on: dt.date | None, law: str | None) -> None:
    """List the rules: id, actor, law, section, kind, validity.

    \b
    Example:
      hjemmel rules list --date 2024-01-01 --law sosialtjenesteloven
    """
    base = _rules(ctx)
    for rule in base.rules:
        if on is not None and not (rule.encoded and rule.in_force.contains(on)):
            continue
        if law is not None and rule.law != law:
            continue
        start = rule.in_force.start.isoformat() if rule.in_force.start else "…"
        until = rule.in_force.until.isoformat() if rule.in_force.until else "…"
        flags = ("" if rule.encoded else " [not encoded]") + (" [system]" if rule.system else "")
        click.echo(f"{rule.id:<34} {rule.actor or '-':<22} {rule.law:<28} § {rule.section:<6} {rule.kind:<14} {start} – {until}{flags}")


@rules.command("show")
@click.argument("rule_id")
@click.pass_context
def rules_show(ctx: click.Context, rule_id: str) -> None:
    """Show one rule in full, with its legal source.

    \b
    Example:
      hjemmel rules show sotjl.27
    """
    import difflib

    import yaml

    base = _rules(ctx)
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


@rules.command("lint")
@click.pass_context
def rules_lint(ctx: click.Context) -> None:
    """Check the rule base and print every problem with file, line and rule id.

    \b
    Example:
      hjemmel rules lint
    """
    try:
        base = load_rules(ctx.find_object(dict).get("rules_dir") if ctx.find_object(dict) else None, strict=False)
    except HjemmelError as exc:
        _fail(exc)
    for problem in base.warnings:
        click.echo(problem.format())
    count = len(base.warnings)
    click.echo(f"{len(base.rules)} rules, {count} problem(s)", err=True)
    sys.exit(1 if count else 0)
