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

from ..links import MAX_URL_LENGTH

# Length limits in characters, per kind of field (docs/catalog.md lists them by field). Generous: the
# longest values of the AI Exchange catalog are a fifth of these or less. They keep a catalog from a pull
# request from stalling a build: a summary is a paragraph, not a book.
ID_MAX = 100
NUMBER_MAX = 20
SYMBOL_MAX = 8
SHORT_MAX = 60  # short labels; each tag
WORD_MAX = 100  # a name or a few words: frameworks, versions, licences, goals, reference ids
TITLE_MAX = 200  # titles and names (wrapped on cards and pages)
LABEL_MAX = 100  # impact and control type labels (one line each in the legend)
LINE_MAX = 300  # one line of the source: category lines, reference titles, attack surfaces
SUMMARY_MAX = 2_000
NOTES_MAX = 4_000
URL_MAX = MAX_URL_LENGTH
# Threat groups may nest this many levels deep (a threat has at most this many ancestors). The AI
# Exchange uses one (2.2 > 2.2.1); every stage that walks the tree is bounded by it.
MAX_NESTING = 8
# A limit for each kind of value that has a fixed one.
_KIND_LIMITS = {"id": ID_MAX, "ref": ID_MAX, "refs": ID_MAX, "url": URL_MAX, "url_template": URL_MAX}


def spec(
    kind: str, doc: str, *, ref: str = "", choices: tuple[str, ...] = (), limit: int = 0, default: Any = ...
) -> Any:
    """A dataclass field whose metadata tells the loader, the schema and docs/catalog.md what the value
    must be. `limit` is the most characters a text (or each word of a list of tags) may have."""
    meta = {"kind": kind, "doc": doc, "ref": ref, "choices": choices, "limit": limit or _KIND_LIMITS.get(kind, 0)}
    if default is ...:
        return field(metadata=meta)
    if isinstance(default, (list, tuple)):
        return field(default=tuple(default), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True, kw_only=True, slots=True)
class Reference:
    """A pointer to the same topic in another framework (MITRE ATLAS, OWASP LLM Top 10, ...)."""

    framework: str = spec(
        "text", "Name of the other framework, e.g. `MITRE ATLAS`, `OWASP LLM Top 10`, `OpenCRE`.", limit=WORD_MAX
    )
    title: str = spec("text", "Title of the referenced entry in that framework.", limit=LINE_MAX)
    id: str = spec(
        "text",
        "The entry's own identifier in that framework, e.g. `AML.T0051` or `LLM01:2025`.",
        default="",
        limit=WORD_MAX,
    )
    url: str = spec("url", "Link to the referenced entry (http or https).", default="")

    @property
    def label(self) -> str:
        """Framework and id, then the title: `MITRE ATLAS AML.T0051: LLM Prompt Injection`."""
        head = f"{self.framework} {self.id}".strip()
        return f"{head}: {self.title}" if self.title else head


# What an intended difference is about: a field the docs and the catalog both have, `controls` (which controls
# apply to a threat, or belong to a group), `references`, `link` (a defect of the docs' links the catalog reads
# past) or `item` (an item only one side has). `navigator sync` matches drift against these (docs/sync.md).
INTENDED_WHAT = (
    "id",
    "number",
    "title",
    "name",
    "category",
    "type",
    "kind",
    "parent",
    "section",
    "controls",
    "references",
    "link",
    "item",
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Intended:
    """A deliberate, machine-readable departure from the source: what differs, and why."""

    what: str = spec(
        "choice",
        "What differs: a field (`number`, `title`, `name`, `category`, `type`, `kind`, `parent`, `section`, `id`), "
        "`controls`, `references`, `link` or `item`.",
        choices=INTENDED_WHAT,
    )
    docs: tuple[str, ...] = spec(
        "values",
        "What the docs have that the catalog does not: a value, or a list of ids or links.",
        default=(),
        limit=URL_MAX,
    )
    catalog: tuple[str, ...] = spec(
        "values",
        "What the catalog has instead: a value, or a list of ids.",
        default=(),
        limit=URL_MAX,
    )
    why: str = spec("text", "Why the catalog departs from the docs here.", limit=SUMMARY_MAX)


@dataclass(frozen=True, kw_only=True, slots=True)
class Meta:
    """Who published the catalog, which version, under which licence, and how item links are made."""

    id: str = spec("id", "Identifier of the catalog, e.g. `owasp-ai-exchange`.")
    title: str = spec(
        "text", "Title of the diagram, e.g. `AI security threats and controls navigator`.", limit=TITLE_MAX
    )
    name: str = spec("text", "Name of the catalog's source, e.g. `OWASP AI Exchange`.", limit=TITLE_MAX)
    source: str = spec("url", "Home page of the source.")
    version: str = spec(
        "text", "Version of the source the catalog was made from (a release or a commit).", limit=WORD_MAX
    )
    date: str = spec("date", "Date of that version, `YYYY-MM-DD`.")
    licence: str = spec("text", "Licence of the catalog's content, e.g. `CC0 1.0`.", limit=WORD_MAX)
    licence_url: str = spec("url", "Link to the licence text.", default="")
    url_template: str = spec(
        "url_template", "Link of an item that gives no `url` of its own; `{id}` is replaced by the item's id."
    )
    description: str = spec(
        "text",
        "One or two sentences about the catalog, shown in the PDF's first page footer.",
        default="",
        limit=SUMMARY_MAX,
    )
    intended: tuple[Intended, ...] = spec(
        "intended", "Intended differences from the source that concern no single item (docs/sync.md).", default=()
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class Section:
    """A layer of the navigator: a deep-dive section of the source, drawn as one horizontal band."""

    id: str = spec("id", "Identifier; for the AI Exchange the section's permalink slug.")
    number: str = spec("text", "Number shown before the title, e.g. `2`.", default="", limit=NUMBER_MAX)
    title: str = spec("text", "Title of the section, e.g. `Input threats`.", limit=TITLE_MAX)
    summary: str = spec("text", "One or two sentences saying what the section covers.", default="", limit=SUMMARY_MAX)
    url: str = spec("url", "Link to the section; defaults to `meta.url_template` filled with the id.", default="")
    intended: tuple[Intended, ...] = spec(
        "intended", "Intended differences from the source, each with what differs and why (docs/sync.md).", default=()
    )

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True, kw_only=True, slots=True)
class Impact:
    """A risk a threat can hit (confidentiality of training data, integrity of model behaviour, ...)."""

    id: str = spec("id", "Identifier, e.g. `model-behaviour-integrity`.")
    label: str = spec("text", "Full label, e.g. `Integrity of model behaviour`.", limit=LABEL_MAX)
    short: str = spec("text", "Short label for tabs and filters (about 25 characters at most).", limit=SHORT_MAX)
    colour: str = spec("colour", "Colour of the impact's tab, `#RRGGBB`; text on it is chosen for contrast.")
    goal: str = spec(
        "text", "The attacker goal it serves, e.g. `disclose`, `deceive`, `disrupt`.", default="", limit=WORD_MAX
    )
    summary: str = spec("text", "One or two sentences explaining the impact.", default="", limit=SUMMARY_MAX)


@dataclass(frozen=True, kw_only=True, slots=True)
class ControlType:
    """A kind of control (who builds it, when); drives the colour of control rows and a filter."""

    id: str = spec("id", "Identifier, e.g. `runtime-ai`.")
    label: str = spec("text", "Full label, e.g. `Runtime AI engineer control`.", limit=LABEL_MAX)
    short: str = spec("text", "Short label for filters and compact legends.", limit=SHORT_MAX)
    symbol: str = spec(
        "text", "One or two characters drawn on each control row so the type reads without colour.", limit=SYMBOL_MAX
    )
    colour: str = spec("colour", "Colour of the type's marker on control rows, `#RRGGBB`.")
    summary: str = spec("text", "One or two sentences explaining the type.", default="", limit=SUMMARY_MAX)


@dataclass(frozen=True, kw_only=True, slots=True)
class ControlGroup:
    """A named set of controls that threats refer to as a whole ("see always", governance, ...)."""

    id: str = spec("id", "Identifier; for the AI Exchange the group's permalink slug where it has one.")
    number: str = spec("text", "Number shown before the title, e.g. `1.1`.", default="", limit=NUMBER_MAX)
    title: str = spec("text", "Title shown on the group's card.", limit=TITLE_MAX)
    section: str = spec("ref", "Section whose layer holds the group's card.", ref="section")
    controls: tuple[str, ...] = spec("refs", "The controls in the group, in the order they are drawn.", ref="control")
    applies_to_all: bool = spec("bool", "True when the group applies to every threat (governance).", default=False)
    summary: str = spec("text", "One to three sentences in the catalog's own words.", default="", limit=SUMMARY_MAX)
    url: str = spec("url", "Link; defaults to `meta.url_template` filled with the id.", default="")
    notes: str = spec(
        "text", "Editorial notes: where and why the catalog departs from its source.", default="", limit=NOTES_MAX
    )
    intended: tuple[Intended, ...] = spec(
        "intended", "Intended differences from the source, each with what differs and why (docs/sync.md).", default=()
    )

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


THREAT_KINDS = ("threat", "group")


@dataclass(frozen=True, kw_only=True, slots=True)
class Threat:
    """A threat, or a group of threats whose sub-threats name it as their `parent`."""

    id: str = spec("id", "Identifier; for the AI Exchange the threat's permalink slug.")
    number: str = spec("text", "Number shown before the title, e.g. `2.2.1`.", default="", limit=NUMBER_MAX)
    title: str = spec("text", "Title as the source spells it.", limit=TITLE_MAX)
    kind: str = spec(
        "choice", "`threat`, or `group` for a heading that gathers threats.", choices=THREAT_KINDS, default="threat"
    )
    section: str = spec("ref", "Section (layer) the threat belongs to.", ref="section")
    parent: str = spec("ref", "The threat group this threat belongs to, if any.", ref="threat", default="")
    impacts: tuple[str, ...] = spec("refs", "The impacts (risks) the threat hits.", ref="impact", default=())
    attack_surface: str = spec(
        "text", "Where the attack happens, e.g. `Runtime - model use`.", default="", limit=LINE_MAX
    )
    lifecycle: str = spec(
        "text", "When in the lifecycle, e.g. `runtime` or `development-time`.", default="", limit=WORD_MAX
    )
    summary: str = spec("text", "One to three sentences in the catalog's own words.", limit=SUMMARY_MAX)
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
        "tags",
        "Free keywords, e.g. `genai`, `agentic`, for search and later questionnaires.",
        default=(),
        limit=SHORT_MAX,
    )
    category: str = spec(
        "text", "The source's own category line, kept verbatim for traceability.", default="", limit=LINE_MAX
    )
    url: str = spec("url", "Link; defaults to `meta.url_template` filled with the id.", default="")
    notes: str = spec(
        "text", "Editorial notes: where and why the catalog departs from its source.", default="", limit=NOTES_MAX
    )
    intended: tuple[Intended, ...] = spec(
        "intended", "Intended differences from the source, each with what differs and why (docs/sync.md).", default=()
    )

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
    name: str = spec("text", "Name as the source spells it, e.g. `MONITOR USE`.", limit=TITLE_MAX)
    number: str = spec(
        "text", "Number, for controls that the source numbers (e.g. `4.9`).", default="", limit=NUMBER_MAX
    )
    section: str = spec("ref", "Section that describes the control.", ref="section")
    type: str = spec("ref", "Control type.", ref="control_type")
    summary: str = spec("text", "One to three sentences in the catalog's own words.", limit=SUMMARY_MAX)
    category: str = spec(
        "text",
        "The source's own category line, kept verbatim; the type is derived from it.",
        default="",
        limit=LINE_MAX,
    )
    references: tuple[Reference, ...] = spec(
        "references", "Entries in other frameworks about the same control.", default=()
    )
    tags: tuple[str, ...] = spec("tags", "Free keywords for search.", default=(), limit=SHORT_MAX)
    url: str = spec("url", "Link; defaults to `meta.url_template` filled with the id.", default="")
    notes: str = spec(
        "text", "Editorial notes: where and why the catalog departs from its source.", default="", limit=NOTES_MAX
    )
    intended: tuple[Intended, ...] = spec(
        "intended", "Intended differences from the source, each with what differs and why (docs/sync.md).", default=()
    )

    @property
    def label(self) -> str:
        return f"{self.number} {self.name}" if self.number else self.name


@dataclass(frozen=True, kw_only=True, slots=True)
class Effect:
    """What some answers of a question do to some threats, and why (the sentence ends up in the report)."""

    answer: str = spec("text", "The answer it holds for; several joined by `|`, e.g. `you|both`.", limit=LINE_MAX)
    when: tuple[str, ...] = spec(
        "tags",
        "Conditions on other questions, all of which must hold too: `question=answer` or `question=a|b`.",
        default=(),
        limit=LINE_MAX,
    )
    applies: tuple[str, ...] = spec(
        "refs",
        "Threats that apply when it holds (a threat group stands for its sub-threats).",
        ref="threat",
        default=(),
    )
    excludes: tuple[str, ...] = spec(
        "refs",
        "Threats that stop applying when it holds, unless an `applies` of theirs holds too.",
        ref="threat",
        default=(),
    )
    because: str = spec("text", "Why, in one sentence, shown in the report.", limit=LINE_MAX)


@dataclass(frozen=True, kw_only=True, slots=True)
class Question:
    """A question of the questionnaire (`navigator assess`): its answers make threats apply or not."""

    id: str = spec("id", "Identifier: the key in answers files, e.g. `genai`.")
    question: str = spec(
        "text", "The question as asked, e.g. `Is the model generative AI (an LLM or similar)?`.", limit=LINE_MAX
    )
    help: str = spec("text", "One to three sentences that help answer it.", limit=SUMMARY_MAX)
    url: str = spec("url", "Link to the part of the source the question follows.")
    answers: tuple[str, ...] = spec("tags", 'The possible answers, e.g. `["yes", "no"]`.', limit=SHORT_MAX)
    effects: tuple[Effect, ...] = spec("effects", "What the answers do to which threats, and why.", default=())
    notes: str = spec(
        "text", "Editorial notes: where the source is silent and what was decided.", default="", limit=NOTES_MAX
    )


# Kinds whose value is a list of nested mappings: the class each becomes, its noun in messages, its
# name in the JSON Schema's $defs.
NESTED: dict[str, type] = {"references": Reference, "effects": Effect, "intended": Intended}
NESTED_NOUNS = {"references": "reference", "effects": "effect", "intended": "entry"}
NESTED_DEFS = {"references": "reference", "effects": "effect", "intended": "intended"}


@dataclass(frozen=True)
class ItemKind:
    """One kind of catalog item: the one table of what each is called, in files, fields and messages."""

    collection: str  # its top-level key in a catalog file, e.g. `control_types`
    ref: str  # how a field's spec names it (`ref="control_type"`)
    noun: str  # in messages, e.g. "control type"
    cls: type
    filter_word: str = ""  # what the filters and the web view call it, when that differs ("risk")

    @property
    def plural(self) -> str:
        return f"{self.noun}s"

    @property
    def filter_noun(self) -> str:
        return self.filter_word or self.noun

    @property
    def filter_plural(self) -> str:
        return f"{self.filter_noun}s"


# In the order they are documented and exported.
ITEM_KINDS = (
    ItemKind("sections", "section", "section", Section),
    ItemKind("impacts", "impact", "impact", Impact, filter_word="risk"),
    ItemKind("control_types", "control_type", "control type", ControlType),
    ItemKind("groups", "group", "control group", ControlGroup),
    ItemKind("threats", "threat", "threat", Threat),
    ItemKind("controls", "control", "control", Control),
    ItemKind("questions", "question", "question", Question),
)
KIND_OF_COLLECTION: Mapping[str, ItemKind] = MappingProxyType({k.collection: k for k in ITEM_KINDS})
KIND_OF_REF: Mapping[str, ItemKind] = MappingProxyType({k.ref: k for k in ITEM_KINDS})
# The top-level collections of a catalog file and the class of their items.
COLLECTIONS: dict[str, type] = {k.collection: k.cls for k in ITEM_KINDS}


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
