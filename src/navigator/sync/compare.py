"""Hold a `DocsModel` against a `Catalog`: every difference, minus those the catalog marks as intended.

Items are matched by id (the permalink slug); an unmatched catalog item whose old slug the redirects
send to an unmatched docs heading, or whose name the docs spell the same, is a rename. See docs/sync.md
for what each kind of difference means.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..catalog.model import Catalog
from .docsmodel import DocItem, DocsModel, Skipped
from .drift import BrokenLink, Drift, FieldChange, ItemDrift, ItemEntry, RelationEntry
from .intended import Candidate, entries, field_test, partition, side_test
from .references import reference_candidates
from .relations import DocsView
from .resolve import Resolver, norm
from .types import control_type

Pairs = dict[str, str]  # docs id -> catalog id


def compare(docs: DocsModel, catalog: Catalog, catalog_name: str = "") -> Drift:
    return compare_matched(docs, catalog, catalog_name)[0]


@dataclass(frozen=True)
class Matches:
    """How docs items map to catalog items (docs id -> catalog id), and the docs' own reading of lists."""

    sections: Pairs
    threats: Pairs
    controls: Pairs
    view: DocsView


def compare_matched(docs: DocsModel, catalog: Catalog, catalog_name: str = "") -> tuple[Drift, Matches]:
    """The drift, and the matching it rests on (what `--write` needs to place new items)."""
    aliases = {v: e.catalog[0] for _, e in entries(catalog) if e.what == "link" and len(e.catalog) == 1 for v in e.docs}
    resolver = Resolver(docs, aliases)
    view = DocsView(docs, resolver)
    c = _Comparison(docs, catalog, resolver, view)
    c.run()
    return _drift(c, catalog, catalog_name), Matches(c.sections, c.threats, c.controls, view)


def _drift(c: _Comparison, catalog: Catalog, catalog_name: str) -> Drift:
    docs = c.docs
    drift, acknowledged, stale = partition(c.candidates, catalog)
    by_kind: dict[str, list[Any]] = {}
    for cand in drift:
        by_kind.setdefault(cand.kind, []).append(cand.value)

    def items(prefix: str) -> ItemDrift:
        return ItemDrift(
            added=_sorted(by_kind.get(f"{prefix}.added", []), "id"),
            removed=_sorted(by_kind.get(f"{prefix}.removed", []), "id"),
            changed=_sorted(_merged_members(by_kind.get(f"{prefix}.changed", [])), "id", "field"),
        )

    return Drift(
        docs=docs.root,
        catalog=catalog_name,
        redirects=docs.redirects_file,
        sections=items("sections"),
        groups=items("groups"),
        threats=items("threats"),
        controls=items("controls"),
        relations_added=_sorted(by_kind.get("relations.added", []), "threat", "control"),
        relations_removed=_sorted(by_kind.get("relations.removed", []), "threat", "control"),
        references_added=_sorted(by_kind.get("references.added", []), "id", "framework", "ref"),
        references_removed=_sorted(by_kind.get("references.removed", []), "id", "framework", "ref"),
        references_changed=_sorted(by_kind.get("references.changed", []), "id", "framework", "ref"),
        links_broken=_sorted(list(dict.fromkeys(by_kind.get("links.broken", []))), "file", "line", "url"),
        skipped=_sorted([*docs.skipped, *c.skipped], "file", "line", "what"),
        intended=tuple(sorted(acknowledged, key=lambda a: (a.kind, a.id, a.detail))),
        stale=tuple(sorted(stale, key=lambda s: (s.id, s.what, s.detail))),
    )


def _sorted(values: list[Any], *keys: str) -> tuple[Any, ...]:
    return tuple(sorted(values, key=lambda v: tuple(getattr(v, k) for k in keys)))


def _merged_members(changes: list[FieldChange]) -> list[FieldChange]:
    """A group's membership differences, one control per candidate, merged into one change per group."""
    out: list[FieldChange] = []
    members: dict[str, tuple[list[str], list[str]]] = {}
    for ch in changes:
        if ch.field != "controls":
            out.append(ch)
            continue
        docs, cat = members.setdefault(ch.id, ([], []))
        (docs if ch.docs else cat).append(ch.docs or ch.catalog)
    for gid, (docs, cat) in members.items():
        out.append(FieldChange(gid, "controls", ", ".join(sorted(docs)), ", ".join(sorted(cat))))
    return out


class _Comparison:
    def __init__(self, docs: DocsModel, catalog: Catalog, resolver: Resolver, view: DocsView) -> None:
        self.docs, self.catalog, self.resolver, self.view = docs, catalog, resolver, view
        self.candidates: list[Candidate] = []
        self.skipped: list[Skipped] = []
        self.of_kind = {k: [i for i in docs.items if i.kind == k] for k in ("section", "group", "threat", "control")}

    def add(self, kind: str, owners: tuple[str, ...], test: Callable[..., bool], detail: str, value: Any) -> None:
        self.candidates.append(Candidate(kind, owners, test, detail, value))

    def run(self) -> None:
        cat = self.catalog
        self.sections = self._match(self.of_kind["section"], cat.sections, lambda s: s.number, by_number=True)
        self.threats = self._match(self.of_kind["threat"], cat.threats, lambda t: t.title)
        self.controls = self._match(self.of_kind["control"], cat.controls, lambda c: c.name)
        self.c2d = {v: k for k, v in self.controls.items()}
        self._items("sections", self.of_kind["section"], cat.sections, self.sections, self._section_fields)
        self._items("threats", self.of_kind["threat"], cat.threats, self.threats, self._threat_fields)
        self._items("controls", self.of_kind["control"], cat.controls, self.controls, self._control_fields)
        self._groups()
        self._relations()
        self.candidates += reference_candidates(self.of_kind, self.threats, self.controls, cat)
        self._links()

    # -- matching ---------------------------------------------------------------------------------
    def _match(
        self, docs_items: list[DocItem], cat_items: Any, name: Callable[[Any], str], by_number: bool = False
    ) -> Pairs:
        pairs: Pairs = {}
        cat_ids = {i.id for i in cat_items}
        docs_left = [d for d in docs_items if d.id not in cat_ids]
        for d in docs_items:
            if d.id in cat_ids:
                pairs[d.id] = d.id
        for item in cat_items:
            if item.id in pairs.values():
                continue
            found = None
            for prefix in ("go", "goto"):
                landed, _ = self.resolver.landing(prefix, item.id)
                if landed is not None and landed in docs_left:
                    found = landed
                    break
            if found is None:
                key = name(item) if by_number else norm(name(item))
                found = next((d for d in docs_left if (d.number if by_number else norm(d.title)) == key and key), None)
            if found is not None:
                pairs[found.id] = item.id
                docs_left.remove(found)
        return pairs

    # -- items and their fields -------------------------------------------------------------------
    def _items(
        self, kind: str, docs_items: list[DocItem], cat_items: Any, pairs: Pairs, fields: Callable[..., Any]
    ) -> None:
        by_id = {i.id: i for i in cat_items}
        for d in docs_items:
            if d.id not in pairs:
                entry = ItemEntry(d.id, d.label, d.file, d.line)
                test = side_test("item", "docs", (d.id,), set)
                self.add(f"{kind}.added", (), test, f"{d.id} ({d.label}) only in the docs", entry)
                continue
            item = by_id[pairs[d.id]]
            if item.id != d.id:
                change = FieldChange(d.id, "id", d.id, item.id, d.file, d.line)
                self.add(f"{kind}.changed", (item.id,), field_test("id", d.id, item.id), f"{item.id} -> {d.id}", change)
            for field, docs_value, cat_value in fields(d, item):
                if docs_value != cat_value:
                    change = FieldChange(d.id, field, docs_value, cat_value, d.file, d.line)
                    detail = f"{d.id} {field}: docs '{docs_value}', catalog '{cat_value}'"
                    self.add(f"{kind}.changed", (item.id,), field_test(field, docs_value, cat_value), detail, change)
        matched = set(pairs.values())
        for item in cat_items:
            if item.id not in matched:
                label = f"{item.number} {getattr(item, 'title', '') or getattr(item, 'name', '')}".strip()
                test = side_test("item", "catalog", (item.id,), set)
                self.add(
                    f"{kind}.removed", (item.id,), test, f"{item.id} only in the catalog", ItemEntry(item.id, label)
                )

    def _section_fields(self, d: DocItem, s: Any) -> list[tuple[str, str, str]]:
        return [("number", d.number, s.number), ("title", d.title, s.title)]

    def _threat_fields(self, d: DocItem, t: Any) -> list[tuple[str, str, str]]:
        kind = "group" if d.category.lower().startswith("group of") else "threat"
        parent = self.threats.get(d.parent, d.parent)
        out = [("number", d.number, t.number), ("title", d.title, t.title)]
        if d.category:
            out += [("category", d.category, " ".join(t.category.split())), ("kind", kind, t.kind)]
        return out + [("parent", parent, t.parent), ("section", self.sections.get(d.section, d.section), t.section)]

    def _control_fields(self, d: DocItem, c: Any) -> list[tuple[str, str, str]]:
        out = [("number", d.number, c.number), ("name", d.title, c.name)]
        if d.category:
            out += [("category", d.category, " ".join(c.category.split())), ("type", control_type(d.category), c.type)]
        return out + [("section", self.sections.get(d.section, d.section), c.section)]

    # -- groups -------------------------------------------------------------------------------------
    def _groups(self) -> None:
        matched: set[str] = set()
        for g in self.catalog.groups:
            d = self.resolver.by_slug.get(g.id)
            if d is None and g.url.lower().startswith(("https://owaspai.org/go", "http://owaspai.org/go")):
                parts = [p for p in g.url.split("/") if p]
                d, _ = self.resolver.landing(parts[-2].lower(), parts[-1]) if len(parts) >= 2 else (None, "")
            if d is None:  # the introduction it points at may have a new slug, as its section does
                slug = [p for p in g.url.split("/") if p][-1] if g.url else ""
                renamed = next((did for did, cid in self.sections.items() if cid == slug and did != slug), None)
                d = self.resolver.by_slug.get(renamed) if renamed else None
            if d is None or d.kind not in ("group", "section"):
                test = side_test("item", "catalog", (g.id,), set)
                self.add("groups.removed", (g.id,), test, f"{g.id} only in the catalog", ItemEntry(g.id, g.title))
                continue
            matched.add(d.id)
            if d.kind == "group":
                for field, dv, cv in (("number", d.number, g.number), ("title", d.title, g.title)):
                    if dv != cv:
                        change = FieldChange(g.id, field, dv, cv, d.file, d.line)
                        self.add("groups.changed", (g.id,), field_test(field, dv, cv), f"{g.id} {field}", change)
            docs_members = set(self.view.effective(d))
            cat_members = {self.c2d.get(c, c) for c in g.controls}
            expand_cat = self._expand_catalog
            for control in sorted(docs_members - cat_members):
                test = side_test("controls", "docs", (control,), self.view.expand)
                change = FieldChange(g.id, "controls", control, "", d.file, d.line)
                self.add("groups.changed", (g.id,), test, f"{g.id} has {control} in the docs only", change)
            for control in sorted(cat_members - docs_members):
                test = side_test("controls", "catalog", (control,), expand_cat)
                change = FieldChange(g.id, "controls", "", control, d.file, d.line)
                self.add("groups.changed", (g.id,), test, f"{g.id} has {control} in the catalog only", change)
        for d in self.of_kind["group"]:
            if d.id not in matched:
                test = side_test("item", "docs", (d.id,), set)
                self.add("groups.added", (), test, f"{d.id} only in the docs", ItemEntry(d.id, d.label, d.file, d.line))

    def _expand_catalog(self, ids: tuple[str, ...]) -> set[str]:
        """Ids as an intended entry's `catalog` names them: groups and threats stand for their controls."""
        cat = self.catalog
        out: set[str] = set()
        for i in ids:
            if i in cat._indexes["groups"]:
                out.update(cat.group(i).controls)
            elif i in cat._indexes["threats"]:
                out.update(cat.controls_of(i))
            out.add(i)
        return {self.c2d.get(c, c) for c in out}

    # -- relations -----------------------------------------------------------------------------------
    def _relations(self) -> None:
        cat = self.catalog
        universal = {self.c2d.get(c, c) for g in cat.universal_groups for c in cat.group(g).controls}
        docs_controls = {d.id for d in self.of_kind["control"]}
        for d in self.of_kind["threat"]:
            listed = self.view.effective(d)
            tid = self.threats.get(d.id)
            if tid is None:
                for control in listed:
                    file, line = self.view.where.get((d.id, control), (d.file, d.line))
                    entry = RelationEntry(d.id, control, file, line)
                    self.add("relations.added", (), lambda e: False, f"{d.id} -> {control}", entry)
                continue
            if not d.has_controls:
                self.skipped.append(
                    Skipped(d.file, d.line, f"threat '{d.id}' has no Controls list; its controls are not compared")
                )
                continue
            docs_set = set(listed) | universal
            cat_set = {self.c2d.get(c, c) for c in cat.controls_of(tid)}
            for control in sorted(docs_set - cat_set):
                file, line = self.view.where.get((d.id, control), (d.file, d.line))
                test = side_test("controls", "docs", (control,), self.view.expand)
                self.add(
                    "relations.added", (tid,), test, f"{d.id} -> {control}", RelationEntry(d.id, control, file, line)
                )
            for control in sorted(cat_set - docs_set):
                if control not in docs_controls:
                    continue  # the control itself is gone from the docs: reported once, as a removed control
                # A threat group's reasons also hold for its sub-threats, which inherit its controls.
                owners = (tid, *cat.ancestors(tid))
                test = side_test("controls", "catalog", (control,), self._expand_catalog)
                entry = RelationEntry(d.id, control, d.file, d.line)
                self.add("relations.removed", owners, test, f"{d.id} -> {control}", entry)

    # -- links ---------------------------------------------------------------------------------------
    def _links(self) -> None:
        r = self.resolver
        for link in self.docs.links:
            why = r.served(link.prefix, link.slug)
            if why is None and r.unnamed(link):
                why = f"control reference '{link.text}' has no heading"
            if why is None:
                _, lands = r.landing(link.prefix, link.slug)
                why = lands if lands.startswith("redirects to #") else None  # served, but to no heading
            if why is not None:
                self._broken(BrokenLink(link.url, link.file, link.line, link.text, why))
        for m in self.docs.malformed:
            self._broken(BrokenLink(m.url, m.file, m.line, "", f"malformed link: {m.why}"))
        if self.docs.redirects_file:
            for item in self.docs.items:
                if f"{item.prefix}/{item.id}" not in self.docs.redirects:
                    url = f"https://owaspai.org/{item.prefix}/{item.id}/"
                    why = f"no redirect in {self.docs.redirects_file} serves this permalink"
                    self._broken(BrokenLink(url, item.file, item.line, "Permalink", why))

    def _broken(self, link: BrokenLink) -> None:
        values = (link.url, link.text) if link.text else (link.url,)
        test = side_test("link", "docs", values, lambda v: set(v))
        self.add("links.broken", (), test, f"{link.url} ({link.file}:{link.line}): {link.why}", link)
