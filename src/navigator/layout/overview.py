"""Page 1, the overview: what surrounds the columns (for the packer), and the chosen arrangement drawn.

Everything is drawn in design units (the theme's sizes) with the content's top left at the origin,
then scaled and moved onto the page (`typeset.transformed`), so the Scene holds the sizes the page
shows. The page reads as the hand-made navigator does: a title row, one band per layer (a narrow
header column, then the cards in columns), the legend above the layers or beside the first when that
layer leaves room, and a one-line footer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..catalog.model import Catalog, Section
from ..roles import Role
from ..scene import Box, Element
from ..theme import Theme
from .annotated import Extras
from .arrange import Arrangement, Frame, Option
from .bands import footer, section_header, section_header_height
from .cards import CardDrawer, baseline, text
from .chrome import LegendHeight, legend
from .measure import PartPlan
from .pack import Block
from .place import card_boxes, connectors
from .strip import section_strip, strip_height
from .title import title_block
from .typeset import transformed_all

STEP = 8.0  # design points: chrome is measured at widths rounded down to a multiple


def _memo(f: Callable[[float], float]) -> Callable[[float], float]:
    """`f` of the width rounded down to a multiple of STEP, remembered. Chrome (title, legend,
    footer) wraps greedily, so it is never taller at a larger width: the packer's estimate is an
    upper bound of what is drawn, and the search measures it once per STEP of width."""
    seen: dict[float, float] = {}

    def g(w: float) -> float:
        key = max(w // STEP * STEP, STEP)
        found = seen.get(key)
        if found is None:
            found = seen[key] = f(key)
        return found

    return g


def overview_frame(
    catalog: Catalog,
    filters: str,
    sections: list[Section],
    t: Theme,
    links: bool,
    strip_width: float = 0.0,
    note: str = "",
    extras: Extras | None = None,
) -> Frame:
    """The chrome's heights as functions of the content's width, for the packer. `strip_width`: the
    width of one column of cards, when each layer's header is a strip above them (0: beside)."""

    line = extras.title_line() if extras is not None else ""

    def top(w: float) -> float:
        h = title_block(catalog, filters, 0.0, 0.0, w, t, line)[1] + t.chrome_gap
        return h + extras.height(w) + t.chrome_gap if extras is not None else h

    def bottom(w: float) -> float:
        return t.chrome_gap + footer(catalog, 0.0, 0.0, w, t)[1]

    if strip_width and sections:
        strip = strip_height(sections, strip_width + 2 * t.band_pad, t)
        extra = 2 * t.band_pad + strip
        return Frame(
            side=2 * t.band_pad,
            band_extra=extra,
            min_band=tuple(extra for _ in sections),
            top=_memo(top),
            bottom=_memo(bottom),
            legend=_memo(LegendHeight(catalog, t, note)),
            between=t.band_gap,
            legend_gap=t.chrome_gap,
            strip=strip,
        )
    return Frame(
        side=t.header_width + 2 * t.band_pad,
        band_extra=2 * t.band_pad,
        min_band=tuple(section_header_height(s, t, links) for s in sections),
        top=_memo(top),
        bottom=_memo(bottom),
        legend=_memo(LegendHeight(catalog, t, note)),
        between=t.band_gap,
        legend_gap=t.chrome_gap,
    )


@dataclass(frozen=True)
class Placement:
    """Where the design-unit drawing goes on the page: `scale`, then moved by (dx, dy); the design
    area available (`width`, `height`) for the content."""

    scale: float
    dx: float
    dy: float
    width: float
    height: float


def draw_overview(
    catalog: Catalog,
    filters: str,
    layers: list[tuple[Section, list[PartPlan]]],
    option: Option,
    arrangement: Arrangement,
    frame: Frame,
    placement: Placement,
    t: Theme,
    links: dict[str, tuple[str, str]],
    note: str = "",
    extras: Extras | None = None,
) -> list[Element]:
    """Every element of the overview, on the page. `links`: per section id, the label and destination
    of its own pages."""
    k, m = arrangement.columns, arrangement.legend_columns
    w = option.width
    natural = arrangement.content_width
    spare = max(placement.width - natural, 0.0)
    gutter = t.gap_x + (min(spare / (k - 1), 2 * t.gap_x) if k > 1 else 0.0)
    cw = natural + (gutter - t.gap_x) * (k - 1)
    ox = (placement.width - cw) / 2 if placement.width > cw else 0.0
    xs = [c * (w + gutter) for c in range(k)]
    out: list[Element] = []
    head, y = title_block(catalog, filters, ox, 0.0, cw, t, extras.title_line() if extras is not None else "")
    out += head
    y += t.chrome_gap
    if extras is not None:
        block, y = extras.block(ox, y, cw)
        out += block
        y += t.chrome_gap
    if not layers:
        out.append(_empty(ox, y, cw, t))
        y += 40
    if m == 0 and layers:
        leg, y = legend(catalog, ox, y, cw, t, note=note)
        out += leg
        y += t.chrome_gap
    drawer = CardDrawer(catalog, t)
    for i, ((section, parts), blocks, flowed, band_h) in enumerate(
        zip(layers, option.layers, arrangement.flows, arrangement.band_heights)
    ):
        band_w = cw
        if i == 0 and m:
            band_w = t.header_width + 2 * t.band_pad + (k - m) * w + (k - m - 1) * gutter
            leg, _ = legend(catalog, ox + band_w + t.band_gap, y, cw - band_w - t.band_gap, t, band_h, note)
            out += leg
        fill = t.band_fills[i % len(t.band_fills)]
        if frame.strip:
            out += section_strip(section, ox, y, band_w, band_h, frame.strip, fill, t)
            out += _cards(
                drawer, parts, blocks, flowed, xs, ox + t.band_pad, y + frame.strip + t.band_pad, option.mode, t, extras
            )
        else:
            out += section_header(section, ox, y, band_w, band_h, fill, t, links.get(section.id))
            out += _cards(
                drawer,
                parts,
                blocks,
                flowed,
                xs,
                ox + t.header_width + t.band_pad,
                y + t.band_pad,
                option.mode,
                t,
                extras,
            )
        y += band_h + t.band_gap
    y += t.chrome_gap - t.band_gap
    foot_h = footer(catalog, 0.0, 0.0, cw, t)[1]
    y = max(y, placement.height - foot_h)  # the footer at the foot of the page
    foot, _ = footer(catalog, ox, y, cw, t)
    out += foot
    s = placement.scale
    return transformed_all(out, placement.dx, placement.dy, s)


def _cards(
    drawer: CardDrawer,
    parts: list[PartPlan],
    blocks: tuple[Block, ...],
    flowed: object,
    xs: list[float],
    x0: float,
    y0: float,
    mode: str,
    t: Theme,
    extras: Extras | None = None,
) -> list[Element]:
    from .pack import Flowed

    assert isinstance(flowed, Flowed)
    boxes = card_boxes(parts, blocks, flowed, xs, x0, y0)
    lines: list[Element] = []
    cards: list[Element] = []
    for part, part_boxes in zip(parts, boxes):
        lines += connectors(part, part_boxes, mode, t)
        for card, box in zip(part.cards, part_boxes):
            cards += drawer.draw(card, box.x, box.y) if extras is None else extras.card(drawer, card, box.x, box.y)
    if extras is not None:
        cards += extras.decorate(cards)
    return lines + cards


def _empty(x: float, y: float, w: float, t: Theme) -> Element:
    return Element(
        id="empty",
        role=Role.EMPTY,
        box=Box(x, y, w, 30),
        texts=(
            text(x, baseline(y, 30, 12, "bold"), "Nothing in the catalog matches this filter.", "bold", 12, t.muted),
        ),
    )
