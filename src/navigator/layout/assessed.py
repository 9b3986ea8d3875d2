"""A tailored navigator's marks (`build --answers --status`): a coverage strip on each threat card, a
status mark on each control row, the "not answered" tag, and their legend.

Cards are measured as always (`measure`); `reserve` then widens every card that lists controls by a
status column on its right and lengthens every threat card by a coverage strip at its bottom, so
no wrapped line moves and the packer sees only bigger boxes. Once the cards are drawn, `decorate`
adds the marks by the cards' and rows' element ids and boxes. Each mark is an element of its own
(`status:<card>:<control>`, `coverage:<threat>`, `not-answered:<threat>`), so every output draws it
and the JSON carries it. A status is a symbol and a colour, never colour alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from ..annotations import Assessed
from ..roles import CARD_ROLES, COVERAGE, NOT_ANSWERED, STATUS, THREAT_ROLES, Role
from ..scene import Box, Element, Path, Rect, Text, pt
from ..text import text_width, wrap
from ..theme import THEME, Theme, text_on
from .cards import baseline
from .measure import CardPlan, PartPlan

STRIP = 13.0  # the coverage strip at the bottom of a threat card
COLUMN = 12.0  # the status column on the right of a card with control rows
LABEL_SIZE = 6.0  # the strip's words; the percentage is bold and a little larger
PERCENT_SIZE = 6.6

# status -> how it is called; the order the legend and the summary list them
STATUS_NAMES = (
    ("implemented", "implemented"),
    ("partial", "partial"),
    ("planned", "planned"),
    ("missing", "missing"),
    ("not-applicable", "not applicable"),
    ("", "not marked"),
)
NAMES = dict(STATUS_NAMES)


def status_colour(status: str, t: Theme = THEME) -> str:
    return {
        "implemented": t.status_implemented,
        "partial": t.status_partial,
        "planned": t.status_planned,
        "missing": t.status_missing,
        "not-applicable": t.status_not_applicable,
    }.get(status, t.status_unmarked)


def coverage_colour(value: float, t: Theme = THEME) -> str:
    return t.coverage_low if value < 1 / 3 else t.coverage_mid if value < 2 / 3 else t.coverage_high


def percent(value: float | None) -> str:
    """As `navigator assess` writes it: rounded half up, `n/a` when there is nothing to cover. The
    epsilon makes a float that stands for an exact half (7/40) round as the fraction does."""
    return "n/a" if value is None else f"{int(value * 100 + 0.5 + 1e-9)}%"


# -- marks ------------------------------------------------------------------------------------------


def _circle(cx: float, cy: float, r: float, colour: str, width: float, dash: tuple[float, ...] = ()) -> Path:
    """A circle as a closed 24-sided polyline (a dashed ring, which a rounded rectangle cannot draw;
    a polyline, so that outputs without curves or dashes still draw a ring)."""
    pts = [(cx + r * math.cos(2 * math.pi * i / 24), cy + r * math.sin(2 * math.pi * i / 24)) for i in range(25)]
    return Path(tuple((pt(x), pt(y)) for x, y in pts), colour, width, False, dash)


def mark_shapes(
    status: str, cx: float, cy: float, d: float, t: Theme = THEME, ground: str = ""
) -> tuple[tuple[Rect, ...], tuple[Path, ...]]:
    """The status symbol of diameter `d` centred on (cx, cy): a disc with a check (implemented), a
    half-filled disc (partial), a ring with clock hands (planned), a disc with a cross (missing), a
    disc with a dash (not applicable), a dashed ring (not marked). `ground` is the fill it sits on
    (default: a card's)."""
    ground = ground or t.card_fill
    r = d / 2
    colour = status_colour(status, t)
    box = Box(pt(cx - r), pt(cy - r), pt(d), pt(d))
    disc = Rect(box, colour, "", 0.0, r)
    ink, w = text_on(colour, t), max(d * 0.14, 0.8)

    def line(*points: tuple[float, float]) -> Path:
        return Path(tuple((pt(cx + x * r), pt(cy + y * r)) for x, y in points), ink, w)

    if status == "implemented":
        return (disc,), (line((-0.5, 0.02), (-0.12, 0.42), (0.52, -0.38)),)
    if status == "missing":
        return (disc,), (line((-0.4, -0.4), (0.4, 0.4)), line((-0.4, 0.4), (0.4, -0.4)))
    if status == "not-applicable":
        return (disc,), (line((-0.48, 0.0), (0.48, 0.0)),)
    ring = Rect(box, "", colour, max(d * 0.12, 0.7), r)
    if status == "partial":  # the right half painted over in the ground's fill, then the ring again
        half = Rect(Box(pt(cx), pt(cy - r - 0.2), pt(r + 0.2), pt(d + 0.4)), ground, "", 0.0, 0.0)
        return (disc, half, ring), ()
    if status == "planned":
        hands = Path(((pt(cx), pt(cy - r * 0.6)), (pt(cx), pt(cy)), (pt(cx + r * 0.5), pt(cy))), colour, w)
        return (Rect(box, ground, colour, max(d * 0.12, 0.7), r),), (hands,)
    return (), (_circle(cx, cy, r * 0.92, colour, max(d * 0.11, 0.6), (d * 0.22, d * 0.16)),)


def status_tooltip(assessed: Assessed, control: str) -> str:
    status = assessed.statuses.get(control, "")
    owner, note = assessed.notes.get(control, ("", ""))
    parts = [f"Status: {NAMES.get(status, status)}"]
    parts += [f"owner: {owner}"] if owner else []
    return "\n".join([", ".join(parts), *([note] if note else [])])


def _text(x: float, y: float, s: str, font: str, size: float, colour: str, anchor: str = "start") -> Text:
    return Text(pt(x), pt(y), s, font, size, colour, pt(text_width(s, font, size)), anchor)


def bar(x: float, cy: float, w: float, h: float, value: float | None, t: Theme = THEME) -> tuple[Rect, ...]:
    """A coverage bar: the track, and the covered share in a colour that follows it (the text says the figure)."""
    track = Rect(Box(pt(x), pt(cy - h / 2), pt(w), pt(h)), t.coverage_track, "", 0.0, h / 2)
    if not value:
        return (track,)
    filled = Rect(Box(pt(x), pt(cy - h / 2), pt(max(w * value, h)), pt(h)), coverage_colour(value, t), "", 0.0, h / 2)
    return track, filled


def tag(x: float, cy: float, t: Theme = THEME, size: float = LABEL_SIZE) -> tuple[Rect, Text, float]:
    """The "not answered" tag with its left end at x, centred on cy; returns its width too."""
    label = "not answered"
    w = text_width(label, "bold", size) + 6
    h = size + 3.5
    rect = Rect(Box(pt(x), pt(cy - h / 2), pt(w), pt(h)), t.not_answered_fill, t.not_answered_stroke, 0.6, h / 2)
    return rect, _text(x + 3, cy + _cap(size), label, "bold", size, t.not_answered_ink), w


def _cap(size: float) -> float:
    return baseline(0.0, 0.0, size, "bold")  # half the cap height: a baseline that centres capitals on 0


# -- cards ------------------------------------------------------------------------------------------


def reserve(layers: Sequence[tuple[object, list[PartPlan]]], t: Theme = THEME) -> None:
    """Room for the marks, in place: a status column on cards with control rows, a strip on threat cards."""
    for _, parts in layers:
        for i, part in enumerate(parts):
            parts[i] = replace(part, cards=tuple(with_room(card, t) for card in part.cards))


def with_room(card: CardPlan, t: Theme = THEME) -> CardPlan:
    """The card with room for its marks: `column(t)` wider if it lists controls, a strip longer if a threat."""
    wider = column(t) if any(r.kind == Role.CONTROL for r in card.rows) else 0.0
    taller = STRIP * t.mark_scale if card.role in THREAT_ROLES else 0.0
    return replace(card, width=pt(card.width + wider), height=pt(card.height + taller))


def column(t: Theme = THEME) -> float:
    """The status column's width on a card with control rows."""
    return COLUMN * t.mark_scale


def decorate(elements: list[Element], assessed: Assessed, t: Theme = THEME) -> list[Element]:
    """The marks of the drawn cards: a status mark per control row, a coverage strip per threat card."""
    cards = {e.id: e for e in elements if e.role in CARD_ROLES}
    out: list[Element] = []
    d = t.status_size
    for e in elements:
        if e.role == Role.CONTROL:
            card = cards.get(e.parent)
            if card is None:
                continue
            status = assessed.statuses.get(e.ref, "")
            cx = card.box.right - t.pad - d / 2
            cy = e.box.y + t.row_gap / 2 + t.row_leading / 2
            rects, paths = mark_shapes(status, cx, cy, d, t)
            out.append(
                Element(
                    id=f"{STATUS}{card.ref}:{e.ref}",
                    role=Role.STATUS,
                    box=Box(pt(cx - d / 2 - 1), pt(cy - d / 2 - 1), pt(d + 2), pt(d + 2)),
                    ref=e.ref,
                    parent=e.id,
                    rects=rects,
                    paths=paths,
                    tooltip=status_tooltip(assessed, e.ref),
                    data=(("status", status or "unmarked"),),
                )
            )
        elif e.role in THREAT_ROLES and e.ref in assessed.threats:
            out += _strip(e, assessed, t)
    return out


def _strip(card: Element, assessed: Assessed, t: Theme) -> list[Element]:
    """Along the bottom of a threat card: "not answered" where that is why it is shown, the coverage
    bar, and the percentage."""
    mark = assessed.threats[card.ref]
    box = card.box
    k = t.mark_scale
    strip, label_size, percent_size = STRIP * k, LABEL_SIZE * k, PERCENT_SIZE * k
    top = box.bottom - strip
    cy = top + strip / 2 - 0.5 * k
    left, right = box.x + t.pad, box.right - t.pad
    out: list[Element] = []
    x = left
    if mark.verdict == "not-answered":
        rect, label, w = tag(x, cy, t, label_size)
        out.append(
            Element(
                id=f"{NOT_ANSWERED}{card.ref}",
                role=Role.NOT_ANSWERED,
                box=Box(pt(x), pt(cy - 5 * k), pt(w), pt(10.0 * k)),
                ref=card.ref,
                parent=card.id,
                rects=(rect,),
                texts=(label,),
                tooltip="Kept in: a question that decides whether it applies is not answered",
            )
        )
        x += w + 5 * k
    else:
        word = _text(x, cy + _cap(label_size), "Coverage", "regular", label_size, t.muted)
        out.append(
            Element(id=f"{COVERAGE}{card.ref}:label", role=Role.COVERAGE, box=_line_box(word, cy, k), texts=(word,))
        )
        x += word.width + 5 * k
    figure = percent(mark.coverage)
    number = _text(right, cy + _cap(percent_size), figure, "bold", percent_size, t.ink, "end")
    bar_w = max(right - number.width - 5 * k - x, 12.0 * k)
    rule = Path(((pt(box.x + 0.6), pt(top)), (pt(box.right - 0.6), pt(top))), t.divider, 0.6)
    out.append(
        Element(
            id=f"{COVERAGE}{card.ref}",
            role=Role.COVERAGE,
            box=Box(pt(box.x), pt(top), pt(box.w), pt(strip)),
            ref=card.ref,
            parent=card.id,
            rects=bar(x, cy, bar_w, 4.0 * k, mark.coverage, t),
            texts=(number,),
            paths=(rule,),
            tooltip=(
                f"Coverage {figure}: the share of its controls in place (partial counts half, not applicable ones "
                "are left out)"
                if mark.coverage is not None
                else "Coverage n/a: no control left to count"
            ),
            data=(("coverage", figure), ("verdict", mark.verdict)),
        )
    )
    return out


def _line_box(s: Text, cy: float, k: float = 1.0) -> Box:
    return Box(pt(s.left), pt(cy - 5 * k), pt(s.width), pt(10.0 * k))


# -- legend -----------------------------------------------------------------------------------------


def legend(x: float, y: float, width: float, t: Theme = THEME) -> tuple[list[Element], float]:
    """A framed row under the legend: what the status marks, the coverage bar and the tag mean."""
    size, line_h = t.legend_size, t.legend_size * 2.3
    k = t.mark_scale
    label_size, percent_size = LABEL_SIZE * k, PERCENT_SIZE * k
    head = "Your system"
    head_w = text_width("Risks (impacts)", "bold", t.legend_heading_size) + 10
    out = [
        Element(
            id="legend:assessment",
            role=Role.LEGEND,
            box=Box(x, y, head_w, line_h),
            texts=(_text(x, baseline(y, line_h, size, "bold"), head, "bold", size, t.ink),),
        )
    ]
    d = t.status_size
    entries = [(d + 4 + text_width(name, "regular", size), status or "unmarked") for status, name in STATUS_NAMES]
    cursor_x, cursor_y = x + head_w, y
    right = x + width
    for w, key in entries:
        if cursor_x + w > right and cursor_x > x + head_w:
            cursor_x, cursor_y = x + head_w, cursor_y + line_h
        out.append(_status_entry(key, cursor_x, cursor_y, w, line_h, size, t))
        cursor_x += w + 12 * k
    # the coverage bar and the tag, on a line of their own
    cursor_x, cursor_y = x + head_w, cursor_y + line_h
    cy = cursor_y + line_h / 2
    sample = bar(cursor_x, cy, 40 * k, 4.0 * k, 0.58, t)
    figure = _text(cursor_x + 44 * k, cy + _cap(percent_size), "58%", "bold", percent_size, t.ink)
    words = "coverage: the share of a threat's controls in place (partial counts half; not applicable ones left out)"
    start = figure.x + figure.width + 5 * k
    lines, _ = wrap(words, "regular", size, right - start, 4)  # one line unless the legend is narrow (a slide)
    said = [
        _text(start, baseline(cursor_y + i * line_h, line_h, size), s, "regular", size, t.ink)
        for i, s in enumerate(lines)
    ]
    explain = said[-1]
    out.append(
        Element(
            id="legend:coverage",
            role=Role.LEGEND_STATUS,
            box=Box(cursor_x, cursor_y, max(s.x + s.width for s in said) - cursor_x, line_h * len(said)),
            rects=sample,
            texts=(figure, *said),
        )
    )
    cursor_y += line_h * (len(said) - 1)
    cy = cursor_y + line_h / 2
    cursor_x = explain.x + explain.width + 14 * k
    rect, label, w = tag(cursor_x, cy, t, label_size)
    words = "a question that decides whether it applies is not answered: kept in"
    if cursor_x + w + 5 * k + text_width(words, "regular", size) > right:
        cursor_x, cursor_y = x + head_w, cursor_y + line_h
        cy = cursor_y + line_h / 2
        rect, label, w = tag(cursor_x, cy, t, label_size)
    explain = _text(cursor_x + w + 5 * k, baseline(cursor_y, line_h, size), words, "regular", size, t.ink)
    out.append(
        Element(
            id="legend:not-answered",
            role=Role.LEGEND_STATUS,
            box=Box(cursor_x, cursor_y, explain.x + explain.width - cursor_x, line_h),
            rects=(rect,),
            texts=(label, explain),
        )
    )
    bottom = cursor_y + line_h
    frame = Element(
        id="legend:assessment-frame",
        role=Role.LEGEND_FRAME,
        box=Box(x - 8, y - 6, width + 16, bottom - y + 12),
        rects=(Rect(Box(x - 8, y - 6, width + 16, bottom - y + 12), t.legend_fill, t.legend_stroke, 0.6, 4),),
    )
    return [frame, *out], bottom + 6


def _status_entry(key: str, x: float, y: float, w: float, line_h: float, size: float, t: Theme) -> Element:
    status = "" if key == "unmarked" else key
    d = t.status_size
    rects, paths = mark_shapes(status, x + d / 2, y + line_h / 2, d, t, t.legend_fill)
    label = _text(x + d + 4, baseline(y, line_h, size), NAMES[status], "regular", size, t.ink)
    return Element(
        id=f"legend:status:{key}",
        role=Role.LEGEND_STATUS,
        box=Box(pt(x), pt(y), pt(w), pt(line_h)),
        rects=rects,
        paths=paths,
        texts=(label,),
        data=(("status", key),),
    )
