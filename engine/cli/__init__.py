"""The hjemmel command line: parse arguments, call the library, print.

One module per command (group); ``common`` holds what they share. A command's module is
imported only when that command runs (``LazyGroup``): ``hjemmel assess`` does not pay for the
batch, interview, server and impact code, which is most of a start's imports.

Results go to stdout, diagnostics to stderr. Exit codes: 0 ok, 1 data errors or failed
cases, 2 usage errors.

Modules: ``assess``, ``batch``, ``explain``, ``impact``, ``interview``, ``mcp``, ``rules``,
``serve``, ``timeline``, ``verify`` (each its command); ``case`` (``schema`` and ``new-case``);
``rules_reports`` (``rules sources`` and ``rules coverage``); ``common`` (option types, the rule
base loaded once, failing with a message); ``running`` (what batch and impact share: options,
outputs, progress, exit codes); ``paths`` (outputs never over inputs, as a usage error);
``reference`` (the README's command reference from the help texts).
"""

from __future__ import annotations

import importlib
from pathlib import Path

import click
from hjemmel import __version__

# Each command: the module and the name it is defined under (imported when the command runs).
COMMANDS: dict[str, tuple[str, str]] = {
    "assess": ("hjemmel.cli.assess", "assess"),
    "batch": ("hjemmel.cli.batch", "batch"),
    "explain": ("hjemmel.cli.explain", "explain"),
    "impact": ("hjemmel.cli.impact", "impact"),
    "interview": ("hjemmel.cli.interview", "interview"),
    "mcp": ("hjemmel.cli.mcp", "mcp"),
    "new-case": ("hjemmel.cli.case", "new_case"),
    "rules": ("hjemmel.cli.rules", "rules"),
    "schema": ("hjemmel.cli.case", "schema"),
    "serve": ("hjemmel.cli.serve", "serve"),
    "timeline": ("hjemmel.cli.timeline", "timeline"),
    "verify": ("hjemmel.cli.verify", "verify"),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (``COMMANDS``); help lists them all."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        from hjemmel.cli.common import ctrl_c_deferred

        module_name, attribute = COMMANDS[cmd_name]
        with ctrl_c_deferred():  # (the import builds pydantic validators: see hjemmel.main)
            command: click.Command = getattr(importlib.import_module(module_name), attribute)
        from hjemmel import collector

        collector.imported()  # (the start is over: the garbage collector's turn)
        self.add_command(command, cmd_name)
        return command


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from hjemmel.errors import HjemmelError
    from hjemmel.rulebase.loading import load_rules

    click.echo(f"hjemmel {__version__}")
    try:
        rules = load_rules(ctx.params.get("rules_dir"))
        click.echo(f"rule base {rules.version} ({rules.digest}), {len(rules.rules)} rules")
    except HjemmelError as exc:
        click.echo(f"rule base: cannot be loaded ({exc.message})")
    ctx.exit()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
