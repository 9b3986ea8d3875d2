"""The frozen catalog model: what every later stage (filters, layout, renderers, web) reads.

Each field carries a small spec in its metadata (`kind`, `doc`, and for references the kind of
item it points at). The loader validates against these specs and the JSON Schema is generated
from them, so the model, the validator and the published schema cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import Any, Iterator, Mapping


def spec(kind: str, doc: str, *, ref: str = "", choices: tuple[str, ...] = (), default: Any = ...) -> Any:
    """A dataclass field whose metadata tells the loader and the schema what the value must be."""
    meta = {"kind": kind, "doc": doc, "ref": ref, "choices": choices}
    if default is ...:
        return field(metadata=meta)
    if isinstance(default, (list, tuple)):
        return field(default=tuple(default), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True, kw_only=True, slots=True)
class Reference:
    """A pointer to the same topic in another framework (MITRE ATLAS, OWASP LLM Top 10, ...)."""

    framework: str = spec("text", "Name of the other framework, e.g. `MITRE ATLAS`, `OWASP LLM Top 10`, `OpenCRE`.")
    title: str = spec("text", "Title of the referenced entry in that framework.")
    id: str = spec(
        "text", "The entry's own identifier in that framework, e.g. `AML.T0051` or `LLM01:2025`.", default=""
    )
    url: str = spec("url", "Link to the referenced entry (http or https).", default="")

    @property
    def label(self) -> str:
        """Framework and id, then the title: `MITRE ATLAS AML.T0051: LLM Prompt Injection`."""
        head = f"{self.framework} {self.id}".strip()
        return f"{head}: {self.title}" if self.title else head


@dataclass(frozen=True, kw_only=True, slots=True)
class Meta:
    """Who published the catalog, which version, under which licence, and how item links are made."""

    id: str = spec("id", "Identifier of the catalog, e.g. `owasp-ai-exchange`.")
    title: str = spec("text", "Title of the diagram, e.g. `AI security threats and controls navigator`.")
    name: str = spec("text", "Name of the catalog's source, e.g. `OWASP AI Exchange`.")
    source: str = spec("url", "Home page of the source.")
    version: str = spec("text", "Version of the source the catalog was made from (a release or a commit).")
    date: str = spec("date", "Date of that version, `YYYY-MM-DD`.")
    licence: str = spec("text", "Licence of the catalog's content, e.g. `CC0 1.0`.")
    licence_url: str = spec("url", "Link to the licence text.", default="")
    url_template: str = spec(
        "url_template", "Link of an item that gives no `url` of its own; `{id}` is replaced by the item's id."
    )
    description: str = spec(
        "text", "One or two sentences about the catalog, shown in the PDF's first page footer.", default=""
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class Section:
    """A layer of the navigator: a deep-dive section of the source, drawn as one horizontal band."""

    id: str = spec("id", "Identifier; for the AI Exchange the section's permalink slug.")
    number: str = spec("text", "Number shown before the title, e.g. `2`.", default="")
    title: str = spec("text", "Title of the section, e.g. `Input threats`.")
    summary: str = spec("text", "One or two sentences saying what the section covers.", default="")
    url: str = spec("url", "Link to the section; defaults to `meta.url_template` filled with the id.", default="")

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True, kw_only=True, slots=True)
class Impact:
    """A risk a threat can hit (confidentiality of training data, integrity of model behaviour, ...)."""

    id: str = spec("id", "Identifier, e.g. `model-behaviour-integrity`.")
    label: str = spec("text", "Full label, e.g. `Integrity of model behaviour`.")
    short: str = spec("text", "Short label for tabs and filters (about 25 characters at most).")
    colour: str = spec("colour", "Colour of the impact's tab, `#RRGGBB`; text on it is chosen for contrast.")
    goal: str = spec("text", "The attacker goal it serves, e.g. `disclose`, `deceive`, `disrupt`.", default="")
    summary: str = spec("text", "One or two sentences explaining the impact.", default="")


@dataclass(frozen=True, kw_only=True, slots=True)
class ControlType:
    """A kind of control (who builds it, when); drives the colour of control rows and a filter."""

    id: str = spec("id", "Identifier, e.g. `runtime-ai`.")
    label: str = spec("text", "Full label, e.g. `Runtime AI engineer control`.")
    short: str = spec("text", "Short label for filters and compact legends.")
    symbol: str = spec("text", "One or two characters drawn on each control row so the type reads without colour.")
    colour: str = spec("colour", "Colour of the type's marker on control rows, `#RRGGBB`.")
    summary: str = spec("text", "One or two sentences explaining the type.", default="")


@dataclass(frozen=True, kw_only=True, slots=True)
class ControlGroup:
    """A named set of controls that threats refer to as a whole ("see always", governance, ...)."""

    id: str = spec("id", "Identifier; for the AI Exchange the group's permalink slug where it has one.")
    number: str = spec("text", "Number shown before the title, e.g. `1.1`.", default="")
    title: str = spec("text", "Title shown on the group's card.")
    section: str = spec("ref", "Section whose layer holds the group's card.", ref="section")
    controls: tuple[str, ...] = spec("refs", "The controls in the group, in the order they are drawn.", ref="control")
    applies_to_all: bool = spec("bool", "True when the group applies to every threat (governance).", default=False)
    summary: str = spec("text", "One to three sentences in the catalog's own words.", default="")
    url: str = spec("url", "Link; defaults to `meta.url_template` filled with the id.", default="")
    notes: str = spec("text", "Editorial notes: where and why the catalog departs from its source.", default="")

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


THREAT_KINDS = ("threat", "group")


@dataclass(frozen=True, kw_only=True, slots=True)
class Threat:
    """A threat, or a group of threats whose sub-threats name it as their `parent`."""

    id: str = spec("id", "Identifier; for the AI Exchange the threat's permalink slug.")
    number: str = spec("text", "Number shown before the title, e.g. `2.2.1`.", default="")
    title: str = spec("text", "Title as the source spells it.")
    kind: str = spec(
        "choice", "`threat`, or `group` for a heading that gathers threats.", choices=THREAT_KINDS, default="threat"
    )
    section: str = spec("ref", "Section (layer) the threat belongs to.", ref="section")
    parent: str = spec("ref", "The threat group this threat belongs to, if any.", ref="threat", default="")
    impacts: tuple[str, ...] = spec("refs", "The impacts (risks) the threat hits.", ref="impact", default=())
    attack_surface: str = spec("text", "Where the attack happens, e.g. `Runtime - model use`.", default="")
    lifecycle: str = spec("text", "When in the lifecycle, e.g. `runtime` or `development-time`.", default="")
    summary: str = spec("text", "One to three sentences in the catalog's own words.")
    controls: tuple[str, ...] = spec(
        "refs", "Controls against this threat, beyond those of its groups and parents.", ref="control", default=()
    )
    control_groups: tuple[str, ...] = spec(
        "refs", "Control groups that apply to this threat as a whole.", ref="group", default=()
    )
    references: tuple[Reference, ...] = spec(
        "references", "Entries in other frameworks about the same threat.", default=()
    )
    tags: tuple[str, ...] = spec(
        "tags", "Free keywords, e.g. `genai`, `agentic`, for search and later questionnaires.", default=()
    )
    category: str = spec("text", "The source's own category line, kept verbatim for traceability.", default="")
    url: str = spec("url", "Link; defaults to `meta.url_template` filled with the id.", default="")
    notes: str = spec("text", "Editorial notes: where and why the catalog departs from its source.", default="")

    @property
    def is_group(self) -> bool:
        return self.kind == "group"

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True, kw_only=True, slots=True)
class Control:
    """A control (mitigation) against one or more threats."""

    id: str = spec("id", "Identifier; for the AI Exchange the control's permalink slug.")
    name: str = spec("text", "Name as the source spells it, e.g. `MONITOR USE`.")
    number: str = spec("text", "Number, for controls that the source numbers (e.g. `4.9`).", default="")
    section: str = spec("ref", "Section that describes the control.", ref="section")
    type: str = spec("ref", "Control type.", ref="control_type")
    summary: str = spec("text", "One to three sentences in the catalog's own words.")
    category: str = spec(
        "text", "The source's own category line, kept verbatim; the type is derived from it.", default=""
    )
    references: tuple[Reference, ...] = spec(
        "references", "Entries in other frameworks about the same control.", default=()
    )
    tags: tuple[str, ...] = spec("tags", "Free keywords for search.", default=())
    url: str = spec("url", "Link; defaults to `meta.url_template` filled with the id.", default="")
    notes: str = spec("text", "Editorial notes: where and why the catalog departs from its source.", default="")

    @property
    def label(self) -> str:
        return f"{self.number} {self.name}" if self.number else self.name


# The top-level collections of a catalog file, in the order they are documented and exported.
COLLECTIONS: dict[str, type] = {
    "sections": Section,
    "impacts": Impact,
    "control_types": ControlType,
    "groups": ControlGroup,
    "threats": Threat,
    "controls": Control,
}
# What a `ref` of each kind points at, in words, for error messages.
ITEM_NOUNS = {
    "section": "section",
    "impact": "impact",
    "control_type": "control type",
    "group": "control group",
    "threat": "threat",
    "control": "control",
}
COLLECTION_OF_KIND = {
    "section": "sections",
    "impact": "impacts",
    "control_type": "control_types",
    "group": "groups",
    "threat": "threats",
    "control": "controls",
}


@lru_cache(maxsize=None)
def field_specs(cls: type) -> dict[str, dict[str, Any]]:
    """Field name -> spec (kind, doc, ref, choices, required) of a model class, in declaration order."""
    out: dict[str, dict[str, Any]] = {}
    for f in fields(cls):
        required = f.default is f.default_factory  # both MISSING
        out[f.name] = {**f.metadata, "required": required, "default": None if required else f.default}
    return out


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

    # -- lookups -----------------------------------------------------------------------------
    @cached_property
    def by_id(self) -> Mapping[str, Any]:
        items: dict[str, Any] = {}
        for name in COLLECTIONS:
            for item in getattr(self, name):
                items[item.id] = item
        return MappingProxyType(items)

    def section(self, id: str) -> Section:
        return self._index("sections")[id]

    def impact(self, id: str) -> Impact:
        return self._index("impacts")[id]

    def control_type(self, id: str) -> ControlType:
        return self._index("control_types")[id]

    def group(self, id: str) -> ControlGroup:
        return self._index("groups")[id]

    def threat(self, id: str) -> Threat:
        return self._index("threats")[id]

    def control(self, id: str) -> Control:
        return self._index("controls")[id]

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
