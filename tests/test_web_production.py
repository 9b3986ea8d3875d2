"""`navigator serve` as it runs in production: the real server on loopback, hit by slow clients, a
flood of downloads, malformed requests; compression and cache headers. Every loop here is bounded in
count and time, and talks to 127.0.0.1 only."""

from __future__ import annotations

import gzip
import http.client
import itertools
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow

PAGE_LIMIT_S = 1.0


class Server:
    def __init__(self, proc: subprocess.Popen[str], port: int, banner: str) -> None:
        self.proc, self.port, self.banner = proc, port, banner

    def get(self, path: str, headers: dict[str, str] | None = None, timeout: float = 30) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        response.body = response.read()  # type: ignore[attr-defined]
        conn.close()
        return response

    def raw(self, data: bytes, timeout: float = 10) -> bytes:
        """Send bytes as they are; in pieces, so that the server has read all of them when it answers
        (a server that closes with unread bytes resets the connection, and its answer is lost)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            for i in range(0, len(data), 4096):
                try:
                    s.sendall(data[i : i + 4096])
                except (BrokenPipeError, ConnectionResetError):
                    break  # it answered before the end: read the answer
                time.sleep(0.002)
            chunks = []
            while True:
                try:
                    chunk = s.recv(65536)
                except (TimeoutError, ConnectionResetError):
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            return b"".join(chunks)


def start(*args: str, timeout: float = 120) -> Server:
    """`navigator serve --port 0 ...`, once it says where it listens."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "navigator", "serve", "--port", "0", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert proc.stderr is not None
    end = time.monotonic() + timeout
    line = ""
    while time.monotonic() < end:
        line = proc.stderr.readline()
        m = re.search(r"serving http://127\.0\.0\.1:(\d+)/", line)
        if m:
            server = Server(proc, int(m.group(1)), line)
            threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep the pipe drained
            return server
        if not line and proc.poll() is not None:
            break
    stop(proc)
    raise AssertionError(f"navigator serve did not start: {line!r}")


def stop(proc: subprocess.Popen[str], timeout: float = 20) -> int:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            return proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
            raise AssertionError("navigator serve ignored SIGTERM") from None
    return proc.returncode


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    s = start()
    try:
        # a server that has been up a moment: its render process is running and has rendered once
        assert s.get("/download/navigator.svg", timeout=120).status == 200
        yield s
    finally:
        assert stop(s.proc) == 0


def timed_page(server: Server) -> float:
    t = time.perf_counter()
    r = server.get("/", timeout=10)
    assert r.status == 200
    return time.perf_counter() - t


def test_idle_half_sent_requests_do_not_slow_the_page(server: Server) -> None:
    """Slowloris: 50 connections that sent half a request and wait. Each costs waitress a socket,
    never a thread, so the page answers at once."""
    idle = []
    try:
        for i in range(50):
            s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            if i % 2:
                s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n")  # headers never end
            else:
                s.sendall(
                    b"POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    b'Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"output": '
                )  # a body that never comes
            idle.append(s)
        time.sleep(0.5)
        times = [timed_page(server) for _ in range(10)]
    finally:
        for s in idle:
            s.close()
    assert max(times) < PAGE_LIMIT_S, times


def distinct_filters(n: int) -> list[str]:
    risks = [
        "train-data-confidentiality",
        "model-confidentiality",
        "input-data-confidentiality",
        "model-integrity",
        "augmentation-data-integrity",
        "model-availability",
        "non-ai-assets",
    ]
    queries = [f"risk={a}&risk={b}" for a, b in itertools.combinations(risks, 2)]
    queries += [f"risk={r}&control-type={t}" for r in risks for t in ("infosec", "runtime-ai", "devtime-ai")]
    assert len(set(queries)) >= n
    return queries[:n]


def test_a_flood_of_distinct_downloads_leaves_the_page_fast_and_never_500(server: Server) -> None:
    """30 parallel PNGs with distinct filters (each rendered, none memoised): a few render, the rest
    get 503 with Retry-After at once, and the page keeps answering within a second."""
    results: list[tuple[int, str | None, float]] = []
    lock = threading.Lock()
    go = threading.Event()

    def download(query: str) -> None:
        go.wait()
        t = time.perf_counter()
        r = server.get(f"/download/navigator.png?{query}", timeout=120)
        with lock:
            results.append((r.status, r.getheader("Retry-After"), time.perf_counter() - t))

    threads = [threading.Thread(target=download, args=(q,)) for q in distinct_filters(30)]
    for t in threads:
        t.start()
    go.set()
    page_times = []
    end = time.monotonic() + 60
    while any(t.is_alive() for t in threads) and time.monotonic() < end:
        page_times.append(timed_page(server))
        time.sleep(0.1)
    for t in threads:
        t.join(60)
    statuses = sorted(status for status, _, _ in results)
    assert len(results) == 30
    assert set(statuses) <= {200, 503}, statuses
    assert statuses.count(200) >= 1, statuses
    assert statuses.count(503) >= 1, statuses  # the queue is bounded: a 30-deep burst must overflow it
    assert all(int(after) >= 1 for status, after, _ in results if status == 503 and after is not None)
    assert all(after is not None for status, after, _ in results if status == 503)
    assert page_times and max(page_times) < PAGE_LIMIT_S, page_times
    # once the burst is over, the same downloads are served (from the memo or rendered)
    again = server.get(f"/download/navigator.png?{distinct_filters(1)[0]}", timeout=120)
    assert again.status == 200 and again.body.startswith(b"\x89PNG")  # type: ignore[attr-defined]


def test_a_malformed_chunked_body_is_400(server: Server) -> None:
    answer = server.raw(
        b"POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Type: application/json\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n"
    )
    assert re.match(rb"HTTP/1\.[01] 400 ", answer), answer[:200]
    assert b"Traceback" not in answer


@pytest.mark.parametrize(
    "request_bytes, status",
    [
        (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n", b"431"),
        (b"GARBAGE\r\n\r\n", b"400"),
        (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n", b"400"),
        (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10000000\r\n\r\n", b"413"),
    ],
)
def test_the_servers_own_error_pages_carry_the_security_headers(server: Server, request_bytes, status) -> None:
    answer = server.raw(request_bytes)
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    assert re.match(rf"HTTP/1\.[01] {status.decode()} ", head), head
    for header in ("X-Content-Type-Options: nosniff", "X-Frame-Options: DENY", "Content-Security-Policy: "):
        assert header in head, (header, head)


def test_text_is_compressed_and_versioned_bundles_are_cached_for_a_year(server: Server) -> None:
    page = server.get("/", {"Accept-Encoding": "br, gzip"})
    assert page.getheader("Content-Encoding") == "br" and page.getheader("Cache-Control") == "no-cache"
    html = brotli.decompress(page.body).decode()  # type: ignore[attr-defined]
    bundles = re.findall(r'src="(/_dash-component-suites/[^"]+)"', html)
    assert len(bundles) >= 5
    for path in bundles:
        plain = server.get(path, {"Accept-Encoding": "identity"})
        br = server.get(path, {"Accept-Encoding": "br"})
        gz = server.get(path, {"Accept-Encoding": "gzip"})
        assert plain.status == br.status == gz.status == 200, path
        assert plain.getheader("Content-Encoding") is None
        assert brotli.decompress(br.body) == plain.body  # type: ignore[attr-defined]
        assert gzip.decompress(gz.body) == plain.body  # type: ignore[attr-defined]
        assert len(br.body) < 0.5 * len(plain.body), path  # type: ignore[attr-defined]
        for r in (plain, br, gz):
            assert r.getheader("Vary") == "Accept-Encoding"
            assert r.getheader("Cache-Control") == "public, max-age=31536000, immutable", path
    css = re.search(r'href="(/assets/navigator\.css\?m=[^"]+)"', html)
    assert css and server.get(css.group(1)).getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert "immutable" not in (server.get("/assets/navigator.css").getheader("Cache-Control") or "")
    layout = server.get("/_dash-layout", {"Accept-Encoding": "gzip"})
    assert layout.getheader("Content-Encoding") == "gzip" and layout.getheader("Cache-Control") == "no-cache"


def test_an_unknown_bundle_is_404_not_500(server: Server) -> None:
    for path in (
        "/_dash-component-suites/dash/nope.js",
        "/_dash-component-suites/nopackage/x.js",
        "/_dash-component-suites/dash/dcc/nope.v4_4_1m1796160952.js",
        "/_dash-component-suites/os/__init__.py",
    ):
        r = server.get(path)
        assert r.status == 404, path
        assert b"Traceback" not in r.body  # type: ignore[attr-defined]


def test_workers_serve_and_stop_with_their_supervisor() -> None:
    s = start("--workers", "2", "--threads", "4")
    try:
        assert "2 workers x 4 threads" in s.banner
        assert all(s.get("/").status == 200 for _ in range(8))
        children = [int(p) for p in Path(f"/proc/{s.proc.pid}/task/{s.proc.pid}/children").read_text().split()]
        assert len(children) == 2
    finally:
        assert stop(s.proc) == 0
    time.sleep(0.2)
    assert not [c for c in children if Path(f"/proc/{c}").exists()]


def test_a_worker_dies_with_a_supervisor_killed_outright() -> None:
    s = start("--workers", "2")
    children = [int(p) for p in Path(f"/proc/{s.proc.pid}/task/{s.proc.pid}/children").read_text().split()]
    os.kill(s.proc.pid, signal.SIGKILL)
    s.proc.wait(10)
    end = time.monotonic() + 10
    while any(Path(f"/proc/{c}").exists() for c in children) and time.monotonic() < end:
        time.sleep(0.05)
    assert not [c for c in children if Path(f"/proc/{c}").exists()]


def descendants(pid: int) -> set[int]:
    found, frontier = set(), [pid]
    while frontier:
        parent = frontier.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                kids = [int(k) for k in (task / "children").read_text().split()]
            except OSError:
                continue
            frontier += [k for k in kids if k not in found]
            found.update(kids)
    return found


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


@pytest.mark.parametrize("workers", ["1", "2"])
def test_no_process_outlives_a_server_killed_outright(workers: str) -> None:
    """The workers, the fork server and the render processes all stop when the server is SIGKILLed."""
    s = start("--workers", workers)
    for _ in range(4):  # a download in each worker (the socket spreads them), so render processes exist
        assert s.get("/download/navigator.png?risk=model-availability", timeout=120).status == 200
    end = time.monotonic() + 30
    while len(descendants(s.proc.pid)) < 2 * int(workers) + (1 if workers == "2" else 0) and time.monotonic() < end:
        time.sleep(0.1)
    family = descendants(s.proc.pid)
    assert len(family) >= 2 * int(workers)  # each worker's fork server and render process, and the workers
    s.proc.kill()
    s.proc.wait(10)
    end = time.monotonic() + 15
    while any(running(p) for p in family) and time.monotonic() < end:
        time.sleep(0.1)
    assert not [p for p in family if running(p)]
