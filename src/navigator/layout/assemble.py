"""From a catalog to a Scene: measure the cards, place them, draw the overview, then typeset the pages.

Only `place` depends on Graphviz, and only on card sizes, which is what makes it cacheable; measuring,
drawing and typesetting are linear in the catalog. `timings`, when given, receives the seconds of
each step. The `Target` says which pages the medium needs (see `pages`).
"""

from __future__ import annotations

import gc
import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import cast

from ..annotations import NONE, Annotations
from ..catalog.model import Catalog, Section
from ..faces import current_face, measuring_in
from ..roles import LAYER, SECTION, SUMMARY
from ..scene import Detail, DocInfo, OutlineEntry, Page, Scene, pt
from ..target import A4, DOCUMENT, Target
from ..text import clean
from ..theme import THEME, Theme, theme_named
from .annotated import Extras, reserved
from .arrange import Arrangement, Fit, FlowMemo, Frame, Option, exact, search
from .cache import PartCache
from .choice import Knobs, LayerKnobs, choice_key, decode, encode
from .chrome import CLICK_NOTE
from .compared import marks_of
from .details import details, outline
from .layer_pages import LayerPlan, draw_layer_pages, plan_layers, rebuild_layer
from .measure import Measurer, measurer_of
from .overview import Placement, draw_overview, overview_frame
from .pages import document, overview_page
from .place import Options, layer_parts
from .summary import summary_pages

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
    `layout/summary.py`) and a comparison with an older catalog (`layout/compared.py`), both through
    `layout/annotated.py`. `theme` overrides the target's (`theme.THEMES`); text is measured in the
    target's face."""
    with _collector_paused(), measuring_in(target.face):
        t = theme or theme_named(target.theme)
        marks = marks_of(annotations, catalog, t)
        extras = None if annotations.is_empty() else Extras(annotations.assessed, marks, t)
        return _layout(catalog, cache, filters, t, timings, target, extras)


def _layout(
    catalog: Catalog,
    cache: PartCache | None,
    filters: str,
    t: Theme,
    timings: dict[str, float] | None,
    target: Target,
    extras: Extras | None = None,
) -> Scene:
    clock = time.perf_counter
    start = clock()
    assessed = extras.assessed if extras is not None else None
    measurer = reserved(catalog, t) if assessed is not None else measurer_of(catalog, t)
    widths = narrow_widths(target, t)
    sections = [s for s, _ in measurer.layers((widths or t.card_widths)[0], t.indent)]
    opts = Options.of(measurer, cache, t, widths)
    shown = filters + ("\x00" + extras.key() if extras is not None else "")  # what the chrome's height depends on
    key = choice_key(catalog, measurer, sections, shown, target, t, widths) if cache is not None else ""
    measured = clock()
    strip = widths[0] if widths else 0.0
    chosen = _cached(cache, key, opts, catalog, filters, sections, target, t, strip, extras)
    if chosen is None:
        chosen = _choose(opts, catalog, filters, sections, target, t, strip, extras)
        if cache is not None:
            cache.put(key, encode(*_knobs(chosen, target)))
    arrangement, sheet, frame, plans = chosen
    placed = clock()

    option = opts[arrangement.option]
    layers = layer_parts(measurer, option, t)
    page_w, page_h, placement = _placement(arrangement, sheet, target)
    links: dict[str, tuple[str, str]] = {}
    layer_pages: list[Page] = []
    number = 2
    for i, plan in enumerate(plans):
        section = plan.section
        count = len(plan.pages)
        label = f"Larger: page {number}" if count == 1 else f"Larger: pages {number}\u2013{number + count - 1}"
        links[section.id] = (label, f"{LAYER}{section.id}")
        plan_option = opts[plan.option]
        parts = layer_parts(measurer, plan_option, t)[i][1]
        layer_pages += draw_layer_pages(catalog, plan, parts, plan_option, i, number, target.margin, t, extras)
        number += count
    note = CLICK_NOTE if target.interactive else ""
    elements = draw_overview(catalog, filters, layers, option, arrangement, frame, placement, t, links, note, extras)
    bookmarks = outline(catalog, {s.id for s in sections})
    elsewhere: frozenset[str] = frozenset()
    if layer_pages:
        bookmarks = _to_layer_pages(bookmarks)
        elsewhere = frozenset(name for page in layer_pages for name, _, _ in page.anchors)
    paper = target.detail_paper or A4
    front = summary_pages(catalog, assessed, filters, paper, t) if assessed and target.printed else ()
    if front:
        bookmarks = (OutlineEntry("Your system: answers and coverage", SUMMARY), *bookmarks)
    overview = overview_page(page_w, page_h, t.background, tuple(elements), bookmarks, target, elsewhere)
    info = _info(catalog, filters)
    facts = _details(measurer, catalog)
    if extras is not None and extras.marks is not None:
        facts = extras.marks.details(facts)
    drawn = clock()
    if target.slide:
        from .slides import deck

        pages = deck(catalog, overview, target.slide, t, filters, whole=target.printed, extras=extras)
    else:
        pages = document(overview, facts, bookmarks, info, target, t, layer_pages, front, assessed)
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


def _details(measurer: Measurer, catalog: Catalog) -> tuple[Detail, ...]:
    """The catalog's details, made once per catalog: they do not depend on the target."""
    found = measurer.derived.get("details")
    if found is None:
        found = measurer.derived["details"] = details(catalog)
    return cast("tuple[Detail, ...]", found)


Chosen = tuple[Arrangement, "tuple[float, float] | None", Frame, list[LayerPlan]]


def _choose(
    opts: Options,
    catalog: Catalog,
    filters: str,
    sections: list[Section],
    target: Target,
    t: Theme,
    strip: float = 0.0,
    extras: Extras | None = None,
) -> Chosen:
    """The search: page 1's arrangement, and each layer's own pages when page 1 is not legible.
    `strip`: the card width of a canvas whose layer headers go above their cards (`narrow_widths`)."""
    required = required_scale(target, t)
    memo = opts.flows
    everything = opts.all()
    frame = _frame(catalog, filters, sections, t, False, strip, target.interactive, extras)
    good_enough = required if target.fixed and target.layer_pages != "never" else 0.0
    arrangement, sheet = _overview(everything, frame, target, t, memo, good_enough)
    wants = target.printed and target.fixed and bool(sections) and target.layer_pages != "never"
    plans: list[LayerPlan] = []
    if wants and (target.layer_pages == "always" or not legible(arrangement.scale, target, t)):
        frame = _frame(catalog, filters, sections, t, True, strip, target.interactive, extras)  # room for each link
        arrangement, sheet = _overview(everything, frame, target, t, memo, good_enough)
        plans, _ = plan_layers(sections, everything, target.sheets(), target.margin, required, target.max_scale, t)
    return arrangement, sheet, frame, plans


def _knobs(chosen: Chosen, target: Target) -> tuple[Knobs, list[LayerKnobs], float]:
    arrangement, sheet, _, plans = chosen
    sheets = list(target.sheets())
    index = sheets.index(sheet) if sheet in sheets else 0
    layers = [(p.option, p.columns, sheets.index(p.sheet), tuple((a, b) for a, b, _ in p.pages)) for p in plans]
    common = min((p.scale for p in plans), default=0.0)
    return (arrangement.option, arrangement.columns, arrangement.legend_columns, index), layers, common


def _cached(
    cache: PartCache | None,
    key: str,
    opts: Options,
    catalog: Catalog,
    filters: str,
    sections: list[Section],
    target: Target,
    t: Theme,
    strip: float = 0.0,
    extras: Extras | None = None,
) -> Chosen | None:
    """The cached choice, flowed again from the sizes; None on a miss or a value that does not fit."""
    if cache is None:
        return None
    value = cache.get(key)
    if value is None:
        return None
    knobs = decode(value, len(opts), len(target.sheets()), len(sections))
    if knobs is None:
        return None
    (o, k, m, sheet_index), layer_knobs, common = knobs
    fits = _fits(target)
    if sheet_index >= len(fits):
        return None
    fit, sheet = fits[sheet_index]
    frame = _frame(catalog, filters, sections, t, bool(layer_knobs), strip, target.interactive, extras)
    arrangement = exact(opts[o], o, k, m, frame, fit, t.gap_x, t.gap_y, t.family_gap)
    if arrangement is None:
        return None
    sheets = target.sheets()
    plans = []
    for i, (lo, lk, ls, ranges) in enumerate(layer_knobs):
        plan = rebuild_layer(sections[i], i, lo, opts[lo], lk, sheets[ls], ranges, target.margin, common, t)
        if plan is None:
            return None
        plans.append(plan)
    return arrangement, sheet, frame, plans


def required_scale(target: Target, t: Theme) -> float:
    """The least scale at which the overview's text keeps the target's sizes."""
    return max(target.control_text / t.row_size, target.min_text / t.smallest_text)


def legible(scale: float, target: Target, t: Theme) -> bool:
    """Whether text at `scale` keeps the target's sizes, as the Scene rounds them."""
    return pt(t.row_size * scale) >= target.control_text and pt(t.smallest_text * scale) >= target.min_text


def narrow_widths(target: Target, t: Theme) -> tuple[float, ...]:
    """For a canvas of open height too narrow for the layer header column beside one column of the
    narrowest card at the text size it asks for (a phone): the one card width that fills it, the
    headers going above their cards. Else () (the theme's widths, headers beside)."""
    if target.width is None or target.height is not None:
        return ()
    least = min(target.min_text / t.smallest_text, target.max_scale)
    room = (target.width - 2 * target.margin) / least  # design units across the content
    if room >= t.header_width + 2 * t.band_pad + min(t.card_widths):
        return ()
    return (float(max(math.floor((room - 2 * t.band_pad) / NARROW_STEP) * NARROW_STEP, NARROWEST)),)


NARROWEST = 96  # design units: a narrower card cannot hold its tabs; the text shrinks instead
# The card width of a narrow canvas is a multiple of this (design units), the band centred: phones a
# few pixels apart share one card width, so a new one measures no card again (docs/performance.md).
NARROW_STEP = 8


def _frame(
    catalog: Catalog,
    filters: str,
    sections: list[Section],
    t: Theme,
    links: bool,
    strip: float = 0.0,
    interactive: bool = False,
    extras: Extras | None = None,
) -> Frame:
    frame = overview_frame(catalog, filters, sections, t, links, strip, CLICK_NOTE if interactive else "", extras)
    if sections:
        return frame
    bottom = frame.bottom
    return replace(frame, bottom=lambda w: bottom(w) + 40)  # the notice that nothing matches


def _fits(target: Target) -> list[tuple[Fit, tuple[float, float] | None]]:
    m = target.margin
    if target.fixed:
        return [(Fit(w - 2 * m, h - 2 * m, target.max_scale, shortest=True), (w, h)) for w, h in target.sheets()]
    if target.width is not None:
        least = min(target.min_text / THEME.smallest_text, target.max_scale)  # rounding never puts it above
        fit = Fit(target.width - 2 * m, None, target.max_scale, min_scale=least)
        return [(fit, None)]
    return [(Fit(None, None, aspect=target.aspect), None)]


def _overview(
    opts: list[Option], frame: Frame, target: Target, t: Theme, memo: FlowMemo, good_enough: float
) -> tuple[Arrangement, tuple[float, float] | None]:
    """The best arrangement over the target's page orientations (the first on a tie)."""
    best: tuple[Arrangement, tuple[float, float] | None] | None = None
    for fit, sheet in _fits(target):
        arrangement = search(opts, frame, fit, t.gap_x, t.gap_y, t.family_gap, memo=memo, good_enough=good_enough)
        assert arrangement is not None  # without a floor, there is always one
        if best is None or arrangement.scale > best[0].scale + 1e-9:
            best = (arrangement, sheet)
    assert best is not None
    return best


def _placement(
    arrangement: Arrangement, sheet: tuple[float, float] | None, target: Target
) -> tuple[float, float, Placement]:
    """The page's size and where the design-unit drawing goes on it."""
    m = target.margin
    s = arrangement.scale
    cw, ch = arrangement.content_width, arrangement.content_height
    if sheet is not None:
        w, h = sheet
        return w, h, Placement(s, m, m, (w - 2 * m) / s, (h - 2 * m) / s)
    if target.width is not None:
        return target.width, pt(ch * s + 2 * m), Placement(s, m, m, (target.width - 2 * m) / s, ch)
    return pt(cw + 2 * m), pt(ch + 2 * m), Placement(1.0, m, m, cw, ch)


def _to_layer_pages(entries: tuple[OutlineEntry, ...]) -> tuple[OutlineEntry, ...]:
    """Bookmarks of sections lead to their layer's first page (its cards' bookmarks already lead to
    the cards there)."""
    return tuple(
        OutlineEntry(e.title, LAYER + e.target.removeprefix(SECTION), e.children) if e.target.startswith(SECTION) else e
        for e in entries
    )


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
