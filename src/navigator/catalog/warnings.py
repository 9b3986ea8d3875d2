"""Warnings: what a valid catalog should still not ship with. `navigator validate` prints them and exits 0.

Today there is one: a summary that `navigator sync --write` left as a placeholder for a new item.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import Problem
from ..resources import default_catalog_dir
from .files import list_files, read_bytes, shown_path
from .yamlread import Mapping, Sequence, read_file

# The summary `navigator sync --write` gives an item it adds; a maintainer replaces it.
PLACEHOLDER = "TODO: summarise this in the catalog's own words (added by navigator sync)."
_COLLECTIONS = ("groups", "threats", "controls")


def catalog_warnings(directory: str | os.PathLike[str] | None = None) -> list[Problem]:
    """Every warning of a catalog that loads, located by file and line, in file order."""
    root = Path(directory) if directory is not None else default_catalog_dir()
    out: list[Problem] = []
    files, _ = list_files(root)  # a catalog that loaded: every file passed the checks
    for file in files:
        shown = shown_path(file.path)
        raw, problems = read_bytes(file)
        value = None
        if raw is not None:
            value, problems = read_file(raw, shown)
        if problems or not isinstance(value, Mapping):
            continue
        for key in _COLLECTIONS:
            items = value.get(key)
            if not isinstance(items, Sequence):
                continue
            for item in items:
                if not isinstance(item, Mapping):
                    continue
                summary = item.get("summary")
                if isinstance(summary, str) and summary.strip().startswith(PLACEHOLDER[:5]):
                    line = getattr(summary, "line", item.line)
                    noun = key[:-1].replace("group", "control group")
                    out.append(Problem(shown, line, f"{noun} '{item.get('id')}': summary is a placeholder; {_FIX}"))
    return out


_FIX = "write one to three sentences in the catalog's own words"
