"""What the commands share: option types, loading the rule base once, failing with a message."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any, NoReturn

import click
from hjemmel.errors import HjemmelError
from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.loading import load_rules

LANGS: click.Choice = click.Choice(["nb", "nn", "en"])  # type: ignore[type-arg]


class _Date(click.ParamType):  # type: ignore[type-arg]
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"expected a date as YYYY-MM-DD, got {value!r}", param, ctx)


DATE: click.ParamType = _Date()  # type: ignore[type-arg]


def fail(error: HjemmelError, lang: str = "en") -> NoReturn:
    """Print a library error (located problems) on stderr, in ``lang`` where its messages are
    of a known kind, and exit 1: never a traceback."""
    click.echo(error.format(lang), err=True)
    sys.exit(1)


def rule_base(ctx: click.Context) -> RuleBase:
    """The rule base of this invocation (``--rules`` or the bundled one), loaded once."""
    obj = ctx.ensure_object(dict)
    if "rules" not in obj:
        try:
            obj["rules"] = load_rules(obj.get("rules_dir"))
        except HjemmelError as exc:
            fail(exc)
    rules: RuleBase = obj["rules"]
    return rules
