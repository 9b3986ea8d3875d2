"""Speed and scale of navigator, every target of issue 6 in one command: prints tables with ratios
and exits 1 if any target is missed. `make bench` runs it; about 17 minutes on 2 CPUs.

    python benchmarks/run.py                          # default catalog + synthetic 100, 1,000, 5,000, then the web view
    python benchmarks/run.py --sizes 100,1000 --no-web --monolithic-timeout 30   # a quicker run

Every measurement runs in a fresh child process, so caches of one do not flatter the next, and the
builds are repeated (3 cold, 5 warm by default) with the median reported and the spread printed:
- a cold build of every format (stages: load, measure, place, draw, pages, and each renderer; the time
  spent inside `dot`; the combined peak memory of the build and its forked renderer, see memory.py);
- a warm rebuild's layout stage (measure + place + draw + pages) after every summary changed (no card
  changes size): the geometry comes from the on-disk cache the cold build left;
- two baselines, the same cards laid out by one `dot` call (sections as clusters, our packer's rows
  as rank=same subgraphs): with the connectors routed orthogonally, as in our picture (stopped after
  a timeout), and unrouted (splines=false), which draws no connectors;
- `navigator build` and `navigator --help` as a user runs them;
- benchmarks/web.py on the default catalog (callbacks, a load run against gunicorn, headless
  Chromium) and on the synthetic 5,000-item catalog (callbacks, headless Chromium);
- benchmarks/long_text.py: wrapping long text, and a build with every field at its length limit.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
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
COLUMNS = """
columns: seconds per stage in a fresh process; 'place' is the geometry (one dot call per part plus packing),
'(dot)' the part of it spent inside dot; 'draw' makes the overview's elements, the details' data and the
outline; 'pages' typesets the detail pages (and the index and section pages of an overview too large to print);
pdf/svg/png/json each format alone; 'total' the whole build as `navigator build` runs it (the PDF here, the other
formats in a forked child beside it), with imports. 'peak MiB' is the combined RSS of the build process and its
forked renderer, sampled every 20 ms (pages shared after the fork counted twice); '(bound)' the sum of the two
processes' own peaks, an upper bound. 'dot ortho' lays out the same cards with one dot call (sections as clusters,
our packer's rows as rank=same, connectors routed with splines=ortho, as drawn), stopped after the timeout;
'dot unrouted' is the same graph with splines=false: no connectors routed, our packer's rows given for free.
Both ratios are that dot call's time over our layout of the overview (measure + place + draw); below 1x we are slower.
'warm layout' is measure + place + draw + pages of a rebuild in a fresh process after every summary changed
(no card changes size; geometry from the on-disk cache), 'warm/cold' its share of the cold build's total,
'(overview)' the share without 'pages'."""
TARGETS = {
    "default_build_s": 2.0,
    "help_s": 0.3,
    "build_5000_s": 10.0,
    "ratio_5000": 10.0,
    "memory_5000_mib": 1024.0,
    "warm_share": 0.05,
}


def child_build(catalog_dir: str, cache_dir: str) -> dict:
    """One cold build of every format, timed by stage, its layout cache saved to `cache_dir`."""
    from memory import TreeSampler, peak_bound_mib

    sampler = TreeSampler().__enter__()  # from before the imports: the build's whole footprint
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
        cache = PartCache(Path(cache_dir))
        timings: dict[str, float] = {}
        scene = layout(catalog, cache, timings=timings)
        cache.save()
        stages.update(timings)
        stages["dot"] = dot_time[0]
        t0 = time.perf_counter()  # as `navigator build` does it: the PDF here, the rest in a forked child beside it
        render_all(scene, [Job(fmt, Path(tmp) / f"navigator.{fmt}") for fmt in FORMATS], lambda _m: None)
        stages["render"] = time.perf_counter() - t0
        total = time.perf_counter() - start
        sampler.__exit__()
        bound = peak_bound_mib()
        for fmt in FORMATS:  # each format alone, for the table
            t0 = time.perf_counter()
            renderer(fmt)(scene, Path(tmp) / f"alone.{fmt}")
            stages[f"render_{fmt}"] = time.perf_counter() - t0
    return {
        "stages": stages,
        "total": total,
        "peak_mib": sampler.peak_mib,
        "peak_samples": sampler.samples,
        "peak_bound_mib": bound,
        "threats": len(catalog.threats),
        "controls": len(catalog.controls),
        "elements": len(scene.elements),
        "page": [round(scene.width), round(scene.height)],
    }


def child_warm(catalog_dir: str, cache_dir: str) -> dict:
    """A rebuild's layout in a fresh process, as `navigator build` runs it after an edit: every
    threat's summary changed (no card changes size), the layout cache left by the cold build."""
    from dataclasses import replace

    from navigator.api import load
    from navigator.layout import PartCache, layout

    catalog = load(catalog_dir)
    changed = replace(catalog, threats=tuple(replace(t, summary=t.summary + " Changed.") for t in catalog.threats))
    cache = PartCache(Path(cache_dir))
    timings: dict[str, float] = {}
    layout(changed, cache, timings=timings)
    return {"warm": timings, "hits": cache.hits, "misses": cache.misses}


def child_monolithic(catalog_dir: str, splines: str) -> dict:
    from monolithic import time_monolithic
    from navigator.api import load

    seconds, nodes = time_monolithic(load(catalog_dir), splines=splines)
    return {"seconds": seconds, "nodes": nodes}


def run_child(kind: str, catalog_dir: str, extra: str, timeout: float | None = None) -> dict | None:
    """Run one measurement in a fresh process; None when it was stopped after `timeout` seconds."""
    cmd = [sys.executable, __file__, f"--child-{kind}", catalog_dir, extra]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=True)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(out.stdout)


def cold_build(directory: str, cache_dir: Path) -> dict:
    """A cold build: no layout cache (the one it leaves is what the warm rebuilds read)."""
    shutil.rmtree(cache_dir, ignore_errors=True)
    result = run_child("build", directory, str(cache_dir))
    assert result is not None
    return result


def median_run(measure, key: str, runs: int) -> dict:
    """The run with the median `key` of `runs` runs (odd), and the spread of `key` over all of them:
    one run on a shared machine can be a third slower than the next, in either direction."""
    results = []
    for _ in range(runs):
        result = measure()
        assert result is not None
        if key == "warm_total":
            result[key] = sum(result["warm"].values())
        results.append(result)
    results.sort(key=lambda r: r[key])
    chosen = dict(results[len(results) // 2])
    chosen["spread"] = (results[0][key], results[-1][key])
    return chosen


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


def run_web(sizes: list[int], duration: float) -> list[str]:
    """benchmarks/web.py in a child process: the default catalog in full (callbacks, load run,
    browser), then the synthetic 5,000-item catalog (callbacks and browser; the load run's target
    is for the default catalog). Its output goes straight to ours; a non-zero exit is a miss."""
    runs: list[tuple[str, list[str]]] = [("default catalog", [])]
    if 5000 in sizes:
        runs.append(("synthetic 5,000", ["--catalog", str(WORK / "catalog-5000"), "--no-load"]))
    misses = []
    for name, extra in runs:
        print(f"\n== web view: {name} (benchmarks/web.py {' '.join(extra)}) ==", flush=True)
        done = subprocess.run([sys.executable, str(HERE / "web.py"), "--duration", f"{duration:g}", *extra], cwd=ROOT)
        if done.returncode != 0:
            misses.append(f"web view on the {name}: benchmarks/web.py exited {done.returncode} (see its report above)")
    print("\n== production server (benchmarks/server.py) ==", flush=True)
    done = subprocess.run([sys.executable, str(HERE / "server.py")], cwd=ROOT, check=False)
    if done.returncode != 0:
        misses.append(f"production server: benchmarks/server.py exited {done.returncode} (see its report above)")
    return misses


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="100,1000,5000", help="synthetic catalog sizes (threats + controls)")
    p.add_argument(
        "--monolithic-timeout",
        type=float,
        default=420.0,
        help="seconds before the routed one-dot-call baseline is stopped (0 skips both baselines)",
    )
    p.add_argument("--web-duration", type=float, default=60.0, help="seconds of the web load run (default 60)")
    p.add_argument("--no-web", action="store_true", help="skip benchmarks/web.py")
    p.add_argument("--no-long-text", action="store_true", help="skip benchmarks/long_text.py")
    p.add_argument(
        "--repeat", type=int, default=3, help="cold builds per catalog; the median one is reported (default 3)"
    )
    p.add_argument(
        "--warm-repeat", type=int, default=5, help="warm rebuilds per catalog; the median one is reported (default 5)"
    )
    p.add_argument("--child-build", nargs=2, metavar=("DIR", "CACHE"))
    p.add_argument("--child-warm", nargs=2, metavar=("DIR", "CACHE"))
    p.add_argument("--child-monolithic", nargs=2, metavar=("DIR", "SPLINES"))
    args = p.parse_args()
    for kind, fn in (("child_build", child_build), ("child_warm", child_warm), ("child_monolithic", child_monolithic)):
        if getattr(args, kind):
            print(json.dumps(fn(*getattr(args, kind))))
            return 0

    sys.path.insert(0, str(ROOT))  # the checkout: helpers shared with the tests
    from tests.support.synth import write_catalog

    sizes = [int(s) for s in args.sizes.split(",") if s]
    # a snapshot of the shipped catalog, so that an edit landing mid-run cannot change it between measurements
    snapshot = WORK / "catalog-default"
    shutil.rmtree(snapshot, ignore_errors=True)
    shutil.copytree(ROOT / "catalog", snapshot)
    catalogs = [("default", str(snapshot))]
    for n in sizes:
        catalogs.append((str(n), str(write_catalog(WORK / f"catalog-{n}", n))))

    misses: list[str] = []
    rows = []
    spread: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {}
    scaling: list[tuple[int, float]] = []
    layouts: list[tuple[int, float]] = []
    baseline: list[tuple[int, float]] = []
    unrouted: list[tuple[int, float]] = []
    timeout = args.monolithic_timeout
    print(f"navigator benchmarks, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
    head = (
        f"{'catalog':>8} {'items':>6} {'load':>6} {'measure':>7} {'place':>6} {'(dot)':>6} "
        f"{'draw':>6} {'pages':>6} {'pdf':>6} {'svg':>6} {'png':>6} {'json':>6} {'total':>7} "
        f"{'peak MiB':>8} {'(bound)':>7} {'dot ortho':>9} {'ratio':>6} "
        f"{'dot unrouted':>12} {'ratio':>6} {'warm layout':>11} {'warm/cold':>9} {'(overview)':>10}"
    )
    print(head)
    print("-" * len(head))
    for name, directory in catalogs:
        cache_dir = WORK / f"cache-{name}"
        r = median_run(lambda d=directory, c=cache_dir: cold_build(d, c), "total", args.repeat)
        w = median_run(lambda d=directory, c=cache_dir: run_child("warm", d, str(c)), "warm_total", args.warm_repeat)
        spread[name] = (r["spread"], w["spread"])
        s, warm = r["stages"], w["warm"]
        mono = flat = None
        if timeout > 0:
            mono = run_child("monolithic", directory, "ortho", timeout=timeout)
            flat = run_child("monolithic", directory, "false", timeout=timeout)
        layout_s = s["measure"] + s["place"] + s["draw"]  # the overview: what the dot baselines lay out
        warm_s = warm["measure"] + warm["place"] + warm["draw"] + warm["pages"]
        warm_overview = warm_s - warm["pages"]
        mono_text = f"{mono['seconds']:.2f}" if mono else (f">{timeout:.0f}" if timeout > 0 else "-")
        mono_s = mono["seconds"] if mono else (timeout if timeout > 0 else None)
        ratio = (mono_s / layout_s) if mono_s else None
        flat_ratio = flat["seconds"] / layout_s if flat else None
        warm_share = warm_s / r["total"]
        overview_share = warm_overview / r["total"]
        items = r["threats"] + r["controls"]
        print(
            f"{name:>8} {items:>6} {s['load']:>6.2f} {s['measure']:>7.2f} "
            f"{s['place']:>6.2f} {s['dot']:>6.2f} {s['draw']:>6.2f} {s['pages']:>6.2f} "
            f"{s['render_pdf']:>6.2f} {s['render_svg']:>6.2f} "
            f"{s['render_png']:>6.2f} {s['render_json']:>6.2f} {r['total']:>7.2f} "
            f"{r['peak_mib']:>8.0f} {r['peak_bound_mib']:>7.0f} {mono_text:>9} {_ratio(ratio, mono is None):>6} "
            f"{flat['seconds'] if flat else float('nan'):>12.3f} "
            f"{_ratio(flat_ratio, False):>6} {warm_s:>11.3f} {warm_share:>8.1%} {overview_share:>10.1%}",
            flush=True,
        )
        rows.append((name, r, w, mono, flat, layout_s))
        if name != "default":
            scaling.append((items, r["total"]))
            layouts.append((items, layout_s))
            if mono:
                baseline.append((items, mono["seconds"]))
            if flat:
                unrouted.append((items, flat["seconds"]))
        if w["misses"]:
            misses.append(
                f"{name}: the warm rebuild missed the layout cache "
                f"{w['misses']} times (target: every cached layout reused)"
            )
        if name == "5000":
            if r["total"] > TARGETS["build_5000_s"]:
                misses.append(f"5,000-item build took {r['total']:.1f} s (target < {TARGETS['build_5000_s']:.0f} s)")
            if r["peak_bound_mib"] > TARGETS["memory_5000_mib"]:
                misses.append(
                    f"5,000-item peak memory up to {r['peak_bound_mib']:.0f} "
                    f"MiB, sampled {r['peak_mib']:.0f} MiB (target < 1 GiB)"
                )
            if ratio is not None and ratio < TARGETS["ratio_5000"]:
                misses.append(f"layout only {ratio:.1f}x faster than one routed dot call (target >= 10x)")
            if warm_share > TARGETS["warm_share"]:
                misses.append(
                    "a warm rebuild's layout stage (measure + place + draw + pages) is "
                    f"{warm_s:.3f} s, {warm_share:.1%} of a cold build (target < 5%); "
                    f"without typesetting the detail pages {overview_share:.1%}"
                )
    print(COLUMNS)
    print(
        f"Each row is the median of {args.repeat} cold builds and of "
        f"{args.warm_repeat} warm rebuilds, every one in a fresh process;"
    )
    print("the spread of all runs (min to max):")
    for name, ((cold_lo, cold_hi), (warm_lo, warm_hi)) in spread.items():
        print(f"  {name:>8}: cold build {cold_lo:.2f} to {cold_hi:.2f} s, warm layout {warm_lo:.3f} to {warm_hi:.3f} s")
    print()
    for name, r, _w, _mono, flat, layout_s in rows:
        if flat:
            st, f = r["stages"], flat["seconds"]
            print(
                f"{name}: one unrouted dot call {f:.3f} s ({flat['nodes']} "
                f"nodes); our layout {layout_s:.3f} s is {layout_s / f:.1f}x that "
                f"(measure {st['measure']:.3f} + place {st['place']:.3f} + draw "
                f"{st['draw']:.3f}); our geometry alone (place) is {st['place'] / f:.1f}x it"
            )
    default = rows[0][1]
    share = default["stages"]["dot"] / default["total"]
    print(
        f"\ndefault catalog: {share:.1%} of the build is spent in dot "
        f"({default['stages']['dot'] * 1000:.0f} ms of {default['total'] * 1000:.0f} ms)"
    )
    big = rows[-1]
    bw = big[2]["warm"]
    print(
        f"warm rebuild at {big[0]} items: measure {bw['measure']:.3f} + place {bw['place']:.3f} "
        f"+ draw {bw['draw']:.3f} + pages {bw['pages']:.3f} s; cache hits {big[2]['hits']}, misses {big[2]['misses']}"
    )
    if len(scaling) >= 2:
        sizes_text = ", ".join(str(n) for n, _ in scaling)
        print(
            f"cost grows as size^{fit_exponent(scaling):.2f} for the whole build, "
            f"size^{fit_exponent(layouts):.2f} for the layout (least-squares fits over {sizes_text} items)"
        )
    if len(baseline) >= 2:
        print(
            f"one routed dot call grows as size^{fit_exponent(baseline):.2f} over "
            f"{', '.join(str(n) for n, _ in baseline)} items (where it finished)"
        )
    if len(unrouted) >= 2:
        print(
            f"one unrouted dot call grows as size^{fit_exponent(unrouted):.2f} "
            f"over {', '.join(str(n) for n, _ in unrouted)} items"
        )

    with tempfile.TemporaryDirectory() as tmp:
        nav = [sys.executable, "-m", "navigator"]
        help_s = wall([*nav, "--help"], 7)
        build_s = wall([*nav, "build", "--no-cache", "--quiet", "--out", tmp], 3)
    print(
        f"\nfresh process: `navigator --help` {help_s:.3f} s (target < {TARGETS['help_s']} s); "
        f"`navigator build` of every format {build_s:.2f} s (target < {TARGETS['default_build_s']:.0f} s)"
    )
    if help_s > TARGETS["help_s"]:
        misses.append(f"navigator --help took {help_s:.2f} s")
    if build_s > TARGETS["default_build_s"]:
        misses.append(f"navigator build took {build_s:.2f} s")
    if not args.no_web:
        misses += run_web(sizes, args.web_duration)
    if not args.no_long_text:
        print("\n== long text (benchmarks/long_text.py) ==", flush=True)
        if subprocess.run([sys.executable, str(HERE / "long_text.py")], cwd=ROOT).returncode != 0:
            misses.append("long text: benchmarks/long_text.py missed a target (see its report above)")
    if misses:
        print("\nTARGETS MISSED:\n  " + "\n  ".join(misses))
        return 1
    print("\nall targets met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
