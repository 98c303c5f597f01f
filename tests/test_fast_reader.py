"""The fast JSON reader (issue 24): orjson reads a JSON Lines line or JSON file when it reads it
as the json module does; any other text goes the json module's way, so every error stays as it was.

Each test reads the same text twice, with the fast reader and with it turned off (``strict``:
the json module only, the reader before issue 24), and asks for the same data, the same
case (values and types), the same error (message and located problems) and the same batch
output line.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hjemmel import Evaluator
from hjemmel.batch.run import Options, process
from hjemmel.cases import documents
from hjemmel.cases.documents import REFUSED, fast_loads, parse_yaml, strict_loads
from hjemmel.cases.inputs import Item, parse_item
from hjemmel.cases.loading import CaseRecord, read_file_record
from hjemmel.cases.model import fact_fields
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import CASES, ROOT, examples
from .hostile import NATIONAL_IDS, duplicate_keys, hostile_json, json_strings, json_values
from .strategies import case_dicts, days

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import synthetic_case

FIELDS = sorted(fact_fields())


@contextmanager
def strict() -> Iterator[None]:
    """The reader without its fast path: the json module reads every text."""
    saved = documents.fast_loads
    documents.fast_loads = lambda text: REFUSED
    try:
        yield
    finally:
        documents.fast_loads = saved


def typed(value: Any) -> Any:
    """``value`` with the type of every part beside it, so that 1 and True, [] and () differ."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [typed(v) for v in value])
    return (type(value).__name__, repr(value))


def read(line: str, number: int = 1) -> CaseRecord:
    return parse_item(Item(source=f"in.jsonl:{number}", kind="jsonl", payload=line, line=number))


def assert_same(fast: CaseRecord, slow: CaseRecord) -> None:
    assert (fast.source, fast.case_id) == (slow.source, slow.case_id)
    if slow.case is None:
        assert fast.case is None and fast.error is not None and slow.error is not None
        assert (type(fast.error), str(fast.error), fast.error.problems) == (type(slow.error), str(slow.error), slow.error.problems)
        return
    assert fast.case is not None and fast.error is None
    # (a case's == also compares its private locator, a bound method of its own document:
    # two reads never compare equal; their fields and their documents do)
    assert fast.case.__dict__ == slow.case.__dict__
    assert fast.case._locator is not None and slow.case._locator is not None
    assert fast.case._locator.__self__ == slow.case._locator.__self__  # type: ignore[attr-defined]
    assert typed(fast.case.model_dump()) == typed(slow.case.model_dump())
    assert fast.case.model_fields_set == slow.case.model_fields_set
    assert fast.case._source == slow.case._source
    for path in ("id", "person.birth_date", "person.national_id", "housing.situation", "nothing.here"):
        assert fast.case.locate(path) == slow.case.locate(path)


def assert_agree(line: str) -> None:
    """The fast and the strict reader agree on ``line``: data, record."""
    data = fast_loads(line)
    if data is not REFUSED:  # what the fast reader takes, the json module reads the same
        assert typed(data) == typed(strict_loads(line))
    fast = read(line)
    with strict():
        slow = read(line)
    assert_same(fast, slow)


def example_lines() -> list[str]:
    lines = []
    for path in sorted(CASES.glob("*.yaml")):
        data = parse_yaml(path.read_text(encoding="utf-8"), str(path)).data
        lines.append(json.dumps(data, ensure_ascii=False, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v)))
    return lines


def synthetic_lines(count: int) -> list[str]:
    rng = random.Random(24)
    return [json.dumps(synthetic_case(rng, number)) for number in range(count)]


def test_the_example_cases_and_synthetic_cases_read_the_same_and_assess_to_the_same_line(evaluator: Evaluator) -> None:
    lines = example_lines() + synthetic_lines(300)
    assert len(lines) > 300
    taken = 0
    for number, line in enumerate(lines, 1):
        fast = read(line, number)
        taken += fast_loads(line) is not REFUSED
        with strict():
            slow = read(line, number)
        assert_same(fast, slow)
        assert slow.case is not None, line
        assert process(fast, evaluator, Options()).line == process(slow, evaluator, Options()).line
    assert taken >= 300  # every synthetic case takes the fast path (examples with a colon in a text do not)


def test_every_synthetic_case_takes_the_fast_path() -> None:
    for line in synthetic_lines(300):
        assert fast_loads(line) is not REFUSED, line


# --- fuzzed and mutated lines ---------------------------------------------------------------

ODD_VALUES = [
    '"2024-02-30"', '"2024-13-01"', '"2024-03-01T10:00:00"', '"2024-03-01 "', '"0301"', '"0000"', '"9999"', "301", '"NO"', '"no"',
    "true", "false", "null", "0", "-0", "1", "130", "131", "-1", "1.0", "1e2", "1e999", "-1e999", "NaN", "Infinity",
    "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616", "-9223372036854775809",
    "7" * 5000, "[]", "{}", "[1, 2]", '{"a": 1}', '"x:y"', '"æøå ÆØÅ 🏠"', '"\\u00e6\\ud83c\\udfe0"', '"\\ud800"', '"a\\"b"',
    '"rental"', '"homeless"', '"Rental"', '"served"', *(f'"{n}"' for n in NATIONAL_IDS), '"15850410018"', '"1585041001"',
    '"32130012345"', "15850410019",
]  # fmt: skip


@st.composite
def mutated_lines(draw: st.DrawFn) -> str:
    """A realistic case as a JSON line with one or more faults put in, or none."""
    data = draw(case_dicts(draw(days())))
    data["assessment_date"] = draw(days()).isoformat()
    if draw(st.booleans()):
        data.setdefault("person", {})["national_id"] = draw(st.sampled_from([*NATIONAL_IDS, "15850410018", "12345678901", "1585041001"]))
    text = json.dumps(data, ensure_ascii=draw(st.booleans()), default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v))
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["value", "unknown key", "duplicate", "section", "top", "wrap", "bom", "deep", "spaces", "null section", "id"]))
        section, field = draw(st.sampled_from(FIELDS)).split(".")
        value = draw(st.one_of(st.sampled_from(ODD_VALUES), json_values()))
        if kind == "value":
            text = text[:-1] + f', "{section}": {{"{field}": {value}}}}}' if text.endswith("}") else text
        elif kind == "unknown key":
            key = draw(st.one_of(st.sampled_from(['"persons"', '"Person"', '"birthdate"', '"_source"', '"id "']), json_strings()))
            text = text[:-1] + f", {key}: {value}}}" if text.endswith("}") else text
        elif kind == "duplicate":
            key = draw(st.sampled_from(['"id"', '"assessment_date"', '"\\u0069d"', f'"{section}"']))
            text = text[:-1] + f", {key}: {value}}}" if text.endswith("}") else text
        elif kind == "section":
            text = text.replace(f'"{section}": {{', f'"{section}": {{"{field}": {value}, ', 1)
        elif kind == "top":
            text = draw(st.sampled_from(["[]", "[" + text + "]", '"a case"', "1", "null", "true", text + " " + text, text + ",", text[:-1]]))
        elif kind == "wrap":
            text = text[:-1] + ', "expected": {"description": ' + value + "}}" if text.endswith("}") else text
        elif kind == "bom":
            text = "\ufeff" + text
        elif kind == "deep":
            depth = draw(st.integers(1, 40))
            text = text[:-1] + ', "household": ' + "[" * depth + "1" + "]" * depth + "}" if text.endswith("}") else text
        elif kind == "spaces":
            text = draw(st.sampled_from([" ", "\t", "\r", "\n", "\x0c", "\u00a0", ""])) + text + draw(st.sampled_from([" ", "\t", "\r\n", "\x0b", ""]))
        elif kind == "null section":
            text = text[:-1] + f', "{section}": null}}' if text.endswith("}") else text
        else:
            text = text.replace('"id": ', '"id": ' + value + ", " + '"x": ', 1)
    return text


@settings(max_examples=examples(400), deadline=None)
@given(mutated_lines())
def test_mutated_lines_give_the_same_record(line: str) -> None:
    assert_agree(line)


@settings(max_examples=examples(300), deadline=None)
@given(st.one_of(hostile_json(), duplicate_keys()))
def test_hostile_lines_give_the_same_record(hostile: Any) -> None:
    text = hostile.content.decode("utf-8", "surrogatepass")
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            assert_agree(line)


SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()


@settings(max_examples=examples(300), deadline=None)
@given(st.recursive(SCALARS, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=20))
def test_any_json_document_reads_the_same(value: Any) -> None:
    """Any data the json module writes (NaN and Infinity too): both readers read it alike."""
    assert_agree(json.dumps(value))
    assert_agree(json.dumps({"id": "c-1", "expected": {"description": value}}))


@pytest.mark.parametrize(
    "line",
    [
        '{"id": "a", "id": "b"}',
        '{"id": "a", "\\u0069d": "b"}',
        '{"id": "a", "person": {"age": 19, "age": 70}}',
        '{"id": "a", "person": {"age": 19}, "person": {}}',
        '{"id": "a:b"}',
        '{"id": "a", "expected": {"description": "x: y"}}',
        '{"id": "a", "person": {"age": 18446744073709551616}}',
        '{"id": "a", "person": {"age": 1e999}}',
        '{"id": "a", "person": {"age": NaN}}',
        '{"id": "a", "person": {"age": 19.0}}',
        '{"id": "a", "person": {"birth_date": "2024-02-30"}}',
        '{"id": "a", "person": {"national_id": "15850410018"}}',
        '{"id": "a", "person": {"national_id": "15850410019"}, "assessment_date": "2024-03-01"}',
        '{"id": "15850410019"}',
        '{"id": "a", "expected": {"description": "\\ud800"}}',
        '\ufeff{"id": "a"}',
        '["id", "a"]',
        '{"id": "a", "person": null}',
        '{"id": "a", "persons": {}}',
        '{"id": "a", "expected": {"until": {"x": 1}}}',
        '{"id": "a", "expected": {"until": {"x": 1.5}}}',
        '{"id": "a", "household": {"children": true}}',
        '{"id": "a", "household": ' + "[" * 30 + "]" * 30 + "}",
        '{"id": "a", "n": ' + "7" * 5000 + "}",
    ],
)
def test_lines_the_fast_reader_must_refuse_or_read_alike(line: str) -> None:
    assert_agree(line)


def test_a_key_named_twice_or_a_colon_in_a_text_goes_to_the_json_module() -> None:
    deep = '{"id": "a", "n": ' + "[" * 25 + "]" * 25 + "}"
    for line in (deep, '{"id": "a", "id": "b"}', '{"id": "a:b"}', '{"a": 1.5}', '{"a": 18446744073709551616}', '{"a": NaN}', '{"a": 1e999}'):
        assert fast_loads(line) is REFUSED, line
    assert fast_loads('{"id": "a", "person": {"age": 19}}') == {"id": "a", "person": {"age": 19}}


def test_a_json_file_reads_the_same(tmp_path: Path) -> None:
    for number, line in enumerate([*example_lines()[:20], '{"id": "a", "id": "b"}', '{"id": "a", "person": {"age": 1.0}}']):
        path = tmp_path / f"c{number}.json"
        path.write_text(line.replace(", ", ",\n  "), encoding="utf-8")
        fast = read_file_record(path)
        with strict():
            slow = read_file_record(path)
        assert_same(fast, slow)
