"""The marks of one system's control statuses over the diagram, drawn outside plotly.

Any change to a plotly figure, even a colour restyled, makes plotly redraw the whole diagram (half a
second and more on a laptop's software rendering, see docs/performance.md), so the marks are not
plotly traces: the server sends them as plain boxes in the Scene's points (`marks`, the store
`ids.STATUS_MARKS`) and assets/status-marks.js draws them as one small SVG layer laid exactly over
the plot area, following its zoom. A status change then redraws that layer alone, and the browser
draws it at once from the click, before the server has answered: the selected control's new mark,
and every coverage bar, recomputed from the statuses with the same rule as `assess.coverage`
(the marks carry, for every threat card that can have a bar, the controls that count for it).
The server's answer then draws its own shares, which are the same.

- a mark on each control row that has a status: a bar in the card's right padding, in the status's
  colour (the legend under "Your system" and the details panel say which is which);
- with the colour scale on (`colour=status`), each marked row tinted in its status's colour, as
  ATT&CK Navigator colours the techniques of a layer by score;
- a coverage bar along the bottom of each threat card once any control has a status: a track the
  card's width and a fill for the share of its applicable controls implemented (partial counts
  half, not-applicable ones are left out), `assess.coverage`.

What a filter or an answer leaves out gets no mark: it stays quietly faded.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from ..assess import STATUSES
from ..roles import THREAT_ROLES, Role
from ..scene import Element
from ..theme import THEME
from .geometry import r1
from .marks import Index
from .state import ViewState

TINT_OPACITY = 0.4  # rows coloured by status keep their text readable (dark text on a light tint)
MARK = (0.9, 2.4, 1.0)  # points: a mark's gap right of its row, its width, its inset from the row's top and bottom
BAR_HEIGHT = 2.0  # points: in the card's bottom padding (about 5 pt)
BAR_INSET = 4.0  # points from each side of the card, as the rows
BAR_LIFT = 1.4  # points between the bar and the card's bottom edge
_CONTROL = Role.CONTROL


def colour_of(word: str) -> str:
    """The colour of a status ("not-applicable" -> THEME.status_not_applicable)."""
    value = getattr(THEME, "status_" + word.replace("-", "_"))
    return value if isinstance(value, str) else THEME.muted


@dataclass(frozen=True)
class _Parts:
    """What the marks of any state take from one Scene, computed once per Scene (`_parts`)."""

    rows: Mapping[str, tuple[tuple[str, str, list[Any]], ...]]  # control -> (card id, row id, [row id, box])
    bars: tuple[tuple[str, str, list[Any], list[int]], ...]  # (card id, threat, [card id, box], control indexes)
    controls: list[str]  # the controls those indexes name


_PARTS: dict[int, tuple[weakref.ref[Index], _Parts]] = {}


def _parts(ix: Index, controls_of: Callable[[str], tuple[str, ...]]) -> _Parts:
    """Memoised per Index (an Index is one Scene of one catalog, whose `controls_of` this is)."""
    found = _PARTS.get(id(ix))
    if found is not None and found[0]() is ix:
        return found[1]
    elements = ix.elements
    rows: dict[str, list[tuple[str, str, list[Any]]]] = {}
    bars: list[tuple[str, str, list[Any], list[int]]] = []
    numbers: dict[str, int] = {}
    for card_id in ix.cards:
        for row_id in ix.children.get(card_id, ()):
            e = elements[row_id]
            if e.role == _CONTROL:
                b = e.box
                row = [row_id, r1(b.x), r1(b.y), r1(b.w), r1(b.h), r1(_tint_left(e))]
                rows.setdefault(e.ref, []).append((card_id, row_id, row))
        e = elements[card_id]
        counted = controls_of(e.ref) if e.role in THREAT_ROLES else ()
        if counted:
            b = e.box
            box = [card_id, r1(b.x + BAR_INSET), r1(b.bottom - BAR_HEIGHT - BAR_LIFT), r1(b.w - 2 * BAR_INSET)]
            bars.append((card_id, e.ref, [*box, BAR_HEIGHT], [numbers.setdefault(c, len(numbers)) for c in counted]))
    made = _Parts(MappingProxyType({k: tuple(v) for k, v in rows.items()}), tuple(bars), list(numbers))
    key = id(ix)

    def forget(_ref: object) -> None:
        _PARTS.pop(key, None)

    _PARTS[key] = (weakref.ref(ix, forget), made)
    return made


def _tint_left(row: Element) -> float:
    """Where a row's status tint starts: between the control type's badge and the name, so the
    badge keeps its own colour (a tint over it muddied the letter)."""
    if row.rects and len(row.texts) > 1:
        return (row.rects[0].box.right + row.texts[1].x) / 2
    return row.box.x


def marks(
    key: str,
    ix: Index,
    state: ViewState,
    coverage: Mapping[str, Fraction | None],
    faded: frozenset[str],
    controls_of: Callable[[str], tuple[str, ...]],
) -> dict[str, Any]:
    """What the browser draws of `state`'s statuses, for the drawing `key`: the rows (element id, box
    and where a tint starts) of each marked control and of the selected one (so a new status shows at once), the
    statuses, and the coverage bars: for every threat card outside `faded` whose threat has controls
    (`controls_of`: what `assess` counts), `[card id, x, y, w, h, share, share as an exact fraction,
    [control indexes]]`, the share None while nothing is marked or no control is left to count;
    `controls` names the indexes. `control` is the selected id, whose status a click in the details
    panel sets."""
    parts = _parts(ix, controls_of)
    statuses, selected = dict(state.statuses), state.selected
    wanted = set(statuses) | ({selected} if selected else set())
    rows: dict[str, list[list[Any]]] = {}
    for control in sorted(wanted):
        shown = [
            row for card_id, row_id, row in parts.rows.get(control, ()) if card_id not in faded and row_id not in faded
        ]
        if shown:
            rows[control] = shown
    bars: list[list[Any]] = []
    for card_id, threat, box, at in parts.bars:
        if card_id in faded:
            continue
        share = coverage.get(threat) if statuses else None
        bars.append([*box, *((float(share), str(share)) if share is not None else (None, None)), at])
    return {
        "key": key,
        "selected": selected if selected in rows else "",
        "control": selected,
        "rows": rows,
        "statuses": statuses,
        "colour": state.colour,
        "bars": bars,
        "controls": parts.controls,
        "colours": {w: colour_of(w) for w in STATUSES},
        "track": THEME.coverage_track,
        "fill": THEME.coverage_fill,
        "tint": TINT_OPACITY,
        "mark": list(MARK),
    }


def marked_rows(data: Mapping[str, Any], word: str) -> list[str]:
    """The ids of the rows `marks` data draws with status `word` (for tests and scripts)."""
    statuses = data["statuses"]
    return [row[0] for control, rows in data["rows"].items() if statuses.get(control) == word for row in rows]
