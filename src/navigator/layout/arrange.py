"""The arrangement that gives a target the largest text: a search over the packer's discrete knobs.

The knobs: card width and family orientation (each an `Option`, measured and made into blocks by
`place.py`), the number of columns, and the legend above the layers or beside the first. `search`
keeps the arrangement with the largest scale that fits the target's page (`Fit`), or for a page of
open height, the shortest that keeps the smallest text and fills the width. It is branch and bound:
a cheap upper bound of every arrangement's score (each layer no shorter than its tallest block or
its area over its columns), then exact flows (`pack.column_flow`) in order of that bound until no
remaining bound can beat the best found. Every choice is deterministic.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from ..scene import pt
from .pack import INF, Block, Flowed, column_flow


@dataclass(frozen=True)
class Option:
    """One card width and family orientation: each layer's blocks measured for it."""

    width: float
    mode: str  # "beneath" or "beside"
    layers: tuple[tuple[Block, ...], ...]

    @cached_property
    def sizes(self) -> list[tuple[float, int, float]]:
        """Per layer: the blocks' area (heights times spans), their number and the tallest, which
        the search's bounds read for every arrangement."""
        return [
            (sum(b.height * b.span for b in layer), len(layer), max((b.height for b in layer), default=0.0))
            for layer in self.layers
        ]


@dataclass(frozen=True)
class Frame:
    """What surrounds the columns, in design units, as functions of the content's width.

    `side`: width beside the columns (header column, band padding); `band_extra`: height a band adds
    to its columns; `min_band`: each layer's least band height (its header); `top(w)`, `bottom(w)`:
    chrome above and below the layers (title, footer; the legend when above); `legend(w)`: the
    legend's height at width w, None when the frame has no legend; `between`: between bands;
    `strip`: see below (a frame with strips has the legend above, never beside the first layer)."""

    side: float
    band_extra: float
    min_band: tuple[float, ...]
    top: Callable[[float], float]
    bottom: Callable[[float], float]
    legend: Callable[[float], float] | None
    between: float
    legend_gap: float = 10.0
    strip: float = 0.0  # each layer's header as a strip this tall above its cards (0: a column beside them)


@dataclass(frozen=True)
class Fit:
    """The page to fill, in design units per unit of scale: `width`, `height` of the page's content
    area (None: open), `max_scale`, and for a page with neither side, the `aspect` of a poster."""

    width: float | None
    height: float | None
    max_scale: float = INF
    aspect: float = 1.414
    min_scale: float = 0.0  # for an open height: the scale the text must keep
    shortest: bool = False  # among arrangements that reach max_scale, the shortest (else the largest)


@dataclass(frozen=True)
class Arrangement:
    option: int  # index into the options
    columns: int
    legend_columns: int  # 0: the legend above the layers; else beside the first layer, in these columns
    flows: tuple[Flowed, ...]  # per layer (the first in columns - legend_columns)
    content_width: float
    content_height: float
    band_heights: tuple[float, ...]
    legend_height: float
    scale: float


def content_width(option: Option, k: int, gap_x: float, side: float) -> float:
    return side + k * option.width + (k - 1) * gap_x


HOPELESS = 0.8  # no arrangement can reach this share of the legible scale: see `search`
HOPELESS_TRIES = 12  # arrangements flowed then
FlowMemo = dict[tuple[int, int, int], "Flowed | None"]  # (option, layer, columns) -> flow


def search(
    options: Sequence[Option],
    frame: Frame,
    fit: Fit,
    gap_x: float,
    part_gap: float,
    family_gap: float,
    max_columns: int = 400,
    memo: FlowMemo | None = None,
    good_enough: float = 0.0,
    floor: float = -INF,
) -> Arrangement | None:
    """The arrangement with the largest scale on `fit` (for an open height: the shortest page whose
    text keeps `fit.min_scale`, filling the width). Ties keep the earlier option, fewer columns,
    the legend above.

    When even the bound of the best arrangement is far below `good_enough` (a fixed page that cannot
    come near legible, so its layers get pages of their own: a large catalog), only the few
    arrangements of the highest bounds are flowed: the best of those is page 1, and the search
    stays fast however large the catalog."""
    legend_choices = _legend_choices(frame)
    memo = {} if memo is None else memo
    bounds: list[tuple[float, int, int, int, int]] = []  # (-estimate, order, option, k, m)
    best: Arrangement | None = None
    best_score = -INF

    def consider(o: int, k: int, m: int) -> None:
        nonlocal best, best_score
        arrangement = exact(options[o], o, k, m, frame, fit, gap_x, part_gap, family_gap, memo, best_score)
        if arrangement is not None:
            score = _score(fit, arrangement.content_width, arrangement.content_height)
            if score > best_score + 1e-9:
                best, best_score = arrangement, score

    for o, option in enumerate(options):
        totals = _totals(option, family_gap)
        widest_span = max((b.span for layer in option.layers for b in layer), default=1)
        most = max((len(layer) for layer in option.layers), default=1)
        mine: list[tuple[float, int, int, int, int]] = []
        for k in range(max(1, widest_span), min(max_columns, max(most, widest_span)) + 1):
            cw = content_width(option, k, gap_x, frame.side)
            if _width_bound(fit, cw) <= best_score:
                break  # more columns only make the page wider: none can beat what was found
            if k > max(1, widest_span) and _too_narrow(fit, cw):
                break  # its text under the least size, and more columns only make it smaller
            for m in legend_choices:
                if m and k - m < widest_span:
                    continue
                heights = [
                    max(
                        max(tallest, area / (k - (m if i == 0 else 0)) - family_gap) + frame.band_extra,
                        frame.min_band[i],
                    )
                    for i, (area, tallest) in enumerate(totals)
                ]
                legend_h = frame.legend(_legend_width(option, m, gap_x)) if m and frame.legend else 0.0
                if heights:
                    heights[0] = max(heights[0], legend_h)
                ch = _height(frame, cw, heights, m)
                mine.append((-_score(fit, cw, ch), len(bounds) + len(mine), o, k, m))
        if mine and -min(mine)[0] >= floor:  # its most promising arrangement, flowed now: a floor for the rest
            _, _, _, k, m = min(mine)
            consider(o, k, m)
        bounds += mine
    bounds.sort()
    if bounds and -bounds[0][0] < floor:
        return None  # no arrangement can reach `floor`: the caller does without
    hopeless = bool(bounds) and -bounds[0][0] < good_enough * HOPELESS
    for tried, (neg, _, o, k, m) in enumerate(bounds):
        if best is not None and (-neg <= best_score + 1e-9 or (hopeless and tried >= HOPELESS_TRIES)):
            break
        consider(o, k, m)
    if best is None:  # nothing fits at all (cannot happen with one column and no limit)
        raise ValueError("no arrangement")
    return best


def _legend_choices(frame: Frame) -> tuple[int, ...]:
    if frame.legend is None or not frame.min_band or frame.strip:
        return (0,)
    return (0, 2, 3, 4)


def _legend_width(option: Option, m: int, gap_x: float) -> float:
    return m * option.width + (m - 1) * gap_x


def _height(frame: Frame, cw: float, band_heights: Sequence[float], m: int) -> float:
    h = frame.top(cw) + frame.bottom(cw) + sum(band_heights) + frame.between * max(len(band_heights) - 1, 0)
    if frame.legend is not None and not m:
        h += frame.legend(cw) + frame.legend_gap
    return h


def _score(fit: Fit, cw: float, ch: float) -> float:
    """Larger is better: the scale, capped; for an open height, minus the page's height."""
    if fit.width is None and fit.height is None:
        return min(fit.aspect / cw, 1.0 / ch)  # the largest box of the poster's aspect
    if fit.height is None:
        assert fit.width is not None
        s = min(fit.width / cw, fit.max_scale)
        if s < fit.min_scale - 1e-9:
            return -1e12 + s  # too narrow for legible text: only if nothing else fits
        return -ch * s
    assert fit.width is not None
    tie = fit.height / ch if fit.shortest else min(fit.width / cw, fit.height / ch)
    return min(fit.width / cw, fit.height / ch, fit.max_scale) + 1e-7 * tie


def _too_narrow(fit: Fit, cw: float) -> bool:
    """For an open height, whether content `cw` wide is drawn under `fit.min_scale`: `_score` puts
    it below every arrangement that keeps the scale, and below the same option's fewer columns."""
    return fit.height is None and fit.width is not None and fit.width / cw < fit.min_scale - 1e-9


def _width_bound(fit: Fit, cw: float) -> float:
    """What the score can reach at most with this content width, whatever the height."""
    if fit.width is None and fit.height is None:
        return fit.aspect / cw
    if fit.height is None:
        return INF  # an open height's score is not bounded by the width
    assert fit.width is not None
    tie = fit.height if fit.shortest else fit.width / cw  # the tie-break's most (a content at least 1 tall)
    return min(fit.width / cw, fit.max_scale) + 1e-7 * tie


def scale_of(fit: Fit, cw: float, ch: float) -> float:
    if fit.width is None and fit.height is None:
        return 1.0
    if fit.height is None:
        assert fit.width is not None
        return min(fit.width / cw, fit.max_scale)
    assert fit.width is not None
    return min(fit.width / cw, fit.height / ch, fit.max_scale)


def exact(
    option: Option,
    o: int,
    k: int,
    m: int,
    frame: Frame,
    fit: Fit,
    gap_x: float,
    part_gap: float,
    family_gap: float,
    memo: FlowMemo | None = None,
    cutoff: float = -INF,
) -> Arrangement | None:
    """The arrangement flowed, or None if it cannot be (a block wider than its columns) or, given a
    `cutoff`, as soon as it cannot score above it: layers are flowed largest first, the rest
    estimated, so most losing arrangements are given up after a layer or two."""
    memo = {} if memo is None else memo
    n = len(option.layers)
    cols = [k - (m if i == 0 else 0) for i in range(n)]
    estimates = [
        max(max(tallest, area / cols[i] - family_gap) + frame.band_extra, frame.min_band[i])
        for i, (area, tallest) in enumerate(_totals(option, family_gap))
    ]
    legend_h = frame.legend(_legend_width(option, m, gap_x)) if m and frame.legend else 0.0
    cw = content_width(option, k, gap_x, frame.side)
    found: list[Flowed | None] = [None] * n
    for i in sorted(range(n), key=lambda i: (-estimates[i], i)):
        key = (o, i, cols[i])
        if key in memo:
            f = memo[key]
        else:
            f = memo[key] = column_flow(option.layers[i], cols[i], part_gap, family_gap)
        if f is None:
            return None
        found[i] = f
        estimates[i] = max(f.height + frame.band_extra, frame.min_band[i])
        if cutoff > -INF:
            bound = list(estimates)
            bound[0] = max(bound[0], legend_h)
            if _score(fit, cw, _height(frame, cw, bound, m)) <= cutoff + 1e-9:
                return None
    flows = [f for f in found if f is not None]
    heights = [max(f.height + frame.band_extra, least) for f, least in zip(flows, frame.min_band)]
    if heights:
        heights[0] = max(heights[0], legend_h)
    ch = _height(frame, cw, heights, m)
    return Arrangement(
        o, k, m, tuple(flows), pt(cw), pt(ch), tuple(pt(h) for h in heights), pt(legend_h), scale_of(fit, cw, ch)
    )


def _totals(option: Option, family_gap: float) -> list[tuple[float, float]]:
    """Each layer's area (block heights times spans, plus a gap each) and its tallest block."""
    return [(area + family_gap * count, tallest) for area, count, tallest in option.sizes]
