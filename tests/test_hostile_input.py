"""Hostile input: every value, file and byte an attacker can choose ends in a located error for
that case, and a batch goes on with exactly one line per input case, in input order.

Issue 11, classes 1 (values the reader cannot convert), 3 (only regular files, within
limits), 5 (one outcome per CSV row), 9 (strict types) and the input edges of class 11.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hjemmel import Evaluator
from hjemmel.batch.run import run_batch
from hjemmel.cases.inputs import load_case
from hjemmel.cli import main
from hjemmel.errors import CaseFileError
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import ROOT, examples

GOOD = "id: {id}\nassessment_date: 2024-03-01\nhousing:\n  no_place_to_stay_next_24h: true\n"


def batch(evaluator: Evaluator, inputs: list[Path | str], workers: int = 1) -> list[dict[str, object]]:
    out = io.StringIO()
    run_batch(inputs, out, evaluator, workers=workers)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def problem(record: dict[str, object]) -> dict[str, object]:
    error = record["error"]
    assert isinstance(error, dict), record
    return error["problems"][0]  # type: ignore[no-any-return]


# --- class 1: values the YAML or JSON reader cannot convert -----------------------------

UNCONVERTIBLE = [
    # (a value in housing.situation, what the message says)
    ("0x_", "expected one of own_home"),  # looks like a hex number, does not convert
    ("0b_", "expected one of own_home"),
    ("2024-02-30", "expected one of own_home"),  # looks like a date, is none
    ("9" * 5000, "expected one of own_home"),  # past Python's digit limit
    ("!!int abc", "is tagged !!int (a whole number) but cannot be read as one"),
    ("!!bool maybe", "is tagged !!bool (true or false) but cannot be read as one"),
    ("!!float x", "is tagged !!float (a number) but cannot be read as one"),
    ("!!timestamp yesterday", "is tagged !!timestamp (a date) but cannot be read as one"),
    ("!!python/name:os.system", "is not allowed"),
    ("!custom x", "is not allowed"),
]


@pytest.mark.parametrize(("value", "message"), UNCONVERTIBLE)
def test_a_value_the_reader_cannot_convert_is_a_located_error_and_the_batch_goes_on(tmp_path: Path, evaluator: Evaluator, value: str, message: str) -> None:
    (tmp_path / "a.yaml").write_text(GOOD.format(id="a"))
    (tmp_path / "b.yaml").write_text(f"id: b\nhousing:\n  situation: {value}\n")
    (tmp_path / "c.yaml").write_text(GOOD.format(id="c"))
    records = batch(evaluator, [tmp_path])
    assert records[0]["case_id"] == "a" and "findings" in records[0]
    assert str(records[1]["source"]).endswith("b.yaml")
    assert records[2]["case_id"] == "c" and "findings" in records[2]
    found = problem(records[1])
    assert message in str(found["message"]) and found["line"] == 3 and found["path"] == "housing.situation"


def test_with_two_workers_every_unconvertible_value_is_one_line_in_input_order(tmp_path: Path, evaluator: Evaluator) -> None:
    names = []
    for index, (value, _message) in enumerate(UNCONVERTIBLE):
        (tmp_path / f"{index:02d}-good.yaml").write_text(GOOD.format(id=f"g{index}"))
        (tmp_path / f"{index:02d}-hostile.yaml").write_text(f"id: h{index}\nhousing:\n  situation: {value}\n")
        names += [f"{index:02d}-good.yaml", f"{index:02d}-hostile.yaml"]
    one, two = batch(evaluator, [tmp_path], workers=1), batch(evaluator, [tmp_path], workers=2)
    assert one == two
    assert [Path(str(r.get("source") or tmp_path / f"{i // 2:02d}-good.yaml")).name for i, r in enumerate(two)] == names
    assert [("findings" in r) for r in two] == [True, False] * len(UNCONVERTIBLE)


@pytest.mark.parametrize(
    "text",
    [
        "id: 0x_\n",  # in the id: YAML 1.2 reads it as the text it is, a valid id
        "? !!int 0x_\n: 1\nid: k\n",  # in a key: a name, never converted
        "id: k\n0x_: 1\n",
        "id: k\n2024-01-01: 1\n",
        "id: k\nperson:\n  age: " + "1" * 5000 + "\n",
    ],
)
def test_special_scalars_in_ids_and_keys_never_stop_a_case_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "k.yaml"
    path.write_text(text)
    try:
        load_case(path)
    except CaseFileError as exc:
        assert exc.problems and exc.problems[0].file == str(path) and exc.problems[0].line is not None


def test_a_json_integer_past_the_digit_limit_is_a_located_error(tmp_path: Path, evaluator: Evaluator) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text('{"id": "j-1"}\n{"id": "j-2", "person": {"age": ' + "7" * 5000 + '}}\n{"id": "j-3"}\n')
    records = batch(evaluator, [path])
    assert [r["case_id"] for r in records] == ["j-1", "j-2", "j-3"]
    assert problem(records[1])["path"] == "person.age" and problem(records[1])["line"] == 2
    assert len(str(problem(records[1])["message"])) < 200  # the value is cut, not echoed whole


def test_workers_1_reports_the_real_error_not_its_own(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("id: x\nhousing:\n  situation: !!int abc\n")
    out = tmp_path / "r.jsonl"
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "x.yaml"), "-o", str(out), "--workers", "1"])
    assert result.exit_code == 1, result.output
    assert "AttributeError" not in result.output and "Traceback" not in result.output
    assert "er merket !!int" in result.stderr  # "is tagged !!int" in the terminal's language (nb)
    assert len(out.read_text().splitlines()) == 1


def test_an_unconvertible_value_in_a_rule_file_is_a_located_rule_file_error(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    laws = rules / "laws.yaml"
    laws.write_text(laws.read_text() + "\nextra: !!int abc\n")
    case = tmp_path / "c.yaml"
    case.write_text(GOOD.format(id="c"))
    result = CliRunner().invoke(main, ["--rules", str(rules), "assess", str(case)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "laws.yaml:" in result.stderr and "er merket !!int" in result.stderr  # in bokmål, assess's default


def test_interview_of_a_case_with_an_unconvertible_value_says_where(tmp_path: Path) -> None:
    case = tmp_path / "c.yaml"
    case.write_text("id: c\nassessment_date: 2024-03-01\nperson:\n  age: !!int x\n")
    result = CliRunner().invoke(main, ["interview", str(case), "-o", str(tmp_path / "out.yaml")], input="\n" * 40)
    assert result.exit_code == 1 and f"{case}:4:" in result.stderr


# --- class 3: only regular files, within the limits -------------------------------------


def test_fifos_devices_and_sockets_are_skipped_with_an_error_record(tmp_path: Path, evaluator: Evaluator) -> None:
    import socket

    os.mkfifo(tmp_path / "b-pipe.yaml")
    os.symlink("/dev/zero", tmp_path / "c-zero.yaml")  # a link inside the folder to a device outside
    (tmp_path / "a.yaml").write_text(GOOD.format(id="a"))
    (tmp_path / "d.yaml").write_text(GOOD.format(id="d"))
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "e-sock.json"))
        records = batch(evaluator, [tmp_path, "/dev/zero"])
    messages = [str(problem(r)["message"]) if "error" in r else r["case_id"] for r in records]
    assert messages == [
        "a",
        "not read: this is a named pipe (FIFO), not a regular file",
        "not read: a symbolic link that points outside the input folder",
        "d",
        "not read: this is a socket, not a regular file",
        "not read: this is a character device, not a regular file",
    ]


def test_size_limits_hold_while_reading_so_a_huge_sparse_file_costs_no_more(tmp_path: Path, evaluator: Evaluator) -> None:
    sparse = tmp_path / "sparse.json"
    with sparse.open("wb") as handle:
        handle.truncate(3 * 1024**3)  # 3 GB of nothing, instantly
    lines = tmp_path / "sparse.jsonl"
    with lines.open("wb") as handle:
        handle.write(b'{"id": "l-1"}\n')
        handle.seek(3 * 1024**3)  # a 3 GB line of NUL bytes (a hole: read past, not read)
        handle.write(b'\n{"id": "l-2"}\n')
    records = batch(evaluator, [sparse, lines])
    assert "larger than 2 000 000 bytes" in str(problem(records[0])["message"])
    assert records[1]["case_id"] == "l-1"
    assert "line longer than" in str(problem(records[2])["message"]) and problem(records[2])["line"] == 2
    assert records[3]["case_id"] == "l-2" and len(records) == 4


def test_a_link_that_leaves_the_input_folder_is_not_followed_and_its_content_not_shown(tmp_path: Path, evaluator: Evaluator) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: secret-token-4242\n")
    folder = tmp_path / "inn"
    folder.mkdir()
    (folder / "a.yaml").write_text(GOOD.format(id="a"))
    os.symlink(secret, folder / "b.yaml")
    os.symlink(tmp_path, folder / "loop")  # a folder link: never followed
    text = json.dumps(batch(evaluator, [folder]))
    assert "secret-token-4242" not in text
    records = batch(evaluator, [folder])
    assert [r.get("case_id") for r in records] == ["a", None, None]
    assert "points outside the input folder" in str(problem(records[1])["message"])
    assert "folder outside the input folder" in str(problem(records[2])["message"])


def test_a_double_star_glob_does_not_loop_through_links(tmp_path: Path, evaluator: Evaluator) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.yaml").write_text(GOOD.format(id="a"))
    os.symlink("..", tmp_path / "sub" / "up")  # sub/up/sub/up/… would never end
    records = batch(evaluator, [str(tmp_path / "**" / "*.yaml")])
    assert [r["case_id"] for r in records] == ["a"]


def test_echoed_values_are_cut_to_a_sane_length(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(f"id: l\nhousing:\n  situation: {'x' * 10_000}\n  {'y' * 10_000}: 1\n")
    with pytest.raises(CaseFileError) as info:
        load_case(path)
    assert all(len(line) < 700 for line in info.value.format().splitlines())


# --- class 5: CSV, one output line per row, always --------------------------------------


def test_csv_bad_rows_are_errors_of_their_own_and_the_rows_after_them_are_read(tmp_path: Path, evaluator: Evaluator) -> None:
    path = tmp_path / "export.csv"
    rows = [
        b"id,housing.no_place_to_stay_next_24h",
        b"c-1,true",
        b"c-2,\xff\xfe",  # a byte that is not UTF-8
        b'c-3,"true',  # an unterminated quote
        b"c-4," + b"x" * 200_000,  # a cell larger than the CSV field limit
        b"c-5,false",
    ]
    path.write_bytes(b"\n".join(rows) + b"\n")
    records = batch(evaluator, [path])
    assert [r.get("case_id") for r in records] == ["c-1", None, None, None, "c-5"]
    assert [problem(r)["line"] for r in records[1:4]] == [3, 4, 5]
    assert "not UTF-8" in str(problem(records[1])["message"])
    assert "unexpected end of data" in str(problem(records[2])["message"])
    assert "field larger than field limit" in str(problem(records[3])["message"])


def test_duplicate_csv_header_columns_are_an_error_for_every_row(tmp_path: Path, evaluator: Evaluator) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("id,person.age,person.age\nd-1,30,31\n\nd-2,40,41\n")
    records = batch(evaluator, [path])
    assert len(records) == 2
    assert all("the header has the column 'person.age' twice (columns 2 and 3)" in str(problem(r)["message"]) for r in records)
    assert [problem(r)["line"] for r in records] == [2, 4]


def test_old_mac_line_endings_in_json_lines_and_csv_are_lines(tmp_path: Path, evaluator: Evaluator) -> None:
    jsonl = tmp_path / "mac.jsonl"
    jsonl.write_bytes(b'{"id": "m-1"}\r{"id": "m-2"}\r\r{"id": "m-3"}\r')
    csv_file = tmp_path / "mac.csv"
    csv_file.write_bytes(b"id,person.age\rm-4,30\rm-5,40\r")
    records = batch(evaluator, [jsonl, csv_file])
    assert [r["case_id"] for r in records] == ["m-1", "m-2", "m-3", "m-4", "m-5"]
    assert all("findings" in r for r in records)


# --- class 9: strict types --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        ("id: t\nperson:\n  age: yes\n", "person.age", "expected a whole number, got true (a boolean)"),
        ('{"id": "t", "person": {"age": true}}', "person.age", "expected a whole number, got true (a boolean)"),
        ('{"id": "t", "person": {"age": "19"}}', "person.age", "expected a whole number, got '19'"),
        ('{"id": "t", "housing": {"requested_assistance": 1}}', "housing.requested_assistance", "expected true or false, got the number 1"),
        ('{"id": "t", "housing": {"requested_assistance": "yes"}}', "housing.requested_assistance", "expected true or false, got 'yes'"),
        ('{"id": "t", "housing": {"requested_assistance": "on"}}', "housing.requested_assistance", "expected true or false, got 'on'"),
        ("id: t\nassessment_date: 2024-03-01 10:00:00\n", "assessment_date", "without a time or time zone, got '2024-03-01 10:00:00'"),
        ("id: t\nassessment_date: 2024-03-01T00:00:00+01:00\n", "assessment_date", "without a time or time zone"),
        ('{"id": "t", "assessment_date": "2024-03-01T00:00:00"}', "assessment_date", "without a time or time zone"),
        ('{"id": "t", "assessment_date": "2024-03-01T00:00:00Z"}', "assessment_date", "without a time or time zone"),
        ('{"id": "t", "assessment_date": "20240301"}', "assessment_date", "expected a date (YYYY-MM-DD)"),
    ],
)
def test_types_are_strict(tmp_path: Path, text: str, path: str, message: str) -> None:
    file = tmp_path / ("t.json" if text.startswith("{") else "t.yaml")
    file.write_text(text)
    with pytest.raises(CaseFileError) as info:
        load_case(file)
    found = info.value.problems[0]
    assert found.path == path and message in found.message and found.line is not None


def test_yaml_booleans_stay_booleans_and_csv_cells_are_typed(tmp_path: Path, evaluator: Evaluator) -> None:
    (tmp_path / "y.yaml").write_text("id: y\nassessment_date: 2024-03-01\nhousing:\n  no_place_to_stay_next_24h: yes\n")
    csv_file = tmp_path / "t.csv"
    csv_file.write_text("id,assessment_date,person.age,housing.no_place_to_stay_next_24h\nz,2024-03-01,30,TRUE\nw,2024-03-01,30,1\n")
    records = batch(evaluator, [tmp_path / "y.yaml", csv_file])
    assert {f["rule"] for f in records[0]["findings"]} >= {"sotjl.27"}  # type: ignore[union-attr]
    assert {f["rule"] for f in records[1]["findings"]} >= {"sotjl.27"}  # type: ignore[union-attr]
    assert "expected true or false, got '1'" in str(problem(records[2])["message"])


# --- class 11: a date past year 9999 -----------------------------------------------------


def test_a_report_date_past_year_9999_is_an_error_for_that_case(tmp_path: Path, evaluator: Evaluator) -> None:
    (tmp_path / "a.yaml").write_text(  # aftercare lasts until the day before the 25th birthday: in year 10005
        "id: far\nassessment_date: 9999-12-31\nperson:\n  birth_date: 9980-06-01\n"
        "child_welfare:\n  measures_before_18: true\n  consents_to_aftercare: true\n  needs_support_transition: true\n"
    )
    (tmp_path / "b.yaml").write_text(GOOD.format(id="b"))
    records = batch(evaluator, [tmp_path])
    assert "past year 9999" in str(problem(records[0])["message"]) and records[1]["case_id"] == "b"
    result = CliRunner().invoke(main, ["assess", str(tmp_path / "a.yaml")])
    assert result.exit_code == 1 and "past year 9999" in result.stderr and "Traceback" not in result.output


@settings(max_examples=examples(300), deadline=None)
@given(
    st.lists(st.sampled_from([b"a", b"bb", b"\r", b"\n", b"\r\n", b"xxxxx"]), max_size=40).map(b"".join),
    st.integers(1, 6),
    st.integers(0, 8),
)
def test_lines_split_at_lf_crlf_and_cr_with_bounded_memory(data: bytes, chunk: int, limit: int) -> None:
    """``iter_lines`` gives what ``bytes.splitlines`` gives, with over-long lines marked, whatever the read size."""
    import hjemmel.cases.reading as reading

    expected = [(number, line if len(line) <= limit else None) for number, line in enumerate(data.splitlines(), start=1)]
    saved = reading.CHUNK_BYTES
    reading.CHUNK_BYTES = chunk
    try:
        assert list(reading.iter_lines(io.BytesIO(data), limit)) == expected
    finally:
        reading.CHUNK_BYTES = saved
