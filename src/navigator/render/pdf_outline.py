"""The PDF's bookmarks as plain rows, planned apart from reportlab so the rules are easy to test."""

from __future__ import annotations

from collections.abc import Iterable

from ..roles import OVERVIEW, SECTION
from ..scene import OutlineEntry

OutlineRow = tuple[str, str, int, bool]  # title, destination key, level, closed


def outline_rows(
    entries: Iterable[OutlineEntry], destinations: set[str]
) -> tuple[list[OutlineRow], dict[str, list[str]]]:
    """Bookmarks in reportlab's terms, and the extra destination names they need.

    reportlab keys bookmarks by destination name, so a second bookmark to the same place (the
    "Threat details" heading and its first threat) gets an alias destination bound at that place.
    Sections stay open so their threats show; everything else starts closed. A bookmark to nothing
    in the document (a section a filter emptied) is left out rather than pointed somewhere else.
    """
    rows: list[OutlineRow] = []
    aliases: dict[str, list[str]] = {}
    used: set[str] = set()

    def shown(entry: OutlineEntry) -> bool:
        return entry.target in destinations or any(shown(c) for c in entry.children)

    def walk(entry: OutlineEntry, level: int) -> None:
        if not shown(entry):
            return
        target = entry.target if entry.target in destinations else OVERVIEW
        key = target
        if key in used:
            names = aliases.setdefault(target, [])
            key = f"{target}#{len(names) + 1}"
            names.append(key)
        used.add(key)
        is_open = level == 0 and entry.target.startswith(SECTION)
        rows.append((entry.title, key, level, bool(entry.children) and not is_open))
        for child in entry.children:
            walk(child, level + 1)

    for entry in entries:
        walk(entry, 0)
    return rows, aliases
