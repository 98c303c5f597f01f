"""``--resume`` continues only the same run, and a resumed run is the uninterrupted run.

Issue 11, class 7: a run record beside the results file recognises the run; duplicate ids,
the exit code and ``--summary`` describe the whole results file; a second run on the same
results file is refused at once (an OS lock), never interleaved.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hjemmel.cli import main

CASE = "id: {id}\nassessment_date: 2024-03-01\nhousing:\n  no_place_to_stay_next_24h: true\n"


def invoke(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["batch", *[str(a) for a in args], "--workers", "1"])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    inputs = tmp_path / "inn"
    inputs.mkdir()
    (inputs / "1.yaml").write_text("id: x\nperson:\n  age: nineteen\n")  # fails: its id does not count as used
    (inputs / "2.yaml").write_text(CASE.format(id="x"))  # so this one is assessed
    (inputs / "3.yaml").write_text(CASE.format(id="x"))  # and this one is the duplicate
    (inputs / "4.yaml").write_text("id: y\n")  # no assessment date: the run's day is used
    return inputs


def interrupted_after(out: Path, lines: int) -> None:
    """The results file as a run killed after ``lines`` complete lines (and half a line) leaves it."""
    kept = out.read_text().splitlines(keepends=True)[:lines]
    out.write_text("".join(kept) + '{"case_id": "half')


@pytest.mark.parametrize("after", [1, 2, 3])
def test_a_resumed_run_writes_the_same_file_and_summary_and_exit_code_as_an_uninterrupted_one(folder: Path, tmp_path: Path, after: int) -> None:
    full, full_summary = tmp_path / "full.jsonl", tmp_path / "full.csv"
    code_full, _ = invoke(folder, "--output", full, "--summary", full_summary)
    out, summary = tmp_path / "r.jsonl", tmp_path / "r.csv"
    invoke(folder, "--output", out)
    interrupted_after(out, after)
    code, err = invoke(folder, "--output", out, "--resume", "--summary", summary)
    assert out.read_bytes() == full.read_bytes()
    assert summary.read_text() == full_summary.read_text()
    assert code == code_full == 1  # the failure in line 1 counts, even when resumed after it
    assert f"4 saker: 2 vurdert, 2 feilet (fortsatt etter {after} saker som alt står i {out})" in err  # bokmål by default
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert ["error" in r for r in records] == [True, False, True, False]
    assert "duplicate case id 'x'" in records[2]["error"]["problems"][0]["message"]


def test_resume_refuses_a_different_input_set(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    invoke(folder, "--output", out)
    interrupted_after(out, 2)
    before = out.read_bytes()
    code, err = invoke(folder / "1.yaml", folder / "2.yaml", "--output", out, "--resume")
    assert code == 2 and "cannot resume" in err and "different: the inputs on the command line" in err
    (folder / "2.yaml").write_text(CASE.format(id="changed"))
    code, err = invoke(folder, "--output", out, "--resume")
    assert code == 2 and "different: the input files (4 files" in err
    code, err = invoke(folder, "--output", out, "--resume", "--date", "2024-01-01")
    assert code == 2 and "--date" in err
    assert out.read_bytes() == before  # refused before anything was written


def test_resume_refuses_a_results_file_without_a_run_record(tmp_path: Path, folder: Path) -> None:
    out = tmp_path / "r.jsonl"
    out.write_text('{"case_id": "z"}\n')
    code, err = invoke(folder, "--output", out, "--resume")
    assert code == 2 and "there is no record of the run that wrote it (r.jsonl.resume.json)" in err
    assert out.read_text() == '{"case_id": "z"}\n'


def test_a_resumed_run_uses_the_day_of_the_first_run_for_cases_without_a_date(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    invoke(folder, "--output", out)
    record = Path(str(out) + ".resume.json")
    data = json.loads(record.read_text())
    data["today"] = "2024-03-01"
    record.write_text(json.dumps(data))
    interrupted_after(out, 3)
    invoke(folder, "--output", out, "--resume")
    assert json.loads(out.read_text().splitlines()[3])["assessment_date"] == "2024-03-01"


def test_a_second_run_on_the_same_results_file_is_refused_at_once(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    out.write_text("line of a running batch\n")
    with out.open("a") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # as the first run holds it
        code, err = invoke(folder, "--output", out)
    assert code == 1 and "is being written by another hjemmel batch" in err
    assert out.read_text() == "line of a running batch\n"  # not truncated, not interleaved


def test_resume_without_a_results_file_starts_the_run(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "new.jsonl"
    code, _ = invoke(folder, "--output", out, "--resume")
    assert code == 1 and len(out.read_text().splitlines()) == 4
    assert json.loads(Path(str(out) + ".resume.json").read_text())["inputs"] == [os.fspath(folder)]


def test_a_device_is_never_locked_so_two_runs_may_write_to_dev_null(folder: Path) -> None:
    with open(os.devnull, "w") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        code, err = invoke(folder, "--output", os.devnull)
    assert code == 1 and "4 saker" in err  # ran (one case fails on purpose), not refused
    assert not Path(os.devnull + ".resume.json").exists()


# --- issue 20: the content, not only size and time ----------------------------------------


def test_an_input_edited_with_its_size_and_time_restored_is_not_resumed(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    invoke(folder, "--output", out)
    interrupted_after(out, 2)
    edited = folder / "4.yaml"
    info = edited.stat()
    text = edited.read_text()
    edited.write_text(text.replace("id: y", "id: z"))  # same size
    os.utime(edited, ns=(info.st_atime_ns, info.st_mtime_ns))  # and the time put back
    assert edited.stat().st_size == info.st_size and edited.stat().st_mtime_ns == info.st_mtime_ns
    code, err = invoke(folder, "--output", out, "--resume")
    assert code == 2
    assert f"the content of the input file {edited} (same size, changed bytes)" in err


def test_the_run_record_holds_a_content_digest_of_each_input(folder: Path, tmp_path: Path) -> None:
    import hashlib

    out = tmp_path / "r.jsonl"
    invoke(folder, "--output", out)
    record = json.loads((tmp_path / "r.jsonl.resume.json").read_text())
    contents = record["fingerprint"]["contents"]
    assert contents[str(folder / "1.yaml")] == hashlib.sha256((folder / "1.yaml").read_bytes()).hexdigest()
