"""Personal data: national ids are masked in every output unless asked for."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from hjemmel.cli import main

# A synthetic test id (month + 80), valid check digits; no real person.
SYNTHETIC_ID = "15850410019"  # synthetic (month + 80), born 1904-05-15: 119 years old in 2024


def _case(tmp_path: Path, national_id: str = SYNTHETIC_ID) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(f'id: p-1\nassessment_date: 2024-03-01\nperson:\n  national_id: "{national_id}"\n  age: 119\nhousing:\n  no_place_to_stay_next_24h: true\n')
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


# --- issue 11, class 6: a national id never leaks, whatever field or form it arrives in ---

# A synthetic D-nummer (day + 40), valid check digits; no real person.
D_NUMBER = "55058410062"
LEAKS = (SYNTHETIC_ID, D_NUMBER, "158504 10019")


def _everything(tmp_path: Path, result_text: str) -> str:
    """What the run printed and every file it wrote (the inputs left out)."""
    files = [p for p in tmp_path.rglob("*") if p.is_file() and "inputs" not in p.parts]
    return result_text + "".join(p.read_text(errors="replace") for p in files)


def test_a_national_id_in_any_field_key_form_or_file_name_is_masked_in_every_output(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    cases = {
        "a.yaml": f"id: p-a\nperson:\n  national_id: {SYNTHETIC_ID}\n",  # a number, not a string
        "b.json": f'{{"id": "p-b", "person": {{"national_id": {D_NUMBER}}}}}',  # a JSON number
        "c.yaml": f'id: p-c\nperson:\n  municipality: "{SYNTHETIC_ID}"\n',  # in another field
        "d.yaml": f"id: p-d\nperson:\n  age: {D_NUMBER}\n",
        "e.yaml": f"id: p-e\nhousing:\n  {SYNTHETIC_ID}: true\n",  # as a mapping key
        "f.yaml": 'id: p-f\nhousing:\n  situation: "158504 10019"\n',  # written with a space
        f"{SYNTHETIC_ID}.yaml": "id: p-g\nperson:\n  age: x\n",  # in the file name (the source)
        "h.yaml": f"id: {SYNTHETIC_ID}\n",  # as the case id
        "i.yaml": f"id: sak-{D_NUMBER}\nhousing:\n  no_place_to_stay_next_24h: true\n",
    }
    for name, text in cases.items():
        (inputs / name).write_text(text)
    out = tmp_path / "r.jsonl"
    result = CliRunner().invoke(main, ["batch", str(inputs), "--output", str(out), "--reports", str(tmp_path / "rep"), "--summary", str(tmp_path / "s.html")])
    assert result.exit_code == 1
    lines = out.read_text().splitlines()
    assert len(lines) == len(cases)
    everything = _everything(tmp_path, result.stdout + result.stderr)
    for leak in LEAKS:
        assert leak not in everything
    assert "*********19" in out.read_text() and "*********62" in out.read_text()
    assert not (tmp_path / "rep").exists() or not list((tmp_path / "rep").iterdir())  # no report is named after an id


def test_a_national_id_is_refused_as_a_case_id(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(f'id: "{SYNTHETIC_ID}"\n')
    result = CliRunner().invoke(main, ["assess", str(path)])
    assert result.exit_code == 1
    assert "id: en saks-id kan ikke inneholde et fødselsnummer" in result.stderr and SYNTHETIC_ID not in result.output
    english = CliRunner().invoke(main, ["assess", str(path), "--lang", "en"])
    assert "id: a case id must not contain a national id" in english.stderr and SYNTHETIC_ID not in english.output


def test_new_case_refuses_a_national_id_as_its_id(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new-case", str(tmp_path / "n.yaml"), "--id", D_NUMBER])
    assert result.exit_code == 2 and "must not contain a national id" in result.stderr
    assert not (tmp_path / "n.yaml").exists()
    result = CliRunner().invoke(main, ["new-case", "--id", "x\nperson: {}"])
    assert result.exit_code == 2  # an id is a name, never YAML


def test_the_interview_does_not_echo_a_typed_national_id(tmp_path: Path) -> None:
    """Answers come piped (as from a script); what the interview prints must not repeat them."""
    import subprocess
    import sys

    answers = "\n".join([SYNTHETIC_ID, D_NUMBER, "158504 10019"] * 3 + [""] * 60) + "\n"
    exe = Path(sys.executable).parent / "hjemmel"
    args = [str(exe), "interview", "--date", "2024-03-01", "--output", str(tmp_path / "i.yaml")]
    result = subprocess.run(args, input=answers, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    for leak in LEAKS:
        assert leak not in result.stdout and leak not in result.stderr
