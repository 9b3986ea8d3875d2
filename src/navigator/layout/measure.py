"""Measuring: what each card shows, wrapped with the vendored fonts, and how big that makes it.

The first of layout's steps. A `CardPlan` fixes a card's size, which is all that `dot` and the
packer see (`place.py`, `pack.py`), and its wrapped lines and tabs, which drawing (`cards.py`)
places. A card's width is one of the packer's knobs, so a catalog is measured at a few widths;
`Measurer` remembers every card, row and set of tabs by width, so each is wrapped once per width
whatever the packer tries. A sub-threat whose risks are its group's shows no tabs of its own (its
group's tabs sit just above it), which saves a strip per sub-threat.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Hashable
from typing import Any

from ..catalog.model import Catalog, Section
from ..faces import current_face
from ..roles import OTHER_CONTROLS, Role
from ..scene import pt, value
from ..text import clean, text_width, wrap
from ..theme import THEME, Theme

GROUP_RUN = "\x00groups"  # control group cards come first in a layer
OTHER_RUN = "\x7fother"  # the "Other controls" card comes last


@value
class TabPlan:
    impact: str
    label: str
    size: float
    x: float
    w: float


@value
class RowPlan:
    kind: Role  # a control row or a "See ..." row
    ref: str
    lines: tuple[str, ...]
    top: float
    height: float


@value
class CardPlan:
    ref: str
    role: Role  # threat, threat-group, control-group, other-controls
    width: float
    height: float  # including the tab strip above the body
    body_top: float  # the tab strip's height: 0 for a card without tabs
    title: tuple[str, ...]
    header_h: float
    tabs: tuple[TabPlan, ...]
    rows: tuple[RowPlan, ...]
    impacts: tuple[str, ...]


@value
class PartPlan:
    """Measured cards of one part (node 0 is the root) and its tree edges, by index."""

    cards: tuple[CardPlan, ...]
    edges: tuple[tuple[int, int], ...]
    run: str  # parts of the same run (impact) are kept together
    depths: tuple[int, ...] = ()  # of each card in its tree (0: the root); () for a single card


class Measurer:
    """Measures the cards of one catalog with one theme, remembering what cards share."""

    def __init__(self, catalog: Catalog, t: Theme = THEME) -> None:
        self.catalog = catalog
        self.t = t
        # (kind, id, width) -> (lines, height)
        self._rows: dict[tuple[Role, str, float], tuple[tuple[str, ...], float]] = {}
        self._tabs: dict[tuple[tuple[str, ...], float], tuple[TabPlan, ...]] = {}
        self._cards: dict[tuple[str, float, bool], CardPlan] = {}
        self._layers: dict[tuple[float, float], list[tuple[Section, list[PartPlan]]]] = {}
        # What later stages derive from these measures alone (the packer's options and their flows, the
        # search's key), kept with them so a layout for another target derives nothing twice.
        self.derived: dict[Hashable, Any] = {}

    def threat(self, threat_id: str, width: float | None = None, tabs: bool = True) -> CardPlan:
        w = self.t.card_width if width is None else width
        key = (threat_id, w, tabs)
        plan = self._cards.get(key)
        if plan is None:
            th = self.catalog.threat(threat_id)
            role = Role.THREAT_GROUP if th.is_group or self.catalog.children(th.id) else Role.THREAT
            impacts = th.impacts if tabs else ()
            plan = self._cards[key] = self._plan(
                th.id, role, th.label, impacts, th.controls, th.control_groups, True, w, th.impacts
            )
        return plan

    def group(self, group_id: str, width: float | None = None) -> CardPlan:
        g = self.catalog.group(group_id)
        w = self.t.card_width if width is None else width
        return self._plan(g.id, Role.CONTROL_GROUP, g.label, (), g.controls, (), False, w)

    def other(self, section_id: str, controls: tuple[str, ...], width: float | None = None) -> CardPlan:
        """Controls of a section that no threat or group lists, so that every control is on the diagram."""
        w = self.t.card_width if width is None else width
        return self._plan(
            f"{OTHER_CONTROLS}{section_id}", Role.OTHER_CONTROLS, "Other controls", (), controls, (), False, w
        )

    def layers(self, width: float, indent: float = 0.0) -> list[tuple[Section, list[PartPlan]]]:
        """`measure_layers` at one card width, remembered: sub-threats `indent` narrower per level."""
        key = (width, indent)
        found = self._layers.get(key)
        if found is None:
            found = self._layers[key] = _measure(self, width, indent)
        return found

    def _row(self, kind: Role, ref: str, width: float) -> tuple[tuple[str, ...], float]:
        key = (kind, ref, width)
        row = self._rows.get(key)
        if row is None:
            t = self.t
            text_w = width - (t.pad + t.badge + 4) - t.pad
            if kind == Role.CONTROL:
                lines, _ = wrap(self.catalog.control(ref).label, "regular", t.row_size, text_w, t.row_max_lines)
                row = self._rows[key] = (lines, max(len(lines) * t.row_leading, t.badge) + t.row_gap)
            else:
                g = self.catalog.group(ref)
                lines, _ = wrap(f"See {g.label}", "italic", t.row_size, text_w, t.row_max_lines)
                row = self._rows[key] = (lines, len(lines) * t.row_leading + t.row_gap)
        return row

    def _plan(
        self,
        ref: str,
        role: Role,
        label: str,
        impacts: tuple[str, ...],
        controls: tuple[str, ...],
        groups: tuple[str, ...],
        detail: bool,
        width: float,
        all_impacts: tuple[str, ...] = (),
    ) -> CardPlan:
        t = self.t
        info = t.badge + 3 if detail else 0.0
        title, _ = wrap(label, "bold", t.title_size, width - 2 * t.pad - info, t.title_max_lines)
        header_h = t.pad + len(title) * t.title_leading + t.pad * 0.6
        body_top = t.tab_height if impacts else 0.0
        y = body_top + header_h + (t.row_gap if controls or groups else 0.0)
        rows = []
        for kind, refs in ((Role.CONTROL, controls), (Role.GROUP_REF, groups)):
            for rid in refs:
                lines, h = self._row(kind, rid, width)
                rows.append(RowPlan(kind, rid, lines, y, h))
                y += h
        height = y + (t.pad * 0.6 if rows else 0.0)
        tabs = self._tabs.get((impacts, width))
        if tabs is None:
            tabs = self._tabs[(impacts, width)] = _plan_tabs(self.catalog, impacts, width, t)
        shown = all_impacts or impacts
        return CardPlan(ref, role, width, pt(height), body_top, title, header_h, tabs, tuple(rows), shown)


def _plan_tabs(catalog: Catalog, impacts: tuple[str, ...], width: float, t: Theme) -> tuple[TabPlan, ...]:
    """Impact tabs along the top edge, shrunk down to the theme's smallest tab size, then shortened
    (with an ellipsis, the longest first) to fit the card's width; the full name is in the tooltip."""
    if not impacts:
        return ()
    labels = [clean(catalog.impact(i).short) for i in impacts]
    avail = width - 2 * t.tab_inset - t.tab_gap * (len(labels) - 1)

    def natural(size: float) -> float:
        return sum(text_width(s, "bold", size) + 2 * t.tab_pad for s in labels)

    size = t.tab_size
    while natural(size) > avail and size > t.tab_min_size:
        size = max(round(size - 0.2, 2), t.tab_min_size)
    if natural(size) > avail:
        labels = _shortened(labels, size, avail - 2 * t.tab_pad * len(labels))
    tabs, x = [], t.tab_inset
    for impact_id, label in zip(impacts, labels):
        w = text_width(label, "bold", size) + 2 * t.tab_pad
        tabs.append(TabPlan(impact_id, label, size, x, w))
        x += w + t.tab_gap
    return tuple(tabs)


def _shortened(labels: list[str], size: float, room: float) -> list[str]:
    """Labels cut to a common length cap that fills `room` (water-filling: labels shorter than the cap
    stay whole, so short names are never cut to make room for long ones)."""
    widths = [text_width(s, "bold", size) for s in labels]
    remaining, left = max(room, 0.0), len(labels)
    cap = float("inf")
    for w in sorted(widths):
        if w * left <= remaining:
            remaining -= w
            left -= 1
            continue
        cap = remaining / left
        break
    out = []
    for label, w in zip(labels, widths):
        if w > cap + 1e-9:
            lines = wrap(label, "bold", size, cap, 1)[0] if cap > 0 else ()
            label = lines[0] if lines else ""
            if text_width(label, "bold", size) > cap + 1e-9:
                label = ""  # not even an ellipsis fits: the colour and the tooltip say it
        out.append(label)
    return out


def _tree(catalog: Catalog, root: str) -> tuple[list[str], list[tuple[int, int]], list[int], list[bool]]:
    """The threat and its descendants in depth-first order, with parent->child edges by index, each
    node's depth, and whether it shows tabs (not when its risks are its parent's)."""
    nodes: list[str] = []
    edges: list[tuple[int, int]] = []
    depths: list[int] = []
    tabs: list[bool] = []
    stack: list[tuple[str, int | None]] = [(root, None)]
    while stack:
        tid, parent = stack.pop()
        index = len(nodes)
        nodes.append(tid)
        if parent is not None:
            edges.append((parent, index))
            depths.append(depths[parent] + 1)
            tabs.append(catalog.threat(tid).impacts != catalog.threat(nodes[parent]).impacts)
        else:
            depths.append(0)
            tabs.append(True)
        stack.extend((child, index) for child in reversed(catalog.children(tid)))
    return nodes, edges, depths, tabs


def measure_layers(
    catalog: Catalog, t: Theme = THEME, width: float | None = None, indent: float = 0.0
) -> list[tuple[Section, list[PartPlan]]]:
    """Each section that has cards, with its parts in drawing order: control groups, threat runs by
    impact, other controls; cards `width` wide (the theme's by default), sub-threats `indent`
    narrower per level below their group."""
    return _measure(Measurer(catalog, t), t.card_width if width is None else width, indent)


def _measure(m: Measurer, width: float, indent: float) -> list[tuple[Section, list[PartPlan]]]:
    catalog = m.catalog
    groups: dict[str, list[str]] = {}
    tops: dict[str, list[str]] = {}
    orphans: dict[str, list[str]] = {}
    for g in catalog.groups:
        groups.setdefault(g.section, []).append(g.id)
    for th in catalog.threats:
        if not th.parent:
            tops.setdefault(th.section, []).append(th.id)
    unlisted = catalog.unlisted_controls
    for c in catalog.controls:
        if c.id in unlisted:
            orphans.setdefault(c.section, []).append(c.id)
    layers = []
    for section in catalog.sections:
        parts = [PartPlan((m.group(gid, width),), (), GROUP_RUN) for gid in groups.get(section.id, ())]
        runs: dict[str, list[PartPlan]] = {}
        for top in tops.get(section.id, ()):
            nodes, edges, depths, tabs = _tree(catalog, top)
            impacts = catalog.threat(top).impacts
            run = impacts[0] if impacts else ""
            cards = tuple(m.threat(n, pt(width - d * indent), tab) for n, d, tab in zip(nodes, depths, tabs))
            runs.setdefault(run, []).append(PartPlan(cards, tuple(edges), run, tuple(depths) if edges else ()))
        for run_parts in runs.values():
            parts += run_parts
        if section.id in orphans:
            parts.append(PartPlan((m.other(section.id, tuple(orphans[section.id]), width),), (), OTHER_RUN))
        if parts:
            layers.append((section, parts))
    return layers


_MEASURERS: dict[tuple[int, str], tuple[weakref.ref[Catalog], Theme, Measurer]] = {}
_MEASURERS_LOCK = threading.Lock()


def measurer_of(catalog: Catalog, t: Theme = THEME) -> Measurer:
    """The catalog's `Measurer`, kept while the catalog lives (the last few catalogs): a layout for
    another target (a new browser width, another paper) measures nothing it measured before."""
    key = (id(catalog), current_face().name)  # a deck measures in another face than the PDF
    with _MEASURERS_LOCK:
        found = _MEASURERS.get(key)
        if found is not None and found[0]() is catalog and found[1] == t:
            return found[2]
        for key in [k for k, (ref, _, _) in _MEASURERS.items() if ref() is None]:
            del _MEASURERS[key]
        while len(_MEASURERS) >= 8:
            del _MEASURERS[next(iter(_MEASURERS))]
        measurer = Measurer(catalog, t)
        _MEASURERS[key] = (weakref.ref(catalog), t, measurer)
        return measurer
