"""Editor support: the JSON Schema accepts every example case; the template loads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml
from click.testing import CliRunner
from hjemmel import load_case
from hjemmel.cases.schema import json_schema
from hjemmel.cli import main

from .conftest import CASES, ROOT


def _plain(value: object) -> object:
    return json.loads(json.dumps(value, default=str))


def test_schema_accepts_every_example_case() -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    for path in sorted(CASES.glob("*.yaml")):
        validator.validate(_plain(yaml.safe_load(path.read_text())))


def test_schema_rejects_unknown_fields_and_values() -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    assert list(validator.iter_errors({"id": "s-1", "person": {"municpality": "0301"}}))
    assert list(validator.iter_errors({"id": "s-1", "housing": {"situation": "homless"}}))


def test_schema_has_descriptions_in_both_languages() -> None:
    result = CliRunner().invoke(main, ["schema"])
    schema = json.loads(result.stdout)
    text = json.dumps(schema, ensure_ascii=False)
    assert "samtykker til ettervern / consents to aftercare" in text
    assert '"homeless"' in text


def test_new_case_template_is_a_loadable_case(tmp_path: Path) -> None:
    target = tmp_path / "ny.yaml"
    result = CliRunner().invoke(main, ["new-case", str(target), "--id", "ny-1"])
    assert result.exit_code == 0, result.stderr
    case = load_case(target)
    assert case.id == "ny-1" and case.person.birth_date is None
    again = CliRunner().invoke(main, ["new-case", str(target)])
    assert again.exit_code == 2 and "--force" in again.stderr


def test_version_names_the_rule_base() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert "hjemmel 0.1.0" in result.stdout and "rule base 2026." in result.stdout and "sha256:" in result.stdout


def test_bash_and_zsh_completion_scripts() -> None:
    exe = Path(sys.executable).parent / "hjemmel"
    for shell in ("bash", "zsh"):
        env = dict(os.environ, _HJEMMEL_COMPLETE=f"{shell}_source")
        out = subprocess.run([str(exe)], env=env, capture_output=True, text=True, check=False, cwd=ROOT)
        assert "_HJEMMEL_COMPLETE" in out.stdout, out.stderr
