"""`navigator diff`: what changed between two catalogs, item by item, field by field, and by relation.

`CatalogDiff` is also what a build that marks changes on the diagram reads (`status_of(id)`: added,
removed, changed or None), so it is keyed by item id, the same ids the Scene's elements carry.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import cached_property
from typing import Any

from ..catalog.model import COLLECTIONS, Catalog
from .text import shown_text

KINDS = {
    "sections": "section",
    "impacts": "impact",
    "control_types": "control type",
    "groups": "control group",
    "threats": "threat",
    "controls": "control",
}


@dataclass(frozen=True, slots=True)
class FieldDiff:
    field: str
    old: Any  # a string, a bool, or a list (of ids, or of references as mappings)
    new: Any


@dataclass(frozen=True, slots=True)
class ItemChange:
    collection: str  # "threats", "controls", ...
    id: str
    status: str  # "added", "removed" or "changed"
    label: str = ""
    fields: tuple[FieldDiff, ...] = ()


@dataclass(frozen=True, slots=True)
class RelationChange:
    """A control that applies to a threat (own, inherited or through a group) in one catalog only."""

    threat: str
    control: str
    status: str  # "added" or "removed"


@dataclass(frozen=True)
class CatalogDiff:
    old: str
    new: str
    meta: tuple[FieldDiff, ...]
    items: tuple[ItemChange, ...]  # in collection order, then by id
    relations: tuple[RelationChange, ...]  # by threat, then control

    @property
    def equal(self) -> bool:
        return not (self.meta or self.items or self.relations)

    def status_of(self, item_id: str) -> str | None:
        """'added', 'removed' or 'changed' for an item of either catalog; None when it is the same in both."""
        return self._status.get(item_id)

    @cached_property
    def _status(self) -> dict[str, str]:
        return {c.id: c.status for c in self.items}

    def ids(self, status: str, collection: str | None = None) -> tuple[str, ...]:
        return tuple(c.id for c in self.items if c.status == status and collection in (None, c.collection))

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"equal": self.equal, "old": self.old, "new": self.new}
        out["meta"] = {"changed": [asdict(f) for f in self.meta]}
        for collection in COLLECTIONS:
            rows = [c for c in self.items if c.collection == collection]
            out[collection] = {
                "added": [{"id": c.id, "label": c.label} for c in rows if c.status == "added"],
                "removed": [{"id": c.id, "label": c.label} for c in rows if c.status == "removed"],
                "changed": [
                    {"id": c.id, "field": f.field, "old": f.old, "new": f.new}
                    for c in rows
                    if c.status == "changed"
                    for f in c.fields
                ],
            }
        out["relations"] = {
            s: [{"threat": r.threat, "control": r.control} for r in self.relations if r.status == s]
            for s in ("added", "removed")
        }
        return out


def diff_catalogs(old: Catalog, new: Catalog, old_name: str = "", new_name: str = "") -> CatalogDiff:
    meta = tuple(_fields(_plain(asdict(old.meta)), _plain(asdict(new.meta))))
    items: list[ItemChange] = []
    for collection in COLLECTIONS:
        before = {i.id: i for i in getattr(old, collection)}
        after = {i.id: i for i in getattr(new, collection)}
        for item_id in sorted(before.keys() | after.keys()):
            a, b = before.get(item_id), after.get(item_id)
            if a is None:
                items.append(ItemChange(collection, item_id, "added", _label(b)))
            elif b is None:
                items.append(ItemChange(collection, item_id, "removed", _label(a)))
            else:
                changes = tuple(_fields(_plain(asdict(a)), _plain(asdict(b))))
                if changes:
                    items.append(ItemChange(collection, item_id, "changed", _label(b), changes))
    relations: list[RelationChange] = []
    shared = sorted({t.id for t in old.threats} & {t.id for t in new.threats})
    for tid in shared:
        before_c, after_c = set(old.controls_of(tid)), set(new.controls_of(tid))
        relations += [RelationChange(tid, c, "added") for c in sorted(after_c - before_c)]
        relations += [RelationChange(tid, c, "removed") for c in sorted(before_c - after_c)]
    return CatalogDiff(old_name, new_name, meta, tuple(items), tuple(relations))


def _label(item: Any) -> str:
    name = getattr(item, "title", "") or getattr(item, "name", "") or getattr(item, "label", "")
    number = getattr(item, "number", "")
    return f"{number} {name}".strip()


def _plain(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _fields(a: dict[str, Any], b: dict[str, Any]) -> list[FieldDiff]:
    return [FieldDiff(k, a.get(k), b.get(k)) for k in a if a.get(k) != b.get(k)]


# -- reports ----------------------------------------------------------------------------------------
def render_diff(d: CatalogDiff, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(d.data(), indent=2, ensure_ascii=False) + "\n"
    md = fmt == "markdown"
    out = (
        [f"## Catalog diff: {_cell(d.old, md)} -> {_cell(d.new, md)}", ""]
        if md
        else [f"navigator diff: {d.old} -> {d.new}"]
    )
    if d.meta:
        out.append("### meta" if md else "meta:")
        out += [f"{'- ' if md else '  '}changed  {f.field}: {_short(f.old, md)} -> {_short(f.new, md)}" for f in d.meta]
    for collection in KINDS:
        rows = [c for c in d.items if c.collection == collection]
        if not rows:
            continue
        out.append(f"### {collection.replace('_', ' ')}" if md else f"{collection.replace('_', ' ')}:")
        for c in rows:
            lead = "- " if md else "  "
            ident = f"`{_cell(c.id, md)}`" if md else c.id
            if c.status != "changed":
                out.append(f"{lead}{c.status:<8} {ident}  {_cell(c.label, md)}")
                continue
            for f in c.fields:
                out.append(f"{lead}changed  {ident}  {f.field}: {_short(f.old, md)} -> {_short(f.new, md)}")
    if d.relations:
        out.append("### relations (controls of a threat)" if md else "relations (controls of a threat):")
        out += [f"{'- ' if md else '  '}{r.status:<8} {r.threat} -> {r.control}" for r in d.relations]
    n = len(d.items) + len(d.relations) + (1 if d.meta else 0)
    out.append("")
    out.append("equal: the catalogs are the same" if d.equal else f"{n} change{'s' if n != 1 else ''}")
    return "\n".join(shown_text(line) for line in out).strip("\n") + "\n"


def _short(value: Any, md: bool) -> str:
    if isinstance(value, list):
        text = "[" + ", ".join(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in value) + "]"
    else:
        text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f"'{value}'"
    text = " ".join(text.split())
    text = text if len(text) <= 160 else text[:159] + "…"
    return _cell(text, md)


def _cell(text: str, md: bool) -> str:
    if not md:
        return text
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
