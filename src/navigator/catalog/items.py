"""The catalog's items as frozen dataclasses (sections, impacts, control types, groups, threats,
controls, questions, and the mappings nested in them), each field described by a spec (`spec.py`),
and the one table of item kinds: what each is called in files, fields and messages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .spec import (
    LABEL_MAX,
    LINE_MAX,
    NOTES_MAX,
    NUMBER_MAX,
    SHORT_MAX,
    SUMMARY_MAX,
    SYMBOL_MAX,
    TITLE_MAX,
    URL_MAX,
    WORD_MAX,
    spec,
)


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
