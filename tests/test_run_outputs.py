"""Every output of a run guarded like the results file (issue 20, class "side outputs").

One outputs object (``hjemmel.batch.outputs``) for ``--output``, ``--findings``, ``--summary``,
``--reports`` and the run record: each is locked for the run, refused when it is another
output or the run record, and a failed write names the file that failed and stops the run
cleanly (workers ended, no hang).
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hjemmel.batch.outputs import OutputOptions, RunOptions, RunOutputs
from hjemmel.batch.overlap import OutputConflict
from hjemmel.cli import main
from hjemmel.errors import OutputError

CASE = "id: {id}\nassessment_date: 2024-03-01\nhousing:\n  no_place_to_stay_next_24h: true\n"
HJEMMEL = Path(sys.executable).with_name("hjemmel")


def invoke(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    inputs = tmp_path / "inn"
    inputs.mkdir()
    for name in "abc":
        (inputs / f"{name}.yaml").write_text(CASE.format(id=name))
    return inputs


def test_the_option_objects_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        OutputOptions(results=Path("r.jsonl")).findings = Path("f.csv")  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        RunOptions(inputs=("x",)).resume = True  # type: ignore[misc]


@pytest.mark.parametrize("option", ["--findings", "--summary"])
def test_a_side_output_held_by_another_run_is_refused_before_anything_of_this_run_is_truncated(folder: Path, tmp_path: Path, option: str) -> None:
    shared = tmp_path / ("shared.csv")
    shared.write_text("rows of the first run\n")
    mine = tmp_path / "mine.jsonl"
    mine.write_text("an earlier run's line\n")
    with shared.open("a") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # as the first run holds it
        code, err = invoke("batch", folder, "--output", mine, option, shared)
    assert code == 1 and f"{option} {shared} is being written by another hjemmel batch" in err
    assert shared.read_text() == "rows of the first run\n"
    assert mine.read_text() == "an earlier run's line\n"  # the lock comes before any truncation


def test_a_reports_folder_held_by_another_run_is_refused(folder: Path, tmp_path: Path) -> None:
    reports = tmp_path / "rapporter"
    reports.mkdir()
    fd = os.open(reports, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        code, err = invoke("batch", folder, "--output", tmp_path / "r.jsonl", "--reports", reports)
    finally:
        os.close(fd)
    assert code == 1 and "is being written by another hjemmel batch" in err
    assert not list(reports.iterdir())


@pytest.mark.parametrize("command", ["batch", "impact"])
@pytest.mark.parametrize("option", ["--findings"])  # (a summary must end in .html or .csv)
def test_a_side_output_that_is_a_run_record_is_refused(folder: Path, tmp_path: Path, command: str, option: str) -> None:
    out = tmp_path / "r.jsonl"
    extra = ["--from", "2023-01-01", "--to", "2024-01-01"] if command == "impact" else []
    assert invoke(command, folder, "--output", out, *extra)[0] == 0
    record = tmp_path / "r.jsonl.resume.json"
    before = record.read_bytes()
    code, err = invoke(command, folder, "--output", out, *extra, option, record)
    assert code == 2 and "run record" in err
    assert record.read_bytes() == before
    other = tmp_path / "other.jsonl.resume.json"  # another run's record
    code, err = invoke(command, folder, "--output", tmp_path / "s.jsonl", *extra, option, other)
    assert code == 2 and "named like a run record" in err and not other.exists()


def test_two_outputs_of_one_run_that_are_one_file_are_refused(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    link = tmp_path / "link.csv"
    out.write_text("")
    os.link(out, link)
    code, err = invoke("batch", folder, "--output", out, "--findings", link)
    assert code == 2 and "every output of a run needs a file of its own" in err


def test_a_report_never_overwrites_another_output_in_the_reports_folder(tmp_path: Path) -> None:
    inputs = tmp_path / "inn"
    inputs.mkdir()
    (inputs / "a.yaml").write_text(CASE.format(id="summary"))
    reports = tmp_path / "rapporter"
    code, _ = invoke("batch", inputs, "--output", tmp_path / "r.jsonl", "--reports", reports, "--summary", reports / "summary.html")
    assert code == 0
    assert "<svg" in (reports / "summary.html").read_text() or "summary" in (reports / "summary.html").read_text()
    assert (reports / "summary~2.html").exists()


def test_the_library_refuses_the_run_record_as_an_output(folder: Path, tmp_path: Path) -> None:
    outputs = OutputOptions(results=tmp_path / "r.jsonl", findings=tmp_path / "r.jsonl.resume.json")
    with pytest.raises(OutputConflict), RunOutputs(RunOptions(inputs=(str(folder),)), outputs):
        pass


def test_an_unwritten_summary_placeholder_is_removed(folder: Path, tmp_path: Path) -> None:
    summary = tmp_path / "s.html"
    with pytest.raises(OutputError), RunOutputs(RunOptions(inputs=(str(folder),)), OutputOptions(results=tmp_path / "r.jsonl", summary=summary)):
        assert summary.exists()  # locked for the run
        raise OutputError("stop")
    assert not summary.exists()


# --- a full disk for each side output: the file that failed is named, no hang ----------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs", str(mount)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.fixture
def many(tmp_path: Path) -> Path:
    path = tmp_path / "many.jsonl"
    case = {"assessment_date": "2024-03-01", "housing": {"no_place_to_stay_next_24h": True}, "person": {"age": 30}}
    path.write_text("".join(json.dumps({"id": f"c{i}", **case}) + "\n" for i in range(400)))
    return path


@pytest.mark.parametrize("side", ["--findings", "--reports", "--summary"])
def test_a_full_disk_under_a_side_output_names_that_file_and_stops_cleanly(small_disk: Path, many: Path, tmp_path: Path, side: str) -> None:
    out = tmp_path / "r.jsonl"
    target = small_disk / {"--findings": "funn.csv", "--reports": "rapporter", "--summary": "s.html"}[side]
    if side == "--summary":
        (small_disk / "filler").write_bytes(b"x" * 28 * 1024)  # room for the placeholder, not the page
    args = [str(HJEMMEL), "batch", str(many), "--output", str(out), side, str(target), "--workers", "2", "--quiet"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)  # never hangs
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert f"cannot write {target}" in done.stderr
    assert f"cannot write {out}" not in done.stderr
    lines = out.read_text().splitlines(keepends=True)
    assert all(line.endswith("\n") for line in lines) and all(json.loads(line) for line in lines)
    if side == "--findings":
        assert target.read_bytes().endswith(b"\r\n")  # cut back to the last complete row
    if side == "--reports":
        assert not [p for p in target.iterdir() if p.name.endswith(".tmp")]
    if side == "--summary":
        assert not target.exists() or target.stat().st_size > 0
    left = subprocess.run(["pgrep", "-f", f"{many}"], capture_output=True, text=True, check=False).stdout.split()
    assert not [pid for pid in left if int(pid) != os.getpid()]


def test_a_full_disk_under_the_results_names_them_and_keeps_every_complete_line(small_disk: Path, many: Path) -> None:
    out = small_disk / "r.jsonl"
    args = [str(HJEMMEL), "batch", str(many), "--output", str(out), "--workers", "2", "--quiet"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)  # never hangs
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"cannot write {out}: No space left on device; every complete line in it is kept" in done.stderr
    lines = out.read_text().splitlines(keepends=True)
    assert lines and all(line.endswith("\n") for line in lines) and all(json.loads(line) for line in lines)  # cut back to the last complete line


def test_a_disk_too_full_for_the_run_record_names_the_record_and_writes_nothing(small_disk: Path, many: Path) -> None:
    (small_disk / "filler").write_bytes(b"x" * 32 * 1024)
    out = small_disk / "r.jsonl"
    done = subprocess.run([str(HJEMMEL), "batch", str(many), "--output", str(out), "--quiet"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "r.jsonl.resume.json" in done.stderr and "No space left on device" in done.stderr
    assert not out.exists() or out.stat().st_size == 0
