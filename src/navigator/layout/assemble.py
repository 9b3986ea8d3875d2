"""From a catalog to a Scene: measure the cards, place them, draw the overview, then typeset the pages.

Only `place` depends on Graphviz, and only on card sizes, which is what makes it cacheable; measuring,
drawing and typesetting are linear in the catalog. `timings`, when given, receives the seconds of
each step. The `Target` says which pages the medium needs (see `pages`).
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from ..annotations import NONE, Annotations, Assessed
from ..catalog.model import Catalog
from ..faces import current_face, measuring_in
from ..roles import EDGE, SUMMARY, Role
from ..scene import Box, DocInfo, Element, OutlineEntry, Path, Scene, pt
from ..target import DOCUMENT, Target
from ..text import clean
from ..theme import Theme, theme_named
from . import assessed as tailor
from .cache import PartCache
from .cards import CardDrawer, baseline, text
from .chrome import LegendEntry, footer, legend, section_header, section_header_height, title_block
from .compared import Marks, marks_of
from .details import details, outline
from .measure import CardPlan, measure_layers
from .pages import document, overview_page
from .place import place
from .summary import summary_pages


def _connectors(
    cards: tuple[CardPlan, ...], edges: tuple[tuple[int, int], ...], boxes: list[Box], t: Theme
) -> list[Element]:
    """An orthogonal bus from each group to its sub-threats, attached at the title line."""
    attach = t.tab_height + t.pad + t.title_leading / 2
    children: dict[int, list[int]] = {}
    for a, b in edges:
        children.setdefault(a, []).append(b)
    out = []
    for parent, kids in children.items():
        p = boxes[parent]
        py = pt(p.y + attach)
        left = min(boxes[k].x for k in kids)
        trunk = pt((p.right + left) / 2)
        ys = [pt(boxes[k].y + attach) for k in kids]
        top, bottom = min(py, *ys), max(py, *ys)
        paths = [
            Path(((pt(p.right), py), (trunk, py)), t.connector, t.connector_width),
            Path(((trunk, top), (trunk, bottom)), t.connector, t.connector_width),
        ]
        paths += [Path(((trunk, ky), (pt(boxes[k].x), ky)), t.connector, t.connector_width) for k, ky in zip(kids, ys)]
        ref = cards[parent].ref
        out.append(
            Element(
                id=f"{EDGE}{ref}",
                role=Role.CONNECTOR,
                box=Box(pt(p.right), pt(top - 1), pt(left - p.right), pt(bottom - top + 2)),
                ref=ref,
                paths=tuple(paths),
                data=tuple(("child", cards[k].ref) for k in kids),
            )
        )
    return out


_pauses = 0  # layouts running now
_restart = False  # whether the collector was on when the first of them began
_pauses_lock = threading.Lock()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a layout runs.

    A layout makes some 100,000 small objects (elements, boxes, texts), none of which forms a cycle,
    yet each few hundred of them would start a collection that walks the young objects and, as they
    are promoted, the whole heap (catalog and Scene included): a large share of drawing a large
    catalog (docs/performance.md), for nothing to collect. CPython has one collector per process, so
    the pause is process-wide: in the web server, other threads run without cyclic collection while a
    layout runs (reference counting still frees everything else), and what cycles they make are
    collected once it ends. Layouts in several threads share one pause: the collector restarts when
    the last of them ends, and only if it was on before the first began.
    """
    global _pauses, _restart
    with _pauses_lock:
        if _pauses == 0:
            _restart = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pauses_lock:
            _pauses -= 1
            if _pauses == 0 and _restart:
                gc.enable()


def layout(
    catalog: Catalog,
    cache: PartCache | None = None,
    filters: str = "",
    theme: Theme | None = None,
    timings: dict[str, float] | None = None,
    target: Target = DOCUMENT,
    annotations: Annotations = NONE,
) -> Scene:
    """Lay out the navigator of `catalog` for `target`. `filters` describes a filtered view for its title;
    `annotations` what to mark besides the catalog: a tailored build's assessment (`layout/assessed.py`,
    `layout/summary.py`) and a comparison with an older catalog (`layout/compared.py`).
    `theme` overrides the target's (a name of `theme.THEMES`); text is measured in the target's face."""
    with _collector_paused(), measuring_in(target.face):
        t = theme or theme_named(target.theme)
        return _layout(
            catalog, cache, filters, t, timings, target, annotations.assessed, marks_of(annotations, catalog, t)
        )


def _layout(
    catalog: Catalog,
    cache: PartCache | None,
    filters: str,
    t: Theme,
    timings: dict[str, float] | None,
    target: Target,
    assessed: Assessed | None = None,
    marks: Marks | None = None,
) -> Scene:
    clock = time.perf_counter
    start = clock()
    layers = measure_layers(catalog, t)
    if assessed is not None:
        tailor.reserve(layers, t)  # room for the marks: cards grow, nothing inside them moves
    min_h = [section_header_height(s, t) for s, _ in layers]
    side = 2 * t.margin + t.header_width + 2 * t.band_pad
    widest = max((sum(c.width + t.gap_x for p in parts for c in p.cards[:1]) for _, parts in layers), default=0.0)
    provisional = max(widest, 4 * t.card_width)
    chrome_h = _chrome_height(catalog, filters, provisional + side - 2 * t.margin, t, assessed is not None, marks)
    measured = clock()
    geometry = place([parts for _, parts in layers], min_h, side, chrome_h, cache, t)
    placed = clock()

    page_w = pt(max(geometry.content_width + side, 640.0))
    inner_w = page_w - 2 * t.margin
    elements: list[Element] = []
    head, y = title_block(catalog, filters, t.margin, t.margin, inner_w, t, marks.title_line() if marks else "")
    elements += head
    leg, y = legend(catalog, t.margin + 8, y + 12, inner_w - 16, t, _more(marks))
    elements += leg
    if assessed is not None:
        leg, y = tailor.legend(t.margin + 8, y + 16, inner_w - 16, t)
        elements += leg
    y += 14
    if marks is not None:
        changes, y = marks.box(t.margin, y, inner_w)
        elements += changes
        y += 14
    if not layers:
        elements.append(
            Element(
                id="empty",
                role=Role.EMPTY,
                box=Box(t.margin, y, inner_w, 30),
                texts=(
                    text(
                        t.margin,
                        baseline(y, 30, 12, "bold"),
                        "Nothing in the catalog matches this filter.",
                        "bold",
                        12,
                        t.muted,
                    ),
                ),
            )
        )
        y += 40
    drawer = CardDrawer(catalog, t)
    for index, ((section, parts), lg, least) in enumerate(zip(layers, geometry.layers, min_h)):
        height = pt(max(lg.height + 2 * t.band_pad, least))
        elements += section_header(section, t.margin, y, inner_w, height, t.band_fills[index % len(t.band_fills)], t)
        x0, y0 = t.margin + t.header_width + t.band_pad, y + t.band_pad
        card_elements: list[Element] = []
        for part, (px, py), nodes in zip(parts, lg.parts, lg.nodes):
            boxes = [Box(x0 + px + ox, y0 + py + oy, c.width, c.height) for c, (ox, oy) in zip(part.cards, nodes)]
            elements += _connectors(part.cards, part.edges, boxes, t)
            for card, box in zip(part.cards, boxes):
                if marks is None:
                    card_elements += drawer.draw(card, box.x, box.y)
                else:
                    card_elements += marks.card(drawer, card, box.x, box.y)
        if assessed is not None:
            card_elements += tailor.decorate(card_elements, assessed, t)
        elements += card_elements
        y += height + 4
    foot, y = footer(catalog, t.margin, y + 8, inner_w, t)
    elements += foot
    bookmarks = outline(catalog, {s.id for s, _ in layers})
    front = summary_pages(catalog, assessed, filters, target.paper, t) if assessed and target.printed else ()
    if front:
        bookmarks = (OutlineEntry("Your system: answers and coverage", SUMMARY), *bookmarks)
    overview = overview_page(page_w, pt(y + t.margin), t.background, tuple(elements), bookmarks, target)
    info = _info(catalog, filters)
    facts = details(catalog) if marks is None else marks.details(details(catalog))
    drawn = clock()
    if target.slide:
        from .slides import deck

        pages = deck(catalog, overview, target.slide, t, filters, whole=target.printed)
    else:
        pages = document(overview, facts, bookmarks, info, target, t, front, assessed)
    scene = Scene(
        pages=pages,
        info=info,
        details=facts,
        outline=bookmarks,
        fonts=tuple(current_face().files.items()),
    )
    if timings is not None:
        timings.update(measure=measured - start, place=placed - measured, draw=drawn - placed, pages=clock() - drawn)
    return scene


def _chrome_height(
    catalog: Catalog, filters: str, width: float, t: Theme, assessed: bool = False, marks: Marks | None = None
) -> float:
    _, y = title_block(catalog, filters, 0.0, 0.0, width, t, marks.title_line() if marks else "")
    _, y = legend(catalog, 8.0, y + 12, width - 16, t, _more(marks))
    if assessed:
        _, y = tailor.legend(8.0, y + 16, width - 16, t)
    if marks is not None:
        _, y = marks.box(0.0, y + 14, width)
    _, end = footer(catalog, 0.0, 0.0, width, t)
    return y + 14 + 8 + end + 2 * t.margin


def _more(marks: Marks | None) -> tuple[tuple[str, list[LegendEntry]], ...]:
    return () if marks is None else (("Changes", marks.legend_entries()),)


def _info(catalog: Catalog, filters: str) -> DocInfo:
    m = catalog.meta
    keywords: tuple[str, ...] = ("AI security", "threats", "controls", "navigator", clean(m.name))
    keywords += tuple(clean(i.short) for i in catalog.impacts)
    return DocInfo(
        title=clean(m.title + (f" ({filters})" if filters else "")),
        subject=clean(
            f"{m.name} {m.version} ({m.date}): threats to AI systems, the controls against them, the risks they hit"
        ),
        author=clean(m.name),
        keywords=keywords,
        source=m.source,
        version=clean(m.version),
        date=m.date,
        licence=clean(m.licence),
        filters=clean(filters),
    )
