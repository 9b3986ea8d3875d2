"""A cache of part layouts, in memory and optionally in one JSON file on disk.

Keys are hashes of what shapes a part (see `parts.part_key`), so an entry can never be stale: a
changed card size is a different key. The file is rewritten atomically, keeping the entries used by
the latest build and, up to a bound, older ones, so it cannot grow without limit.

The file is only a hint. Each entry is stored with the SHA-256 of its key and its value as this code
wrote them (canonical JSON), and checked when it is looked up: an entry that is not exactly what was
written (a truncated file, another program's edit, zeroed or non-finite numbers, a value of the wrong
shape) is a miss, laid out afresh and rewritten, never an error and never wrong geometry. The check
runs per entry looked up, so a large file costs nothing for the entries a build does not use.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from pathlib import Path
from typing import Any

MAX_ENTRIES = 50_000
CACHE_FILE = "layout-cache-v2.json"
OLD_FILES = ("layout-cache-v1.json",)  # unchecked formats of earlier versions, removed at the next save
FORMAT = "navigator layout cache 2"


def default_cache_dir() -> Path:
    env = os.environ.get("NAVIGATOR_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "navigator"


def digest(key: str, value: Any) -> str | None:
    """The checksum of an entry, or None if the value is not one this cache could have written."""
    try:
        text = json.dumps([FORMAT, key, value], separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _finite(value: Any, depth: int = 0) -> bool:
    """Only lists and finite numbers, as every layout entry is (the checksum proves it was written so)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return math.isfinite(value)
    if isinstance(value, (list, tuple)) and depth < 8:
        return all(_finite(v, depth + 1) for v in value)
    return False


class PartCache:
    """Layouts by key. `hits` and `misses` count lookups, for benchmarks and tests."""

    def __init__(self, directory: Path | None = None) -> None:
        self.path = directory / CACHE_FILE if directory is not None else None
        self._entries: dict[str, Any] = {}  # key -> value (checked, or written by this process)
        self._stored: dict[str, Any] = {}  # key -> {"sha256": ..., "value": ...} as read, not yet checked
        self._used: set[str] = set()
        self._loaded = directory is None
        self._dirty = False
        self.hits = 0
        self.misses = 0

    def _load(self) -> None:
        self._loaded = True
        if self.path is None:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return  # no cache yet, or an unreadable one: start afresh
        if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("entries"), dict):
            self._stored = data["entries"]

    def _checked(self, key: str) -> Any | None:
        """The stored value of `key` if its checksum proves it is what this cache wrote, else None."""
        entry = self._stored.pop(key, None)
        if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str):
            return None
        value = entry.get("value")
        if not _finite(value) or digest(key, value) != entry["sha256"]:
            return None
        return value

    def get(self, key: str) -> Any | None:
        if not self._loaded:
            self._load()
        value = self._entries.get(key)
        if value is None and key in self._stored:
            value = self._checked(key)
            if value is not None:
                self._entries[key] = value
            else:
                self._dirty = True  # a bad entry: drop it from the file at the next save
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self._used.add(key)
        return value

    def put(self, key: str, value: Any) -> None:
        self._entries[key] = value
        self._stored.pop(key, None)
        self._used.add(key)
        self._dirty = True

    def _records(self) -> dict[str, Any]:
        """What the file keeps: the entries used by this build first, then older ones up to the bound."""
        keep: dict[str, Any] = {}
        for k in sorted(self._used):
            sha = digest(k, self._entries[k])
            if sha is not None:
                keep[k] = {"sha256": sha, "value": self._entries[k]}
        for k in sorted(set(self._entries) | set(self._stored)):
            if len(keep) >= MAX_ENTRIES:
                break
            if k in keep:
                continue
            if k in self._entries:
                sha = digest(k, self._entries[k])
                if sha is not None:
                    keep[k] = {"sha256": sha, "value": self._entries[k]}
            else:
                keep[k] = self._stored[k]  # unchecked: checked when a later build looks it up
        return keep

    def save(self) -> None:
        """Write the cache file if anything changed; a cache that cannot be written is skipped."""
        from ..outputs import remove_abandoned, write_atomic

        if self.path is None or not self._dirty:
            return
        text = json.dumps({"format": FORMAT, "entries": self._records()}, separators=(",", ":"))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            remove_abandoned(self.path.parent)
            # Not fsynced, on purpose: a torn file after a power cut fails its checksums and costs time only.
            write_atomic(self.path, text, durable=False)
            self._dirty = False
            for name in OLD_FILES:
                (self.path.parent / name).unlink(missing_ok=True)
        except OSError:
            pass  # the cache only saves time; a read-only home must not fail a build
