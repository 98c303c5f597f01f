"""``hjemmel mcp`` (issue 23, part 3), end to end with the MCP SDK's own client over stdio.

One server process: initialize, list the tools, call each tool (the contract JSON as
structured content with its receipt, and a short text), a bad case and an oversized case
(tool errors with located problems), a case with a national id (masked in every answer, and
nothing on stderr). A second process gets a malformed JSON-RPC message and goes on answering.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

pytest.importorskip("mcp", reason="the optional extra hjemmel[mcp] (make venv installs it)")

import anyio  # (after the skip: it comes with the extra)
from hjemmel import __version__
from hjemmel.cases.canonical import case_digest
from hjemmel.cases.inputs import load_case
from hjemmel.rulebase.base import RuleBase

from .conftest import CASES

SYNTHETIC_ID = "15850410019"  # valid check digits, no real person (as in test_privacy)
HJEMMEL = str(Path(sys.executable).with_name("hjemmel"))
CASE_FILE = CASES / "ettervern-19-ar-2024.yaml"


def case_object() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(CASE_FILE.read_text("utf-8"))
    data.pop("expected", None)
    return json.loads(json.dumps(data, default=str))


async def session(errlog: Any) -> dict[str, Any]:
    """Everything one client session sees, by step."""
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters, stdio_client

    params = StdioServerParameters(command=HJEMMEL, args=["mcp"], env={"PYTHONWARNINGS": "error"})
    seen: dict[str, Any] = {}
    case = case_object()
    # the id's birth date (1904) is not the case's: the id stands alone
    person = {key: value for key, value in case["person"].items() if key != "birth_date"}
    with_id = {**case, "person": {**person, "national_id": SYNTHETIC_ID}}
    calls = {
        "assess": ("assess", {"case": case, "lang": "en"}),
        "assess_on": ("assess", {"case": case, "date": "2026-01-01"}),
        "explain": ("explain", {"case": case, "rule": "bvl.3-6.ettervern", "date": "2030-01-01"}),
        "timeline": ("timeline", {"case": case, "from": "2024-03-01", "to": "2030-12-31"}),
        "rules": ("rules", {"law": "sosialtjenesteloven", "section": "27"}),
        "rules_text": ("rules", {"text": "midlertidig botilbud"}),
        "bad": ("assess", {"case": {"id": "x", "person": {"age": "nineteen"}, "housing": {"situaton": "homeless"}}}),
        "no_case": ("assess", {"date": "2024-01-01"}),
        "bad_date": ("assess", {"case": case, "date": "01.03.2024"}),
        "no_rule": ("explain", {"case": case, "rule": "sotjl.2"}),
        "huge": ("assess", {"case": {**case, "padding": "x" * 70_000}}),
        "national_id": ("assess", {"case": with_id}),
        "national_id_explain": ("explain", {"case": with_id, "rule": "sotjl.27"}),
        "national_id_bad": ("assess", {"case": {**with_id, "person": {**with_id["person"], "age": SYNTHETIC_ID}}}),
        "unknown_tool": ("verdict", {}),
    }
    async with Client(stdio_client(params, errlog=errlog), mode="legacy") as client:
        seen["server"] = client.server_info
        seen["tools"] = (await client.list_tools()).tools
        for key, (name, arguments) in calls.items():
            seen[key] = await client.call_tool(name, arguments)
    return seen


@pytest.fixture(scope="module")
def seen(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    errlog_path = tmp_path_factory.mktemp("mcp") / "stderr.txt"
    with errlog_path.open("w+", encoding="utf-8") as errlog:
        result = anyio.run(session, errlog)
    result["stderr"] = errlog_path.read_text("utf-8")
    return result


def text(result: Any) -> str:
    return "\n".join(block.text for block in result.content)


def test_initialize_and_the_tools_with_their_descriptions(seen: dict[str, Any]) -> None:
    assert seen["server"].name == "hjemmel" and seen["server"].version == __version__
    tools = {tool.name: tool for tool in seen["tools"]}
    assert sorted(tools) == ["assess", "explain", "rules", "timeline"]
    for name in ("assess", "explain", "timeline"):
        description = tools[name].description or ""
        assert "support for a caseworker's assessment, not a decision" in description and "https://lovdata.no" in description
        assert tools[name].input_schema["required"][0] == "case"
        assert "person" in tools[name].input_schema["properties"]["case"]["properties"]
    assert tools["timeline"].input_schema["required"] == ["case", "from", "to"]


def test_assess_gives_the_contract_with_its_receipt_and_a_short_text(seen: dict[str, Any], rules: RuleBase) -> None:
    result = seen["assess"]
    assert not result.is_error
    data = result.structured_content
    assert data["schema"] == "hjemmel/assessment-v1" and data["language"] == "en"
    assert list(data)[-1] == "receipt"
    assert data["receipt"] == {
        "program": f"hjemmel {__version__}",
        "rules": {"version": rules.version, "digest": rules.digest},
        "input": case_digest(load_case(CASE_FILE)),
        "date": "2024-03-01",
        "lang": "en",
    }
    assert {f["rule"] for f in data["findings"]} >= {"bvl.3-6.ettervern"}
    short = text(result)
    assert short.startswith("Case ettervern-19-ar-2024 assessed on 2024-03-01:") and "3-6" in short
    assert "Receipt: hjemmel" in short and "https://lovdata.no" in short
    assert seen["assess_on"].structured_content["receipt"]["date"] == "2026-01-01"


def test_explain_timeline_and_rules_answer_with_receipts(seen: dict[str, Any]) -> None:
    explained = seen["explain"].structured_content
    assert not seen["explain"].is_error and explained["rule"] == "bvl.3-6.ettervern" and explained["applies"] is False
    assert explained["receipt"]["date"] == "2030-01-01" and "does not apply" in text(seen["explain"])
    timeline = seen["timeline"].structured_content
    assert not seen["timeline"].is_error and timeline["case_id"] == "ettervern-19-ar-2024" and timeline["changes"]
    assert timeline["receipt"]["date"] == "2024-03-01" and "Receipt: hjemmel" in text(seen["timeline"])
    found = seen["rules"].structured_content
    assert not seen["rules"].is_error and "sotjl.27" in [r["id"] for r in found["rules"]]
    assert all(r["law"] == "sosialtjenesteloven" and r["section"] == "27" for r in found["rules"])
    assert found["receipt"]["program"] == f"hjemmel {__version__}" and found["receipt"]["input"].startswith("sha256:")
    assert "sotjl.27" in [r["id"] for r in seen["rules_text"].structured_content["rules"]]


def test_input_errors_are_tool_errors_with_located_problems(seen: dict[str, Any]) -> None:
    bad = seen["bad"]
    assert bad.is_error
    problems = {p["path"]: p for p in bad.structured_content["problems"]}
    assert "person.age" in problems and "housing.situaton" in problems
    assert "did you mean" in (problems["housing.situaton"].get("hint") or "") + text(bad)
    for key, words in (
        ("no_case", "'case' is required"),
        ("bad_date", "'date' must be a date YYYY-MM-DD"),
        ("no_rule", "no rule 'sotjl.2'"),
        ("huge", "the case is too large"),
        ("unknown_tool", "no tool 'verdict'"),
    ):
        assert seen[key].is_error, key
        assert words in text(seen[key]), (key, text(seen[key]))
        assert "Traceback" not in text(seen[key])


def test_a_national_id_is_masked_in_every_answer_and_never_on_stderr(seen: dict[str, Any]) -> None:
    for key in ("national_id", "national_id_explain", "national_id_bad"):
        everything = json.dumps(seen[key].structured_content) + text(seen[key])
        assert SYNTHETIC_ID not in everything, key
    assert not seen["national_id"].is_error and seen["national_id_bad"].is_error
    assert seen["national_id"].structured_content["facts"]["person.national_id"] != SYNTHETIC_ID
    assert SYNTHETIC_ID not in seen["stderr"] and "ettervern" not in seen["stderr"]
    assert seen["stderr"] == ""  # nothing about the calls (no log lines, no warnings)


def test_a_malformed_json_rpc_message_is_survived(tmp_path: Path) -> None:
    initialize = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "0"}},
    }
    call = {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "rules", "arguments": {"section": "27"}}}
    lines = [
        "this is not json",
        json.dumps(initialize),
        '{"jsonrpc": "2.0", "id": 7, "method": ',  # cut off
        json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        json.dumps({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": "not an object"}),
        json.dumps(call),
    ]
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    done = subprocess.run([HJEMMEL, "mcp"], input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=120, env=env)
    answers = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    by_id = {a.get("id"): a for a in answers}
    assert by_id[1]["result"]["serverInfo"]["name"] == "hjemmel"
    assert not by_id[2]["result"]["isError"] and by_id[2]["result"]["structuredContent"]["rules"]
    assert "Traceback" not in done.stderr and SYNTHETIC_ID not in done.stderr
    assert done.returncode == 0


def test_calls_written_before_stdin_closes_are_all_answered() -> None:
    """A client that writes its calls and closes stdin (``hjemmel mcp < calls.jsonl``) gets every answer:
    the SDK cancels the requests in hand at the end of input, so hjemmel waits for them first."""
    initialize = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "0"}},
    }
    lines = [json.dumps(initialize), json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"})]
    for number in range(2, 22):
        name, arguments = ("rules", {"section": "27"}) if number % 2 else ("assess", {"case": {"person": {"age": 19}}})
        lines.append(json.dumps({"jsonrpc": "2.0", "id": number, "method": "tools/call", "params": {"name": name, "arguments": arguments}}))
    done = subprocess.run([HJEMMEL, "mcp"], input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=300)
    answers = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert sorted(a["id"] for a in answers) == list(range(1, 22))
    assert all("result" in a for a in answers)
    assert done.returncode == 0 and done.stderr == ""


def test_a_key_named_twice_in_a_calls_arguments_is_a_located_tool_error() -> None:
    """Issue 20: the SDK's parser keeps the last of two equal keys; hjemmel reads each line strictly first."""
    initialize = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "0"}},
    }
    arguments = '{"case": {"id": "a", "id": "b", "person": {"age": 19, "age": 70}}}'
    call = '{"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "assess", "arguments": ' + arguments + "}}"
    lines = [json.dumps(initialize), json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}), call]
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    with subprocess.Popen([HJEMMEL, "mcp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as server:
        answers, stderr = _answer_to(server, lines, 2)
    bad = answers[2]["result"]
    assert bad["isError"] and bad["structuredContent"]["problems"][0]["message"] == "duplicate key 'id'"
    assert bad["structuredContent"]["problems"][0]["path"] == "case.id"
    assert server.returncode == 0 and "Traceback" not in stderr


def _answer_to(server: subprocess.Popen[str], lines: list[str], wanted: int) -> tuple[dict[object, Any], str]:
    """Send ``lines``, keep stdin open until the answer with id ``wanted`` is read, then end the server."""
    try:
        assert server.stdin is not None and server.stdout is not None
        server.stdin.write("\n".join(lines) + "\n")
        server.stdin.flush()
        answers: dict[object, Any] = {}
        while wanted not in answers:  # stdin stays open until the call is answered
            line = server.stdout.readline()
            assert line, "the server ended without answering"
            answer = json.loads(line)
            answers[answer.get("id")] = answer
        server.stdin.close()
        server.wait(timeout=60)
        assert server.stderr is not None
        return answers, server.stderr.read()
    finally:
        if server.poll() is None:
            server.kill()
