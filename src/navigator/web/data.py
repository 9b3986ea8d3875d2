"""Per-process memo of what every request reads: the catalog, its Scenes and their drawings.

All of it is pure and immutable (frozen values computed from the catalog files), so sharing it
between requests and threads keeps the app stateless per request: any worker answers any request
the same way. The catalog is read once per process; restart the server to pick up a changed one.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Generic, Hashable, TypeVar

from .. import api
from ..catalog.model import Catalog
from ..filters import Criteria, Selection, select
from ..scene import Scene
from . import figure, marks

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

SLICES = 256  # filtered Scenes kept per catalog ("hidden" mode, downloads)
DOWNLOADS = 24  # rendered files kept per catalog
PART_CACHE_LIMIT = 20_000  # part layouts before the in-memory layout cache starts afresh


class Memo(Generic[K, V]):
    """A small thread-safe LRU; a value may be computed twice under contention, never wrongly."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K, make: Callable[[], V]) -> V:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


@dataclass(frozen=True)
class View:
    """One Scene with what the web view derives from it."""

    scene: Scene
    index: marks.Index
    drawing: figure.Drawing


def _view(scene: Scene, key: str) -> View:
    ix = marks.index(scene)
    return View(scene, ix, figure.drawing(scene, ix, key))


def criteria_key(criteria: Criteria) -> str:
    text = repr((criteria.risks, criteria.control_types, criteria.sections, criteria.threats, criteria.search))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


FULL_KEY = "full"


class Context:
    """Everything the app needs about one catalog, built once per process."""

    def __init__(self, catalog_dir: str | os.PathLike[str] | None) -> None:
        from ..layout import PartCache

        self.catalog_dir = catalog_dir
        self.catalog: Catalog = api.load(catalog_dir)
        self._parts = PartCache()
        self._parts_lock = threading.Lock()
        self.full = _view(self._layout(Criteria()), FULL_KEY)
        self._slices: Memo[Criteria, View] = Memo(SLICES)
        self.downloads: Memo[tuple[str, Criteria], bytes] = Memo(DOWNLOADS)

    def _layout(self, criteria: Criteria) -> Scene:
        # dot runs in process; one layout at a time keeps the shared part cache consistent.
        with self._parts_lock:
            if self._parts.misses > PART_CACHE_LIMIT:
                from ..layout import PartCache

                self._parts = PartCache()
            return api.scene_of(self.catalog, criteria, self._parts)

    def view(self, criteria: Criteria) -> View:
        """The Scene of just what `criteria` select, laid out afresh (compact), memoised."""
        if criteria.is_empty():
            return self.full
        return self._slices.get(criteria, lambda: _view(self._layout(criteria), f"slice:{criteria_key(criteria)}"))

    def scene(self, criteria: Criteria) -> Scene:
        return self.view(criteria).scene

    def selection(self, criteria: Criteria) -> Selection:
        return select(self.catalog, criteria)


_CONTEXTS: dict[str, Context] = {}
_LOCK = threading.Lock()


def context(catalog_dir: str | os.PathLike[str] | None = None) -> Context:
    """The memoised Context of a catalog directory (None: the default catalog)."""
    key = str(Path(catalog_dir).resolve()) if catalog_dir else ""
    with _LOCK:
        found = _CONTEXTS.get(key)
    if found is not None:
        return found
    made = Context(catalog_dir)
    with _LOCK:
        return _CONTEXTS.setdefault(key, made)
