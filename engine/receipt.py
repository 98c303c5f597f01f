"""The receipt of an assessment: what produced it (program, rule base, input digest, day, language).

Every assessment, batch line and impact line ends with one, so that an audit can show what a
result was made from and ``hjemmel verify`` can replay a results file. It holds no clock time:
the same case, rule base, day and language always give the same receipt.
"""

from __future__ import annotations

import datetime as dt

from hjemmel.assessment import ReceiptData, RulesetData
from hjemmel.cases.canonical import case_digest
from hjemmel.cases.model import Case
from hjemmel.languages import Language
from hjemmel.languages import language as as_language
from hjemmel.rulebase.base import RuleBase


def program() -> str:
    """The program named in receipts: ``hjemmel <version>``."""
    global _PROGRAM
    if _PROGRAM is None:
        from hjemmel import __version__

        _PROGRAM = f"hjemmel {__version__}"
    return _PROGRAM


_PROGRAM: str | None = None


def receipt_data(case: Case, rules: RuleBase, day: dt.date, lang: str) -> ReceiptData:
    """The receipt of ``case`` (as read) assessed on ``day`` in ``lang`` with ``rules``."""
    language: Language = as_language(lang)
    return ReceiptData(program=program(), rules=RulesetData(version=rules.version, digest=rules.digest), input=case_digest(case), date=day, lang=language)
