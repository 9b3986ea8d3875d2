"""The frozen catalog model: what every later stage (filters, layout, renderers, web) reads.

Each field carries a small spec in its metadata (`kind`, `doc`, and for references the kind of
item it points at). The loader validates against these specs and the JSON Schema is generated
from them, so the model, the validator and the published schema cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import Any

from .items import (
    COLLECTIONS,
    INTENDED_WHAT,
    ITEM_KINDS,
    KIND_OF_COLLECTION,
    KIND_OF_REF,
    NESTED,
    NESTED_DEFS,
    NESTED_NOUNS,
    THREAT_KINDS,
    Control,
    ControlGroup,
    ControlType,
    Effect,
    Impact,
    Intended,
    ItemKind,
    Meta,
    Question,
    Reference,
    Section,
    Threat,
)
from .spec import (
    ID_MAX,
    LABEL_MAX,
    LINE_MAX,
    MAX_NESTING,
    NOTES_MAX,
    NUMBER_MAX,
    SHORT_MAX,
    SUMMARY_MAX,
    SYMBOL_MAX,
    TITLE_MAX,
    URL_MAX,
    WORD_MAX,
    field_specs,
    spec,
)

__all__ = [
    "COLLECTIONS",
    "ID_MAX",
    "INTENDED_WHAT",
    "ITEM_KINDS",
    "KIND_OF_COLLECTION",
    "KIND_OF_REF",
    "LABEL_MAX",
    "LINE_MAX",
    "MAX_NESTING",
    "NESTED",
    "NESTED_DEFS",
    "NESTED_NOUNS",
    "NOTES_MAX",
    "NUMBER_MAX",
    "SHORT_MAX",
    "SUMMARY_MAX",
    "SYMBOL_MAX",
    "THREAT_KINDS",
    "TITLE_MAX",
    "URL_MAX",
    "WORD_MAX",
    "Catalog",
    "Control",
    "ControlGroup",
    "ControlType",
    "Effect",
    "Impact",
    "Intended",
    "ItemKind",
    "Meta",
    "Question",
    "Reference",
    "Section",
    "Threat",
    "field_specs",
    "spec",
]


def _unique(ids: Iterator[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


@dataclass(frozen=True, kw_only=True)
class Catalog:
    """A validated catalog. Relations are computed once and exposed both ways."""

    meta: Meta
    sections: tuple[Section, ...]
    impacts: tuple[Impact, ...]
    control_types: tuple[ControlType, ...]
    groups: tuple[ControlGroup, ...]
    threats: tuple[Threat, ...]
    controls: tuple[Control, ...]
    questions: tuple[Question, ...] = ()  # the questionnaire of `navigator assess`, in the order asked

    # -- lookups -----------------------------------------------------------------------------
    @cached_property
    def by_id(self) -> Mapping[str, Any]:
        items: dict[str, Any] = {}
        for name in COLLECTIONS:
            for item in getattr(self, name):
                items[item.id] = item
        return MappingProxyType(items)

    def section(self, id: str) -> Section:
        item: Section = self._index("sections")[id]
        return item

    def impact(self, id: str) -> Impact:
        item: Impact = self._index("impacts")[id]
        return item

    def control_type(self, id: str) -> ControlType:
        item: ControlType = self._index("control_types")[id]
        return item

    def group(self, id: str) -> ControlGroup:
        item: ControlGroup = self._index("groups")[id]
        return item

    def threat(self, id: str) -> Threat:
        item: Threat = self._index("threats")[id]
        return item

    def control(self, id: str) -> Control:
        item: Control = self._index("controls")[id]
        return item

    def _index(self, name: str) -> Mapping[str, Any]:
        return self._indexes[name]

    @cached_property
    def _indexes(self) -> Mapping[str, Mapping[str, Any]]:
        return MappingProxyType(
            {name: MappingProxyType({i.id: i for i in getattr(self, name)}) for name in COLLECTIONS}
        )

    # -- threat hierarchy ----------------------------------------------------------------------
    @cached_property
    def _children(self) -> Mapping[str, tuple[str, ...]]:
        kids: dict[str, list[str]] = {t.id: [] for t in self.threats}
        for t in self.threats:
            if t.parent:
                kids[t.parent].append(t.id)
        return MappingProxyType({k: tuple(v) for k, v in kids.items()})

    def children(self, threat_id: str) -> tuple[str, ...]:
        """Ids of the threats whose parent is this one, in catalog order."""
        return self._children[threat_id]

    @cached_property
    def _ancestors(self) -> Mapping[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for t in self.threats:  # parents may come after their children: follow each chain
            chain: list[str] = []
            parent = t.parent
            while parent:
                chain.append(parent)
                parent = self.threat(parent).parent
            out[t.id] = tuple(chain)
        return MappingProxyType(out)

    def ancestors(self, threat_id: str) -> tuple[str, ...]:
        """Ids of the parent, grandparent, ... of a threat (nearest first)."""
        return self._ancestors[threat_id]

    def descendants(self, threat_id: str) -> tuple[str, ...]:
        out: list[str] = []
        stack = list(reversed(self.children(threat_id)))
        while stack:
            tid = stack.pop()
            out.append(tid)
            stack.extend(reversed(self.children(tid)))
        return tuple(out)

    # -- relations between threats and controls ---------------------------------------------------
    @cached_property
    def universal_groups(self) -> tuple[str, ...]:
        """Groups that apply to every threat (e.g. governance)."""
        return tuple(g.id for g in self.groups if g.applies_to_all)

    @cached_property
    def _groups_of(self) -> Mapping[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for t in self.threats:
            chain = (t.id, *self.ancestors(t.id))
            listed = (g for tid in chain for g in self.threat(tid).control_groups)
            out[t.id] = _unique(iter((*listed, *self.universal_groups)))
        return MappingProxyType(out)

    def groups_of(self, threat_id: str) -> tuple[str, ...]:
        """Control groups that apply to a threat: its own, its ancestors', then the universal ones."""
        return self._groups_of[threat_id]

    @cached_property
    def _controls_of(self) -> Mapping[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for t in self.threats:
            chain = (t.id, *self.ancestors(t.id))
            own = (c for tid in chain for c in self.threat(tid).controls)
            grouped = (c for g in self.groups_of(t.id) for c in self.group(g).controls)
            out[t.id] = _unique(iter((*own, *grouped)))
        return MappingProxyType(out)

    def controls_of(self, threat_id: str) -> tuple[str, ...]:
        """Every control that applies to a threat: its own, its parents', then those of its groups."""
        return self._controls_of[threat_id]

    @cached_property
    def _threats_of(self) -> Mapping[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {c.id: [] for c in self.controls}
        for t in self.threats:
            for c in self.controls_of(t.id):
                out[c].append(t.id)
        return MappingProxyType({k: tuple(v) for k, v in out.items()})

    def threats_of(self, control_id: str) -> tuple[str, ...]:
        """Every threat a control mitigates (directly, or through a group or a parent)."""
        return self._threats_of[control_id]

    @cached_property
    def _groups_of_control(self) -> Mapping[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {c.id: [] for c in self.controls}
        for g in self.groups:
            for c in g.controls:
                out[c].append(g.id)
        return MappingProxyType({k: tuple(v) for k, v in out.items()})

    def groups_of_control(self, control_id: str) -> tuple[str, ...]:
        """Control groups that contain a control."""
        return self._groups_of_control[control_id]

    @cached_property
    def unlisted_controls(self) -> frozenset[str]:
        """Controls that no threat and no group lists (the diagram gives them an "Other controls" card)."""
        listed = {c for t in self.threats for c in t.controls} | {c for g in self.groups for c in g.controls}
        return frozenset(c.id for c in self.controls if c.id not in listed)

    @cached_property
    def _threats_of_group(self) -> Mapping[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {g.id: [] for g in self.groups}
        for t in self.threats:
            for g in self.groups_of(t.id):
                out[g].append(t.id)
        return MappingProxyType({k: tuple(v) for k, v in out.items()})

    def threats_of_group(self, group_id: str) -> tuple[str, ...]:
        """Threats a control group applies to (directly, through a parent, or to all)."""
        return self._threats_of_group[group_id]
