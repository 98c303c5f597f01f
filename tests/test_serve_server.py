"""The server for real (uvicorn on loopback): concurrent requests, one engine thread, quiet logs."""

from __future__ import annotations

import http.client
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import uvicorn
from click.testing import CliRunner
from fastapi import FastAPI
from hjemmel import Evaluator, RuleBase, load_case
from hjemmel.cli import main
from hjemmel.evaluation.backend import Backend
from hjemmel.reports import render
from hjemmel.serve import create_app
from hjemmel.serve.app import LOOPBACK_HOSTS, SERVER_SETTINGS
from hjemmel.serve.engine import Engine

from .conftest import CASES
from .test_serve_api import SYNTHETIC_ID, case_json

SECRET = "hemmelig-7731"  # a marker that must never reach a log


class Live:
    def __init__(self, app: FastAPI, port: int) -> None:
        self.app = app
        self.port = port

    def post(self, path: str, body: str | bytes, headers: dict[str, str] | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            data = body.encode("utf-8") if isinstance(body, str) else body
            connection.request("POST", path, body=data, headers=headers or {"content-type": "application/json"})
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8")
        finally:
            connection.close()


@pytest.fixture(scope="module")
def live(rules: RuleBase) -> Iterator[Live]:
    app = create_app(rules, allowed_hosts=list(LOOPBACK_HOSTS))
    # log_config=None: the server's loggers reach the root logger, so caplog sees all of them.
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, **SERVER_SETTINGS)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield Live(app, port)
    server.should_exit = True
    thread.join(timeout=10)


def test_concurrent_requests_are_all_evaluated_on_one_engine_thread(live: Live, evaluator: Evaluator, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = sorted(CASES.glob("*.yaml"))[:12]
    expected = {path.stem: render(evaluator.assess(load_case(path)), "json") for path in paths}
    threads: set[int] = set()
    evaluate = Backend.evaluate

    def recording(self: Backend, ruleset: str, fact: dict[str, object]) -> object:
        threads.add(threading.get_ident())
        return evaluate(self, ruleset, fact)

    monkeypatch.setattr(Backend, "evaluate", recording)
    work = [(path.stem, case_json(path)) for path in paths] * 8
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda item: (item[0], *live.post("/api/v1/assess", item[1])), work))
    assert [(stem, status) for stem, status, _ in answers if status != 200] == []
    assert all(text == expected[stem] for stem, _, text in answers)
    assert threads == {live.app.state.engine.thread_id}
    assert live.app.state.engine.thread_id != threading.get_ident()


def test_nothing_about_a_case_reaches_the_logs(live: Live, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    caplog.set_level(logging.DEBUG)
    case = {"id": SECRET, "assessment_date": "2024-03-01", "person": {"national_id": SYNTHETIC_ID, "age": 119}, "housing": {"situation": "homeless"}}
    assert live.post("/api/v1/assess", json.dumps(case))[0] == 200
    assert live.post("/api/v1/report?format=html", json.dumps(case))[0] == 200
    assert live.post("/api/v1/assess", json.dumps({**case, "person": {"birth_date": SECRET}}))[0] == 422
    assert live.post("/api/v1/assess", '{"id": "' + SECRET + '", ')[0] == 400
    form = f"date={SECRET}&lang=nb"
    assert live.post("/start", form, {"content-type": "application/x-www-form-urlencoded"})[0] == 422

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError(f"something about {SECRET}")

    monkeypatch.setattr(Evaluator, "assess", broken)
    monkeypatch.setattr(Evaluator, "assess_data", broken)  # the API's path: plain data, no model
    status, text = live.post("/api/v1/assess", json.dumps(case))
    assert status == 500 and SECRET not in text
    assert "ValueError" in caplog.text  # the error is logged, without its message
    assert SECRET not in caplog.text and SYNTHETIC_ID not in caplog.text


def test_the_engine_runs_every_evaluation_on_its_own_thread_and_refuses_any_other(rules: RuleBase) -> None:
    engine = Engine(rules)
    assert engine.run(lambda evaluator: evaluator.rules) is rules
    owner = engine.thread_id
    assert owner is not None and owner != threading.get_ident()  # not the caller's thread
    seen: list[int | None] = []
    thread = threading.Thread(target=lambda: seen.append(engine.run(lambda evaluator: threading.get_ident())))
    thread.start()
    thread.join()
    assert seen == [owner]  # asked from another thread: still run on the engine's
    failed: list[BaseException] = []
    _catch(failed, lambda: engine.here(lambda evaluator: None))  # used directly on a wrong thread
    assert len(failed) == 1 and "one thread only" in str(failed[0])
    engine.close()
    assert engine.run(lambda evaluator: threading.get_ident()) == engine.thread_id != threading.get_ident()  # after close: a new owner thread


def _catch(failed: list[BaseException], work: Callable[[], object]) -> None:
    try:
        work()
    except RuntimeError as exc:
        failed.append(exc)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_hjemmel_serve_with_two_workers_answers_on_localhost(tmp_path: Path) -> None:
    port = _free_port()
    command = [str(Path(sys.executable).parent / "hjemmel"), "serve", "--port", str(port), "--workers", "2"]
    log = tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path, env={**os.environ, "TMPDIR": str(tmp_path)})
        try:
            body = case_json(CASES / "bostedslos-2025.yaml")
            deadline = time.monotonic() + 60
            while True:
                try:
                    status, text = Live(FastAPI(), port).post("/api/v1/assess", body)
                    break
                except OSError:
                    assert time.monotonic() < deadline and server.poll() is None, log.read_text()
                    time.sleep(0.2)
            assert status == 200 and json.loads(text)["case_id"] == "bostedslos-2025"
        finally:
            server.terminate()
            server.wait(timeout=20)
    assert "http://127.0.0.1:" in log.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["server.log"]  # nothing else written


def test_serve_with_a_broken_rule_folder_stops_with_a_message(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("rules: [", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--rules", str(tmp_path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "actors.yaml is missing" in result.stderr


def test_serve_check_builds_the_app_and_assesses_one_case_without_serving() -> None:
    result = CliRunner().invoke(main, ["serve", "--check"])
    assert result.exit_code == 0, result.output
    assert "ready to start" in result.stderr


def test_a_port_that_is_taken_is_one_sentence() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.output
