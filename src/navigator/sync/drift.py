"""The result of `navigator sync`: what differs between the docs and the catalog, as plain frozen values.

`Drift.data()` is the documented JSON shape (docs/sync.md); the text and markdown reports and
`--write` read the same values, so what is reported is what is written.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from .docsmodel import Skipped


@dataclass(frozen=True, slots=True)
class ItemEntry:
    """An item only one side has: `added` (in the docs) or `removed` (in the catalog)."""

    id: str
    label: str  # number and title (or name), for people
    file: str = ""  # where the docs have it (added items)
    line: int = 0


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one item that differs. For a group's `controls`, `docs` lists the controls only the docs
    give it and `catalog` those only the catalog does (comma-separated)."""

    id: str  # the docs' permalink slug (a group: the catalog's id)
    field: str
    docs: str
    catalog: str
    file: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class ItemDrift:
    added: tuple[ItemEntry, ...] = ()
    removed: tuple[ItemEntry, ...] = ()
    changed: tuple[FieldChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True, slots=True)
class RelationEntry:
    """A control the docs list for a threat and the catalog does not apply to it (added), or the reverse."""

    threat: str
    control: str
    file: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class ReferenceEntry:
    """An entry of an item's OpenCRE reference block that the catalog lacks, has differently, or has extra."""

    id: str  # the item
    framework: str
    ref: str  # the entry's id in that framework
    title: str
    url: str = ""
    catalog_title: str = ""  # for a changed title: the catalog's
    file: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class BrokenLink:
    url: str
    file: str
    line: int
    text: str = ""
    why: str = ""


@dataclass(frozen=True, slots=True)
class Acknowledged:
    """A difference that an `intended` entry of the catalog explains: reported, never counted as drift."""

    kind: str  # e.g. "threats.changed", "relations.removed", "links.broken"
    id: str  # the catalog item carrying the intended entry
    detail: str
    why: str


@dataclass(frozen=True, slots=True)
class Stale:
    """An `intended` entry that matched no difference: the docs may have caught up, so it can go."""

    id: str
    what: str
    detail: str


@dataclass(frozen=True)
class Drift:
    docs: str
    catalog: str
    redirects: str
    sections: ItemDrift
    groups: ItemDrift
    threats: ItemDrift
    controls: ItemDrift
    relations_added: tuple[RelationEntry, ...]
    relations_removed: tuple[RelationEntry, ...]
    references_added: tuple[ReferenceEntry, ...]
    references_removed: tuple[ReferenceEntry, ...]
    references_changed: tuple[ReferenceEntry, ...]
    links_broken: tuple[BrokenLink, ...]
    skipped: tuple[Skipped, ...]
    intended: tuple[Acknowledged, ...]
    stale: tuple[Stale, ...]

    @property
    def unreadable_items(self) -> tuple[Skipped, ...]:
        """Skipped headings that look like threats or controls: drift may hide behind them."""
        return tuple(s for s in self.skipped if s.item)

    @property
    def in_sync(self) -> bool:
        return not (
            self.sections
            or self.groups
            or self.threats
            or self.controls
            or self.relations_added
            or self.relations_removed
            or self.references_added
            or self.references_removed
            or self.references_changed
            or self.links_broken
            or self.unreadable_items
        )

    def data(self) -> dict[str, Any]:
        def items(d: ItemDrift) -> dict[str, Any]:
            return {"added": _rows(d.added), "removed": _rows(d.removed), "changed": _rows(d.changed)}

        return {
            "in_sync": self.in_sync,
            "docs": self.docs,
            "catalog": self.catalog,
            "redirects": self.redirects,
            "threats": items(self.threats),
            "controls": items(self.controls),
            "groups": items(self.groups),
            "sections": items(self.sections),
            "relations": {"added": _rows(self.relations_added), "removed": _rows(self.relations_removed)},
            "references": {
                "added": _rows(self.references_added),
                "removed": _rows(self.references_removed),
                "changed": _rows(self.references_changed),
            },
            "links": {"broken": _rows(self.links_broken)},
            "skipped": _rows(self.skipped),
            "intended": _rows(self.intended),
            "stale_intended": _rows(self.stale),
        }


def _rows(values: tuple[Any, ...]) -> list[dict[str, Any]]:
    return [{f.name: getattr(v, f.name) for f in fields(v)} for v in values]
