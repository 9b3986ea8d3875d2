"""Which elements of a Scene a filter fades and a selection lights up.

The Scene knows what each element stands for (role, catalog id, parent card); the catalog knows how
threats and controls relate. This module joins the two, so the figure only has to draw boxes: it
never decides what a filter or a click means, and `navigator.filters.select` stays the one
definition of a filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..catalog.model import Catalog, Control, ControlGroup, Threat
from ..filters import Selection
from ..roles import CARD_ROLES, ROW_ROLES, THREAT_ROLES, Role
from ..scene import Box, Element, Scene

CLICKABLE_ROLES = frozenset({*THREAT_ROLES, Role.CONTROL_GROUP, *ROW_ROLES})
# looked up once: an enum member's attribute lookup costs ten times a global's (Python 3.11), and the
# loops below visit every element of a large Scene on each filter change
_CONTROL, _GROUP_REF, _CONTROL_GROUP = Role.CONTROL, Role.GROUP_REF, Role.CONTROL_GROUP


@dataclass(frozen=True)
class Index:
    """A Scene's elements by id, with what fading and highlighting need, computed once per Scene."""

    elements: Mapping[str, Element]
    order: tuple[str, ...]
    position: Mapping[str, int]
    cards: tuple[str, ...]
    children: Mapping[str, tuple[str, ...]]  # card or section element id -> ids of its parts
    clickable: tuple[str, ...]
    card_of_ref: Mapping[str, str]  # catalog id of a threat or control group -> its card's element id
    connectors: tuple[tuple[str, str, frozenset[str]], ...]  # (id, parent threat, child threats)
    sections: tuple[tuple[str, str], ...]  # (element id, section id)
    veil_box: Mapping[str, Box]  # what covers an element when it is faded (a section: its header column)
    nested: frozenset[str]  # elements inside their card's box, covered whenever their card is

    def card_section(self, card_id: str) -> str:
        return self.elements[card_id].get("section")


def _veil_box(e: Element) -> Box | None:
    if e.role == Role.SECTION:
        return e.rects[-1].box if len(e.rects) > 1 else e.box  # the header column; cards are covered on their own
    if e.role in (Role.SECTION_TITLE, Role.SECTION_SUMMARY):
        return None  # inside the header column
    return e.box


def index(scene: Scene) -> Index:
    """The index of the Scene's overview, the page the web view draws."""
    page = scene.overview
    elements = {e.id: e for e in page.elements}
    children: dict[str, list[str]] = {}
    for e in page.elements:
        if e.parent:
            children.setdefault(e.parent, []).append(e.id)
    cards = tuple(e.id for e in page.elements if e.role in CARD_ROLES)
    boxes = {e.id: b for e in page.elements if (b := _veil_box(e)) is not None}
    nested = frozenset(
        e.id
        for e in page.elements
        if e.parent in elements and elements[e.parent].role != Role.SECTION and elements[e.parent].box.contains(e.box)
    )
    return Index(
        elements=MappingProxyType(elements),
        order=tuple(elements),
        position=MappingProxyType({e: i for i, e in enumerate(elements)}),
        cards=cards,
        children=MappingProxyType({k: tuple(v) for k, v in children.items()}),
        clickable=tuple(e.id for e in page.elements if e.role in CLICKABLE_ROLES),
        card_of_ref=MappingProxyType({elements[c].ref: c for c in cards}),
        connectors=tuple(
            (e.id, e.ref, frozenset(v for k, v in e.data if k == "child"))
            for e in page.elements
            if e.role == Role.CONNECTOR
        ),
        sections=tuple((e.id, e.ref) for e in page.elements if e.role == Role.SECTION),
        veil_box=MappingProxyType(boxes),
        nested=nested,
    )


def selected_ref(ix: Index, element_id: str) -> str:
    """The catalog id a click on an element selects ('' for elements that select nothing)."""
    e = ix.elements.get(element_id)
    if e is None or e.role not in CLICKABLE_ROLES:
        return ""
    return e.ref


def _card_kept(ix: Index, card_id: str, sel: Selection) -> bool:
    e = ix.elements[card_id]
    if e.role in THREAT_ROLES:
        return e.ref in sel.threats
    if e.role == _CONTROL_GROUP:
        return e.ref in sel.groups
    return any(
        ix.elements[r].ref in sel.controls for r in ix.children.get(card_id, ()) if ix.elements[r].role == _CONTROL
    )


def faded(ix: Index, sel: Selection) -> frozenset[str]:
    """Ids of the elements a filter leaves out: cards, rows, connectors and empty section headers."""
    out: set[str] = set()
    kept_sections: set[str] = set()
    elements = ix.elements
    for card_id in ix.cards:
        parts = ix.children.get(card_id, ())
        if not _card_kept(ix, card_id, sel):
            out.add(card_id)
            out.update(parts)
            continue
        kept_sections.add(ix.card_section(card_id))
        for child in parts:
            e = elements[child]
            if (e.role == _CONTROL and e.ref not in sel.controls) or (e.role == _GROUP_REF and e.ref not in sel.groups):
                out.add(child)
    for element_id, parent, kids in ix.connectors:
        if parent not in sel.threats or not kids & sel.threats:
            out.add(element_id)
    for element_id, section in ix.sections:
        if section not in kept_sections:
            out.add(element_id)
            out.update(ix.children.get(element_id, ()))
    return frozenset(out)


@dataclass(frozen=True)
class Focus:
    """What a selection lights up: `primary` (thick outline), `related` (outline), `dimmed` (veiled)."""

    primary: frozenset[str] = frozenset()
    related: frozenset[str] = frozenset()
    dimmed: frozenset[str] = frozenset()


NO_FOCUS = Focus()


def _with_parts(ix: Index, ids: Iterable[str]) -> set[str]:
    out = set(ids)
    for i in list(out):
        out.update(ix.children.get(i, ()))
    return out


def _rows(ix: Index, card_ids: Iterable[str], role: Role, refs: Iterable[str]) -> set[str]:
    wanted = set(refs)
    return {
        r
        for c in card_ids
        for r in ix.children.get(c, ())
        if ix.elements[r].role == role and ix.elements[r].ref in wanted
    }


def focus(ix: Index, catalog: Catalog, selected: str) -> Focus:
    """The threat's controls, the control's threats, or the group's threats, for a selected catalog id."""
    item = catalog.by_id.get(selected)
    cards = ix.card_of_ref
    if isinstance(item, Threat):
        chain = [selected, *catalog.ancestors(selected)]
        groups = catalog.groups_of(selected)
        sources = [cards[i] for i in (*chain, *groups) if i in cards]
        lit = set(sources) | {cards[d] for d in catalog.descendants(selected) if d in cards}
        primary = {cards[selected]} if selected in cards else set()
        related = _rows(ix, sources, _CONTROL, catalog.controls_of(selected)) | _rows(
            ix, [cards[i] for i in chain if i in cards], _GROUP_REF, groups
        )
    elif isinstance(item, Control):
        primary = {e for e in ix.order if ix.elements[e].role == _CONTROL and ix.elements[e].ref == selected}
        related = {cards[t] for t in catalog.threats_of(selected) if t in cards}
        lit = related | {ix.elements[r].parent for r in primary}
    elif isinstance(item, ControlGroup):
        primary = {cards[selected]} if selected in cards else set()
        threat_cards = {cards[t] for t in catalog.threats_of_group(selected) if t in cards}
        related = threat_cards | _rows(ix, threat_cards, _GROUP_REF, [selected])
        lit = threat_cards | primary
    else:
        return NO_FOCUS
    lit_threats = {ix.elements[c].ref for c in lit}
    dimmed = _with_parts(ix, (c for c in ix.cards if c not in lit))
    dimmed.update(i for i, parent, kids in ix.connectors if parent not in lit_threats or not kids & lit_threats)
    return Focus(frozenset(primary), frozenset(related), frozenset(dimmed))


@dataclass(frozen=True)
class Matches:
    """What a search marks: `hits` (outlined: the cards of threats and the rows of controls the text
    matched) and `context` (lightly veiled: what is kept only as their context)."""

    hits: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()


NO_MATCHES = Matches()


def matches(ix: Index, sel: Selection) -> Matches:
    """The elements of the search's direct hits, and of what is kept only for context: every other
    card of the view, but the matched rows inside such a card stay clear of its veil."""
    if not sel.matched:
        return NO_MATCHES
    elements, cards = ix.elements, ix.card_of_ref
    wanted = sel.matched
    hits = {cards[r] for r in wanted if r in cards and elements[cards[r]].role in THREAT_ROLES}
    hit_rows: dict[str, set[str]] = {}
    for card_id in ix.cards:
        for r in ix.children.get(card_id, ()):
            if elements[r].role == _CONTROL and elements[r].ref in wanted:
                hit_rows.setdefault(card_id, set()).add(r)
                hits.add(r)
    context: set[str] = set()
    for card_id in ix.cards:
        if card_id in hits:
            continue
        rows = hit_rows.get(card_id)
        context.update((set(ix.children.get(card_id, ())) - rows) if rows else (card_id,))
    return Matches(frozenset(hits), frozenset(context))


def veil_ids(ix: Index, ids: frozenset[str], skip: frozenset[str] = frozenset()) -> list[str]:
    """The elements whose `veil_box`es cover each element of `ids` exactly once, in Scene order: an
    element inside its card's box is left out when its card is covered (impact tabs, which sit above
    their card, are not). Elements in `skip` are covered by another veil already."""
    chosen = ids - skip
    covered = chosen | skip
    boxes, nested, elements = ix.veil_box, ix.nested, ix.elements
    out = [i for i in chosen if i in boxes and not (i in nested and elements[i].parent in covered)]
    out.sort(key=ix.position.__getitem__)
    return out
