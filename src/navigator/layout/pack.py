"""Pack laid-out parts into rows within each layer, and choose the common row width.

Parts that hit the same impact form a run; a run starts a new row rather than break, when it fits a
row of its own. The width is the one (among the natural break points) that brings the whole page
closest to the theme's aspect ratio.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..scene import pt


@dataclass(frozen=True)
class Item:
    width: float
    height: float
    run: str  # items with the same run key are kept together where possible


@dataclass(frozen=True)
class Packed:
    positions: tuple[tuple[float, float], ...]  # top-left of each item, relative to the layer's content area
    width: float
    height: float


def pack(items: list[Item], max_width: float, gap_x: float, gap_y: float) -> Packed:
    positions: list[tuple[float, float]] = []
    x = y = row_h = used_w = 0.0
    i = 0
    while i < len(items):
        item = items[i]
        starts_run = i == 0 or items[i - 1].run != item.run
        if starts_run and x > 0:
            j = i
            run_w = -gap_x
            while j < len(items) and items[j].run == item.run:
                run_w += items[j].width + gap_x
                j += 1
            if x + run_w > max_width and run_w <= max_width:
                x, y, row_h = 0.0, y + row_h + gap_y, 0.0
        if x > 0 and x + item.width > max_width:
            x, y, row_h = 0.0, y + row_h + gap_y, 0.0
        positions.append((pt(x), pt(y)))
        used_w = max(used_w, x + item.width)
        row_h = max(row_h, item.height)
        x += item.width + gap_x
        i += 1
    return Packed(tuple(positions), pt(used_w), pt(y + row_h))


def balanced(items: list[Item], max_width: float, gap_x: float, gap_y: float) -> Packed:
    """Pack at the narrowest width that needs no more rows than `max_width` does, so rows even out
    (eight cards fill two rows of four rather than seven and one)."""
    best = pack(items, max_width, gap_x, gap_y)
    rows = len({y for _, y in best.positions})
    for width in candidate_widths([items], gap_x):
        if width >= max_width:
            break
        trial = pack(items, width, gap_x, gap_y)
        if len({y for _, y in trial.positions}) == rows and trial.height <= best.height:
            return trial
    return best


def candidate_widths(layers: list[list[Item]], gap_x: float, limit: int = 80) -> list[float]:
    """Row widths worth trying: the widest item, and every width at which some row would break."""
    widest = max((i.width for layer in layers for i in layer), default=0.0)
    found = {widest}
    for layer in layers:
        x = -gap_x
        for item in layer:
            x += item.width + gap_x
            if x >= widest:
                found.add(pt(x))
    ordered = sorted(found)
    if len(ordered) > limit:
        step = (len(ordered) - 1) / (limit - 1)
        ordered = sorted({ordered[round(k * step)] for k in range(limit)})
    return ordered


def choose_width(
    layers: list[list[Item]],
    gap_x: float,
    gap_y: float,
    extra_w: float,
    layer_extra_h: list[float],
    min_layer_h: list[float],
    fixed_h: float,
    aspect: float,
) -> float:
    """The row width whose page (plus `extra_w` beside and `fixed_h` above and below) is closest to `aspect`."""
    best, best_score = 0.0, math.inf
    for width in candidate_widths(layers, gap_x):
        height = fixed_h
        used = 0.0
        for layer, extra, least in zip(layers, layer_extra_h, min_layer_h):
            packed = pack(layer, width, gap_x, gap_y)
            height += max(packed.height + extra, least)
            used = max(used, packed.width)
        score = abs(math.log((used + extra_w) / height / aspect)) if height > 0 else math.inf
        if score < best_score - 1e-9:
            best, best_score = width, score
    return best
