"""A layer's cards flowed into slides: newspaper columns, sub-threats beneath their group.

Slides are read top to bottom, then left to right, so a layer's parts (control groups, then threat
families by risk, then other controls, as `measure.measure_layers` orders them) go down the first
column, then the next, then onto the next slide. A family is its group card with its sub-threats
stacked beneath it, indented a step per level and hung on a bracket line, as the hand-made
navigator draws them: it needs no `dot`, and a long family simply continues at the top of the next
column, under a "(continued)" line. A card never splits; a group card is never left alone at the
foot of a column. Cards are measured at the column's width (less the indent), at the slide
theme's sizes, so every text keeps its size: only a card taller than a whole column is shrunk.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..catalog.model import Catalog
from ..roles import OTHER_CONTROLS, Role
from ..scene import Path, pt
from ..theme import Theme
from . import assessed as tailor
from .measure import CardPlan, Measurer, PartPlan
from .slide_tabs import Rows, height_of, stacked

INDENT = 16.0  # per level of sub-threats
CONTINUED_H = 20.0  # the "(continued)" line at the top of a column
BALANCE_STEP = 4.0  # how closely balanced columns come to the shortest height that fits
EVEN = 0.6  # the least a layer's slide is filled, as a share of its fullest slide


@dataclass(frozen=True)
class Slot:
    """A card placed on a slide: its plan, where to draw it (its top-left corner, tab strip included,
    in the content area), its shrink factor (1 unless the card is taller than a column), its depth
    in its family, `lift`: the height of a tab strip left out (a sub-threat hitting the same risks
    as the card above it says them once, on that card), which the card is drawn up by, and `upper`:
    rows of risk tabs above the card's own row (`slide_tabs`), which it is drawn down by."""

    plan: CardPlan
    x: float
    y: float
    scale: float
    depth: int
    lift: float = 0.0
    upper: Rows = ()


@dataclass(frozen=True)
class Continued:
    """The line that says a family goes on from the previous column: its group's ref, where it stands."""

    ref: str
    x: float
    y: float
    width: float


@dataclass
class SlideFlow:
    """What one slide of a layer holds, in content-area coordinates."""

    slots: list[Slot]
    paths: list[tuple[str, Path]]  # (the group's ref, a bracket line or tick)
    continued: list[Continued]


@dataclass(frozen=True)
class _Card:
    plan: CardPlan
    depth: int
    lift: float = 0.0  # a tab strip left out
    upper: Rows = ()  # tab rows above the card's own
    above: float = 0.0  # their height

    @property
    def height(self) -> float:
        return self.plan.height - self.lift + self.above


def _remeasure(catalog: Catalog, parts: list[PartPlan], t: Theme, width: float, room: bool) -> list[list[_Card]]:
    """Each part's cards in reading order with their depth, measured at the width their indent
    leaves; a tab strip that repeats its parent's risks is left out, tabs too long for one row
    are stacked. `room`: for a tailored build's marks (`assessed.with_room`), within that width."""
    measurers: dict[int, Measurer] = {}
    narrower = tailor.column(t) if room else 0.0

    def at(depth: int) -> Measurer:
        m = measurers.get(depth)
        if m is None:
            m = measurers[depth] = Measurer(catalog, replace(t, card_width=pt(width - INDENT * depth - narrower)))
        return m

    out = []
    for part in parts:
        depth = {0: 0}
        parent: dict[int, int] = {}
        for a, b in part.edges:
            depth[b] = depth[a] + 1
            parent[b] = a
        cards: list[_Card] = []
        for i, card in enumerate(part.cards):
            m = at(depth.get(i, 0))
            if card.role == Role.CONTROL_GROUP:
                plan = m.group(card.ref)
            elif card.role == Role.OTHER_CONTROLS:
                section = card.ref.removeprefix(OTHER_CONTROLS)
                plan = m.other(section, tuple(r.ref for r in card.rows))
            else:
                plan = m.threat(card.ref)
            if room:
                plan = tailor.with_room(plan, t)
                if not any(r.kind == Role.CONTROL for r in plan.rows):  # no status column: the whole width
                    plan = replace(plan, width=pt(plan.width + narrower))
            if i in parent and plan.impacts == cards[parent[i]].plan.impacts and plan.tabs:
                cards.append(_Card(plan, depth.get(i, 0), lift=t.tab_height))
            else:
                plan, upper = stacked(catalog, plan, t)
                cards.append(_Card(plan, depth.get(i, 0), upper=upper, above=height_of(upper, t)))
        out.append(cards)
    return out


def flow(
    catalog: Catalog,
    parts: list[PartPlan],
    t: Theme,
    columns: int,
    column_width: float,
    gap: float,
    height: float,
    room: bool = False,
) -> list[SlideFlow]:
    """The slides one layer needs: its parts flowed into `columns` columns of at most `height` points,
    balanced: the columns are as short as they can be while the layer keeps as many slides, no
    further card is shrunk and (unless the slides stay uneven without) no further family is split,
    so a layer's last slide is not left nearly empty beside a full one and a layer on one slide
    spreads across its columns."""
    families = _remeasure(catalog, parts, t, column_width, room)
    full = _flow(families, t, columns, column_width, gap, height)

    def shortest(may_split: bool) -> list[SlideFlow]:
        def fits(h: float) -> bool:
            flowed = _flow(families, t, columns, column_width, gap, h)
            same = len(flowed) == len(full) and _shrunk(flowed) == _shrunk(full)
            return same and (may_split or _split(flowed) <= _split(full))

        low, high = 0.0, height  # `high` always fits
        while high - low > BALANCE_STEP:
            mid = (low + high) / 2
            low, high = (low, mid) if fits(mid) else (mid, high)
        return full if high == height else _flow(families, t, columns, column_width, gap, high)

    kept = shortest(may_split=False)
    return kept if _even(kept) else shortest(may_split=True)


def _even(slides: list[SlideFlow]) -> bool:
    """No slide filled to less than `EVEN` of the fullest's height."""
    used = [max(slot.y + slot.plan.height * slot.scale for slot in s.slots) for s in slides]
    return min(used) >= EVEN * max(used)


def _split(slides: list[SlideFlow]) -> int:
    return sum(len(s.continued) for s in slides)


def _shrunk(slides: list[SlideFlow]) -> int:
    return sum(slot.scale < 1.0 for s in slides for slot in s.slots)


def _flow(
    families: list[list[_Card]], t: Theme, columns: int, column_width: float, gap: float, height: float
) -> list[SlideFlow]:
    slides: list[SlideFlow] = [SlideFlow([], [], [])]
    column = 0
    y = 0.0

    def next_column() -> None:
        nonlocal column, y
        column += 1
        y = 0.0
        if column == columns:
            slides.append(SlideFlow([], [], []))
            column = 0

    for family in families:
        hang_from: dict[int, float] = {}  # depth -> where the bracket to the next card of that depth starts
        group_ref = family[0].plan.ref
        for k, card in enumerate(family):
            plan, depth = card.plan, card.depth
            height_k = card.height
            need = height_k
            if k == 0 and len(family) > 1:
                need += t.gap_y + family[1].height  # never a group alone at the foot of a column
            if y > 0 and y + need > height:
                next_column()
                if k > 0:  # the family goes on: say so at the top of the new column
                    x0 = column * (column_width + gap)
                    slides[-1].continued.append(Continued(group_ref, x0, 0.0, column_width))
                    y = CONTINUED_H
                    hang_from = dict.fromkeys(hang_from, CONTINUED_H - 4.0)
            x0 = column * (column_width + gap)
            scale = min(1.0, (height - y) / height_k) if height_k > height - y else 1.0
            # where the card itself is drawn: up by a tab strip left out, down by tab rows above it
            top = y + (card.above - card.lift) * scale
            slide = slides[-1]
            slide.slots.append(Slot(plan, pt(x0 + INDENT * depth), pt(top), scale, depth, card.lift, card.upper))
            if depth > 0:
                attach = top + (t.tab_height + t.pad + t.title_leading / 2) * scale
                line_x = pt(x0 + INDENT * (depth - 1) + INDENT / 2)
                for path in (
                    ((line_x, pt(hang_from.get(depth, y))), (line_x, pt(attach))),
                    ((line_x, pt(attach)), (pt(x0 + INDENT * depth), pt(attach))),
                ):
                    slide.paths.append((group_ref, Path(path, t.connector, t.connector_width)))
                hang_from[depth] = attach
            hang_from = {d: v for d, v in hang_from.items() if d <= depth}
            hang_from[depth + 1] = y + height_k * scale
            y += height_k * scale + t.gap_y
        y += t.gap_y * 0.5  # a little more space between families than within one
    return [s for s in slides if s.slots]
