"""Bounded load check of the web service on loopback: status requests while simulations run.

    python benchmarks/web_load.py                  # starts its own server on 127.0.0.1
    python benchmarks/web_load.py --url http://127.0.0.1:8000 --duration 20 --clients 16

It submits a few small simulations, then C client threads ask for the runs' status for at
most --duration seconds and --max-requests requests in all, and it prints requests per
second and latency percentiles, split by whether a simulation was running at the time.
Only loopback addresses are accepted as a target.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from urllib.parse import urlparse

import httpx

SCENARIO = {
    "seed": 5,
    "patient": {"age_years": 40, "sex": "female", "fitzpatrick": 3, "site": "cheek"},
    "protocol": {"sessions": 1, "interval_days": 28, "device": "pen", "needle_length_mm": 1.0,
                 "passes": 2, "area_cm2": 4, "serum": "vitamin_c"},
    "output": {"report_days": [30]},
}


def start_server(workers: int) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    data_dir = tempfile.mkdtemp(prefix="needlesim-load-")
    process = subprocess.Popen(
        [sys.executable, "-m", "needlesim.cli", "serve", "--port", str(port), "--data-dir",
         data_dir, "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, MPLBACKEND="Agg"),
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def hammer(url: str, ids: list[str], stop_at: float, budget: list[int], lock, records) -> None:
    with httpx.Client(base_url=url, timeout=10) as client:
        index = 0
        while time.monotonic() < stop_at:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            run_id = ids[index % len(ids)]
            index += 1
            started = time.perf_counter()
            try:
                response = client.get(f"/api/runs/{run_id}")
                ok = response.status_code == 200
                running = ok and response.json()["status"] == "running"
            except httpx.HTTPError:
                ok, running = False, False
            records.append((time.perf_counter() - started, ok, running))


def stats(latencies: list[float]) -> dict:
    ms = [1e3 * x for x in latencies]
    return {"count": len(ms), "p50_ms": round(percentile(ms, 0.5), 2),
            "p95_ms": round(percentile(ms, 0.95), 2), "p99_ms": round(percentile(ms, 0.99), 2),
            "max_ms": round(max(ms), 2) if ms else float("nan"),
            "mean_ms": round(statistics.fmean(ms), 2) if ms else float("nan")}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server on loopback (default: start one)")
    parser.add_argument("--workers", type=int, default=1, help="workers of the server started here")
    parser.add_argument("--runs", type=int, default=2, help="simulations to submit")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds (at most 120)")
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    duration = min(args.duration, 120.0)

    process = None
    url = args.url
    if url is None:
        process, url = start_server(args.workers)
    elif urlparse(url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("only a server on loopback may be loaded")
    try:
        ids = [httpx.post(url + "/api/runs", json=SCENARIO, timeout=10).json()["id"]
               for _ in range(max(args.runs, 1))]
        deadline = time.monotonic() + 60  # wait until a simulation is running
        while time.monotonic() < deadline:
            if any(httpx.get(f"{url}/api/runs/{i}", timeout=10).json()["status"] != "queued"
                   for i in ids):
                break
            time.sleep(0.05)
        records: list = []
        lock, budget = threading.Lock(), [args.max_requests]
        began = time.monotonic()
        threads = [threading.Thread(target=hammer, args=(url, ids, began + duration, budget, lock,
                                                         records)) for _ in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
        final = [httpx.get(f"{url}/api/runs/{i}", timeout=10).json()["status"] for i in ids]
    finally:
        if process is not None:
            process.terminate()
            process.wait(20)

    report = {
        "url": url, "clients": args.clients, "seconds": round(elapsed, 2),
        "requests": len(records), "errors": sum(1 for _, ok, _ in records if not ok),
        "requests_per_s": round(len(records) / elapsed, 1),
        "latency": stats([t for t, _, _ in records]),
        "while_simulating": stats([t for t, ok, running in records if running]),
        "runs_submitted": len(ids), "runs_final_status": final,
    }
    if args.json:
        print(json.dumps(report))
    else:
        print(f"{report['requests']} status requests in {report['seconds']} s from "
              f"{args.clients} clients: {report['requests_per_s']} requests/s, "
              f"{report['errors']} errors")
        for name in ("latency", "while_simulating"):
            s = report[name]
            print(f"  {name:17s} n={s['count']:6d}  p50 {s['p50_ms']} ms  p95 {s['p95_ms']} ms  "
                  f"p99 {s['p99_ms']} ms  max {s['max_ms']} ms")
        print(f"  runs at the end: {final}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
