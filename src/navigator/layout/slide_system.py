"""A tailored deck's last slide: what its marks mean, and the system's coverage per risk.

The PDF of a tailored build opens with a summary page (`summary.py`); a deck is shown, not read, so
its summary is one slide at slide sizes: the "Your system" legend (each status by its symbol and
name, the coverage bar, the "not answered" tag) and a bar per risk with its figure, then overall.
"""

from __future__ import annotations

from dataclasses import replace

from ..annotations import Assessed
from ..catalog.model import Catalog
from ..roles import PageKind, Role
from ..scene import Box, Element, Page, pt
from ..text import clean, text_width, wrap
from ..theme import Theme
from . import assessed as tailor
from .slide_chrome import FOOT_H, HEAD_H, MARGIN, MIN_TEXT, foot, heading
from .typeset import line

SYSTEM_PAGE = "legend:system"
ROW = 24.0  # a risk's line
BAR = 8.0  # its bar's height


def system_slide(
    catalog: Catalog, assessed: Assessed, count: int, size: tuple[float, float], t: Theme, st: Theme
) -> Page:
    """The slide, numbered `count` of `count`; `st` the slide theme (its marks twice the document's)."""
    width, height = size
    out = heading(SYSTEM_PAGE, "", "Your system: status marks and coverage", "", "", catalog, width, t)
    sizes = replace(st, legend_size=MIN_TEXT, legend_heading_size=MIN_TEXT)
    rows, y = tailor.legend(MARGIN + 8.0, HEAD_H + 30.0, width - 2 * MARGIN - 16.0, sizes)
    out += rows
    out += _coverage(catalog, assessed, y + 24.0, width, height - MARGIN / 2 - FOOT_H - 8.0, t)
    out += foot(SYSTEM_PAGE, catalog, [], count, count, width, height, t)
    notes = [
        "Each control row's mark is its status in this system: "
        + ", ".join(name for _, name in tailor.STATUS_NAMES)
        + ". Each threat card's coverage is the share of its controls in place: implemented counts whole, "
        "partial half, not applicable ones are left out.",
        "",
        *(f"{clean(catalog.impact(r).label)}: {tailor.percent(v)}" for r, v in assessed.risks),
        f"Overall: {tailor.percent(assessed.overall)}",
    ]
    anchors = ((SYSTEM_PAGE, 0.0, 0.0),)
    return Page(SYSTEM_PAGE, PageKind.LEGEND, width, height, t.background, tuple(out), anchors, notes="\n".join(notes))


def _coverage(catalog: Catalog, assessed: Assessed, top: float, width: float, bottom: float, t: Theme) -> list[Element]:
    """A bar and a figure per risk, then overall; risks that do not fit say how many are left out."""
    entries = [(clean(catalog.impact(r).label), v, f"risk:{r}") for r, v in assessed.risks]
    entries.append(("Overall", assessed.overall, "overall"))
    x = MARGIN + 8.0
    out = [line("system:coverage", Role.LEGEND, x, top, "Coverage per risk", "bold", 14.0, t.ink, 22.0)]
    y = top + 28.0
    label_w = min(max(text_width(label, "bold", MIN_TEXT) for label, _, _ in entries) + 16.0, width * 0.45)
    figure_w = text_width("100%", "bold", MIN_TEXT) + 8.0
    bar_x, bar_w = x + label_w, width - 2 * MARGIN - 16.0 - label_w - figure_w
    room = int((bottom - y) // ROW)
    if len(entries) > room:  # keep overall; say how many risks are left out
        left_out = len(entries) - room + 1
        entries = [*entries[: room - 2], (f"and {left_out} more risks (see the notes)", None, "more"), entries[-1]]
    for label, value, key in entries:
        text = wrap(label, "bold" if key == "overall" else "regular", MIN_TEXT, label_w - 12.0, 1)[0][0]
        font = "bold" if key == "overall" else "regular"
        out.append(line(f"system:{key}", Role.LEGEND, x, y, text, font, MIN_TEXT, t.ink, ROW))
        if key != "more":
            cy = y + ROW / 2
            figure = tailor.percent(value)
            out.append(
                Element(
                    id=f"system:{key}:bar",
                    role=Role.COVERAGE,
                    box=Box(pt(bar_x), pt(cy - BAR / 2), pt(bar_w + figure_w), BAR),
                    rects=tailor.bar(bar_x, cy, bar_w, BAR, value, t),
                    data=(("coverage", figure),),
                )
            )
            out.append(
                line(f"system:{key}:figure", Role.LEGEND, bar_x + bar_w + 8.0, y, figure, "bold", MIN_TEXT, t.ink, ROW)
            )
        y += ROW
    return out
