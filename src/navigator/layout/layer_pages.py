"""A layer's own pages: when page 1 cannot show everything at the target's text size (A4, Letter, a
slide), each layer follows on pages of the same size at that size or more.

A layer that fits one page gets one, packed for the largest text. One that does not is split in
reading order: each page takes as many whole parts (a card, or a group with its sub-threats) as fit
in its columns at the required scale, and a part too large for a page is split between its cards;
the pages of a layer share one card width, column count and scale, so its cards look alike from
page to page, and are titled "2 Input threats (1/3)". Each page links back to the overview; the
layer's band on the overview links to its first page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..catalog.model import Catalog, Section
from ..links import safe_url
from ..roles import CARD, LAYER, OVERVIEW, PageKind, Role
from ..scene import Anchor, Box, Element, Page
from ..text import clean, wrap
from ..theme import Theme
from .annotated import Extras
from .arrange import Fit, Frame, Option, content_width, search
from .cards import CardDrawer, baseline, text, tooltip
from .measure import PartPlan
from .pack import Flowed, column_flow, fill_pages
from .place import card_boxes, connectors
from .typeset import line, transformed, transformed_all

HEAD_SIZE, HEAD_LEAD = 13.0, 17.0  # the page's heading, design units
SUMMARY_SIZE, SUMMARY_LEAD = 7.2, 9.4
NAV_SIZE, NAV_LEAD = 7.0, 10.0  # the back link and page label above the heading


def _foot_height(t: Theme) -> float:
    """The page's foot line and the space above it."""
    return 8 + t.footer_size * 1.45


@dataclass(frozen=True)
class LayerPlan:
    """How one layer is paged: the option (card width, family orientation) and columns every page
    uses, the page size, the scale, and each page's block range and flow."""

    section: Section
    option: int
    columns: int
    sheet: tuple[float, float]
    scale: float
    pages: tuple[tuple[int, int, Flowed], ...]  # (first block, end block, flow) per page


def _head_height(section: Section, width: float, first: bool) -> float:
    h = NAV_LEAD + 4 + HEAD_LEAD * len(_heading_lines(section, width, "(1/2)"))
    if first and section.summary:
        h += SUMMARY_LEAD * len(wrap(section.summary, "regular", SUMMARY_SIZE, width, 2)[0]) + 2
    return h + 8


def _heading_lines(section: Section, width: float, count: str) -> tuple[str, ...]:
    return wrap(f"{clean(section.label)} {count}".strip(), "bold", HEAD_SIZE, width, 2)[0]


def _frame(section: Section, t: Theme) -> Frame:
    return Frame(
        side=0.0,
        band_extra=0.0,
        min_band=(0.0,),
        top=lambda w: _head_height(section, w, True),
        bottom=lambda w: _foot_height(t),
        legend=None,
        between=0.0,
    )


def plan_layer(
    section: Section,
    index: int,
    options: Sequence[Option],
    sheets: Sequence[tuple[float, float]],
    margin: float,
    required: float,
    max_scale: float,
    t: Theme,
) -> LayerPlan:
    """The fewest pages at `required` scale or more (then the largest scale), over every option and
    page orientation; deterministic."""
    best: tuple[tuple[float, float], LayerPlan] | None = None
    # the cards' least area at `required` scale: a page with less room cannot hold the layer (no search)
    least = min(sum(b.height * b.span * o.width for b in o.layers[index]) for o in options) * required**2
    for sheet in sheets:
        aw, ah = sheet[0] - 2 * margin, sheet[1] - 2 * margin
        frame = _frame(section, t)
        layer_options = [Option(o.width, o.mode, (o.layers[index],)) for o in options]
        one = None
        if least <= aw * ah:
            one = search(
                layer_options, frame, Fit(aw, ah, max_scale), t.gap_x, t.gap_y, t.family_gap, good_enough=required
            )
            assert one is not None  # without a floor, there is always one
        if one is not None and one.scale >= required - 1e-9:
            n = len(options[one.option].layers[index])
            plan = rebuild_layer(
                section, index, one.option, options[one.option], one.columns, sheet, ((0, n),), margin, max_scale, t
            )
        else:
            plan = _split(section, index, options, sheet, aw, ah, required, max_scale, margin, t)
        assert plan is not None
        key = (float(len(plan.pages)), -plan.scale)
        if best is None or key < best[0]:
            best = (key, plan)
    assert best is not None
    return best[1]


def plan_layers(
    sections: Sequence[Section],
    options: Sequence[Option],
    sheets: Sequence[tuple[float, float]],
    margin: float,
    required: float,
    max_scale: float,
    t: Theme,
) -> tuple[list[LayerPlan], float]:
    """Every layer's pages, all at one scale (a card is the same size on every layer page): the
    largest that every layer reaches, at least `required` wherever a page can hold its blocks. A
    layer that fits one page takes, at that scale, the arrangement of the most columns (the
    shortest), so it spreads across the page as the split ones do."""
    first = [plan_layer(s, i, options, sheets, margin, required, max_scale, t) for i, s in enumerate(sections)]
    common = min((p.scale for p in first), default=max_scale)
    plans = []
    for i, (section, plan) in enumerate(zip(sections, first)):
        if len(plan.pages) == 1:
            sw, sh = plan.sheet
            layer_options = [Option(o.width, o.mode, (o.layers[i],)) for o in options]
            fit = Fit(sw - 2 * margin, sh - 2 * margin, common, shortest=True)
            one = search(layer_options, _frame(section, t), fit, t.gap_x, t.gap_y, t.family_gap)
            assert one is not None
            n = len(options[one.option].layers[i])
            again = rebuild_layer(
                section, i, one.option, options[one.option], one.columns, plan.sheet, ((0, n),), margin, common, t
            )
        else:
            ranges = tuple((a, b) for a, b, _ in plan.pages)
            again = rebuild_layer(
                section, i, plan.option, options[plan.option], plan.columns, plan.sheet, ranges, margin, common, t
            )
        assert again is not None
        plans.append(again)
    return plans, common


def rebuild_layer(
    section: Section,
    index: int,
    o: int,
    option: Option,
    k: int,
    sheet: tuple[float, float],
    ranges: Sequence[tuple[int, int]],
    margin: float,
    max_scale: float,
    t: Theme,
) -> LayerPlan | None:
    """A layer's pages from its knobs (as the planner chose them, or the cache kept them): each page's
    flow and the common scale; None if the knobs do not fit the blocks."""
    blocks = option.layers[index]
    if not ranges or ranges[-1][1] != len(blocks) or any(b > len(blocks) for _, b in ranges):
        return None
    aw, ah = sheet[0] - 2 * margin, sheet[1] - 2 * margin
    cw = content_width(option, k, t.gap_x, 0.0)
    top, bottom = _head_height(section, cw, True), _foot_height(t)
    flows = []
    scale = min(aw / cw, max_scale)
    for a, b in ranges:
        f = column_flow(blocks[a:b], k, t.gap_y, t.family_gap)
        if f is None:
            return None
        flows.append((a, b, f))
        scale = min(scale, ah / (top + f.height + bottom))
    return LayerPlan(section, o, k, sheet, scale, tuple(flows))


def _split(
    section: Section,
    index: int,
    options: Sequence[Option],
    sheet: tuple[float, float],
    aw: float,
    ah: float,
    required: float,
    max_scale: float,
    margin: float,
    t: Theme,
) -> LayerPlan | None:
    # the fewest pages, then the widest cards the columns allow (their scale is close to `required`
    # whichever option wins, so it is worked out, from each page's flow, for the winner only)
    chosen: tuple[tuple[float, float], int, int, list[tuple[int, int]]] | None = None
    for o, option in enumerate(options):
        blocks = option.layers[index]
        widest = max((b.span for b in blocks), default=1)
        k = max(int((aw / required + t.gap_x) // (option.width + t.gap_x)), widest)
        cw = content_width(option, k, t.gap_x, 0.0)
        top = _head_height(section, cw, True)
        limit = ah / required - top - _foot_height(t)
        ranges = fill_pages(blocks, k, max(limit, 1.0), t.gap_y, t.family_gap)
        key = (float(len(ranges)), -min(aw / cw, max_scale))
        if chosen is None or key < chosen[0]:
            chosen = (key, o, k, ranges)
    assert chosen is not None
    _, o, k, ranges = chosen
    return rebuild_layer(section, index, o, options[o], k, sheet, ranges, margin, max_scale, t)


def draw_layer_pages(
    catalog: Catalog,
    plan: LayerPlan,
    parts: list[PartPlan],
    option: Option,
    index: int,
    first_page: int,
    margin: float,
    t: Theme,
    extras: Extras | None = None,
) -> list[Page]:
    """The pages of one layer; `first_page` is the printed number of the first. `extras`: a tailored
    build's marks and a comparison's tags, drawn on these cards as on the overview's."""
    section = plan.section
    blocks = option.layers[index]
    count = len(plan.pages)
    sw, sh = plan.sheet
    s = plan.scale
    width = (sw - 2 * margin) / s
    drawer = CardDrawer(catalog, t)
    pages = []
    k = plan.columns
    natural = k * option.width + (k - 1) * t.gap_x
    gutter = t.gap_x + (min((width - natural) / (k - 1), 2 * t.gap_x) if k > 1 and width > natural else 0.0)
    ox = 0.0
    xs = [c * (option.width + gutter) for c in range(k)]
    for n, (a, b, flowed) in enumerate(plan.pages):
        page_id = f"{LAYER}{section.id}" + (f":{n + 1}" if n else "")
        number = first_page + n
        out, y = _heading(section, n, count, number, ox, width, t)
        chunk = blocks[a:b]
        boxes = card_boxes(parts, chunk, flowed, xs, ox, y)
        lines: list[Element] = []
        cards: list[Element] = []
        for p in sorted({blk.part for blk in chunk}):
            shown = [c for blk in chunk if blk.part == p for c, _, _ in blk.cards]
            part = parts[p]
            lines += connectors(_only(part, shown), boxes[p], option.mode, t)
            for c in shown:
                box = boxes[p][c]
                plan_c = part.cards[c]
                cards += (
                    drawer.draw(plan_c, box.x, box.y) if extras is None else extras.card(drawer, plan_c, box.x, box.y)
                )
        if extras is not None:
            cards += extras.decorate(cards)
        out += lines + cards
        foot_y = (sh - 2 * margin) / s - t.footer_size * 1.45
        out.append(_foot(catalog, ox, foot_y, width, number, t))
        elements = tuple(transformed_all(out, margin, margin, s))
        anchors: list[Anchor] = [(page_id, 0.0, 0.0)]
        anchors += [(e.id, e.box.x, max(e.box.y - 16.0, 0.0)) for e in elements if e.id.startswith(CARD)]
        pages.append(Page(page_id, PageKind.SECTION, sw, sh, t.background, elements, tuple(anchors)))
    return pages


def _only(part: PartPlan, shown: list[int]) -> PartPlan:
    """The part with only the edges between cards on this page (a family split between pages)."""
    keep = set(shown)
    edges = tuple((x, y) for x, y in part.edges if x in keep and y in keep)
    return PartPlan(part.cards, edges, part.run, part.depths)


def _heading(
    section: Section, n: int, count: int, number: int, x: float, width: float, t: Theme
) -> tuple[list[Element], float]:
    y = 0.0
    suffix = f"{n + 1}" if n else ""
    back = line(
        f"back:{section.id}{suffix}",
        Role.BACK_LINK,
        x,
        y,
        "\u2039 Overview",
        "regular",
        NAV_SIZE,
        t.link,
        NAV_LEAD,
        target=OVERVIEW,
    )
    label = f"page {number}"
    where = line(f"page:{section.id}{suffix}", Role.PAGE_LABEL, x, y, label, "regular", NAV_SIZE, t.muted, NAV_LEAD)
    shift = x + width - where.box.right
    where = transformed(where, shift, 0.0, 1.0)
    y += NAV_LEAD + 4
    count_label = f"({n + 1}/{count})" if count > 1 else ""
    lines = _heading_lines(section, width, count_label)
    url = safe_url(section.url) or ""
    heading = Element(
        id=f"heading:{section.id}{suffix}",
        role=Role.SECTION_TITLE,
        ref=section.id,
        box=Box(x, y, width, HEAD_LEAD * len(lines)),
        texts=tuple(
            text(
                x,
                baseline(y + i * HEAD_LEAD, HEAD_LEAD, HEAD_SIZE, "bold"),
                s,
                "bold",
                HEAD_SIZE,
                t.link if url else t.ink,
            )
            for i, s in enumerate(lines)
        ),
        url=url,
        tooltip=tooltip(section.label, section.summary),
    )
    y += HEAD_LEAD * len(lines)
    out = [back, where, heading]
    if not n and section.summary:
        lines = wrap(section.summary, "regular", SUMMARY_SIZE, width, 2)[0]
        out.append(
            Element(
                id=f"summary:{section.id}",
                role=Role.SECTION_SUMMARY,
                ref=section.id,
                box=Box(x, y + 2, width, SUMMARY_LEAD * len(lines)),
                texts=tuple(
                    text(
                        x,
                        baseline(y + 2 + i * SUMMARY_LEAD, SUMMARY_LEAD, SUMMARY_SIZE),
                        s,
                        "regular",
                        SUMMARY_SIZE,
                        t.muted,
                    )
                    for i, s in enumerate(lines)
                ),
            )
        )
        y += SUMMARY_LEAD * len(lines) + 2
    return out, y + 8


def _foot(catalog: Catalog, x: float, y: float, width: float, number: int, t: Theme) -> Element:
    m = catalog.meta
    s = f"{m.name} {m.version} ({m.date}) \u00b7 {m.source} \u00b7 licence {m.licence} \u00b7 page {number}"
    lines = wrap(s, "regular", t.footer_size, width, 1)[0]
    lead = t.footer_size * 1.45
    return Element(
        id=f"foot:{number}",
        role=Role.PAGE_LABEL,
        box=Box(x, y, width, lead),
        texts=tuple(text(x, baseline(y, lead, t.footer_size), s, "regular", t.footer_size, t.muted) for s in lines),
    )
