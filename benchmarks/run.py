"""Speed and scale of navigator: prints a table with ratios and exits 1 if a target is missed.

    python benchmarks/run.py                      # default catalog + synthetic 100, 1,000, 5,000
    python benchmarks/run.py --sizes 100,1000     # a quicker run
    python benchmarks/run.py --monolithic-timeout 0   # skip the single-dot-call baseline

Every measurement runs in a fresh child process, so caches of one do not flatter the next:
- a cold build of every format (stages: load, measure, place, draw, and each renderer; the time spent
  inside `dot`; peak memory);
- a warm rebuild after every summary changed (no card changes size): the geometry comes from the
  on-disk cache;
- the baseline: the same cards and connectors laid out by one `dot` call (sections as clusters, rows
  as rank=same subgraphs, orthogonal connectors as in our picture), stopped after a timeout;
- `navigator build` and `navigator --help` as a user runs them.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
FORMATS = ("pdf", "svg", "png", "json")
TARGETS = {
    "default_build_s": 2.0,
    "help_s": 0.3,
    "build_5000_s": 10.0,
    "ratio_5000": 10.0,
    "memory_5000_mib": 1024.0,
    "warm_share": 0.05,
}


def child_build(catalog_dir: str) -> dict:
    """One cold build of every format, timed by stage; then a warm rebuild of the layout."""
    import resource
    from dataclasses import replace

    start = time.perf_counter()
    from navigator.api import load
    from navigator.jobs import Job, render_all
    from navigator.layout import PartCache, layout, parts
    from navigator.render import renderer

    dot_time = [0.0]
    run_dot = parts._run_dot

    def timed_dot(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return run_dot(*args, **kwargs)
        finally:
            dot_time[0] += time.perf_counter() - t0

    parts._run_dot = timed_dot
    imported = time.perf_counter()
    catalog = load(catalog_dir)
    loaded = time.perf_counter()
    stages: dict[str, float] = {"import": imported - start, "load": loaded - imported}
    with tempfile.TemporaryDirectory() as tmp:
        cache = PartCache(Path(tmp) / "cache")
        timings: dict[str, float] = {}
        scene = layout(catalog, cache, timings=timings)
        cache.save()
        stages.update(timings)
        stages["dot"] = dot_time[0]
        t0 = time.perf_counter()  # as `navigator build` does it: the PNG in a forked process, alongside
        render_all(scene, [Job(fmt, Path(tmp) / f"navigator.{fmt}") for fmt in FORMATS], lambda _m: None)
        stages["render"] = time.perf_counter() - t0
        total = time.perf_counter() - start
        peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
        for fmt in FORMATS:  # each format alone, for the table
            t0 = time.perf_counter()
            renderer(fmt)(scene, Path(tmp) / f"alone.{fmt}")
            stages[f"render_{fmt}"] = time.perf_counter() - t0
        changed = replace(catalog, threats=tuple(replace(t, summary=t.summary + " Changed.") for t in catalog.threats))
        warm_cache = PartCache(Path(tmp) / "cache")
        warm: dict[str, float] = {}
        layout(changed, warm_cache, timings=warm)
    return {
        "stages": stages,
        "total": total,
        "peak_mib": peak,
        "warm": warm,
        "warm_hits": warm_cache.hits,
        "warm_misses": warm_cache.misses,
        "threats": len(catalog.threats),
        "controls": len(catalog.controls),
        "elements": len(scene.elements),
        "page": [round(scene.width), round(scene.height)],
    }


def child_monolithic(catalog_dir: str) -> dict:
    from navigator.api import load
    from navigator.layout.monolithic import time_monolithic

    seconds, nodes = time_monolithic(load(catalog_dir))
    return {"seconds": seconds, "nodes": nodes}


def run_child(kind: str, catalog_dir: str, timeout: float | None = None) -> dict | None:
    cmd = [sys.executable, __file__, f"--child-{kind}", catalog_dir]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=True)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(out.stdout)


def wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _ratio(ratio: float | None, lower_bound: bool) -> str:
    if ratio is None:
        return "-"
    text = f"{ratio:.0f}x" if ratio >= 10 else f"{ratio:.1f}x" if ratio >= 1 else f"{ratio:.2f}x"
    return (">" if lower_bound else "") + text


def fit_exponent(points: list[tuple[int, float]]) -> float:
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="100,1000,5000", help="synthetic catalog sizes (threats + controls)")
    p.add_argument("--monolithic-timeout", type=float, default=600.0, help="seconds before the one-dot-call baseline is stopped (0 skips it)")
    p.add_argument("--child-build", metavar="DIR")
    p.add_argument("--child-monolithic", metavar="DIR")
    args = p.parse_args()
    if args.child_build:
        print(json.dumps(child_build(args.child_build)))
        return 0
    if args.child_monolithic:
        print(json.dumps(child_monolithic(args.child_monolithic)))
        return 0

    sys.path.insert(0, str(HERE))
    from synth import write_catalog

    sizes = [int(s) for s in args.sizes.split(",") if s]
    catalogs = [("default", str(ROOT / "catalog"))]
    for n in sizes:
        catalogs.append((str(n), str(write_catalog(WORK / f"catalog-{n}", n))))

    misses: list[str] = []
    rows = []
    scaling: list[tuple[int, float]] = []
    layouts: list[tuple[int, float]] = []
    baseline: list[tuple[int, float]] = []
    print(f"navigator benchmarks, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
    head = f"{'catalog':>8} {'items':>6} {'load':>6} {'measure':>7} {'place':>6} {'(dot)':>6} {'draw':>6} {'pdf':>6} {'svg':>6} {'png':>6} {'json':>6} {'total':>7} {'peak MiB':>8} {'1 dot call':>10} {'ratio':>6} {'warm place':>10} {'warm/cold':>9}"
    print(head)
    print("-" * len(head))
    for name, directory in catalogs:
        r = run_child("build", directory)
        assert r is not None
        s = r["stages"]
        mono = None
        if args.monolithic_timeout > 0:
            mono = run_child("monolithic", directory, timeout=args.monolithic_timeout)
        layout_s = s["measure"] + s["place"] + s["draw"]
        mono_text = f"{mono['seconds']:.2f}" if mono else (f">{args.monolithic_timeout:.0f}" if args.monolithic_timeout > 0 else "-")
        mono_s = mono["seconds"] if mono else (args.monolithic_timeout if args.monolithic_timeout > 0 else None)
        ratio = (mono_s / layout_s) if mono_s else None
        warm_share = r["warm"]["place"] / r["total"]
        items = r["threats"] + r["controls"]
        print(
            f"{name:>8} {items:>6} {s['load']:>6.2f} {s['measure']:>7.2f} {s['place']:>6.2f} {s['dot']:>6.2f} {s['draw']:>6.2f} "
            f"{s['render_pdf']:>6.2f} {s['render_svg']:>6.2f} {s['render_png']:>6.2f} {s['render_json']:>6.2f} {r['total']:>7.2f} "
            f"{r['peak_mib']:>8.0f} {mono_text:>10} {_ratio(ratio, mono is None):>6} "
            f"{r['warm']['place']:>10.3f} {warm_share:>8.1%}"
        )
        rows.append((name, r, mono, ratio))
        if name != "default":
            scaling.append((items, r["total"]))
            layouts.append((items, layout_s))
            if mono:
                baseline.append((items, mono["seconds"]))
        if name == "5000":
            if r["total"] > TARGETS["build_5000_s"]:
                misses.append(f"5,000-item build took {r['total']:.1f} s (target < {TARGETS['build_5000_s']:.0f} s)")
            if r["peak_mib"] > TARGETS["memory_5000_mib"]:
                misses.append(f"5,000-item peak memory {r['peak_mib']:.0f} MiB (target < 1 GiB)")
            if ratio is not None and ratio < TARGETS["ratio_5000"]:
                misses.append(f"layout only {ratio:.1f}x faster than one dot call (target >= 10x)")
            if warm_share > TARGETS["warm_share"]:
                misses.append(f"warm geometry is {warm_share:.1%} of a cold build (target < 5%)")
    print("\ncolumns: seconds per stage in a fresh process; 'place' is the geometry (one dot call per part plus packing),")
    print("'(dot)' the part of it spent inside dot; pdf/svg/png/json each format alone; 'total' is the whole build as")
    print("`navigator build` runs it (PNG in a forked process beside the others), with imports; 'ratio' compares one dot call")
    print("for the whole diagram with our whole layout (measure + place + draw); 'warm place' is the geometry of a rebuild")
    print("after every summary changed, from the on-disk cache, and 'warm/cold' its share of the cold build.")
    default = rows[0][1]
    share = default["stages"]["dot"] / default["total"]
    print(f"\ndefault catalog: {share:.1%} of the build is spent in dot ({default['stages']['dot'] * 1000:.0f} ms of {default['total'] * 1000:.0f} ms)")
    if len(scaling) >= 2:
        sizes_text = ", ".join(str(n) for n, _ in scaling)
        print(f"cost grows as size^{fit_exponent(scaling):.2f} for the whole build, size^{fit_exponent(layouts):.2f} for the layout (least-squares fits over {sizes_text} items)")
    if len(baseline) >= 2:
        print(f"one dot call grows as size^{fit_exponent(baseline):.2f} over {', '.join(str(n) for n, _ in baseline)} items (where it finished)")

    with tempfile.TemporaryDirectory() as tmp:
        nav = [sys.executable, "-m", "navigator"]
        help_s = wall([*nav, "--help"], 7)
        build_s = wall([*nav, "build", "--no-cache", "--quiet", "--out", tmp], 3)
    print(f"\nfresh process: `navigator --help` {help_s:.3f} s (target < {TARGETS['help_s']} s); `navigator build` of every format {build_s:.2f} s (target < {TARGETS['default_build_s']:.0f} s)")
    if help_s > TARGETS["help_s"]:
        misses.append(f"navigator --help took {help_s:.2f} s")
    if build_s > TARGETS["default_build_s"]:
        misses.append(f"navigator build took {build_s:.2f} s")
    if misses:
        print("\nTARGETS MISSED:\n  " + "\n  ".join(misses))
        return 1
    print("\nall targets met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
