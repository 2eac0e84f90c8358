"""Benchmark the Open311 service under load: concurrent clients posting requests.

    python benchmarks/bench_open311.py [--clients 20] [--posts 5000] [--store PATH]

Starts ``participation serve`` (rate limits off) on a new store on 127.0.0.1, then
``--clients`` threads, each with its own HTTP connection, post ``--posts`` requests in
all (``POST /requests.json``, url-encoded, with a name, an e-mail and a location; each
text unique). Prints what the clients saw (accepted, errors, latency p50/p99, requests
per second) and what the store holds afterwards (rows, and duplicates: texts stored more
than once, or ids given twice). Expected: every post accepted and stored once.

Needs the ``serve`` extra and httpx. Every request goes to 127.0.0.1 only; the run is
bounded by ``--posts`` and a 30 s timeout per request.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from participation.store import SqliteStore


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "participation", "serve", "--db", str(db), "--port", str(port),
             "--post-rate", "0", "--get-rate", "0"], stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/services.json", timeout=1)
            return process
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server did not start; see {log}") from None
            time.sleep(0.1)


def client(url: str, number: int, posts: range, latencies: list[float], statuses: Counter[str],
           ids: list[str], lock: threading.Lock) -> None:
    with httpx.Client(base_url=url, timeout=30) as http:
        for i in posts:
            form = {"service_code": "web_form", "description": f"bench client {number} post {i}",
                    "first_name": "Client", "last_name": str(number),
                    "email": f"client{number}@example.org", "lat": "42.1354", "long": "24.7453",
                    "address_string": f"Main St {i}"}
            start = time.perf_counter()
            try:
                answer = http.post("/requests.json", data=form)
                status, sid = str(answer.status_code), (
                    answer.json()[0]["service_request_id"] if answer.status_code == 200 else None)
            except httpx.HTTPError as exc:
                status, sid = type(exc).__name__, None
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                statuses[status] += 1
                if sid is not None:
                    ids.append(sid)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--store", type=Path, help="the store file (default: a new temporary one)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-open311-"))
    db = args.store or folder / "participation.db"
    with SqliteStore(db, create=True) as store:
        store.set_settings({"jurisdiction": "bg", "timezone": "Europe/Sofia"})
    port = free_port()
    server = start_server(db, port, folder / "server.log")
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    ids: list[str] = []
    lock = threading.Lock()
    shares = [range(n, args.posts, args.clients) for n in range(args.clients)]
    threads = [threading.Thread(target=client, args=(f"http://127.0.0.1:{port}", n, share,
                                                     latencies, statuses, ids, lock))
               for n, share in enumerate(shares)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    server.send_signal(signal.SIGINT)
    server.wait(timeout=30)

    with SqliteStore(db) as store:
        texts = Counter(s.text for s in store.iter_submissions())
        rows = sum(texts.values())
    duplicates = sum(n - 1 for n in texts.values() if n > 1) + (len(ids) - len(set(ids)))
    accepted = statuses.get("200", 0)
    print(f"clients {args.clients}, posts {args.posts}, {wall:.1f} s, {args.posts / wall:.0f} posts/s")
    print(f"accepted {accepted}, errors {args.posts - accepted} {dict(statuses)}")
    print(f"rows stored {rows}, duplicates {duplicates}")
    print(f"latency p50 {percentile(latencies, 0.50) * 1000:.0f} ms, "
          f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms, "
          f"mean {statistics.fmean(latencies) * 1000:.0f} ms")
    print(f"store and server log in {folder}")


if __name__ == "__main__":
    main()
