"""Crashes and signals: a killed batch resumes to the same bytes, and no worker outlives it.

Issue 11, class 8. These tests run the real command in a process of its own and signal it.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hjemmel import Evaluator
from hjemmel.batch.run import run_batch

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import write_jsonl

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")

EXE = str(Path(sys.executable).parent / "hjemmel")
CASES = 2000


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "cases.jsonl"
    write_jsonl(path, CASES)
    return path


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (workers, and the resource tracker multiprocessing starts)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def worker_pids(pid: int) -> set[int]:
    """The worker processes below ``pid`` (not multiprocessing's resource tracker)."""
    out = set()
    for child in descendants(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in command:
            out.add(child)
    return out


def alive(pids: set[int]) -> set[int]:
    left = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            left.add(pid)
    return left


def wait_gone(pids: set[int], seconds: float = 10.0) -> set[int]:
    deadline = time.monotonic() + seconds
    while (left := alive(pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def start(cases: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    # A session of its own, with Ctrl-C at its default, like a command typed in a terminal.
    return subprocess.Popen(
        [EXE, "batch", str(cases), "--output", str(out), "--workers", "2", "--quiet", *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def wait_for_lines(process: subprocess.Popen[bytes], out: Path, lines: int) -> None:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        if out.exists() and out.read_bytes().count(b"\n") >= lines:
            return
        if process.poll() is not None:
            process.communicate()
            raise AssertionError("the batch ended before it could be interrupted")
        time.sleep(0.02)
    raise AssertionError("no output in time")


def test_kill_9_of_the_main_process_then_resume_gives_the_uninterrupted_output_and_no_worker_survives(
    cases: Path, tmp_path: Path, evaluator: Evaluator
) -> None:
    uninterrupted = io.StringIO()
    run_batch([cases], uninterrupted, evaluator)
    out = tmp_path / "results.jsonl"
    batch = start(cases, out)
    wait_for_lines(batch, out, 50)
    workers = descendants(batch.pid)
    assert workers, "the batch runs in worker processes"
    os.kill(batch.pid, signal.SIGKILL)
    batch.communicate()
    assert wait_gone(workers) == set(), "a worker outlived the main process"
    assert out.read_bytes().count(b"\n") < CASES
    args = [EXE, "batch", str(cases), "--output", str(out), "--workers", "2", "--quiet", "--resume"]
    resumed = subprocess.run(args, capture_output=True, text=True, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert "fortsatt etter" in resumed.stderr and "Traceback" not in resumed.stderr
    assert out.read_text() == uninterrupted.getvalue()


def test_sigterm_is_not_held_up_by_a_stopped_worker(cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    batch = start(cases, out)
    wait_for_lines(batch, out, 1)
    workers = descendants(batch.pid)
    stopped = min(worker_pids(batch.pid))
    os.kill(stopped, signal.SIGSTOP)  # a worker that will never answer
    try:
        began = time.monotonic()
        batch.send_signal(signal.SIGTERM)
        _, err = batch.communicate(timeout=60)
        assert time.monotonic() - began < 30
    finally:
        with contextlib.suppress(ProcessLookupError):  # it should be gone: killed, not awaited
            os.kill(stopped, signal.SIGCONT)
    assert batch.returncode == 130
    assert "Avbrutt etter" in err.decode() and "Traceback" not in err.decode()
    assert wait_gone(workers) == set()


@pytest.mark.parametrize("delay", [0.0, 0.1, 0.25, 0.5])
def test_ctrl_c_in_the_first_half_second_prints_no_traceback(cases: Path, tmp_path: Path, delay: float) -> None:
    """Ctrl-C while hjemmel starts (imports, rule base, workers) ends quietly with 130.

    A Ctrl-C while the Python interpreter itself is still starting (its ``site`` import, before
    any hjemmel code runs) ends in Python's own "init_import_site" message, which no program
    can prevent; such a try is repeated a little later.
    """
    out = tmp_path / "results.jsonl"
    wait = delay
    for _ in range(5):
        batch = start(cases, out)
        time.sleep(wait)
        os.killpg(batch.pid, signal.SIGINT)  # Ctrl-C reaches every process of the terminal's group
        _, raw = batch.communicate(timeout=60)
        err = raw.decode()
        if "init_import_site" not in err:
            break
        wait += 0.02
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert batch.returncode in (130, -signal.SIGINT)  # -SIGINT: before Python could install its handler
    assert wait_gone(descendants(batch.pid) | {batch.pid}) == set()
