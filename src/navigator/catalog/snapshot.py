"""Validated catalogs kept as JSON in the cache folder, so loading an unchanged catalog skips parsing
and validating its YAML (most of what a short command like `navigator assess` spends; figures in
docs/performance.md).

A snapshot is found by a SHA-256 of the catalog files' names and bytes and of the loader's own source
(this package and `navigator.links`), so any change to either misses and loads afresh. Only a catalog
that loaded without a problem is written, so a hit gives the very `Catalog` a fresh load would. A
snapshot is plain JSON (never pickle: nothing in the cache folder can run code); one that is missing,
unreadable or does not fit the model is ignored. The folder is `$NAVIGATOR_CACHE_DIR`, else
`$XDG_CACHE_HOME/navigator` or `~/.cache/navigator`, as for the layout cache; `NAVIGATOR_CATALOG_CACHE=0`
turns snapshots off. At most `KEEP` snapshots are kept, the least recently written removed first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .model import COLLECTIONS, NESTED, Catalog, Meta, field_specs

FORMAT = 2  # 2: a header line with a SHA-256 of the catalog's JSON
KEEP = 16
PREFIX = "catalog-"


def _folder() -> Path | None:
    if os.environ.get("NAVIGATOR_CATALOG_CACHE", "1") == "0":
        return None
    env = os.environ.get("NAVIGATOR_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "navigator"


def _sources() -> list[Path]:
    here = Path(__file__).resolve().parent
    return [*sorted(here.glob("*.py")), here.parent / "links.py", here.parent / "errors.py"]


def key(files: list[tuple[str, bytes]]) -> str:
    """The snapshot's key for these catalog files (name and bytes each, as the loader read them)."""
    h = hashlib.sha256(f"navigator catalog snapshot {FORMAT}\n".encode())
    for source in _sources():
        h.update(source.read_bytes())
    for name, data in files:
        h.update(f"\n{name}\n{len(data)}\n".encode())
        h.update(data)
    return h.hexdigest()


def _path(digest: str) -> Path | None:
    folder = _folder()
    return folder / f"{PREFIX}{digest[:40]}.json" if folder is not None else None


def _build(cls: type, data: dict[str, Any]) -> Any:
    specs = field_specs(cls)
    values = {}
    for name, value in data.items():
        kind = specs[name]["kind"]
        if kind in NESTED:
            value = tuple(_build(NESTED[kind], item) for item in value)
        elif isinstance(value, list):
            value = tuple(value)
        values[name] = value
    return cls(**values)


def read(digest: str | None) -> Catalog | None:
    """The catalog snapshot under `digest`, or None.

    The file is a header line (the key and a SHA-256 of the rest) and the catalog's JSON: anything that
    is not exactly what `write` wrote (a torn or edited file) is a miss, like the layout cache's entries.
    """
    path = _path(digest) if digest else None
    if path is None:
        return None
    try:
        head, _, body = path.read_bytes().partition(b"\n")
        header = json.loads(head)
        if header.get("key") != digest or header.get("sha256") != hashlib.sha256(body).hexdigest():
            return None
        items = json.loads(body)
        return Catalog(
            meta=_build(Meta, items["meta"]),
            **{name: tuple(_build(cls, item) for item in items[name]) for name, cls in COLLECTIONS.items()},
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write(digest: str | None, catalog: Catalog) -> None:
    """Keep `catalog` under `digest`; failures are ignored (the next load just parses again)."""
    path = _path(digest) if digest else None
    if path is None:
        return
    from ..outputs import write_atomic  # only on a miss: a hit should not pay for the import

    items = {"meta": asdict(catalog.meta), **{n: [asdict(i) for i in getattr(catalog, n)] for n in COLLECTIONS}}
    body = json.dumps(items, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = json.dumps({"key": digest, "sha256": hashlib.sha256(body).hexdigest()}).encode("ascii")
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, header + b"\n" + body, durable=False)  # a hint, checked when read
        _prune(path.parent)


def _prune(folder: Path) -> None:
    snapshots = sorted(folder.glob(f"{PREFIX}*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in snapshots[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
