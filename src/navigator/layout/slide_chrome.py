"""What a slide has around its cards: the heading band, the foot, and the title and legend slides.

Every text here is at least `MIN_TEXT` points on a 960 x 540 (or 720 x 540) point slide, which is
what reads when projected. The heading band takes the layer header's navy, so a deck looks like
the navigator it comes from; the title slide is that navy all over, as the AI Exchange's own banner.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..catalog.model import Catalog
from ..links import safe_url
from ..roles import LEGEND, OVERVIEW, Role
from ..scene import Box, Element, Rect, Text
from ..text import clean, text_width, wrap
from ..theme import Theme, text_on
from .cards import Badge, symbol_of, tooltip
from .typeset import line

MIN_TEXT = 12.0
MARGIN = 32.0
HEAD_H = 58.0
FOOT_H = 18.0
SUMMARY_LINES = 3  # the most a legend entry's summary takes


def _band(id: str, width: float, height: float, fill: str) -> Element:
    return Element(
        id=id,
        role=Role.SLIDE_HEADING,
        box=Box(0.0, 0.0, width, height),
        rects=(Rect(Box(0.0, 0.0, width, height), fill),),
    )


def heading(
    key: str, number: str, title: str, part: str, url: str, catalog: Catalog, width: float, t: Theme
) -> list[Element]:
    """The band across the top: the layer's number (a jump back to the overview), its title (a link
    to its page), which part of it this slide is, and the source's host at the right."""
    out = [_band(f"heading:{key}", width, HEAD_H, t.header_fill)]
    x = MARGIN
    if number:
        n = line(
            f"heading-number:{key}",
            Role.SLIDE_HEADING,
            x,
            10.0,
            number,
            "bold",
            30.0,
            t.header_ink,
            38.0,
            target=OVERVIEW,
        )
        out.append(n)
        x = n.box.right + 14.0
    host = urlsplit(catalog.meta.source).hostname or ""
    host_w = text_width(host, "bold", MIN_TEXT) if host else 0.0
    part_w = text_width(part, "regular", 16.0) + 10.0 if part else 0.0
    room = width - MARGIN - x - part_w - (host_w + 24.0 if host else 0.0)
    lines, _ = wrap(title, "bold", 24.0, max(room, 60.0), 1)
    head = line(
        f"heading-title:{key}",
        Role.SLIDE_HEADING,
        x,
        14.0,
        lines[0] if lines else "",
        "bold",
        24.0,
        t.header_ink,
        30.0,
        url=url,
    )
    out.append(head)
    if part:
        out.append(
            line(
                f"heading-part:{key}",
                Role.SLIDE_HEADING,
                head.box.right + 10.0,
                19.0,
                part,
                "regular",
                16.0,
                t.header_muted,
                24.0,
            )
        )
    if host:
        source = line(
            f"heading-source:{key}",
            Role.SOURCE_LINK,
            width - MARGIN - host_w,
            20.0,
            host,
            "bold",
            MIN_TEXT,
            t.header_muted,
            18.0,
        )
        out.append(
            Element(source.id, source.role, source.box, texts=source.texts, url=safe_url(catalog.meta.source) or "")
        )
    return out


def foot(
    key: str, catalog: Catalog, types: list[str], number: int, count: int, width: float, height: float, t: Theme
) -> list[Element]:
    """The line along the bottom: the badges of the control types on this slide with their short
    names (a compact legend of what appears), and the slide's number (none when `count` is 0)."""
    top = height - MARGIN / 2 - FOOT_H
    out: list[Element] = []
    label = f"{number} / {count}" if count else ""
    label_w = text_width(label, "regular", MIN_TEXT)
    if label:
        out.append(
            line(
                f"foot-number:{key}",
                Role.SLIDE_FOOT,
                width - MARGIN - label_w,
                top,
                label,
                "regular",
                MIN_TEXT,
                t.muted,
                FOOT_H,
            )
        )
    x = MARGIN
    badge_size = 16.7  # its letter, at 0.72 of it, stays 12 points
    for type_id in types:
        ct = catalog.control_type(type_id)
        name = clean(ct.short or ct.label)
        w = badge_size + 5 + text_width(name, "regular", MIN_TEXT)
        if x + w > width - MARGIN - label_w - 20:
            break
        badge = Badge(ct.colour, symbol_of(ct), badge_size, t)
        by = top + (FOOT_H - badge_size) / 2
        entry = line(
            f"foot-type:{key}:{type_id}",
            Role.LEGEND_TYPE,
            x + badge_size + 5,
            top,
            name,
            "regular",
            MIN_TEXT,
            t.muted,
            FOOT_H,
        )
        out.append(
            Element(
                entry.id,
                Role.LEGEND_TYPE,
                Box(x, top, w, FOOT_H),
                ref=type_id,
                rects=(badge.rect(x, by),),
                texts=(badge.text(x, by), *entry.texts),
                tooltip=tooltip(ct.label, ct.summary),
            )
        )
        x += w + 16
    return out


def title_slide(
    catalog: Catalog, filters: str, agenda: list[tuple[str, str, str, str]], width: float, height: float, t: Theme
) -> list[Element]:
    """The first slide: the navigator's title on navy, what it comes from, and a line per part of
    the deck (the overview, each layer, the legend), each a jump to its first slide.

    `agenda`: (id, label, where: "slide 3" or "slides 3-6", destination name)."""
    m = catalog.meta
    left = 64.0
    inner = width - 2 * left
    out = [_band("title-band", width, height, t.header_fill)]
    y = 52.0
    out.append(line("title-source", Role.SUBTITLE, left, y, clean(m.name), "bold", 16.0, t.header_muted, 22.0))
    y += 30.0
    lines, _ = wrap(m.title, "bold", 40.0, inner, 2)
    for i, text in enumerate(lines):
        out.append(line(f"title:{i}", Role.TITLE_BLOCK, left, y, text, "bold", 40.0, t.header_ink, 48.0))
        y += 48.0
    y += 6.0
    sub = f"Version {m.version} of {m.date} \u00b7 licence {m.licence}"
    for i, text in enumerate(wrap(sub, "regular", 16.0, inner, 2)[0]):
        out.append(line(f"title-version:{i}", Role.SUBTITLE, left, y, text, "regular", 16.0, t.header_muted, 22.0))
        y += 22.0
    if filters:
        for i, text in enumerate(wrap(f"Filtered view: {filters}", "bold", 16.0, inner, 2)[0]):
            out.append(line(f"title-filters:{i}", Role.FILTERS, left, y, text, "bold", 16.0, t.header_ink, 22.0))
            y += 22.0
    y += 22.0
    lead = min(30.0, max(20.0, (height - 60.0 - y) / max(len(agenda), 1)))
    size = 18.0 if lead >= 26.0 else 14.0
    for id, label, where, target in agenda:
        if y + lead > height - 60.0:
            break
        entry = line(f"agenda:{id}", Role.INDEX_ENTRY, left, y, label, "bold", size, t.header_ink, lead, target=target)
        out.append(entry)
        out.append(
            line(
                f"agenda-where:{id}",
                Role.INDEX,
                entry.box.right + 10.0,
                y,
                where,
                "regular",
                size * 0.8,
                t.header_muted,
                lead,
            )
        )
        y += lead
    host = urlsplit(m.source).hostname or ""
    if host:
        source = line("title-host", Role.SOURCE_LINK, left, height - 52.0, host, "bold", 16.0, t.header_ink, 22.0)
        out.append(Element(source.id, source.role, source.box, texts=source.texts, url=safe_url(m.source) or ""))
    return out


def legend_slide(catalog: Catalog, width: float, height: float, t: Theme) -> list[Element]:
    """How to read the navigator: each control type's badge and each risk's tab with what they
    mean, and what the cards and links do. Summaries give way (fewer lines, then none) when a
    catalog has more types or risks than the slide holds at this size."""
    out = heading("legend", "", "How to read the navigator", "", "", catalog, width, t)
    top = HEAD_H + 18.0
    bottom = height - MARGIN / 2 - FOOT_H - 8.0
    gap = 28.0
    col_w = (width - 2 * MARGIN - gap) / 2
    left, right = MARGIN, MARGIN + col_w + gap
    note = (
        "Each card is a threat, or a group of threats, with the risks it hits as tabs above it and its "
        "controls as rows; a row's badge is the control's type. Sub-threats hang beneath their group and "
        "inherit its controls; \u201cSee\u201d rows refer to a control group's card. Every threat and "
        "control name links to its page; on the overview slide, a layer or a card opens its own slide."
    )
    note_lines, _ = wrap(note, "regular", MIN_TEXT, col_w, 8)
    note_h = 22.0 + len(note_lines) * 16.0
    types = [(ct.id, clean(ct.label), clean(ct.summary), ct.colour, symbol_of(ct)) for ct in catalog.control_types]
    impacts = [(i.id, clean(i.label), clean(i.summary), i.colour, "") for i in catalog.impacts]
    y = _entries(out, "Control types", "type", types, left, top, col_w, bottom - note_h - 12.0, t)
    _entries(out, "Risks (impacts)", "impact", impacts, right, top, col_w, bottom, t)
    y += 12.0
    out.append(line(f"{LEGEND}cards", Role.LEGEND, left, y, "Cards and links", "bold", 14.0, t.ink, 22.0))
    y += 22.0
    for i, text in enumerate(note_lines):
        out.append(line(f"{LEGEND}note:{i}", Role.LEGEND, left, y, text, "regular", MIN_TEXT, t.ink, 16.0))
        y += 16.0
    return out


def _summary_lines(summaries: list[str], width: float, room: float, head_h: float, lead: float) -> list[int]:
    """Lines for each entry's summary: one each where the column has room, then a second and a third,
    entry by entry, to those that need them, while it still has room (none if one each is too many)."""
    need = [len(wrap(s, "regular", MIN_TEXT, width, SUMMARY_LINES)[0]) if s else 0 for s in summaries]
    budget = int((room - len(summaries) * (head_h + 10.0)) // lead)
    lines = [min(1, n) for n in need]
    if sum(lines) > budget:
        return [0] * len(summaries)
    for level in range(2, SUMMARY_LINES + 1):
        for i, n in enumerate(need):
            if n >= level and sum(lines) < budget:
                lines[i] += 1
    return lines


def _entries(
    out: list[Element],
    heading_text: str,
    kind: str,
    entries: list[tuple[str, str, str, str, str]],
    x: float,
    top: float,
    width: float,
    bottom: float,
    t: Theme,
) -> float:
    """A legend column: a heading, then per entry a marker (badge or tab), its label and summary."""
    out.append(line(f"{LEGEND}{kind}s", Role.LEGEND, x, top, heading_text, "bold", 14.0, t.ink, 22.0))
    y = top + 26.0
    head_h, summary_lead = 20.0, 15.0
    allotted = _summary_lines([e[2] for e in entries], width - 22.0, bottom - y, head_h, summary_lead)
    role = Role.LEGEND_TYPE if kind == "type" else Role.LEGEND_IMPACT
    for (ref, label, summary, colour, symbol), summary_lines in zip(entries, allotted):
        if y + head_h > bottom:
            break
        if symbol:
            badge = Badge(colour, symbol, 16.7, t)
            marker = (badge.rect(x, y + 2.0),)
            texts: tuple[Text, ...] = (badge.text(x, y + 2.0),)
            name = line(f"{LEGEND}{kind}:{ref}", role, x + 22.0, y, label, "bold", MIN_TEXT, t.ink, head_h)
        else:
            label = wrap(label, "bold", MIN_TEXT, width - 10.0, 1)[0][0] if label else label
            label_w = text_width(label, "bold", MIN_TEXT)
            marker = (Rect(Box(x, y, label_w + 10.0, head_h), colour, "", 0.0, 3.0),)
            texts = ()
            name = line(f"{LEGEND}{kind}:{ref}", role, x + 5.0, y, label, "bold", MIN_TEXT, text_on(colour, t), head_h)
        out.append(
            Element(
                name.id,
                role,
                Box(x, y, width, head_h),
                ref=ref,
                rects=marker,
                texts=(*texts, *name.texts),
                data=((kind, ref),),
            )
        )
        y += head_h + 2.0
        if summary and summary_lines and y + summary_lead <= bottom:
            lines, _ = wrap(summary, "regular", MIN_TEXT, width - 22.0, summary_lines)
            for i, text in enumerate(lines):
                out.append(
                    line(
                        f"{LEGEND}{kind}-summary:{ref}:{i}",
                        Role.LEGEND,
                        x + 22.0,
                        y,
                        text,
                        "regular",
                        MIN_TEXT,
                        t.muted,
                        summary_lead,
                    )
                )
                y += summary_lead
        y += 8.0
    return y
