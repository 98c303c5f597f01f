"""Personal data: national ids are masked in every output unless asked for."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from hjemmel.cli import main

# A synthetic test id (month + 80), valid check digits; no real person.
SYNTHETIC_ID = "15850410019"


def _case(tmp_path: Path, national_id: str = SYNTHETIC_ID) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(f'id: p-1\nassessment_date: 2024-03-01\nperson:\n  national_id: "{national_id}"\n  age: 30\nhousing:\n  no_place_to_stay_next_24h: true\n')
    return path


def test_national_id_is_masked_in_every_format(tmp_path: Path) -> None:
    case = _case(tmp_path)
    for fmt in ("text", "markdown", "html", "json"):
        result = CliRunner().invoke(main, ["assess", str(case), "--format", fmt])
        assert result.exit_code == 0, result.stderr
        assert SYNTHETIC_ID not in result.stdout
    data = json.loads(CliRunner().invoke(main, ["assess", str(case), "--format", "json"]).stdout)
    assert data["facts"]["person.national_id"] == "*********19"


def test_show_national_id_is_the_only_way_to_print_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["assess", str(_case(tmp_path)), "--format", "json", "--show-national-id"])
    assert json.loads(result.stdout)["facts"]["person.national_id"] == SYNTHETIC_ID


def test_national_id_is_masked_in_batch_output_and_errors(tmp_path: Path) -> None:
    good = _case(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text('id: p-2\nperson:\n  national_id: "15850410018"\n')
    out = tmp_path / "r.jsonl"
    result = CliRunner().invoke(main, ["batch", str(good), str(bad), "--output", str(out), "--reports", str(tmp_path / "rep")])
    assert result.exit_code == 1
    everything = out.read_text() + result.stderr + "".join(p.read_text() for p in (tmp_path / "rep").iterdir())
    assert SYNTHETIC_ID not in everything and "15850410018" not in everything
    assert "*********18" in out.read_text()
