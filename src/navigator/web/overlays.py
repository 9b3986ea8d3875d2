"""The overlay traces of a figure: what a filter fades, a search marks and a selection lights up.

They are drawn over the Scene's own traces (`figure.Drawing`), which never change with a filter, so a
filter change sends only these (a Dash `Patch`): a veil in the background colour over what a filter
leaves out, a light veil over what a search keeps only as context, a lighter veil over what a
selection does not involve, a highlighter tint on related rows, an outline on what the search
matched, outlines on related cards with a bar beside related rows, and a thick outline on the
selected item. Outlines of rows are drawn inside the row and outlines of cards outside the card, so
no outline ever covers a neighbour's text.
"""

from __future__ import annotations

from typing import Any

from ..roles import ROW_ROLES
from ..scene import Box
from ..theme import THEME
from . import geometry as geo
from .figure import Drawing, area
from .geometry import Coords
from .marks import NO_FOCUS, NO_MATCHES, Focus, Index, Matches, veil_ids

FILTER_VEIL_OPACITY = 0.8  # what a filter leaves out keeps a fifth of its contrast
CONTEXT_VEIL_OPACITY = 0.35  # what a search keeps only for context: plainly readable, plainly second
DIM_VEIL_OPACITY = 0.55  # what a selection does not involve stays readable
PRIMARY = {"colour": THEME.selected, "width": 4.0}  # the selected item: a thick outline, not only a colour
RELATED = {"colour": THEME.related, "width": 2.5}  # related cards: an outline; related rows: a bar at their left
MATCH = {"colour": THEME.filters_ink, "width": 3.0}  # what the search matched
ROW_RING = 1.3  # points: the width of an outline drawn inside a row (its text keeps 2 pt or more clear)
CARD_RING = (0.8, 2.8)  # points outside a card where a reflowed card's outline lies (cards are 9 pt apart)
TINT_OPACITY = 0.45  # related rows, tinted in the theme's highlight colour like a highlighter
OVERLAYS = (
    "filter-veil",
    "context-veil",
    "focus-veil",
    "related-tint",
    "search-hit",
    "related-outline",
    "primary-outline",
)
IDS_IN_META = 2000  # beyond this many, overlays carry only a count (each id costs ~25 bytes per change)


def _ids_meta(ids: list[str]) -> dict[str, Any]:
    """Which elements an overlay covers, for tests and scripts; only a count for large catalogs."""
    return {"ids": ids} if len(ids) <= IDS_IN_META else {"count": len(ids)}


def _veil(d: Drawing, name: str, opacity: float, ids: list[str]) -> dict[str, Any]:
    """Rectangles in the background colour over `ids` (precomputed: a filter costs a concatenation)."""
    veils = d.veils
    xs: Coords = [x for i in ids for x in veils[i][0]]
    ys: Coords = [y for i in ids for y in veils[i][1]]
    return area(name, d.background, xs, ys, _ids_meta(ids), opacity)


def _lines(name: str, style: dict[str, Any], xs: Coords, ys: Coords, ids: list[str]) -> dict[str, Any]:
    """Outlines as lines of a fixed pixel width, so they show at every zoom of the whole navigator."""
    return {
        "type": "scatter",
        "mode": "lines",
        "x": xs,
        "y": ys,
        "line": {"color": style["colour"], "width": style["width"]},
        "hoverinfo": "skip",
        "showlegend": False,
        "name": name,
        "meta": _ids_meta(ids),
    }


def _inset(box: Box, width: float) -> list[list[geo.Point]]:
    """A ring just inside a box (a row's outline: its neighbours are flush against it)."""
    return geo.ring(geo.grown(box, -width / 2 - 0.2), 0.0, width)


def outline(
    d: Drawing,
    ix: Index,
    name: str,
    style: dict[str, Any],
    ids: list[str],
    bars: list[Box] = (),  # type: ignore[assignment]
) -> dict[str, Any]:
    """An outline trace. Rows are outlined inside their box; cards outside theirs: reflowed (a fixed
    scale), as a ring in points in the gap around the card; in the whole navigator, as lines of a
    fixed pixel width just outside it. `bars`: rows with a bar beside them, in the card's padding."""
    rows = [ix.elements[i].box for i in ids if ix.elements[i].role in ROW_ROLES]
    cards = [ix.elements[i].box for i in ids if ix.elements[i].role not in ROW_ROLES]
    rings = geo.Polygons()
    for box in rows:
        for part in _inset(box, ROW_RING):
            rings.add(part)
    for b in bars:  # in the card's padding, left of the row
        rings.add(geo.rect(Box(b.x - 3.2, b.y + 0.6, 2.2, b.h - 1.2)))
    if d.scale > 0:
        inner, outer = CARD_RING
        for box in cards:
            for part in geo.ring(geo.grown(box, (inner + outer) / 2), 3.5, outer - inner):
                rings.add(part)
        return area(name, style["colour"], *rings.coords(), _ids_meta(ids))
    xs, ys = geo.gapped(geo.rect(geo.grown(b, 1.5)) for b in cards)
    if rings.count:  # rows and bars: areas inside the line trace, as polygons closed by a gap
        rx, ry = rings.coords()
        xs, ys = [*xs, *rx], [*ys, *ry]
    trace = _lines(name, style, xs, ys, ids)
    if rings.count:
        trace.update(fill="toself", fillcolor=style["colour"])
        trace["line"] = {"color": style["colour"], "width": style["width"] if cards else 0}
    return trace


def _in_order(ix: Index, ids: frozenset[str]) -> list[str]:
    return sorted(ids & ix.position.keys(), key=ix.position.__getitem__)


def overlays(
    d: Drawing,
    ix: Index,
    faded: frozenset[str] = frozenset(),
    focus: Focus = NO_FOCUS,
    matches: Matches = NO_MATCHES,
) -> list[dict[str, Any]]:
    """The overlay traces, in `OVERLAYS` order, for what a filter, a search and a selection mark.

    What a filter leaves out stays faded even when a selection involves it (the outline still
    shows on top, and the details panel says it is outside the filter).
    """
    related = _in_order(ix, focus.related - focus.primary)
    rows = [i for i in related if ix.elements[i].role in ROW_ROLES]
    cards = [i for i in related if ix.elements[i].role not in ROW_ROLES]
    tint = geo.Polygons()
    for i in rows:
        tint.add(geo.rect(ix.elements[i].box))
    primary = _in_order(ix, focus.primary)
    hits = _in_order(ix, matches.hits - faded)
    return [
        _veil(d, OVERLAYS[0], FILTER_VEIL_OPACITY, veil_ids(ix, faded)),
        _veil(d, OVERLAYS[1], CONTEXT_VEIL_OPACITY, veil_ids(ix, matches.context, skip=faded)),
        _veil(d, OVERLAYS[2], DIM_VEIL_OPACITY, veil_ids(ix, focus.dimmed - focus.primary - focus.related, skip=faded)),
        area(OVERLAYS[3], THEME.highlight, *tint.coords(), _ids_meta(rows), TINT_OPACITY),
        outline(d, ix, OVERLAYS[4], MATCH, hits),
        outline(d, ix, OVERLAYS[5], RELATED, cards, [ix.elements[i].box for i in rows]),
        outline(d, ix, OVERLAYS[6], PRIMARY, primary),
    ]
