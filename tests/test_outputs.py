"""Outputs: never over an input, never replacing a device, one clear message when a write fails.

Issue 11, classes 2 (outputs never overlap inputs), 4 (writing never replaces what is not a
regular file; full disk, read-only folder) and the report edges of class 11 (names,
permissions).
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from hjemmel.cli import main
from hjemmel.errors import OutputError
from hjemmel.files import atomic_write_text, new_file_mode

CASE = "id: {id}\nassessment_date: 2024-03-01\nhousing:\n  no_place_to_stay_next_24h: true\n"


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inn"
    folder.mkdir()
    (folder / "a.yaml").write_text(CASE.format(id="a"))
    (folder / "b.json").write_text(json.dumps({"id": "b"}))
    (folder / "c.csv").write_text("id,person.age\nc,30\n")
    return folder


# --- class 2: outputs never overlap inputs -----------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["batch", "{a}", "--output", "{a}"], "--output {a} is also an input"),
        (["batch", "{inn}", "--output", "{inn}/results.jsonl"], "lies inside the input folder {inn}"),
        (["batch", "{c}", "--output", "{out}", "--summary", "{c}"], "--summary {c} is also an input"),
        (["batch", "{inn}", "--output", "{out}", "--summary", "{inn}/s.csv"], "lies inside the input folder"),
        (["batch", "{inn}", "--output", "{out}", "--reports", "{inn}"], "--reports {inn} overlaps the input {inn}"),
        (["batch", "{a}", "--output", "{out}", "--reports", "{inn}/.."], "overlaps the input {a}"),
        (["assess", "{a}", "-o", "{a}"], "--output {a} is also an input"),
        (["interview", "{a}", "-o", "{a}"], "--output {a} is also an input"),
    ],
)
def test_an_output_that_is_or_lies_inside_an_input_is_refused_before_anything_is_written(inputs: Path, args: list[str], message: str) -> None:
    names = {"a": inputs / "a.yaml", "c": inputs / "c.csv", "inn": inputs, "out": inputs.parent / "r.jsonl"}
    before = {p.name: p.read_bytes() for p in inputs.iterdir()}
    code, _, err = invoke(*[arg.format(**names) for arg in args])
    assert code == 2
    assert message.format(**names) in err
    assert {p.name: p.read_bytes() for p in inputs.iterdir()} == before  # every input intact, nothing added
    assert not names["out"].exists()


def test_a_glob_never_reads_back_the_runs_own_outputs(inputs: Path) -> None:
    out = inputs / "results.json"  # matched by the pattern below, and created before it is expanded
    code, _, err = invoke("batch", inputs / "*.json*", "--output", out)
    assert code == 0, err
    assert [json.loads(line)["case_id"] for line in out.read_text().splitlines()] == ["b"]


def test_a_hard_link_to_an_input_is_the_input(inputs: Path, tmp_path: Path) -> None:
    os.link(inputs / "a.yaml", tmp_path / "same.jsonl")
    code, _, err = invoke("batch", inputs / "a.yaml", "--output", tmp_path / "same.jsonl")
    assert code == 2 and "is also an input" in err
    assert (inputs / "a.yaml").read_text() == CASE.format(id="a")


# --- class 4: never replace what is not a regular file -----------------------------------


@pytest.fixture
def full_device(tmp_path: Path) -> Path:
    """A device that is always full: a new node like /dev/full when we may make one (root), else /dev/full."""
    node = tmp_path / "full"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except (PermissionError, OSError):
        if not os.path.exists("/dev/full"):
            pytest.skip("no /dev/full here")
        return Path("/dev/full")
    return node


def test_assess_to_a_full_device_is_one_message_and_the_device_stays_a_device(inputs: Path, full_device: Path) -> None:
    code, _, err = invoke("assess", inputs / "a.yaml", "-o", full_device)
    assert code == 1
    assert err.strip() == f"{full_device}: cannot write the file: No space left on device"
    assert stat.S_ISCHR(os.stat(full_device).st_mode)
    assert not [p for p in full_device.parent.iterdir() if p.name.startswith(".full.")]  # no temp file left


def test_batch_to_a_full_device_says_so_with_a_resume_hint(inputs: Path, full_device: Path, tmp_path: Path) -> None:
    code, _, err = invoke("batch", inputs, "--output", full_device)
    assert code == 1
    assert f"cannot write {full_device}: No space left on device; every complete line in it is kept: run again with --resume" in err
    assert stat.S_ISCHR(os.stat(full_device).st_mode)
    assert not Path(str(full_device) + ".resume.json").exists()  # no run record beside a device


def test_writing_to_dev_null_and_to_a_fifo_writes_in_place(inputs: Path, tmp_path: Path) -> None:
    code, _, err = invoke("assess", inputs / "a.yaml", "-o", os.devnull)
    assert code == 0, err
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code, _, err = invoke("assess", inputs / "a.yaml", "-o", fifo, "--format", "json")
    reader.join(timeout=30)
    assert code == 0, err
    assert json.loads(received[0])["case_id"] == "a"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_symbolic_link_is_written_through_and_stays_a_link(inputs: Path, tmp_path: Path) -> None:
    target = tmp_path / "target.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    code, _, err = invoke("assess", inputs / "a.yaml", "-o", link)
    assert code == 0, err
    assert link.is_symlink() and "VURDERING" in target.read_text()


def test_a_read_only_folder_is_one_message(inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def read_only(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")  # what a folder without write access gives (root ignores the mode bits)

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    code, _, err = invoke("assess", inputs / "a.yaml", "-o", tmp_path / "r.txt")
    assert code == 1 and err.strip() == f"{tmp_path / 'r.txt'}: cannot write the file: Permission denied"


def test_a_write_that_fails_removes_its_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(fd: int, mode: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fchmod", no_space)
    with pytest.raises(OutputError, match="No space left on device"):
        atomic_write_text(tmp_path / "r.txt", "text")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_not_a_file_to_write(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="this is a folder, not a file"):
        atomic_write_text(tmp_path, "text")


# --- class 11: report files ---------------------------------------------------------------


def test_report_files_have_the_results_files_permissions_and_names_never_collide(tmp_path: Path) -> None:
    folder = tmp_path / "inn"
    folder.mkdir()
    for name, case_id in (("1.yaml", "a..b"), ("2.yaml", "a_b"), ("3.yaml", "Sak-1"), ("4.yaml", "sak-1")):
        (folder / name).write_text(CASE.format(id=case_id))
    out, reports = tmp_path / "r.jsonl", tmp_path / "rapporter"
    code, _, err = invoke("batch", folder, "--output", out, "--reports", reports, "--format", "text")
    assert code == 0, err
    assert sorted(p.name for p in reports.iterdir()) == ["Sak-1.txt", "a..b.txt", "a_b.txt", "sak-1~2.txt"]
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [out, *reports.iterdir()]}
    assert modes == {new_file_mode()}  # 0666 less the umask, like any new file
