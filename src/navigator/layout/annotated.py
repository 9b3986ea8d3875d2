"""What a build marks beyond the catalog, as the overview draws it: one seam between the packer and the marks.

The packer (`arrange`, `overview`) knows nothing of assessments or comparisons: it asks this value
for the title's extra line, the block under the title (the "Your system" legend row, the "Changes"
legend row and the box of what changed) and its height at any width, how to draw a card (a
comparison tags it), and what to add once a layer's cards are drawn (status marks and coverage
strips). Card sizes grow for the marks through `reserved`, a measurer whose cards have that room, so
every arrangement the packer tries already counts it.
"""

from __future__ import annotations

from ..annotations import Assessed
from ..catalog.model import Catalog, Section
from ..roles import Role
from ..scene import Box, Element
from ..text import text_width
from ..theme import Theme
from . import assessed as tailor
from .cards import CardDrawer, baseline, text
from .chrome import _flow
from .compared import Marks
from .measure import CardPlan, Measurer, PartPlan, _measure

GAP = 10.0  # design points between the rows of the block


class Extras:
    """The marks of one build: an assessment (`assessed`), a comparison (`marks`), or both."""

    def __init__(self, assessed: Assessed | None, marks: Marks | None, t: Theme) -> None:
        self.assessed = assessed
        self.marks = marks
        self.t = t
        self._heights: dict[float, float] = {}

    def key(self) -> str:
        """What the cached choice of arrangement depends on besides card sizes: the block's content."""
        parts = []
        if self.assessed is not None:
            parts.append("assessed")
        if self.marks is not None:
            parts.append(f"compared:{self.marks.title_line()}:{self.marks.counts()}:{len(self.marks.compared.removed)}")
        return "|".join(parts)

    def title_line(self) -> str:
        return self.marks.title_line() if self.marks is not None else ""

    def block(self, x: float, y: float, width: float) -> tuple[list[Element], float]:
        """The rows under the title, from `y`; returns them and the y under the last."""
        out: list[Element] = []
        top = y
        if self.assessed is not None:
            rows, y = tailor.legend(x, y, width, self.t)
            out += rows
            y += GAP
        if self.marks is not None:
            rows, y = self._changes_row(x, y, width)
            out += rows
            box, y = self.marks.box(x, y, width)
            out += box
            y += GAP
        return out, (y - GAP if y > top else y)

    def height(self, width: float) -> float:
        found = self._heights.get(width)
        if found is None:
            found = self._heights[width] = self.block(0.0, 0.0, width)[1]
        return found

    def _changes_row(self, x: float, y: float, width: float) -> tuple[list[Element], float]:
        """The legend's line for the comparison: what a NEW and a CHANGED tag and a removed chip mean."""
        assert self.marks is not None
        t = self.t
        size, line_h = t.legend_size, t.legend_size * 2.3
        head = "Changes"
        head_w = text_width("Your system", "bold", size) + 10
        label = Element(
            id="legend:changes",
            role=Role.LEGEND,
            box=Box(x, y, head_w, line_h),
            texts=(text(x, baseline(y, line_h, size, "bold"), head, "bold", size, t.ink),),
        )
        placed, end = _flow(self.marks.legend_entries(), x + head_w, y, width - head_w, line_h, 14)
        return [label, *placed], end

    def card(self, drawer: CardDrawer, plan: CardPlan, x: float, y: float) -> list[Element]:
        if self.marks is None:
            return drawer.draw(plan, x, y)
        return self.marks.card(drawer, plan, x, y)

    def decorate(self, cards: list[Element]) -> list[Element]:
        """What goes on a layer's drawn cards: status marks and coverage strips."""
        if self.assessed is None:
            return []
        return tailor.decorate(cards, self.assessed, self.t)


class Reserved(Measurer):
    """A measurer whose cards have room for a tailored build's marks (`assessed.reserve`)."""

    def layers(self, width: float, indent: float = 0.0) -> list[tuple[Section, list[PartPlan]]]:
        key = (width, indent)
        found = self._layers.get(key)
        if found is None:
            found = _measure(self, width, indent)
            tailor.reserve(found, self.t)
            self._layers[key] = found
        return found


def reserved(catalog: Catalog, t: Theme) -> Measurer:
    return Reserved(catalog, t)
