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
The main process supervises them: a worker that dies (killed, out of memory, a crash in
native code) is started again in its place while the others go on serving the socket, so
the service is back at full strength within seconds (the time to start one worker). Only a
worker that keeps dying — more than ``RESTARTS_PER_MINUTE`` restarts in a minute — stops the
command with an error. Workers die with the main process (``hjemmel.batch.workers``).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import time
from collections import deque
from collections.abc import Sequence
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
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


RESTARTS_PER_MINUTE = 10
log = logging.getLogger("hjemmel.serve")


def _worker(sock: socket.socket, rules_dir: str | None, allowed_hosts: list[str] | None, parent: int) -> None:
    from hjemmel.batch.workers import die_with_parent
    from hjemmel.rulebase.loading import load_rules

    die_with_parent(parent)

    app = create_app(load_rules(Path(rules_dir) if rules_dir else None), allowed_hosts=allowed_hosts)
    uvicorn.Server(uvicorn.Config(app, **SERVER_SETTINGS)).run(sockets=[sock])


def serve_workers(sock: socket.socket, workers: int, rules_dir: Path | None, allowed_hosts: Sequence[str] | None) -> int:
    """Serve with ``workers`` processes until interrupted, restarting a worker that dies; the exit
    status (0, or 1 when workers kept dying)."""
    context = multiprocessing.get_context("spawn")
    args: tuple[Any, ...] = (sock, str(rules_dir) if rules_dir else None, list(allowed_hosts) if allowed_hosts else None, os.getpid())

    def start(number: int) -> BaseProcess:
        process = context.Process(target=_worker, args=args, name=f"hjemmel-serve-{number}")
        process.start()
        return process

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    processes: dict[int, BaseProcess] = {}
    restarts: deque[float] = deque()
    try:
        for number in range(workers):
            processes[number] = start(number)
        while True:
            ended = wait([p.sentinel for p in processes.values()])
            for number, process in list(processes.items()):
                if process.sentinel not in ended:
                    continue
                process.join()
                now = time.monotonic()
                restarts.append(now)
                while restarts and now - restarts[0] > 60:
                    restarts.popleft()
                if len(restarts) > RESTARTS_PER_MINUTE:
                    log.error("hjemmel serve: workers keep stopping (%d restarts in a minute): giving up", len(restarts) - 1)
                    return 1
                log.warning("hjemmel serve: worker %d stopped (exit code %s); starting it again", number, process.exitcode)
                processes[number] = start(number)
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        for process in processes.values():
            if process.is_alive():
                process.terminate()
        deadline = time.monotonic() + 10  # a graceful shutdown takes at most 5 s (SERVER_SETTINGS)
        for process in processes.values():
            process.join(timeout=max(0.1, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(timeout=5)
