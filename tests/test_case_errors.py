"""Bad case files: one clear message with file, line and field path; never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hjemmel import CaseFileError, Evaluator, load_case
from hjemmel.cases.inputs import iter_records

BAD = Path(__file__).parent / "data" / "bad"


def _problems(name: str, evaluator: Evaluator | None = None) -> str:
    with pytest.raises(CaseFileError) as info:
        case = load_case(BAD / name)
        if evaluator is not None:
            evaluator.assess(case)
    return info.value.format()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("unknown-field.yaml", "unknown-field.yaml:5:3: person.municpality: unknown field 'municpality'"),
        ("unknown-field.yaml", "did you mean 'municipality'?"),
        ("bad-date.yaml", "bad-date.yaml:4:3: person.birth_date: expected a date (YYYY-MM-DD), got '2004-31-12'"),
        ("bad-enum.yaml", "housing.situation: expected one of own_home"),
        ("bad-type.yaml", "person.age: expected a whole number, got 'nineteen'"),
        ("bad-municipality.yaml", "'9999' is not a Norwegian kommunenummer"),
        ("bad-national-id.yaml", "person.national_id: the national id *********01 has wrong check digits"),
        ("python-tag.yaml", "is not allowed (case files hold plain data only)"),
        ("alias-bomb.yaml", "document too large"),
        ("empty.yaml", "the file is empty"),
        ("broken-yaml.yaml", "broken-yaml.yaml:8:1: invalid YAML"),
        ("latin1.yaml", "latin1.yaml:4: the file is not UTF-8"),
        ("bad-id.yaml", "id: a part of a case id between '/' must not be '.' or '..'"),
        ("bad-citizenship.yaml", "bad-citizenship.yaml:4:3: person.citizenship: expected an ISO 3166-1 alpha-2 country code in capitals"),
        ("unquoted-no.yaml", 'write the country code in quotes, for example "NO"'),
    ],
)
def test_bad_case_file_gives_a_located_message(name: str, expected: str) -> None:
    assert expected in _problems(name)


def test_age_contradicting_birth_date_is_reported_with_line(evaluator: Evaluator) -> None:
    message = _problems("age-contradiction.yaml", evaluator)
    assert "age-contradiction.yaml:5: person.age: age 25 contradicts birth_date 2004-05-17" in message


def test_national_id_is_never_echoed_in_full() -> None:
    message = _problems("bad-national-id.yaml")
    assert "12345678901" not in message


def test_a_folder_is_not_a_case_file(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="folder"):
        load_case(tmp_path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="file not found"):
        load_case(tmp_path / "nope.yaml")


def test_utf8_bom_and_utf16_are_read(tmp_path: Path) -> None:
    text = "id: bom-1\nhousing:\n  situation: homeless\n"
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + text.encode())
    (tmp_path / "utf16.yaml").write_bytes(text.encode("utf-16"))
    assert load_case(tmp_path / "bom.yaml").id == "bom-1"
    assert load_case(tmp_path / "utf16.yaml").housing.situation == "homeless"


def test_kommunenummer_with_leading_zero_stays_text(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text("id: k-1\nperson:\n  municipality: 0301\n")
    assert load_case(tmp_path / "c.yaml").person.municipality == "0301"


def test_future_birth_date(tmp_path: Path, evaluator: Evaluator) -> None:
    (tmp_path / "c.yaml").write_text("id: f-1\nassessment_date: 2024-01-01\nperson:\n  birth_date: 2030-01-01\n")
    with pytest.raises(CaseFileError, match="after the assessment date"):
        evaluator.assess(load_case(tmp_path / "c.yaml"))


def test_release_date_in_the_past_while_serving(tmp_path: Path, evaluator: Evaluator) -> None:
    (tmp_path / "c.yaml").write_text("id: r-1\nassessment_date: 2024-06-01\ncriminal_justice:\n  status: serving\n  release_date: 2024-01-01\n")
    with pytest.raises(CaseFileError, match=r"c\.yaml:5: criminal_justice\.release_date"):
        evaluator.assess(load_case(tmp_path / "c.yaml"))


def test_jsonl_errors_carry_the_line_number(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text('{"id": "a-1"}\n{"id": "a-2", "person": {"age": "x"}}\n\n{"id": "a-3"\n')
    records = list(iter_records([path]))
    assert [r.source for r in records] == [f"{path}:1", f"{path}:2", f"{path}:4"]
    assert records[0].case is not None
    assert records[1].error is not None and records[1].error.problems[0].line == 2
    assert records[1].case_id == "a-2"
    assert records[2].error is not None and records[2].error.problems[0].line == 4


def test_documented_input_limits_are_enforced(tmp_path: Path) -> None:
    from hjemmel.cases.documents import MAX_BYTES, MAX_DEPTH

    big = tmp_path / "big.yaml"
    big.write_text("id: stor-1\n# " + "x" * (MAX_BYTES + 10) + "\n")
    with pytest.raises(CaseFileError, match="larger than"):
        load_case(big)
    deep = tmp_path / "deep.json"
    deep.write_text('{"id": "dyp-1", "person": ' + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "}")
    with pytest.raises(CaseFileError, match="nested deeper"):
        load_case(deep)
    very_deep = tmp_path / "very-deep.json"
    very_deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(CaseFileError):
        load_case(very_deep)
    long_string = tmp_path / "long.yaml"
    long_string.write_text("id: lang-1\nhousing:\n  situation: " + "h" * 100_000 + "\n")
    with pytest.raises(CaseFileError) as info:
        load_case(long_string)
    message = str(info.value)
    assert "housing.situation" in message and len(message) < 400  # the value is cut, not echoed


def test_a_too_long_json_lines_line_is_one_error_and_the_rest_go_on(tmp_path: Path) -> None:
    from hjemmel.cases.documents import MAX_BYTES

    path = tmp_path / "mange.jsonl"
    path.write_text('{"id": "ok-1"}\n' + '{"id": "' + "x" * (MAX_BYTES + 1) + '"}\n' + '{"id": "ok-2"}\n')
    records = list(iter_records([path]))
    assert [r.case.id if r.case else None for r in records] == ["ok-1", None, "ok-2"]
    assert records[1].error is not None and "longer than" in records[1].error.format()


def test_bad_json_gets_line_and_column() -> None:
    # Python 3.13's json points at the trailing comma (column 39), earlier versions just after it (40).
    assert re.search(r"broken\.json:1:(39|40): invalid JSON", _problems("broken.json"))
