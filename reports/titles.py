"""Rule titles for rule ids named in an assessment (open questions name rules by id).

A finding carries its title. A rule an open question *could add* has not fired, so the
assessment names it by id only. Until the evaluator records those titles in the assessment
itself (see docs/reports.md, "Changes requested"), they are read from the bundled rule base,
and only when its digest equals the assessment's ``ruleset.digest``: the digest pins the
rule texts, so the report stays a deterministic function of the assessment. Otherwise the
report shows the rule id.
"""

from __future__ import annotations

from functools import cache

from engine.assessment import Assessment
from engine.errors import HjemmelError
from engine.rule_loader import RuleBase, load_rules


@cache
def _bundled() -> RuleBase | None:
    try:
        return load_rules()
    except HjemmelError:  # pragma: no cover - a broken bundled rule base is reported elsewhere
        return None


def rule_titles(assessment: Assessment) -> dict[str, str]:
    """Rule id → title in the report's language, for every rule the assessment names."""
    lang = assessment.language
    wanted: set[str] = set()
    for question in assessment.open_questions:
        wanted.update(question.could_add, question.could_remove)
    wanted.update(n.rule for n in assessment.notes if n.rule)
    titles: dict[str, str] = dict(getattr(assessment, "rule_titles", None) or {})
    for finding in (*assessment.findings, *assessment.system_duties):
        titles.setdefault(finding.rule, finding.title)
    missing = wanted - titles.keys()
    if missing:
        base = _bundled()
        if base is not None and base.digest == assessment.ruleset.digest:
            for rule_id in missing:
                rule = base.get(rule_id)
                if rule is not None:
                    titles[rule_id] = rule.title.get(lang)
    return titles
