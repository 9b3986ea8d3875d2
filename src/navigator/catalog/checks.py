"""Checks across items, once every file is read: references, parents, and empty groups."""

from __future__ import annotations

from typing import Any

from ..errors import Problem
from .fields import PendingRef, suggest
from .model import COLLECTION_OF_KIND, ITEM_NOUNS

# Lists short enough to print in full in an error message.
_LIST_IN_FULL = 15
# Where an id listed in the wrong field belongs instead.
_MOVE_TO = {("controls", "control group"): "control_groups", ("control_groups", "control"): "controls"}


def check_catalog(
    items: dict[str, list[Any]], refs: list[PendingRef], lines: dict[str, tuple[str, int, str]]
) -> list[Problem]:
    problems = [_check_ref(ref, items, lines) for ref in refs]
    found = [p for p in problems if p is not None]
    found += _check_parents(items["threats"], refs, lines)
    return found


def _check_ref(ref: PendingRef, items: dict[str, list[Any]], lines: dict[str, tuple[str, int, str]]) -> Problem | None:
    noun = ITEM_NOUNS[ref.kind]
    known = lines.get(ref.target)
    if known is not None and known[2] == noun:
        return None
    article = "an" if noun[0] in "aeiou" else "a"
    if known is not None:
        move = _MOVE_TO.get((ref.field, known[2]))
        fix = f"move it to '{move}'" if move else f"name {article} {noun} here"
        return Problem(
            ref.file,
            ref.line,
            f"{ref.owner}: '{ref.target}' in '{ref.field}' is a {known[2]}, not {article} {noun}; {fix}",
        )
    choices = [i.id for i in items[COLLECTION_OF_KIND[ref.kind]]]
    hint = suggest(ref.target, choices)
    message = f"{ref.owner}: unknown {noun} '{ref.target}' in '{ref.field}'{hint}"
    if not choices:
        message += f"; the catalog defines no {noun}s"
    elif len(choices) <= _LIST_IN_FULL:
        message += f"{'' if hint else '.'} Valid {noun}s: {', '.join(choices)}"
    elif not message.endswith("?"):
        message += f"; no {noun} has that id (`navigator catalog --format json` lists them)"
    return Problem(ref.file, ref.line, message)


def _check_parents(threats: list[Any], refs: list[PendingRef], lines: dict[str, tuple[str, int, str]]) -> list[Problem]:
    by_id = {t.id: t for t in threats}
    parent_line = {r.owner: r.line for r in refs if r.field == "parent"}
    problems: list[Problem] = []
    reported: set[str] = set()
    for t in threats:
        if not t.parent:
            continue
        file, _, _ = lines[t.id]
        line = parent_line.get(f"threat '{t.id}'", lines[t.id][1])
        if t.parent == t.id:
            problems.append(
                Problem(file, line, f"threat '{t.id}': parent is the threat itself; remove 'parent' or name its group")
            )
            reported.add(t.id)
            continue
        parent = by_id.get(t.parent)
        if parent is None:
            continue  # an unknown parent is reported with the other references
        if parent.section != t.section:
            problems.append(
                Problem(
                    file,
                    line,
                    (
                        f"threat '{t.id}': parent '{parent.id}' is in section '{parent.section}', "
                        f"this threat in '{t.section}'; a threat and its parent must share a section"
                    ),
                )
            )
        chain = [t.id]
        cur = parent
        while cur is not None and cur.id not in chain and cur.id not in reported:
            chain.append(cur.id)
            cur = by_id.get(cur.parent) if cur.parent else None
        if cur is not None and cur.id == t.id:
            cycle = " -> ".join([*chain, t.id])
            problems.append(
                Problem(file, line, f"threat '{t.id}': parent cycle {cycle}; remove one of these 'parent' fields")
            )
            reported.update(chain)
    return problems
