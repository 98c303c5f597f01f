from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hjemmel import Evaluator, RuleBase, load_rules
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent

# The start-up cache (hjemmel.cache) of this test session, for it and the commands it starts:
# never the user's own, and a fresh one per run.
os.environ.setdefault("HJEMMEL_CACHE_DIR", tempfile.mkdtemp(prefix="hjemmel-test-cache-"))
CASES = ROOT / "cases"

# Hypothesis profiles. "quick" (the default) tries each property as many times as its test
# says, so that make test stays within minutes; "long" (HYPOTHESIS_PROFILE=long) tries every
# property LONG times as hard (make test-long), for a maintainer before a release. Property tests name their count through ``examples``.
LONG = 4
settings.register_profile("quick", print_blob=True)
settings.register_profile("long", print_blob=True)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "quick")
if PROFILE not in ("quick", "long"):
    raise pytest.UsageError(f"HYPOTHESIS_PROFILE={PROFILE!r}: the profiles are quick (the default) and long")
settings.load_profile(PROFILE)


def examples(count: int) -> int:
    """How many examples a property test with ``count`` in the quick profile tries now."""
    return count * LONG if PROFILE == "long" else count


@pytest.fixture(scope="session")
def rules() -> RuleBase:
    return load_rules(ROOT / "rules")


@pytest.fixture(scope="session")
def evaluator(rules: RuleBase) -> Evaluator:
    return Evaluator(rules)
