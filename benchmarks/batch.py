"""Batch benchmark: throughput, scaling and memory of hjemmel on synthetic cases.

    .venv/bin/python benchmarks/batch.py                  # 20,000 and 200,000 cases
    .venv/bin/python benchmarks/batch.py --small 2000 --large 20000   # quicker

Measures in one run, on the same generated cases (fixed seed):
  (a) reading and validating alone (no assessment), in one process;
  (b) the full assessment with 1 worker;  (c) with all workers (whole run including
      start-up, and "steady": from the first progress tick, after the workers are up);
  (d) peak memory (main process and the largest worker) at two sizes;
  (e) one `hjemmel assess` of one case as a whole process (median of 5).
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_jsonl  # noqa: E402

CHILD = r"""
import io, json, resource, sys, time
from hjemmel import Evaluator, load_rules
from hjemmel.batch.run import run_batch

started = time.perf_counter()
path, output, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
evaluator = Evaluator(load_rules())
first = []

def progress(summary):
    if not first:  # the first tick after start-up: steady state from here
        first.append((time.perf_counter(), summary.cases))

with open(output, "w", encoding="utf-8") as out:
    summary = run_batch([path], out, evaluator, workers=workers, progress=progress)
ended = time.perf_counter()
steady = (summary.cases - first[0][1]) / (ended - first[0][0]) if first else summary.cases / (ended - started)
# VmHWM is this process's own peak; ru_maxrss would also carry over the RSS of the
# process that forked it (Linux keeps it across exec), which inflated earlier figures.
me = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # workers (floor: this process at spawn)
print(json.dumps({"seconds": ended - started, "steady": steady, "main_kb": me, "worker_kb": kids}), file=sys.stderr)
"""


def run_child(args: list[str]) -> dict[str, float]:
    proc = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True, cwd=ROOT, check=False)
    last = proc.stderr.strip().splitlines()[-1]
    return json.loads(last)


def read_only(path: Path) -> float:
    from hjemmel.cases.inputs import iter_items, parse_item

    started = time.perf_counter()
    count = 0
    for item in iter_items([path]):
        record = parse_item(item)
        assert record.case is not None
        count += 1
    return count / (time.perf_counter() - started)


def assess_once(case: Path) -> float:
    times = []
    exe = Path(sys.executable).parent / "hjemmel"
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([str(exe), "assess", str(case)], capture_output=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument("--large", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "small.jsonl", Path(tmp) / "large.jsonl"
        write_jsonl(small, args.small)
        write_jsonl(large, args.large)
        rows: list[tuple[str, str]] = []
        rate_read = read_only(small)
        rows.append((f"(a) read + validate only, {args.small:,} cases", f"{rate_read:,.0f} cases/s"))
        one = run_child([str(small), str(Path(tmp) / "o1.jsonl"), "1"])
        rate_one = args.small / one["seconds"]
        rows.append((f"(b) full assessment, 1 worker, {args.small:,} cases", f"{rate_one:,.0f} cases/s ({one['steady']:,.0f} steady)"))
        many = run_child([str(small), str(Path(tmp) / "o2.jsonl"), str(args.workers)])
        rate_many = args.small / many["seconds"]
        rows.append((f"(c) full assessment, {args.workers} workers, {args.small:,} cases", f"{rate_many:,.0f} cases/s ({many['steady']:,.0f} steady)"))
        rows.append(("    speed-up of all workers over 1 (with start-up / steady)", f"{rate_many / rate_one:.2f}× / {many['steady'] / one['steady']:.2f}×"))
        rows.append(("    full assessment vs read + validate (time ratio, steady)", f"{rate_read / many['steady']:.1f}×"))
        same = (Path(tmp) / "o1.jsonl").read_bytes() == (Path(tmp) / "o2.jsonl").read_bytes()
        rows.append(("    output of all workers byte-identical to 1 worker", "yes" if same else "NO"))
        big = run_child([str(large), str(Path(tmp) / "o3.jsonl"), str(args.workers)])
        rows.append((f"(d) peak memory, {args.small:,} cases (main / largest worker)", f"{many['main_kb'] / 1024:.0f} MB / {many['worker_kb'] / 1024:.0f} MB"))
        rows.append((f"    peak memory, {args.large:,} cases (main / largest worker)", f"{big['main_kb'] / 1024:.0f} MB / {big['worker_kb'] / 1024:.0f} MB"))
        growth = (big["main_kb"] + big["worker_kb"] - many["main_kb"] - many["worker_kb"]) / 1024
        rows.append(("    growth from the small to the large run (main + worker)", f"{growth:+.0f} MB"))
        rows.append(
            (f"    throughput at {args.large:,} cases, {args.workers} workers", f"{args.large / big['seconds']:,.0f} cases/s ({big['steady']:,.0f} steady)")
        )
        rows.append(("(e) one `hjemmel assess`, whole process (median of 5)", f"{assess_once(ROOT / 'cases' / 'ettervern-19-ar-2024.yaml'):.2f} s"))
    print(f"| measurement ({os.cpu_count()} cores, Python {sys.version.split()[0]}) | result |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
