"""Running the server: one process, or several worker processes on one listening socket.

The socket is made here, not by uvicorn, for two reasons:
- it is created as a TCP socket (protocol ``IPPROTO_TCP``), so asyncio turns Nagle's
  algorithm off on every connection it accepts. uvicorn's own socket for several workers
  has protocol 0, asyncio then leaves Nagle on, and each response on a kept-alive
  connection (headers and body are two writes) waited about 40 ms for the client's delayed
  ACK (measured here: median 47 ms instead of 3 ms);
- a port that is taken is reported as one clear sentence before anything starts.
The workers are plain ``multiprocessing`` processes (spawned) that each build their own
application, with their own rule engine, and serve the shared socket with ``uvicorn.Server``.
If one of them stops, the others are stopped too and the command ends with an error.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
from collections.abc import Sequence
from multiprocessing.connection import wait
from pathlib import Path
from types import FrameType
from typing import Any

import uvicorn
from hjemmel.rulebase.base import RuleBase

from .app import SERVER_SETTINGS, create_app


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` (raises OSError when that is not possible)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.set_inheritable(True)
    except OSError:
        sock.close()
        raise
    return sock


def serve(sock: socket.socket, rules: RuleBase, allowed_hosts: Sequence[str] | None) -> None:
    """Serve in this process until interrupted."""
    config = uvicorn.Config(create_app(rules, allowed_hosts=allowed_hosts), **SERVER_SETTINGS)
    uvicorn.Server(config).run(sockets=[sock])


def _worker(sock: socket.socket, rules_dir: str | None, allowed_hosts: list[str] | None) -> None:
    from hjemmel.rulebase.loading import load_rules

    app = create_app(load_rules(Path(rules_dir) if rules_dir else None), allowed_hosts=allowed_hosts)
    uvicorn.Server(uvicorn.Config(app, **SERVER_SETTINGS)).run(sockets=[sock])


def serve_workers(sock: socket.socket, workers: int, rules_dir: Path | None, allowed_hosts: Sequence[str] | None) -> int:
    """Serve with ``workers`` processes until interrupted; the exit status (0, or 1 when a worker failed)."""
    context = multiprocessing.get_context("spawn")
    args: tuple[Any, ...] = (sock, str(rules_dir) if rules_dir else None, list(allowed_hosts) if allowed_hosts else None)
    processes = [context.Process(target=_worker, args=args, name=f"hjemmel-serve-{n}") for n in range(workers)]

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        for process in processes:
            process.start()
        wait([p.sentinel for p in processes])  # returns when a worker ends (it should not)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=15)
