"""``hjemmel rules sources`` and ``hjemmel rules coverage``: the rule base against its sources."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import click
from hjemmel.cli.common import rule_base
from hjemmel.rulebase.base import RuleBase


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


def resolve_law(base: RuleBase, name: str) -> str:
    names = _law_names(base)
    law = names.get(name.strip().lower())
    if law is None:
        short = sorted({rule.id.split(".", 1)[0] for rule in base.rules})
        close = difflib.get_close_matches(name.lower(), list(names), n=3)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise click.BadParameter(f"no law {name!r}.{hint} Give a law id (see rules/laws.yaml) or a rule-id prefix: {', '.join(short)}.", param_hint="--law")
    return law


@click.command("sources")
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="A table, or JSON for scripts.")
@click.option("--law", help="Only this law's rules and act: its id, the short name its rule ids start with, or its short title.")
@click.pass_context
def rules_sources(ctx: click.Context, corpus: Path, fmt: str, law: str | None) -> None:
    """Compare every quote of the rule base with a newer copy of the official text.

    CORPUS is a folder with Lovdata's open data set of current laws and regulations as
    Markdown (lover/<slug>.md, forskrifter/<slug>.md), as a maintainer clones it. For each
    rule's quoted section it says unchanged, changed (with a short word diff), renumbered
    (with the new number) or gone, and which acts were changed after the rule base's excerpts
    were read. The folder is only read. Exits 0 when nothing changed, 1 when anything did,
    2 when the folder is missing or not in the data set's format.

    \b
    Example:
      hjemmel rules sources lovverk --law boligsosialloven
    """
    from hjemmel.rulebase.drift import CorpusError, compare
    from hjemmel.rulebase.official import ATTRIBUTION

    base = rule_base(ctx)
    law_id = resolve_law(base, law) if law is not None else None
    try:
        drift = compare(base, corpus, law_id)
    except CorpusError as exc:
        click.echo(exc.format(), err=True)
        sys.exit(2)
    if fmt == "json":
        import json
        from dataclasses import asdict

        payload = {
            "rules_version": base.version,
            "changed": drift.anything_changed,
            "acts": [asdict(a) for a in drift.acts],
            "quotes": [asdict(q) for q in drift.quotes],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        sys.exit(1 if drift.anything_changed else 0)
    click.echo(f"# {ATTRIBUTION}.")
    click.echo("ACTS")
    for act in drift.acts:
        if not act.present:
            state = "GONE from the data set (repealed or renamed?)"
        elif act.changed:
            state = f"CHANGED after the rule base's excerpt: last change in force {act.ours or 'none'} → {act.theirs or 'none'}"
        else:
            state = f"unchanged (last change in force {act.ours or 'none'})"
        click.echo(f"  {act.law:<34} {act.ref_id:<26} {state}")
    click.echo("QUOTES")
    for item in drift.quotes:
        detail = ""
        if item.status == "renumbered":
            detail = f" → § {item.new_section}" + ("" if item.quote_stands else " (the quote's words changed)")
        elif item.status == "changed":
            detail = (" (the quote still stands)" if item.quote_stands else " (the quote no longer stands)") + f": {item.diff}"
        click.echo(f"  {item.rule:<44} § {item.section} {item.paragraph:<24} {item.status}{detail}")
    counts = {status: sum(1 for q in drift.quotes if q.status == status) for status in ("unchanged", "changed", "renumbered", "gone")}
    acts = sum(1 for a in drift.acts if a.changed or not a.present)
    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    click.echo(f"{len(drift.quotes)} quoted section(s): {summary}; {acts} of {len(drift.acts)} act(s) changed", err=True)
    sys.exit(1 if drift.anything_changed else 0)


@click.command("coverage")
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
