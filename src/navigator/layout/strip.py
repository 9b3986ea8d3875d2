"""A layer's header as a strip above its cards: for a canvas too narrow for the header column beside
one column of cards at the wanted text size (a phone, docs/web.md), the layers read one after the
other, each under its number and title."""

from __future__ import annotations

from collections.abc import Sequence

from ..catalog.model import Section
from ..links import safe_url
from ..roles import SECTION, SECTION_TITLE, Role
from ..scene import Box, Element, Rect
from ..text import clean, wrap
from ..theme import Theme
from .cards import baseline, text, tooltip

MAX_LINES = 3


def _label(section: Section) -> str:
    return clean(f"{section.number} {section.title}" if section.number else section.title)


def strip_height(sections: Sequence[Section], width: float, t: Theme) -> float:
    """The tallest strip of these layers' headers at a band's `width` (all strips are this tall, so
    that the bands keep one rhythm)."""
    lead = t.header_title_size * 1.25
    lines = max(len(wrap(_label(s), "bold", t.header_title_size, width - 2 * t.pad, MAX_LINES)[0]) for s in sections)
    return 2 * t.pad + lead * max(lines, 1)


def section_strip(
    section: Section, x: float, y: float, band_w: float, height: float, strip: float, fill: str, t: Theme
) -> list[Element]:
    """The layer's band, its header strip (`strip` tall) across the top, and the title in it as a link."""
    band = Element(
        id=f"{SECTION}{section.id}",
        role=Role.SECTION,
        ref=section.id,
        box=Box(x, y, band_w, height),
        rects=(Rect(Box(x, y, band_w, height), fill=fill), Rect(Box(x, y, band_w, strip), fill=t.header_fill)),
        data=(("section", section.id),),
    )
    lead = t.header_title_size * 1.25
    lines, _ = wrap(_label(section), "bold", t.header_title_size, band_w - 2 * t.pad, MAX_LINES)
    top = y + (strip - lead * len(lines)) / 2  # centred: a one-line title in a strip two lines tall
    texts = tuple(
        text(
            x + t.pad,
            baseline(top + i * lead, lead, t.header_title_size, "bold"),
            line,
            "bold",
            t.header_title_size,
            t.header_ink,
        )
        for i, line in enumerate(lines)
    )
    title = Element(
        id=f"{SECTION_TITLE}{section.id}",
        role=Role.SECTION_TITLE,
        ref=section.id,
        parent=f"{SECTION}{section.id}",
        box=Box(x, y, band_w, strip),
        texts=texts,
        url=safe_url(section.url) or "",
        tooltip=tooltip(section.label, section.summary),
    )
    return [band, title]
