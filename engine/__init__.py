"""hjemmel: legal-basis assessment for Norwegian housing-social work.

Library API (see engine.api and the README)::

    from engine import load_rules, load_case, assess, render
    rules = load_rules()
    assessment = assess(load_case("cases/ettervern-19-ar-2024.yaml"), rules)
    print(render(assessment, "markdown"))

Names are imported lazily, so ``import engine`` is cheap and works (to print a clear
message) even on a Python that durable-rules does not support.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

SUPPORTED_PYTHON = ((3, 11), (3, 12), (3, 13), (3, 14))


def unsupported_message() -> str:
    major, minor = sys.version_info[:2]
    return f"hjemmel needs Python 3.11 to 3.14 (with durable-rules 2.0.28 built from its patch); this is Python {major}.{minor}."


_EXPORTS = {
    "Assessment": "assessment",
    "Finding": "assessment",
    "OpenQuestion": "assessment",
    "Case": "case_model",
    "CaseRecord": "case_loader",
    "iter_records": "case_loader",
    "load_case": "case_loader",
    "parse_case": "case_loader",
    "BackendError": "errors",
    "CaseFileError": "errors",
    "HjemmelError": "errors",
    "RuleConflictError": "errors",
    "RuleFileError": "errors",
    "Evaluator": "evaluator",
    "RuleBase": "rule_loader",
    "load_rules": "rule_loader",
    "assess": "api",
    "assess_many": "api",
    "render": "api",
}

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
    "assess",
    "assess_many",
    "iter_records",
    "load_case",
    "load_rules",
    "parse_case",
    "python_supported",
    "render",
    "unsupported_message",
]


def python_supported() -> bool:
    return sys.version_info[:2] in SUPPORTED_PYTHON


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'engine' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from .api import assess, assess_many, render
    from .assessment import Assessment, Finding, OpenQuestion
    from .case_loader import CaseRecord, iter_records, load_case, parse_case
    from .case_model import Case
    from .errors import BackendError, CaseFileError, HjemmelError, RuleConflictError, RuleFileError
    from .evaluator import Evaluator
    from .rule_loader import RuleBase, load_rules
