"""``hjemmel serve``: the web interview, the report and the HTTP API on a local server."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click
from hjemmel.cli.common import fail, rule_base
from hjemmel.errors import HjemmelError


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
@click.option("--check", is_flag=True, help="Build the application and assess one case through it, then exit without serving.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, rules_dir: Path | None, workers: int, check: bool) -> None:
    """Start the web server: the interview and report in a browser, and the HTTP API.

    Open http://127.0.0.1:8000/ for the interview and /docs for the API (POST
    /api/v1/assess takes a case as JSON and answers what assess --format json prints).
    Nothing is stored or logged; stop with Ctrl+C.

    Start it with plain hjemmel serve (or make serve); --check only checks that it can start.

    \b
    Example:
      hjemmel serve --check
    """
    try:
        from hjemmel.serve.app import LOOPBACK_HOSTS
        from hjemmel.serve.app import check as check_app
        from hjemmel.serve.workers import listening_socket, serve_workers
        from hjemmel.serve.workers import serve as serve_here
    except ImportError as exc:
        click.echo(f"hjemmel serve needs the web server packages ({exc.name} is missing): pip install 'hjemmel[serve]'", err=True)
        ctx.exit(1)
    settings = ctx.ensure_object(dict)
    if rules_dir is not None:
        settings["rules_dir"] = rules_dir
    rules = rule_base(ctx)  # load (and check) once here, so a bad rule base stops before serving
    if check:
        seconds = check_app(rules)
        click.echo(f"hjemmel serve: ready to start (rule base {rules.version}, {len(rules.rules)} rules; checked in {seconds:.2f} s)", err=True)
        return
    hosts = list(LOOPBACK_HOSTS) if _is_loopback(host) else None
    try:
        sock = listening_socket(host, port)
    except OSError as exc:
        fail(HjemmelError(f"cannot listen on {host}:{port}: {exc.strerror or exc}"))
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"hjemmel serve: http://{shown}:{sock.getsockname()[1]}/ (rule base {rules.version}, {len(rules.rules)} rules); stop with Ctrl+C", err=True)
    if workers == 1:
        serve_here(sock, rules, hosts)
    else:
        ctx.exit(serve_workers(sock, workers, settings.get("rules_dir"), hosts))
