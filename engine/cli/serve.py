"""``hjemmel serve``: the web interview, the report and the HTTP API on a local server."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import click
from hjemmel.cli.common import rule_base


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on: this machine only by default; any other address serves the network."
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path), help="Use the rule base in this folder (as hjemmel --rules DIR).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 16), help="Worker processes, each with its own rule engine.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, rules_dir: Path | None, workers: int) -> None:
    """Start the web server: the interview and report in a browser, and the HTTP API.

    Open http://127.0.0.1:8000/ for the interview and /docs for the API (POST
    /api/v1/assess takes a case as JSON and answers what assess --format json prints).
    Nothing is stored or logged; stop with Ctrl+C.

    \b
    Example:
      hjemmel serve --port 8000
    """
    try:
        import uvicorn
        from hjemmel.serve.app import HOSTS_ENV, LOOPBACK_HOSTS, RULES_ENV, SERVER_SETTINGS, create_app
    except ImportError as exc:
        click.echo(f"hjemmel serve needs the web server packages ({exc.name} is missing): pip install 'hjemmel[serve]'", err=True)
        ctx.exit(1)
    if rules_dir is not None:
        ctx.ensure_object(dict)["rules_dir"] = rules_dir
    rules = rule_base(ctx)  # load (and check) once here, so a bad rule base stops before serving
    hosts = list(LOOPBACK_HOSTS) if _is_loopback(host) else None
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"hjemmel serve: http://{shown}:{port}/ (rule base {rules.version}, {len(rules.rules)} rules); stop with Ctrl+C", err=True)
    settings = {"host": host, "port": port, **SERVER_SETTINGS}
    if workers == 1:
        uvicorn.run(create_app(rules, allowed_hosts=hosts), **settings)
    else:
        folder = ctx.ensure_object(dict).get("rules_dir")
        os.environ[RULES_ENV] = str(Path(folder).resolve()) if folder else ""
        os.environ[HOSTS_ENV] = ",".join(hosts or ())
        uvicorn.run("hjemmel.serve.app:app_from_environment", factory=True, workers=workers, **settings)
