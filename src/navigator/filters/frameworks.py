"""Frameworks the catalog references (MITRE ATLAS, the OWASP LLM and ML Top 10, NIST AI 100-2, ...)
and their entries, for the framework filter: "show me the threats mapped to LLM01".

A framework is named as the catalog spells it ("OWASP LLM Top 10") or by its slug
("owasp-llm-top-10", what the URL carries); an entry by its id, or the start of it up to a
separator ("LLM01" is LLM01:2026, see `search.ref_matches`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..catalog.model import Catalog, Control, Threat
from .search import ref_matches

# The frameworks the navigator aligns with (the charter's roadmap), offered first, in this order.
ALIGNED = ("OWASP LLM Top 10", "OWASP ML Top 10", "MITRE ATLAS", "NIST AI 100-2")


def _items(catalog: Catalog) -> tuple[Threat | Control, ...]:
    return (*catalog.threats, *catalog.controls)


def slug(name: str) -> str:
    """A framework name as a lower-case ASCII id: "NIST AI 100-2" -> "nist-ai-100-2"."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def frameworks(catalog: Catalog) -> tuple[str, ...]:
    """Every framework the catalog references: the aligned ones first, then the rest by name."""
    named = {r.framework for item in _items(catalog) for r in item.references}
    return tuple(f for f in ALIGNED if f in named) + tuple(sorted(named - set(ALIGNED), key=str.lower))


def framework_named(catalog: Catalog, value: str) -> str | None:
    """The framework a name or slug stands for (case-insensitive), None when the catalog has none."""
    wanted = slug(value)
    return next((f for f in frameworks(catalog) if slug(f) == wanted), None) if wanted else None


@dataclass(frozen=True)
class Entry:
    """One entry of a framework as the catalog references it, with the threats mapped to it."""

    framework: str
    id: str
    title: str
    threats: tuple[str, ...]
    controls: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.id} {self.title}".strip()


def _natural(text: str) -> tuple[object, ...]:
    return tuple(int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", text))


def entries(catalog: Catalog, framework: str) -> tuple[Entry, ...]:
    """The entries of one framework that the catalog references, in natural order of their ids."""
    found: dict[str, tuple[str, list[str], list[str]]] = {}
    for item in _items(catalog):
        for r in item.references:
            if r.framework != framework:
                continue
            _, threats, controls = found.setdefault(r.id, (r.title, [], []))
            (threats if isinstance(item, Threat) else controls).append(item.id)
    return tuple(
        Entry(framework, i, title, tuple(dict.fromkeys(t)), tuple(dict.fromkeys(c)))
        for i, (title, t, c) in sorted(found.items(), key=lambda kv: _natural(kv[0]))
    )


def known_ref(catalog: Catalog, value: str) -> bool:
    return any(ref_matches(r.id, value) for item in _items(catalog) for r in item.references)


def ref_ids(catalog: Catalog) -> tuple[str, ...]:
    """Every entry id of the aligned frameworks the catalog references (for "valid choices")."""
    return tuple(e.id for f in frameworks(catalog) if f in ALIGNED for e in entries(catalog, f))


def referencing(
    catalog: Catalog, names: tuple[str, ...], refs: tuple[str, ...]
) -> tuple[frozenset[str], frozenset[str]]:
    """The threats and the controls that reference an entry of one of the frameworks `names` (names
    or slugs) or one of the entries `refs`."""
    wanted = {slug(n) for n in names}

    def hit(item: Threat | Control) -> bool:
        return any(slug(r.framework) in wanted or any(ref_matches(r.id, x) for x in refs) for r in item.references)

    return frozenset(t.id for t in catalog.threats if hit(t)), frozenset(c.id for c in catalog.controls if hit(c))
