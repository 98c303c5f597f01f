"""The Python this suite runs on gets hjemmel's patched durable-rules build, and it is clean.

durable-rules 2.0.28 as released calls ``PyEval_CallObject`` (removed in Python 3.13) and
``datetime.utcfromtimestamp`` (deprecated since 3.12); ``patches/durable-rules-2.0.28.patch``
fixes both, and the setup installs that build on every version. CI runs this on 3.11 and 3.13.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from .conftest import ROOT

# Imports every durable-rules module and calls the function that used utcfromtimestamp.
IMPORT_CHECK = """
import durable, durable.engine, durable.lang, durable_rules_engine
assert durable.engine._unix_now() > 0
print("ok")
"""


def test_durable_rules_imports_with_warnings_as_errors() -> None:
    result = subprocess.run([sys.executable, "-W", "error", "-X", "dev", "-c", IMPORT_CHECK], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok\n" and result.stderr == ""


def test_the_patched_build_is_installed() -> None:
    installed = version("durable-rules")
    assert installed.startswith("2.0.28+hjemmel."), installed
    assert f"tag_build = +{installed.split('+', 1)[1]}" in (ROOT / "patches" / "durable-rules-2.0.28.patch").read_text(encoding="utf-8")


def test_unix_now_is_unchanged_by_the_patch() -> None:
    """The patched _unix_now() is local wall-clock seconds since 1970-01-01, as before."""
    import datetime

    from durable import engine

    expected = (datetime.datetime.now() - datetime.datetime(1970, 1, 1)).total_seconds()
    assert abs(engine._unix_now() - expected) < 5


@pytest.mark.skipif(shutil.which("cc") is None and shutil.which("gcc") is None, reason="needs a C compiler")
def test_the_build_refuses_an_sdist_with_another_hash(tmp_path: Path) -> None:
    fake = tmp_path / "sdist" / "durable_rules-2.0.28.tar.gz"
    fake.parent.mkdir()
    fake.write_bytes(b"not the release")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "durable_rules_wheel.py"), "--cache", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "durable_rules-2.0.28.tar.gz: sha256 " in result.stderr and "does not match" in result.stderr
    assert not fake.exists()


def test_find_python_accepts_this_python_and_explains_what_is_missing(tmp_path: Path) -> None:
    script = str(ROOT / "scripts" / "find-python")
    found = subprocess.run(["bash", script, sys.executable], capture_output=True, text=True, check=False)
    assert found.returncode == 0 and Path(found.stdout.strip()).exists(), found.stderr
    # No Python anywhere: one message naming what is needed, exit 1.
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path)}
    none = subprocess.run([shutil.which("bash") or "/bin/bash", script], capture_output=True, text=True, env=env, check=False)
    assert none.returncode == 1 and none.stdout == ""
    for needed in ("CPython 3.11, 3.12, 3.13 or 3.14", "C headers (Python.h)", "a C compiler", "make PYTHON="):
        assert needed in none.stderr
