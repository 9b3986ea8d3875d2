"""The web benchmark runs end to end (a short load run against a real gunicorn) and reports."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow


def test_a_short_benchmark_run() -> None:
    cmd = [
        sys.executable,
        str(ROOT / "benchmarks" / "web.py"),
        "--runs",
        "30",
        "--clients",
        "3",
        "--duration",
        "2",
        "--report-only",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "on_state (state -> overlays)" in out and "first load, whole figure" in out
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:1] == ["clients"])
    clients, seconds, requests, _rps, _p50, _p95, _p99, errors = lines[header + 1].split()
    assert clients == "3" and 1.5 < float(seconds) < 30 and int(requests) > 20 and errors == "0"
    paint, drawn, interactive, _next, moved = lines[
        lines.index(next(x for x in lines if x.strip().startswith("first paint ms"))) + 1
    ].split()
    assert 0 < float(paint) < float(drawn) * 1000 and 0 < float(drawn) <= float(interactive) < 60
    assert 100_000 < int(moved.replace(",", "")) < 10_000_000
    layout = next(x for x in lines if x.startswith("layout (packing)")).split()
    assert 0 < float(layout[2]) < 60_000  # median ms of a relayout for a new width
