"""Everything around the cards: title, legend, layer headers and bands, footer."""

from __future__ import annotations

from collections.abc import Callable

from .. import __version__
from ..catalog.model import Catalog, ControlType, Impact, Section
from ..links import safe_url
from ..roles import LAYER_LINK, LEGEND, SECTION, SECTION_SUMMARY, SECTION_TITLE, Role
from ..scene import Box, Element, Rect, Text
from ..text import clean, text_width, wrap
from ..theme import THEME, Theme, text_on
from .cards import Badge, baseline, symbol_of, text, tooltip


def _lines(
    x: float, top: float, lines: tuple[str, ...], font: str, size: float, leading: float, colour: str
) -> tuple[Text, ...]:
    return tuple(
        text(x, baseline(top + i * leading, leading, size, font), line, font, size, colour)
        for i, line in enumerate(lines)
    )


LegendEntry = tuple[float, Callable[[float, float], Element]]


def _flow(
    entries: list[LegendEntry],
    x0: float,
    y: float,
    width: float,
    line_h: float,
    gap: float,
) -> tuple[list[Element], float]:
    """Place legend entries of known widths left to right, wrapping at `width`."""
    placed = []
    x = x0
    for w, draw in entries:
        if x > x0 and x + w > x0 + width:
            x, y = x0, y + line_h
        placed.append(draw(x, y))
        x += w + gap
    return placed, y + line_h


def _lines_of(widths: list[float], width: float, gap: float) -> int:
    """How many lines `_flow` needs for entries of these widths."""
    lines, x = 1, 0.0
    for w in widths:
        if x > 0 and x + w > width:
            lines, x = lines + 1, 0.0
        x += w + gap
    return lines


class LegendHeight:
    """The legend's height at any width without drawing it: what the packer asks for, hundreds of
    times. Mirrors `legend` (a test holds them equal)."""

    def __init__(self, catalog: Catalog, t: Theme = THEME, note: str = "") -> None:
        self.t = t
        self.note = note or LEGEND_NOTE
        self.head_w = max(text_width(h, "bold", t.legend_heading_size) for h in LEGEND_HEADS) + 8
        self.types = [
            t.badge + 4 + text_width(clean(ct.label), "regular", t.legend_size) for ct in catalog.control_types
        ]
        chip = t.legend_chip_size
        self.impacts = [text_width(clean(i.label), "bold", chip) + 2 * t.tab_pad + 2 for i in catalog.impacts]

    def __call__(self, width: float) -> float:
        t = self.t
        size, line_h, pad = t.legend_size, t.legend_size * 2.0, LEGEND_PAD
        entries_w = max(max(width - 2 * pad, 1.0) - self.head_w, 1.0)
        y = pad - (line_h - size * 1.3) / 2
        y += line_h * _lines_of([min(w, entries_w) for w in self.types], entries_w, 10)
        y += line_h * _lines_of([min(w, entries_w) for w in self.impacts], entries_w, 5)
        note_lead = size * 1.3
        y += (line_h - note_lead) / 2 + note_lead * len(wrap(self.note, "regular", size, entries_w, 4)[0]) + pad
        return y


LEGEND_HEADS = ("Control types", "Risks", "Reading")
LEGEND_PAD = 6.0
LEGEND_NOTE = (
    "Blue titles and every control name link to the item's own page; a card's (i) opens its detail "
    "page in the PDF. \u201cSee\u201d rows refer to a control group's card. Sub-threats are joined to their "
    "group by a line and inherit its controls; one without tabs hits its group's risks."
)
CLICK_NOTE = (  # for a medium that answers clicks (the web view): what clicking does there
    "Click a card or a control name to see what it relates to and its details. \u201cSee\u201d rows refer to "
    "a control group's card. Sub-threats are joined to their group by a line and inherit its controls; one "
    "without tabs hits its group's risks."
)


def legend(
    catalog: Catalog,
    x: float,
    y: float,
    width: float,
    t: Theme = THEME,
    height: float | None = None,
    note: str = "",
) -> tuple[list[Element], float]:
    """A compact legend in a frame whose outer box starts at (x, y) and is `width` wide (and at least
    `height` tall): control types, risks, how to read the cards. Labels too long for the width are
    shortened with an ellipsis (the tooltip keeps them whole)."""
    size, line_h, pad = t.legend_size, t.legend_size * 2.0, LEGEND_PAD
    heads = LEGEND_HEADS
    head_w = max(text_width(h, "bold", t.legend_heading_size) for h in heads) + 8
    inner_x, inner_w = x + pad, max(width - 2 * pad, 1.0)
    entries_x, entries_w = inner_x + head_w, max(inner_w - head_w, 1.0)
    out: list[Element] = []
    top = y
    y += pad - (line_h - size * 1.3) / 2

    def heading(label: str, at: float) -> None:
        out.append(
            Element(
                id=f"{LEGEND}{label.split()[0].lower()}",
                role=Role.LEGEND,
                box=Box(inner_x, at, head_w, line_h),
                texts=(text(inner_x, baseline(at, line_h, size, "bold"), label, "bold", t.legend_heading_size, t.ink),),
            )
        )

    def type_entry(ct: ControlType) -> tuple[float, Callable[[float, float], Element]]:
        room = entries_w - t.badge - 4
        label = _fitted(clean(ct.label), "regular", size, room)
        w = t.badge + 4 + text_width(label, "regular", size)
        badge = Badge(ct.colour, symbol_of(ct), t.badge, t)

        def draw(ex: float, ey: float) -> Element:
            by = ey + (line_h - t.badge) / 2
            return Element(
                id=f"{LEGEND}type:{ct.id}",
                role=Role.LEGEND_TYPE,
                ref=ct.id,
                box=Box(ex, ey, w, line_h),
                rects=(badge.rect(ex, by, snap=False),),
                texts=(
                    badge.text(ex, by),
                    text(ex + t.badge + 4, baseline(ey, line_h, size), label, "regular", size, t.ink),
                ),
                tooltip=tooltip(ct.label, ct.summary),
                data=(("type", ct.id),),
            )

        return w, draw

    def impact_entry(impact: Impact) -> tuple[float, Callable[[float, float], Element]]:
        chip = t.legend_chip_size
        label = _fitted(clean(impact.label), "bold", chip, entries_w - 2 * t.tab_pad - 2)
        w = text_width(label, "bold", chip) + 2 * t.tab_pad + 2
        h = t.tab_height + 1

        def draw(ex: float, ey: float) -> Element:
            by = ey + (line_h - h) / 2
            return Element(
                id=f"{LEGEND}impact:{impact.id}",
                role=Role.LEGEND_IMPACT,
                ref=impact.id,
                box=Box(ex, ey, w, line_h),
                rects=(Rect(Box(ex, by, w, h), fill=impact.colour, radius=t.card_radius),),
                texts=(
                    text(
                        ex + t.tab_pad + 1,
                        baseline(by, h, chip, "bold"),
                        label,
                        "bold",
                        chip,
                        text_on(impact.colour, t),
                    ),
                ),
                tooltip=tooltip(impact.label, impact.summary),
                data=(("impact", impact.id),),
            )

        return w, draw

    heading(heads[0], y)
    placed, y = _flow([type_entry(ct) for ct in catalog.control_types], entries_x, y, entries_w, line_h, 10)
    out += placed
    heading(heads[1], y)
    placed, y = _flow([impact_entry(i) for i in catalog.impacts], entries_x, y, entries_w, line_h, 5)
    out += placed
    heading(heads[2], y)
    note_lead = size * 1.3
    lines, _ = wrap(note or LEGEND_NOTE, "regular", size, entries_w, 4)
    y += (line_h - note_lead) / 2
    out.append(
        Element(
            id=f"{LEGEND}note",
            role=Role.LEGEND,
            box=Box(entries_x, y, entries_w, note_lead * len(lines)),
            texts=_lines(entries_x, y, lines, "regular", size, note_lead, t.ink),
        )
    )
    y += note_lead * len(lines) + pad
    bottom = max(y, top + height) if height is not None else y
    box = Box(x, top, width, bottom - top)
    frame = Element(
        id="legend",
        role=Role.LEGEND_FRAME,
        box=box,
        rects=(Rect(box, fill=t.legend_fill, stroke=t.legend_stroke, stroke_width=0.6, radius=4),),
    )
    return [frame, *out], bottom


def _fitted(label: str, font: str, size: float, room: float) -> str:
    """`label`, or as much of it as fits `room` with an ellipsis."""
    if text_width(label, font, size) <= room:
        return label
    lines, _ = wrap(label, font, size, max(room, 0.0), 1)
    cut = lines[0] if lines else ""
    return cut if text_width(cut, font, size) <= room else ""


def section_header(
    section: Section,
    x: float,
    y: float,
    band_w: float,
    height: float,
    fill: str,
    t: Theme = THEME,
    link: tuple[str, str] | None = None,
) -> list[Element]:
    """The layer's band and its header column (number, title as a link, as much of the summary as
    fits, and `link`: (label, destination) of the layer's own pages, when it has them)."""
    hw = t.header_width
    inner = hw - 2 * t.pad
    band = Element(
        id=f"{SECTION}{section.id}",
        role=Role.SECTION,
        ref=section.id,
        box=Box(x, y, band_w, height),
        rects=(Rect(Box(x, y, band_w, height), fill=fill), Rect(Box(x, y, hw, height), fill=t.header_fill)),
        data=(("section", section.id),),
    )
    tx = x + t.pad
    top = y + t.band_pad
    texts = []
    if section.number:
        lead = t.header_number_size * 1.05
        number = clean(section.number)
        texts.append(
            text(
                tx,
                baseline(top, lead, t.header_number_size, "bold"),
                number,
                "bold",
                t.header_number_size,
                t.header_ink,
            )
        )
        top += lead + 3
    lead = t.header_title_size * 1.2
    lines, _ = wrap(section.title, "bold", t.header_title_size, inner, 4)
    title = Element(
        id=f"{SECTION_TITLE}{section.id}",
        role=Role.SECTION_TITLE,
        ref=section.id,
        parent=f"{SECTION}{section.id}",
        box=Box(x, y, hw, top - y + lead * len(lines)),
        texts=(*texts, *_lines(tx, top, lines, "bold", t.header_title_size, lead, t.header_ink)),
        url=safe_url(section.url) or "",
        tooltip=tooltip(section.label, section.summary),
    )
    top += lead * len(lines) + 4
    out = [band, title]
    bottom = y + height - t.band_pad
    if link is not None:
        label, target = link
        lead = t.header_summary_size * 1.6
        label = _fitted(label, "bold", t.header_summary_size, inner)
        bottom -= lead
        out.append(
            Element(
                id=f"{LAYER_LINK}{section.id}",
                role=Role.LAYER_LINK,
                ref=section.id,
                parent=f"{SECTION}{section.id}",
                box=Box(x, bottom, hw, lead),
                texts=(
                    text(
                        tx,
                        baseline(bottom, lead, t.header_summary_size, "bold"),
                        label,
                        "bold",
                        t.header_summary_size,
                        t.header_ink,
                    ),
                ),
                target=target,
                tooltip=f"{clean(section.label)}: every card at a legible size",
            )
        )
        bottom -= 3
    if section.summary:
        lead = t.header_summary_size * 1.3
        avail = int((bottom - top) // lead)
        lines = wrap(section.summary, "regular", t.header_summary_size, inner, avail)[0] if avail > 0 else ()
        if lines:
            out.append(
                Element(
                    id=f"{SECTION_SUMMARY}{section.id}",
                    role=Role.SECTION_SUMMARY,
                    ref=section.id,
                    parent=f"{SECTION}{section.id}",
                    box=Box(x, top, hw, lead * len(lines)),
                    texts=_lines(tx, top, lines, "regular", t.header_summary_size, lead, t.header_muted),
                )
            )
    return out


def section_header_height(section: Section, t: Theme = THEME, link: bool = False) -> float:
    """The least height a layer needs for its header column to show its number and title (and the
    link to its pages); the summary takes what room the cards leave."""
    inner = t.header_width - 2 * t.pad
    h = 2 * t.band_pad
    if section.number:
        h += t.header_number_size * 1.05 + 3
    h += t.header_title_size * 1.2 * len(wrap(section.title, "bold", t.header_title_size, inner, 4)[0])
    if link:
        h += 4 + t.header_summary_size * 1.6
    return h


def footer(catalog: Catalog, x: float, y: float, width: float, t: Theme = THEME) -> tuple[list[Element], float]:
    m = catalog.meta
    lead = t.footer_size * 1.45
    text = f"{m.name} {m.version} ({m.date}), {m.source} - licence {m.licence}. Made with navigator {__version__}."
    if m.description:
        text = f"{m.description} {text}"
    lines, _ = wrap(text, "regular", t.footer_size, width, 3)
    element = Element(
        id="footer",
        role=Role.FOOTER,
        box=Box(x, y, width, lead * len(lines)),
        texts=_lines(x, y, lines, "regular", t.footer_size, lead, t.muted),
        url=safe_url(m.source) or "",
    )
    return [element], y + lead * len(lines)
