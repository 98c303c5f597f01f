"""The Python API for notebooks and other programs.

    from hjemmel import assess, load_rules
    rules = load_rules()                      # once; validated and checked
    result = assess({"id": "a-1", "housing": {"no_place_to_stay_next_24h": True}},
                    rules, on=datetime.date(2024, 3, 1))
    [f.rule for f in result.findings]         # ['sotjl.17', 'sotjl.27']

``assess`` does no I/O and is deterministic for a given case, date and rule base.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from hjemmel.assessment import Assessment
from hjemmel.cases.loading import parse_case
from hjemmel.cases.model import Case
from hjemmel.errors import HjemmelError
from hjemmel.evaluator import Evaluator
from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.loading import load_rules

_local = threading.local()  # one durable-rules host per thread and rule base


def _evaluator(rules: RuleBase | None) -> Evaluator:
    cache: dict[int, Evaluator] = getattr(_local, "evaluators", None) or {}
    _local.evaluators = cache
    if rules is None:
        rules = getattr(_local, "default_rules", None) or load_rules()
        _local.default_rules = rules
    evaluator = cache.get(id(rules))
    if evaluator is None or evaluator.rules is not rules:
        evaluator = cache[id(rules)] = Evaluator(rules)
    return evaluator


def _case(case: Case | Mapping[str, Any]) -> Case:
    return case if isinstance(case, Case) else parse_case(dict(case))


def assess(
    case: Case | Mapping[str, Any],
    rules: RuleBase | None = None,
    *,
    on: dt.date | None = None,
    lang: str = "nb",
    today: dt.date | None = None,
    system_duties: bool = False,
) -> Assessment:
    """Assess one case (a ``Case`` or a dict in the case-file format).

    Raises ``CaseFileError`` for an invalid or contradictory case. ``rules`` defaults to
    the bundled rule base; ``on`` overrides the case's assessment date; without either,
    ``today`` (default: the real date) is used and the assessment notes it.
    """
    return _evaluator(rules).assess(_case(case), on=on, lang=lang, today=today, system_duties=system_duties)


def assess_many(
    cases: Iterable[Case | Mapping[str, Any]],
    rules: RuleBase | None = None,
    *,
    on: dt.date | None = None,
    lang: str = "nb",
    today: dt.date | None = None,
) -> Iterator[Assessment | HjemmelError]:
    """Assess cases one by one, yielding an Assessment or the error for each, in order.

    For one row per finding (the columns of ``batch --findings``), pass the result to
    ``hjemmel.findings_rows`` (dicts) or ``hjemmel.findings_frame`` (a pandas DataFrame)::

        frame = findings_frame(assess_many(cases, on=datetime.date(2024, 3, 1)))
    """
    evaluator = _evaluator(rules)
    for case in cases:
        try:
            yield evaluator.assess(_case(case), on=on, lang=lang, today=today)
        except HjemmelError as exc:
            yield exc


def render(assessment: Assessment, fmt: str = "text") -> str:
    """The report as text, markdown, html or json."""
    from hjemmel.reports import render as _render

    return _render(assessment, fmt)
