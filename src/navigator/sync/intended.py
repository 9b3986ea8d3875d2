"""Intended differences: which of the catalog's `intended` entries explains a difference found by sync.

Every difference is first collected as a `Candidate` naming the catalog item whose entries may explain it
and a test on an entry. `partition` then splits the candidates into drift (reported, counted) and
acknowledged differences (reported with their reason, never counted), and lists the entries that
explained nothing (stale: the docs may have caught up).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..catalog.model import Catalog, Intended
from .drift import Acknowledged, Stale

Test = Callable[[Intended], bool]


@dataclass(frozen=True)
class Candidate:
    kind: str  # where it is reported: "threats.changed", "relations.added", "links.broken", ...
    owners: tuple[str, ...]  # catalog items whose `intended` may explain it; () for any item
    test: Test
    detail: str  # the difference in words, for the acknowledged list
    value: Any  # what is reported when nothing explains it


def entries(catalog: Catalog) -> list[tuple[str, Intended]]:
    """(item id, entry) for every intended entry of the catalog, in catalog order."""
    out: list[tuple[str, Intended]] = [("meta", e) for e in catalog.meta.intended]
    for name in ("sections", "groups", "threats", "controls"):
        for item in getattr(catalog, name):
            out += [(item.id, e) for e in getattr(item, "intended", ())]
    return out


def field_test(field: str, docs: str, catalog: str) -> Test:
    """An entry about `field` that names the docs' value, the catalog's, or both, and no other."""

    def test(e: Intended) -> bool:
        if e.what != field or not (e.docs or e.catalog):
            return False
        return (not e.docs or docs in e.docs) and (not e.catalog or catalog in e.catalog)

    return test


def side_test(what: str, side: str, values: Iterable[str], expand: Callable[[tuple[str, ...]], set[str]]) -> Test:
    """An entry about `what` whose `side` ("docs" or "catalog"), expanded, holds one of `values`."""
    wanted = set(values)

    def test(e: Intended) -> bool:
        listed = getattr(e, side)
        return e.what == what and bool(listed) and bool(wanted & expand(listed))

    return test


def partition(candidates: list[Candidate], catalog: Catalog) -> tuple[list[Candidate], list[Acknowledged], list[Stale]]:
    """(unexplained candidates, acknowledged differences, stale entries)."""
    all_entries = entries(catalog)
    by_owner: dict[str, list[tuple[str, Intended]]] = {}
    for owner, e in all_entries:
        by_owner.setdefault(owner, []).append((owner, e))
    used: set[int] = set()
    drift: list[Candidate] = []
    acknowledged: list[Acknowledged] = []
    for c in candidates:
        pool = [p for o in c.owners for p in by_owner.get(o, [])] if c.owners else all_entries
        hit = next(((o, e) for o, e in pool if c.test(e)), None)
        if hit is None:
            drift.append(c)
            continue
        used.add(id(hit[1]))
        acknowledged.append(Acknowledged(c.kind, hit[0], c.detail, hit[1].why))
    stale = [Stale(owner, e.what, _describe(e)) for owner, e in all_entries if id(e) not in used]
    return drift, acknowledged, stale


def _describe(e: Intended) -> str:
    parts = []
    if e.docs:
        parts.append("docs: " + ", ".join(e.docs))
    if e.catalog:
        parts.append("catalog: " + ", ".join(e.catalog))
    return "; ".join(parts) or e.why
