"""`Drift` as text for a terminal, markdown for an issue or a pull request, or JSON for tools.

Every string that came from the docs or the catalog passes through `shown_text`, so control characters
never reach a terminal raw; markdown additionally escapes what would change a table.
"""

from __future__ import annotations

import json
from typing import Any

from .drift import Drift, FieldChange, ItemDrift, ItemEntry
from .text import shown_text

FORMATS = ("text", "json", "markdown")
ITEM_KINDS = (("threats", "Threats"), ("controls", "Controls"), ("groups", "Control groups"), ("sections", "Sections"))


def render(drift: Drift, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(drift.data(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return _markdown(drift)
    return _text(drift)


def count(drift: Drift) -> int:
    """How many differences count as drift."""
    items = sum(len(d.added) + len(d.removed) + len(d.changed) for d in _item_drifts(drift))
    return (
        items
        + len(drift.relations_added)
        + len(drift.relations_removed)
        + len(drift.references_added)
        + len(drift.references_removed)
        + len(drift.references_changed)
        + len(drift.links_broken)
        + len(drift.unreadable_items)
    )


def _item_drifts(drift: Drift) -> list[ItemDrift]:
    return [getattr(drift, k) for k, _ in ITEM_KINDS]


def _where(file: str, line: int) -> str:
    return f"{file}:{line}" if file and line else file


def _change(c: FieldChange) -> str:
    if c.field == "controls":
        parts = []
        if c.docs:
            parts.append(f"only in the docs: {c.docs}")
        if c.catalog:
            parts.append(f"only in the catalog: {c.catalog}")
        return "controls " + "; ".join(parts)
    return f"{c.field}: docs '{c.docs}', catalog '{c.catalog}'"


def _summary(drift: Drift) -> str:
    n = count(drift)
    intended = len(drift.intended)
    tail = f"{intended} intended difference{'s' if intended != 1 else ''} not counted"
    if drift.in_sync:
        return f"in sync: the docs and the catalog agree ({tail})"
    return f"drift: {n} difference{'s' if n != 1 else ''} ({tail})"


# -- text -------------------------------------------------------------------------------------------
def _text(drift: Drift) -> str:
    redirects = f" (redirects: {drift.redirects})" if drift.redirects else " (no redirects file)"
    out = [f"navigator sync: {drift.docs}{redirects} against {drift.catalog or 'the catalog'}"]
    for key, title in ITEM_KINDS:
        d: ItemDrift = getattr(drift, key)
        if not d:
            continue
        out.append(f"{title.lower()}:")
        out += [f"  added    {e.id}  {e.label}  ({_where(e.file, e.line)})" for e in d.added]
        out += [f"  removed  {e.id}  {e.label}" for e in d.removed]
        out += [
            f"  changed  {c.id}  {_change(c)}" + (f"  ({_where(c.file, c.line)})" if c.file else "") for c in d.changed
        ]
    if drift.relations_added or drift.relations_removed:
        out.append("relations (controls of a threat):")
        out += [f"  added    {r.threat} -> {r.control}  ({_where(r.file, r.line)})" for r in drift.relations_added]
        out += [f"  removed  {r.threat} -> {r.control}" for r in drift.relations_removed]
    refs = (
        [("added", r) for r in drift.references_added]
        + [("removed", r) for r in drift.references_removed]
        + [("changed", r) for r in drift.references_changed]
    )
    if refs:
        out.append("references:")
        for what, r in refs:
            extra = f" (catalog: '{r.catalog_title}')" if what == "changed" else ""
            out.append(f"  {what:<8} {r.id}: {r.framework} {r.ref} '{r.title}'{extra}  ({_where(r.file, r.line)})")
    if drift.links_broken:
        out.append("links:")
        out += [f"  broken   {b.url}  {_where(b.file, b.line)}: {b.why}" for b in drift.links_broken]
    if drift.skipped:
        out.append("skipped:" + ("" if drift.unreadable_items else " (not counted)"))
        out += [f"  {_where(s.file, s.line)}: {s.what}" for s in drift.skipped]
    if drift.stale:
        out.append("stale intended entries (they explain nothing now; remove them):")
        out += [f"  {s.id}: {s.what} ({s.detail})" for s in drift.stale]
    out.append(_summary(drift))
    return "\n".join(shown_text(line) for line in out) + "\n"


# -- markdown ---------------------------------------------------------------------------------------
def _cell(value: Any) -> str:
    text = shown_text(str(value)).replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _code(value: str) -> str:
    return f"`{shown_text(value).replace('`', '')}`" if value else ""


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return [*out, ""]


def _markdown(drift: Drift) -> str:
    icon = "✅" if drift.in_sync else "⚠️"
    out = [f"## {icon} AI Exchange sync: {_cell(_summary(drift))}", ""]
    redirects = f", redirects: {_code(drift.redirects)}" if drift.redirects else ""
    out += [f"Docs: {_code(drift.docs)}{redirects}, catalog: {_code(drift.catalog or 'catalog')}.", ""]
    for key, title in ITEM_KINDS:
        d: ItemDrift = getattr(drift, key)
        if not d:
            continue
        rows = [[_cell("added"), _code(e.id), _cell(e.label), "", "", _cell(_where(e.file, e.line))] for e in d.added]
        rows += [[_cell("removed"), _code(e.id), _cell(e.label), "", "", ""] for e in d.removed]
        rows += [_changed_row(c) for c in d.changed]
        out += [f"### {title}", "", *_table(["", "id", "what", "docs", "catalog", "where"], rows)]
    if drift.relations_added or drift.relations_removed:
        rows = [
            ["added", _code(r.threat), _code(r.control), _cell(_where(r.file, r.line))] for r in drift.relations_added
        ]
        rows += [["removed", _code(r.threat), _code(r.control), ""] for r in drift.relations_removed]
        out += ["### Relations (controls of a threat)", "", *_table(["", "threat", "control", "where"], rows)]
    refs = (
        [("added", r) for r in drift.references_added]
        + [("removed", r) for r in drift.references_removed]
        + [("changed", r) for r in drift.references_changed]
    )
    if refs:
        rows = [
            [
                what,
                _code(r.id),
                _cell(f"{r.framework} {r.ref}"),
                _cell(r.title),
                _cell(r.catalog_title if what == "changed" else ""),
                _cell(_where(r.file, r.line)),
            ]
            for what, r in refs
        ]
        out += ["### References", "", *_table(["", "item", "entry", "docs", "catalog", "where"], rows)]
    if drift.links_broken:
        rows = [[_code(b.url), _cell(_where(b.file, b.line)), _cell(b.why)] for b in drift.links_broken]
        out += ["### Broken links", "", *_table(["link", "where", "why"], rows)]
    if drift.skipped:
        out += ["### Skipped", ""]
        out += [f"- {_cell(_where(s.file, s.line))}: {_cell(s.what)}" for s in drift.skipped]
        out.append("")
    if drift.stale:
        out += ["### Stale intended entries", ""]
        out += [f"- {_code(s.id)}: {_cell(s.what)} ({_cell(s.detail)})" for s in drift.stale]
        out.append("")
    if drift.intended:
        out += ["<details><summary>Intended differences (not counted)</summary>", ""]
        out += [f"- {_cell(a.kind)} {_cell(a.detail)}: {_cell(a.why)}" for a in drift.intended]
        out += ["", "</details>", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _changed_row(c: FieldChange) -> list[str]:
    if c.field == "controls":
        return ["changed", _code(c.id), "controls", _cell(c.docs), _cell(c.catalog), _cell(_where(c.file, c.line))]
    return ["changed", _code(c.id), _cell(c.field), _cell(c.docs), _cell(c.catalog), _cell(_where(c.file, c.line))]


__all__ = ["FORMATS", "ItemEntry", "count", "render"]
