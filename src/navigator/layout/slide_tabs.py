"""Risk tabs that do not share one row at slide size: stacked in rows above the card, each whole.

At 12 points two long risk names ("Train data confidentiality", "Input data confidentiality") are
wider than a slide's column, and the measured card shortens both to "Train data…". On a slide the
tabs go into as many rows as they need instead: the card keeps its bottom row (drawn with it by
`CardDrawer`), the rows above are drawn here, and the card moves down by their height.
"""

from __future__ import annotations

from dataclasses import replace

from ..catalog.model import Catalog
from ..roles import CARD, TAB, Role
from ..scene import Box, Element, Rect, Text, pt
from ..text import clean, metrics, text_width, wrap
from ..theme import Theme, text_on
from .cards import tooltip
from .measure import CardPlan, TabPlan

Rows = tuple[tuple[TabPlan, ...], ...]


def stacked(catalog: Catalog, plan: CardPlan, t: Theme) -> tuple[CardPlan, Rows]:
    """The plan with its bottom row of tabs, whole, and the rows above it (none when one row holds
    them all, as measured)."""
    names = [clean(catalog.impact(tab.impact).short) for tab in plan.tabs]
    if all(tab.label == name for tab, name in zip(plan.tabs, names)):
        return plan, ()
    room = plan.width - 2 * t.tab_inset
    size = t.tab_size
    rows: list[list[TabPlan]] = [[]]
    x = t.tab_inset
    for tab, name in zip(plan.tabs, names):
        label = name
        if text_width(label, "bold", size) + 2 * t.tab_pad > room:  # alone too wide: shortened, as measured
            label = wrap(label, "bold", size, room - 2 * t.tab_pad, 1)[0][0]
        w = text_width(label, "bold", size) + 2 * t.tab_pad
        if rows[-1] and x + w > t.tab_inset + room:
            rows.append([])
            x = t.tab_inset
        rows[-1].append(TabPlan(tab.impact, label, size, x, w))
        x += w + t.tab_gap
    bottom = tuple(rows[-1])
    return replace(plan, tabs=bottom), tuple(tuple(r) for r in rows[:-1])


def height_of(rows: Rows, t: Theme) -> float:
    """How far the rows above push the card down."""
    return len(rows) * (t.tab_height + t.tab_gap)


def upper_tabs(catalog: Catalog, ref: str, rows: Rows, x: float, y: float, t: Theme) -> list[Element]:
    """The tabs of the rows above the card, the first row's top at `y`."""
    out = []
    for r, row in enumerate(rows):
        top = y + r * (t.tab_height + t.tab_gap)
        for tab in row:
            impact = catalog.impact(tab.impact)
            box = Box(pt(x + tab.x), pt(top), pt(tab.w), pt(t.tab_height))
            cap = metrics("bold").cap_height * tab.size / 2
            label = Text(
                pt(x + tab.x + t.tab_pad),
                pt(top + t.tab_height / 2 + cap),
                tab.label,
                "bold",
                tab.size,
                text_on(impact.colour, t),
                pt(text_width(tab.label, "bold", tab.size)),
            )
            out.append(
                Element(
                    id=f"{TAB}{ref}:{tab.impact}",
                    role=Role.TAB,
                    box=box,
                    ref=tab.impact,
                    parent=f"{CARD}{ref}",
                    rects=(Rect(box, impact.colour, "", 0.0, t.card_radius),),
                    texts=(label,),
                    tooltip=tooltip(impact.label, impact.summary),
                    data=(("impact", tab.impact),),
                )
            )
    return out
