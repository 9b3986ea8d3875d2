"""Lay out one part (a threat group and its sub-threats) with Graphviz `dot`, through a cache.

A part is laid out alone, so its cost does not grow with the catalog, and its result depends only on
its card sizes and tree shape: that is the cache key. `dot` places the fixed-size cards (rankdir=LR:
sub-threats stack to the right of their group, in catalog order, never overlapping); the layout
then top-aligns each group with its first sub-threat where that overlaps nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass

from ..scene import Box, pt
from ..theme import THEME, Theme
from .cache import PartCache

LAYOUT_VERSION = 2  # part of every cache key: bump when what a cached layout holds changes (2: pt rounding)


@dataclass(frozen=True)
class Placed:
    """A part's layout: its size and the top-left corner of each node, in node order."""

    width: float
    height: float
    nodes: tuple[tuple[float, float], ...]


def part_key(sizes: tuple[tuple[float, float], ...], edges: tuple[tuple[int, int], ...], t: Theme) -> str:
    """Hash of everything that shapes a part's layout (not its text, links or colours)."""
    import pygraphviz

    shape = {
        "v": LAYOUT_VERSION,
        "graphviz": pygraphviz.__version__,
        "sep": [t.rank_sep, t.node_sep],
        "sizes": [[pt(w), pt(h)] for w, h in sizes],
        "edges": [list(e) for e in edges],
    }
    return hashlib.sha256(json.dumps(shape, separators=(",", ":")).encode()).hexdigest()


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Graphviz's bundled fontconfig may print a harmless warning on fd 2; users should not see it."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _run_dot(
    sizes: tuple[tuple[float, float], ...], edges: tuple[tuple[int, int], ...], t: Theme
) -> list[tuple[float, float]]:
    """Node centres from one `dot` layout, in points, y pointing down."""
    import pygraphviz as pgv

    g = pgv.AGraph(directed=True, strict=False)
    g.graph_attr.update(
        rankdir="LR",
        ordering="out",
        splines="false",
        nodesep=f"{t.node_sep / 72:.5f}",
        ranksep=f"{t.rank_sep / 72:.5f}",
        margin="0",
        pad="0",
    )
    g.node_attr.update(shape="box", fixedsize="true", label="", margin="0")
    for i, (w, h) in enumerate(sizes):
        g.add_node(f"n{i}", width=f"{w / 72:.5f}", height=f"{h / 72:.5f}")
    for a, b in edges:
        g.add_edge(f"n{a}", f"n{b}")
    with _quiet_stderr():
        g.layout(prog="dot")
    centres = []
    for i in range(len(sizes)):
        x, y = (float(v) for v in g.get_node(f"n{i}").attr["pos"].split(","))
        centres.append((x, -y))
    return centres


def _top_align(boxes: list[Box], edges: tuple[tuple[int, int], ...]) -> list[Box]:
    """Move each group up to its first sub-threat's top, unless that would overlap another card."""
    first_child: dict[int, int] = {}
    for a, b in edges:
        first_child.setdefault(a, b)
    for parent, child in sorted(first_child.items()):
        target = boxes[child].y
        if target >= boxes[parent].y:
            continue
        moved = Box(boxes[parent].x, target, boxes[parent].w, boxes[parent].h)
        if not any(moved.overlaps(b) for i, b in enumerate(boxes) if i != parent):
            boxes[parent] = moved
    return boxes


def layout_part(
    sizes: tuple[tuple[float, float], ...],
    edges: tuple[tuple[int, int], ...],
    cache: PartCache | None = None,
    t: Theme = THEME,
) -> Placed:
    """Place a part's nodes; node 0 is the root. A single node needs no `dot` at all."""
    if len(sizes) == 1:
        return Placed(sizes[0][0], sizes[0][1], ((0.0, 0.0),))
    key = part_key(sizes, edges, t)
    if cache is not None:
        hit = cache.get(key)
        if hit is not None:
            width, height, nodes = hit
            return Placed(width, height, tuple((x, y) for x, y in nodes))
    centres = _run_dot(sizes, edges, t)
    boxes = [Box(cx - w / 2, cy - h / 2, w, h) for (cx, cy), (w, h) in zip(centres, sizes)]
    boxes = _top_align(boxes, edges)
    x0 = min(b.x for b in boxes)
    y0 = min(b.y for b in boxes)
    nodes = tuple((pt(b.x - x0), pt(b.y - y0)) for b in boxes)
    width = pt(max(b.right for b in boxes) - x0)
    height = pt(max(b.bottom for b in boxes) - y0)
    placed = Placed(width, height, nodes)
    if cache is not None:
        cache.put(key, (placed.width, placed.height, [list(n) for n in placed.nodes]))
    return placed
