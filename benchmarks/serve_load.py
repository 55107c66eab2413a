"""Load benchmark of `triage serve`: concurrent clients on POST /api/assess.

Loopback only and bounded: the server runs in this process on 127.0.0.1 (a free port),
N clients (threads, one keep-alive connection each) post a fixed number of requests
each, then it stops by itself. Reports errors, throughput and latency percentiles.
Handlers run in the server's thread pool with one engine per thread
(triage.web.assessor), never one engine shared between requests.

    python benchmarks/serve_load.py                     # 50 clients x 40 requests
    python benchmarks/serve_load.py --clients 50 --requests 100 --json
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from web_server import live_server

CASES = [
    {"anc": 800, "anc_unit": "cells/uL", "temperature": 38.4, "temperature_unit": "C"},
    {"anc": 0.45, "anc_unit": "10^9/L", "medications": ["Clozaril 100 mg"]},
    {"anc": 1800, "anc_unit": "cells/uL", "symptoms": ["cough"], "conditions": ["lupus"]},
    {"days_since_chemo": 5},
    {"anc": 300, "anc_unit": "cells/uL", "neutropenia_days": 10, "temperature": 101.2},
]
MAX_CLIENTS = 200
MAX_REQUESTS = 1_000  # per client
TIME_LIMIT_S = 300  # the whole run stops after this, finished or not


def client(port: int, requests: int, latencies: list[float], errors: list[str],
           stop: threading.Event) -> None:  # fmt: skip
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for number in range(requests):
        if stop.is_set():
            break
        body = json.dumps(CASES[number % len(CASES)])
        started = time.perf_counter()
        try:
            connection.request("POST", "/api/assess", body,
                               {"content-type": "application/json"})  # fmt: skip
            response = connection.getresponse()
            payload = response.read()
            if response.status != 200 or b'"triage"' not in payload:
                errors.append(f"HTTP {response.status}")
        except (OSError, http.client.HTTPException) as error:
            errors.append(f"{type(error).__name__}: {error}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        latencies.append(time.perf_counter() - started)
    connection.close()


def run(clients: int, requests: int) -> dict[str, object]:
    latencies: list[float] = []
    errors: list[str] = []
    stop = threading.Event()
    with live_server() as base:
        port = int(base.rsplit(":", 1)[1])
        work = (port, requests, latencies, errors, stop)
        threads = [threading.Thread(target=client, args=work) for _ in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        deadline = started + TIME_LIMIT_S
        for thread in threads:
            thread.join(max(0.0, deadline - time.perf_counter()))
        stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def percentile(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else 0.0

    return {
        "clients": clients,
        "requests": clients * requests,
        "completed": len(latencies),
        "errors": len(errors),
        "first_errors": errors[:5],
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "latency_ms": {
            "p50": round(percentile(0.50), 1),
            "p95": round(percentile(0.95), 1),
            "p99": round(percentile(0.99), 1),
            "max": round(ordered[-1] * 1000, 1) if ordered else 0.0,
            "mean": round(statistics.fmean(ordered) * 1000, 1) if ordered else 0.0,
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=40, help="per client")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    options = parser.parse_args()
    if not 1 <= options.clients <= MAX_CLIENTS or not 1 <= options.requests <= MAX_REQUESTS:
        parser.error(f"--clients 1..{MAX_CLIENTS}, --requests 1..{MAX_REQUESTS}")
    figures = run(options.clients, options.requests)
    if options.json:
        print(json.dumps(figures, indent=2))
    else:
        lat = figures["latency_ms"]
        print(
            f"{figures['clients']} clients, {figures['completed']:,} of "
            f"{figures['requests']:,} requests in {figures['seconds']} s: "
            f"{figures['requests_per_second']} requests/s, {figures['errors']} errors"
        )
        print(f"latency ms: p50 {lat['p50']}  p95 {lat['p95']}  p99 {lat['p99']}  "  # type: ignore[index]
              f"max {lat['max']}")  # type: ignore[index]  # fmt: skip
    return 1 if figures["errors"] or figures["completed"] != figures["requests"] else 0


if __name__ == "__main__":
    sys.exit(main())
