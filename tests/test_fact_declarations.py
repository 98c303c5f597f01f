"""One declaration per fact: the case model (type), facts.yaml (everything else), checked together.

A rule author adds a fact by adding its field to the case model and its entry to facts.yaml;
these tests say what is missing when only one of the two is done, and show that a fact so
declared reaches the model, the JSON Schema, the interview and the contract's table.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from hjemmel.cases import declarations, facts, model, schema
from hjemmel.cases.projection import EVENTS
from hjemmel.cli import main
from hjemmel.interview import _question, answer_kind, parse_answer
from pydantic import create_model

from .conftest import ROOT

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


def test_the_case_model_facts_yaml_and_the_projection_agree() -> None:
    assert declarations.problems() == []


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
    start, end = text.index(declarations.TABLE_START), text.index(declarations.TABLE_END) + len(declarations.TABLE_END)
    assert text[start:end] + "\n" == declarations.facts_table(), "run: .venv/bin/hjemmel schema --facts-table and paste it into docs/contract.md"


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


PET: dict[str, Any] = {
    "label": {"nb": "har kjæledyr", "nn": "har kjæledyr", "en": "has a pet"},
    "question": {"nb": "Har personen et kjæledyr?", "nn": "Har personen eit kjæledyr?", "en": "Does the person have a pet?"},
}


@pytest.fixture
def declare() -> Iterator[Any]:
    """Declare a temporary fact ``housing.has_pet``: a field of the case model, an entry of facts.yaml, or both."""
    with pytest.MonkeyPatch.context() as patch:

        def apply(*, field: bool = True, entry: dict[str, Any] | None = PET) -> None:
            if field:
                housing = create_model("Housing", __base__=model.Housing, has_pet=(bool | None, None))
                case = create_model("Case", __base__=model.Case, housing=(housing, housing()))
                patch.setattr(model, "Case", case)
                patch.setattr(schema, "Case", case)
            vocabulary = copy.deepcopy(facts._vocabulary())
            if entry is not None:
                vocabulary["facts"]["housing.has_pet"] = entry
            patch.setattr(facts, "_vocabulary", lambda: vocabulary)
            _clear_caches()

        yield apply
    _clear_caches()


def test_a_fact_declared_in_the_model_and_facts_yaml_is_found_everywhere(declare: Any) -> None:
    declare()
    assert declarations.problems() == []
    # the model: a case file may give it, and the rules see it
    assert "housing.has_pet" in model.fact_fields() and "housing.has_pet" in facts.known_paths()
    case = model.Case.model_validate({"id": "pet-1", "housing": {"has_pet": True}})
    assert facts.case_facts(case, dt.date(2024, 3, 1))["housing.has_pet"] is True  # type: ignore[arg-type]
    # the JSON Schema, with the label and question
    prop = schema.json_schema()["$defs"]["Housing"]["properties"]["has_pet"]
    assert prop["description"] == "har kjæledyr / has a pet. Har personen et kjæledyr? / Does the person have a pet?"
    # the interview asks it as a yes/no question
    assert answer_kind("housing.has_pet") == "bool"
    question = _question("housing.has_pet", ("some.rule",), (), 1.0, "nn")
    assert question.text == "Har personen eit kjæledyr?" and question.kind == "bool"
    assert parse_answer(question, "ja", "nn") is True
    # the contract's table
    assert "| `housing.has_pet` | yes/no | has a pet |  |" in declarations.facts_table()


def test_a_field_without_facts_yaml_entry_is_a_problem(declare: Any) -> None:
    declare(entry=None)
    assert declarations.problems() == ["housing.has_pet: a case field with no entry in facts.yaml (label and question in nb, nn and en)"]
    assert "| `housing.has_pet` | yes/no | **no label** |" in declarations.facts_table()


def test_an_entry_without_a_case_field_or_a_language_is_a_problem(declare: Any) -> None:
    declare(field=False, entry={"label": {"nb": "har kjæledyr", "en": "has a pet"}, "question": PET["question"]})
    assert declarations.problems() == ["housing.has_pet: in facts.yaml but neither a case field nor a computed fact"]
    declare(entry={"label": {"nb": "har kjæledyr", "en": "has a pet"}, "question": PET["question"]})
    assert declarations.problems() == ["housing.has_pet: facts.yaml has no label in nn"]


def test_a_date_field_must_say_what_it_does_in_time() -> None:
    vocabulary = copy.deepcopy(facts._vocabulary())
    del vocabulary["facts"]["tenancy.eviction_date"]["in_time"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(facts, "_vocabulary", lambda: vocabulary)
        _clear_caches()
        found = declarations.problems()
    _clear_caches()
    assert found == [
        "tenancy.eviction_date: a date field must say in facts.yaml what it does in time (in_time: event | starts | fixed), not None",
        "projection EVENTS date the facts ['criminal_justice.release_date', 'health.discharge_date', 'tenancy.eviction_date'],"
        " facts.yaml declares in_time: event for ['criminal_justice.release_date', 'health.discharge_date']",
    ]


def test_an_allowed_value_without_a_name_is_a_problem() -> None:
    vocabulary = copy.deepcopy(facts._vocabulary())
    del vocabulary["values"]["homeless"]
    vocabulary["values"]["houseboat"] = {"nb": "husbåt", "nn": "husbåt", "en": "houseboat"}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(facts, "_vocabulary", lambda: vocabulary)
        _clear_caches()
        found = declarations.problems()
    _clear_caches()
    assert found == [
        "housing.situation: the value 'homeless' has no name in nb, nn, en (facts.yaml values)",
        "facts.yaml values: 'houseboat' is no allowed value of any case field",
    ]
