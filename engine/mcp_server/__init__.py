"""``hjemmel mcp``: the rule engine as a Model Context Protocol server over stdio (optional extra ``[mcp]``).

An AI assistant calls hjemmel's tools instead of guessing the law: ``assess`` (a case → the
assessment contract), ``explain`` (why one rule does or does not apply), ``timeline`` (the
dates a case's findings change) and ``rules`` (search the rule base by text, law or section).
Every answer is the contract JSON as structured content plus a short text, with a receipt
(program, rule base, digest of the input). Input errors are tool errors with the located
problems, never a traceback. National ids are masked in every answer and nothing about a case
is written anywhere: no file, no log, nothing on stderr (the SDK's loggers are silenced).

``tools.Tools`` is the logic (plain data in, plain data out); ``schemas`` the tool list; ``serve``
wires it to the official ``mcp`` SDK's low-level server on stdin/stdout; ``frames`` reads each line
strictly first (a key named twice in a call's arguments is a located error). The rule engine runs
on the event loop's thread, one call at a time (durable-rules keeps one host per process).
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from hjemmel import __version__
from hjemmel.mcp_server.frames import Exchange, claimed_stdio
from hjemmel.mcp_server.schemas import INSTRUCTIONS, tool_list
from hjemmel.mcp_server.tools import Tools
from hjemmel.rulebase.base import RuleBase

__all__ = ["Tools", "serve", "server", "tool_list"]


def quiet_logging() -> None:
    """Nothing about a call reaches stderr or a log: the SDK's loggers are off, and Python's
    last-resort handler never prints (a handler that drops everything is installed)."""
    root = logging.getLogger()
    root.addHandler(logging.NullHandler())
    for name in ("mcp", "mcp_types", "anyio", "httpx", "asyncio"):
        logger = logging.getLogger(name)
        logger.disabled = True
        logger.propagate = False


def server(rules: RuleBase, exchange: Exchange | None = None) -> Any:
    """The MCP low-level server with hjemmel's tools (``exchange`` learns when a tool is at work)."""
    import mcp_types as types
    from mcp.server import Server

    tools = Tools(rules)
    listed = [types.Tool(name=t["name"], title=t["title"], description=t["description"], input_schema=t["inputSchema"]) for t in tool_list()]

    async def list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(tools=listed)

    async def call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        with exchange.working() if exchange is not None else contextlib.nullcontext():
            data, text, error = tools.call(params.name, params.arguments)
        return types.CallToolResult(content=[types.TextContent(text=text)], structured_content=data, is_error=error)

    return Server("hjemmel", version=__version__, instructions=INSTRUCTIONS, on_list_tools=list_tools, on_call_tool=call_tool)


def serve(rules: RuleBase) -> None:
    """Serve MCP on stdin/stdout until the client closes stdin."""
    import anyio
    from mcp.server.stdio import stdio_server

    quiet_logging()
    exchange = Exchange()
    app = server(rules, exchange)

    async def main() -> None:
        # Lines are read strictly first (a key named twice in a call's arguments is an error), and the
        # end of input waits for the answers still owed (the SDK would cancel them).
        with claimed_stdio(exchange) as (lines, answers):
            async with stdio_server(stdin=anyio.wrap_file(lines), stdout=anyio.wrap_file(answers)) as (read_stream, write_stream):
                await app.run(read_stream, write_stream, app.create_initialization_options())

    anyio.run(main)
