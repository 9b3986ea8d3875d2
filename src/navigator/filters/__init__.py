"""Filters: which threats, controls and control groups a set of criteria keeps.

One pure function (`select`) on the catalog model serves both the command line (`navigator build
--risk ...`) and the web view, so both always agree on what a filter means:

- risk R: the threats that hit R, and the controls that apply to them;
- control type K: the controls of type K, and the threats they mitigate;
- section S: the threats of S and the controls that apply to them, and the controls S describes;
- threat T: T and its sub-threats, and the controls that apply to them;
- search text: the threats and controls it matches directly (`search.find`: whole words and
  phrases, names, numbers and framework ids first); a matching threat brings its controls (and, when
  it matched by name, its sub-threats), a matching control its threats, all as context;
- frameworks and framework entries (one criterion, several values unite): the threats that
  reference an entry of those frameworks, or those entries, with their controls; controls that
  reference them are kept for what they are;
- applicable ids (from `navigator.assess`, the threats that apply to one system): those threats and
  the controls that apply to them, as for a risk.

Criteria of different kinds intersect; several values of one kind unite. A control kept by every
criterion must also still be related to the result: it applies to a kept threat, or every criterion
keeps it for what it is itself (its type, the section that describes it, its own text). So "risk R in
section S" shows only the controls of the threats kept, never a control that was kept for another
threat that the other criterion removed. Ancestors of a kept threat are kept too, as context, so a
sub-threat never floats without its group. A control group is kept when any of its controls is.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..catalog.model import KIND_OF_COLLECTION, Catalog, Threat
from ..errors import UsageError, printable, valid_choices
from .frameworks import framework_named, frameworks, known_ref, ref_ids, referencing
from .search import Hits, find


@dataclass(frozen=True)
class Criteria:
    risks: tuple[str, ...] = ()
    control_types: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    threats: tuple[str, ...] = ()
    search: str = ""
    applicable: frozenset[str] | None = None  # threat ids that apply to a system (`Assessment.applicable`)
    frameworks: tuple[str, ...] = ()  # framework names or slugs ("OWASP LLM Top 10", "mitre-atlas")
    refs: tuple[str, ...] = ()  # framework entry ids, or their start ("LLM01", "AML.T0051")

    def is_empty(self) -> bool:
        return self.applicable is None and not (
            self.risks
            or self.control_types
            or self.sections
            or self.threats
            or self.search.strip()
            or self.frameworks
            or self.refs
        )


@dataclass(frozen=True)
class Selection:
    """What criteria keep. With a search, `matched` holds the kept items the text matched directly
    and `related` the other kept threats and controls, shown as their context (both empty without)."""

    threats: frozenset[str]
    controls: frozenset[str]
    groups: frozenset[str]
    matched: frozenset[str] = frozenset()
    related: frozenset[str] = frozenset()


# (option name, catalog collection) per criterion; what each is called comes from the catalog's table.
_KINDS = {
    "risks": ("--risk", "impacts"),
    "control_types": ("--control-type", "control_types"),
    "sections": ("--section", "sections"),
    "threats": ("--threat", "threats"),
}


def unknown_values(catalog: Catalog, criteria: Criteria) -> list[str]:
    """Messages for values that name nothing in the catalog (the CLI refuses them, the web ignores them)."""
    out = []
    for attr, (option, collection) in _KINDS.items():
        kind = KIND_OF_COLLECTION[collection]
        ids = [i.id for i in getattr(catalog, collection)]
        for value in getattr(criteria, attr):
            if value not in ids:
                listing = valid_choices(value, ids, kind.filter_plural)
                out.append(f"unknown {kind.filter_noun} '{printable(value)}' for {option}{listing}")
    names = frameworks(catalog)
    for value in criteria.frameworks:
        if framework_named(catalog, value) is None:
            listing = valid_choices(value, names, "frameworks")
            out.append(f"unknown framework '{printable(value)}' for --framework{listing}")
    for value in criteria.refs:
        if not known_ref(catalog, value):
            listing = valid_choices(value, ref_ids(catalog), "framework entries")
            out.append(f"no reference to '{printable(value)}' in the catalog for --ref{listing}")
    return out


def check_criteria(catalog: Catalog, criteria: Criteria) -> None:
    problems = unknown_values(catalog, criteria)
    if problems:
        raise UsageError("\n".join(problems))


def search_matches(catalog: Catalog, text: str) -> Hits:
    """What a search text matches directly (`search.find`); the web view highlights these."""
    return find(catalog, text)


def _controls_of(catalog: Catalog, threats: Iterable[str]) -> set[str]:
    return {c for t in threats for c in catalog.controls_of(t)}


def select(catalog: Catalog, criteria: Criteria) -> Selection:
    """What `criteria` keep of `catalog`. Unknown values select nothing for their kind."""
    threats = {t.id for t in catalog.threats}
    controls = {c.id for c in catalog.controls}
    # controls every criterion so far keeps for what they are, not for a threat they apply to
    direct: set[str] = set(controls)
    matched: frozenset[str] = frozenset()
    if criteria.risks:
        wanted = set(criteria.risks)
        hit = {t.id for t in catalog.threats if wanted & set(t.impacts)}
        threats &= hit
        controls &= _controls_of(catalog, hit)
        direct = set()
    if criteria.control_types:
        wanted = set(criteria.control_types)
        hit_c = {c.id for c in catalog.controls if c.type in wanted}
        controls &= hit_c
        direct &= hit_c
        threats &= {t for t in threats if hit_c & set(catalog.controls_of(t))}
    if criteria.sections:
        wanted = set(criteria.sections)
        hit = {t.id for t in catalog.threats if t.section in wanted}
        described = {c.id for c in catalog.controls if c.section in wanted}
        threats &= hit
        controls &= described | _controls_of(catalog, hit)
        direct &= described
    if criteria.threats:
        named = {t for t in criteria.threats if isinstance(catalog.by_id.get(t), Threat)}
        hit = named | {d for t in named for d in catalog.descendants(t)}
        threats &= hit
        controls &= _controls_of(catalog, hit)
        direct = set()
    if criteria.applicable is not None:
        hit = {t for t in criteria.applicable if isinstance(catalog.by_id.get(t), Threat)}
        threats &= hit
        controls &= _controls_of(catalog, hit)
        direct = set()
    if criteria.frameworks or criteria.refs:
        ref_t, ref_c = referencing(catalog, criteria.frameworks, criteria.refs)
        threats &= ref_t
        controls &= ref_c | _controls_of(catalog, ref_t)
        direct &= ref_c
    searching = bool(criteria.search.strip())
    if searching:
        hits = find(catalog, criteria.search)
        matched = hits.ids
        family = set(hits.threats)
        if hits.by_name:  # a threat found by name brings its sub-threats; one found by its text does not
            family |= {d for t in hits.threats for d in catalog.descendants(t)}
        threats &= family | {t for c in hits.controls for t in catalog.threats_of(c)}
        controls &= hits.controls | _controls_of(catalog, family)
        direct &= hits.controls
    controls &= _controls_of(catalog, threats) | direct
    threats |= {a for t in threats for a in catalog.ancestors(t)}
    groups = {g.id for g in catalog.groups if controls & set(g.controls)}
    kept = frozenset(threats | controls)
    matched = matched & kept
    return Selection(
        frozenset(threats),
        frozenset(controls),
        frozenset(groups),
        matched,
        kept - matched if searching else frozenset(),
    )


def subset(catalog: Catalog, selection: Selection) -> Catalog:
    """The catalog reduced to a selection, references pruned to what is kept; empty sections dropped."""
    keep_c, keep_g = selection.controls, selection.groups
    threats = tuple(
        replace(
            t,
            controls=tuple(c for c in t.controls if c in keep_c),
            control_groups=tuple(g for g in t.control_groups if g in keep_g),
        )
        for t in catalog.threats
        if t.id in selection.threats
    )
    groups = tuple(
        replace(g, controls=tuple(c for c in g.controls if c in keep_c)) for g in catalog.groups if g.id in keep_g
    )
    controls = tuple(c for c in catalog.controls if c.id in keep_c)
    used = {t.section for t in threats} | {g.section for g in groups} | {c.section for c in controls}
    sections = tuple(s for s in catalog.sections if s.id in used)
    return Catalog(
        meta=catalog.meta,
        sections=sections,
        impacts=catalog.impacts,
        control_types=catalog.control_types,
        groups=groups,
        threats=threats,
        controls=controls,
        questions=catalog.questions,
    )


def describe(catalog: Catalog, criteria: Criteria) -> str:
    """A one-line description of the criteria for titles and file metadata, '' when there are none."""
    parts = []
    labels = {
        "risks": lambda i: catalog.impact(i).label,
        "control_types": lambda i: catalog.control_type(i).label,
        "sections": lambda i: catalog.section(i).label,
        "threats": lambda i: catalog.threat(i).label,
    }
    for attr, (_, collection) in _KINDS.items():
        kind = KIND_OF_COLLECTION[collection]
        known = {i.id for i in getattr(catalog, collection)}
        values = [labels[attr](v) for v in getattr(criteria, attr) if v in known]
        if values:
            parts.append(f"{kind.filter_noun}: {', '.join(values)}")
    named = [framework_named(catalog, f) for f in criteria.frameworks]
    if any(named):
        parts.append(f"framework: {', '.join(n for n in named if n)}")
    if criteria.refs:
        parts.append(f"framework entry: {', '.join(criteria.refs)}")
    if criteria.search.strip():
        parts.append(f"search: “{criteria.search.strip()}”")
    if criteria.applicable is not None:
        parts.append("threats that apply to your system")
    return "; ".join(parts)


SLUG_LIMIT = 60  # characters of a file name's filter part; longer ones end in a hash of the whole


def _ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def slug(criteria: Criteria) -> str:
    """The criteria as a short ASCII file-name part, '' when there are none: "risk-model-integrity",
    "search-prompt-injection". Deterministic; too long, it is cut and ends with a hash of the whole."""
    parts: list[str] = []
    for label, values in (
        ("risk", criteria.risks),
        ("type", criteria.control_types),
        ("section", criteria.sections),
        ("threat", criteria.threats),
        ("framework", criteria.frameworks),
        ("ref", criteria.refs),
    ):
        if values:
            parts += [label, *values]
    if criteria.search.strip():
        parts += ["search", criteria.search]
    if criteria.applicable is not None:
        parts.append("applicable")
    text = _ascii_slug(" ".join(parts))
    if len(text) <= SLUG_LIMIT:
        return text
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:8]
    return f"{text[: SLUG_LIMIT - 9].rstrip('-')}-{digest}"
