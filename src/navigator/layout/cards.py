"""Cards: what a threat, threat group or control group card shows, measured, then drawn.

Layout happens in three steps. `measure_*` wraps a card's text with the vendored fonts and returns a
`CardPlan` whose size `dot` and the packer treat as fixed. Once the card is placed, `draw_card`
emits its elements directly at their final coordinates. Only the plans' sizes shape the geometry,
which is why geometry can be cached by them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog.model import Catalog
from ..links import safe_url
from ..scene import Box, Element, Path, Rect, Text
from ..text import clean, metrics, text_width, wrap
from .style import THEME, Theme, text_on


@dataclass(frozen=True, slots=True)
class TabPlan:
    impact: str
    label: str
    size: float
    x: float
    w: float


@dataclass(frozen=True, slots=True)
class RowPlan:
    kind: str  # "control" or "group-ref"
    ref: str
    lines: tuple[str, ...]
    top: float
    height: float


@dataclass(frozen=True, slots=True)
class CardPlan:
    ref: str
    role: str  # threat, threat-group, control-group, other-controls
    width: float
    height: float  # including the tab strip above the body
    title: tuple[str, ...]
    header_h: float
    tabs: tuple[TabPlan, ...]
    rows: tuple[RowPlan, ...]
    impacts: tuple[str, ...]


def baseline(top: float, leading: float, size: float, font: str = "regular") -> float:
    """Baseline that centres capital letters on a line box of height `leading` starting at `top`."""
    return top + leading / 2 + metrics(font).cap_height * size / 2


def text(x: float, y: float, s: str, font: str, size: float, colour: str, anchor: str = "start") -> Text:
    return Text(round(x, 3), round(y, 3), s, font, size, colour, round(text_width(s, font, size), 3), anchor)


def tooltip(*parts: str) -> str:
    return "\n".join(c for c in (clean(p) for p in parts if p) if c)


def _box(x: float, y: float, w: float, h: float) -> Box:
    return Box(round(x, 3), round(y, 3), round(w, 3), round(h, 3))


# -- measuring ------------------------------------------------------------------------------------


def _plan_tabs(catalog: Catalog, impacts: tuple[str, ...], width: float, t: Theme) -> tuple[TabPlan, ...]:
    """Impact tabs along the top edge, shrunk (then shortened) to fit the card's width."""
    if not impacts:
        return ()
    labels = [clean(catalog.impact(i).short) for i in impacts]
    avail = width - 2 * t.tab_inset - t.tab_gap * (len(labels) - 1)

    def natural(size: float) -> float:
        return sum(text_width(s, "bold", size) + 2 * t.tab_pad for s in labels)

    size = t.tab_size
    while natural(size) > avail and size > t.tab_min_size:
        size = round(size - 0.2, 2)
    if natural(size) > avail:
        per_tab = avail / len(labels) - 2 * t.tab_pad
        labels = [wrap(label, "bold", size, per_tab, 1)[0][0] if label else label for label in labels]
    tabs, x = [], t.tab_inset
    for impact_id, label in zip(impacts, labels):
        w = text_width(label, "bold", size) + 2 * t.tab_pad
        tabs.append(TabPlan(impact_id, label, size, x, w))
        x += w + t.tab_gap
    return tuple(tabs)


def _plan(catalog: Catalog, ref: str, role: str, label: str, impacts: tuple[str, ...], controls: tuple[str, ...], groups: tuple[str, ...], detail: bool, t: Theme) -> CardPlan:
    width = t.card_width
    info = t.badge + 3 if detail else 0.0
    title, _ = wrap(label, "bold", t.title_size, width - 2 * t.pad - info, t.title_max_lines)
    header_h = t.pad + len(title) * t.title_leading + t.pad * 0.6
    y = t.tab_height + header_h + (t.row_gap if controls or groups else 0.0)
    text_w = width - (t.pad + t.badge + 4) - t.pad
    rows = []
    for cid in controls:
        lines, _ = wrap(catalog.control(cid).label, "regular", t.row_size, text_w, t.row_max_lines)
        h = max(len(lines) * t.row_leading, t.badge) + t.row_gap
        rows.append(RowPlan("control", cid, lines, y, h))
        y += h
    for gid in groups:
        g = catalog.group(gid)
        lines, _ = wrap(f"See {g.number + ' ' if g.number else ''}{g.title}", "italic", t.row_size, text_w, t.row_max_lines)
        h = len(lines) * t.row_leading + t.row_gap
        rows.append(RowPlan("group-ref", gid, lines, y, h))
        y += h
    height = y + (t.pad * 0.6 if rows else 0.0)
    return CardPlan(ref, role, width, round(height, 3), title, header_h, _plan_tabs(catalog, impacts, width, t), tuple(rows), impacts)


def measure_threat(catalog: Catalog, threat_id: str, t: Theme = THEME) -> CardPlan:
    th = catalog.threat(threat_id)
    role = "threat-group" if th.is_group or catalog.children(th.id) else "threat"
    return _plan(catalog, th.id, role, th.label, th.impacts, th.controls, th.control_groups, True, t)


def measure_group(catalog: Catalog, group_id: str, t: Theme = THEME) -> CardPlan:
    g = catalog.group(group_id)
    label = f"{g.number} {g.title}" if g.number else g.title
    return _plan(catalog, g.id, "control-group", label, (), g.controls, (), False, t)


def measure_other(catalog: Catalog, section_id: str, controls: tuple[str, ...], t: Theme = THEME) -> CardPlan:
    """Controls of a section that no threat or group lists, so that every control is on the diagram."""
    return _plan(catalog, f"other-controls-{section_id}", "other-controls", "Other controls", (), controls, (), False, t)


# -- drawing ----------------------------------------------------------------------------------------


def _arrow(x: float, y: float, colour: str) -> tuple[Path, Path]:
    """A small right arrow drawn as lines (the vendored font has no arrow glyphs)."""
    return (
        Path(((round(x, 3), round(y, 3)), (round(x + 7.0, 3), round(y, 3))), colour, 0.9),
        Path(((round(x + 4.4, 3), round(y - 2.4, 3)), (round(x + 7.0, 3), round(y, 3)), (round(x + 4.4, 3), round(y + 2.4, 3))), colour, 0.9),
    )


def _card_facts(catalog: Catalog, plan: CardPlan, t_: Theme) -> tuple[str, str, tuple[tuple[str, str], ...], str]:
    """(url, tooltip, data, header fill) for a card, from the catalog item it stands for."""
    if plan.role in ("threat", "threat-group"):
        th = catalog.threat(plan.ref)
        data = (("impacts", " ".join(th.impacts)), ("section", th.section), ("parent", th.parent))
        fill = t_.group_header_fill if plan.role == "threat-group" else ""
        return safe_url(th.url) or "", tooltip(th.label, th.summary), data, fill
    if plan.role == "control-group":
        g = catalog.group(plan.ref)
        label = f"{g.number} {g.title}" if g.number else g.title
        data = (("section", g.section), ("applies_to_all", "true" if g.applies_to_all else "false"))
        return safe_url(g.url) or "", tooltip(label, "Applies to every threat." if g.applies_to_all else "", g.summary), data, t_.control_group_header_fill
    section = plan.ref.removeprefix("other-controls-")
    return "", "Controls that no threat or control group lists", (("section", section),), t_.control_group_header_fill


def draw_card(catalog: Catalog, plan: CardPlan, x: float, y: float, t: Theme = THEME) -> list[Element]:
    """The card's elements at their final place: tabs, body, title, detail marker, rows."""
    ref, w = plan.ref, plan.width
    card_id = f"card:{ref}"
    url, tip, data, header_fill = _card_facts(catalog, plan, t)
    out: list[Element] = []
    for tab in plan.tabs:
        impact = catalog.impact(tab.impact)
        tx = x + tab.x
        out.append(
            Element(
                id=f"tab:{ref}:{tab.impact}",
                role="tab",
                box=_box(tx, y, tab.w, t.tab_height),
                ref=tab.impact,
                parent=card_id,
                rects=(Rect(_box(tx, y, tab.w, t.tab_height + t.card_radius), impact.colour, "", 0.0, t.card_radius),),
                texts=(text(tx + t.tab_pad, baseline(y, t.tab_height, tab.size, "bold"), tab.label, "bold", tab.size, text_on(impact.colour)),),
                tooltip=tooltip(impact.label, impact.summary),
                data=(("impact", tab.impact),),
            )
        )
    top = y + t.tab_height
    body_h = plan.height - t.tab_height
    divider = (Path(((round(x + 0.6, 3), round(top + plan.header_h, 3)), (round(x + w - 0.6, 3), round(top + plan.header_h, 3))), t.divider, 0.6),) if plan.rows else ()
    out.append(
        Element(
            id=card_id,
            role=plan.role,
            box=_box(x, top, w, body_h),
            ref=ref,
            rects=(Rect(_box(x, top, w, body_h), t.card_fill, t.card_stroke, 0.8, t.card_radius),),
            paths=divider,
            data=data,
        )
    )
    detail = plan.role in ("threat", "threat-group")
    info = t.badge if detail else 0.0
    title_texts = tuple(
        text(x + t.pad, baseline(top + t.pad + i * t.title_leading, t.title_leading, t.title_size, "bold"), line, "bold", t.title_size, t.link if url else t.ink)
        for i, line in enumerate(plan.title)
    )
    tint = (Rect(_box(x + 0.7, top + 0.7, w - 1.4, plan.header_h - 0.7), header_fill, "", 0.0, t.card_radius - 0.7),) if header_fill else ()
    out.append(Element(id=f"title:{ref}", role="title", box=_box(x, top, w - (info + 4 if info else 0), plan.header_h), ref=ref, parent=card_id, rects=tint, texts=title_texts, url=url, tooltip=tip))
    if detail:
        bx, by = x + w - t.pad - info, top + t.pad + (t.title_leading - info) / 2
        out.append(
            Element(
                id=f"detail-link:{ref}",
                role="detail-link",
                box=_box(bx - 2, by - 2, info + 4, info + 4),
                ref=ref,
                parent=card_id,
                rects=(Rect(_box(bx, by, info, info), "#FFFFFF", t.link, 0.8, info / 2),),
                texts=(text(bx + info / 2, baseline(by, info, t.info_size, "bold"), "i", "bold", t.info_size, t.link, "middle"),),
                target=f"detail:{ref}",
                tooltip="Details of this threat (in the PDF: its detail page)",
            )
        )
    for row in plan.rows:
        out.append(_draw_row(catalog, row, ref, x, y, w, t))
    return out


def _draw_row(catalog: Catalog, row: RowPlan, card_ref: str, x: float, y: float, w: float, t: Theme) -> Element:
    top = y + row.top
    box = _box(x + t.pad - 2, top - t.row_gap / 2, w - 2 * t.pad + 4, row.height)
    text_x = x + t.pad + t.badge + 4
    if row.kind == "control":
        control = catalog.control(row.ref)
        ctype = catalog.control_type(control.type)
        by = top + (t.row_leading - t.badge) / 2
        symbol_size = t.badge * 0.72
        texts = [text(x + t.pad + t.badge / 2, baseline(by, t.badge, symbol_size, "bold"), clean(ctype.symbol)[:2], "bold", symbol_size, text_on(ctype.colour), "middle")]
        texts += [text(text_x, baseline(top + i * t.row_leading, t.row_leading, t.row_size), line, "regular", t.row_size, t.ink) for i, line in enumerate(row.lines)]
        return Element(
            id=f"row:{card_ref}:{control.id}",
            role="control",
            box=box,
            ref=control.id,
            parent=f"card:{card_ref}",
            rects=(Rect(_box(x + t.pad, by, t.badge, t.badge), ctype.colour, "", 0.0, 1.5),),
            texts=tuple(texts),
            url=safe_url(control.url) or "",
            tooltip=tooltip(f"{control.label} ({ctype.label})", control.summary),
            data=(("card", card_ref), ("type", control.type)),
        )
    group = catalog.group(row.ref)
    names = ", ".join(catalog.control(c).name for c in group.controls)
    return Element(
        id=f"see:{card_ref}:{group.id}",
        role="group-ref",
        box=box,
        ref=group.id,
        parent=f"card:{card_ref}",
        texts=tuple(text(text_x, baseline(top + i * t.row_leading, t.row_leading, t.row_size, "italic"), line, "italic", t.row_size, t.see_colour) for i, line in enumerate(row.lines)),
        paths=_arrow(x + t.pad + 1.0, top + t.row_leading / 2, t.see_colour),
        url=safe_url(group.url) or "",
        tooltip=tooltip(f"{group.title}: {names}"),
        data=(("card", card_ref),),
    )
