"""What reaches a terminal is safe, and the environment's limits give a message, not a traceback.

Issue 11, class 10 (control characters and escape sequences, Markdown links) and the
environment edges of class 11 (an output encoding that cannot show a character, a very low
open-file limit).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hjemmel.cli import main

from .conftest import ROOT

ESC = "\x1b"
EXE = str(Path(sys.executable).parent / "hjemmel")
CASE = "id: {id}\nassessment_date: 2024-03-01\nhousing:\n  no_place_to_stay_next_24h: true\n"


def test_control_characters_from_case_contents_and_file_names_are_shown_escaped_on_stderr(tmp_path: Path) -> None:
    folder = tmp_path / "inn"
    folder.mkdir()
    (folder / f"a{ESC}[2J.yaml").write_text('id: a\nhousing:\n  situation: "evil\\e]0;title\\a"\n  "k\\u202eey": 1\n')
    (folder / "b.json").write_text(json.dumps({"id": "b", "person": {"municipality": "\r\x9b31m\u2028x"}}))
    out = tmp_path / "r.jsonl"
    result = CliRunner().invoke(main, ["batch", str(folder), "--output", str(out)])
    assert result.exit_code == 1
    for char in (ESC, "\x07", "\r", "\x9b", "\u2028", "\u202e"):
        assert char not in result.stderr
    assert "\\x1b[2J.yaml" in result.stderr and "\\x1b]0;title\\x07" in result.stderr and "\\x9b31m" in result.stderr
    for line in out.read_text().splitlines():  # the results are JSON: control characters are JSON escapes
        json.loads(line)
    assert ESC not in out.read_text() and "\u2028" not in out.read_text()


def test_assess_of_a_file_with_an_escape_sequence_in_its_name_prints_it_escaped(tmp_path: Path) -> None:
    path = tmp_path / f"x{ESC}[31m.yaml"
    path.write_text("id: x\nperson:\n  age: old\n")
    result = CliRunner().invoke(main, ["assess", str(path)])
    assert result.exit_code == 1 and ESC not in result.stderr and "x\\x1b[31m.yaml:3:3: person.age" in result.stderr


def test_lone_surrogates_are_escaped_everywhere_and_the_results_stay_utf8(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "s-1", "person": {"municipality": "\\ud800"}}\n{"id": "s-2"}\n', encoding="ascii")
    out = tmp_path / "r.jsonl"
    result = subprocess.run([EXE, "batch", str(path), "--output", str(out)], capture_output=True, check=False)
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    text = out.read_bytes().decode("utf-8")  # valid UTF-8
    records = [json.loads(line) for line in text.splitlines()]
    assert [r["case_id"] for r in records] == ["s-1", "s-2"]
    assert "\\ud800" in result.stderr.decode()


def _custom_rules(tmp_path: Path, title: str, url: str) -> Path:
    """The bundled rule base with sotjl.27's title and link replaced (as a rule writer could)."""
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    path = rules / "sosialtjenesteloven.yaml"
    text = path.read_text()
    old_title = 'title: {nb: "Midlertidig botilbud", nn: "Mellombels butilbod", en: "Temporary accommodation"}'
    at = text.index(old_title)
    source = text.index("    source:\n      evidence:", at)
    text = (
        text[:at]
        + f"title: {{nb: {json.dumps(title)}, nn: {json.dumps(title)}, en: {json.dumps(title)}}}"
        + text[at + len(old_title) : source]
        + f"    source:\n      url: {json.dumps(url)}\n      evidence:"
        + text[source + len("    source:\n      evidence:") :]
    )
    path.write_text(text)
    return rules


def test_a_rules_text_cannot_drive_the_terminal_and_its_url_cannot_leave_a_markdown_link(tmp_path: Path) -> None:
    rules = _custom_rules(tmp_path, f"Botilbud{ESC}[2J\u202e", "https://lovdata.no/x) ![img](http://evil\n# Injected")
    case = tmp_path / "c.yaml"
    case.write_text(CASE.format(id="c"))
    text = CliRunner().invoke(main, ["--rules", str(rules), "assess", str(case)])
    assert text.exit_code == 0, text.output
    assert ESC not in text.stdout and "\u202e" not in text.stdout and "Botilbud\\x1b[2J\\u202e" in text.stdout
    markdown = CliRunner().invoke(main, ["--rules", str(rules), "assess", str(case), "--format", "markdown"]).stdout
    assert "(https://lovdata.no/x%29%20![img]%28http://evil%0A#%20Injected)" in markdown
    assert "\n# Injected" not in markdown


# --- class 11: the environment ----------------------------------------------------------


def test_an_output_encoding_that_cannot_show_a_character_gives_a_message() -> None:
    case = ROOT / "cases" / "ettervern-19-ar-2024.yaml"  # its report has a '–', which Latin-1 lacks
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    result = subprocess.run([EXE, "assess", str(case)], capture_output=True, env=env, check=False)
    err = result.stderr.decode("latin-1")
    assert result.returncode == 1 and "Traceback" not in err
    assert "the output cannot be shown in the encoding iso8859-1; set PYTHONIOENCODING=utf-8 or write to a file with --output" in err
    batch = subprocess.run([EXE, "batch", str(case), "--output", "-"], capture_output=True, env=env, check=False)
    assert batch.returncode == 0 and json.loads(batch.stdout)["case_id"] == "ettervern-19-ar-2024"  # JSON Lines are UTF-8 whatever the terminal


@pytest.mark.parametrize("limit", [12, 20])
def test_a_very_low_open_file_limit_gives_a_message(tmp_path: Path, limit: int) -> None:
    for name in "abc":
        (tmp_path / f"{name}.yaml").write_text(CASE.format(id=name))

    def low_limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))

    args = [EXE, "batch", str(tmp_path), "--output", str(tmp_path.parent / f"r{limit}.jsonl"), "--workers", "2"]
    result = subprocess.run(args, capture_output=True, text=True, preexec_fn=low_limit, check=False, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1)
    if result.returncode == 1:
        assert "Too many open files" in result.stderr
