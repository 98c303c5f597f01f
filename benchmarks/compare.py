"""CPU per case of `hjemmel batch -j 1`, this checkout against another one, in paired rounds.

    git worktree add --detach ../before <commit>
    .venv/bin/python benchmarks/compare.py ../before            # 20,000 cases, 5 rounds
    .venv/bin/python benchmarks/compare.py ../before --cases 5000 --rounds 3

The other checkout's `engine/` is imported as `hjemmel` (through `PYTHONPATH`, with this
venv's packages), so only the code differs. Each round runs the other version, then this one,
on the same generated file; the ratio of each pair is printed with its median: on a shared
machine whose speed drifts between rounds the paired ratio is steadier than either figure.
CPU time (user + system) of the whole process; the two outputs are compared byte for byte.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_jsonl

HJEMMEL = str(Path(sys.executable).parent / "hjemmel")


def _cpu(args: list[str], env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="the other checkout (its engine/ folder is used)")
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hjemmel-compare-"))
    (work / "path").mkdir()
    (work / "path" / "hjemmel").symlink_to((options.other / "engine").resolve())
    cases = work / "cases.jsonl"
    write_jsonl(cases, options.cases)
    versions = {"other": dict(os.environ, PYTHONPATH=str(work / "path")), "this": dict(os.environ)}
    for env in versions.values():  # fill both start-up caches and bytecode first
        subprocess.run([HJEMMEL, "batch", str(cases), "-j", "1", "-o", str(work / "warm.jsonl")], env=env, check=True, capture_output=True)
        (work / "warm.jsonl").unlink()
        (work / "warm.jsonl.resume.json").unlink(missing_ok=True)
    seconds: dict[str, list[float]] = {"other": [], "this": []}
    for _ in range(options.rounds):
        for name, env in versions.items():
            out = work / f"{name}.jsonl"
            out.unlink(missing_ok=True)
            Path(str(out) + ".resume.json").unlink(missing_ok=True)
            seconds[name].append(_cpu([HJEMMEL, "batch", str(cases), "-j", "1", "-o", str(out)], env))
    ratios = [this / other for this, other in zip(seconds["this"], seconds["other"], strict=True)]
    for name, values in seconds.items():
        per_case = [value / options.cases * 1e6 for value in values]
        print(f"{name:5}: " + ", ".join(f"{v:.0f}" for v in per_case) + f" µs per case (median {statistics.median(per_case):.0f})")
    print("this / other per round: " + ", ".join(f"{r:.2f}" for r in ratios) + f" (median {statistics.median(ratios):.2f})")
    same = (work / "this.jsonl").read_bytes() == (work / "other.jsonl").read_bytes()
    print(f"outputs byte-identical: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
