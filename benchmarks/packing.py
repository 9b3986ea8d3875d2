"""Packing for a new target: how long the layout takes when only the medium changes (issue 13).

A long-running process (the web server) lays a catalog out for a new browser width, or a build for
another paper: the cards are measured already (`measure.measurer_of` keeps them while the catalog
lives) and part layouts are in the cache, so only the packer's search runs, then drawing. This
prints, per catalog, in one process:

- cold: the first layout for the default paper (measuring at every candidate card width, search, draw);
- new target: the packing step (`place`: the search) for each of several new targets, the median;
- cached target: the packing step for a target laid out before (the choice from the cache: one flow
  per layer);
- the whole layout of a new target with no pages but page 1 (`printed=False`, as the web view asks).

    python benchmarks/packing.py                 # default catalog and the synthetic 5,000
    python benchmarks/packing.py --sizes 1000    # another synthetic size
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
WIDTHS = (1280.0, 1600.0, 1920.0, 2560.0)  # browser widths, CSS pixels = points


def measure(catalog_dir: str | None) -> dict[str, float]:
    from navigator.api import load
    from navigator.layout import PartCache, layout
    from navigator.target import DOCUMENT, Target, paper_target

    catalog = load(catalog_dir)
    cache = PartCache()
    cold: dict[str, float] = {}
    layout(catalog, cache, target=DOCUMENT, timings=cold)
    places, totals = [], []
    targets = [Target(width=w, printed=False) for w in WIDTHS] + [paper_target("a4"), paper_target("a2")]
    for target in targets:
        timings: dict[str, float] = {}
        start = time.perf_counter()
        layout(catalog, cache, target=target, timings=timings)
        places.append(timings["place"])
        if not target.printed:
            totals.append(time.perf_counter() - start)
    again: dict[str, float] = {}
    layout(catalog, cache, target=targets[0], timings=again)
    return {
        "cold_measure": cold["measure"],
        "cold_place": cold["place"],
        "cold_total": sum(cold.values()),
        "new_place": statistics.median(places),
        "new_place_max": max(places),
        "cached_place": again["place"],
        "web_total": statistics.median(totals),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="5000", help="synthetic catalog sizes (default 5000)")
    args = p.parse_args()
    sys.path.insert(0, str(HERE.parent))  # the checkout: helpers shared with the tests
    from tests.support.synth import write_catalog

    catalogs: list[tuple[str, str | None]] = [("default", None)]
    for n in (int(s) for s in args.sizes.split(",") if s):
        catalogs.append((str(n), str(write_catalog(WORK / f"catalog-{n}", n))))
    print("packing for a new target (seconds; one process per catalog run in turn)\n")
    head = (
        f"{'catalog':>8} {'cold measure':>12} {'cold place':>10} {'cold layout':>11} "
        f"{'new target place':>16} {'(max)':>6} {'cached target place':>19} {'web layout':>10}"
    )
    print(head)
    print("-" * len(head))
    for name, directory in catalogs:
        r = measure(directory)
        print(
            f"{name:>8} {r['cold_measure']:>12.3f} {r['cold_place']:>10.3f} {r['cold_total']:>11.3f} "
            f"{r['new_place']:>16.3f} {r['new_place_max']:>6.3f} {r['cached_place']:>19.3f} {r['web_total']:>10.3f}",
            flush=True,
        )
    print(
        "\ncold: the first layout for the default paper (A3): measuring at every card width, the search, drawing and"
        "\npages; new target: the search alone for browser widths "
        + ", ".join(f"{w:.0f}" for w in WIDTHS)
        + " and for A4 and A2 (median, max), the cards measured"
        "\nbefore; cached target: a width laid out before (the choice from the cache, flowed once); web layout: the"
        "\nwhole layout of a new browser width, page 1 only."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
