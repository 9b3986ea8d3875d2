"""From a catalog to a Scene: cards into parts, parts into layers, layers and chrome onto one page."""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog.model import Catalog, Section, Threat
from ..scene import Box, DocInfo, Element, Path, Scene
from ..text import FONT_FILES, clean
from .cache import PartCache
from .cards import Card, group_card, moved, other_controls_card, threat_card
from .chrome import footer, legend, section_header, section_header_height, title_block
from .details import details, outline
from .pack import Item, balanced, choose_width, pack
from .parts import layout_part
from .style import THEME, Theme

GROUP_RUN = "\x00groups"  # control group cards come first in a layer
OTHER_RUN = "\x7fother"  # the "Other controls" card comes last


@dataclass(frozen=True)
class Part:
    """Cards placed relative to the part's top-left, and the tree edges between them (by index)."""

    cards: tuple[Card, ...]
    offsets: tuple[tuple[float, float], ...]
    edges: tuple[tuple[int, int], ...]
    width: float
    height: float
    run: str


def _tree(catalog: Catalog, root: Threat) -> tuple[list[Threat], list[tuple[int, int]]]:
    """The threat and its descendants in depth-first order, with parent->child edges by index."""
    nodes: list[Threat] = []
    edges: list[tuple[int, int]] = []

    def visit(t: Threat, parent: int | None) -> None:
        index = len(nodes)
        nodes.append(t)
        if parent is not None:
            edges.append((parent, index))
        for child in catalog.children(t.id):
            visit(catalog.threat(child), index)

    visit(root, None)
    return nodes, edges


def _part(cards: list[Card], edges: list[tuple[int, int]], run: str, cache: PartCache | None, t: Theme) -> Part:
    placed = layout_part(tuple((c.width, c.height) for c in cards), tuple(edges), cache, t)
    return Part(tuple(cards), placed.nodes, tuple(edges), placed.width, placed.height, run)


def _layer_parts(catalog: Catalog, section: Section, cache: PartCache | None, t: Theme) -> list[Part]:
    parts = [_part([group_card(catalog, g, t)], [], GROUP_RUN, cache, t) for g in catalog.groups if g.section == section.id]
    runs: dict[str, list[Part]] = {}
    for top in catalog.threats:
        if top.section != section.id or top.parent:
            continue
        nodes, edges = _tree(catalog, top)
        run = top.impacts[0] if top.impacts else ""
        runs.setdefault(run, []).append(_part([threat_card(catalog, n, t) for n in nodes], edges, run, cache, t))
    for run_parts in runs.values():
        parts += run_parts
    listed = {c for th in catalog.threats for c in th.controls} | {c for g in catalog.groups for c in g.controls}
    orphans = tuple(c.id for c in catalog.controls if c.section == section.id and c.id not in listed)
    if orphans:
        parts.append(_part([other_controls_card(catalog, section.id, orphans, t)], [], OTHER_RUN, cache, t))
    return parts


def _connectors(part: Part, x: float, y: float, t: Theme) -> list[Element]:
    """An orthogonal bus from each group to its sub-threats, attached at the title line."""
    boxes = [Box(x + ox, y + oy, c.width, c.height) for c, (ox, oy) in zip(part.cards, part.offsets)]
    attach = t.tab_height + t.pad + t.title_leading / 2
    children: dict[int, list[int]] = {}
    for a, b in part.edges:
        children.setdefault(a, []).append(b)
    out = []
    for parent, kids in children.items():
        p = boxes[parent]
        py = p.y + attach
        left = min(boxes[k].x for k in kids)
        trunk = round((p.right + left) / 2, 3)
        ys = [boxes[k].y + attach for k in kids]
        paths = [Path(((p.right, py), (trunk, py)), t.connector, t.connector_width)]
        paths.append(Path(((trunk, min(py, *ys)), (trunk, max(py, *ys))), t.connector, t.connector_width))
        paths += [Path(((trunk, ky), (boxes[k].x, ky)), t.connector, t.connector_width) for k, ky in zip(kids, ys)]
        pid = part.cards[parent].ref
        out.append(
            Element(
                id=f"edge:{pid}",
                role="connector",
                ref=pid,
                box=Box(p.right, min(py, *ys) - 1, left - p.right, max(py, *ys) - min(py, *ys) + 2),
                paths=tuple(Path(tuple((round(a, 3), round(b, 3)) for a, b in path.points), path.colour, path.width) for path in paths),
                data=tuple(("child", part.cards[k].ref) for k in kids),
            )
        )
    return out


def layout(catalog: Catalog, cache: PartCache | None = None, filters: str = "", theme: Theme = THEME) -> Scene:
    """Lay out the whole navigator of `catalog`. `filters` describes a filtered view for its title."""
    t = theme
    layers = [(s, _layer_parts(catalog, s, cache, t)) for s in catalog.sections]
    layers = [(s, parts) for s, parts in layers if parts]
    items = [[Item(p.width, p.height, p.run) for p in parts] for _, parts in layers]
    min_h = [section_header_height(s, t) for s, _ in layers]
    side = 2 * t.margin + t.header_width + 2 * t.band_pad
    widest = max((sum(i.width + t.gap_x for i in layer) for layer in items), default=4 * t.card_width)
    provisional = max(widest, 4 * t.card_width)
    chrome_h = _chrome_height(catalog, filters, provisional + side - 2 * t.margin, t)
    content_w = choose_width(items, t.gap_x, t.gap_y, side, [2 * t.band_pad] * len(items), min_h, chrome_h, t.aspect) if items else provisional
    packed = [balanced(layer, content_w, t.gap_x, t.gap_y) for layer in items]
    used_w = max((p.width for p in packed), default=content_w)
    page_w = round(max(used_w + side, 640.0), 3)
    inner_w = page_w - 2 * t.margin

    elements: list[Element] = []
    head, y = title_block(catalog, filters, t.margin, t.margin, inner_w, t)
    elements += head
    leg, y = legend(catalog, t.margin + 8, y + 12, inner_w - 16, t)
    elements += leg
    y += 14
    if not layers:
        elements.append(_nothing(t.margin, y, inner_w, t))
        y += 40
    for index, ((section, parts), pk, least) in enumerate(zip(layers, packed, min_h)):
        height = round(max(pk.height + 2 * t.band_pad, least), 3)
        fill = t.band_fills[index % len(t.band_fills)]
        elements += section_header(section, t.margin, y, inner_w, height, fill, t)
        x0 = t.margin + t.header_width + t.band_pad
        y0 = y + t.band_pad
        cards: list[Element] = []
        for part, (px, py) in zip(parts, pk.positions):
            elements += _connectors(part, x0 + px, y0 + py, t)
            for card, (ox, oy) in zip(part.cards, part.offsets):
                cards += [moved(e, x0 + px + ox, y0 + py + oy) for e in card.elements]
        elements += cards
        y += height + 4
    foot, y = footer(catalog, t.margin, y + 8, inner_w, t)
    elements += foot
    page_h = round(y + t.margin, 3)
    return Scene(
        width=page_w,
        height=page_h,
        background=t.background,
        elements=tuple(elements),
        info=_info(catalog, filters),
        details=details(catalog),
        outline=outline(catalog),
        fonts=tuple(FONT_FILES.items()),
    )


def _chrome_height(catalog: Catalog, filters: str, width: float, t: Theme) -> float:
    _, y = title_block(catalog, filters, 0.0, 0.0, width, t)
    _, y = legend(catalog, 8.0, y + 12, width - 16, t)
    _, end = footer(catalog, 0.0, 0.0, width, t)
    return y + 14 + 8 + end + 2 * t.margin


def _nothing(x: float, y: float, width: float, t: Theme) -> Element:
    from .cards import _text, baseline

    msg = "Nothing in the catalog matches this filter."
    return Element(id="empty", role="empty", box=Box(x, y, width, 30), texts=(_text(x, baseline(y, 30, 12, "bold"), msg, "bold", 12, t.muted),))


def _info(catalog: Catalog, filters: str) -> DocInfo:
    m = catalog.meta
    keywords = ("AI security", "threats", "controls", "navigator", clean(m.name))
    keywords += tuple(clean(i.short) for i in catalog.impacts)
    return DocInfo(
        title=clean(m.title + (f" ({filters})" if filters else "")),
        subject=clean(f"{m.name} {m.version} ({m.date}): threats to AI systems, the controls against them, the risks they hit"),
        author=clean(m.name),
        keywords=keywords,
        source=m.source,
        version=clean(m.version),
        date=m.date,
        licence=clean(m.licence),
        filters=clean(filters),
    )
