from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hjemmel import Evaluator, RuleBase, load_rules

ROOT = Path(__file__).resolve().parent.parent

# The start-up cache (hjemmel.cache) of this test session, for it and the commands it starts:
# never the user's own, and a fresh one per run.
os.environ.setdefault("HJEMMEL_CACHE_DIR", tempfile.mkdtemp(prefix="hjemmel-test-cache-"))
CASES = ROOT / "cases"


@pytest.fixture(scope="session")
def rules() -> RuleBase:
    return load_rules(ROOT / "rules")


@pytest.fixture(scope="session")
def evaluator(rules: RuleBase) -> Evaluator:
    return Evaluator(rules)
