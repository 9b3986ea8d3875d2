"""The title block above the layers: the catalog's title, its source's host as a link, what it was
generated from and, for a filtered view, what the filter shows."""

from __future__ import annotations

from urllib.parse import urlsplit

from ..catalog.model import Catalog
from ..links import safe_url
from ..roles import Role
from ..scene import Box, Element
from ..text import text_width, wrap
from ..theme import THEME, Theme
from .cards import baseline, text, tooltip
from .chrome import _lines

NARROW_TITLE = 0.5  # the title's size on a canvas too narrow for the host beside it (a phone), of the theme's
NARROW_SOURCE = 0.7  # the host's


def title_block(
    catalog: Catalog, filters: str, x: float, y: float, width: float, t: Theme = THEME, compared: str = ""
) -> tuple[list[Element], float]:
    """`compared`: the line saying what the diagram is compared with (build --compare)."""
    m = catalog.meta
    out: list[Element] = []
    host = urlsplit(m.source).hostname or ""
    beside = width - (text_width(host, "bold", t.source_size) if host else 0.0) - 40 >= 200
    # else (a phone) the host goes on its own line under the title, and both are smaller: the page's
    # own bar names the navigator already, and a poster's title would fill the first screen
    title_size = t.page_title_size * (1.0 if beside else NARROW_TITLE)
    source_size = t.source_size * (1.0 if beside else NARROW_SOURCE)
    lead = title_size * 1.2
    host_w = text_width(host, "bold", source_size) if host else 0.0
    room = width - host_w - 40 if beside else width
    title_lines, _ = wrap(m.title, "bold", title_size, room, 2 if beside else 4)
    out.append(
        Element(
            id="title",
            role=Role.TITLE_BLOCK,
            box=Box(x, y, (width - host_w - 20) if beside else width, lead * len(title_lines)),
            texts=_lines(x, y, title_lines, "bold", title_size, lead, t.title_ink),
        )
    )
    y += lead * len(title_lines) + 2
    if host:
        host_lead = lead if beside else source_size * 1.4
        hy, hx, anchor = (y - lead * len(title_lines) - 2, x + width, "end") if beside else (y, x, "start")
        out.append(
            Element(
                id="source-link",
                role=Role.SOURCE_LINK,
                box=Box(x + width - host_w if beside else x, hy, host_w, host_lead),
                texts=(
                    text(hx, baseline(hy, host_lead, source_size, "bold"), host, "bold", source_size, t.link, anchor),
                ),
                url=safe_url(m.source) or "",
                tooltip=tooltip(m.name, m.source),
            )
        )
        if not beside:
            y += host_lead
    sub = f"Generated from the {m.name}, version {m.version} of {m.date}. Licence {m.licence}."
    lines_of = [("subtitle", Role.SUBTITLE, sub, "regular", 2 if beside else 4, t.muted)]
    if filters:
        lines_of.append(("filters", Role.FILTERS, f"Filtered view - {filters}", "bold", 3, t.filters_ink))
    if compared:  # build --compare: what the diagram is compared with (layout/compared.py)
        lines_of.append(("compared", Role.CHANGES, compared, "bold", 2, t.changed_fill))
    lead = t.subtitle_size * 1.4
    for element_id, role, words, font, most, colour in lines_of:
        lines, _ = wrap(words, font, t.subtitle_size, width, most)
        out.append(
            Element(
                id=element_id,
                role=role,
                box=Box(x, y, width, lead * len(lines)),
                texts=_lines(x, y, lines, font, t.subtitle_size, lead, colour),
            )
        )
        y += lead * len(lines)
    return out, y
