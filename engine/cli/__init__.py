"""The hjemmel command line: parse arguments, call the library, print.

One module per command (group); ``common`` holds what they share.

Results go to stdout, diagnostics to stderr. Exit codes: 0 ok, 1 data errors or failed
cases, 2 usage errors.
"""

from __future__ import annotations

from pathlib import Path

import click
from hjemmel import __version__
from hjemmel.cli.assess import assess
from hjemmel.cli.batch import batch
from hjemmel.cli.case import new_case, schema
from hjemmel.cli.explain import explain
from hjemmel.cli.impact import impact
from hjemmel.cli.interview import interview
from hjemmel.cli.mcp import mcp
from hjemmel.cli.rules import rules
from hjemmel.cli.serve import serve
from hjemmel.cli.timeline import timeline
from hjemmel.cli.verify import verify
from hjemmel.errors import HjemmelError
from hjemmel.rulebase.loading import load_rules


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo(f"hjemmel {__version__}")
    try:
        rules = load_rules(ctx.params.get("rules_dir"))
        click.echo(f"rule base {rules.version} ({rules.digest}), {len(rules.rules)} rules")
    except HjemmelError as exc:
        click.echo(f"rule base: cannot be loaded ({exc.message})")
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--version", is_flag=True, expose_value=False, is_eager=False, callback=_show_version, help="Show the program and rule-base versions and exit.")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path), help="Use the rule base in this folder instead of the bundled one.")
@click.pass_context
def main(ctx: click.Context, rules_dir: Path | None) -> None:
    """hjemmel: which public bodies must act in a housing-social case, under which law, and why.

    \b
    Example:
      hjemmel assess cases/ettervern-19-ar-2024.yaml
    """
    ctx.ensure_object(dict)["rules_dir"] = rules_dir


for command in (assess, batch, explain, impact, interview, mcp, new_case, rules, schema, serve, timeline, verify):
    main.add_command(command)
