"""A cache of part layouts, in memory and optionally in one JSON file on disk.

Keys are hashes of what shapes a part (see `parts.part_key`), so an entry can never be stale: a
changed card size is a different key. The file is rewritten atomically, keeping the entries used by
the latest build and, up to a bound, older ones, so it cannot grow without limit.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

MAX_ENTRIES = 50_000
CACHE_FILE = "layout-cache-v1.json"


def default_cache_dir() -> Path:
    env = os.environ.get("NAVIGATOR_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "navigator"


class PartCache:
    """Layouts by key. `hits` and `misses` count lookups, for benchmarks and tests."""

    def __init__(self, directory: Path | None = None) -> None:
        self.path = directory / CACHE_FILE if directory is not None else None
        self._entries: dict[str, Any] = {}
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
        except (OSError, ValueError):
            return  # no cache yet, or an unreadable one: start afresh
        if isinstance(data, dict) and isinstance(data.get("entries"), dict):
            self._entries.update(data["entries"])

    def get(self, key: str) -> Any | None:
        if not self._loaded:
            self._load()
        value = self._entries.get(key)
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self._used.add(key)
        return value

    def put(self, key: str, value: Any) -> None:
        self._entries[key] = value
        self._used.add(key)
        self._dirty = True

    def save(self) -> None:
        """Write the cache file if anything changed; a cache that cannot be written is skipped."""
        if self.path is None or not self._dirty:
            return
        keep = {k: self._entries[k] for k in sorted(self._used)}
        for k in sorted(self._entries):
            if len(keep) >= MAX_ENTRIES:
                break
            keep.setdefault(k, self._entries[k])
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".layout-", suffix=".tmp", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"entries": keep}, f, separators=(",", ":"))
            os.replace(tmp, self.path)
            self._dirty = False
        except OSError:
            pass  # the cache only saves time; a read-only home must not fail a build
