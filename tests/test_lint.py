"""A rule base that checks itself: each failure mode has a tiny bad rule and a message test."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hjemmel import RuleFileError, load_rules
from hjemmel.rulebase.lint import lint
from hjemmel.rulebase.loading import DATA_FILES, SPECIAL_FILES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import ROOT, examples

GOOD_RULE = """
  - id: {id}
    section: "27"
    actor: nav-kontoret
    kind: {kind}
    title: {{nb: "{title}", en: "{title}"}}
    summary: {{nb: "x", en: "x"}}
    text:
      - paragraph: "første ledd"
        quote: "Kommunen er forpliktet til å finne midlertidig botilbud for dem som ikke klarer det selv."
    in_force: {{from: {start}{until}}}
    when:
{when}
    source:
      lovdata: LOV-2009-12-18-131
      section: "§ 27"
      url: https://lovdata.no/lov/2009-12-18-131/§27
"""


def _rule(id: str, when: str, kind: str = "duty", title: str = "Test", start: str = "2010-01-01", until: str = "") -> str:
    return GOOD_RULE.format(id=id, when=when, kind=kind, title=title, start=start, until=f", until: {until}" if until else "")


def _base(tmp_path: Path, *rules: str) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", folder)
    (folder / "zz-test.yaml").write_text("law: sosialtjenesteloven\nrules:" + "".join(rules))
    return folder


def _load_problems(folder: Path) -> str:
    with pytest.raises(RuleFileError) as info:
        load_rules(folder)
    return info.value.format()


def test_bundled_rule_base_is_clean() -> None:
    problems = lint(load_rules(ROOT / "rules"))
    assert not problems, "\n".join(p.format() for p in problems)


def test_unknown_fact_with_did_you_mean(tmp_path: Path) -> None:
    text = _load_problems(_base(tmp_path, _rule("zz.1", "      - housing.no_place_to_stay_next_24: true")))
    assert "zz-test.yaml:" in text and "zz.1: unknown fact 'housing.no_place_to_stay_next_24'" in text
    assert "did you mean 'housing.no_place_to_stay_next_24h'?" in text


def test_value_outside_the_allowed_set(tmp_path: Path) -> None:
    text = _load_problems(_base(tmp_path, _rule("zz.2", "      - housing.situation: homless")))
    assert "zz.2: 'homless' is not a value of housing.situation" in text and "did you mean 'homeless'?" in text


def test_duplicate_id(tmp_path: Path) -> None:
    text = _load_problems(_base(tmp_path, _rule("sotjl.27", "      - housing.situation: homeless")))
    assert "duplicate rule id 'sotjl.27' (also at " in text


def test_rule_outside_its_laws_period(tmp_path: Path) -> None:
    text = _load_problems(_base(tmp_path, _rule("zz.3", "      - housing.situation: homeless", start="2005-01-01")))
    assert "zz.3: in force from 2005-01-01 but sosialtjenesteloven only from 2010-01-01" in text


def test_overlapping_versions(tmp_path: Path) -> None:
    when = "      - housing.situation: homeless"
    text = _load_problems(_base(tmp_path, _rule("zz.4", when, until="2020-01-01"), _rule("zz.5", when, start="2019-01-01")))
    assert "zz.5: overlaps the validity of 'zz.4'" in text


def test_missing_source_is_a_located_error(tmp_path: Path) -> None:
    rule = _rule("zz.6", "      - housing.situation: homeless").split("    source:")[0]
    text = _load_problems(_base(tmp_path, rule))
    assert "zz-test.yaml:" in text and "rules[0].source" in text


def test_bad_date_in_validity(tmp_path: Path) -> None:
    text = _load_problems(_base(tmp_path, _rule("zz.7", "      - housing.situation: homeless", until="2023-31-12")))
    assert "rules[0].in_force.until" in text and "2023-31-12" in text


def test_rule_that_can_never_fire(tmp_path: Path) -> None:
    rules = load_rules(_base(tmp_path, _rule("zz.8", "      - person.age: {gte: 30, lt: 20}")))
    text = "\n".join(p.format() for p in lint(rules))
    assert "zz-test.yaml:" in text and "zz.8: can never fire" in text


def test_contradiction_without_override(tmp_path: Path) -> None:
    other = "      - housing.no_place_to_stay_next_24h: true"
    when = "      - housing.situation: homeless"
    rules = load_rules(_base(tmp_path, _rule("zz.9", when, kind="duty", title="Samme"), _rule("zz.10", other, kind="power", title="Samme")))
    text = "\n".join(p.format() for p in lint(rules))
    assert ("zz.10: contradicts zz.9" in text or "zz.9: contradicts zz.10" in text) and "neither overrides the other" in text


def test_declared_override_resolves_the_contradiction(tmp_path: Path) -> None:
    when = "      - housing.situation: homeless"
    second = _rule("zz.12", "      - housing.no_place_to_stay_next_24h: true", kind="power", title="Samme").replace(
        "    source:", "    overrides: [zz.11]\n    source:"
    )
    rules = load_rules(_base(tmp_path, _rule("zz.11", when, kind="duty", title="Samme"), second))
    assert not [p for p in lint(rules) if p.message.startswith("zz.")]


def test_every_rule_file_validates_against_the_published_rule_schema() -> None:
    """``hjemmel rules schema`` is what an editor checks rule files with: it must accept ours."""
    import jsonschema
    import yaml
    from hjemmel.cli.rules import rule_file_schema

    validator = jsonschema.Draft202012Validator(rule_file_schema(), format_checker=jsonschema.FormatChecker())
    errors = {}
    for path in sorted((ROOT / "rules").glob("*.yaml")):
        if path.name in (*SPECIAL_FILES, *DATA_FILES):  # not rule files
            continue
        data = json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8")), default=str))
        found = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
        if found:
            errors[path.name] = found[:3]
    assert errors == {}
    # and it catches a typo a lawyer could make
    bad = {"law": "sosialtjenesteloven", "rules": [{"id": "x.1", "section": "1", "kind": "duty", "titel": "…"}]}
    assert any("titel" in e.message for e in validator.iter_errors(bad))


def test_rule_files_keep_the_laws_section_order() -> None:
    """A lawyer reads a rule file beside the statute: rules stand in the order of their sections."""
    import yaml
    from hjemmel.explain.findings import section_key

    out_of_order = {}
    for path in sorted((ROOT / "rules").glob("*.yaml")):
        if path.name in (*SPECIAL_FILES, *DATA_FILES):  # not rule files
            continue
        sections = [str(r["section"]) for r in yaml.safe_load(path.read_text("utf-8"))["rules"]]
        if sections != sorted(sections, key=section_key):
            out_of_order[path.name] = sections
    assert out_of_order == {}


def test_discretion_takes_bokmaal_english_and_optional_nynorsk() -> None:
    """A rule's discretion text: nb and en required, nn optional, nothing else."""
    from hjemmel.rulebase.model import Discretion
    from pydantic import ValidationError

    both = Discretion(nb="Må vurderes", en="Must be assessed")
    assert both.get("nn") == "Må vurderes"  # nynorsk falls back to bokmål
    assert Discretion(nb="a", en="b", nn="c").get("nn") == "c"
    with pytest.raises(ValidationError):
        Discretion.model_validate({"nb": "a", "en": "b", "se": "c"})
    with pytest.raises(ValidationError):
        Discretion.model_validate({"nb": "a"})


MUTATIONS = [
    ("housing.situation: homeless", "housing.situaton: homeless"),  # an unknown fact
    ("housing.situation: homeless", "housing.situation: homles"),  # an unknown value
    ("housing.situation: homeless", "housing.situation: {gte: [1, 2]}"),  # a bad comparison
    ("from: 2023-07-01", "from: 2023-13-01"),  # a bad date
    ("kind: duty", "kind: dutty"),  # an unknown kind
    ("actor: kommunen", "actor: kommunene"),  # an unknown actor
    ("overrides: [bolsosl.6]", "overrides: [bolsosl.66]"),  # an override of nothing
    ('section: "6"', 'section: "§ 6"'),  # a section with its sign
    ("    when:\n", "    when:\n      - derived: ukjent\n"),  # an undefined derived fact
    ('quote: "Kommunen skal', 'quote: "Kommunen kan'),  # a quote that is not verbatim
    ("rules:\n", "rules:\n  - [\n"),  # broken YAML
    ("    source: {}\n", ""),  # a required field gone
    ("person.lawful_stay: false", "person.lawful_stay: 3"),  # a value of the wrong type
]


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3, unique=True))
def test_lint_never_crashes_on_a_mutated_rule_file_and_locates_every_problem(
    tmp_path_factory: pytest.TempPathFactory, mutations: list[tuple[str, str]]
) -> None:
    from click.testing import CliRunner
    from hjemmel.cli import main

    folder = tmp_path_factory.mktemp("mutated") / "rules"
    shutil.copytree(ROOT / "tests" / "data" / "official-rules", folder)
    path = folder / "boligsosialloven.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in mutations:
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["--rules", str(folder), "rules", "lint"], catch_exceptions=False)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.exit_code in (1, 2), output
    problems = [line for line in result.stdout.splitlines() if line.strip()] or [line for line in result.stderr.splitlines() if ".yaml" in line]
    assert problems, output
    assert all(re.match(r"^\S+\.yaml:\d+", line) for line in problems), problems


def test_lint_reports_a_fact_without_a_label_once_at_its_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    import copy

    from hjemmel.cases import facts
    from hjemmel.rulebase.lint import lint

    rules = load_rules(ROOT / "rules")
    vocabulary = copy.deepcopy(facts._vocabulary())
    del vocabulary["facts"]["housing.no_place_to_stay_next_24h"]["label"]["nb"]
    monkeypatch.setattr(facts, "_vocabulary", lambda: vocabulary)
    found = [p for p in lint(rules) if "no_place_to_stay_next_24h" in p.format()]
    assert [(p.file, p.path, p.message) for p in found] == [("engine/cases/facts.yaml", "housing.no_place_to_stay_next_24h", "no label in nb")]
    assert found[0].line is not None
