"""Polygons for the plotly figure: rectangles, outlines, connectors, all as filled areas.

A plotly scatter trace whose points are split into polygons by None gaps draws its fill as ONE svg
path, but its line as one svg path PER polygon, so with many rectangles a pan redraws several times
faster with the fill alone (`mode="none"`; docs/web.md has the figures). So every area here is fill only, and
strokes (card outlines, connectors) are filled polygons too: an outline is a ring (the box grown by
half the stroke width, and the box shrunk by half the width walked the other way round, which the
nonzero fill rule leaves empty); a line segment is a thin rectangle. Their widths are in points, so
they scale with the zoom like everything else in the Scene, as in the PDF. Every polygon is walked
clockwise on screen, so polygons that overlap fill as their union.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import pairwise

from ..scene import Box

Point = tuple[float, float]
Coords = list[float | None]


def r1(v: float) -> float:
    """A tenth of a point: finer than a pixel at 4x zoom, and short in JSON."""
    return round(v, 1)


def rect(box: Box, radius: float = 0.0) -> list[Point]:
    """A closed, clockwise (on screen) polygon; a rounded corner is cut by one short diagonal."""
    x0, y0, x1, y1 = box.x, box.y, box.right, box.bottom
    r = min(radius, box.w / 2, box.h / 2) * 0.6  # where the chord best matches a 2-5 pt arc
    if r < 0.5:
        return [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    return [
        (x0 + r, y0),
        (x1 - r, y0),
        (x1, y0 + r),
        (x1, y1 - r),
        (x1 - r, y1),
        (x0 + r, y1),
        (x0, y1 - r),
        (x0, y0 + r),
        (x0 + r, y0),
    ]


def grown(box: Box, d: float) -> Box:
    return Box(box.x - d, box.y - d, box.w + 2 * d, box.h + 2 * d)


def ring(box: Box, radius: float, width: float) -> list[list[Point]]:
    """The outline of a (rounded) box: the outer polygon, and the inner one the other way round."""
    outer = rect(grown(box, width / 2), radius + width / 2)
    inner_box = grown(box, -width / 2)
    if inner_box.w <= 0 or inner_box.h <= 0:
        return [outer]
    return [outer, list(reversed(rect(inner_box, max(radius - width / 2, 0.0))))]


def segment(a: Point, b: Point, width: float) -> list[Point] | None:
    """A straight stroke as a closed rectangle, with square caps so that joints are covered."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    if length < 1e-9:
        return None
    ux, uy = dx / length * width / 2, dy / length * width / 2
    nx, ny = -uy, ux  # the normal, half a width long
    a0, b0 = (a[0] - ux, a[1] - uy), (b[0] + ux, b[1] + uy)
    pts = [(a0[0] + nx, a0[1] + ny), (b0[0] + nx, b0[1] + ny), (b0[0] - nx, b0[1] - ny), (a0[0] - nx, a0[1] - ny)]
    if _signed_area(pts) < 0:  # keep every polygon the same way round, so overlaps fill as a union
        pts.reverse()
    return [*pts, pts[0]]


def _signed_area(pts: list[Point]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1])) / 2


def dashed(points: list[Point], dash: tuple[float, ...]) -> list[list[Point]]:
    """A polyline cut into its dashes (on, off, on, ...), or itself when it has no dash pattern."""
    if not dash or sum(dash) <= 0:
        return [points]
    out: list[list[Point]] = []
    index, left, on = 0, dash[0], True
    current: list[Point] = [points[0]]
    for a, b in pairwise(points):
        length = math.hypot(b[0] - a[0], b[1] - a[1])
        done = 0.0
        while length - done > left:
            done += left
            t = done / length
            p = (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
            if on:
                out.append([*current, p])
            current = [p]
            index = (index + 1) % len(dash)
            left, on = dash[index], not on
        left -= length - done
        if on:
            current.append(b)
    if on and len(current) > 1:
        out.append(current)
    return out


def bezier(points: tuple[Point, ...], steps: int = 8) -> list[Point]:
    """A cubic Bézier path (1 + 3n control points) as a polyline."""
    out = [points[0]]
    for p0, p1, p2, p3 in zip(points[0:-1:3], points[1::3], points[2::3], points[3::3]):
        for i in range(1, steps + 1):
            t = i / steps
            u = 1 - t
            out.append(
                (
                    u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                    u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
                )
            )
    return out


class Polygons:
    """Closed polygons separated by None gaps, as the x and y lists of one plotly trace."""

    def __init__(self) -> None:
        self.xs: Coords = []
        self.ys: Coords = []
        self.count = 0

    def add(self, polygon: Iterable[Point]) -> None:
        for x, y in polygon:
            self.xs.append(r1(x))
            self.ys.append(r1(y))
        self.xs.append(None)
        self.ys.append(None)
        self.count += 1

    def coords(self) -> tuple[Coords, Coords]:
        return self.xs, self.ys


def gapped(polygons: Iterable[list[Point]]) -> tuple[Coords, Coords]:
    """Polygons (or polylines) separated by None."""
    out = Polygons()
    for poly in polygons:
        out.add(poly)
    return out.coords()
