"""The production server under load: `navigator serve` (waitress) against the gunicorn recipe, side by side.

    python benchmarks/server.py                    # 16 clients x 10 s per server, flood, slow clients, first visit
    python benchmarks/server.py --duration 3 --no-browser   # a short run

1. Load: for each server (navigator serve with 1 and 2 workers, gunicorn with 2 sync workers, the
   recipe of earlier versions), 16 client threads for a fixed time, each loading the page (`GET /`)
   then making filter changes (the two callback POSTs a browser sends; 10% in hidden mode): requests/s,
   p50, p95, p99 and errors. Clients and servers share the machine's 2 cores, so compare the rows
   with each other rather than with another machine.
2. Download flood: 30 parallel PNG downloads with distinct filters while `GET /` is timed every
   100 ms: the page's worst time, and how many downloads were rendered or answered 503.
3. Slow clients: 50 connections that send half a request and wait, then `GET /` ten times.
4. First visit: headless Chromium loads the page; bytes moved (as sent, compressed) and the same
   responses' decoded size (what an uncompressed server sends).

Loopback only; every loop is bounded in time and count; servers are stopped at the end. Prints the
tables and exits 1 if a target is missed (load: no errors and p95 under 100 ms for navigator serve;
flood and slow clients: the page under 1 s, no 500), unless --report-only.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import brotli

from navigator import api
from navigator.web.state import ViewState
from web import change_body, free_port, pct, state_body, states  # benchmarks/web.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
LOAD_P95_MS = 100.0
PAGE_LIMIT_S = 1.0


@dataclass
class Server:
    name: str
    proc: subprocess.Popen[bytes]
    port: int


def start_serve(workers: int, threads: int) -> Server:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "navigator", "serve", "--port", str(port), "--workers", str(workers)]
        + ["--threads", str(threads)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return ready(
        Server(f"navigator serve, {workers} worker{'s' if workers > 1 else ''} x {threads} threads", proc, port)
    )


def start_gunicorn(workers: int) -> Server:
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(
        [str(gunicorn), "--preload", "--workers", str(workers), "--bind", f"127.0.0.1:{port}"]
        + ["--log-level", "warning", "navigator.web:server"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return ready(Server(f"gunicorn --preload, {workers} sync workers", proc, port))


def ready(server: Server, timeout: float = 120) -> Server:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if server.proc.poll() is not None:
            raise SystemExit(f"{server.name} exited with {server.proc.returncode}")
        try:
            if get(server.port, "/_dash-layout", timeout=30)[0] == 200:
                for _ in range(8):
                    get(server.port, "/")
                return server
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{server.name} did not start")


def stop(server: Server) -> None:
    if server.proc.poll() is None:
        os.killpg(server.proc.pid, signal.SIGTERM)
        try:
            server.proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.proc.pid, signal.SIGKILL)
            server.proc.wait(5)


def get(port: int, path: str, timeout: float = 30, method: str = "GET", body: bytes | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Accept-Encoding": "br, gzip"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        encoding = response.getheader("Content-Encoding")
        if encoding == "br":
            data = brotli.decompress(data)
        elif encoding == "gzip":
            data = gzip.decompress(data)
        return response.status, data
    finally:
        conn.close()


@dataclass
class Load:
    seconds: float
    latencies_ms: list[float]
    errors: list[str]


def load(server: Server, clients: int, duration: float, hidden_share: float = 0.1) -> Load:
    catalog = api.load()
    walks = [states(catalog, 5000, hidden_share, seed=i) for i in range(clients)]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client(walk: list[ViewState]) -> None:
        mine: list[float] = []
        bad: list[str] = []
        previous, key = ViewState(), "full"
        for i, state in enumerate(walk):
            if time.monotonic() >= stop_at:
                break
            calls: list[tuple[str, bytes | None, tuple[int, ...]]] = [
                ("/_dash-update-component", change_body(previous, state), (200, 204)),
                ("/_dash-update-component", state_body(state, key), (200,)),
            ]
            if i % 5 == 0:
                calls.insert(0, ("/", None, (200,)))
            for path, body, ok in calls:
                t = time.perf_counter()
                try:
                    status, data = get(server.port, path, method="POST" if body else "GET", body=body)
                except OSError as e:
                    bad.append(f"{type(e).__name__}: {e}")
                    continue
                mine.append((time.perf_counter() - t) * 1000)
                if status not in ok:
                    bad.append(f"HTTP {status}")
                elif body is not None and ok == (200,):
                    key = json.loads(data)["response"]["figure-key"]["data"]
            previous = state
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    start = time.monotonic()
    threads = [threading.Thread(target=client, args=(w,)) for w in walks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + 120)
    return Load(time.monotonic() - start, latencies, errors)


def page_time(port: int) -> float:
    t = time.perf_counter()
    status, _ = get(port, "/", timeout=30)
    if status != 200:
        raise SystemExit(f"GET / answered {status}")
    return time.perf_counter() - t


def flood(server: Server, n: int = 30) -> tuple[list[float], dict[int, int]]:
    risks = [i.id for i in api.load().impacts]
    queries = [f"risk={a}&risk={b}" for a, b in itertools.combinations(risks, 2)]
    queries += [f"risk={r}&control-type={t}" for r in risks for t in ("infosec", "runtime-ai", "devtime-ai")]
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def download(query: str) -> None:
        try:
            status, _ = get(server.port, f"/download/navigator.png?{query}", timeout=180)
        except OSError:
            status = -1
        with lock:
            statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=download, args=(q,)) for q in queries[:n]]
    for t in threads:
        t.start()
    times = []
    end = time.monotonic() + 120
    while any(t.is_alive() for t in threads) and time.monotonic() < end:
        times.append(page_time(server.port))
        time.sleep(0.1)
    for t in threads:
        t.join(120)
    return times, statuses


def slow_clients(server: Server, n: int = 50) -> list[float]:
    idle = []
    try:
        for i in range(n):
            s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            s.sendall(
                b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                if i % 2
                else b"POST / HTTP/1.1\r\nContent-Length: 900\r\n\r\n{"
            )
            idle.append(s)
        time.sleep(0.5)
        times = []
        for _ in range(10):
            try:
                times.append(page_time(server.port))
            except OSError:
                times.append(float("inf"))
        return times
    finally:
        for s in idle:
            s.close()


def first_visit(server: Server) -> tuple[int, int, int]:
    """(responses, bytes as sent, bytes decoded) for a first visit in headless Chromium."""
    from playwright.sync_api import sync_playwright
    from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS  # web.py put the checkout on sys.path

    seen: list[tuple[int, int]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})

        def on_finished(request) -> None:
            response = request.response()
            if response is None:
                return
            try:
                decoded = len(response.body())
            except Exception:  # a redirect or an aborted request has no body
                return
            seen.append((request.sizes()["responseBodySize"], decoded))

        page.on("requestfinished", on_finished)
        page.goto(f"http://127.0.0.1:{server.port}/")
        page.wait_for_function(
            "() => document.querySelectorAll('#diagram .scatterlayer .trace').length > 0", timeout=120_000
        )
        page.wait_for_timeout(1500)  # fonts and late chunks
        browser.close()
    return len(seen), sum(s for s, _ in seen), sum(d for _, d in seen)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--duration", type=float, default=10.0, help="seconds of load per server (default 10)")
    p.add_argument("--no-gunicorn", action="store_true", help="skip the gunicorn comparison row")
    p.add_argument("--no-browser", action="store_true", help="skip the first-visit bytes")
    p.add_argument("--report-only", action="store_true", help="exit 0 even when a target is missed")
    args = p.parse_args(argv)
    missed: list[str] = []

    servers = [lambda: start_serve(1, 8), lambda: start_serve(2, 8)]
    if not args.no_gunicorn:
        servers.append(lambda: start_gunicorn(2))
    print(f"Load: {args.clients} clients for {args.duration:g} s each, 127.0.0.1, page loads and filter changes")
    print(f"{'server':<42}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'errors':>7}")
    for make in servers:
        server = make()
        try:
            r = load(server, args.clients, args.duration)
        finally:
            stop(server)
        n, lat = len(r.latencies_ms), r.latencies_ms
        print(
            f"{server.name:<42}{n:>9}{n / r.seconds:>8.1f}{pct(lat, 50):>8.1f}{pct(lat, 95):>8.1f}"
            f"{pct(lat, 99):>8.1f}{len(r.errors):>7}"
        )
        if server.name.startswith("navigator") and (r.errors or pct(lat, 95) >= LOAD_P95_MS):
            missed.append(f"{server.name}: {len(r.errors)} errors, p95 {pct(lat, 95):.1f} ms")

    server = start_serve(1, 8)
    try:
        times, statuses = flood(server)
        slow = slow_clients(server)
        visit = None if args.no_browser else first_visit(server)
    finally:
        stop(server)
    print()
    print("Download flood: 30 parallel PNG downloads with distinct filters, navigator serve, 1 worker x 8 threads")
    print(
        f"  GET / during the flood: {len(times)} requests, median {pct(times, 50) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms"
    )
    print(
        f"  downloads: {statuses.get(200, 0)} rendered (200), {statuses.get(503, 0)} busy (503 + Retry-After), "
        f"{sum(v for k, v in statuses.items() if k not in (200, 503))} other"
    )
    if max(times) >= PAGE_LIMIT_S or set(statuses) - {200, 503}:
        missed.append("the page was slow, or a download failed, during the flood")
    print("Slow clients: 50 half-sent requests held open")
    print(f"  GET / meanwhile: median {pct(slow, 50) * 1000:.0f} ms, max {max(slow) * 1000:.0f} ms")
    if max(slow) >= PAGE_LIMIT_S:
        missed.append("the page was slow with 50 slow clients")
    if visit:
        responses, sent, decoded = visit
        print("First visit in headless Chromium (default catalog)")
        print(
            f"  {responses} responses: {sent:,} bytes sent compressed, {decoded:,} bytes decoded ({sent / decoded:.0%})"
        )

    if missed:
        print("\nTargets missed: " + "; ".join(missed))
        return 0 if args.report_only else 1
    print("\nAll targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
