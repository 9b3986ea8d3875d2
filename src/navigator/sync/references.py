"""Framework references: each item's OpenCRE block in the docs against the item's `references`.

The catalog may hold more references than the block (the docs cite MITRE ATLAS or the OWASP LLM Top 10
elsewhere too), so only the block's entries are checked one way; the other way, only OpenCRE entries
(which come from the blocks alone) are reported as removed.
"""

from __future__ import annotations

from typing import Any

from ..catalog.model import Catalog
from .docsmodel import DocItem
from .drift import ReferenceEntry
from .intended import Candidate, side_test


def _nid(text: str) -> str:
    return " ".join(text.replace(": ", " ").split()).rstrip(":").strip()


def _ntitle(text: str) -> str:
    return " ".join(text.split()).casefold()


def _same(values: tuple[str, ...]) -> set[str]:
    return set(values)


def reference_candidates(
    of_kind: dict[str, list[DocItem]], threats: dict[str, str], controls: dict[str, str], catalog: Catalog
) -> list[Candidate]:
    out: list[Candidate] = []
    for kind, pairs in (("threat", threats), ("control", controls)):
        for d in of_kind[kind]:
            cid = pairs.get(d.id)
            if cid is None:
                continue
            item = catalog.threat(cid) if kind == "threat" else catalog.control(cid)
            out += _item_candidates(d, item)
    return out


def _item_candidates(d: DocItem, item: Any) -> list[Candidate]:
    out: list[Candidate] = []
    cat = list(item.references)
    used: set[int] = set()
    pending = []
    for ref in d.references:
        key = (ref.framework, _nid(ref.id))
        hit = next(
            (
                n
                for n, c in enumerate(cat)
                if n not in used and (c.framework, _nid(c.id)) == key and _ntitle(c.title) == _ntitle(ref.title)
            ),
            None,
        )
        if hit is None:
            pending.append(ref)
        else:
            used.add(hit)
    for ref in pending:
        key = (ref.framework, _nid(ref.id))
        near = next((n for n, c in enumerate(cat) if n not in used and (c.framework, _nid(c.id)) == key), None)
        names = (f"{ref.framework} {ref.id}", ref.id)
        test = side_test("references", "docs", names, _same)
        if near is None:
            entry = ReferenceEntry(d.id, ref.framework, ref.id, ref.title, ref.url, "", d.file, ref.line)
            out.append(Candidate("references.added", (item.id,), test, f"{d.id}: {ref.framework} {ref.id}", entry))
        else:
            used.add(near)
            entry = ReferenceEntry(d.id, ref.framework, ref.id, ref.title, ref.url, cat[near].title, d.file, ref.line)
            out.append(Candidate("references.changed", (item.id,), test, f"{d.id}: {ref.framework} {ref.id}", entry))
    for n, c in enumerate(cat):
        if n in used or c.framework != "OpenCRE":
            continue
        test = side_test("references", "catalog", (f"{c.framework} {c.id}", c.id), _same)
        entry = ReferenceEntry(d.id, c.framework, c.id, c.title, c.url, c.title, d.file, d.line)
        out.append(Candidate("references.removed", (item.id,), test, f"{d.id}: {c.framework} {c.id}", entry))
    return out
