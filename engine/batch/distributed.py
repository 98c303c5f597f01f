"""Beyond one machine: the batch's per-case code as one plain function, for Dask, Spark or Ray.

``result_lines`` turns an iterable of cases — dicts in the case-file format, or the lines of
a JSON Lines file — into the batch's output lines, running exactly what a batch worker runs
for each case (``hjemmel.batch.run.Job.process`` on a parsed record). A distributed engine
calls it once per partition; each worker process keeps one durable-rules host per thread.

What stays with the caller: the order of partitions (keep it, and the lines come out in
input order) and duplicate case ids across partitions (the batch checks those in its main
process; here only within one call). The Dask recipe, tested in ``tests/test_distributed.py``::

    import dask.bag as db
    from dask.distributed import Client, LocalCluster
    from hjemmel.batch.distributed import partition_lines

    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster):
        bag = db.read_text(sorted(glob.glob("parts/*.jsonl")), blocksize=None, include_path=True)
        lines = bag.map_partitions(partition_lines, on=datetime.date(2024, 3, 1)).compute()
    # lines == the lines of `hjemmel batch parts/*.jsonl --date 2024-03-01` (no newline)
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from hjemmel.batch.run import Job, Options
from hjemmel.cases.documents import Document
from hjemmel.cases.inputs import Item, parse_item
from hjemmel.cases.loading import CaseRecord, record_from_document
from hjemmel.evaluator import Evaluator
from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.loading import load_rules

_local = threading.local()  # one evaluator (one durable-rules host) per thread and rule base


def _evaluator(rules: RuleBase | str | Path | None) -> Evaluator:
    cache: dict[object, Evaluator] = getattr(_local, "evaluators", None) or {}
    _local.evaluators = cache
    key = id(rules) if isinstance(rules, RuleBase) else str(rules)
    evaluator = cache.get(key)
    if evaluator is None:
        base = rules if isinstance(rules, RuleBase) else load_rules(rules)
        evaluator = cache[key] = Evaluator(base)
    return evaluator


def _records(cases: Iterable[Mapping[str, Any] | str], source: str) -> Iterator[CaseRecord]:
    """Each case as the batch reads it: a JSON Lines line (blank ones skipped) or a dict."""
    for number, case in enumerate(cases, start=1):
        where = f"{source}:{number}"
        if isinstance(case, str):
            text = case[1:] if number == 1 and case.startswith("\ufeff") else case
            if not text.strip():
                continue
            yield parse_item(Item(source=where, kind="jsonl", payload=text.rstrip("\r\n"), line=number, size=len(text)))
        else:
            yield record_from_document(Document(data=dict(case), file=source), where)


def result_lines(
    cases: Iterable[Mapping[str, Any] | str],
    rules: RuleBase | str | Path | None = None,
    *,
    on: dt.date | None = None,
    lang: str = "nb",
    today: dt.date | None = None,
    source: str = "<input>",
    job: Job | None = None,
) -> Iterator[str]:
    """The batch's output line for each case (without the newline), in order; never raises for bad cases.

    ``cases`` holds case dicts or JSON Lines lines; an error record names ``source:N``, N
    being the case's position (the line number when the items are a file's lines). ``rules``
    is a ``RuleBase``, a rules folder, or None for the bundled rules. ``job`` replaces the
    assessment (for example ``hjemmel.batch.impact.ImpactJob``); otherwise ``on``, ``lang``
    and ``today`` mean what they mean for ``batch``.
    """
    evaluator = _evaluator(rules)
    job = job if job is not None else Options(on=on, lang=lang, today=today or dt.date.today())
    for record in _records(cases, source):
        yield job.process(record, evaluator).line


def partition_lines(pairs: Iterable[tuple[str, str]], **options: Any) -> list[str]:
    """``result_lines`` for one Dask partition of ``read_text(..., include_path=True)``: (line, path) pairs of one file.

    With ``blocksize=None`` each partition is one whole file, so error records name the
    file and line number as ``batch`` does. Dask gives the path absolute; a path inside the
    working folder is written relative to it, as ``batch`` writes the paths it was given.
    """
    pairs = list(pairs)
    if not pairs:
        return []
    return list(result_lines((line for line, _ in pairs), source=_as_given(str(pairs[0][1])), **options))


def _as_given(path: str) -> str:
    """An absolute path under the working folder, relative to it (``parts/a.jsonl``); others unchanged."""
    try:
        return Path(path).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path
