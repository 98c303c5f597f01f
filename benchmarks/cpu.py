"""CPU benchmark of hjemmel against a fixed reference measured in the same run (`make bench`).

    .venv/bin/python benchmarks/cpu.py                    # 20,000 cases, 3 rounds, memory to 200,000
    .venv/bin/python benchmarks/cpu.py --cases 5000 --rounds 1 --memory 0     # quick look
    .venv/bin/python benchmarks/cpu.py --memory 1000000   # the memory goal at a million cases

Everything is CPU time (user + system) of whole process trees, never wall time: the machines
are shared, and CPU time is what a case costs whatever else runs. Each measurement runs as
its own process (with its workers), on the full file and on a file of its first 500 cases:
the difference over the difference in cases is the cost of one more case, start-up and
rule loading cancelled. The measurements are interleaved in rounds, and the median of the
rounds is shown. The reference is a plain read + validate of the same file in
its own process: each line parsed and validated by the case model (`Case.model_validate_json`,
pydantic), with none of hjemmel's reading (locations, limits, hints). Its cost per case is the
unit the batch is counted in, so the ratio does not depend on the machine.

Goals (issue "Half the CPU per case"), each printed with "yes" or "NO":
  batch -j 1 at most 11x the reference; one `hjemmel assess` at most 0.25 s of CPU; `serve`
  at most 1 ms of CPU per POST /api/v1/assess; the batch's main process grows by at most 20 MB
  from 10,000 to 1,000,000 cases (run with --memory 1000000 for that figure).

The start-up cache (hjemmel.cache) is warm for every measurement (a first start fills it);
the cold start is shown on its own row.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_jsonl  # noqa: E402

REPEAT = 10  # passes of the reference over its file (see main)
HJEMMEL = str(Path(sys.executable).parent / "hjemmel")
CASE = ROOT / "cases" / "ettervern-19-ar-2024.yaml"

REFERENCE = r"""
import sys
from hjemmel.cases.model import Case
count = 0
with open(sys.argv[1], "rb") as lines:
    data = lines.readlines()
for _ in range(int(sys.argv[2])):
    for line in data:
        Case.model_validate_json(line)
        count += 1
assert count
"""

MAIN_PEAK = r"""
import sys
from hjemmel import Evaluator, load_rules
from hjemmel.batch.run import run_batch
with open(sys.argv[2], "w", encoding="utf-8") as out:
    run_batch([sys.argv[1]], out, Evaluator(load_rules()), workers=int(sys.argv[3]))
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(peak, file=sys.stderr)
"""


def tree_cpu(command: list[str], env: dict[str, str] | None = None) -> float:
    """CPU seconds (user + system) of ``command`` and every process it started and waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # 1: some cases failed, as some generated ones may
        raise SystemExit(f"{' '.join(command[:3])} … failed ({done.returncode}): {done.stderr.decode()[-400:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def serve_cpu_per_request(requests: int) -> tuple[float, float]:
    """Server CPU per POST /api/v1/assess and per GET /healthz, in ms (one worker, warm)."""
    import http.client

    from serve import bodies, cpu_seconds, post, start_server

    payloads = bodies()
    server, port = start_server(1)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for i in range(100):  # warm-up: plans of the dates, templates
            assert post(connection, payloads[i % len(payloads)]) == 200
        pids = [server.pid, *_children(server.pid)]
        started = sum(cpu_seconds(pid) for pid in pids)
        for i in range(requests):
            assert post(connection, payloads[i % len(payloads)]) == 200
        assess = (sum(cpu_seconds(pid) for pid in pids) - started) / requests * 1000
        started = sum(cpu_seconds(pid) for pid in pids)
        for _ in range(requests):
            connection.request("GET", "/healthz")
            connection.getresponse().read()
        health = (sum(cpu_seconds(pid) for pid in pids) - started) / requests * 1000
        connection.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return assess, health


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def main_peak_mb(cases: Path, output: Path, workers: int) -> float:
    done = subprocess.run([sys.executable, "-c", MAIN_PEAK, str(cases), str(output), str(workers)], cwd=ROOT, capture_output=True, text=True, check=True)
    return int(done.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=1000, help="POST /api/v1/assess per round (serve)")
    parser.add_argument("--memory", type=int, default=200_000, help="cases of the large memory run (0: none; 1000000 for the goal)")
    args = parser.parse_args()
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cache = {**os.environ, "HJEMMEL_CACHE_DIR": str(folder / "cache")}
        cases, few = folder / "cases.jsonl", folder / "few.jsonl"
        write_jsonl(cases, args.cases)
        base = 500
        with cases.open("rb") as lines, few.open("wb") as out:
            for _ in range(base):
                out.write(lines.readline())
        n = args.cases - base
        cold = tree_cpu([HJEMMEL, "assess", str(CASE)], env=cache)  # fills the start-up cache

        def marginal(command: Callable[[Path], list[str]]) -> Callable[[], float]:
            """CPU of ``command`` on all cases minus on the first ``base`` ones."""
            return lambda: tree_cpu(command(cases), env=cache) - tree_cpu(command(few), env=cache)

        batch = [HJEMMEL, "batch", "-q"]
        jobs: dict[str, Callable[[], float]] = {
            # The reference passes over its file REPEAT times: one pass differs from the
            # small file's by a tenth of a second, about the noise of starting a process.
            "reference": marginal(lambda f: [sys.executable, "-c", REFERENCE, str(f), str(REPEAT)]),
            "batch -j 1": marginal(lambda f: [*batch, str(f), "-o", str(folder / "b1.jsonl"), "-j", "1"]),
            "batch -j 2": marginal(lambda f: [*batch, str(f), "-o", str(folder / "b2.jsonl"), "-j", "2"]),
            "batch -j 2 --findings --summary": marginal(
                lambda f: [*batch, str(f), "-o", str(folder / "b3.jsonl"), "-j", "2", "--findings", str(folder / "f.csv"), "--summary", str(folder / "s.html")]
            ),
            "impact --from --to -j 2": marginal(
                lambda f: [HJEMMEL, "impact", str(f), "--from", "2023-01-01", "--to", "2023-07-01", "-o", str(folder / "i.jsonl"), "-j", "2", "-q"]
            ),
            "assess (one case, whole process)": lambda: statistics.median(tree_cpu([HJEMMEL, "assess", str(CASE)], env=cache) for _ in range(5)),
        }
        seen: dict[str, list[float]] = {name: [] for name in jobs}
        serve: list[tuple[float, float]] = []
        for _ in range(args.rounds):  # interleaved: a change in the machine's load touches every row alike
            for name, job in jobs.items():
                seen[name].append(job())
            serve.append(serve_cpu_per_request(args.requests))
        tree_cpu([*batch, str(cases), "-o", str(folder / "b1.jsonl"), "-j", "1"], env=cache)
        tree_cpu([*batch, str(cases), "-o", str(folder / "b2.jsonl"), "-j", "2"], env=cache)
        same = (folder / "b1.jsonl").read_bytes() == (folder / "b2.jsonl").read_bytes()
        median = {name: statistics.median(values) for name, values in seen.items()}
        unit = median["reference"] / (n * REPEAT)
        if unit <= 0:
            raise SystemExit(f"the reference did not cost measurably more on {args.cases:,} cases than on {base}: run with more --cases")
        rows: list[tuple[str, str, str]] = []
        rows.append((f"reference: read + validate (`Case.model_validate_json`), {args.cases:,} − {base} cases", f"{unit * 1e6:.1f} µs per case", ""))
        for name in ("batch -j 1", "batch -j 2", "batch -j 2 --findings --summary", "impact --from --to -j 2"):
            per = median[name] / n
            goal = f"{'yes' if per / unit <= 11 else 'NO'} (≤ 11×)" if name == "batch -j 1" else ""
            rows.append((name, f"{per * 1e6:.0f} µs per case ({per / unit:.1f}× the reference)", goal))
        rows.append(("    output of -j 2 byte-identical to -j 1", "yes" if same else "NO", ""))
        startup = median["assess (one case, whole process)"]
        met = "yes" if startup <= 0.25 else "NO"
        rows.append(("`hjemmel assess`, one case (median of 5 per round), start-up cache warm", f"{startup:.3f} s", f"{met} (≤ 0.25 s)"))
        rows.append(("    the same, the first start (cache cold, once)", f"{cold:.3f} s", ""))
        assess_ms = statistics.median(a for a, _ in serve)
        health_ms = statistics.median(h for _, h in serve)
        met = "yes" if assess_ms <= 1 else "NO"
        rows.append((f"`serve`: server CPU per POST /api/v1/assess ({args.requests:,} per round, 1 worker)", f"{assess_ms:.2f} ms", f"{met} (≤ 1 ms)"))
        rows.append(("    per GET /healthz (the HTTP floor)", f"{health_ms:.2f} ms", ""))
        if args.memory:
            small = folder / "m10k.jsonl"
            write_jsonl(small, 10_000)
            base = main_peak_mb(small, folder / "m1.jsonl", 2)
            small.unlink()
            large = folder / "mlarge.jsonl"
            write_jsonl(large, args.memory)
            peak = main_peak_mb(large, folder / "m2.jsonl", 2)
            growth = peak - base
            goal = f"{'yes' if growth <= 20 else 'NO'} (≤ 20 MB to 1,000,000)" if args.memory >= 1_000_000 else "(goal at --memory 1000000)"
            rows.append((f"batch main process, peak RSS: 10,000 → {args.memory:,} cases (-j 2)", f"{base:.0f} → {peak:.0f} MB ({growth:+.0f} MB)", goal))
    machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, load before: {load}"
    print(f"CPU time of whole process trees, median of {args.rounds} interleaved round(s); {machine}")
    print()
    print("| measurement | result | goal met |")
    print("|---|---|---|")
    for name, value, goal in rows:
        print(f"| {name} | {value} | {goal} |")
    print()
    print(json.dumps({"rounds": {name: [round(v, 3) for v in values] for name, values in seen.items()}, "serve_ms": serve, "time": time.strftime("%Y-%m-%d")}))


if __name__ == "__main__":
    main()
