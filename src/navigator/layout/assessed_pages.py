"""What a tailored build adds to a threat's detail page: why the threat applies (the questionnaire's
sentences), its coverage, and each control's status with its owner and note (`DetailPages` calls
these when it has an assessment)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..annotations import Assessed
from ..roles import STATUS, Role
from ..scene import Box, Detail, DetailControl, Element
from .assessed import NAMES, bar, mark_shapes, percent, status_colour
from .typeset import line

if TYPE_CHECKING:
    from .detail_pages import Block, DetailPages, Strip


def why(pages: DetailPages, d: Detail, assessed: Assessed) -> Iterator[Block]:
    """ "Why it applies" (or why it is kept in, not answered), its reasons as a list, and the coverage."""
    from .detail_pages import MARGIN, Strip, block

    mark = assessed.threats.get(d.id)
    if mark is None:
        return
    t = pages.t
    answered = mark.verdict != "not-answered"
    yield pages._heading(f"{d.id}:why", "Why it applies" if answered else "Why it is shown: not answered")
    for i, reason in enumerate(mark.because):
        strips = pages._paragraph(f"{d.id}:why:{i}", reason, "regular", 10, 14, t.ink, MARGIN + 12, pages.inner - 12)
        if strips:
            bullet = line(f"{d.id}:why:{i}:bullet", Role.TEXT, MARGIN + 2, 0.0, "\u2022", "regular", 10, t.muted, 14)
            strips[0] = Strip(strips[0].height, (bullet, *strips[0].elements))
        yield block(strips, space_before=2 if i else 0)
    figure = percent(mark.coverage)
    words = (
        f"Coverage {figure}: the share of its controls marked in place (implemented 1, partial 1/2; "
        "not applicable ones left out)."
        if mark.coverage is not None
        else "Coverage n/a: no control is left to count."
    )
    head = Element(
        id=f"{d.id}:coverage",
        role=Role.COVERAGE,
        box=Box(MARGIN, 0.0, 60.0, 14.0),
        rects=bar(MARGIN, 7.0, 60.0, 6.0, mark.coverage, t),
        data=(("coverage", figure),),
    )
    strips = pages._paragraph(f"{d.id}:coverage-text", words, "regular", 9, 13, t.ink, MARGIN + 68, pages.inner - 68)
    if strips:
        strips[0] = Strip(max(strips[0].height, 14.0), (head, *strips[0].elements))
    yield block(strips, space_before=8, keep=True)


def status_strips(pages: DetailPages, c: DetailControl, assessed: Assessed) -> list[Strip]:
    """The control's status mark and name, its owner and note, under its name on a detail page."""
    from .detail_pages import INDENT, MARGIN, Strip

    t = pages.t
    status = assessed.statuses.get(c.id, "")
    owner, note = assessed.notes.get(c.id, ("", ""))
    words = f"Status: {NAMES.get(status, status)}" + (f" \u00b7 owner: {owner}" if owner else "")
    words += f" \u00b7 {note}" if note else ""
    x = MARGIN + INDENT
    d = 9.0
    strips = pages._paragraph(
        f"{STATUS}{c.id}:{c.via}", words, "regular", 8.5, 12.5, t.ink, x + d + 5, pages.inner - INDENT - d - 5
    )
    if strips:
        rects, paths = mark_shapes(status, x + d / 2, 6.25, d, t, t.background)
        symbol = Element(
            id=f"{STATUS}{c.id}:{c.via}:mark",
            role=Role.STATUS,
            ref=c.id,
            box=Box(x, 1.0, d, d),
            rects=rects,
            paths=paths,
            tooltip=f"Status: {NAMES.get(status, status)}",
            data=(("status", status or "unmarked"), ("colour", status_colour(status, t))),
        )
        strips[0] = Strip(strips[0].height, (symbol, *strips[0].elements))
    return strips
