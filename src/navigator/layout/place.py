"""Geometry from card sizes: the packer's options for a catalog, and where each card lands.

A part (a threat group with its sub-threats) is arranged one of two ways, a knob of the search:
**beneath** (its sub-threats stacked under the group, indented by a level each, joined by a bracket
line in the indent: plain arithmetic, no `dot`), or **beside** (sub-threats in the column to the
right of their group, joined by an orthogonal bus: for one level, plain arithmetic too; a deeper
tree is laid out by `dot` with rankdir=LR, cached by sizes, `parts.py`). Each is an `Option` per
card width, whose blocks the packer flows into columns (`pack.py`). After the packer has chosen,
`card_boxes` turns the chosen flow into a box per card.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..catalog.model import Section
from ..roles import EDGE, Role
from ..scene import Box, Element, Path, pt
from ..theme import Theme
from .arrange import FlowMemo, Option
from .cache import PartCache
from .measure import CardPlan, Measurer, PartPlan
from .pack import Block, Flowed
from .parts import Placed, layout_part

BENEATH, BESIDE = "beneath", "beside"


class Options:
    """The packer's options for one catalog: every card width of the theme (or the `widths` given)
    with families beneath, then (when some part has sub-threats) beside. Each is made into blocks
    only when asked for, so a layout whose choice comes from the cache builds one."""

    def __init__(self, measurer: Measurer, cache: PartCache | None, t: Theme, widths: tuple[float, ...] = ()) -> None:
        self.measurer = measurer
        self.cache = cache
        self.t = t
        widths = widths or t.card_widths
        families = any(p.edges for _, parts in measurer.layers(widths[0], t.indent) for p in parts)
        modes = (BENEATH, BESIDE) if families else (BENEATH,)
        self.knobs = [(mode, w) for mode in modes for w in widths]
        self._made: dict[int, Option] = {}
        self.flows: FlowMemo = {}  # (option, layer, columns) -> flow: the same for every target

    @staticmethod
    def of(measurer: Measurer, cache: PartCache | None, t: Theme, widths: tuple[float, ...] = ()) -> Options:
        """The options of `measurer`'s catalog, kept with its measures: a layout for a new target
        (another browser width) reuses their blocks and every flow an earlier search made."""
        key = ("options", widths or t.card_widths)
        found = measurer.derived.get(key)
        if not isinstance(found, Options) or found.t != t:
            found = measurer.derived[key] = Options(measurer, cache, t, widths)
        return found

    def __len__(self) -> int:
        return len(self.knobs)

    def __getitem__(self, i: int) -> Option:
        option = self._made.get(i)
        if option is None:
            mode, w = self.knobs[i]
            layers = self.measurer.layers(w, self.t.indent if mode == BENEATH else 0.0)
            if mode == BENEATH:
                option = Option(w, mode, tuple(_beneath(parts, self.t) for _, parts in layers))
            else:
                option = Option(w, mode, tuple(_beside(parts, w, self.cache, self.t) for _, parts in layers))
            self._made[i] = option
        return option

    def all(self) -> list[Option]:
        return [self[i] for i in range(len(self))]


def layer_parts(measurer: Measurer, option: Option, t: Theme) -> list[tuple[Section, list[PartPlan]]]:
    """The measured layers an option's blocks were made from: sub-threats beneath their group are a
    level's indent narrower; beside it, as wide as their column."""
    return measurer.layers(option.width, t.indent if option.mode == BENEATH else 0.0)


def _beneath(parts: Sequence[PartPlan], t: Theme) -> tuple[Block, ...]:
    out: list[Block] = []
    for p, part in enumerate(parts):
        parents = {a for a, _ in part.edges}
        for c, card in enumerate(part.cards):
            depth = part.depths[c] if part.depths else 0
            out.append(Block(card.height, 1, p, c in parents, ((c, depth * t.indent, 0.0),), card.width))
    return tuple(out)


def _beside(parts: Sequence[PartPlan], width: float, cache: PartCache | None, t: Theme) -> tuple[Block, ...]:
    out: list[Block] = []
    for p, part in enumerate(parts):
        if len(part.cards) == 1:
            card = part.cards[0]
            out.append(Block(card.height, 1, p, False, ((0, 0.0, 0.0),), card.width))
            continue
        if all(a == 0 for a, _ in part.edges):  # a group and its sub-threats: their column, by arithmetic
            placed = _beside_one_level(part, width, t)
        else:  # deeper trees: dot, cached by sizes
            placed = layout_part(tuple((c.width, c.height) for c in part.cards), part.edges, cache, t)
        span = max(1, math.ceil((placed.width + t.gap_x) / (width + t.gap_x) - 1e-6))
        cards = tuple((c, x, y) for c, (x, y) in enumerate(placed.nodes))
        out.append(Block(placed.height, span, p, False, cards, placed.width))
    return tuple(out)


def _beside_one_level(part: PartPlan, width: float, t: Theme) -> Placed:
    """The group at the top left, its sub-threats stacked in the next column from its top: what
    `dot` (rankdir=LR, then top-aligned) draws for a tree of one level, without running it."""
    x = width + t.gap_x
    nodes = [(0.0, 0.0)]
    # the first sub-threat's body level with its group's (one may have a strip of tabs the other lacks)
    y = max(part.cards[0].body_top - part.cards[1].body_top, 0.0)
    for card in part.cards[1:]:
        nodes.append((x, pt(y)))
        y += card.height + t.node_sep
    height = max(part.cards[0].height, y - t.node_sep)
    return Placed(pt(x + max(c.width for c in part.cards[1:])), pt(height), tuple(nodes))


def column_x(k: int, width: float, gap: float) -> list[float]:
    return [c * (width + gap) for c in range(k)]


def card_boxes(
    parts: Sequence[PartPlan],
    blocks: Sequence[Block],
    flowed: Flowed,
    xs: Sequence[float],
    x0: float,
    y0: float,
) -> list[list[Box]]:
    """The box of every card of every part (tabs included), the layer's columns starting at x0, y0."""
    boxes: list[list[Box]] = [[Box(0.0, 0.0, 0.0, 0.0)] * len(p.cards) for p in parts]
    for block, (col, y) in zip(blocks, flowed.positions):
        for c, dx, dy in block.cards:
            card = parts[block.part].cards[c]
            boxes[block.part][c] = Box(pt(x0 + xs[col] + dx), pt(y0 + y + dy), card.width, card.height)
    return boxes


def connectors(part: PartPlan, boxes: Sequence[Box], mode: str, t: Theme) -> list[Element]:
    """The lines from each group to its sub-threats: a bracket in the indent (beneath; where a family
    continues in another column, from that column's top), or an orthogonal bus (beside)."""
    children: dict[int, list[int]] = {}
    for a, b in part.edges:
        children.setdefault(a, []).append(b)
    out = []
    for parent, kids in children.items():
        if mode == BENEATH:
            paths = _bracket(part.cards, parent, kids, boxes, t)
        else:
            paths = _bus(part.cards, parent, kids, boxes, t)
        xs = [x for p in paths for x, _ in p.points]
        ys = [y for p in paths for _, y in p.points]
        ref = part.cards[parent].ref
        half = t.connector_width / 2
        out.append(
            Element(
                id=f"{EDGE}{ref}",
                role=Role.CONNECTOR,
                box=Box(
                    pt(min(xs) - half),
                    pt(min(ys) - half),
                    pt(max(xs) - min(xs) + 2 * half),
                    pt(max(ys) - min(ys) + 2 * half),
                ),
                ref=ref,
                paths=tuple(paths),
                data=tuple(("child", part.cards[k].ref) for k in kids),
            )
        )
    return out


def _attach(card: CardPlan, box: Box, t: Theme) -> float:
    """Where a line meets a card: the middle of its first title line."""
    return box.y + card.body_top + t.pad + t.title_leading / 2


def _bracket(cards: Sequence[CardPlan], parent: int, kids: list[int], boxes: Sequence[Box], t: Theme) -> list[Path]:
    p = boxes[parent]
    by_column: dict[float, list[int]] = {}
    for k in kids:
        by_column.setdefault(boxes[k].x, []).append(k)
    paths = []
    w = t.connector_width
    for x, column_kids in by_column.items():
        lx = pt(x - t.indent / 2)
        first = boxes[column_kids[0]]
        same_column = abs(p.x + t.indent - x) < 0.01 and p.y < first.y
        top = pt(p.bottom) if same_column else pt(first.y)
        ys = [pt(_attach(cards[k], boxes[k], t)) for k in column_kids]
        paths.append(Path(((lx, top), (lx, ys[-1])), t.connector, w))
        paths += [Path(((lx, y), (pt(boxes[k].x), y)), t.connector, w) for k, y in zip(column_kids, ys)]
    return paths


def _bus(cards: Sequence[CardPlan], parent: int, kids: list[int], boxes: Sequence[Box], t: Theme) -> list[Path]:
    p = boxes[parent]
    py = pt(_attach(cards[parent], p, t))
    left = min(boxes[k].x for k in kids)
    trunk = pt((p.right + left) / 2)
    ys = [pt(_attach(cards[k], boxes[k], t)) for k in kids]
    top, bottom = min(py, *ys), max(py, *ys)
    w = t.connector_width
    paths = [
        Path(((pt(p.right), py), (trunk, py)), t.connector, w),
        Path(((trunk, top), (trunk, bottom)), t.connector, w),
    ]
    paths += [Path(((trunk, ky), (pt(boxes[k].x), ky)), t.connector, w) for k, ky in zip(kids, ys)]
    return paths
