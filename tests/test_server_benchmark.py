"""The production-server benchmark runs end to end (a short, bounded run on loopback) and reports."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow


def test_a_short_server_benchmark_run() -> None:
    cmd = [sys.executable, str(ROOT / "benchmarks" / "server.py"), "--clients", "3", "--duration", "1.5"]
    done = subprocess.run(
        [*cmd, "--no-gunicorn", "--no-browser", "--report-only"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rows = re.findall(r"^navigator serve, (\d) workers? x 8 threads +(\d+) +([\d.]+) .* (\d+)$", done.stdout, re.M)
    assert [r[0] for r in rows] == ["1", "2"], done.stdout
    assert all(int(requests) > 10 and float(rps) > 0 and errors == "0" for _, requests, rps, errors in rows)
    assert re.search(r"downloads: \d+ rendered \(200\), \d+ busy \(503 \+ Retry-After\), 0 other", done.stdout)
