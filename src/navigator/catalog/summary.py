"""The one-screen summary `navigator validate` prints for a sound catalog."""

from __future__ import annotations

from ..errors import printable
from .model import Catalog


def _table(title: str, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
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
        f"{_n(len(catalog.controls), 'control')}, "
        f"{_n(len(catalog.groups), 'control group')}, {_n(len(catalog.impacts), 'impact')}, "
        f"{_n(len(catalog.control_types), 'control type')}",
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
    lines += _table("section", ("threats", "controls", "groups"), rows)
    lines.append("")
    rows = [(i.label, str(sum(1 for t in catalog.threats if i.id in t.impacts))) for i in catalog.impacts]
    lines += _table("impact", ("threats",), rows)
    lines.append("")
    rows = [(k.label, str(sum(1 for c in catalog.controls if c.type == k.id))) for k in catalog.control_types]
    lines += _table("control type", ("controls",), rows)
    orphans = [c.id for c in catalog.controls if c.id in catalog.unlisted_controls]
    if orphans:
        lines += ["", f"  not listed by any threat or group (drawn on an 'Other controls' card): {', '.join(orphans)}"]
    return "\n".join(printable(line) for line in lines)  # catalog text, bound for a terminal
