"""A server that outlasts its clients (issue 20): loopback only, bounded in count and time.

Idle, trickling and greedy clients, a slow assessment beside a health check, a killed
worker under load, and cross-site content types. The server here runs with the real
protocol class made stricter (short timeouts, small bounds) so each test takes seconds.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from hjemmel import Evaluator, RuleBase
from hjemmel.serve import create_app
from hjemmel.serve.app import LOOPBACK_HOSTS, SERVER_SETTINGS
from hjemmel.serve.connections import GuardedH11, GuardedHttpTools

from .conftest import CASES
from .test_serve_api import case_json

STRICT: dict[str, Any] = {"header_seconds": 1.0, "body_seconds": 1.0, "per_client": 8, "total": 20}


def test_the_server_runs_the_guarded_httptools_protocol() -> None:
    assert SERVER_SETTINGS["http"] is GuardedHttpTools


@pytest.fixture(scope="module", params=[GuardedHttpTools, GuardedH11], ids=["httptools", "h11"])
def port(rules: RuleBase, request: pytest.FixtureRequest) -> Iterator[int]:
    """A server with the protocol made strict; every test runs on both protocols."""
    strict = type("Strict", (request.param,), STRICT)
    app = create_app(rules, allowed_hosts=list(LOOPBACK_HOSTS))
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, **{**SERVER_SETTINGS, "http": strict})
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.02)
    yield server.servers[0].sockets[0].getsockname()[1]
    server.should_exit = True
    thread.join(timeout=10)


def connect(port: int, source: str = "127.0.0.1") -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0))


def answer(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes (or 10 s pass)."""
    data = b""
    sock.settimeout(10)
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except (TimeoutError, ConnectionResetError):
        pass
    return data


def get(port: int, path: str = "/healthz", source: str = "127.0.0.1") -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def post(port: int, body: str, content_type: str | None = "application/json", path: str = "/api/v1/assess") -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", path, body=body.encode(), headers={"content-type": content_type} if content_type else {})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def test_a_client_that_connects_and_sends_nothing_is_closed_after_the_header_timeout(port: int) -> None:
    sock = connect(port)
    started = time.monotonic()
    data = answer(sock)
    took = time.monotonic() - started
    sock.close()
    assert data.startswith(b"HTTP/1.1 408") and 0.8 < took < 5, (data, took)


def test_a_client_trickling_header_lines_is_closed_after_the_header_timeout(port: int) -> None:
    sock = connect(port)
    started = time.monotonic()
    sock.sendall(b"GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n")
    closed = False
    for number in range(30):  # one header line every 0.2 s: never a whole request
        try:
            sock.sendall(f"x-slow-{number}: 1\r\n".encode())
        except OSError:
            closed = True
            break
        time.sleep(0.2)
    data = answer(sock)
    sock.close()
    took = time.monotonic() - started
    assert closed or data.startswith(b"HTTP/1.1 408"), data
    assert took < 8


def test_a_client_trickling_a_body_is_answered_408(port: int) -> None:
    sock = connect(port)
    sock.sendall(b'POST /api/v1/assess HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"id"')
    started = time.monotonic()
    data = answer(sock)
    sock.close()
    assert data.startswith(b"HTTP/1.1 408") and time.monotonic() - started < 5, data


def test_one_clients_idle_connections_never_starve_another_client(port: int) -> None:
    held = [connect(port) for _ in range(STRICT["per_client"])]
    try:
        time.sleep(0.1)
        extra = connect(port)
        assert answer(extra).startswith(b"HTTP/1.1 503")  # over its own bound: refused at once
        extra.close()
        assert get(port, source="127.0.0.2") == 200  # another client is served meanwhile
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.2)
    assert get(port) == 200  # and the first client again once its connections are gone


def test_at_the_total_bound_an_idle_kept_alive_connection_makes_room(port: int) -> None:
    kept: list[http.client.HTTPConnection] = []
    try:
        for number in range(STRICT["total"]):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(f"127.0.1.{number // 5 + 1}", 0))
            connection.request("GET", "/healthz")
            connection.getresponse().read()  # kept alive, idle
            kept.append(connection)
        assert get(port, source="127.0.2.1") == 200
    finally:
        for connection in kept:
            connection.close()


def test_the_health_check_answers_during_a_slow_assessment(port: int, monkeypatch: pytest.MonkeyPatch) -> None:
    assess = Evaluator.assess

    def slow(self: Evaluator, *args: object, **kwargs: object) -> object:
        time.sleep(3)
        return assess(self, *args, **kwargs)

    monkeypatch.setattr(Evaluator, "assess", slow)
    results: list[tuple[int, str]] = []
    worker = threading.Thread(target=lambda: results.append(post(port, case_json(CASES / "bostedslos-2025.yaml"))))
    worker.start()
    time.sleep(0.3)
    started = time.monotonic()
    assert get(port) == 200
    took = time.monotonic() - started
    worker.join(timeout=30)
    assert took < 1.0, took  # not after the 3 s assessment
    assert results and results[0][0] == 200 and json.loads(results[0][1])["case_id"] == "bostedslos-2025"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None, "application/jsonx"])
def test_the_api_takes_json_only_a_cross_site_simple_post_is_415(port: int, content_type: str | None) -> None:
    status, text = post(port, '{"id": "x"}', content_type)
    assert status == 415 and json.loads(text)["type"] == "unsupported_media_type"


def test_json_with_a_charset_is_json(port: int) -> None:
    assert post(port, '{"id": "x", "assessment_date": "2024-03-01"}', "Application/JSON; charset=utf-8")[0] == 200


# --- a killed worker under load ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        number: int = sock.getsockname()[1]
        return number


def _workers(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid), "-f", "multiprocessing.spawn"], capture_output=True, text=True, check=False)
    return [int(p) for p in found.stdout.split()]


def test_a_killed_worker_is_replaced_and_no_request_is_answered_wrong(tmp_path: Path) -> None:
    number = _free_port()
    command = [str(Path(sys.executable).parent / "hjemmel"), "serve", "--port", str(number), "--workers", "2"]
    log = tmp_path / "server.log"
    body = case_json(CASES / "bostedslos-2025.yaml")
    with log.open("w") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(tmp_path)})
        try:
            deadline = time.monotonic() + 60
            while len(_workers(server.pid)) < 2 or not _up(number):
                assert time.monotonic() < deadline and server.poll() is None, log.read_text()
                time.sleep(0.2)
            expected = post(number, body)[1]
            wrong: list[tuple[int, str]] = []
            errors = answered = 0
            stop = threading.Event()

            def load() -> None:
                nonlocal errors, answered
                while not stop.is_set():
                    try:
                        status, text = post(number, body)
                    except (OSError, http.client.HTTPException):  # the worker died mid-request: a broken connection, never a wrong answer
                        errors += 1
                        continue
                    answered += 1
                    if status != 200 or text != expected:
                        wrong.append((status, text[:200]))

            threads = [threading.Thread(target=load) for _ in range(4)]
            for thread in threads:
                thread.start()
            time.sleep(1)
            victim = _workers(server.pid)[0]
            os.kill(victim, signal.SIGKILL)
            killed = time.monotonic()
            while True:
                now = _workers(server.pid)
                if len(now) == 2 and victim not in now and _up(number):
                    break
                assert time.monotonic() - killed < 20, "the worker was not replaced"
                time.sleep(0.1)
            replaced = time.monotonic() - killed
            survivor = next(p for p in _workers(server.pid) if p != victim)
            os.kill(survivor, signal.SIGKILL)  # now the replacement alone must serve (or its own replacement)
            while not _up(number):
                assert time.monotonic() - killed < 20, "the service did not come back"
                time.sleep(0.05)
            back = time.monotonic() - killed
            time.sleep(1)
            stop.set()
            for thread in threads:
                thread.join(timeout=30)
            assert wrong == []
            assert answered > 20 and server.poll() is None
            assert back < 15, back
            print(f"worker replaced in {replaced:.1f} s, serving alone {back:.1f} s after the first kill; {answered} answered, {errors} connection errors")
        finally:
            server.terminate()
            try:
                assert server.wait(timeout=30) == 0, log.read_text()  # stops within the bounded shutdown
            finally:
                if server.poll() is None:
                    server.kill()


def _up(number: int) -> bool:
    try:
        return get(number) == 200
    except (OSError, http.client.HTTPException):
        return False
