"""The case ids a batch has used (``hjemmel.batch.seen``): the same answers as a set, in flat memory."""

from __future__ import annotations

from hjemmel.batch.seen import SeenIds
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import examples


@settings(max_examples=examples(60), deadline=None)
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


def test_the_tables_hold_at_most_twelve_bytes_per_id() -> None:
    # The memory goal of a batch (issue 24): the main process grows by at most 20 MB to a
    # million cases; the id tables are most of that growth.
    seen = SeenIds()
    count = 200_000
    for n in range(count):
        seen.add(f"case-{n}")
    table_bytes = sum(len(table) * table.itemsize for table in seen._tables)
    assert table_bytes <= 12 * count
