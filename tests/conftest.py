from __future__ import annotations

from pathlib import Path

import pytest
from hjemmel import Evaluator, RuleBase, load_rules

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "cases"


@pytest.fixture(scope="session")
def rules() -> RuleBase:
    return load_rules(ROOT / "rules")


@pytest.fixture(scope="session")
def evaluator(rules: RuleBase) -> Evaluator:
    return Evaluator(rules)
