"""Instructions per request of `hjemmel serve` under callgrind (deterministic to a few per cent).

    .venv/bin/python benchmarks/serve_instructions.py            # 300 requests of each kind
    .venv/bin/python benchmarks/serve_instructions.py --requests 500

Starts `hjemmel serve` (one worker, 127.0.0.1 only) under `valgrind --tool=callgrind`, sends
100 `POST /api/v1/assess` to warm up (the example cases in cases/, in turn), then dumps the
counters, sends N assess requests, dumps, sends N `GET /healthz`, dumps. Each dump holds the
instructions of the server process (all its threads) since the one before, so start-up and
warm-up cancel out. Instruction counts do not depend on what else the machine runs, which CPU
time on a shared machine does; they do not count the cost of thread switches and cache misses.
Takes about a minute.
"""

from __future__ import annotations

import argparse
import glob
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import HOST, ROOT, bodies, post


def _total(dump: str) -> int:
    for line in Path(dump).read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise SystemExit(f"no totals in {dump}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300, help="requests of each kind (at most 5,000)")
    count = max(10, min(parser.parse_args().requests, 5000))
    folder = tempfile.mkdtemp()
    out = os.path.join(folder, "callgrind")
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port = sock.getsockname()[1]
    hjemmel = str(Path(sys.executable).parent / "hjemmel")
    command = [sys.executable, hjemmel, "serve", "--host", HOST, "--port", str(port), "--workers", "1"]
    server = subprocess.Popen(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}.%p", *command],
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 600
        while True:
            try:
                urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the server did not start under valgrind") from None
                time.sleep(0.5)
        payloads = bodies()
        connection = http.client.HTTPConnection(HOST, port, timeout=300)

        def dump() -> None:
            subprocess.run(["callgrind_control", "-d", str(server.pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            time.sleep(1)

        for i in range(100):
            post(connection, payloads[i % len(payloads)])
        dump()
        for i in range(count):
            post(connection, payloads[i % len(payloads)])
        dump()
        for _ in range(count):
            connection.request("GET", "/healthz")
            connection.getresponse().read()
        dump()
        connection.close()
    finally:
        server.terminate()
        server.wait(timeout=60)
    dumps = {int(path.rsplit(".", 1)[1]): path for path in glob.glob(f"{out}.{server.pid}.*")}
    assess, health = _total(dumps[2]) / count, _total(dumps[3]) / count
    print(f"POST /api/v1/assess: {assess / 1e6:.2f} M instructions per request ({count} requests)")
    print(f"GET /healthz:        {health / 1e6:.2f} M instructions per request")


if __name__ == "__main__":
    main()
