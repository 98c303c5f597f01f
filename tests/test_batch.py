"""Batch at scale: streaming inputs, workers, order, resume, nothing lost."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from hjemmel import Evaluator
from hjemmel.batch.resume import resume_point
from hjemmel.batch.run import BatchSummary, run_batch

from .conftest import CASES, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import write_jsonl


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("syn") / "cases.jsonl"
    write_jsonl(path, 600)
    return path


def _run(evaluator: Evaluator, inputs: list[Path], **kwargs: object) -> tuple[str, BatchSummary]:
    out = io.StringIO()
    summary = run_batch(inputs, out, evaluator, **kwargs)  # type: ignore[arg-type]
    return out.getvalue(), summary


def test_two_workers_give_byte_identical_output(evaluator: Evaluator, synthetic: Path) -> None:
    one, s1 = _run(evaluator, [CASES, synthetic], workers=1)
    two, s2 = _run(evaluator, [CASES, synthetic], workers=2)
    assert one == two
    assert s1.cases == s2.cases == len(list(CASES.glob("*.yaml"))) + 600
    assert s1.actors == s2.actors


def test_csv_input_with_dotted_headers(tmp_path: Path, evaluator: Evaluator) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "id,assessment_date,person.birth_date,person.municipality,housing.no_place_to_stay_next_24h,economy.can_support_self\n"
        "csv-1,2024-03-01,1990-01-01,0301,true,\n"
        "csv-2,2024-03-01,1990-01-01,0301,kanskje,false\n"
        "\n"
        "csv-3,2024-03-01,,4601,,false\n"
    )
    text, summary = _run(evaluator, [path])
    lines = [json.loads(line) for line in text.splitlines()]
    assert [line["case_id"] for line in lines] == ["csv-1", "csv-2", "csv-3"]
    assert {f["rule"] for f in lines[0]["findings"]} == {"sotjl.17", "sotjl.27"}  # empty cell = unknown
    problem = lines[1]["error"]["problems"][0]
    assert problem["line"] == 3 and problem["path"] == "housing.no_place_to_stay_next_24h"
    assert lines[1]["source"].endswith("export.csv:3")
    assert {f["rule"] for f in lines[2]["findings"]} == {"sotjl.17", "sotjl.18"}
    assert summary.failed == 1


def test_csv_unknown_column_suggests_the_field(tmp_path: Path, evaluator: Evaluator) -> None:
    path = tmp_path / "export.csv"
    path.write_text("id,person.municpality\ncsv-9,0301\n")
    text, _ = _run(evaluator, [path])
    assert "did you mean 'municipality'?" in json.loads(text)["error"]["problems"][0]["hint"]


def test_csv_as_norwegian_excel_writes_it(tmp_path: Path, evaluator: Evaluator) -> None:
    """Semicolons, UTF-8 with a byte-order mark, Windows line ends: the same cases as with commas."""
    rows = [
        ["id", "assessment_date", "person.birth_date", "person.municipality", "housing.no_place_to_stay_next_24h", "economy.can_support_self"],
        ["csv-1", "2024-03-01", "1990-01-01", "0301", "true", ""],
        ["csv-3", "2024-03-01", "", "4601", "", "false"],
    ]
    excel, plain = tmp_path / "excel.csv", tmp_path / "plain.csv"
    excel.write_bytes(b"\xef\xbb\xbf" + "".join(";".join(row) + "\r\n" for row in rows).encode("utf-8"))
    plain.write_text("".join(",".join(row) + "\n" for row in rows), encoding="utf-8")
    from_excel, summary = _run(evaluator, [excel])
    from_plain, _ = _run(evaluator, [plain])
    assert summary.failed == 0
    assert from_excel.replace("excel.csv", "plain.csv") == from_plain
    assert [json.loads(line)["case_id"] for line in from_excel.splitlines()] == ["csv-1", "csv-3"]


def test_csv_error_columns_count_empty_cells_and_talk_about_cells(tmp_path: Path, evaluator: Evaluator) -> None:
    path = tmp_path / "export.csv"
    path.write_text("id;person.age;housing.situation;person.municipality\ncsv-1;;;301\n", encoding="utf-8")
    text, _ = _run(evaluator, [path])
    (problem,) = json.loads(text)["error"]["problems"]
    assert (problem["line"], problem["column"], problem["path"]) == (2, 4, "person.municipality")
    assert "quote" not in problem["message"] + problem["hint"]
    assert "leading zero" in problem["hint"]


def test_csv_with_a_wrong_separator_gets_a_hint(tmp_path: Path, evaluator: Evaluator) -> None:
    (tmp_path / "a.csv").write_text("id|person.age\ncsv-1|19\n")
    (tmp_path / "b.csv").write_text("id;person.age\ncsv-2,19\n")
    text, summary = _run(evaluator, [tmp_path / "a.csv", tmp_path / "b.csv"])
    first, second = (json.loads(line)["error"]["problems"][0] for line in text.splitlines())
    assert "the header is one column" in first["message"] and "semicolons" in first["hint"]
    assert second["line"] == 2 and "separated by commas (,), the header by semicolons (;)" in second["hint"]
    assert summary.failed == 2


def test_globs_and_every_item_yields_one_line(tmp_path: Path, evaluator: Evaluator) -> None:
    (tmp_path / "a.jsonl").write_text('{"id": "g-1"}\n{broken\n\n{"id": "g-2"}\n')
    (tmp_path / "b.yaml").write_text("id: g-3\n")
    (tmp_path / "c.yaml").write_text("id: [\n")
    text, summary = _run(evaluator, [tmp_path / "*.*", tmp_path / "nothing-*.yaml"])
    sources = [json.loads(line).get("source") or json.loads(line)["case_id"] for line in text.splitlines()]
    assert len(sources) == 6 and summary.cases == 6 and summary.failed == 3
    assert sources[-1].endswith("nothing-*.yaml")


def test_resume_after_interrupt_gives_the_same_file(tmp_path: Path, evaluator: Evaluator, synthetic: Path) -> None:
    full, _ = _run(evaluator, [synthetic])
    out = tmp_path / "results.jsonl"
    calls = {"n": 0}

    def interrupt(summary: BatchSummary) -> None:
        calls["n"] += 1
        if summary.cases >= 100:
            raise KeyboardInterrupt

    import hjemmel.batch.run as batch_module

    monkey_tick = batch_module.time.perf_counter
    ticks = iter(range(10**6))
    batch_module.time.perf_counter = lambda: float(next(ticks))  # type: ignore[assignment]
    try:
        with out.open("w") as handle:
            first = run_batch([synthetic], handle, evaluator, progress=interrupt)
    finally:
        batch_module.time.perf_counter = monkey_tick  # type: ignore[assignment]
    assert first.interrupted and 100 <= first.cases < 600
    with out.open("a") as handle:  # simulate a kill in the middle of a line
        handle.write('{"case_id": "syn-half')
    previous, seen = resume_point(out)
    assert previous.cases == first.cases and len(seen) == first.cases - first.failed
    with out.open("a") as handle:
        second = run_batch([synthetic], handle, evaluator, skip=previous.cases, seen_ids=seen, summary=previous)
    assert second.cases == 600 and second.skipped == first.cases
    assert out.read_text() == full


def test_duplicate_id_across_a_resume(tmp_path: Path, evaluator: Evaluator) -> None:
    path = tmp_path / "dup.jsonl"
    path.write_text('{"id": "d-1"}\n{"id": "d-1"}\n')
    out = io.StringIO()
    summary = run_batch([path], out, evaluator, skip=1, seen_ids=["d-1"])
    assert summary.failed == 1 and "duplicate case id" in out.getvalue()


def test_progress_counts_input_bytes_up_to_the_total(evaluator: Evaluator, synthetic: Path) -> None:
    from hjemmel.cases.inputs import total_bytes
    from hjemmel.cli.batch import _progress

    total = total_bytes([synthetic, CASES])
    seen: list[int] = []
    _, summary = _run(evaluator, [synthetic, CASES], bytes_total=total, progress=lambda s: seen.append(s.bytes_done))
    blank_lines = 0  # every JSON Lines line of the synthetic file holds a case
    assert summary.bytes_done == total - blank_lines
    _progress(summary)  # renders without error when complete
