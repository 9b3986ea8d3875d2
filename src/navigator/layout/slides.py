"""A deck: the navigator as slides that read when projected.

Slide 1 is the title, slide 2 the whole navigator (the overview, scaled to the slide, its layers and
cards jumping to their slides), then each layer on as many slides as keep every text at 12 points
or more (`slide_flow`: newspaper columns, "2 Input threats (2/4)"), then a legend slide. Each slide
carries speaker notes: its threats with their summaries and links. Layout decides all of it; the
deck renderer only draws the pages. The same pages, laid out in Noto Sans, are the per-section images.
"""

from __future__ import annotations

from dataclasses import replace

from ..catalog.model import Catalog, Section
from ..links import safe_url
from ..roles import CARD, CARD_ROLES, EDGE, OVERVIEW, SECTION, THREAT_ROLES, PageKind, Role
from ..scene import Box, Element, Page, Path, pt
from ..text import clean, wrap
from ..theme import Theme
from .annotated import Extras
from .cards import CardDrawer
from .compared import Marks
from .measure import CardPlan, measure_layers
from .slide_chrome import FOOT_H, HEAD_H, MARGIN, MIN_TEXT, foot, heading, legend_slide, title_slide
from .slide_flow import SlideFlow, flow
from .slide_system import SYSTEM_PAGE, system_slide
from .slide_tabs import height_of, upper_tabs
from .typeset import line, placed

GAP = 18.0  # between columns
MIN_COLUMN = 250.0  # the narrowest column a card reads in at slide sizes
LEGEND_PAGE = "legend"


def slide_theme(t: Theme, column_width: float) -> Theme:
    """The theme's colours at slide sizes: every text 12 points or more (tabs included: a label that
    does not fit is shortened, never shrunk), cards as wide as a column."""
    return replace(
        t,
        card_width=pt(column_width),
        pad=8.0,
        card_radius=4.0,
        title_size=14.0,
        title_leading=17.0,
        row_size=MIN_TEXT,
        row_leading=14.5,
        row_gap=4.0,
        badge=16.7,  # its letter, at 0.72 of it, stays 12 points
        info_size=MIN_TEXT,
        tab_height=18.0,
        tab_size=MIN_TEXT,
        tab_min_size=MIN_TEXT,
        tab_pad=4.0,
        tab_gap=3.0,
        tab_inset=6.0,
        gap_y=10.0,
        connector_width=1.5,
        status_size=16.0,  # a tailored deck's marks: twice the document's, so their words are 12 points
        mark_scale=2.0,
        tag_size=MIN_TEXT,  # a comparison's tags
        row_tag_size=MIN_TEXT,
    )


def deck(
    catalog: Catalog,
    overview: Page,
    size: tuple[float, float],
    t: Theme,
    filters: str,
    whole: bool = True,
    extras: Extras | None = None,
) -> tuple[Page, ...]:
    """Every slide in order: title, overview, the layers' slides, legend; or, not `whole` (the
    per-section images), the layers' slides alone, without slide numbers. `extras`: a tailored
    build's or a comparison's marks, drawn on the layer slides' cards as on page 1's."""
    width, height = size
    columns = max(1, int((width - 2 * MARGIN + GAP) // (MIN_COLUMN + GAP)))
    column_width = (width - 2 * MARGIN - (columns - 1) * GAP) / columns
    st = slide_theme(t, column_width)
    top = HEAD_H + 16.0
    content_h = height - MARGIN / 2 - FOOT_H - 10.0 - top
    marks = _slide_extras(catalog, extras, st)
    room = marks is not None and marks.assessed is not None  # cards with room for status marks and a strip
    layers = [
        (s, flow(catalog, parts, st, columns, column_width, GAP, content_h, room))
        for s, parts in measure_layers(catalog, st)
    ]
    marks_legend = whole and marks is not None and marks.assessed is not None
    count = 3 + sum(len(flows) for _, flows in layers) + marks_legend
    agenda = [(OVERVIEW, "The whole navigator", "slide 2", OVERVIEW)]
    number = 3
    for section, flows in layers:
        where = f"slide {number}" if len(flows) == 1 else f"slides {number}\u2013{number + len(flows) - 1}"
        agenda.append((section.id, _name(section), where, f"{SECTION}{section.id}"))
        number += len(flows)
    last = count - marks_legend
    agenda.append((LEGEND_PAGE, "How to read the navigator", f"slide {last}", LEGEND_PAGE))
    if marks_legend:
        agenda.append((SYSTEM_PAGE, "Your system: status marks and coverage", f"slide {count}", SYSTEM_PAGE))
    drawer = CardDrawer(catalog, st)
    slides = []
    number = 3
    for section, flows in layers:
        for k, slide_flow in enumerate(flows):
            part = f"({k + 1}/{len(flows)})" if len(flows) > 1 else ""
            numbered = (number, count) if whole else (0, 0)
            slides.append(_layer_slide(catalog, drawer, section, slide_flow, k, part, numbered, size, t, st, marks))
            number += 1
    if not whole:
        return tuple(slides)
    pages = [
        Page(
            "title",
            PageKind.TITLE,
            width,
            height,
            t.header_fill,
            tuple(title_slide(catalog, filters, agenda, width, height, t)),
            (("title", 0.0, 0.0),),
            notes=_title_notes(catalog, filters, agenda),
        ),
        _overview_slide(catalog, overview, width, height, [s for s, _ in layers]),
        *slides,
    ]
    legend = legend_slide(catalog, width, height, t)
    legend += foot(LEGEND_PAGE, catalog, [], last, count, width, height, t)
    notes = "\n".join(
        [f"{clean(ct.label)} ({clean(ct.symbol)}): {clean(ct.summary)}" for ct in catalog.control_types]
        + [f"{clean(i.label)}: {clean(i.summary)}" for i in catalog.impacts]
    )
    pages.append(
        Page(
            LEGEND_PAGE,
            PageKind.LEGEND,
            width,
            height,
            t.background,
            tuple(legend),
            ((LEGEND_PAGE, 0.0, 0.0),),
            notes=notes,
        )
    )
    if marks_legend:
        assert marks is not None and marks.assessed is not None
        pages.append(system_slide(catalog, marks.assessed, count, size, t, st))
    return tuple(pages)


def _slide_extras(catalog: Catalog, extras: Extras | None, st: Theme) -> Extras | None:
    """The build's marks at slide sizes (their own theme: 12-point words, a wider status column)."""
    if extras is None:
        return None
    compared = Marks(extras.marks.compared, catalog, st) if extras.marks is not None else None
    return Extras(extras.assessed, compared, st)


def _name(section: Section) -> str:
    return clean(f"{section.number} {section.title}" if section.number else section.title)


def _overview_slide(catalog: Catalog, overview: Page, width: float, height: float, sections: list[Section]) -> Page:
    """The overview scaled to fit the slide; a layer's band or title, or a card, jumps to its slide."""
    margin = 10.0
    scale = min((width - 2 * margin) / overview.width, (height - 2 * margin) / overview.height)
    dx = (width - overview.width * scale) / 2 / scale
    dy = (height - overview.height * scale) / 2 / scale
    elements = []
    for e in overview.elements:
        if e.role == Role.DETAIL_LINK:  # the deck has no detail pages
            continue
        if e.role in (Role.SECTION, Role.SECTION_TITLE):
            e = replace(e, target=f"{SECTION}{e.ref}")
        elif e.role in CARD_ROLES:
            e = replace(e, target=f"{CARD}{e.ref}")
        elements.append(placed(e, dx, dy, scale))
    notes = [f"{clean(catalog.meta.title)}: every layer, threat and control on one slide.", ""]
    notes += [f"{_name(s)}: {clean(s.summary)}" for s in sections]
    return Page(
        OVERVIEW,
        PageKind.OVERVIEW,
        width,
        height,
        overview.background,
        tuple(elements),
        ((OVERVIEW, 0.0, 0.0),),
        notes="\n".join(notes),
    )


def _layer_slide(
    catalog: Catalog,
    drawer: CardDrawer,
    section: Section,
    slide_flow: SlideFlow,
    k: int,
    part: str,
    numbered: tuple[int, int],
    size: tuple[float, float],
    t: Theme,
    st: Theme,
    marks: Extras | None = None,
) -> Page:
    width, height = size
    key = f"{section.id}:{k + 1}"
    x0, y0 = MARGIN, HEAD_H + 16.0
    elements = heading(
        key, clean(section.number), clean(section.title), part, safe_url(section.url) or "", catalog, width, t
    )
    by_family: dict[str, list[Path]] = {}
    for ref, path in slide_flow.paths:
        by_family.setdefault(ref, []).append(
            Path(tuple((pt(x + x0), pt(y + y0)) for x, y in path.points), path.colour, path.width)
        )
    for ref, paths in by_family.items():
        xs = [x for p in paths for x, _ in p.points]
        ys = [y for p in paths for _, y in p.points]
        box = Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        elements.append(Element(id=f"{EDGE}{ref}", role=Role.CONNECTOR, box=box, ref=ref, paths=tuple(paths)))
    for c in slide_flow.continued:
        label = clean(catalog.threat(c.ref).label)  # only threat groups have cards beneath them
        text = wrap(f"{label} (continued)", "italic", MIN_TEXT, c.width, 1)[0][0]
        elements.append(
            line(f"continued:{c.ref}", Role.TEXT, x0 + c.x, y0 + c.y, text, "italic", MIN_TEXT, t.muted, 16.0)
        )
    anchors = [(f"{SECTION}{section.id}", 0.0, 0.0)] if k == 0 else []
    types: dict[str, None] = {}
    for slot in slide_flow.slots:
        x, y = x0 + slot.x, y0 + slot.y
        if slot.scale == 1.0:
            drawn = _card(drawer, slot.plan, x, y, marks)
        else:  # taller than a whole column: shrunk to fit, the one case text goes under slide size
            drawn = [
                placed(e, x / slot.scale, y / slot.scale, slot.scale) for e in _card(drawer, slot.plan, 0.0, 0.0, marks)
            ]
        if slot.upper:
            s = slot.scale
            tabs = upper_tabs(catalog, slot.plan.ref, slot.upper, 0.0, 0.0, st)
            drawn = [*(placed(e, x / s, y / s - height_of(slot.upper, st), s) for e in tabs), *drawn]
        for e in drawn:
            if e.role == Role.DETAIL_LINK or (slot.lift and e.role == Role.TAB):
                continue
            if e.role == Role.CONTROL:
                types[e.get("type")] = None
            elements.append(e)
        anchors.append((f"{CARD}{slot.plan.ref}", x, max(y + slot.lift - 8.0, 0.0)))
    order = [ct.id for ct in catalog.control_types if ct.id in types]
    elements += foot(key, catalog, order, *numbered, width, height, t)
    return Page(
        f"slide:{key}",
        PageKind.LAYER,
        width,
        height,
        st.band_fills[0],
        tuple(elements),
        tuple(anchors),
        notes=_layer_notes(catalog, section, part, slide_flow),
    )


def _card(drawer: CardDrawer, plan: CardPlan, x: float, y: float, marks: Extras | None) -> list[Element]:
    """A card as page 1 draws it: with a comparison's tags, a tailored build's marks and strip."""
    if marks is None:
        return drawer.draw(plan, x, y)
    drawn = marks.card(drawer, plan, x, y)
    return drawn + marks.decorate(drawn)


def _layer_notes(catalog: Catalog, section: Section, part: str, slide_flow: SlideFlow) -> str:
    """What a presenter says over a layer slide: each card's item with its summary and link."""
    out = [f"{_name(section)} {part}".strip()]
    if section.summary:
        out.append(clean(section.summary))
    for slot in slide_flow.slots:
        ref, role = slot.plan.ref, slot.plan.role
        indent = "  " * slot.depth + ("- " if slot.depth else "")
        if role in THREAT_ROLES:
            th = catalog.threat(ref)
            label, summary, url = th.label, th.summary, th.url
        elif role == Role.CONTROL_GROUP:
            g = catalog.group(ref)
            label, summary, url = g.label, g.summary, g.url
        else:
            label, summary, url = "Other controls", "", ""
        names = ", ".join(clean(catalog.control(r.ref).name) for r in slot.plan.rows if r.kind == Role.CONTROL)
        out.append("")
        out.append(indent + clean(f"{label}: {summary}" if summary else label))
        if names:
            out.append(f"{indent}Controls: {names}")
        link = safe_url(url)
        if link:
            out.append(indent + link)
    return "\n".join(out)


def _title_notes(catalog: Catalog, filters: str, agenda: list[tuple[str, str, str, str]]) -> str:
    m = catalog.meta
    out = [clean(m.title), f"{clean(m.name)} {clean(m.version)} ({m.date}), licence {clean(m.licence)}."]
    if m.description:
        out.append(clean(m.description))
    if filters:
        out.append(f"Filtered view: {clean(filters)}")
    out.append("")
    out += [f"{label}: {where}" for _, label, where, _ in agenda]
    link = safe_url(m.source)
    if link:
        out += ["", link]
    return "\n".join(out)
