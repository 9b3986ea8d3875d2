"""The layer bands' header column and the footer line: what frames the cards on page 1."""

from __future__ import annotations

from .. import __version__
from ..catalog.model import Catalog, Section
from ..links import safe_url
from ..roles import LAYER_LINK, SECTION, SECTION_SUMMARY, SECTION_TITLE, Role
from ..scene import Box, Element, Rect
from ..text import clean, wrap
from ..theme import THEME, Theme
from .cards import baseline, text, tooltip
from .chrome import _fitted, _lines


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
