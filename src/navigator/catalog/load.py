"""Load a catalog directory into a frozen `Catalog`, or raise `CatalogError` with every problem found."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import CatalogError, Problem, suggest
from ..resources import default_catalog_dir
from . import snapshot
from .checks import check_catalog
from .fields import ItemBuilder, PendingRef, describe
from .files import list_files, read_bytes, shown_path
from .model import COLLECTIONS, KIND_OF_COLLECTION, Catalog, Meta
from .questions import check_questions
from .yamlread import Mapping, Sequence, read_file

__all__ = ["catalog_files", "load_catalog", "shown_path"]

TOP_KEYS = ("meta", *COLLECTIONS)
MAX_FILES = 1000


def catalog_files(directory: Path) -> list[Path]:
    """The catalog files of a folder, vetted as `load_catalog` vets them (files.py), for the tools that
    read or rewrite them after a load (`sync --write`, `validate`'s warnings)."""
    files, refused = list_files(directory)
    if refused:
        raise CatalogError(refused)
    return [f.path for f in files]


def load_catalog(directory: str | os.PathLike[str] | None = None, *, use_cache: bool = True) -> Catalog:
    """Read, validate and freeze the catalog in `directory` (default: the OWASP AI Exchange).

    `use_cache=False` neither reads nor writes a snapshot (`navigator build --no-cache`)."""
    root = Path(directory) if directory is not None else default_catalog_dir()
    where = shown_path(root)
    if not root.exists():
        raise CatalogError(
            [Problem(where, 0, "no such directory; --catalog takes a directory of catalog *.yaml files")]
        )
    if not root.is_dir():
        raise CatalogError([Problem(where, 0, "not a directory; --catalog takes a directory of catalog *.yaml files")])
    try:
        files, refused = list_files(root)
    except OSError as e:
        raise CatalogError([Problem(where, 0, f"cannot list the directory: {e.strerror or e}")]) from None
    if len(files) + len(refused) > MAX_FILES:
        raise CatalogError(
            [Problem(where, 0, f"{len(files) + len(refused)} catalog files; the limit is {MAX_FILES}: merge some")]
        )
    if refused:
        raise CatalogError(refused)  # before anything is read
    if not files:
        raise CatalogError(
            [Problem(where, 0, "no catalog files (*.yaml) in this directory; point --catalog at a catalog directory")]
        )

    # Every file is read (safely, see files.py) before anything is parsed: an unchanged catalog that
    # loaded before is then read back from its snapshot by a hash of these bytes, not parsed again.
    contents = [(file, *read_bytes(file)) for file in files]
    digest = None
    if use_cache and all(raw is not None for _, raw, _ in contents):
        digest = snapshot.key([(file.path.name, raw) for file, raw, _ in contents if raw is not None])
        cached = snapshot.read(digest)
        if cached is not None:
            return cached

    problems: list[Problem] = []
    metas: list[tuple[Any, str, int]] = []
    items: dict[str, list[Any]] = {name: [] for name in COLLECTIONS}
    lines: dict[str, tuple[str, int, str]] = {}  # id -> (file, line, noun), for duplicate and reference messages
    refs: list[PendingRef] = []
    folded: dict[str, str] = {}  # lower-case id -> the id as first written
    unread = False  # a file could not be read or parsed: its meta may be the missing one
    asked: list[tuple[Any, Mapping, str]] = []  # questions with their mappings, whose lines checks need
    for file, raw, found in contents:
        shown = shown_path(file.path)
        value = None
        if raw is not None:
            value, found = read_file(raw, shown)
        problems += found
        if value is None:
            unread = True
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
            kind = KIND_OF_COLLECTION[key]
            if not isinstance(section, Sequence):
                builder.problem(line, f"'{key}' must be a list of {kind.plural} (each item starting with '- id: ...')")
                continue
            for i, mapping in enumerate(section):
                item_line = section.item_lines[i]
                owner = describe(kind.noun, mapping, i) if isinstance(mapping, Mapping) else f"{kind.noun} #{i + 1}"
                item = builder.build(kind.cls, mapping, owner, item_line)
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
                first = folded.setdefault(item.id.lower(), item.id)
                if first != item.id:
                    f, ln, noun = lines[first]
                    builder.problem(
                        item_line,
                        (
                            f"{owner}: id '{item.id}' differs from the {noun} '{first}' ({f}:{ln}) only in case; "
                            "ids name files and links, where case may not count: rename one"
                        ),
                    )
                lines[item.id] = (shown, item_line, kind.noun)
                items[key].append(item)
                if key == "questions":
                    asked.append((item, mapping, shown))
        problems += builder.problems
        refs += builder.refs

    meta = _single_meta(metas, where, problems, unread)
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
        lines[str(value)] = (shown, line, KIND_OF_COLLECTION[key].noun)


def _single_meta(metas: list[tuple[Any, str, int]], where: str, problems: list[Problem], unread: bool) -> Meta | None:
    if not metas:
        if not unread:
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
    meta: Meta = metas[0][0]
    return meta


def _with_url(item: Any, meta: Meta) -> Any:
    if getattr(item, "url", None) == "":
        return replace(item, url=meta.url_template.replace("{id}", item.id))
    return item
