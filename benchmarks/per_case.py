"""CPU cost per case of the worker path, in one process: read + validate, then assess + JSON.

    .venv/bin/python benchmarks/per_case.py 6000

Prints process CPU time per case (microseconds). For a figure that does not depend on what
else the machine is doing, count instructions instead and take the difference of two sizes
(it cancels start-up and rule loading):

    valgrind --tool=callgrind --callgrind-out-file=small.out .venv/bin/python benchmarks/per_case.py 300
    valgrind --tool=callgrind --callgrind-out-file=large.out .venv/bin/python benchmarks/per_case.py 1300
    # instructions per case = (total of large - total of small) / 1000

``--without-receipt`` leaves the receipt out (``"receipt": null``), to measure what it costs.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hjemmel import Evaluator, load_rules
from hjemmel.batch.run import Options, process
from hjemmel.cases.inputs import iter_items, parse_item
from synthetic import write_jsonl


def main(count: int) -> dict[str, float]:
    path = Path(tempfile.mkdtemp()) / "cases.jsonl"
    write_jsonl(path, count)
    evaluator = Evaluator(load_rules())
    items = list(iter_items([path]))
    for item in items[:300]:  # warm up: plans and rulesets of the epochs
        process(parse_item(item), evaluator, Options())
    started = time.process_time()
    records = [parse_item(item) for item in items]
    read = time.process_time()
    for record in records:
        process(record, evaluator, Options())
    done = time.process_time()
    return {"read_us": (read - started) / count * 1e6, "assess_us": (done - read) / count * 1e6}


def _without_receipt() -> None:
    import hjemmel.evaluator

    hjemmel.evaluator.receipt_data = lambda *args, **kwargs: None  # type: ignore[assignment,return-value]


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--without-receipt"]
    if "--without-receipt" in sys.argv:
        _without_receipt()
    print(json.dumps(main(int(args[0]) if args else 6000)))
