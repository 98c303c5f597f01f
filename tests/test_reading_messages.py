"""The messages about reading a file in the user's language: the YAML and JSON readers' reasons
(``hjemmel.reading_messages``) and the batch's own problems, on the terminal and on the summary page."""

from __future__ import annotations

import ast
import html
import importlib
import json
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hjemmel.cases.documents import DocumentError, parse_json, parse_yaml
from hjemmel.cli import main
from hjemmel.errors import Problem
from hjemmel.messages import reader_reason, translate
from hjemmel.reading_messages import JSON, LIBYAML, OWN_JSON, PYYAML, READING, UNKNOWN

SYNTHETIC_ID = "15850410019"  # a synthetic national id (month + 80), as in test_privacy


def _assess(tmp_path: Path, name: str, text: str, lang: str) -> tuple[str, str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["assess", str(path), "--lang", lang])
    assert result.exit_code == 1 and "Traceback" not in result.stderr, result.stderr
    return str(path), result.stderr


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("nb", "ugyldig YAML: forventet «,» eller «]» (en liste i [ ] er ikke lukket)"),
        ("nn", "ugyldig YAML: venta «,» eller «]» (ei liste i [ ] er ikkje lukka)"),
        ("en", "invalid YAML: did not find expected ',' or ']'"),
    ],
)
def test_a_broken_yaml_file_says_why_in_the_chosen_language(tmp_path: Path, lang: str, shown: str) -> None:
    path, stderr = _assess(tmp_path, "bad.yaml", "person: {age: [1, 2}\n", lang)
    reason = "did not find expected ',' or ']'" if yaml.__with_libyaml__ else "expected ',' or ']', but got '}'"
    expected = shown if yaml.__with_libyaml__ else translate(f"invalid YAML: {reason}", lang)
    assert f"{path}:1:20: {expected}" in stderr.splitlines(), stderr


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("nb", "ugyldig JSON: forventet «,» mellom verdiene"),
        ("nn", "ugyldig JSON: venta «,» mellom verdiane"),
        ("en", "invalid JSON: Expecting ',' delimiter"),
    ],
)
def test_a_broken_json_file_says_why_in_the_chosen_language(tmp_path: Path, lang: str, shown: str) -> None:
    path, stderr = _assess(tmp_path, "bad.json", '{"id": "a"\n "person": {}}\n', lang)
    assert f"{path}:2:2: {shown}" in stderr.splitlines(), stderr


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("nb", "ugyldig YAML (YAML-leserens melding på engelsk: something new went wrong)"),
        ("nn", "ugyldig YAML (YAML-lesaren si melding på engelsk: something new went wrong)"),
        ("en", "invalid YAML: something new went wrong"),
    ],
)
def test_a_reason_of_no_known_kind_is_shown_as_the_reader_wrote_it(lang: str, shown: str) -> None:
    assert translate("invalid YAML: something new went wrong", lang) == shown


def test_a_national_id_in_a_reason_stays_masked() -> None:
    problem = Problem(f"invalid YAML: unexpected {SYNTHETIC_ID} here", file="f.yaml", line=1)
    for lang in ("nb", "nn", "en"):
        assert SYNTHETIC_ID not in problem.format(lang) and "ugyldig YAML" in problem.format("nb")


# Broken documents and the reason each gives; every one is in the table (no English left in nb/nn).
BROKEN_YAML = [
    "a: *x\n",
    "a: &x 1\nb: &x 2\n",
    "a: 1\n---\nb: 2\n",
    "a: \x01\n",
    "a: [1, 2\n",
    "a: {b: 1\n",
    "a: 'x\n",
    'a: "\\q"\n',
    "a:\n  b: 1\n c: 2\n",
    "a: b: c\n",
    "- a\nb: 1\n",
    "a: !<x\n",
    "a: @x\n",
    "%FOO\n---\na: 1\n",
    "a: |0\n  x\n",
    "\ta: 1\n",
    "a: 1\n\tb: 2\n",
    "a: 1\n...\nb\n",
    "a: {b: 1]\n",
]
BROKEN_JSON = [
    '{"a": 1,}',
    '{"a" 1}',
    '{"a": }',
    '{"a": "x',
    '{"a": 1} x',
    '{"a": "\x01"}',
    "[1 2]",
    "{a: 1}",
    "",
    '{"a": "\\q"}',
    '{"a": "\\u12"}',
    "[1,]",
    '{"a": NaN}',
]


def _reasons() -> list[str]:
    messages = []
    for text in BROKEN_YAML:
        with pytest.raises(DocumentError) as caught:
            parse_yaml(text, "f.yaml")
        messages.append(caught.value.problem.message)
    for text in BROKEN_JSON:
        with pytest.raises(DocumentError) as caught:
            parse_json(text, "f.json")
        messages.append(caught.value.problem.message)
    return messages


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_the_common_reasons_of_both_readers_are_all_translated(lang: str) -> None:
    for message in _reasons():
        assert message.startswith(("invalid YAML: ", "invalid JSON: ")), message
        shown = translate(message, lang)
        assert shown.startswith(("ugyldig YAML: ", "ugyldig JSON: ")) and UNKNOWN["YAML"][lang] not in shown, (message, shown)
        assert UNKNOWN["JSON"][lang] not in shown, (message, shown)


def _literals(path: Path) -> str:
    """Every string constant of a Python source file (as the program sees it, escapes undone)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return "\n".join(node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str))


def test_every_yaml_reason_in_the_table_occurs_in_the_installed_pyyaml() -> None:
    """So that the table cannot go stale: a reason PyYAML no longer writes fails here."""
    folder = Path(yaml.__file__).parent
    python = "\n".join(_literals(folder / name) for name in ("reader.py", "scanner.py", "parser.py", "composer.py"))
    for source, _ in PYYAML:
        assert source in python, source
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML is installed without libyaml: its reasons cannot be checked")
    binary = Path(importlib.import_module("yaml._yaml").__file__ or "").read_bytes()
    for source, _ in LIBYAML:
        assert source.encode() in binary, source


def test_every_json_reason_in_the_table_occurs_in_the_installed_json_module() -> None:
    import _json
    import json.decoder
    import json.scanner

    python = "\n".join(_literals(Path(module.__file__)) for module in (json, json.decoder, json.scanner))
    binary = Path(_json.__file__).read_bytes() if getattr(_json, "__file__", None) else None
    newer = {"Illegal trailing comma before end of object", "Illegal trailing comma before end of array"}  # Python 3.13
    for source, _ in JSON:
        if source in newer and sys.version_info < (3, 13):
            continue
        assert source in python or (binary is not None and source.encode() in binary), source
    assert {source for source, _ in OWN_JSON} == {"%s is not valid JSON"}  # hjemmel.cases.documents' own


def test_every_reading_table_entry_has_bokmal_and_nynorsk() -> None:
    import re
    import string

    for source, texts in (*LIBYAML, *PYYAML, *JSON, *OWN_JSON):
        slots = len(re.findall(r"%r|%s|%d|%04x|\{0!r\}", source))
        assert set(texts) == {"nb", "nn"} and all(texts.values()), source
        for text in texts.values():
            assert set(re.findall(r"\{(\d)\}", text)) <= {str(i) for i in range(slots)}, (source, text)
    for pattern, texts in READING:
        groups = set(re.compile(pattern).groupindex)
        assert set(texts) == {"nb", "nn"}, pattern
        for text in texts.values():
            assert {name for _, name, _, _ in string.Formatter().parse(text) if name} <= groups, (pattern, text)


def test_a_reason_with_a_part_that_is_a_reason_is_translated_whole() -> None:
    assert (
        reader_reason("unacceptable character #x0001: control characters are not allowed", "YAML", "nn")
        == "uakseptabelt teikn #x0001: kontrollteikn er ikkje tillatne"
    )
    assert reader_reason("found character '@' that cannot start any token", "YAML", "nb") is not None
    assert reader_reason("Expecting value", "YAML", "nb") is None  # each reader its own table


DUPLICATE = {
    "nb": "id: saks-id-en «syn-1» er brukt før: en tidligere sak i denne kjøringen har samme id",
    "nn": "id: saks-id-en «syn-1» er brukt før: ei tidlegare sak i denne køyringa har same id",
    "en": "id: duplicate case id 'syn-1': an earlier case in this batch has the same id",
}
KIND = {
    "nb": "saks-id-en … er brukt før: en tidligere sak i denne kjøringen har samme id",
    "nn": "saks-id-en … er brukt før: ei tidlegare sak i denne køyringa har same id",
    "en": "duplicate case id …: an earlier case in this batch has the same id",
}

TYPE = {"nb": "Feil i saksfilen", "nn": "Feil i saksfila", "en": "Error in the case file"}


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_a_duplicate_case_id_is_told_in_the_chosen_language_and_recorded_in_english(tmp_path: Path, lang: str) -> None:
    case = {"id": "syn-1", "assessment_date": "2024-03-01", "person": {"birth_date": "2000-01-01", "municipality": "0301"}}
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps(case) + "\n" + json.dumps(case) + "\n", encoding="utf-8")
    results, summary = tmp_path / "r.jsonl", tmp_path / "s.html"
    args = ["batch", str(cases), "--output", str(results), "--summary", str(summary), "-j", "1", "-q", "--lang", lang]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.stderr
    line = f"{cases}:2: {DUPLICATE[lang]}"
    assert f"  {line}" in result.stderr.splitlines(), result.stderr  # the closing lines
    page = html.unescape(summary.read_text(encoding="utf-8"))
    assert f"<td>{line}</td>" in page  # the first failures
    assert f'<th scope="row">{KIND[lang]}</th>' in page  # the kinds of failure
    assert f'<th scope="row">{TYPE[lang]} (case_file)</th>' in page  # the error type in words, with its code
    record = json.loads(results.read_text(encoding="utf-8").splitlines()[1])
    assert record["error"]["message"] == "duplicate case id"  # the contract: error records in English
    assert record["error"]["problems"][0]["message"] == "duplicate case id 'syn-1': an earlier case in this batch has the same id"


@pytest.mark.parametrize(
    ("lang", "empty", "not_utf8"),
    [
        ("nb", "filen inneholder ingen saker", "linjen er ikke UTF-8 (lagre filen som UTF-8)"),
        ("nn", "fila inneheld ingen saker", "linja er ikkje UTF-8 (lagre fila som UTF-8)"),
        ("en", "the file holds no cases", "the line is not UTF-8 (save the file as UTF-8)"),
    ],
)
def test_the_batch_inputs_problems_in_the_chosen_language(tmp_path: Path, lang: str, empty: str, not_utf8: str) -> None:
    blank, latin = tmp_path / "blank.jsonl", tmp_path / "latin.jsonl"
    blank.write_text("\n", encoding="utf-8")
    latin.write_bytes('{"id": "s\xf8k"}\n'.encode("latin-1"))
    args = ["batch", str(blank), str(latin), "--output", str(tmp_path / "r.jsonl"), "-j", "1", "-q", "--lang", lang]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.stderr
    lines = result.stderr.splitlines()
    assert f"  {blank}: {empty}" in lines and f"  {latin}:1: {not_utf8}" in lines, result.stderr
