"""``hjemmel verify`` (issue 23, part 2): a results file replayed against its inputs.

An untouched file passes (one or two workers, lean or --full lines, with or without the run
record); a changed section, a dropped, duplicated or added line, and an edited input are each
named with their line; bad input gets a located message and exit 1 or 2, never a traceback.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hjemmel.cli import main

from .conftest import CASES

SAMPLE = ("ettervern-19-ar-2024.yaml", "bostedslos-2008.yaml", "bostedslos-2025.yaml", "utkastelse-2024.yaml")


def cli(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def run(tmp_path: Path) -> tuple[Path, Path]:
    """Four example cases, one undated case and a JSON Lines file of two, and their batch results."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name in SAMPLE:
        shutil.copy(CASES / name, inputs / name)
    (inputs / "undated.yaml").write_text("id: undated\nhousing:\n  no_place_to_stay_next_24h: true\n", "utf-8")
    lines = [{"id": "j-1", "person": {"age": 19}, "child_welfare": {"measures_before_18": True}}, {"id": "j-2", "person": {"age": 40}}]
    (inputs / "more.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    (inputs / "rows.csv").write_text("id;person.age;housing.no_place_to_stay_next_24h\nr-1;30;SANN\nr-2;nineteen;\n", "utf-8")  # r-2 fails
    results = tmp_path / "out" / "results.jsonl"
    code, _, err = cli("batch", inputs, "-o", results, "-q", "-j", "1")
    assert code == 1, err  # (one CSV row is an error record)
    return inputs, results


def lines(path: Path) -> list[str]:
    return path.read_text("utf-8").splitlines()


def write(path: Path, rows: list[str]) -> Path:
    path.write_text("".join(row + "\n" for row in rows), "utf-8")
    return path


@pytest.mark.parametrize("workers", ["1", "2"])
def test_an_untouched_results_file_passes(run: tuple[Path, Path], workers: str) -> None:
    inputs, results = run
    code, out, err = cli("verify", results, inputs, "-j", workers, "-q")
    assert (code, out) == (0, "")
    assert "9 saker, 9 linjer" in err and "9 like, 0 ulike, 0 mangler, 0 doble" in err  # in the run's language (nb)


def test_full_lines_a_date_and_no_run_record_pass_too(tmp_path: Path, run: tuple[Path, Path]) -> None:
    inputs, _ = run
    full = tmp_path / "full" / "full.jsonl"
    assert cli("batch", inputs, "-o", full, "-q", "-j", "1", "--full", "--date", "2025-06-01", "--lang", "en")[0] == 1  # (the CSV error row)
    full.with_name(full.name + ".resume.json").unlink()  # the options now come from the receipts alone
    code, out, err = cli("verify", full, inputs, "-q", "-j", "2")
    assert (code, out) == (0, ""), err


def test_a_resumed_run_passes(tmp_path: Path, run: tuple[Path, Path]) -> None:
    inputs, _ = run
    resumed = tmp_path / "resumed" / "r.jsonl"
    assert cli("batch", inputs, "-o", resumed, "-q", "-j", "1")[0] == 1
    resumed.write_text("".join(row + "\n" for row in lines(resumed)[:3]) + '{"case_id": "cut', "utf-8")
    assert cli("batch", inputs, "-o", resumed, "-q", "-j", "2", "--resume")[0] == 1
    assert cli("verify", resumed, inputs, "-q", "-j", "2")[:2] == (0, "")


def test_an_error_record_that_is_now_an_assessment_is_named(tmp_path: Path, run: tuple[Path, Path]) -> None:
    inputs, results = run
    (inputs / "rows.csv").write_text("id;person.age;housing.no_place_to_stay_next_24h\nr-1;30;SANN\nr-2;19;\n", "utf-8")
    code, out, _ = cli("verify", results, inputs, "-q", "-j", "1")
    assert code == 1 and out.count("\n") == 1 and "case r-2: the line is a case_file error record, but the case is assessed now" in out


def test_a_changed_section_is_named_with_its_line(tmp_path: Path, run: tuple[Path, Path]) -> None:
    inputs, results = run
    rows = lines(results)
    number = next(i for i, row in enumerate(rows) if json.loads(row).get("findings"))
    data = json.loads(rows[number])
    rule, section = data["findings"][0]["rule"], data["findings"][0]["section"]
    data["findings"][0]["section"] = "99"
    rows[number] = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    code, out, _ = cli("verify", write(tmp_path / "changed.jsonl", rows), inputs, "-q", "-j", "1")
    assert code == 1
    assert out.splitlines() == [
        f'{tmp_path / "changed.jsonl"}:{number + 1}: case {data["case_id"]}: finding {rule}: section is "99" in the line, "{section}" now'
    ]


def test_a_dropped_line_is_named_and_the_others_still_match(tmp_path: Path, run: tuple[Path, Path]) -> None:
    inputs, results = run
    rows = lines(results)
    dropped = json.loads(rows[2])["case_id"]
    code, out, err = cli("verify", write(tmp_path / "dropped.jsonl", rows[:2] + rows[3:]), inputs, "-q", "-j", "1")
    assert code == 1
    assert out.splitlines() == [
        f"{tmp_path / 'dropped.jsonl'}: case {dropped}: no line in the results (dropped: expected before line 3; input {inputs / dropped}.yaml)"
    ]
    assert "8 like, 0 ulike, 1 mangler" in err
    code, out, _ = cli("verify", write(tmp_path / "last.jsonl", rows[:-1]), inputs, "-q", "-j", "1")
    assert code == 1 and "expected at the end" in out


def test_a_duplicated_line_is_named(tmp_path: Path, run: tuple[Path, Path]) -> None:
    inputs, results = run
    rows = lines(results)
    twice = json.loads(rows[1])["case_id"]
    code, out, err = cli("verify", write(tmp_path / "dup.jsonl", [*rows[:2], rows[1], *rows[2:]]), inputs, "-q", "-j", "2")
    assert code == 1
    assert out.splitlines() == [f"{tmp_path / 'dup.jsonl'}:3: case {twice}: duplicated line (the case's line is line 2)"]
    assert "9 like, 0 ulike, 0 mangler, 1 doble" in err
    code, out, _ = cli("verify", write(tmp_path / "end.jsonl", [*rows, rows[0]]), inputs, "-q", "-j", "1")
    assert code == 1 and out.strip().endswith("duplicated line (the case's line is line 1)")


def test_an_added_line_and_a_line_that_is_not_json_are_named(tmp_path: Path, run: tuple[Path, Path]) -> None:
    inputs, results = run
    rows = lines(results)
    stranger = rows[0].replace(json.loads(rows[0])["case_id"], "stranger", 1)
    code, out, _ = cli("verify", write(tmp_path / "added.jsonl", [rows[0], stranger, "{oops", *rows[1:]]), inputs, "-q", "-j", "1")
    assert code == 1
    name = tmp_path / "added.jsonl"
    assert out.splitlines() == [
        f"{name}:2: case stranger: a line that no case of the inputs gives (added, or its input is not given)",
        f"{name}:3: not a JSON object (a results file is JSON Lines: one assessment or error record per line)",
    ]


def test_an_edited_input_is_named(tmp_path: Path, run: tuple[Path, Path]) -> None:
    inputs, results = run
    case = inputs / "ettervern-19-ar-2024.yaml"
    case.write_text(case.read_text("utf-8").replace("no_place_to_stay_next_24h: false", "no_place_to_stay_next_24h: true"), "utf-8")
    code, out, _ = cli("verify", results, inputs, "-q", "-j", "1")
    assert code == 1
    (line,) = out.splitlines()
    number = next(i for i, row in enumerate(lines(results), 1) if json.loads(row)["case_id"] == "ettervern-19-ar-2024")
    assert line.startswith(f"{results}:{number}: case ettervern-19-ar-2024: input: sha256:")
    assert "(the case was changed)" in line and "finding sotjl.27 (nav-kontoret) is in the re-assessment but not in the line" in line
    # a change of layout only (comments, key order, quoting) is the same input
    (inputs / "more.jsonl").write_text(
        '{"person": {"age": 19}, "id": "j-1", "child_welfare": {"measures_before_18": true}}\n{"id": "j-2", "person": {"age": 40}}\n'
    )
    case.write_text(case.read_text("utf-8").replace("no_place_to_stay_next_24h: true", "no_place_to_stay_next_24h: false") + "# a comment\n", "utf-8")
    assert cli("verify", results, inputs, "-q", "-j", "1")[:2] == (0, "")


def test_bad_input_gets_a_located_message(tmp_path: Path, run: tuple[Path, Path]) -> None:
    inputs, results = run
    yaml_file = tmp_path / "r.jsonl"
    yaml_file.write_text("id: x\nperson: {}\n", "utf-8")
    code, _, err = cli("verify", yaml_file, inputs)
    assert code == 1 and err.startswith(f"{yaml_file}:1: not JSON Lines")
    binary = tmp_path / "b.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage\n")
    code, _, err = cli("verify", binary, inputs)
    assert code == 1 and "not JSON Lines" in err
    code, _, err = cli("verify", results, tmp_path / "gone.yaml")
    assert code == 2 and f"{tmp_path / 'gone.yaml'}: no such input file or folder" in err
    code, _, err = cli("verify", tmp_path / "none.jsonl", inputs)
    assert code == 2 and "no such results file" in err


def test_a_receipt_of_another_rule_base_is_refused_naming_it(tmp_path: Path, run: tuple[Path, Path]) -> None:
    inputs, results = run
    rows = []
    for row in lines(results):
        data = json.loads(row)
        if "receipt" in data:  # (not in an error record)
            data["receipt"]["rules"] = {"version": "1999.1", "digest": "sha256:" + "0" * 64}
        rows.append(json.dumps(data))
    code, out, err = cli("verify", write(tmp_path / "other.jsonl", rows), inputs)
    assert code == 2 and out == ""
    assert f"{tmp_path / 'other.jsonl'}:1: the results were assessed with rule base 1999.1 (sha256:{'0' * 64})" in err
    # one line of another rule base among the others: that line differs
    mixed = [*lines(results)[:3], rows[3], *lines(results)[4:]]
    code, out, _ = cli("verify", write(tmp_path / "mixed.jsonl", mixed), inputs, "-q", "-j", "1")
    assert code == 1 and out.startswith(f"{tmp_path / 'mixed.jsonl'}:4: case ") and "rule base: 1999.1 (sha256:000000000000…) in the receipt" in out


def test_impact_results_are_refused(tmp_path: Path, run: tuple[Path, Path]) -> None:
    inputs, _ = run
    impact = tmp_path / "impact.jsonl"
    assert cli("impact", inputs, "--from", "2024-01-01", "--to", "2025-01-01", "-o", impact, "-q", "-j", "1")[0] == 1  # (the CSV error row)
    code, _, err = cli("verify", impact, inputs)
    assert code == 2 and "an impact line" in err


def test_an_interrupted_verify_names_no_line_it_did_not_reach(run: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C after two cases: the lines not yet checked are not reported as strays."""
    import hjemmel.interrupts

    inputs, results = run
    calls = {"n": 0}

    def check() -> None:
        calls["n"] += 1
        if calls["n"] > 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(hjemmel.interrupts, "check", check)
    code, out, err = cli("verify", results, inputs, "-j", "1")
    assert code == 130, (out, err)
    assert "no case of the inputs" not in out + err
