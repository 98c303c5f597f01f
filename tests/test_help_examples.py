"""Every example in ``--help`` runs as written, from a folder that has the project's ``cases/``.

The examples are run by a shell, as a newcomer would paste them, with the installed
``hjemmel`` command and from a folder other than the source tree (so an import that only
works from the repository's root fails here too).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from hjemmel.cli import main
from hjemmel.cli.reference import _commands

from .conftest import CASES

BIN = Path(sys.executable).parent


def _examples() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for path, command in [("hjemmel", main), *_commands(main, "hjemmel")]:
        lines = (command.help or "").splitlines()
        for index, line in enumerate(lines):
            if line.strip() != "Example:":
                continue
            for example in lines[index + 1 :]:
                if not example.strip():
                    break
                found.append((path, example.strip()))
    return found


EXAMPLES = _examples()


def test_every_command_with_an_example_is_found() -> None:
    paths = {path for path, _ in EXAMPLES}
    leaves = {path for path, command in _commands(main, "hjemmel") if not isinstance(command, click.Group)}
    assert leaves <= paths


@pytest.mark.skipif(not (BIN / "hjemmel").exists(), reason="needs the installed hjemmel command beside this Python")
@pytest.mark.parametrize(("path", "example"), EXAMPLES, ids=[example for _, example in EXAMPLES])
def test_help_example_runs(path: str, example: str, tmp_path: Path) -> None:
    (tmp_path / "cases").symlink_to(CASES, target_is_directory=True)
    # a copy of Lovdata's data set for `rules sources` (one act, boligsosialloven, in full)
    (tmp_path / "lovverk").symlink_to(CASES.parent / "tests" / "data" / "lovverk" / "base", target_is_directory=True)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(["bash", "-o", "pipefail", "-c", example], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, f"{path}: {example}\n{result.stderr[-2000:]}"
    assert "Traceback" not in result.stderr
