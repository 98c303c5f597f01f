"""Beyond one machine: the workers' code as one function, and the Dask recipe, give the batch's output."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest
from hjemmel import Evaluator, result_lines
from hjemmel.batch.distributed import partition_lines
from hjemmel.batch.run import run_batch

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import synthetic_cases

DAY = dt.date(2024, 3, 1)


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three JSON Lines partitions: generated cases, a blank line, a broken line and an invalid case."""
    folder = tmp_path_factory.mktemp("parts")
    cases = [json.dumps(case) for case in synthetic_cases(150)]
    paths = []
    for i in range(3):
        path = folder / f"part-{i}.jsonl"
        chunk = cases[i * 50 : (i + 1) * 50]
        if i == 1:
            chunk = [*chunk[:10], "", "{broken", '{"id": "x-1", "person": {"age": -4}}', *chunk[10:]]
        path.write_text("\n".join(chunk) + "\n")
        paths.append(path)
    return paths


def _batch(evaluator: Evaluator, paths: list[Path]) -> list[str]:
    out = io.StringIO()
    run_batch(paths, out, evaluator, on=DAY)
    return out.getvalue().splitlines()


def test_result_lines_of_each_partition_equal_the_batch(evaluator: Evaluator, parts: list[Path]) -> None:
    lines = [line for path in parts for line in result_lines(path.read_text().splitlines(), evaluator.rules, on=DAY, source=str(path))]
    assert lines == _batch(evaluator, parts)


def test_case_dicts_give_the_same_assessments(evaluator: Evaluator) -> None:
    cases = list(synthetic_cases(20))  # each on its own assessment date
    from_dicts = list(result_lines(cases, evaluator.rules))
    from_text = list(result_lines([json.dumps(c) for c in cases], evaluator.rules))
    assert from_dicts == from_text and all("findings" in json.loads(line) for line in from_dicts)


def test_dask_local_cluster_with_two_worker_processes_gives_the_batch_output(evaluator: Evaluator, parts: list[Path]) -> None:
    pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    import dask.bag as db

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, distributed.Client(cluster):
        bag = db.read_text([str(p) for p in parts], blocksize=None, include_path=True)
        assert bag.npartitions == len(parts)
        lines = bag.map_partitions(partition_lines, on=DAY).compute()
    assert lines == _batch(evaluator, parts)


def test_the_recipe_in_the_analysts_guide_runs_as_written_and_writes_the_batch_sources(tmp_path: Path, parts: list[Path]) -> None:
    """The code block of docs/analysts.md, pasted into a script and run in a folder with parts/."""
    pytest.importorskip("distributed")
    import re
    import shutil
    import subprocess

    text = (ROOT / "docs" / "analysts.md").read_text(encoding="utf-8")
    recipe = next(block for block in re.findall(r"```python\n(.*?)```", text, re.S) if "LocalCluster" in block)
    (tmp_path / "parts").mkdir()
    for path in parts:
        shutil.copy(path, tmp_path / "parts" / path.name)
    (tmp_path / "recipe.py").write_text(recipe, encoding="utf-8")
    done = subprocess.run([sys.executable, "recipe.py"], cwd=tmp_path, capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    batch = subprocess.run(
        [str(Path(sys.executable).parent / "hjemmel"), "batch", "parts", "--date", "2024-03-01", "-o", "-", "-q", "-j", "1"],
        cwd=tmp_path, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert done.stdout.splitlines() == batch.stdout.splitlines()
    assert str(tmp_path) not in done.stdout
