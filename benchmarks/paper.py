"""The navigator on each paper size (issue 13): what page 1 shows and how legible it is.

For every paper it builds the PDF of the default catalog (no cache) and reads it back with
pdfplumber: the page size, the smallest control name and the smallest text of any kind on page 1
(font sizes as printed), the share of page 1 covered by cards (from the Scene: the cards' boxes,
tabs included, over the page's area), the number of pages and the build time. The figures of the
poster drawn before issue 13 are in docs/performance.md.

    python benchmarks/paper.py                     # a4, letter, a3, tabloid, a2, poster
    python benchmarks/paper.py --papers a3,a4
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

CARDS = ("threat", "threat-group", "control-group", "other-controls")


def figures(paper: str, out: Path) -> dict[str, Any]:
    import pdfplumber

    from navigator.api import BuildOptions, build, load, scene_of
    from navigator.roles import Role

    options = BuildOptions(formats=("pdf",), out_dir=out, use_cache=False, paper=paper)
    start = time.perf_counter()
    build(None, options)
    seconds = time.perf_counter() - start
    scene = scene_of(load(), target=options.target())
    page = scene.pages[0]
    covered = sum(e.box.w * e.box.h for e in page.elements if e.role in CARDS)
    controls = [
        (t.left, t.y - t.size, t.left + t.width, t.y + t.size * 0.3)
        for e in page.elements
        if e.role == Role.CONTROL
        for t in e.texts[1:]
    ]
    with pdfplumber.open(out / "navigator.pdf") as pdf:
        first = pdf.pages[0]
        chars = [c for c in first.chars if c["text"].strip()]
        names = [
            c["size"]
            for c in chars
            if any(
                x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and y0 <= (c["top"] + c["bottom"]) / 2 <= y1
                for x0, y0, x1, y1 in controls
            )
        ]
        return {
            "paper": paper,
            "size": f"{float(first.width):.0f} x {float(first.height):.0f}",
            "coverage": covered / (page.width * page.height),
            "control": min(names),
            "text": min(c["size"] for c in chars),
            "pages": len(pdf.pages),
            "seconds": seconds,
        }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--papers", default="a4,letter,a3,tabloid,a2,poster")
    args = p.parse_args()
    head = f"{'paper':>8} {'page 1 (pt)':>13} {'cards cover':>11} {'control names':>13} {'smallest text':>13} "
    head += f"{'pages':>5} {'build s':>7}"
    print(head)
    print("-" * len(head))
    with tempfile.TemporaryDirectory() as tmp:
        for paper in args.papers.split(","):
            r = figures(paper, Path(tmp) / paper)
            print(
                f"{r['paper']:>8} {r['size']:>13} {r['coverage']:>10.0%} {r['control']:>11.1f}pt "
                f"{r['text']:>11.1f}pt {r['pages']:>5} {r['seconds']:>7.2f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
