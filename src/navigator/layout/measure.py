"""Measuring: what each card shows, wrapped with the vendored fonts, and how big that makes it.

The first of layout's three steps. A `CardPlan` fixes a card's size, which is all that `dot` and the
packer see (`place.py`), and its wrapped lines and tabs, which drawing (`cards.py`) places. Measuring
runs on every build, cached geometry or not, so `Measurer` works out once what many cards share: a
control's row is the same on every card that lists it, and so are the tabs of one set of impacts.
"""

from __future__ import annotations

from ..catalog.model import Catalog, Section
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


class Measurer:
    """Measures the cards of one catalog with one theme, remembering what cards share."""

    def __init__(self, catalog: Catalog, t: Theme = THEME) -> None:
        self.catalog = catalog
        self.t = t
        self._rows: dict[tuple[Role, str], tuple[tuple[str, ...], float]] = {}  # (kind, id) -> (lines, height)
        self._tabs: dict[tuple[str, ...], tuple[TabPlan, ...]] = {}

    def threat(self, threat_id: str) -> CardPlan:
        th = self.catalog.threat(threat_id)
        role = Role.THREAT_GROUP if th.is_group or self.catalog.children(th.id) else Role.THREAT
        return self._plan(th.id, role, th.label, th.impacts, th.controls, th.control_groups, True)

    def group(self, group_id: str) -> CardPlan:
        g = self.catalog.group(group_id)
        return self._plan(g.id, Role.CONTROL_GROUP, g.label, (), g.controls, (), False)

    def other(self, section_id: str, controls: tuple[str, ...]) -> CardPlan:
        """Controls of a section that no threat or group lists, so that every control is on the diagram."""
        return self._plan(
            f"{OTHER_CONTROLS}{section_id}", Role.OTHER_CONTROLS, "Other controls", (), controls, (), False
        )

    def _row(self, kind: Role, ref: str) -> tuple[tuple[str, ...], float]:
        key = (kind, ref)
        row = self._rows.get(key)
        if row is None:
            t = self.t
            text_w = t.card_width - (t.pad + t.badge + 4) - t.pad
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
    ) -> CardPlan:
        t = self.t
        width = t.card_width
        info = t.badge + 3 if detail else 0.0
        title, _ = wrap(label, "bold", t.title_size, width - 2 * t.pad - info, t.title_max_lines)
        header_h = t.pad + len(title) * t.title_leading + t.pad * 0.6
        y = t.tab_height + header_h + (t.row_gap if controls or groups else 0.0)
        rows = []
        for kind, refs in ((Role.CONTROL, controls), (Role.GROUP_REF, groups)):
            for rid in refs:
                lines, h = self._row(kind, rid)
                rows.append(RowPlan(kind, rid, lines, y, h))
                y += h
        height = y + (t.pad * 0.6 if rows else 0.0)
        tabs = self._tabs.get(impacts)
        if tabs is None:
            tabs = self._tabs[impacts] = _plan_tabs(self.catalog, impacts, width, t)
        return CardPlan(ref, role, width, pt(height), title, header_h, tabs, tuple(rows), impacts)


def _plan_tabs(catalog: Catalog, impacts: tuple[str, ...], width: float, t: Theme) -> tuple[TabPlan, ...]:
    """Impact tabs along the top edge, shrunk (then shortened) to fit the card's width."""
    if not impacts:
        return ()
    labels = [clean(catalog.impact(i).short) for i in impacts]
    avail = width - 2 * t.tab_inset - t.tab_gap * (len(labels) - 1)

    def natural(size: float) -> float:
        return sum(text_width(s, "bold", size) + 2 * t.tab_pad for s in labels)

    size = t.tab_size
    while natural(size) > avail and size > t.tab_min_size:
        size = round(size - 0.2, 2)
    if natural(size) > avail:
        per_tab = avail / len(labels) - 2 * t.tab_pad
        labels = [wrap(label, "bold", size, per_tab, 1)[0][0] if label else label for label in labels]
    tabs, x = [], t.tab_inset
    for impact_id, label in zip(impacts, labels):
        w = text_width(label, "bold", size) + 2 * t.tab_pad
        tabs.append(TabPlan(impact_id, label, size, x, w))
        x += w + t.tab_gap
    return tuple(tabs)


def _tree(catalog: Catalog, root: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The threat and its descendants in depth-first order, with parent->child edges by index."""
    nodes: list[str] = []
    edges: list[tuple[int, int]] = []
    stack: list[tuple[str, int | None]] = [(root, None)]
    while stack:
        tid, parent = stack.pop()
        index = len(nodes)
        nodes.append(tid)
        if parent is not None:
            edges.append((parent, index))
        stack.extend((child, index) for child in reversed(catalog.children(tid)))
    return nodes, edges


def measure_layers(catalog: Catalog, t: Theme = THEME) -> list[tuple[Section, list[PartPlan]]]:
    """Each section that has cards, with its parts in drawing order: control groups, threat runs by
    impact, other controls."""
    m = Measurer(catalog, t)
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
        parts = [PartPlan((m.group(gid),), (), GROUP_RUN) for gid in groups.get(section.id, ())]
        runs: dict[str, list[PartPlan]] = {}
        for top in tops.get(section.id, ()):
            nodes, edges = _tree(catalog, top)
            impacts = catalog.threat(top).impacts
            run = impacts[0] if impacts else ""
            runs.setdefault(run, []).append(PartPlan(tuple(m.threat(n) for n in nodes), tuple(edges), run))
        for run_parts in runs.values():
            parts += run_parts
        if section.id in orphans:
            parts.append(PartPlan((m.other(section.id, tuple(orphans[section.id])),), (), OTHER_RUN))
        if parts:
            layers.append((section, parts))
    return layers
