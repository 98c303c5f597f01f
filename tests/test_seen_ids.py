"""The case ids a batch has used (``hjemmel.batch.seen``): the same answers as a set, in flat memory."""

from __future__ import annotations

from hjemmel.batch.seen import SeenIds
from hypothesis import given, settings
from hypothesis import strategies as st


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=12), max_size=400))
def test_answers_as_a_set_would(ids: list[str]) -> None:
    seen, reference = SeenIds(), set()
    for case_id in ids:
        assert seen.add(case_id) == (case_id not in reference)
        reference.add(case_id)


def test_every_id_is_still_there_after_the_tables_grow() -> None:
    seen = SeenIds()
    ids = [f"2024/{n}" for n in range(60_000)]  # far beyond the first table sizes
    assert all(seen.add(case_id) for case_id in ids)
    assert not any(seen.add(case_id) for case_id in ids)
    assert seen.add("2024/60000")
