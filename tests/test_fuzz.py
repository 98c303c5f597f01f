"""Hostile and broken input: the only outcomes are an assessment or a clear error.

Hypothesis feeds arbitrary documents, arbitrary bytes and mutations of the example case
files to `assess` and `batch`. Any other exception, a traceback, a hang (deadline) or an
error without a location fails the test. The hostile files of issue 11 (``tests/hostile.py``:
YAML-1.1 special scalars, tags, huge integers, lone surrogates, control characters and
national ids in every position, also in file names) go through `assess` and `batch` with one
and two workers: one outcome per case, in input order, no traceback, no national id printed.
``HJEMMEL_FUZZ_EXAMPLES`` raises the number of examples for a long run.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hjemmel import CaseFileError, Evaluator, load_rules
from hjemmel.batch.run import run_batch
from hjemmel.cases.inputs import iter_file_records
from hjemmel.cli import main
from hjemmel.safe_text import contains_national_id, mask_national_ids
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import CASES, ROOT, examples
from .hostile import HostileFile, hostile_files

EVALUATOR = Evaluator(load_rules(ROOT / "rules"))
FUZZ = settings(max_examples=examples(200), deadline=2000, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
EXAMPLES = [yaml.safe_load(p.read_text()) for p in sorted(CASES.glob("*.yaml"))]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30), st.sampled_from(["2024-02-30", "0301", "homeless", "ja", "", "9" * 40]),
)  # fmt: skip
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=12), inner, max_size=6)), max_leaves=30)


def _outcome(path: Path) -> str:
    """'case', 'error' or raises: load then assess like the CLI does."""
    records = list(iter_file_records(path))
    assert len(records) >= 1
    for record in records:
        if record.error is not None:
            _check_error(record.error)
            continue
        assert record.case is not None
        try:
            assessment = EVALUATOR.assess(record.case, source=record.source)
        except CaseFileError as exc:
            _check_error(exc)
            continue
        json.dumps(assessment.to_json_dict())
    return "ok"


def _check_error(error: CaseFileError) -> None:
    text = error.format()
    assert text and "Traceback" not in text
    assert error.problems, "an error must name at least one problem"
    for problem in error.problems:
        assert problem.file, "every problem names its file"


@FUZZ
@given(documents, st.sampled_from([".yaml", ".json"]))
def test_arbitrary_documents(tmp_path_factory: Any, doc: Any, suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"case{suffix}"
    text = json.dumps(doc) if suffix == ".json" else yaml.safe_dump(doc, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    _outcome(path)


@FUZZ
@given(st.binary(max_size=400), st.sampled_from([".yaml", ".json", ".jsonl", ".csv"]))
def test_arbitrary_bytes(tmp_path_factory: Any, raw: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"case{suffix}"
    path.write_bytes(raw)
    _outcome(path)


@FUZZ
@given(st.text(max_size=300))
def test_arbitrary_yaml_text(tmp_path_factory: Any, text: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "case.yaml"
    path.write_text(text, encoding="utf-8")
    _outcome(path)


def _mutate(draw: st.DrawFn, case: dict[str, Any]) -> dict[str, Any]:
    case = json.loads(json.dumps(case, default=str))
    for _ in range(draw(st.integers(1, 4))):
        sections = [k for k, v in case.items() if isinstance(v, dict) and k != "expected"]
        action = draw(st.sampled_from(["delete", "replace", "typo", "insert", "section"]))
        if not sections:
            break
        section = draw(st.sampled_from(sections))
        fields = list(case[section])
        if action == "section":
            case[section] = draw(scalars)
        elif action == "insert" or not fields:
            case[section][draw(st.text(min_size=1, max_size=10))] = draw(scalars)
        else:
            name = draw(st.sampled_from(fields))
            if action == "delete":
                del case[section][name]
            elif action == "replace":
                case[section][name] = draw(documents)
            else:
                case[section][name[:-1] + "x"] = case[section].pop(name)
    return case


@FUZZ
@given(st.data())
def test_mutated_example_cases_in_a_batch(tmp_path_factory: Any, data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("batch")
    count = data.draw(st.integers(1, 4))
    for index in range(count):
        base = data.draw(st.sampled_from(EXAMPLES))
        mutated = _mutate(data.draw, base)
        mutated["id"] = f"m-{index}"
        (folder / f"c{index}.json").write_text(json.dumps(mutated))
    out = io.StringIO()
    summary = run_batch([folder], out, EVALUATOR)
    lines = out.getvalue().splitlines()
    assert len(lines) == count == summary.cases  # nothing lost
    for line in lines:
        record = json.loads(line)
        assert ("findings" in record) != ("error" in record)
        if "error" in record:
            assert record["error"]["problems"], record


# --- issue 11: hostile files through `assess` and `batch` ---------------------------------

HOSTILE = settings(
    max_examples=examples(int(os.environ.get("HJEMMEL_FUZZ_EXAMPLES", "80"))),
    deadline=None,  # a worker pool starts in some examples; the suite's budget is the number of examples
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


def _write(folder: Path, files: list[HostileFile]) -> list[Path]:
    paths = []
    for index, file in enumerate(files):
        path = folder / f"{index:02d}-{file.name}"
        path.write_bytes(file.content)
        paths.append(path)
    return paths


def _no_leak(text: str) -> None:
    assert "Traceback" not in text
    assert not contains_national_id(text), "a national id was printed unmasked"


def _check_batch_output(text: str, files: list[HostileFile], paths: list[Path]) -> None:
    lines = text.splitlines()
    assert len(lines) == sum(f.items for f in files)  # exactly once: nothing lost, nothing doubled
    _no_leak(text)
    position = 0
    for path, file in zip(paths, files):
        for item in range(file.items):  # in input order: every line of a file before the next file's
            record = json.loads(lines[position])
            assert ("findings" in record) != ("error" in record), record
            if file.duplicate and item == 0:  # a key named twice: never assessed, located at the second key
                first = record["error"]["problems"][0]
                assert first["message"].startswith("duplicate key "), record
                assert first.get("line") is not None and first.get("path"), record
            if "error" in record:
                assert record["error"]["type"] in ("case_file", "internal") and record["error"]["type"] != "internal", record
                assert mask_national_ids(os.fsdecode(path)).split("/")[-1].split(":")[0] in record["source"]
            position += 1


@HOSTILE
@given(st.lists(hostile_files(), min_size=1, max_size=4))
def test_hostile_files_through_assess_and_a_batch_give_one_located_outcome_each(tmp_path_factory: Any, files: list[HostileFile]) -> None:
    folder = tmp_path_factory.mktemp("hostile")
    paths = _write(folder, files)
    for path, file in zip(paths, files):
        if file.items != 1:
            continue
        result = CliRunner().invoke(main, ["assess", str(path), "--format", "text"])
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        _no_leak(result.stdout + result.stderr)
        assert ("\x1b" in result.stderr) is False
    out = io.StringIO()
    summary = run_batch([folder], out, EVALUATOR)
    assert summary.cases == sum(f.items for f in files)
    _check_batch_output(out.getvalue(), files, paths)


@settings(HOSTILE, max_examples=max(3, HOSTILE.max_examples // 20))
@given(st.lists(hostile_files(), min_size=4, max_size=16))
def test_hostile_files_give_the_same_lines_with_one_worker_and_with_two(tmp_path_factory: Any, files: list[HostileFile]) -> None:
    folder = tmp_path_factory.mktemp("hostile2")
    paths = _write(folder, files)
    one, two = io.StringIO(), io.StringIO()
    run_batch([folder], one, EVALUATOR, workers=1)
    run_batch([folder], two, EVALUATOR, workers=2)
    assert one.getvalue() == two.getvalue()
    _check_batch_output(two.getvalue(), files, paths)
