"""Batch benchmark: throughput, scaling and memory of hjemmel on synthetic cases.

    .venv/bin/python benchmarks/batch.py                  # 40,000 and 200,000 cases (make bench)
    .venv/bin/python benchmarks/batch.py --small 4000 --large 20000   # quicker

Measures in one run, on the same generated cases (fixed seed; varied facts and dates):
  (a) reading and validating alone (no assessment), in one process (best of 3, before
      and after the batch runs, so that a change in the machine's load shows);
  (b) the full assessment with 1 worker;  (c) with 2 workers (whole run including
      start-up, and "steady": from the first progress tick, after the workers are up),
      each also as a time ratio to (a): the figure that does not depend on the machine;
  (d) peak memory (main process and the largest worker) at two sizes;
  (e) one `hjemmel assess` of one case as a whole process (median of 5);
  (f) `impact` between two dates against two `batch --date` runs (2 workers);
  (g) `impact --law-from/--law-to` and `impact --reform` against the same two batch runs, in
      CPU time of the whole process tree (the goal: at most two batches).
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
import datetime as dt, io, json, resource, sys, time
from hjemmel import Evaluator, load_rules
from hjemmel.batch.run import run_batch

started = time.perf_counter()
path, output, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
extra = {}
if len(sys.argv) > 5 and sys.argv[4] == "impact":
    from hjemmel.batch.impact import ImpactJob
    extra["job"] = ImpactJob(dt.date.fromisoformat(sys.argv[5]), dt.date.fromisoformat(sys.argv[6]))
elif len(sys.argv) > 5 and sys.argv[4] == "law":
    from hjemmel.batch.impact import ImpactJob
    extra["job"] = ImpactJob(dt.date.fromisoformat(sys.argv[5]), dt.date.fromisoformat(sys.argv[6]), question="law")
elif len(sys.argv) > 5 and sys.argv[4] == "reform":
    from hjemmel.batch.impact import ImpactJob
    extra["job"] = ImpactJob(question="reform", reform=sys.argv[5])
elif len(sys.argv) > 5 and sys.argv[4] == "date":
    extra["on"] = dt.date.fromisoformat(sys.argv[5])
evaluator = Evaluator(load_rules())
first = []

def progress(summary):
    if not first:  # the first tick after start-up: steady state from here
        first.append((time.perf_counter(), summary.cases))

with open(output, "w", encoding="utf-8") as out:
    summary = run_batch([path], out, evaluator, workers=workers, progress=progress, **extra)
ended = time.perf_counter()
steady = (summary.cases - first[0][1]) / (ended - first[0][0]) if first else summary.cases / (ended - started)
# VmHWM is this process's own peak; ru_maxrss would also carry over the RSS of the
# process that forked it (Linux keeps it across exec), which inflated earlier figures.
me = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # workers (floor: this process at spawn)
own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = {"main_cpu": own.ru_utime + own.ru_stime, "worker_cpu": children.ru_utime + children.ru_stime}
print(json.dumps({"seconds": ended - started, "steady": steady, "main_kb": me, "worker_kb": kids, **cpu}), file=sys.stderr)
"""


def run_child(args: list[str]) -> dict[str, float]:
    proc = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True, cwd=ROOT, check=False)
    last = proc.stderr.strip().splitlines()[-1]
    return json.loads(last)


def read_only(path: Path) -> tuple[float, float]:
    """Cases per second reading and validating ``path`` in this process (best of 3), and CPU µs per case."""
    from hjemmel.cases.inputs import iter_items, parse_item

    best, cpu = 0.0, float("inf")
    for _ in range(3):
        started, started_cpu = time.perf_counter(), time.process_time()
        count = 0
        for item in iter_items([path]):
            record = parse_item(item)
            assert record.case is not None
            count += 1
        best = max(best, count / (time.perf_counter() - started))
        cpu = min(cpu, (time.process_time() - started_cpu) / count * 1e6)
    return best, cpu


def assess_once(case: Path) -> float:
    times = []
    exe = Path(sys.executable).parent / "hjemmel"
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([str(exe), "assess", str(case)], capture_output=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def load_average() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=40_000)
    parser.add_argument("--large", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-large", action="store_true", help="skip the memory run at --large cases")
    args = parser.parse_args()
    load_before = load_average()
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "small.jsonl", Path(tmp) / "large.jsonl"
        write_jsonl(small, args.small)
        rows: list[tuple[str, str]] = []
        read_before, cpu_before = read_only(small)
        one = run_child([str(small), str(Path(tmp) / "o1.jsonl"), "1"])
        many = run_child([str(small), str(Path(tmp) / "o2.jsonl"), str(args.workers)])
        read_after, cpu_after = read_only(small)
        rate_read, cpu_read = (read_before + read_after) / 2, min(cpu_before, cpu_after)
        rate_one, rate_many = args.small / one["seconds"], args.small / many["seconds"]
        rows.append((f"(a) read + validate only, {args.small:,} cases (before / after the runs)", f"{read_before:,.0f} / {read_after:,.0f} cases/s"))
        rows.append((f"(b) full assessment, 1 worker, {args.small:,} cases", f"{rate_one:,.0f} cases/s ({one['steady']:,.0f} steady)"))
        rows.append((f"(c) full assessment, {args.workers} workers, {args.small:,} cases", f"{rate_many:,.0f} cases/s ({many['steady']:,.0f} steady)"))
        rows.append((f"    per core ({args.workers} workers, steady)", f"{many['steady'] / args.workers:,.0f} cases/s"))
        rows.append(("    1 worker vs read + validate (time ratio, steady)", f"{rate_read / one['steady']:.1f}×"))
        rows.append((f"    {args.workers} workers vs read + validate (time ratio, steady)", f"{rate_read / many['steady']:.1f}×"))
        for name, run in (("1 worker", one), (f"{args.workers} workers", many)):
            main_us, work_us = run["main_cpu"] / args.small * 1e6, run["worker_cpu"] / args.small * 1e6
            rows.append(
                (
                    f"    CPU per case, {name}: main + workers (ratio to read + validate, {cpu_read:.0f} µs)",
                    f"{main_us:.0f} + {work_us:.0f} µs ({(main_us + work_us) / cpu_read:.1f}×)",
                )
            )
        rows.append(("    speed-up of all workers over 1 (with start-up / steady)", f"{rate_many / rate_one:.2f}× / {many['steady'] / one['steady']:.2f}×"))
        same = (Path(tmp) / "o1.jsonl").read_bytes() == (Path(tmp) / "o2.jsonl").read_bytes()
        rows.append(("    output of all workers byte-identical to 1 worker", "yes" if same else "NO"))
        size = (Path(tmp) / "o1.jsonl").stat().st_size / args.small
        rows.append(("    output per case", f"{size / 1024:.1f} KB"))
        if not args.no_large:
            write_jsonl(large, args.large)
            big = run_child([str(large), str(Path(tmp) / "o3.jsonl"), str(args.workers)])
            rows.append(
                (f"(d) peak memory, {args.small:,} cases (main / largest worker)", f"{many['main_kb'] / 1024:.0f} MB / {many['worker_kb'] / 1024:.0f} MB")
            )
            rows.append(
                (f"    peak memory, {args.large:,} cases (main / largest worker)", f"{big['main_kb'] / 1024:.0f} MB / {big['worker_kb'] / 1024:.0f} MB")
            )
            growth = (big["main_kb"] + big["worker_kb"] - many["main_kb"] - many["worker_kb"]) / 1024
            rows.append(("    growth from the small to the large run (main + worker)", f"{growth:+.0f} MB"))
            rows.append(
                (f"    throughput at {args.large:,} cases, {args.workers} workers", f"{args.large / big['seconds']:,.0f} cases/s ({big['steady']:,.0f} steady)")
            )
            large.unlink()
        rows.append(("(e) one `hjemmel assess`, whole process (median of 5)", f"{assess_once(ROOT / 'cases' / 'ettervern-19-ar-2024.yaml'):.2f} s"))
        start, end = "2023-01-01", "2023-07-01"
        first = run_child([str(small), str(Path(tmp) / "d1.jsonl"), str(args.workers), "date", start])
        second = run_child([str(small), str(Path(tmp) / "d2.jsonl"), str(args.workers), "date", end])
        impact = run_child([str(small), str(Path(tmp) / "i.jsonl"), str(args.workers), "impact", start, end])
        two = first["seconds"] + second["seconds"]
        rows.append((f"(f) impact {start} → {end}, {args.workers} workers, {args.small:,} cases", f"{args.small / impact['seconds']:,.0f} cases/s"))
        rows.append(("    impact vs two `batch --date` runs (time)", f"{impact['seconds']:.1f} s vs {two:.1f} s ({impact['seconds'] / two:.0%})"))
        cpu_two = sum(run["main_cpu"] + run["worker_cpu"] for run in (first, second))
        law = run_child([str(small), str(Path(tmp) / "l.jsonl"), str(args.workers), "law", "2023-06-30", "2023-07-01"])
        reform = run_child([str(small), str(Path(tmp) / "r.jsonl"), str(args.workers), "reform", str(ROOT / "tests" / "data" / "reform-ettervern-27")])
        for name, run in (("--law-from 2023-06-30 --law-to 2023-07-01", law), ("--reform (aftercare to 27)", reform)):
            cpu = run["main_cpu"] + run["worker_cpu"]
            rows.append((f"(g) impact {name}, CPU vs two batches", f"{cpu:.1f} s vs {cpu_two:.1f} s ({cpu / cpu_two:.0%})"))
    print(f"| measurement ({os.cpu_count()} cores, Python {sys.version.split()[0]}; load average before: {load_before}, after: {load_average()}) | result |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
