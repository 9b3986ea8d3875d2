"""Load a catalog directory into a frozen `Catalog`, or raise `CatalogError` with every problem found."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import CatalogError, Problem
from ..resources import default_catalog_dir
from .checks import check_catalog
from .fields import ItemBuilder, PendingRef, describe, suggest
from .model import COLLECTIONS, Catalog, Meta
from . import snapshot
from .questions import check_questions
from .yamlread import Mapping, Sequence, read_file

TOP_KEYS = ("meta", *COLLECTIONS)
MAX_FILES = 1000
_NOUN = {
    "sections": "section",
    "impacts": "impact",
    "control_types": "control type",
    "groups": "control group",
    "threats": "threat",
    "controls": "control",
    "questions": "question",
}


def shown_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def catalog_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_catalog(directory: str | os.PathLike[str] | None = None) -> Catalog:
    """Read, validate and freeze the catalog in `directory` (default: the OWASP AI Exchange)."""
    root = Path(directory) if directory is not None else default_catalog_dir()
    where = shown_path(root)
    if not root.exists():
        raise CatalogError(
            [Problem(where, 0, "no such directory; --catalog takes a directory of catalog *.yaml files")]
        )
    if not root.is_dir():
        raise CatalogError([Problem(where, 0, "not a directory; --catalog takes a directory of catalog *.yaml files")])
    try:
        files = catalog_files(root)
    except OSError as e:
        raise CatalogError([Problem(where, 0, f"cannot list the directory: {e.strerror or e}")]) from None
    if not files:
        raise CatalogError(
            [Problem(where, 0, "no catalog files (*.yaml) in this directory; point --catalog at a catalog directory")]
        )
    if len(files) > MAX_FILES:
        raise CatalogError([Problem(where, 0, f"{len(files)} catalog files; the limit is {MAX_FILES}: merge some")])
    digest = snapshot.key(files)  # an unchanged catalog that loaded before is read back, not parsed again
    cached = snapshot.read(digest)
    if cached is not None:
        return cached

    problems: list[Problem] = []
    metas: list[tuple[Any, str, int]] = []
    items: dict[str, list[Any]] = {name: [] for name in COLLECTIONS}
    lines: dict[str, tuple[str, int, str]] = {}  # id -> (file, line, noun), for duplicate and reference messages
    refs: list[PendingRef] = []
    asked: list[tuple[Any, Mapping, str]] = []  # questions with their mappings, whose lines checks need
    for path in files:
        shown = shown_path(path)
        value, found = read_file(str(path), shown)
        problems += found
        if value is None:
            continue
        if not isinstance(value, Mapping):
            problems.append(
                Problem(
                    shown,
                    getattr(value, "line", 1),
                    f"a catalog file must be a mapping with keys {', '.join(TOP_KEYS)}; found a list or a single value",
                )
            )
            continue
        builder = ItemBuilder(shown)
        for key, section in value.items():
            line = value.key_lines[key]
            if key not in TOP_KEYS:
                builder.problem(
                    line,
                    f"unknown top-level key '{key}'{suggest(key, TOP_KEYS) or '.'} Valid keys: {', '.join(TOP_KEYS)}",
                )
                continue
            if key == "meta":
                metas.append((builder.build(Meta, section, "meta", line), shown, line))
                continue
            if not isinstance(section, Sequence):
                builder.problem(line, f"'{key}' must be a list of {_NOUN[key]}s (each item starting with '- id: ...')")
                continue
            cls = COLLECTIONS[key]
            for i, mapping in enumerate(section):
                item_line = section.item_lines[i]
                owner = describe(_NOUN[key], mapping, i) if isinstance(mapping, Mapping) else f"{_NOUN[key]} #{i + 1}"
                item = builder.build(cls, mapping, owner, item_line)
                if item is None:
                    _remember_id(mapping, key, shown, item_line, lines)
                    continue
                if item.id in lines:
                    f, ln, noun = lines[item.id]
                    builder.problem(
                        item_line,
                        (
                            f"{owner}: duplicate id '{item.id}' (also a {noun} "
                            f"at {f}:{ln}); ids must be unique across the catalog"
                        ),
                    )
                    continue
                lines[item.id] = (shown, item_line, _NOUN[key])
                items[key].append(item)
                if key == "questions":
                    asked.append((item, mapping, shown))
        problems += builder.problems
        refs += builder.refs

    meta = _single_meta(metas, where, problems)
    if not items["threats"] and not items["controls"] and not problems:
        problems.append(Problem(where, 0, "the catalog defines no threats or controls; add some (see docs/catalog.md)"))
    problems += check_catalog(items, refs, lines)
    problems += check_questions(asked, lines)
    if problems or meta is None:
        raise CatalogError(problems)
    resolved = {name: tuple(_with_url(item, meta) for item in items[name]) for name in COLLECTIONS}
    catalog = Catalog(meta=meta, **resolved)
    snapshot.write(digest, catalog)
    return catalog


def _remember_id(mapping: Any, key: str, shown: str, line: int, lines: dict[str, tuple[str, int, str]]) -> None:
    """Keep the id of an item that failed to build, so references to it don't add false problems."""
    value = mapping.get("id") if isinstance(mapping, Mapping) else None
    if isinstance(value, str) and value not in lines:
        lines[str(value)] = (shown, line, _NOUN[key])


def _single_meta(metas: list[tuple[Any, str, int]], where: str, problems: list[Problem]) -> Meta | None:
    if not metas:
        if not any(p.message.startswith(("YAML", "not UTF-8", "file is")) for p in problems):
            problems.append(
                Problem(
                    where, 0, "no file defines meta; add a 'meta:' mapping to one catalog file (see docs/catalog.md)"
                )
            )
        return None
    first_file, first_line = metas[0][1], metas[0][2]
    for _, file, line in metas[1:]:
        problems.append(
            Problem(file, line, f"meta is defined again (first at {first_file}:{first_line}); keep only one")
        )
    return metas[0][0]


def _with_url(item: Any, meta: Meta) -> Any:
    if getattr(item, "url", None) == "":
        return replace(item, url=meta.url_template.replace("{id}", item.id))
    return item
