"""Installs as a normal package: a wheel in a fresh virtual environment works from anywhere."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from .conftest import CASES, ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    # Build from a copy of the tracked files, as a fresh clone would: a developer's build/
    # folder may hold modules of an older layout that setuptools would pack again.
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns("build", "dist", ".venv*", ".git", "*.egg-info", "__pycache__", ".*cache", ".hypothesis"))
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(work / "dist"), str(source)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    (wheel,) = (work / "dist").glob("hjemmel-*.whl")
    # The patched durable-rules wheel beside it, as `make dist` does (cached: no rebuild here).
    durable = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "durable_rules_wheel.py"), "--copy-to", str(work / "dist")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert durable.returncode == 0, durable.stderr
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    pip = subprocess.run(
        [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", "--find-links", str(work / "dist"), "hjemmel"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert pip.returncode == 0, pip.stderr[-2000:]
    shown = subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "show", "durable-rules"], capture_output=True, text=True, check=False)
    assert "Version: 2.0.28+hjemmel." in shown.stdout  # the patched build, not PyPI's sdist
    (env_dir / "wheel-name").write_text(str(wheel))
    return env_dir / "bin" / "hjemmel"


def test_the_wheel_installs_one_import_package_named_hjemmel(installed: Path) -> None:
    """Nothing but ``hjemmel`` at the top level: no ``engine`` or ``reports`` to clash with other packages."""
    import zipfile

    wheel = Path((installed.parent.parent / "wheel-name").read_text())
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names if not name.split("/")[0].endswith((".dist-info", ".data"))}
    assert top == {"hjemmel"}
    assert "hjemmel/rules/laws.yaml" in names and "hjemmel/reports/templates/assessment.html.j2" in names
    assert "hjemmel/cases/facts.yaml" in names


def test_installed_wheel_assesses_a_case_from_another_directory(installed: Path, tmp_path: Path) -> None:
    case = CASES / "ettervern-19-ar-2024.yaml"
    result = subprocess.run([str(installed), "assess", str(case), "--format", "json"], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert "bvl.3-6.ettervern" in {f["rule"] for f in data["findings"]}


def test_installed_wheel_ships_rules_and_templates(installed: Path, tmp_path: Path) -> None:
    version = subprocess.run([str(installed), "--version"], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert "rule base" in version.stdout and "sha256:" in version.stdout
    html = subprocess.run(
        [str(installed), "assess", str(CASES / "bostedslos-2008.yaml"), "--format", "html"], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert html.returncode == 0 and "<!DOCTYPE html>" in html.stdout


def test_rules_option_points_at_another_rule_base(installed: Path, tmp_path: Path) -> None:
    result = subprocess.run([str(installed), "--rules", str(tmp_path), "rules", "list"], capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "laws.yaml is missing" in result.stderr


def test_the_wheel_carries_the_web_server_and_asks_for_its_optional_packages(installed: Path, tmp_path: Path) -> None:
    """``hjemmel serve`` needs ``pip install 'hjemmel[serve]'``; without it, one sentence says so."""
    import zipfile

    names = zipfile.ZipFile(Path((installed.parent.parent / "wheel-name").read_text())).namelist()
    assert {"hjemmel/serve/templates/interview.html.j2", "hjemmel/serve/static/hjemmel.css", "hjemmel/serve/static/hjemmel.js"} <= set(names)
    result = subprocess.run([str(installed), "serve", "--check"], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 1 and "pip install 'hjemmel[serve]'" in result.stderr and "Traceback" not in result.stderr
