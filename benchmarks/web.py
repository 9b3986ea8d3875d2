"""Web view benchmark: server time of the filter callbacks, and a bounded load run against gunicorn.

    python benchmarks/web.py                          # 200 callback runs, then 16 clients for 60 s
    python benchmarks/web.py --clients 4 --duration 5 # a short run
    python benchmarks/web.py --catalog DIR --no-load  # callback timing only, on another catalog

1. Callback time: a filter change makes the browser call two server callbacks, `on_change` (the
   components to the URL and the state) and `on_state` (the state to the figure's overlays, the
   details, the status line). Both are posted through Flask's test client in this process, so the
   time includes Dash's request handling, for a cycle of realistic filter states.
2. Load run: starts `gunicorn navigator.web:server` with 2 sync workers on a free 127.0.0.1 port,
   runs N client threads for a fixed time, each making filter changes (both requests), then stops
   gunicorn. Loopback only; it stops by itself.
3. Relayout: the diagram laid out for a new canvas width (what opening the details panel or
   resizing the window asks for), with the part layouts already cached, so only packing runs;
   then the figure built from it. Widths from a phone's to a wide screen's, each new.
4. Browser: opens the page in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright)
   against that gunicorn at 1366 x 768, and times the first paint (the loading screen), until the
   diagram is drawn and until the page is interactive (a risk filter clicked and its result drawn,
   URL updated), then a second filter change; and counts the bytes moved (as sent, compressed).

Prints a table and exits 1 if a target is missed (callback median under 20 ms on the default
catalog, under 150 ms on another one given with --catalog; relayout for a new width under 50 ms on
the default catalog, under 1 s on another; load run: no errors, p95 under 100 ms; the default
catalog's page interactive within 4 s, its loading screen painted within 200 ms and at most 2.5 MB
moved; on another catalog, the browser responsive: a filter change redrawn within 1 s, the limit
for keeping a user's flow), unless --report-only. Standard library only, plus navigator itself.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from navigator import api
from navigator.catalog.model import Catalog
from navigator.web import callbacks
from navigator.web.state import HIDDEN, ViewState, to_search, to_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout: helpers shared with the tests
from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS

CALLBACK_MEDIAN_MS = 20.0  # on the default catalog
SCALE_MEDIAN_MS = 150.0  # on any other (e.g. a synthetic 5,000-item catalog from tests/support/synth.py)
LOAD_P95_MS = 100.0
INTERACTIVE_S = 4.0  # the default catalog's page, in headless Chromium
FIRST_PAINT_MS = 200.0  # the loading screen, on the default catalog's page
FIRST_VISIT_BYTES = 2_500_000
RELAYOUT_MS = 50.0  # a new width, part layouts cached: the default catalog
SCALE_RELAYOUT_MS = 1000.0  # the same on another catalog (5,000 items)
WIDTHS = (374, 688, 912, 1072, 1232, 1392, 1632, 2160)  # canvas widths: a phone's to a wide screen's
SCALE_NEXT_CHANGE_S = 1.0  # "stays responsive" on another catalog: a filter change redrawn within a second


def _body(outputs: Any, inputs: Any, values: list[Any], state: Any, state_values: list[Any], changed: str) -> bytes:
    return json.dumps(
        {
            "output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
            "outputs": [{"id": i, "property": p} for i, p in outputs],
            "inputs": [{"id": i, "property": p, "value": v} for (i, p), v in zip(inputs, values)],
            "state": [{"id": i, "property": p, "value": v} for (i, p), v in zip(state, state_values)],
            "changedPropIds": [changed],
        }
    ).encode()


def change_body(previous: ViewState, new: ViewState) -> bytes:
    """What the browser posts when the risk checkboxes go from `previous` to `new`."""
    values = [
        to_search(previous),
        list(new.risks),
        list(new.control_types),
        list(new.sections),
        new.search,
        new.mode,
        new.selected or None,
        [],  # frameworks
        None,  # click
        0,  # reset
        0,  # close
    ]
    return _body(
        callbacks.CHANGE_OUTPUTS,
        callbacks.CHANGE_INPUTS,
        values,
        callbacks.CHANGE_STATE,
        [to_store(previous)],
        "risk-filter.value",
    )


LAPTOP = {"width": 1086, "window": 1366}  # the viewport of a 1366 px window: the diagram reflowed to 1086 px


def state_body(state: ViewState, key: str | None, viewport: dict[str, Any] = LAPTOP) -> bytes:
    return _body(
        callbacks.STATE_OUTPUTS,
        callbacks.STATE_INPUTS,
        [to_store(state), viewport],
        callbacks.STATE_STATE,
        [key],
        "state.data",
    )


def states(catalog: Catalog, n: int, hidden_share: float, seed: int = 7) -> list[ViewState]:
    """A reproducible walk through filter states like a user's: risks, control types, a selection."""
    rng = random.Random(seed)
    risks = [i.id for i in catalog.impacts]
    types = [t.id for t in catalog.control_types]
    picks = [t.id for t in catalog.threats] + [c.id for c in catalog.controls]
    words = ["", "", "", "prompt", "LLM01", "AML.T0051", "data", "model leak"]
    out = []
    for _ in range(n):
        out.append(
            ViewState(
                risks=tuple(rng.sample(risks, rng.randint(0, 2))),
                control_types=tuple(rng.sample(types, rng.choice((0, 0, 1)))),
                search=rng.choice(words),
                selected=rng.choice(picks) if rng.random() < 0.4 else "",
                mode=HIDDEN if rng.random() < hidden_share else "faded",
            )
        )
    return out


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


@dataclass
class CallbackResult:
    change_ms: list[float] = field(default_factory=list)
    state_ms: list[float] = field(default_factory=list)
    patch_bytes: list[int] = field(default_factory=list)
    change_bytes: list[int] = field(default_factory=list)
    full_bytes: int = 0


def time_callbacks(catalog_dir: str | None, runs: int) -> CallbackResult:
    from navigator.web.app import create_app

    app = create_app(catalog_dir)
    client = app.server.test_client()
    catalog = api.load(catalog_dir)
    result = CallbackResult()
    first = client.post("/_dash-update-component", data=state_body(ViewState(), None), content_type="application/json")
    result.full_bytes = len(first.data)
    key = json.loads(first.data)["response"]["figure-key"]["data"]
    walk = states(catalog, runs + 20, hidden_share=0.0)
    previous = ViewState()
    for i, state in enumerate(walk):
        t0 = time.perf_counter()
        r1 = client.post("/_dash-update-component", data=change_body(previous, state), content_type="application/json")
        t1 = time.perf_counter()
        r2 = client.post("/_dash-update-component", data=state_body(state, key), content_type="application/json")
        t2 = time.perf_counter()
        if r1.status_code not in (200, 204) or r2.status_code != 200:
            raise SystemExit(f"callback failed: {r1.status_code} {r2.status_code}")
        if i >= 20:  # the first ones warm the memos, as a running server's would be
            result.change_ms.append((t1 - t0) * 1000)
            result.state_ms.append((t2 - t1) * 1000)
            result.patch_bytes.append(len(r2.data))
            result.change_bytes.append(len(r1.data))
        previous = state
    return result


@dataclass
class RelayoutResult:
    layout_ms: list[float] = field(default_factory=list)
    figure_ms: list[float] = field(default_factory=list)
    control_px: list[float] = field(default_factory=list)


def time_relayout(catalog_dir: str | None, rounds: int = 3) -> RelayoutResult:
    """Lay the whole catalog out for each width in turn (each new to the memo of Scenes, the part
    layouts cached by the first), as the server does when a browser reports a new canvas width."""
    from navigator.filters import Criteria
    from navigator.web import figure, marks
    from navigator.web.viewport import Viewport, target

    catalog = api.load(catalog_dir)
    layouts = api.Layouts(catalog)
    result = RelayoutResult()
    for r in range(rounds + 1):
        for width in WIDTHS:
            window = 390 if width < 600 else 1366 if width < 1400 else 1920
            made, _ = target(Viewport(width=width + r, window=window))  # +r: a width not laid out before
            t0 = time.perf_counter()
            scene = layouts.scene(Criteria(), made)
            t1 = time.perf_counter()
            ix = marks.index(scene)
            figure.drawing(scene, ix, "bench", 1.0)
            t2 = time.perf_counter()
            if r:  # the first round fills the part cache, as the server's start does
                result.layout_ms.append((t1 - t0) * 1000)
                result.figure_ms.append((t2 - t1) * 1000)
                sizes = [t.size for e in scene.elements if e.role == "control" for t in e.texts if len(t.text) > 2]
                result.control_px.append(min(sizes, default=0.0))
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def request(port: int, method: str, path: str, body: bytes | None = None, timeout: float = 10.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@dataclass
class LoadResult:
    clients: int
    duration: float
    latencies_ms: list[float]
    errors: int
    error_samples: list[str]


def start_gunicorn(port: int, workers: int, catalog_dir: str | None) -> subprocess.Popen[bytes]:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = dict(os.environ)
    if catalog_dir:
        env["NAVIGATOR_CATALOG"] = str(Path(catalog_dir).resolve())
    cmd = [
        str(gunicorn),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--timeout",
        "60",
        "navigator.web:server",
    ]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def wait_ready(port: int, proc: subprocess.Popen[bytes], workers: int, timeout: float = 60.0) -> None:
    """Until every worker has built its app: a few answered requests per worker, all quick."""
    end = time.monotonic() + timeout
    quick = 0
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            t = time.perf_counter()
            status, _ = request(port, "GET", "/_dash-layout", timeout=30)
            quick = quick + 1 if status == 200 and time.perf_counter() - t < 0.1 else 0
            if quick >= 4 * workers:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not become ready")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def load_run(catalog_dir: str | None, clients: int, duration: float, workers: int, hidden_share: float) -> LoadResult:
    catalog = api.load(catalog_dir)
    port = free_port()
    proc = start_gunicorn(port, workers, catalog_dir)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    try:
        wait_ready(port, proc, workers)
        walks = [states(catalog, 2000, hidden_share, seed=i) for i in range(clients)]
        start = time.monotonic()
        stop_at = start + duration

        def client(walk: list[ViewState]) -> None:
            previous, key = ViewState(), None
            mine: list[float] = []
            bad: list[str] = []
            for state in walk:
                if time.monotonic() >= stop_at:
                    break
                for body, ok in ((change_body(previous, state), (200, 204)), (state_body(state, key), (200,))):
                    t = time.perf_counter()
                    try:
                        status, data = request(port, "POST", "/_dash-update-component", body)
                    except OSError as e:
                        bad.append(f"{type(e).__name__}: {e}")
                        continue
                    mine.append((time.perf_counter() - t) * 1000)
                    if status not in ok:
                        bad.append(f"HTTP {status}: {data[:80]!r}")
                    elif ok == (200,):
                        key = json.loads(data)["response"]["figure-key"]["data"]
                previous = state
            with lock:
                latencies.extend(mine)
                errors.extend(bad)

        threads = [threading.Thread(target=client, args=(w,)) for w in walks]
        for t in threads:
            t.start()
        for t in threads:
            t.join(duration + 60)
        elapsed = time.monotonic() - start
    finally:
        stop(proc)
    return LoadResult(clients, elapsed, latencies, len(errors), errors[:5])


@dataclass
class BrowserResult:
    drawn_s: float
    interactive_s: float
    second_change_s: float
    first_paint_ms: float
    first_visit_bytes: int


def browser_run(catalog_dir: str | None, catalog: Catalog) -> BrowserResult:
    """Page load and filter changes in headless Chromium against gunicorn with one worker."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    proc = start_gunicorn(port, 1, catalog_dir)
    try:
        wait_ready(port, proc, 1)
        request(port, "GET", "/")  # the worker builds the app on its first request; time the page, not that
        risks = [i.id for i in catalog.impacts]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            requests: list[Any] = []
            page.on("requestfinished", lambda r: requests.append(r))
            start = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_function(
                "() => document.querySelectorAll('#diagram .scatterlayer .trace').length > 0", timeout=120_000
            )
            drawn = time.perf_counter() - start
            first_paint = page.evaluate(
                "() => (performance.getEntriesByName('first-contentful-paint')[0] || {startTime: NaN}).startTime"
            )
            status = page.inner_text("#status")
            page.locator(f"#risk-filter input[value='{risks[0]}']").check()
            page.wait_for_function(
                (
                    f"() => location.search.includes('risk={risks[0]}') && "
                    f"document.querySelector('#status').innerText !== {json.dumps(status)}"
                ),
                timeout=120_000,
            )
            interactive = time.perf_counter() - start
            status = page.inner_text("#status")
            second = time.perf_counter()
            page.locator(f"#risk-filter input[value='{risks[1]}']").check()
            page.wait_for_function(
                f"() => document.querySelector('#status').innerText !== {json.dumps(status)}", timeout=120_000
            )
            second_change = time.perf_counter() - second
            page.wait_for_timeout(1000)  # fonts and late chunks
            moved = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in requests)
            browser.close()
    finally:
        stop(proc)
    return BrowserResult(drawn, interactive, second_change, first_paint, moved)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--catalog", help="catalog directory (default: the shipped catalog)")
    p.add_argument("--runs", type=int, default=200, help="filter changes timed in process (default 200)")
    p.add_argument("--clients", type=int, default=16, help="concurrent clients in the load run (default 16)")
    p.add_argument("--duration", type=float, default=60.0, help="seconds of the load run (default 60)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    p.add_argument(
        "--hidden-share",
        type=float,
        default=0.1,
        help="share of filter changes in 'hidden' mode, which re-lays out (default 0.1)",
    )
    p.add_argument("--no-load", action="store_true", help="skip the gunicorn load run")
    p.add_argument("--no-browser", action="store_true", help="skip the headless Chromium timing")
    p.add_argument("--report-only", action="store_true", help="exit 0 even when a target is missed")
    args = p.parse_args(argv)

    missed: list[str] = []
    cb = time_callbacks(args.catalog, args.runs)
    both = [a + b for a, b in zip(cb.change_ms, cb.state_ms)]
    print(f"Filter callbacks, in process, {len(both)} filter changes ({args.catalog or 'default catalog'})")
    print(f"{'callback':<32}{'median ms':>10}{'p95 ms':>10}{'response bytes (median)':>26}")
    print(
        f"{'on_change (components -> URL)':<32}{statistics.median(cb.change_ms):>10.2f}"
        f"{pct(cb.change_ms, 95):>10.2f}{statistics.median(cb.change_bytes):>26.0f}"
    )
    print(
        f"{'on_state (state -> overlays)':<32}{statistics.median(cb.state_ms):>10.2f}"
        f"{pct(cb.state_ms, 95):>10.2f}{statistics.median(cb.patch_bytes):>26.0f}"
    )
    print(
        f"{'both (one filter change)':<32}{statistics.median(both):>10.2f}{pct(both, 95):>10.2f}"
        f"{statistics.median(cb.change_bytes) + statistics.median(cb.patch_bytes):>26.0f}"
    )
    print(f"first load, whole figure: {cb.full_bytes} bytes")
    target = SCALE_MEDIAN_MS if args.catalog else CALLBACK_MEDIAN_MS
    if statistics.median(cb.state_ms) >= target:
        missed.append(f"on_state median {statistics.median(cb.state_ms):.1f} ms >= {target} ms")

    rl = time_relayout(args.catalog)
    print()
    print(
        f"Relayout for a new canvas width, part layouts cached "
        f"({len(rl.layout_ms)} layouts, widths {WIDTHS[0]}-{WIDTHS[-1]} px)"
    )
    print(f"{'':<32}{'median ms':>10}{'p95 ms':>10}{'max ms':>10}")
    print(
        f"{'layout (packing)':<32}{statistics.median(rl.layout_ms):>10.1f}"
        f"{pct(rl.layout_ms, 95):>10.1f}{max(rl.layout_ms):>10.1f}"
    )
    print(
        f"{'figure from the Scene':<32}{statistics.median(rl.figure_ms):>10.1f}"
        f"{pct(rl.figure_ms, 95):>10.1f}{max(rl.figure_ms):>10.1f}"
    )
    print(f"control names drawn at {min(rl.control_px):.1f} to {max(rl.control_px):.1f} px")
    limit = SCALE_RELAYOUT_MS if args.catalog else RELAYOUT_MS
    if statistics.median(rl.layout_ms) >= limit:
        missed.append(f"relayout median {statistics.median(rl.layout_ms):.1f} ms >= {limit} ms")

    if not args.no_load:
        lr = load_run(args.catalog, args.clients, args.duration, args.workers, args.hidden_share)
        n = len(lr.latencies_ms)
        rps = n / lr.duration if lr.duration else 0.0
        print()
        print(
            f"Load run: gunicorn, {args.workers} sync workers, 127.0.0.1, "
            f"{args.hidden_share:.0%} of changes in hidden mode"
        )
        print(
            f"{'clients':>8}{'seconds':>9}{'requests':>10}{'req/s':>9}"
            f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
        )
        print(
            f"{lr.clients:>8}{lr.duration:>9.1f}{n:>10}{rps:>9.1f}{pct(lr.latencies_ms, 50):>9.1f}"
            f"{pct(lr.latencies_ms, 95):>9.1f}{pct(lr.latencies_ms, 99):>9.1f}{lr.errors:>8}"
        )
        for sample in lr.error_samples:
            print(f"  error: {sample}")
        if lr.errors:
            missed.append(f"{lr.errors} errors in the load run")
        if n == 0 or pct(lr.latencies_ms, 95) >= LOAD_P95_MS:
            missed.append(f"load run p95 {pct(lr.latencies_ms, 95):.1f} ms >= {LOAD_P95_MS} ms")

    if not args.no_browser:
        br = browser_run(args.catalog, api.load(args.catalog))
        print()
        print("Browser: headless Chromium, 1366x768, gunicorn with 1 worker on 127.0.0.1")
        print(
            f"{'first paint ms':>15}{'diagram drawn s':>16}{'interactive s':>15}"
            f"{'next filter s':>15}{'bytes moved':>14}"
        )
        print(
            f"{br.first_paint_ms:>15.0f}{br.drawn_s:>16.2f}{br.interactive_s:>15.2f}{br.second_change_s:>15.2f}"
            f"{br.first_visit_bytes:>14,}"
        )
        if not args.catalog and br.interactive_s >= INTERACTIVE_S:
            missed.append(f"page interactive after {br.interactive_s:.1f} s >= {INTERACTIVE_S} s")
        if not args.catalog and not br.first_paint_ms < FIRST_PAINT_MS:
            missed.append(f"first paint after {br.first_paint_ms:.0f} ms >= {FIRST_PAINT_MS:.0f} ms")
        if not args.catalog and br.first_visit_bytes > FIRST_VISIT_BYTES:
            missed.append(f"{br.first_visit_bytes:,} bytes moved on a first visit > {FIRST_VISIT_BYTES:,}")
        if args.catalog and br.second_change_s >= SCALE_NEXT_CHANGE_S:
            missed.append(f"a filter change took {br.second_change_s:.2f} s to redraw >= {SCALE_NEXT_CHANGE_S} s")

    if missed:
        print("\nTargets missed: " + "; ".join(missed))
        return 0 if args.report_only else 1
    print("\nAll targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
