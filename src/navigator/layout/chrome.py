"""Everything around the cards: title, legend, layer headers and bands, footer."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from .. import __version__
from ..catalog.model import Catalog, ControlType, Impact, Section
from ..links import safe_url
from ..roles import LEGEND, SECTION, SECTION_SUMMARY, SECTION_TITLE, Role
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


def title_block(
    catalog: Catalog, filters: str, x: float, y: float, width: float, t: Theme = THEME, compared: str = ""
) -> tuple[list[Element], float]:
    m = catalog.meta
    out: list[Element] = []
    lead = t.page_title_size * 1.2
    host = urlsplit(m.source).hostname or ""
    host_w = text_width(host, "bold", 13) if host else 0.0
    title_lines, _ = wrap(m.title, "bold", t.page_title_size, max(width - host_w - 40, 200), 2)
    out.append(
        Element(
            id="title",
            role=Role.TITLE_BLOCK,
            box=Box(x, y, width - host_w - 20, lead * len(title_lines)),
            texts=_lines(x, y, title_lines, "bold", t.page_title_size, lead, t.title_ink),
        )
    )
    if host:
        out.append(
            Element(
                id="source-link",
                role=Role.SOURCE_LINK,
                box=Box(x + width - host_w, y, host_w, lead),
                texts=(text(x + width, baseline(y, lead, 13, "bold"), host, "bold", 13, t.link, "end"),),
                url=safe_url(m.source) or "",
                tooltip=tooltip(m.name, m.source),
            )
        )
    y += lead * len(title_lines) + 2
    sub = f"Generated from the {m.name}, version {m.version} of {m.date}. Licence {m.licence}."
    lines, _ = wrap(sub, "regular", t.subtitle_size, width, 2)
    lead = t.subtitle_size * 1.4
    out.append(
        Element(
            id="subtitle",
            role=Role.SUBTITLE,
            box=Box(x, y, width, lead * len(lines)),
            texts=_lines(x, y, lines, "regular", t.subtitle_size, lead, t.muted),
        )
    )
    y += lead * len(lines)
    if filters:
        lines, _ = wrap(f"Filtered view - {filters}", "bold", t.subtitle_size, width, 3)
        out.append(
            Element(
                id="filters",
                role=Role.FILTERS,
                box=Box(x, y, width, lead * len(lines)),
                texts=_lines(x, y, lines, "bold", t.subtitle_size, lead, t.filters_ink),
            )
        )
        y += lead * len(lines)
    if compared:  # build --compare: what the diagram is compared with (layout/compared.py)
        lines, _ = wrap(compared, "bold", t.subtitle_size, width, 2)
        out.append(
            Element(
                id="compared",
                role=Role.CHANGES,
                box=Box(x, y, width, lead * len(lines)),
                texts=_lines(x, y, lines, "bold", t.subtitle_size, lead, t.changed_fill),
            )
        )
        y += lead * len(lines)
    return out, y


def _flow(
    entries: list[tuple[float, Callable[[float, float], Element]]],
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


LegendEntry = tuple[float, Callable[[float, float], Element]]


def legend(
    catalog: Catalog,
    x: float,
    y: float,
    width: float,
    t: Theme = THEME,
    more: tuple[tuple[str, list[LegendEntry]], ...] = (),
) -> tuple[list[Element], float]:
    """The legend; `more` adds lines of (heading, entries) after the risks (build --compare's tags)."""
    size, line_h = t.legend_size, t.legend_size * 2.3
    head_w = (
        max(text_width(h, "bold", t.legend_heading_size) for h in ("Control types", "Risks (impacts)", "Links")) + 10
    )
    out: list[Element] = []
    top = y

    def heading(label: str, at: float) -> None:
        out.append(
            Element(
                id=f"{LEGEND}{label.split()[0].lower()}",
                role=Role.LEGEND,
                box=Box(x, at, head_w, line_h),
                texts=(text(x, baseline(at, line_h, size, "bold"), label, "bold", size, t.ink),),
            )
        )

    def type_entry(ct: ControlType) -> tuple[float, Callable[[float, float], Element]]:
        label = clean(ct.label)
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
        label = clean(impact.label)
        chip = size * 0.92
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

    heading("Control types", y)
    placed, y = _flow([type_entry(ct) for ct in catalog.control_types], x + head_w, y, width - head_w, line_h, 14)
    out += placed
    heading("Risks (impacts)", y)
    placed, y = _flow([impact_entry(i) for i in catalog.impacts], x + head_w, y, width - head_w, line_h, 8)
    out += placed
    for label, entries in more:
        heading(label, y)
        placed, y = _flow(entries, x + head_w, y, width - head_w, line_h, 14)
        out += placed

    note = (
        "Blue titles and every control name are links to the item's own page. A card's (i) "
        "opens its detail page in the PDF. \u201cSee\u201d rows refer to a control group's "
        "card. Sub-threats hang to the right of their group and inherit its controls."
    )
    heading("Links", y)
    lines, _ = wrap(note, "regular", size, width - head_w, 3)
    out.append(
        Element(
            id=f"{LEGEND}note",
            role=Role.LEGEND,
            box=Box(x + head_w, y, width - head_w, line_h * len(lines)),
            texts=_lines(x + head_w, y, lines, "regular", size, line_h, t.ink),
        )
    )
    y += line_h * len(lines)
    frame = Element(
        id="legend",
        role=Role.LEGEND_FRAME,
        box=Box(x - 8, top - 6, width + 16, y - top + 12),
        rects=(
            Rect(
                Box(x - 8, top - 6, width + 16, y - top + 12),
                fill=t.legend_fill,
                stroke=t.legend_stroke,
                stroke_width=0.6,
                radius=4,
            ),
        ),
    )
    return [frame, *out], y + 6


def section_header(
    section: Section, x: float, y: float, band_w: float, height: float, fill: str, t: Theme = THEME
) -> list[Element]:
    """The layer's band and its header column (number, title as a link, summary)."""
    hw = t.header_width
    inner = hw - 2 * t.pad - 4
    band = Element(
        id=f"{SECTION}{section.id}",
        role=Role.SECTION,
        ref=section.id,
        box=Box(x, y, band_w, height),
        rects=(Rect(Box(x, y, band_w, height), fill=fill), Rect(Box(x, y, hw, height), fill=t.header_fill)),
        data=(("section", section.id),),
    )
    top = y + t.band_pad
    texts = []
    if section.number:
        lead = t.header_number_size * 1.05
        texts.append(
            text(
                x + t.pad + 4,
                baseline(top, lead, t.header_number_size, "bold"),
                clean(section.number),
                "bold",
                t.header_number_size,
                t.header_ink,
            )
        )
        top += lead + 4
    lead = t.header_title_size * 1.25
    lines, _ = wrap(section.title, "bold", t.header_title_size, inner, 4)
    title = Element(
        id=f"{SECTION_TITLE}{section.id}",
        role=Role.SECTION_TITLE,
        ref=section.id,
        parent=f"{SECTION}{section.id}",
        box=Box(x, y, hw, top - y + lead * len(lines)),
        texts=(*texts, *_lines(x + t.pad + 4, top, lines, "bold", t.header_title_size, lead, t.header_ink)),
        url=safe_url(section.url) or "",
        tooltip=tooltip(section.label, section.summary),
    )
    top += lead * len(lines) + 6
    out = [band, title]
    if section.summary:
        lead = t.header_summary_size * 1.35
        avail = max(int((y + height - t.band_pad - top) // lead), 0)
        lines, _ = wrap(section.summary, "regular", t.header_summary_size, inner, avail)
        if lines:
            out.append(
                Element(
                    id=f"{SECTION_SUMMARY}{section.id}",
                    role=Role.SECTION_SUMMARY,
                    ref=section.id,
                    parent=f"{SECTION}{section.id}",
                    box=Box(x, top, hw, lead * len(lines)),
                    texts=_lines(x + t.pad + 4, top, lines, "regular", t.header_summary_size, lead, t.header_muted),
                )
            )
    return out


def section_header_height(section: Section, t: Theme = THEME) -> float:
    """The least height a layer needs for its header column to show its number, title and summary."""
    inner = t.header_width - 2 * t.pad - 4
    h = 2 * t.band_pad
    if section.number:
        h += t.header_number_size * 1.05 + 4
    h += t.header_title_size * 1.25 * len(wrap(section.title, "bold", t.header_title_size, inner, 4)[0]) + 6
    if section.summary:
        h += (
            t.header_summary_size
            * 1.35
            * min(len(wrap(section.summary, "regular", t.header_summary_size, inner, 12)[0]), 6)
        )
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
