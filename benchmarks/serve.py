"""Benchmark of `hjemmel serve`: latency and throughput of POST /api/v1/assess on loopback.

    .venv/bin/python benchmarks/serve.py                     # 3,000 sequential, 8 clients for 10 s
    .venv/bin/python benchmarks/serve.py --sequential 1000 --duration 5 --workers 1

Starts `hjemmel serve` on 127.0.0.1 (a free port; never another address), then, for each
worker count:
  (a) the engine alone, in this process: read the JSON body, assess, write the contract
      JSON (what the server does per request, without HTTP) — the baseline;
  (b) sequential requests over one keep-alive connection: median, p95 and p99 latency;
  (c) concurrent load: a fixed number of client threads, each with its own connection,
      for a fixed duration: requests per second, latency under load, errors.
The bodies are the example cases in cases/ as JSON, in turn. The client runs on the same
2 cores as the server, so the load test measures both. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only


def bodies() -> list[bytes]:
    from hjemmel.cases.documents import parse_yaml

    out = []
    for path in sorted((ROOT / "cases").glob("*.yaml")):
        data = parse_yaml(path.read_text("utf-8"), str(path)).data
        out.append(json.dumps(data, default=str, ensure_ascii=False).encode("utf-8"))
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def engine_alone(payloads: list[bytes], count: int) -> list[float]:
    from hjemmel import Evaluator, load_rules
    from hjemmel.reports import render
    from hjemmel.serve.inputs import read_case

    evaluator = Evaluator(load_rules())
    times = []
    for i in range(count + 200):
        started = time.perf_counter()
        record = read_case(payloads[i % len(payloads)], "request", json_only=True)
        assert record.case is not None
        render(evaluator.assess(record.case), "json")
        if i >= 200:  # after warming up
            times.append(time.perf_counter() - started)
    return times


def post(connection: http.client.HTTPConnection, body: bytes) -> int:
    connection.request("POST", "/api/v1/assess", body=body, headers={"content-type": "application/json"})
    response = connection.getresponse()
    response.read()
    return response.status


def sequential(port: int, payloads: list[bytes], count: int) -> list[float]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    for i in range(200):  # warm-up
        assert post(connection, payloads[i % len(payloads)]) == 200
    times = []
    for i in range(count):
        started = time.perf_counter()
        status = post(connection, payloads[i % len(payloads)])
        times.append(time.perf_counter() - started)
        assert status == 200, status
    connection.close()
    return times


def concurrent(port: int, payloads: list[bytes], clients: int, duration: float) -> tuple[int, int, float, list[float]]:
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + duration

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        mine: list[float] = []
        failed = 0
        i = offset
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                ok = post(connection, payloads[i % len(payloads)]) == 200
            except OSError:
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
            mine.append(time.perf_counter() - started)
            failed += not ok
            i += 1
        connection.close()
        with lock:
            times.extend(mine)
            errors[0] += failed

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n * 7,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return len(times), errors[0], elapsed, times


def start_server(workers: int) -> tuple[subprocess.Popen[bytes], int]:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port = sock.getsockname()[1]
    command = [str(Path(sys.executable).parent / "hjemmel"), "serve", "--host", HOST, "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2).read()
            return server, port
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start") from None
            time.sleep(0.1)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), or 0 where unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sequential", type=int, default=3000, help="sequential requests (at most 20,000)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads (at most 64)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of concurrent load (at most 60)")
    parser.add_argument("--workers", default="1,2", help="server worker counts to measure, comma-separated")
    args = parser.parse_args()
    count = max(100, min(args.sequential, 20_000))
    clients = max(1, min(args.clients, 64))
    duration = max(1.0, min(args.duration, 60.0))
    payloads = bodies()

    alone = engine_alone(payloads, count)
    rows = [
        ("machine load (1-minute load average at the start)", f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"),
        ("(a) engine alone: read, assess, JSON (median / p95)", f"{ms(statistics.median(alone))} / {ms(percentile(alone, 95))}"),
    ]
    for workers in (int(w) for w in args.workers.split(",")):
        server, port = start_server(workers)
        try:
            cpu_before = cpu_seconds(server.pid)
            times = sequential(port, payloads, count)
            cpu = (cpu_seconds(server.pid) - cpu_before) / (count + 200)
            done, errors, elapsed, loaded = concurrent(port, payloads, clients, duration)
        finally:
            server.terminate()
            server.wait(timeout=30)
        label = f"{workers} worker{'s' if workers > 1 else ''}"
        rows += [
            (
                f"(b) {label}: {count:,} sequential POST /api/v1/assess (median / p95 / p99)",
                f"{ms(statistics.median(times))} / {ms(percentile(times, 95))} / {ms(percentile(times, 99))}",
            ),
        ]
        if workers == 1:  # the server is this one process: its CPU time per request
            rows.append(("(b) 1 worker: server CPU time per request (user + system)", ms(cpu)))
        rows += [
            (
                f"(c) {label}: {clients} clients for {duration:.0f} s (throughput; median / p95 latency)",
                f"{done / elapsed:,.0f} requests/s; {ms(statistics.median(loaded))} / {ms(percentile(loaded, 95))}; {errors} errors",
            ),
        ]
    print("| measurement | result |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
