"""The one-screen summary `navigator validate` prints for a sound catalog."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import printable
from .model import KIND_OF_COLLECTION, Catalog

_COUNTED = ("controls", "groups", "impacts", "control_types")


def _table(title: str, columns: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    width = max([len(title), *(len(r[0]) for r in rows)])
    out = [f"  {title:<{width}}  " + "  ".join(f"{c:>8}" for c in columns)]
    out += [f"  {r[0]:<{width}}  " + "  ".join(f"{v:>8}" for v in r[1:]) for r in rows]
    return out


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def summary(catalog: Catalog, where: str) -> str:
    m = catalog.meta
    threats = [t for t in catalog.threats if not t.is_group]
    groups = [t for t in catalog.threats if t.is_group]
    lines = [
        f"{where}: catalog is sound: {m.name} {m.version} ({m.date}), licence {m.licence}",
        f"  {_n(len(threats), 'threat')} and {_n(len(groups), 'threat group')}, "
        + ", ".join(_n(len(getattr(catalog, c)), KIND_OF_COLLECTION[c].noun) for c in _COUNTED),
        "",
    ]
    rows = []
    for s in catalog.sections:
        rows.append(
            (
                f"{s.number} {s.title}".strip(),
                str(sum(1 for t in catalog.threats if t.section == s.id)),
                str(sum(1 for c in catalog.controls if c.section == s.id)),
                str(sum(1 for g in catalog.groups if g.section == s.id)),
            )
        )
    lines += _table(KIND_OF_COLLECTION["sections"].noun, ("threats", "controls", "groups"), rows)
    lines.append("")
    counts = [(i.label, str(sum(1 for t in catalog.threats if i.id in t.impacts))) for i in catalog.impacts]
    lines += _table(KIND_OF_COLLECTION["impacts"].noun, ("threats",), counts)
    lines.append("")
    counts = [(k.label, str(sum(1 for c in catalog.controls if c.type == k.id))) for k in catalog.control_types]
    lines += _table(KIND_OF_COLLECTION["control_types"].noun, ("controls",), counts)
    orphans = [c.id for c in catalog.controls if c.id in catalog.unlisted_controls]
    if orphans:
        lines += ["", f"  not listed by any threat or group (drawn on an 'Other controls' card): {', '.join(orphans)}"]
    return "\n".join(printable(line) for line in lines)  # catalog text, bound for a terminal
