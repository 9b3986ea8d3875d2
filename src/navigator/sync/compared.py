"""A `CatalogDiff` as what `navigator build --compare OLD` marks on the diagram (`annotations.Compared`).

Only what the diagram draws is marked: threats, control groups and controls (cards and rows), added
or changed, and those removed since, listed. Sections, impacts and control types that changed are
still counted in the diff report (`navigator diff`), not drawn: their cards and tabs show the new
values, and a changed colour or label is plain to see.
"""

from __future__ import annotations

from types import MappingProxyType

from ..annotations import Compared
from .diff import KINDS, CatalogDiff

DRAWN = ("threats", "groups", "controls")  # the collections whose items have a card or a row


def compared_of(diff: CatalogDiff, old_label: str) -> Compared:
    """What changed since the older catalog, keyed by the ids the Scene's elements carry."""
    changes: dict[str, str] = {}
    fields: dict[str, tuple[str, ...]] = {}
    removed: list[tuple[str, str, str]] = []
    for item in diff.items:
        if item.collection not in DRAWN:
            continue
        if item.status == "removed":
            removed.append((item.id, KINDS[item.collection], item.label or item.id))
        elif item.id not in changes:
            changes[item.id] = item.status
            if item.status == "changed":
                fields[item.id] = tuple(f.field for f in item.fields)
    order = {c: i for i, c in enumerate(DRAWN)}
    kind_order = {KINDS[c]: i for c, i in order.items()}
    removed.sort(key=lambda r: (kind_order[r[1]], r[2], r[0]))
    return Compared(
        changes=MappingProxyType(dict(sorted(changes.items()))),
        changed_fields=MappingProxyType(dict(sorted(fields.items()))),
        removed=tuple(removed),
        old_label=old_label,
    )
