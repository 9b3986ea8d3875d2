"""The deck (issue 13): what `--format pptx` and `--per-section` cost beside the PDF, on the default
catalog and the synthetic 1,000-item one.

    python benchmarks/deck.py              # a few minutes on the shared machine
    python benchmarks/deck.py --runs 1     # quicker, noisier

Each build runs in a fresh process with `--no-cache` (a cold build: parts laid out, fonts measured),
interleaved, median of the runs: the PDF alone, the deck alone (16:9), and the dark deck with the
per-section images. The deck's time is reported as a ratio to the PDF's, measured side by side on
the same noisy machine (docs/performance.md). The section images cost per image (an SVG and a PNG
rasterised at 1920 pixels), reported as seconds each beyond the deck. Exits 1 if a deck takes more
than 3x the PDF.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NAVIGATOR = str(Path(sys.executable).parent / "navigator")
BUILDS = {
    "pdf": ["--format", "pdf"],
    "pptx": ["--format", "pptx"],
    "pptx dark + per-section": ["--format", "pptx", "--theme", "dark", "--per-section"],
}


def _wall(args: list[str], out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([NAVIGATOR, "build", "--no-cache", "--quiet", "--out", str(out), *args], check=True)
    return time.perf_counter() - start


def _slides(out: Path) -> int:
    from pptx import Presentation

    return len(Presentation(str(out / "navigator.pptx")).slides)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--default-only", action="store_true", help="skip the synthetic 1,000-item catalog")
    args = p.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.support.synth import write_catalog

    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        catalogs: list[tuple[str, list[str]]] = [("default", [])]
        if not args.default_only:
            catalogs.append(("synthetic 1,000", ["--catalog", str(write_catalog(work / "catalog-1000", 1000))]))
        print("| catalog | build | median s | ratio to pdf | slides | s per section image |")
        print("|---|---|---:|---:|---:|---:|")
        for name, catalog in catalogs:
            times: dict[str, list[float]] = {b: [] for b in BUILDS}
            for run in range(args.runs):
                for build, options in BUILDS.items():  # interleaved, so load hits each alike
                    times[build].append(_wall([*catalog, *options], work / f"{name}-{run}-{build}"))
            pdf = statistics.median(times["pdf"])
            for build in BUILDS:
                median = statistics.median(times[build])
                slides = _slides(work / f"{name}-0-{build}") if build != "pdf" else 0
                ratio = median / pdf
                images = len(list((work / f"{name}-0-{build}").glob("*-section-*.png")))
                per_image = f"{(median - statistics.median(times['pptx'])) / images:.2f}" if images else ""
                if build == "pptx":
                    worst = max(worst, ratio)
                print(f"| {name} | {build} | {median:.2f} | {ratio:.2f}x | {slides or ''} | {per_image} |")
    print(f"\nworst deck / pdf: {worst:.2f}x (target: under 3x)")
    return 0 if worst < 3 else 1


if __name__ == "__main__":
    sys.exit(main())
