"""Cards: what a threat, threat group or control group card shows, and how big it is.

A card is measured here, before `dot` sees it, so `dot` can treat it as a fixed-size node. Its
elements are built relative to the card's top-left corner and moved into place once the card is
positioned (`moved`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..catalog.model import Catalog, Control, ControlGroup, Threat
from ..links import safe_url
from ..scene import Box, Element, Path, Rect, Text
from ..text import clean, metrics, text_width, wrap
from .style import THEME, Theme, text_on

@dataclass(frozen=True)
class Card:
    ref: str
    role: str  # threat, threat-group, control-group, other-controls
    width: float
    height: float
    elements: tuple[Element, ...]
    impacts: tuple[str, ...] = ()


def baseline(top: float, leading: float, size: float, font: str = "regular") -> float:
    """Baseline that centres capital letters on a line box of height `leading` starting at `top`."""
    return top + leading / 2 + metrics(font).cap_height * size / 2


def _text(x: float, y: float, s: str, font: str, size: float, colour: str, anchor: str = "start") -> Text:
    return Text(x=x, y=y, text=s, font=font, size=size, colour=colour, width=round(text_width(s, font, size), 3), anchor=anchor)


def _tooltip(*parts: str) -> str:
    return "\n".join(clean(p) for p in parts if p and clean(p))


def _tabs(catalog: Catalog, ref: str, impacts: tuple[str, ...], width: float, t: Theme) -> list[Element]:
    """Labelled impact tabs along the card's top edge, shrunk or shortened to fit the card."""
    if not impacts:
        return []
    labels = [clean(catalog.impact(i).short) for i in impacts]
    avail = width - 2 * t.tab_inset - t.tab_gap * (len(labels) - 1)
    size = t.tab_size
    natural = lambda sz: sum(text_width(s, "bold", sz) + 2 * t.tab_pad for s in labels)  # noqa: E731
    while natural(size) > avail and size > t.tab_min_size:
        size = round(size - 0.2, 2)
    per_tab = avail / len(labels) - 2 * t.tab_pad
    out = []
    x = t.tab_inset
    for impact_id, label in zip(impacts, labels):
        impact = catalog.impact(impact_id)
        if natural(size) > avail:
            label = wrap(label, "bold", size, per_tab, 1)[0][0] if label else label
        w = text_width(label, "bold", size) + 2 * t.tab_pad
        box = Box(x, 0.0, w, t.tab_height)
        ink = text_on(impact.colour)
        out.append(
            Element(
                id=f"tab:{ref}:{impact_id}",
                role="tab",
                ref=impact_id,
                parent=f"card:{ref}",
                box=box,
                rects=(Rect(Box(x, 0.0, w, t.tab_height + t.card_radius), fill=impact.colour, radius=t.card_radius),),
                texts=(_text(x + t.tab_pad, baseline(0.0, t.tab_height, size, "bold"), label, "bold", size, ink),),
                tooltip=_tooltip(impact.label, impact.summary),
                data=(("impact", impact_id),),
            )
        )
        x += w + t.tab_gap
    return out


def _header(ref: str, role: str, label: str, url: str, tooltip: str, top: float, width: float, fill: str, t: Theme, target: str) -> tuple[list[Element], float]:
    """Title lines (a link), an optional tinted background, and the detail-page marker."""
    info = t.badge if target else 0.0
    lines, _ = wrap(label, "bold", t.title_size, width - 2 * t.pad - (info + 3 if info else 0), t.title_max_lines)
    height = t.pad + len(lines) * t.title_leading + t.pad * 0.6
    texts = tuple(
        _text(t.pad, baseline(top + t.pad + i * t.title_leading, t.title_leading, t.title_size, "bold"), line, "bold", t.title_size, t.link if url else t.ink)
        for i, line in enumerate(lines)
    )
    rects = (Rect(Box(0.7, top + 0.7, width - 1.4, height - 0.7), fill=fill, radius=t.card_radius - 0.7),) if fill else ()
    out = [
        Element(
            id=f"title:{ref}",
            role="title",
            ref=ref,
            parent=f"card:{ref}",
            box=Box(0.0, top, width - (info + 4 if info else 0), height),
            rects=rects,
            texts=texts,
            url=url,
            tooltip=tooltip,
        )
    ]
    if target:
        bx, by = width - t.pad - info, top + t.pad + (t.title_leading - info) / 2
        out.append(
            Element(
                id=f"detail-link:{ref}",
                role="detail-link",
                ref=ref,
                parent=f"card:{ref}",
                box=Box(bx - 2, by - 2, info + 4, info + 4),
                rects=(Rect(Box(bx, by, info, info), fill="#FFFFFF", stroke=t.link, stroke_width=0.8, radius=info / 2),),
                texts=(_text(bx + info / 2, baseline(by, info, t.info_size, "bold"), "i", "bold", t.info_size, t.link, "middle"),),
                target=target,
                tooltip="Details of this threat (in the PDF: its detail page)",
            )
        )
    return out, height


def _row(card_ref: str, top: float, width: float, control: Control, catalog: Catalog, t: Theme) -> tuple[Element, float]:
    ctype = catalog.control_type(control.type)
    text_x = t.pad + t.badge + 4
    lines, _ = wrap(control.label, "regular", t.row_size, width - text_x - t.pad, t.row_max_lines)
    height = max(len(lines) * t.row_leading, t.badge) + t.row_gap
    by = top + (t.row_leading - t.badge) / 2
    symbol_size = t.badge * 0.72
    texts = [_text(t.pad + t.badge / 2, baseline(by, t.badge, symbol_size, "bold"), clean(ctype.symbol)[:2], "bold", symbol_size, text_on(ctype.colour), "middle")]
    texts += [_text(text_x, baseline(top + i * t.row_leading, t.row_leading, t.row_size), line, "regular", t.row_size, t.ink) for i, line in enumerate(lines)]
    element = Element(
        id=f"row:{card_ref}:{control.id}",
        role="control",
        ref=control.id,
        parent=f"card:{card_ref}",
        box=Box(t.pad - 2, top - t.row_gap / 2, width - 2 * t.pad + 4, height),
        rects=(Rect(Box(t.pad, by, t.badge, t.badge), fill=ctype.colour, radius=1.5),),
        texts=tuple(texts),
        url=safe_url(control.url) or "",
        tooltip=_tooltip(f"{control.label} ({ctype.label})", control.summary),
        data=(("card", card_ref), ("type", control.type)),
    )
    return element, height


def _arrow(x: float, y: float, colour: str) -> tuple[Path, Path]:
    """A small right arrow drawn as lines (the vendored font has no arrow glyphs)."""
    return (
        Path(((x, y), (x + 7.0, y)), colour=colour, width=0.9),
        Path(((x + 4.4, y - 2.4), (x + 7.0, y), (x + 4.4, y + 2.4)), colour=colour, width=0.9),
    )


def _see_row(card_ref: str, top: float, width: float, group: ControlGroup, catalog: Catalog, t: Theme) -> tuple[Element, float]:
    label = f"See {group.number + ' ' if group.number else ''}{group.title}"
    text_x = t.pad + t.badge + 4
    lines, _ = wrap(label, "italic", t.row_size, width - text_x - t.pad, t.row_max_lines)
    height = len(lines) * t.row_leading + t.row_gap
    names = ", ".join(catalog.control(c).name for c in group.controls)
    element = Element(
        id=f"see:{card_ref}:{group.id}",
        role="group-ref",
        ref=group.id,
        parent=f"card:{card_ref}",
        box=Box(t.pad - 2, top - t.row_gap / 2, width - 2 * t.pad + 4, height),
        texts=tuple(_text(text_x, baseline(top + i * t.row_leading, t.row_leading, t.row_size, "italic"), line, "italic", t.row_size, t.see_colour) for i, line in enumerate(lines)),
        paths=_arrow(t.pad + 1.0, top + t.row_leading / 2, t.see_colour),
        url=safe_url(group.url) or "",
        tooltip=_tooltip(f"{group.title}: {names}"),
        data=(("card", card_ref),),
    )
    return element, height


def _card(
    catalog: Catalog,
    ref: str,
    role: str,
    label: str,
    url: str,
    tooltip: str,
    impacts: tuple[str, ...],
    controls: tuple[str, ...],
    groups: tuple[str, ...],
    header_fill: str,
    data: tuple[tuple[str, str], ...],
    target: str,
    t: Theme,
) -> Card:
    width = t.card_width
    top = t.tab_height  # every card reserves the tab strip, so card bodies in a row line up
    elements = _tabs(catalog, ref, impacts, width, t)
    header, header_h = _header(ref, role, label, url, tooltip, top, width, header_fill, t, target)
    y = top + header_h
    body: list[Element] = []
    if controls or groups:
        y += t.row_gap
    for cid in controls:
        row, h = _row(ref, y, width, catalog.control(cid), catalog, t)
        body.append(row)
        y += h
    for gid in groups:
        row, h = _see_row(ref, y, width, catalog.group(gid), catalog, t)
        body.append(row)
        y += h
    height = y + (t.pad * 0.6 if body else 0.0)
    card = Element(
        id=f"card:{ref}",
        role=role,
        ref=ref,
        box=Box(0.0, top, width, height - top),
        rects=(Rect(Box(0.0, top, width, height - top), fill=t.card_fill, stroke=t.card_stroke, stroke_width=0.8, radius=t.card_radius),),
        paths=((Path(((0.6, top + header_h), (width - 0.6, top + header_h)), colour=t.divider, width=0.6),) if body else ()),
        data=data,
    )
    return Card(ref=ref, role=role, width=width, height=height, elements=(*elements, card, *header, *body), impacts=impacts)


def threat_card(catalog: Catalog, threat: Threat, t: Theme = THEME) -> Card:
    role = "threat-group" if threat.is_group or catalog.children(threat.id) else "threat"
    data = (("impacts", " ".join(threat.impacts)), ("section", threat.section), ("parent", threat.parent))
    return _card(
        catalog,
        threat.id,
        role,
        threat.label,
        safe_url(threat.url) or "",
        _tooltip(threat.label, threat.summary),
        threat.impacts,
        threat.controls,
        threat.control_groups,
        t.group_header_fill if role == "threat-group" else "",
        data,
        f"detail:{threat.id}",
        t,
    )


def group_card(catalog: Catalog, group: ControlGroup, t: Theme = THEME) -> Card:
    label = f"{group.number} {group.title}" if group.number else group.title
    return _card(
        catalog,
        group.id,
        "control-group",
        label,
        safe_url(group.url) or "",
        _tooltip(label, "Applies to every threat." if group.applies_to_all else "", group.summary),
        (),
        group.controls,
        (),
        t.control_group_header_fill,
        (("section", group.section), ("applies_to_all", "true" if group.applies_to_all else "false")),
        "",
        t,
    )


def other_controls_card(catalog: Catalog, section_id: str, controls: tuple[str, ...], t: Theme = THEME) -> Card:
    """Controls of a section that no threat or group lists, so that every control is on the diagram."""
    ref = f"other-controls-{section_id}"
    return _card(catalog, ref, "other-controls", "Other controls", "", "Controls that no threat or control group lists", (), controls, (), t.control_group_header_fill, (("section", section_id),), "", t)


def moved(element: Element, dx: float, dy: float) -> Element:
    """The element shifted by (dx, dy), with everything it draws."""

    def box(b: Box) -> Box:
        return Box(round(b.x + dx, 3), round(b.y + dy, 3), b.w, b.h)

    return replace(
        element,
        box=box(element.box),
        rects=tuple(replace(r, box=box(r.box)) for r in element.rects),
        texts=tuple(replace(tx, x=round(tx.x + dx, 3), y=round(tx.y + dy, 3)) for tx in element.texts),
        paths=tuple(replace(p, points=tuple((round(x + dx, 3), round(y + dy, 3)) for x, y in p.points)) for p in element.paths),
    )
