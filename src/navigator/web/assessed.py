"""The marks of one system's control statuses over the diagram: overlay traces, never a relayout.

Drawn after the filter's overlays (`overlays.OVERLAYS`), from the Scene's own boxes, so setting a
status sends only these traces (a Dash `Patch` of them alone, `callbacks.on_state`):

- a mark on each control row that has a status: a bar in the card's right padding, in the status's
  colour (the details panel and the legend under "Your system" say which is which);
- with the colour scale on (`colour=status`), each marked row tinted in its status's colour, as
  ATT&CK Navigator colours the techniques of a layer by score;
- a coverage bar along the bottom of each threat card once any control has a status: a track the
  card's width and a fill for the share of its applicable controls implemented (partial counts
  half, not-applicable ones are left out), `assess.coverage`.

What a filter or an answer leaves out gets no mark: it stays quietly faded.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ..assess import STATUSES
from ..roles import THREAT_ROLES, Role
from ..scene import Box
from ..theme import THEME
from . import geometry as geo
from .figure import area
from .marks import Index

TINTS = tuple(f"status-tint-{w}" for w in STATUSES)
MARKS = tuple(f"status-mark-{w}" for w in STATUSES)
STATUS_OVERLAYS = (*TINTS, *MARKS, "coverage-track", "coverage-fill")
TINT_OPACITY = 0.4  # rows coloured by status keep their text readable (dark text on a light tint)
MARK_WIDTH = 2.4  # points: in the card's right padding (4 pt), clear of the row's text
BAR_HEIGHT = 2.0  # points: in the card's bottom padding (about 5 pt)
BAR_INSET = 4.0  # points from each side of the card, as the rows
_CONTROL = Role.CONTROL


def colour_of(word: str) -> str:
    """The colour of a status ("not-applicable" -> THEME.status_not_applicable)."""
    value = getattr(THEME, "status_" + word.replace("-", "_"))
    return value if isinstance(value, str) else THEME.muted


def _mark(box: Box) -> Box:
    return Box(box.right + 0.9, box.y + 1.0, MARK_WIDTH, max(1.0, box.h - 2.0))


def _track(card: Box) -> Box:
    return Box(card.x + BAR_INSET, card.bottom - BAR_HEIGHT - 1.4, card.w - 2 * BAR_INSET, BAR_HEIGHT)


def traces(
    ix: Index,
    statuses: Mapping[str, str],
    coverage: Mapping[str, Fraction | None],
    colour: bool,
    faded: frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    """The traces in `STATUS_OVERLAYS` order; each carries `meta.ids` (the elements it marks) for tests."""
    tints = {w: geo.Polygons() for w in STATUSES}
    marks = {w: geo.Polygons() for w in STATUSES}
    marked: dict[str, list[str]] = {w: [] for w in STATUSES}
    if statuses:
        elements = ix.elements
        for card_id in ix.cards:
            if card_id in faded:
                continue
            for row_id in ix.children.get(card_id, ()):
                e = elements[row_id]
                if e.role != _CONTROL or row_id in faded:
                    continue
                word = statuses.get(e.ref)
                if word is None or word not in marks:
                    continue
                marks[word].add(geo.rect(_mark(e.box)))
                marked[word].append(row_id)
                if colour:
                    tints[word].add(geo.rect(e.box))
    track, fill = geo.Polygons(), geo.Polygons()
    barred: list[str] = []
    if statuses:
        for card_id in ix.cards:
            e = ix.elements[card_id]
            if e.role not in THREAT_ROLES or card_id in faded:
                continue
            share = coverage.get(e.ref)
            if share is None:
                continue
            box = _track(e.box)
            track.add(geo.rect(box))
            if share > 0:
                fill.add(geo.rect(Box(box.x, box.y, box.w * float(share), box.h)))
            barred.append(card_id)
    out = [
        area(TINTS[i], colour_of(w), *tints[w].coords(), {"ids": marked[w] if colour else []}, TINT_OPACITY)
        for i, w in enumerate(STATUSES)
    ]
    out += [area(MARKS[i], colour_of(w), *marks[w].coords(), {"ids": marked[w]}) for i, w in enumerate(STATUSES)]
    shares = {c: str(coverage.get(ix.elements[c].ref)) for c in barred}
    out.append(area("coverage-track", THEME.coverage_track, *track.coords(), {"ids": barred}))
    out.append(area("coverage-fill", THEME.coverage_fill, *fill.coords(), {"ids": barred, "coverage": shares}))
    return out
