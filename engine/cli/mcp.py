"""``hjemmel mcp``: hjemmel's tools for AI assistants, as an MCP server over stdio."""

from __future__ import annotations

import importlib.util
import sys

import click
from hjemmel.cli.common import rule_base


@click.command("mcp")
@click.pass_context
def mcp(ctx: click.Context) -> None:
    """Serve hjemmel's tools to an AI assistant over the Model Context Protocol (stdio).

    Tools: assess (a case → the assessment), explain (one rule on a case), timeline (the
    dates a case's findings change) and rules (search by text, law or section); each answer
    is the contract JSON with a receipt, national ids masked. Nothing about a case is
    written anywhere. An MCP client starts this command itself (see docs/mcp.md); it
    needs the optional packages: pip install 'hjemmel[mcp]'. In a client's configuration:
    {"mcpServers": {"hjemmel": {"command": "/path/to/hjemmel", "args": ["mcp"]}}}.
    The example starts it and stops at the end of its input.

    \b
    Example:
      hjemmel mcp < /dev/null
    """
    if importlib.util.find_spec("mcp") is None:
        click.echo("hjemmel mcp needs the MCP SDK: pip install 'hjemmel[mcp]' (make venv installs it)", err=True)
        sys.exit(1)
    from hjemmel.mcp_server import serve

    rules = rule_base(ctx)
    try:
        serve(rules)
    except KeyboardInterrupt:
        sys.exit(130)
