"""One declaration per fact: an entry of facts.yaml gives the case model, the schema, the interview and the contract table.

A rule author adds a fact by adding its entry to facts.yaml (and ``make docs`` writes the
generated files); these tests show that a fact so declared reaches the model, the JSON
Schema, the interview and the contract's table, and say what is wrong or missing in a
declaration as ``hjemmel rules lint`` says it, located.
"""

from __future__ import annotations

import copy
import datetime as dt
import sys
import types
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from hjemmel.cases import codegen, declarations, facts, model, schema
from hjemmel.cases.projection import EVENTS
from hjemmel.cli import main
from hjemmel.interview import _question, answer_kind, parse_answer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import ROOT, examples

CONTRACT = ROOT / "docs" / "contract.md"

_CACHED = (
    model.fact_fields,
    facts.catalogue,
    facts.enum_values,
    facts.known_paths,
    facts.date_paths,
    facts.value_labels,
    facts._section_paths,
    facts._vocabulary,
)


def _clear_caches() -> None:
    for function in _CACHED:
        function.cache_clear()


def _facts_line(key: str) -> int:
    lines = (ROOT / "engine" / "cases" / "facts.yaml").read_text("utf-8").splitlines()
    return next(number for number, text in enumerate(lines, 1) if text.strip().startswith(f"{key}:"))


def _formatted() -> list[str]:
    return [problem.format() for problem in declarations.problems()]


def test_the_case_model_facts_yaml_and_the_projection_agree() -> None:
    assert _formatted() == []


def test_every_case_field_has_a_label_and_question_in_every_language() -> None:
    info = facts.catalogue()
    for path in model.fact_fields():
        assert path in info, path
        for lang in facts.LANGUAGES:
            assert info[path].label(lang).strip() and info[path].question(lang).strip(), (path, lang)


def test_every_projection_event_is_dated_by_a_declared_event_date() -> None:
    info = facts.catalogue()
    for event in EVENTS:
        assert event.date_of in facts.date_paths(), event.name
        assert info[event.date_of].in_time == "event", event.name


def test_the_contract_table_is_the_generated_one() -> None:
    text = CONTRACT.read_text("utf-8")
    assert declarations.with_table(text) == text, f"docs/contract.md: the table of facts is stale; run {declarations.REGENERATE}"


def test_the_contract_table_lists_every_fact_with_its_type() -> None:
    table = declarations.facts_table()
    for path in model.fact_fields():
        assert f"| `{path}` |" in table, path
    assert "| `housing.situation` | one of `own_home`, `rental`," in table
    assert "| `person.birth_date` | date | date of birth | never moves the case |" in table
    assert "| `person.age` | whole number 0–130 |" in table
    assert "| `tenancy.days_until_eviction` | `tenancy.eviction_date` |" in table


def test_the_schema_command_prints_the_facts_table() -> None:
    result = CliRunner().invoke(main, ["schema", "--facts-table"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == declarations.facts_table()


def test_the_table_is_written_between_its_markers_and_checked(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    contract = tmp_path / "contract.md"
    contract.write_text(f"# Contract\n\n{declarations.TABLE_START}\n| old |\n{declarations.TABLE_END}\n\nAfter.\n", "utf-8")
    assert declarations.main(["--check", str(contract)]) == 1
    assert "the table of facts is stale; run make docs" in capsys.readouterr().err
    assert declarations.main(["--write", str(contract)]) == 0
    assert contract.read_text("utf-8") == f"# Contract\n\n{declarations.facts_table()}\nAfter.\n"
    assert declarations.main(["--check", str(contract)]) == 0
    with pytest.raises(ValueError, match="no '<!-- facts table"):
        declarations.with_table("# no markers\n")


PET: dict[str, Any] = {
    "type": "bool",
    "label": {"nb": "har kjæledyr", "nn": "har kjæledyr", "en": "has a pet"},
    "question": {"nb": "Har personen et kjæledyr?", "nn": "Har personen eit kjæledyr?", "en": "Does the person have a pet?"},
}


@pytest.fixture
def declare() -> Iterator[Any]:
    """Declare a temporary fact ``housing.has_pet`` in facts.yaml's data; ``written`` as if ``make docs`` ran.

    The model is the generated source for the changed declarations, run as a module of its own.
    """
    with pytest.MonkeyPatch.context() as patch:

        def apply(entry: dict[str, Any] | None = PET, *, written: bool = True, values: dict[str, Any] | None = None) -> None:
            vocabulary = copy.deepcopy(facts._vocabulary())
            vocabulary["values"].update(values or {})
            if entry is not None:
                vocabulary["facts"]["housing.has_pet"] = entry
            patch.setattr(facts, "_vocabulary", lambda: vocabulary)
            if written:
                source = codegen.source(vocabulary["facts"])
                module = types.ModuleType("hjemmel_test_sections")
                patch.setitem(sys.modules, module.__name__, module)
                exec(compile(source, codegen.GENERATED_FILE, "exec"), module.__dict__)
                patch.setattr(model, "Case", module.Case)
                patch.setattr(schema, "Case", module.Case)
                patch.setattr(declarations, "written_model", lambda: source)
            _clear_caches()

        yield apply
    _clear_caches()


@pytest.fixture
def vocabulary() -> Iterator[dict[str, Any]]:
    """A copy of facts.yaml's data that the tests change, in place of the file's."""
    data = copy.deepcopy(facts._vocabulary())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(facts, "_vocabulary", lambda: data)
        _clear_caches()
        yield data
    _clear_caches()


def test_the_generated_case_model_is_the_one_the_declarations_give() -> None:
    written = (ROOT / "engine" / "cases" / "sections.py").read_text("utf-8")
    assert written == codegen.source(facts._vocabulary()["facts"]), f"engine/cases/sections.py is stale; run {declarations.REGENERATE}"


def test_a_fact_declared_once_in_facts_yaml_is_found_everywhere(declare: Any) -> None:
    declare()
    assert _formatted() == []
    # the model: a case file may give it, and the rules see it
    assert "housing.has_pet" in model.fact_fields() and "housing.has_pet" in facts.known_paths()
    case = model.Case.model_validate({"id": "pet-1", "housing": {"has_pet": True}})
    assert facts.case_facts(case, dt.date(2024, 3, 1))["housing.has_pet"] is True  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="has_pet"):
        model.Case.model_validate({"id": "pet-1", "housing": {"has_pet": "yes"}})  # strict, as every yes/no
    # the JSON Schema, with the label and question
    prop = schema.json_schema()["$defs"]["Housing"]["properties"]["has_pet"]
    assert prop["description"] == "har kjæledyr / has a pet. Har personen et kjæledyr? / Does the person have a pet?"
    # the interview asks it as a yes/no question
    assert answer_kind("housing.has_pet") == "bool"
    question = _question("housing.has_pet", ("some.rule",), (), 1.0, "nn")
    assert question.text == "Har personen eit kjæledyr?" and question.kind == "bool"
    assert parse_answer(question, "ja", "nn") is True
    # the contract's table has its row, so the copy in docs/contract.md is now stale
    assert "| `housing.has_pet` | yes/no | has a pet |  |" in declarations.facts_table()
    text = CONTRACT.read_text("utf-8")
    assert declarations.with_table(text) != text
    assert "| `housing.has_pet` |" in declarations.with_table(text)


def test_a_choice_with_an_example_and_a_note_reaches_the_model_and_the_schema(declare: Any) -> None:
    names = {"dog": {"nb": "hund", "nn": "hund", "en": "dog"}, "cat": {"nb": "katt", "nn": "katt", "en": "cat"}}
    declare({**PET, "type": "choice", "choices": ["dog", "cat"], "example": "cat", "note": "A test's fact."}, values=names)
    assert _formatted() == []
    assert facts.enum_values("housing.has_pet") == ("dog", "cat")
    prop = schema.json_schema()["$defs"]["Housing"]["properties"]["has_pet"]
    assert prop["anyOf"][0] == {"enum": ["dog", "cat"], "type": "string"} and prop["examples"] == ["cat"]
    assert "| `housing.has_pet` | one of `dog`, `cat` | has a pet |  |" in declarations.facts_table()
    assert "    # A test's fact.\n    has_pet: HousingHasPet | None = None\n" in codegen.source(facts._vocabulary()["facts"])


def test_a_declared_fact_not_yet_written_out_is_a_lint_problem(declare: Any) -> None:
    declare(written=False)
    message = f"engine/cases/sections.py: facts: generated from engine/cases/facts.yaml and not written since it changed; run {declarations.REGENERATE}"
    assert _formatted() == [message]
    result = CliRunner().invoke(main, ["rules", "lint"])
    assert result.exit_code == 1, result.output
    assert message in result.stdout.splitlines()


def test_an_entry_that_is_no_fact_is_located_with_a_suggestion(vocabulary: dict[str, Any]) -> None:
    entry = dict(vocabulary["facts"]["tenancy.days_until_eviction"])
    vocabulary["facts"]["tenancy.days_until_evicton"] = entry
    assert [p.to_json() for p in declarations.problems()] == [
        {
            "message": "neither a case field (no type) nor a computed fact (engine/cases/facts.py);"
            " did you mean the computed fact 'tenancy.days_until_eviction'?",
            "file": "engine/cases/facts.yaml",
            "line": _facts_line("facts"),  # (not in the file: its nearest parent)
            "column": 1,
            "path": "tenancy.days_until_evicton",
        }
    ]


def test_an_entry_without_a_type_or_a_language_is_a_problem(declare: Any) -> None:
    declare({"label": {"nb": "har kjæledyr", "en": "has a pet"}, "question": PET["question"]}, written=False)
    assert [(p.path, p.message) for p in declarations.problems()] == [
        ("housing.has_pet", "neither a case field (no type) nor a computed fact (engine/cases/facts.py); a case field says its kind"
         " (type: bool | date | int | municipality | country | national_id | choice)"),
    ]  # fmt: skip
    declare({**PET, "label": {"nb": "har kjæledyr", "en": "has a pet"}, "lable": {}}, written=False)
    assert [(p.path, p.message) for p in declarations.problems()] == [
        ("housing.has_pet", "unknown key 'lable'; allowed: choices, example, in_time, inverted, label, max, min, note, question, type"),
        ("housing.has_pet", "no label in nn"),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"type": "boolean"}, "unknown type 'boolean'; allowed: bool, date, int, municipality, country, national_id, choice"),
        ({"min": 0}, "'min' is only for type: int"),
        ({"type": "int", "min": 5, "max": 1}, "'min' is greater than 'max'"),
        ({"type": "int", "max": "ten"}, "'max' must be a whole number"),
        ({"type": "choice"}, "a choice needs its choices (choices: [first, second, …])"),
        ({"type": "choice", "choices": ["Dog"]}, "a choice is a name in lower case letters, digits and '_', not 'Dog'"),
        ({"choices": ["dog"]}, "'choices' is only for type: choice"),
        ({"example": "yes"}, "the example 'yes' is not a valid value: Input should be a valid boolean"),
        ({"type": "municipality", "example": "9999"},
         "the example '9999' is not a valid value: Value error, '9999' is not a Norwegian kommunenummer: no county has the code '99'"),
    ],
)  # fmt: skip
def test_a_wrong_kind_is_a_located_problem(declare: Any, change: dict[str, Any], message: str) -> None:
    entry = {**PET, **change}
    try:
        declare(entry)
    except Exception:  # (a kind the generator cannot write: lint says why before anything is written)
        declare(entry, written=False)
    assert [(p.file, p.path, p.message) for p in declarations.problems()] == [("engine/cases/facts.yaml", "housing.has_pet", message)]


def test_a_real_field_removed_from_facts_yaml_leaves_the_model_stale(vocabulary: dict[str, Any]) -> None:
    del vocabulary["facts"]["housing.requested_assistance"]
    [problem] = declarations.problems()
    assert (problem.file, problem.path) == ("engine/cases/sections.py", "facts") and "not written since it changed" in problem.message


def test_make_docs_writes_the_model_and_check_finds_it_stale(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    contract = tmp_path / "contract.md"
    contract.write_text(CONTRACT.read_text("utf-8"), "utf-8")
    sections = tmp_path / "sections.py"
    sections.write_text("# old\n", "utf-8")
    assert declarations.main(["--check", str(contract), "--model", str(sections)]) == 1
    assert "the generated case model is stale; run make docs" in capsys.readouterr().err
    assert declarations.main(["--write", str(contract), "--model", str(sections)]) == 0
    assert sections.read_text("utf-8") == (ROOT / "engine" / "cases" / "sections.py").read_text("utf-8")
    assert declarations.main(["--check", str(contract), "--model", str(sections)]) == 0


def test_every_declared_example_is_a_valid_value() -> None:
    examples = schema.examples()
    assert len(examples) >= 10
    for path, value in examples.items():
        section, name = path.split(".", 1)
        model.Case.model_validate({"id": "example", section: {name: value}})


def test_a_missing_language_of_a_real_entry_is_located_at_its_line(vocabulary: dict[str, Any]) -> None:
    del vocabulary["facts"]["economy.debt_problems"]["question"]["nn"]
    [problem] = declarations.problems()
    assert problem.file == "engine/cases/facts.yaml" and problem.path == "economy.debt_problems"
    assert problem.message == "no question in nn"
    assert problem.line == _facts_line("economy.debt_problems") + 3  # the entry's question: line (after type and label)


def test_a_date_field_must_say_what_it_does_in_time(vocabulary: dict[str, Any]) -> None:
    del vocabulary["facts"]["tenancy.eviction_date"]["in_time"]
    assert _formatted() == [
        f"engine/cases/facts.yaml:{_facts_line('tenancy.eviction_date')}:3: tenancy.eviction_date:"
        " a date field must say what it does in time (in_time: event | starts | fixed), not None",
    ]


def test_a_date_must_say_what_the_projection_does_with_it(vocabulary: dict[str, Any]) -> None:
    vocabulary["facts"]["tenancy.eviction_date"]["in_time"] = "starts"
    vocabulary["facts"]["economy.debt_problems"]["in_time"] = "fixed"
    assert [(p.path, p.message) for p in declarations.problems()] == [
        ("tenancy.eviction_date", "in_time: starts, but an event of the projection happens on it (EVENTS in engine/cases/projection.py)"),
        (
            "tenancy.eviction_date",
            "in_time: starts, but the projection does not make it unknown before its day (LATER in engine/cases/projection.py)",
        ),
        ("economy.debt_problems", "in_time is only for date fields"),
    ]


def test_an_allowed_value_without_a_name_is_a_problem(vocabulary: dict[str, Any]) -> None:
    del vocabulary["values"]["homeless"]
    vocabulary["values"]["houseboat"] = {"nb": "husbåt", "nn": "husbåt", "en": "houseboat"}
    assert [(p.path, p.message) for p in declarations.problems()] == [
        ("housing.situation", "the allowed value 'homeless' has no name in nb, nn, en (values: in engine/cases/facts.yaml)"),
        ("values.houseboat", "a value name that is no allowed value of any case field"),
    ]


def test_an_assessment_does_not_import_the_declarations() -> None:
    """The checks cost lint and the tests only: neither the library's assess nor the assess
    and schema commands' modules import them (start-up and per-case CPU stay as they were)."""
    import subprocess
    import sys

    code = (
        "import sys, hjemmel.cli.assess, hjemmel.cli.case\n"
        "from hjemmel import assess, load_case, render\n"
        "render(assess(load_case(sys.argv[1])), 'text')\n"
        "print('hjemmel.cases.declarations' in sys.modules)\n"
    )
    found = subprocess.run([sys.executable, "-c", code, str(ROOT / "cases" / "ettervern-19-ar-2024.yaml")], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False", found.stderr


_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 200),
    st.text(max_size=12),
    st.lists(st.one_of(st.text(max_size=8), st.integers()), max_size=3),
    st.dictionaries(st.sampled_from(["nb", "nn", "en", "de"]), st.one_of(st.text(max_size=8), st.none()), max_size=4),
)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(sorted(facts._vocabulary()["facts"])),
    key=st.sampled_from([*sorted(declarations.ENTRY_KEYS), "lable", "typ"]),
    value=_JUNK,
    drop=st.booleans(),
)
def test_a_mutated_declaration_is_located_and_never_crashes(path: str, key: str, value: Any, drop: bool) -> None:
    """Any one change to one entry of facts.yaml: lint's declaration checks never raise, and every
    problem they find names the file to edit (facts.yaml, the computed facts, the projection or the
    generated model)."""
    data = copy.deepcopy(facts._vocabulary())
    entry = data["facts"][path]
    if drop:
        entry.pop(key, None)
    else:
        entry[key] = value
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(facts, "_vocabulary", lambda: data)
        _clear_caches()
        try:
            found = declarations.problems()
        finally:
            _clear_caches()
    files = {"engine/cases/facts.yaml", "engine/cases/facts.py", "engine/cases/projection.py", "engine/cases/sections.py"}
    assert all(problem.file in files and problem.path for problem in found), [p.format() for p in found]
    if not drop and key in ("lable", "typ"):
        assert any(f"unknown key '{key}'" in problem.message for problem in found)
