"""What each threat's detail pages (typeset by `detail_pages`) and the web view's details panel say,
as data, and the outline."""

from __future__ import annotations

from ..catalog.model import Catalog, Threat
from ..links import safe_url
from ..roles import CARD, DETAIL, SECTION
from ..scene import Detail, DetailControl, DetailLink, OutlineEntry
from ..text import clean
from .cards import symbol_of


def _applying(catalog: Catalog, threat: Threat) -> dict[str, str]:
    """Every control that applies to the threat, in `Catalog.controls_of` order, with how it comes
    to: '' when listed by the threat itself, else from the nearest ancestor that lists it ("from
    ..."), else from the first control group ("via ...")."""
    via = dict.fromkeys(threat.controls, "")
    for anc in catalog.ancestors(threat.id):
        parent = catalog.threat(anc)
        how = f"from {parent.label}"
        for cid in parent.controls:
            via.setdefault(cid, how)
    for gid in catalog.groups_of(threat.id):
        group = catalog.group(gid)
        how = f"via {group.label}"
        for cid in group.controls:
            via.setdefault(cid, how)
    return via


def _control(catalog: Catalog, control_id: str, via: str, known: dict[tuple[str, str], DetailControl]) -> DetailControl:
    """A control's part of a detail page; its text is cleaned once, whichever ways it applies."""
    base = known.get((control_id, ""))
    if base is None:
        c = catalog.control(control_id)
        ctype = catalog.control_type(c.type)
        base = known[(control_id, "")] = DetailControl(
            id=c.id,
            label=clean(c.label),
            url=safe_url(c.url) or "",
            type_label=clean(ctype.label),
            type_colour=ctype.colour,
            type_symbol=symbol_of(ctype),
            summary=clean(c.summary),
        )
    if not via:
        return base
    part = known[(control_id, via)] = DetailControl(
        base.id, base.label, base.url, base.type_label, base.type_colour, base.type_symbol, base.summary, via
    )
    return part


def threat_detail(
    catalog: Catalog, threat: Threat, shared: dict[tuple[str, str], DetailControl] | None = None
) -> Detail:
    """`shared` memoises each control's part, by control and how it applies, across threats (a
    control is listed by many, and sibling threats inherit it alike)."""
    facts: list[tuple[str, str]] = [("Kind", "Threat group" if threat.is_group else "Threat")]
    section = catalog.section(threat.section)
    facts.append(("Section", clean(section.label)))
    if threat.parent:
        facts.append(("Part of", clean(catalog.threat(threat.parent).label)))
    if threat.impacts:
        facts.append(("Impacts", "; ".join(clean(catalog.impact(i).label) for i in threat.impacts)))
    if threat.attack_surface:
        facts.append(("Attack surface", clean(threat.attack_surface)))
    if threat.lifecycle:
        facts.append(("Lifecycle", clean(threat.lifecycle)))
    if threat.tags:
        facts.append(("Tags", ", ".join(clean(x) for x in threat.tags)))
    known = shared if shared is not None else {}
    controls = []
    for key in _applying(catalog, threat).items():
        part = known.get(key)
        if part is None:
            part = _control(catalog, *key, known)
        controls.append(part)
    references = tuple(DetailLink(clean(r.label), safe_url(r.url) or "") for r in threat.references)
    children = tuple(
        DetailLink(clean(catalog.threat(c).label), safe_url(catalog.threat(c).url) or "", f"{DETAIL}{c}")
        for c in catalog.children(threat.id)
    )
    return Detail(
        id=threat.id,
        title=clean(threat.label),
        url=safe_url(threat.url) or "",
        summary=clean(threat.summary),
        facts=tuple(facts),
        controls=tuple(controls),
        references=references,
        children=children,
        notes=clean(threat.notes),
    )


def details(catalog: Catalog) -> tuple[Detail, ...]:
    shared: dict[tuple[str, str], DetailControl] = {}
    return tuple(threat_detail(catalog, t, shared) for t in catalog.threats)


def outline(catalog: Catalog, drawn: set[str] | None = None) -> tuple[OutlineEntry, ...]:
    """Bookmarks: each drawn section with its groups and threats (nested), then the detail pages.
    `drawn` names the sections that have a layer (a filtered view may leave some empty)."""

    def threat_entry(tid: str) -> OutlineEntry:
        t = catalog.threat(tid)
        return OutlineEntry(clean(t.label), f"{CARD}{tid}", tuple(threat_entry(c) for c in catalog.children(tid)))

    entries = []
    for s in catalog.sections:
        if drawn is not None and s.id not in drawn:
            continue
        kids = [OutlineEntry(clean(g.label), f"{CARD}{g.id}") for g in catalog.groups if g.section == s.id]
        kids += [threat_entry(t.id) for t in catalog.threats if t.section == s.id and not t.parent]
        entries.append(OutlineEntry(clean(s.label), f"{SECTION}{s.id}", tuple(kids)))
    if catalog.threats:
        entries.append(
            OutlineEntry(
                "Threat details",
                f"{DETAIL}{catalog.threats[0].id}",
                tuple(OutlineEntry(clean(t.label), f"{DETAIL}{t.id}") for t in catalog.threats),
            )
        )
    return tuple(entries)
