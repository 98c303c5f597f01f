"""hjemmel: legal-basis assessment for Norwegian housing-social work.

Library API (see ``hjemmel.api`` and the README)::

    from hjemmel import load_rules, load_case, assess, render
    rules = load_rules()
    assessment = assess(load_case("cases/ettervern-19-ar-2024.yaml"), rules)
    print(render(assessment, "markdown"))

Names are imported lazily, so ``import hjemmel`` is cheap and works (to print a clear
message) even on a Python that durable-rules does not support.
"""

from __future__ import annotations

import sys
from importlib import import_module

# Not ``from typing import TYPE_CHECKING``: importing typing costs tens of milliseconds, and
# the console script's first moments (before ``hjemmel.main`` can catch Ctrl-C) run this file.
TYPE_CHECKING = False

if __name__ != "hjemmel":  # pragma: no cover - only when the engine/ folder is imported by its folder name
    raise ImportError(
        f"this folder is the package 'hjemmel' (imported here as {__name__!r}): install it with `make demo` or `pip install -e .` and write `import hjemmel`"
    )

__version__ = "0.1.0"

SUPPORTED_PYTHON = ((3, 11), (3, 12), (3, 13), (3, 14))


def unsupported_message() -> str:
    """The one sentence printed instead of a traceback on a Python that hjemmel does not support."""

    major, minor = sys.version_info[:2]
    return f"hjemmel needs Python 3.11 to 3.14 (with durable-rules 2.0.28 built from its patch); this is Python {major}.{minor}."


_EXPORTS = {
    "Assessment": "hjemmel.assessment",
    "Finding": "hjemmel.assessment",
    "OpenQuestion": "hjemmel.assessment",
    "Case": "hjemmel.cases.model",
    "CaseRecord": "hjemmel.cases.loading",
    "iter_records": "hjemmel.cases.inputs",
    "load_case": "hjemmel.cases.inputs",
    "parse_case": "hjemmel.cases.loading",
    "BackendError": "hjemmel.errors",
    "CaseFileError": "hjemmel.errors",
    "HjemmelError": "hjemmel.errors",
    "RuleConflictError": "hjemmel.errors",
    "RuleFileError": "hjemmel.errors",
    "Evaluator": "hjemmel.evaluator",
    "RuleBase": "hjemmel.rulebase.base",
    "load_rules": "hjemmel.rulebase.loading",
    "assess": "hjemmel.api",
    "assess_many": "hjemmel.api",
    "render": "hjemmel.api",
    "findings_rows": "hjemmel.batch.findings_table",
    "findings_frame": "hjemmel.batch.findings_table",
    "result_lines": "hjemmel.batch.distributed",
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
    "findings_frame",
    "findings_rows",
    "iter_records",
    "load_case",
    "load_rules",
    "parse_case",
    "python_supported",
    "render",
    "result_lines",
    "unsupported_message",
]


def python_supported() -> bool:
    """Whether this Python can run durable-rules and so hjemmel."""

    return sys.version_info[:2] in SUPPORTED_PYTHON


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'hjemmel' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from hjemmel.api import assess, assess_many, render
    from hjemmel.assessment import Assessment, Finding, OpenQuestion
    from hjemmel.batch.distributed import result_lines
    from hjemmel.batch.findings_table import findings_frame, findings_rows
    from hjemmel.cases.inputs import iter_records, load_case
    from hjemmel.cases.loading import CaseRecord, parse_case
    from hjemmel.cases.model import Case
    from hjemmel.errors import BackendError, CaseFileError, HjemmelError, RuleConflictError, RuleFileError
    from hjemmel.evaluator import Evaluator
    from hjemmel.rulebase.base import RuleBase
    from hjemmel.rulebase.loading import load_rules
