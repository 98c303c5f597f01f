"""Rule titles for the rule ids an assessment names (open questions, notes)."""

from __future__ import annotations

from hjemmel.assessment import Assessment


def rule_titles(assessment: Assessment) -> dict[str, str]:
    """Rule id → title in the report's language: from the findings and ``rule_titles``."""
    titles = dict(assessment.rule_titles)
    for finding in (*assessment.findings, *assessment.system_duties):
        titles.setdefault(finding.rule, finding.title)
    return titles
