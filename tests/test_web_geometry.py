"""Polygons for the figure: orientation (so overlaps fill as a union and rings keep their hole),
strokes as areas, dashes."""

from __future__ import annotations

import math

import pytest

from navigator.scene import Box
from navigator.web import geometry as geo


def area(points: list[tuple[float, float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1])) / 2


@pytest.mark.parametrize("radius", [0.0, 3.5])
def test_rectangles_are_closed_and_all_turn_the_same_way(radius: float) -> None:
    pts = geo.rect(Box(10, 20, 100, 40), radius)
    assert pts[0] == pts[-1]
    assert area(pts[:-1]) > 0
    assert area(pts[:-1]) == pytest.approx(4000, rel=0.01 if radius else 1e-9)
    xs, ys = zip(*pts)
    assert min(xs) == 10 and max(xs) == 110 and min(ys) == 20 and max(ys) == 60


def test_a_ring_is_the_outline_with_a_hole() -> None:
    outer, inner = geo.ring(Box(0, 0, 100, 50), 0.0, 2.0)
    assert area(outer[:-1]) > 0 > area(inner[:-1])  # the inner one turns the other way: a hole under nonzero
    assert area(outer[:-1]) + area(inner[:-1]) == pytest.approx(
        102 * 52 - 98 * 48, rel=0.01
    )  # 2 pt wide, centred on the edge
    assert len(geo.ring(Box(0, 0, 1, 1), 0.0, 2.0)) == 1  # too thin for a hole


@pytest.mark.parametrize("a, b", [((0, 0), (10, 0)), ((0, 0), (0, 10)), ((10, 10), (0, 0)), ((3, 4), (-5, 2))])
def test_segments_are_rectangles_of_the_stroke_width_with_square_caps(
    a: tuple[float, float], b: tuple[float, float]
) -> None:
    pts = geo.segment(a, b, 2.0)
    assert pts is not None and pts[0] == pts[-1]
    length = math.dist(a, b)
    assert area(pts[:-1]) == pytest.approx(2.0 * (length + 2.0))
    assert area(pts[:-1]) > 0
    assert geo.segment((1, 1), (1, 1), 2.0) is None


def test_dashes_cut_a_polyline() -> None:
    pieces = geo.dashed([(0, 0), (10, 0)], (2.0, 3.0))
    assert [round(p[0][0], 6) for p in pieces] == [0, 5]
    assert [round(p[-1][0], 6) for p in pieces] == [2, 7]
    assert geo.dashed([(0, 0), (10, 0)], ()) == [[(0, 0), (10, 0)]]
    corner = geo.dashed([(0, 0), (4, 0), (4, 4)], (6.0, 1.0))
    assert corner[0] == [(0, 0), (4, 0), (4.0, 2.0)]


def test_polygons_are_separated_by_gaps_and_rounded_to_a_tenth() -> None:
    out = geo.Polygons()
    out.add([(0.04, 0.06), (1.26, 0), (0, 0)])
    out.add([(5, 5), (6, 5), (5, 5)])
    xs, ys = out.coords()
    assert xs == [0.0, 1.3, 0, None, 5, 6, 5, None] and ys[:2] == [0.1, 0]
    assert out.count == 2


def test_bezier_ends_on_its_end_points() -> None:
    pts = geo.bezier(((0, 0), (0, 10), (10, 10), (10, 0)))
    assert pts[0] == (0, 0) and pts[-1] == pytest.approx((10, 0))
    assert max(y for _, y in pts) == pytest.approx(7.5)
