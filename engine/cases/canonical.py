"""The canonical form of a case as read, and its digest (the ``input`` of an assessment's receipt).

The same case gives the same bytes whether it was written as YAML, JSON, a JSON Lines line or
a CSV row: the validated model is dumped as JSON data (dates as ``YYYY-MM-DD``), values that
are unknown (``null``) and sections left empty are dropped, the ``expected`` block of an
example case is left out, and the result is written with its keys sorted, without spaces,
as UTF-8 (see docs/contract.md).
"""

from __future__ import annotations

import hashlib
import orjson

from hjemmel.cases.model import Case


def canonical_case(case: Case) -> bytes:
    """The case as canonical JSON bytes: known values only, keys sorted, compact, UTF-8."""
    # The sections are flat (facts are plain values), so dropping the unknown values and then
    # the sections left empty is one dump and one pass (a test checks there is nothing deeper).
    data = case.model_dump(mode="json", exclude_none=True, exclude={"expected"})
    return orjson.dumps({key: value for key, value in data.items() if value != {}}, option=orjson.OPT_SORT_KEYS)


def case_digest(case: Case) -> str:
    """``sha256:<hex>`` of ``canonical_case(case)``."""
    return "sha256:" + hashlib.sha256(canonical_case(case)).hexdigest()
