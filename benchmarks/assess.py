"""Speed of `navigator assess` in a fresh process, as a user runs it (issue 15: under 0.3 s on the default
catalog, text and JSON). Prints a table with ratios and exits 1 if the target is missed.

    python benchmarks/assess.py            # 15 rounds
    python benchmarks/assess.py --rounds 5

Each round runs every command once, in turn, so a change in the shared machine's speed hits them all
alike; the table gives the median and minimum wall-clock time and each median's ratio to `navigator
validate` (which loads the same catalog) and to a bare `python -c pass`. Runs use a fresh cache folder
that the first, unmeasured, round fills (the catalog snapshot, see docs/performance.md); a cold row
measures a load with the snapshot turned off.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYSTEMS = ROOT / "tests" / "data" / "assess"
TARGET_S = 0.3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    py = sys.executable
    assess = [py, "-m", "navigator", "assess", "chatbot.yaml", "--status", "status.yaml"]
    commands = {
        "python -c pass": [py, "-c", "pass"],
        "navigator --help": [py, "-m", "navigator", "--help"],
        "navigator validate": [py, "-m", "navigator", "validate"],
        "assess (text)": assess,
        "assess --format json": [*assess, "--format", "json"],
        "assess --format md": [*assess, "--format", "md"],
        "assess (text), no snapshot": assess,
        "assess --format xlsx": [*assess, "--format", "xlsx", "--out", os.devnull],
    }
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NAVIGATOR_CACHE_DIR": cache}
        cold = {**env, "NAVIGATOR_CATALOG_CACHE": "0"}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for round_ in range(args.rounds + 1):
            for name, command in commands.items():
                start = time.perf_counter()
                subprocess.run(
                    command,
                    cwd=SYSTEMS,
                    env=cold if "no snapshot" in name else env,
                    stdout=subprocess.DEVNULL,
                    check=True,
                )
                if round_:  # the first round fills the cache and warms the file system
                    times[name].append(time.perf_counter() - start)
    base = statistics.median(times["navigator validate"])
    bare = statistics.median(times["python -c pass"])
    print(f"navigator assess, fresh processes, {args.rounds} rounds (seconds)\n")
    print("| command | median | min | / validate | / python -c pass |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| {name} | {median:.3f} | {min(values):.3f} | {median / base:.2f}x | {median / bare:.1f}x |")
    worst = max(statistics.median(times["assess (text)"]), statistics.median(times["assess --format json"]))
    met = worst < TARGET_S
    print(f"\ntarget: assess text and json under {TARGET_S} s: {'met' if met else 'MISSED'} ({worst:.3f} s)")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
