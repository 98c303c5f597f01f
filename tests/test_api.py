"""The Python API as documented: the README's example runs and says what it claims."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from pathlib import Path

import hjemmel
import pytest
from hjemmel import CaseFileError, assess, assess_many, load_rules

from .conftest import ROOT


def _readme_python_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_readme_api_example_runs_and_prints_what_it_says() -> None:
    (block,) = _readme_python_blocks()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert lines[0] == "barnevernstjenesten barnevernsloven 3-6 2029-11-01"
    assert lines[1].startswith("# Vurdering av rettslig grunnlag")
    assert lines[2:] == ["Assessment", "CaseFileError"]


def test_assess_takes_a_dict_or_a_case_and_is_deterministic() -> None:
    rules = load_rules()
    data = {"id": "api-1", "housing": {"no_place_to_stay_next_24h": True}}
    a = assess(data, rules, on=dt.date(2024, 3, 1))
    b = assess(hjemmel.parse_case(data), rules, on=dt.date(2024, 3, 1))
    assert a == b
    assert {f.rule for f in a.findings} >= {"sotjl.27"}


def test_invalid_case_raises_a_case_file_error() -> None:
    with pytest.raises(CaseFileError, match=r"person\.age"):
        assess({"id": "api-2", "person": {"age": "x"}})


def test_assess_many_keeps_order_and_errors() -> None:
    out = list(assess_many([{"id": "m-1"}, {"id": "bad id"}, {"id": "m-3"}], on=dt.date(2024, 1, 1)))
    assert [type(o).__name__ for o in out] == ["Assessment", "CaseFileError", "Assessment"]


def test_every_public_name_is_documented() -> None:
    """A user reading ``help(hjemmel.X)`` gets a docstring for every class and function of the API."""
    undocumented = []
    for name in hjemmel.__all__:
        value = getattr(hjemmel, name)
        if callable(value) and not (getattr(value, "__doc__", None) or "").strip():
            undocumented.append(name)
    assert undocumented == []


def test_the_source_folder_cannot_be_imported_as_a_half_working_engine(tmp_path: Path) -> None:
    """From the checkout, ``import engine`` fails at once with a message naming ``hjemmel``."""
    import subprocess
    import sys

    from .conftest import ROOT

    result = subprocess.run([sys.executable, "-c", "import engine"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0
    assert "write `import hjemmel`" in result.stderr


@pytest.mark.parametrize("version", [(3, 10), (3, 15)])
def test_unsupported_python_gets_one_sentence(version: tuple[int, int], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    from hjemmel.main import main

    monkeypatch.setattr(sys, "version_info", (*version, 0, "final", 0))
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert err == f"hjemmel needs Python 3.11 to 3.14 (with durable-rules 2.0.28 built from its patch); this is Python 3.{version[1]}.\n"


@pytest.mark.parametrize("version", [(3, 11), (3, 12), (3, 13), (3, 14)])
def test_supported_pythons(version: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    import hjemmel

    monkeypatch.setattr(sys, "version_info", (*version, 0, "final", 0))
    assert hjemmel.python_supported()
