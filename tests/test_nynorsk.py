"""Nynorsk everywhere a user reads: every user-visible text has bokmål, nynorsk and English.

Public bodies must be able to answer in nynorsk, so a text without ``nn`` is an error here
(the rule model accepts it while a text is being written, and shows bokmål meanwhile).
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
import yaml
from hjemmel import Evaluator, load_case
from hjemmel.reports import render
from hjemmel.rulebase.model import Text

from .conftest import CASES, ROOT

RULE_FILES = sorted((ROOT / "rules").glob("*.yaml"))


def _texts(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every {nb, en, …} text in a loaded YAML document, with where it is."""
    out: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        if "nb" in node and "en" in node:
            return [(path, node)]
        for key, value in node.items():
            out += _texts(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            name = value.get("id", i) if isinstance(value, dict) else i
            out += _texts(value, f"{path}[{name}]")
    return out


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_every_text_in_the_rule_files_has_nynorsk(path: Any) -> None:
    missing = [where for where, text in _texts(yaml.safe_load(path.read_text("utf-8"))) if not str(text.get("nn") or "").strip()]
    assert missing == [], f"{path.name}: add nn to {missing}"


def test_every_fact_label_question_and_value_name_has_nynorsk() -> None:
    data = yaml.safe_load(resources.files("hjemmel.cases").joinpath("facts.yaml").read_text("utf-8"))
    missing = [where for where, text in _texts(data) if set(text) < {"nb", "nn", "en"} or not all(str(text[k]).strip() for k in ("nb", "nn", "en"))]
    assert missing == []


def test_every_report_interview_explain_and_timeline_text_has_nynorsk() -> None:
    data = yaml.safe_load(resources.files("hjemmel.reports").joinpath("texts.yaml").read_text("utf-8"))
    missing = [where for where, text in _texts(data) if not all(str(text.get(k) or "").strip() for k in ("nb", "nn", "en"))]
    assert missing == []


def test_the_engine_sentences_exist_in_all_three_languages() -> None:
    from hjemmel.explain.texts import _TEXTS
    from hjemmel.interview import ANSWER_ERRORS

    for table in (_TEXTS, ANSWER_ERRORS):
        assert set(table) == {"nb", "nn", "en"}
        assert set(table["nn"]) == set(table["nb"]) == set(table["en"])


def test_a_text_without_nynorsk_shows_bokmal_meanwhile() -> None:
    assert Text(nb="bolig", en="home").get("nn") == "bolig"
    assert Text(nb="bolig", nn="bustad", en="home").get("nn") == "bustad"


# Words that are bokmål only: none may appear in a nynorsk report (the statute's own quoted
# wording and ids are left out of the text format).
BOKMAL = {"ikke", "hva", "hvem", "hvilken", "hvordan", "hvis", "mangler", "gjelder", "tjenester", "tjenesten", "bolig", "boligen",
          "kommunens", "dager", "måneder", "løslatelse", "utkastelse", "midlertidig", "botilbud", "veiledning", "fra", "annet"}  # fmt: skip


REPORT_CASES = ["ettervern-19-ar-2024", "loslatelse-uten-bolig-2024", "utkastelse-barnefamilie-2024", "utskrivning-rus-2024", "flyktning-bosatt-2023-07-01"]


@pytest.mark.parametrize("name", REPORT_CASES)
def test_a_nynorsk_report_has_no_bokmal_words(evaluator: Evaluator, name: str) -> None:
    import re

    text = render(evaluator.assess(load_case(CASES / f"{name}.yaml"), lang="nn", system_duties=True), "text")
    # links, rule ids, the case id, and the statute's own words quoted in «…»
    text = re.sub(r"https?://\S+|\(\w[\w.-]*\.[\w.-]+\)|Sak: \S+|«[^»]*»", "", text)
    words = {w.lower() for w in re.findall(r"[A-Za-zÆØÅæøå]+", text)}
    assert words & BOKMAL == set()
