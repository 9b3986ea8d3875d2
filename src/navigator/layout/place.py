"""Geometry: where every part and card goes, from card sizes alone, cached by a hash of them.

Each part (a threat group with its sub-threats) is laid out by `dot` on its own (`parts.py`), then
the packer arranges parts into rows per layer. Both depend only on sizes and tree shapes, so the
whole result is cached under one key as well: a rebuild in which no card changed size (a new
summary, a new link) does no geometry at all.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from ..scene import pt
from ..theme import Theme
from .cache import PartCache
from .measure import PartPlan
from .pack import Item, balanced, choose_width
from .parts import LAYOUT_VERSION, layout_part


@dataclass(frozen=True)
class LayerGeometry:
    height: float  # of the packed parts, without the band's padding
    parts: tuple[tuple[float, float], ...]  # top-left of each part in the layer's content area
    nodes: tuple[tuple[tuple[float, float], ...], ...]  # top-left of each card, relative to its part


@dataclass(frozen=True)
class Geometry:
    content_width: float
    layers: tuple[LayerGeometry, ...]


def _key(layers: list[list[PartPlan]], min_heights: list[float], chrome_h: float, t: Theme) -> str:
    shape = {
        "v": LAYOUT_VERSION,
        "theme": [t.gap_x, t.gap_y, t.aspect, t.header_width, t.band_pad, t.margin, t.rank_sep, t.node_sep],
        "chrome": pt(chrome_h),
        "min": [pt(h) for h in min_heights],
        "layers": [
            [[p.run, [[c.width, c.height] for c in p.cards], [list(e) for e in p.edges]] for p in layer]
            for layer in layers
        ],
    }
    return "geometry:" + hashlib.sha256(json.dumps(shape, separators=(",", ":")).encode()).hexdigest()


def _encode(g: Geometry) -> list[Any]:
    return [
        g.content_width,
        [[lg.height, [list(p) for p in lg.parts], [[list(n) for n in nodes] for nodes in lg.nodes]] for lg in g.layers],
    ]


def _decode(data: list[Any]) -> Geometry:
    width, layers = data
    return Geometry(
        width,
        tuple(
            LayerGeometry(
                h, tuple((x, y) for x, y in parts), tuple(tuple((x, y) for x, y in nodes) for nodes in all_nodes)
            )
            for h, parts, all_nodes in layers
        ),
    )


def place(
    layers: list[list[PartPlan]],
    min_heights: list[float],
    side_w: float,
    chrome_h: float,
    cache: PartCache | None,
    t: Theme,
) -> Geometry:
    """Positions of all parts and cards. `side_w` is the page width beside the rows (margins, headers)."""
    key = _key(layers, min_heights, chrome_h, t)
    if cache is not None:
        hit = cache.get(key)
        if hit is not None:
            return _decode(hit)
    placed = [
        [layout_part(tuple((c.width, c.height) for c in p.cards), p.edges, cache, t) for p in layer] for layer in layers
    ]
    items = [
        [Item(pl.width, pl.height, p.run) for pl, p in zip(layer_placed, layer)]
        for layer_placed, layer in zip(placed, layers)
    ]
    if items:
        width = choose_width(
            items, t.gap_x, t.gap_y, side_w, [2 * t.band_pad] * len(items), min_heights, chrome_h, t.aspect
        )
    else:
        width = 4 * t.card_width
    geometry_layers = []
    for layer_items, layer_placed in zip(items, placed):
        packed = balanced(layer_items, width, t.gap_x, t.gap_y)
        geometry_layers.append(LayerGeometry(packed.height, packed.positions, tuple(pl.nodes for pl in layer_placed)))
    used = max(
        (max((x + i.width for (x, _), i in zip(lg.parts, li)), default=0.0) for lg, li in zip(geometry_layers, items)),
        default=width,
    )
    geometry = Geometry(pt(used), tuple(geometry_layers))
    if cache is not None:
        cache.put(key, _encode(geometry))
    return geometry
