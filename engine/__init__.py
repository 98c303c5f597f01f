"""hjemmel: legal-basis assessment for Norwegian housing-social work.

Library API (no I/O in ``assess``; deterministic for a given case and date)::

    from engine import load_rules, load_case, Evaluator
    rules = load_rules()
    assessment = Evaluator(rules).assess(load_case("cases/ettervern-19.yaml"))
"""

from __future__ import annotations

from .assessment import Assessment, Finding, OpenQuestion
from .case_loader import CaseRecord, iter_records, load_case, parse_case
from .case_model import Case
from .errors import BackendError, CaseFileError, HjemmelError, RuleConflictError, RuleFileError
from .evaluator import Evaluator
from .rule_loader import RuleBase, load_rules

__version__ = "0.1.0"

__all__ = [
    "Assessment",
    "BackendError",
    "Case",
    "CaseFileError",
    "CaseRecord",
    "Evaluator",
    "Finding",
    "HjemmelError",
    "OpenQuestion",
    "RuleBase",
    "RuleConflictError",
    "RuleFileError",
    "__version__",
    "iter_records",
    "load_case",
    "load_rules",
    "parse_case",
]
