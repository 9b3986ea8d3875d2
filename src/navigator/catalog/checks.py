"""Checks across items, once every file is read: references, and the tree of threats (parents must be
threat groups of the same section, without cycles, nested at most `MAX_NESTING` levels)."""

from __future__ import annotations

from typing import Any

from ..errors import Problem, valid_choices
from .fields import PendingRef
from .model import KIND_OF_REF, MAX_NESTING

# Where an id listed in the wrong field belongs instead: (field, what the id names) -> field.
_MOVE_TO = {
    ("controls", KIND_OF_REF["group"].noun): "control_groups",
    ("control_groups", KIND_OF_REF["control"].noun): "controls",
}


def check_catalog(
    items: dict[str, list[Any]], refs: list[PendingRef], lines: dict[str, tuple[str, int, str]]
) -> list[Problem]:
    problems = [_check_ref(ref, items, lines) for ref in refs]
    found = [p for p in problems if p is not None]
    found += _check_parents(items["threats"], refs, lines)
    return found


def _check_ref(ref: PendingRef, items: dict[str, list[Any]], lines: dict[str, tuple[str, int, str]]) -> Problem | None:
    kind = KIND_OF_REF[ref.kind]
    noun = kind.noun
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
    choices = [i.id for i in items[kind.collection]]
    listing = valid_choices(ref.target, choices, kind.plural)
    return Problem(ref.file, ref.line, f"{ref.owner}: unknown {noun} '{ref.target}' in '{ref.field}'{listing}")


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
        if not parent.is_group and t.id not in reported:  # in a cycle, the cycle is the thing to fix
            problems.append(
                Problem(
                    file,
                    line,
                    (
                        f"threat '{t.id}': parent '{parent.id}' is a threat, not a threat group; make "
                        f"'{parent.id}' a group (kind: group) or choose a group as parent"
                    ),
                )
            )
    problems += _check_nesting(threats, by_id, parent_line, lines)
    return problems


def _check_nesting(
    threats: list[Any], by_id: dict[str, Any], parent_line: dict[str, int], lines: dict[str, tuple[str, int, str]]
) -> list[Problem]:
    """The first threat of each chain nested deeper than `MAX_NESTING` groups, at its `parent` line.

    Depths are found without recursion, each threat once; threats on or under a cycle get none (the
    cycle is reported above)."""
    depth: dict[str, int | None] = {}
    top: dict[str, str] = {}  # the top-level group a threat hangs under
    for t in threats:
        path: list[Any] = []
        on_path: set[str] = set()
        cur = t
        while cur is not None and cur.id not in depth and cur.id not in on_path:
            path.append(cur)
            on_path.add(cur.id)
            cur = by_id.get(cur.parent) if cur.parent else None
        if cur is None:
            base: int | None = -1
            root = path[-1].id
        elif cur.id in on_path:  # a cycle
            base, root = None, ""
        else:
            base, root = depth[cur.id], top.get(cur.id, cur.id)
        for item in reversed(path):
            base = None if base is None else base + 1
            depth[item.id], top[item.id] = base, root
    problems = []
    for t in threats:
        if depth.get(t.id) == MAX_NESTING + 1:
            file, item_line, _ = lines[t.id]
            problems.append(
                Problem(
                    file,
                    parent_line.get(f"threat '{t.id}'", item_line),
                    (
                        f"threat '{t.id}': nested {MAX_NESTING + 1} threat groups deep (under '{top[t.id]}'); "
                        f"threat groups nest at most {MAX_NESTING} levels: attach it to a group higher up"
                    ),
                )
            )
    return problems
