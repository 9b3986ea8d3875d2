"""The legend above (or beside) the layers, and the line-setting helpers the chrome shares (the layer
bands' headers and the footer are in `bands.py`, the title in `title.py`)."""

from __future__ import annotations

from collections.abc import Callable

from ..catalog.model import Catalog, ControlType, Impact
from ..roles import LEGEND, Role
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
    rows: list[int] | None = None,
) -> tuple[list[Element], float]:
    """Place legend entries of known widths left to right, wrapping at `width`. `rows`: how many
    lines each entry is tall (default one); a taller one (a risk's name wrapped on a phone) takes
    lines of its own."""
    placed = []
    x = x0
    for i, (w, draw) in enumerate(entries):
        n = rows[i] if rows else 1
        if x > x0 and (x + w > x0 + width or n > 1):
            x, y = x0, y + line_h
        placed.append(draw(x, y))
        if n > 1:
            x, y = x0 + width, y + (n - 1) * line_h  # the rest of its last line stays empty
        x += w + gap
    return placed, y + line_h


def _lines_of(widths: list[float], width: float, gap: float, rows: list[int] | None = None) -> int:
    """How many lines `_flow` needs for entries of these widths (and `rows`)."""
    lines, x = 1, 0.0
    for i, w in enumerate(widths):
        n = rows[i] if rows else 1
        if x > 0 and (x + w > width or n > 1):
            lines, x = lines + 1, 0.0
        if n > 1:
            lines, x = lines + n - 1, width
        x += w + gap
    return lines


def _wrapped(label: str, font: str, size: float, room: float) -> list[str]:
    """A type's or a risk's name in a narrow (stacked) legend: as many lines as it needs, up to three."""
    return list(wrap(label, font, size, max(room, 1.0), 3)[0]) or [""]


class LegendHeight:
    """The legend's height at any width without drawing it: what the packer asks for, hundreds of
    times. Mirrors `legend` (a test holds them equal)."""

    def __init__(self, catalog: Catalog, t: Theme = THEME, note: str = "") -> None:
        self.t = t
        self.note = note or LEGEND_NOTE
        self.head_w = max(text_width(h, "bold", t.legend_heading_size) for h in LEGEND_HEADS) + 8
        self.type_labels = [clean(ct.label) for ct in catalog.control_types]
        self.types = [t.badge + 4 + text_width(label, "regular", t.legend_size) for label in self.type_labels]
        chip = t.legend_chip_size
        self.labels = [clean(i.label) for i in catalog.impacts]
        self.impacts = [text_width(label, "bold", chip) + 2 * t.tab_pad + 2 for label in self.labels]

    def __call__(self, width: float) -> float:
        t = self.t
        size, line_h, pad = t.legend_size, t.legend_size * 2.0, LEGEND_PAD
        inner_w = max(width - 2 * pad, 1.0)
        stacked = _stacked(inner_w, self.head_w)
        entries_w = inner_w if stacked else max(inner_w - self.head_w, 1.0)
        y = pad - (line_h - size * 1.3) / 2 + (3 * line_h if stacked else 0.0)
        if stacked:
            rows = [
                len(_wrapped(label, "regular", t.legend_size, entries_w - t.badge - 4)) for label in self.type_labels
            ]
            y += line_h * _lines_of([min(w, entries_w) for w in self.types], entries_w, 10, rows)
        else:
            y += line_h * _lines_of([min(w, entries_w) for w in self.types], entries_w, 10)
        if stacked:
            rows = [
                len(_wrapped(label, "bold", t.legend_chip_size, entries_w - 2 * t.tab_pad - 2)) for label in self.labels
            ]
            y += line_h * _lines_of([min(w, entries_w) for w in self.impacts], entries_w, 5, rows)
        else:
            y += line_h * _lines_of([min(w, entries_w) for w in self.impacts], entries_w, 5)
        note_lead = size * 1.3
        y += (line_h - note_lead) / 2 + note_lead * len(wrap(self.note, "regular", size, entries_w, 4)[0]) + pad
        return y


LEGEND_HEADS = ("Control types", "Risks", "Reading")
LEGEND_PAD = 6.0
STACK_UNDER = 3.0  # a legend narrower than this many heading columns puts each heading above its entries


def _stacked(inner_w: float, head_w: float) -> bool:
    """Whether the headings go above their entries (a phone), which then have the whole width: beside
    them, most labels would be cut short and risks told apart by their colour alone."""
    return inner_w < STACK_UNDER * head_w


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
    stacked = _stacked(inner_w, head_w)
    entries_x, entries_w = (inner_x, inner_w) if stacked else (inner_x + head_w, max(inner_w - head_w, 1.0))
    out: list[Element] = []
    top = y
    y += pad - (line_h - size * 1.3) / 2

    def heading(label: str, at: float) -> float:
        """Draws the heading at `at`; returns where its entries start (under it when stacked)."""
        out.append(
            Element(
                id=f"{LEGEND}{label.split()[0].lower()}",
                role=Role.LEGEND,
                box=Box(inner_x, at, head_w, line_h),
                texts=(text(inner_x, baseline(at, line_h, size, "bold"), label, "bold", t.legend_heading_size, t.ink),),
            )
        )
        return at + line_h if stacked else at

    def type_entry(ct: ControlType) -> tuple[float, Callable[[float, float], Element], int]:
        room = entries_w - t.badge - 4
        names = (
            _wrapped(clean(ct.label), "regular", size, room)
            if stacked
            else [_fitted(clean(ct.label), "regular", size, room)]
        )
        w = t.badge + 4 + max(text_width(s, "regular", size) for s in names)
        badge = Badge(ct.colour, symbol_of(ct), t.badge, t)

        def draw(ex: float, ey: float) -> Element:
            by = ey + (line_h - t.badge) / 2
            return Element(
                id=f"{LEGEND}type:{ct.id}",
                role=Role.LEGEND_TYPE,
                ref=ct.id,
                box=Box(ex, ey, w, line_h * len(names)),
                rects=(badge.rect(ex, by, snap=False),),
                texts=(
                    badge.text(ex, by),
                    *(
                        text(ex + t.badge + 4, baseline(ey + i * line_h, line_h, size), s, "regular", size, t.ink)
                        for i, s in enumerate(names)
                    ),
                ),
                tooltip=tooltip(ct.label, ct.summary),
                data=(("type", ct.id),),
            )

        return w, draw, len(names)

    def impact_entry(impact: Impact) -> tuple[float, Callable[[float, float], Element], int]:
        chip = t.legend_chip_size
        room = entries_w - 2 * t.tab_pad - 2
        names = (
            _wrapped(clean(impact.label), "bold", chip, room)
            if stacked
            else [_fitted(clean(impact.label), "bold", chip, room)]
        )
        w = max(text_width(s, "bold", chip) for s in names) + 2 * t.tab_pad + 2
        h = t.tab_height + 1
        more = (len(names) - 1) * line_h  # a wrapped name's chip grows by a legend line per line

        def draw(ex: float, ey: float) -> Element:
            by = ey + (line_h - h) / 2
            ink = text_on(impact.colour, t)
            return Element(
                id=f"{LEGEND}impact:{impact.id}",
                role=Role.LEGEND_IMPACT,
                ref=impact.id,
                box=Box(ex, ey, w, line_h + more),
                rects=(Rect(Box(ex, by, w, h + more), fill=impact.colour, radius=t.card_radius),),
                texts=tuple(
                    text(ex + t.tab_pad + 1, baseline(by + i * line_h, h, chip, "bold"), s, "bold", chip, ink)
                    for i, s in enumerate(names)
                ),
                tooltip=tooltip(impact.label, impact.summary),
                data=(("impact", impact.id),),
            )

        return w, draw, len(names)

    y = heading(heads[0], y)
    types = [type_entry(ct) for ct in catalog.control_types]
    placed, y = _flow([(w, d) for w, d, _ in types], entries_x, y, entries_w, line_h, 10, [n for *_, n in types])
    out += placed
    y = heading(heads[1], y)
    impacts = [impact_entry(i) for i in catalog.impacts]
    placed, y = _flow([(w, d) for w, d, _ in impacts], entries_x, y, entries_w, line_h, 5, [n for *_, n in impacts])
    out += placed
    y = heading(heads[2], y)
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
