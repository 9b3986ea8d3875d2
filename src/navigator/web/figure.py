"""A Scene's overview as a plotly figure, built as plain dicts: plotly's validating `go.Figure` is far
slower, and nothing here imports plotly (the browser's plotly.js draws the dicts).

Built to stay fast at thousands of cards, so the number of traces does not grow with the catalog:

- rectangles are filled scatter traces, one per fill colour and paint level (never one layout shape
  per rectangle); a rectangle's level is one above the rectangles of another style it overlaps that
  come before it in the Scene, so painting order is kept; outlines and connectors are filled
  polygons too, and areas are drawn as fills alone, much faster to redraw (see `geometry`);
- text is one `mode="text"` trace per font, size, colour and anchor, on the Scene's baselines;
- filters, search and selection never touch those traces: they are drawn by the overlay traces
  of `overlays`, so a filter change only sends the overlays;
- one invisible marker trace carries hover labels and clicks, `customdata` = element id.

Plotly sizes text in pixels, not in data units, so text traces carry their size in points in
`meta.size`; the browser (assets/navigator.js) scales them with the zoom, hides text too small to
read, and draws only what is in view. Every text handed to plotly is escaped: plotly reads tags
such as <b> and <a href> in text.
"""

from __future__ import annotations

import html
import itertools
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from ..roles import CARD_ROLES, ROW_ROLES, TITLE
from ..scene import Box, Element, Scene
from ..text import FONT_FAMILY
from ..theme import THEME
from . import geometry as geo
from .geometry import Coords, r1
from .marks import Index

SUMMARY_LIMIT = 2000  # clickable items above which hover labels carry only the item's name
_CAP_SHIFT = 0.25  # plotly puts a 'middle' text's baseline 0.25 em below its point
_POSITIONS = {"start": "middle right", "middle": "middle center", "end": "middle left"}
_WEIGHTS = {"bold": "bold", "italic": "normal", "regular": "normal"}
_GRID = 200.0  # points per cell of the overlap index

Style = tuple[str, str, float]  # fill, stroke, stroke width


def escape(text: str) -> str:
    """Text as plotly shows it literally: `<`, `>` and `&` escaped, so no tag or entity is read."""
    return html.escape(text, quote=False)


@lru_cache(maxsize=1 << 16)
def hover_text(tooltip: str, width: int = 64, limit: int = 150) -> str:
    """A tooltip as a short hover label: its first line, then at most `limit` characters of the rest
    (the details panel has the full text), wrapped, escaped, lines joined by <br>. Remembered: every
    layout of a catalog (each width the browser asks for) has the same tooltips."""
    first, _, rest = tooltip.partition("\n")
    rest = " ".join(rest.split()) if limit else ""
    if len(rest) > limit:
        rest = rest[:limit].rsplit(" ", 1)[0] + "…"
    lines = [escape(part) for line in (first, rest) if line for part in textwrap.wrap(line, width)]
    return "<br>".join(lines)


class _Levels:
    """Paint levels of rectangles: one above every earlier rectangle of another style it overlaps."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[Box, Style, int]]] = {}

    def _keys(self, b: Box) -> list[tuple[int, int]]:
        return [
            (i, j)
            for i in range(int(b.x // _GRID), int(b.right // _GRID) + 1)
            for j in range(int(b.y // _GRID), int(b.bottom // _GRID) + 1)
        ]

    def place(self, box: Box, style: Style) -> int:
        keys = self._keys(box)
        level = 0
        for key in keys:
            for other, other_style, other_level in self.cells.get(key, ()):
                if other.overlaps(box):
                    level = max(level, other_level + (other_style != style))
        for key in keys:
            self.cells.setdefault(key, []).append((box, style, level))
        return level


def paint_levels(scene: Scene) -> list[tuple[Box, float, Style, int]]:
    """Every drawn rectangle (the page first) with its radius, style and paint level, in Scene order."""
    levels = _Levels()
    page = scene.overview
    paper = Box(0, 0, page.width, page.height)
    out = [(paper, 0.0, (page.background, "", 0.0), levels.place(paper, (page.background, "", 0.0)))]
    for e in page.elements:
        for rect in e.rects:
            if not rect.fill and not (rect.stroke and rect.stroke_width):
                continue
            style = (rect.fill, rect.stroke if rect.stroke_width else "", rect.stroke_width if rect.stroke else 0.0)
            out.append((rect.box, rect.radius, style, levels.place(rect.box, style)))
    return out


def area(
    name: str, colour: str, xs: Coords, ys: Coords, meta: dict[str, Any], opacity: float | None = None
) -> dict[str, Any]:
    trace: dict[str, Any] = {
        "type": "scatter",
        "mode": "none",
        "x": xs,
        "y": ys,
        "fill": "toself",
        "fillcolor": colour,
        "hoverinfo": "skip",
        "showlegend": False,
        "name": name,
        "meta": meta,
    }
    if opacity is not None:
        trace["opacity"] = opacity
    return trace


def _fill_traces(scene: Scene) -> list[dict[str, Any]]:
    """Per paint level and style: a trace for the fills, then one for the outlines on top of them."""
    groups: dict[tuple[int, Style], tuple[geo.Polygons, geo.Polygons]] = {}
    for box, radius, style, level in paint_levels(scene):
        fills, strokes = groups.setdefault((level, style), (geo.Polygons(), geo.Polygons()))
        if style[0]:
            fills.add(geo.rect(box, radius))
        if style[1]:
            for part in geo.ring(box, radius, style[2]):
                strokes.add(part)
    traces = []
    for (level, (fill, stroke, width)), (fills, strokes) in sorted(groups.items(), key=lambda kv: kv[0][0]):
        if fills.count:
            traces.append(area(f"fill {fill} {level}", fill, *fills.coords(), {"level": level}))
        if strokes.count:  # `width` lets the browser skip strokes too thin to see at the zoom
            traces.append(area(f"stroke {stroke} {level}", stroke, *strokes.coords(), {"level": level, "width": width}))
    return traces


def _path_traces(scene: Scene) -> list[dict[str, Any]]:
    groups: dict[tuple[str, float], geo.Polygons] = {}
    for e in scene.overview.elements:
        for p in e.paths:
            points = geo.bezier(p.points) if p.bezier and len(p.points) >= 4 else list(p.points)
            for piece in geo.dashed(points, p.dash):
                for a, b in itertools.pairwise(piece):
                    poly = geo.segment(a, b, p.width)
                    if poly:
                        groups.setdefault((p.colour, p.width), geo.Polygons()).add(poly)
    return [
        area(f"path {colour}", colour, *polys.coords(), {"level": "paths", "width": width})
        for (colour, width), polys in groups.items()
    ]


def _text_traces(scene: Scene) -> list[dict[str, Any]]:
    groups: dict[tuple[str, float, str, str], tuple[Coords, Coords, list[str]]] = {}
    for e in scene.overview.elements:
        for t in e.texts:
            if not t.text.strip():
                continue
            xs, ys, texts = groups.setdefault((t.font, round(t.size, 2), t.colour, t.anchor), ([], [], []))
            xs.append(r1(t.x))
            ys.append(r1(t.y - _CAP_SHIFT * t.size))
            texts.append(escape(t.text))
    return [
        {
            "type": "scatter",
            "mode": "text",
            "x": xs,
            "y": ys,
            "text": texts,
            "textposition": _POSITIONS.get(anchor, "middle right"),
            "textfont": {
                "family": FONT_FAMILY,
                "size": size,
                "color": colour,
                "weight": _WEIGHTS.get(font, "normal"),
                "style": "italic" if font == "italic" else "normal",
            },
            "hoverinfo": "skip",
            "showlegend": False,
            "cliponaxis": False,
            "name": f"text {font} {size:g}",
            "meta": {"size": size},
        }
        for (font, size, colour, anchor), (xs, ys, texts) in groups.items()
    ]


def hover_point(ix: Index, e: Element, half: float = 0.0) -> tuple[float, float]:
    """Where a click finds an element: on its card's vertical centre line, at its own height (a
    card's: its title line). Plotly picks the point nearest the pointer; with every point of a card
    on one vertical line, the nearest is always the row (or title) under the pointer, however wide
    the card, and a card's points are nearer than any neighbouring card's. `half`: half the widest
    card; a card's line is that far left of its right edge, so that a sub-threat stacked beneath its
    group (indented, as wide less the indent, the same right edge) shares its group's line."""
    card = ix.elements.get(e.parent) if e.role in ROW_ROLES else e
    column = card.box if card is not None else e.box
    anchor = ix.elements.get(f"{TITLE}{e.ref}") if e.role not in ROW_ROLES else None
    line = anchor.box if anchor is not None and anchor.parent == e.id else e.box
    x = column.x + column.w / 2
    if half and card is not None and card.role in CARD_ROLES and column.w <= 2 * half:
        x = column.x + column.w - half
    return r1(x), r1(line.y + line.h / 2)


def hover_trace(ix: Index) -> dict[str, Any]:
    """One invisible marker per clickable element: `customdata` is its id, `hovertext` its label."""
    summaries = len(ix.clickable) <= SUMMARY_LIMIT
    xs, ys, ids, texts = [], [], [], []
    half = max((ix.elements[c].box.w for c in ix.cards), default=0.0) / 2
    for element_id in ix.clickable:
        e = ix.elements[element_id]
        title = ix.elements.get(f"{TITLE}{e.ref}")
        tooltip = e.tooltip or (title.tooltip if title is not None and title.parent == e.id else "") or e.ref
        x, y = hover_point(ix, e, half)
        xs.append(x)
        ys.append(y)
        ids.append(element_id)
        texts.append(hover_text(tooltip, limit=150 if summaries else 0))
    return {
        "type": "scatter",
        "mode": "markers",
        "x": xs,
        "y": ys,
        "customdata": ids,
        "hovertext": texts,
        "hoverinfo": "text",
        "marker": {"size": 6, "opacity": 0, "color": THEME.ink},  # invisible: it carries hover labels and clicks
        "showlegend": False,
        "name": "items",
    }


@dataclass(frozen=True)
class Drawing:
    """The parts of a Scene's figure that no filter or selection changes, built once per Scene."""

    key: str
    width: float
    height: float
    background: str
    base: tuple[dict[str, Any], ...]
    hover: dict[str, Any]
    layout: dict[str, Any]
    veils: Mapping[str, tuple[Coords, Coords]]  # element id -> the rectangle that covers it when faded, gap included
    scale: float = 0.0  # CSS px per point when reflowed; 0: the whole navigator, fitted by the browser

    @property
    def overlay_start(self) -> int:
        """Index in `figure["data"]` of the first overlay trace; the hover trace follows the overlays."""
        return len(self.base)


def layout_of(scene: Scene, key: str, scale: float = 0.0) -> dict[str, Any]:
    """The figure's layout. `scale` > 0: reflowed, drawn at that many CSS px per point at a fixed
    size (the page scrolls; no zoom or pan inside the plot); 0: the whole page fitted to the plot
    area, to zoom and pan."""
    page = scene.overview
    fixed = scale > 0
    out = {
        "xaxis": {
            "range": [0, page.width],
            "visible": False,
            "showgrid": False,
            "zeroline": False,
            "fixedrange": fixed,
        },
        "yaxis": {
            "range": [page.height, 0],
            "visible": False,
            "showgrid": False,
            "zeroline": False,
            "scaleanchor": "x",
            "scaleratio": 1,
            "fixedrange": fixed,
        },
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0, "pad": 0},
        "paper_bgcolor": THEME.paper,
        "plot_bgcolor": THEME.paper,
        "showlegend": False,
        "hovermode": "closest",
        "hoverdistance": 80,
        "dragmode": False if fixed else "pan",
        "uirevision": key,
        "font": {"family": f"{FONT_FAMILY}, sans-serif", "color": THEME.ink},
        "hoverlabel": {
            "bgcolor": THEME.hover_fill,
            "bordercolor": THEME.ink,
            "align": "left",
            "font": {"family": f"{FONT_FAMILY}, sans-serif", "size": 13, "color": THEME.ink},
        },
        "meta": {"key": key, "width": page.width, "height": page.height, "k": scale},
        "autosize": not fixed,
    }
    if fixed:
        out["width"] = round(page.width * scale)
        out["height"] = round(page.height * scale)
    return out


def drawing(scene: Scene, ix: Index, key: str, scale: float = 0.0) -> Drawing:
    base = (*_fill_traces(scene), *_path_traces(scene), *_text_traces(scene))
    veils = {i: geo.gapped([geo.rect(b)]) for i, b in ix.veil_box.items()}
    page = scene.overview
    return Drawing(
        key,
        page.width,
        page.height,
        page.background,
        tuple(base),
        hover_trace(ix),
        layout_of(scene, key, scale),
        MappingProxyType(veils),
        scale,
    )


def figure(d: Drawing, overlay_traces: list[dict[str, Any]]) -> dict[str, Any]:
    """The whole figure: the drawing, then the overlays (`overlays.overlays`), then the hover trace."""
    return {"data": [*d.base, *overlay_traces, d.hover], "layout": d.layout}
