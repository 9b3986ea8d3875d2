"""Per-process memo of what every request reads: the catalog, its Scenes and their drawings.

All of it is pure and immutable (frozen values computed from the catalog files), so sharing it
between requests and threads keeps the app stateless per request: any worker answers any request
the same way. The catalog is read once per process; restart the server to pick up a changed one.
Scenes come from `api.Layouts`: the diagram's views are laid out as the overview alone (no detail
pages to typeset on every filter change), for the browser's width (`viewport`: a relayout for a new
width only packs the cached part layouts again), downloads as the whole printed document.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from .. import api
from ..catalog.model import Catalog
from ..filters import Criteria, Selection, select
from ..scene import Scene
from ..target import DOCUMENT, OVERVIEW_ONLY, Target
from . import figure, marks
from .viewport import Viewport, target

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

SLICES = 256  # Scenes kept per catalog: filtered ("hidden" mode) or laid out for a width
DOCUMENTS = 8  # Scenes with every printed page kept per catalog, for downloads
DOWNLOADS = 24  # rendered files kept per catalog


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


def _view(scene: Scene, key: str, scale: float = 0.0) -> View:
    ix = marks.index(scene)
    return View(scene, ix, figure.drawing(scene, ix, key, scale))


def criteria_key(criteria: Criteria) -> str:
    text = repr(
        (
            criteria.risks,
            criteria.control_types,
            criteria.sections,
            criteria.threats,
            criteria.search,
            criteria.frameworks,
            criteria.refs,
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def target_key(made: Target, scale: float) -> str:
    return hashlib.sha256(repr((made, scale)).encode()).hexdigest()[:12]


FULL_KEY = "full"


class Context:
    """Everything the app needs about one catalog, built once per process."""

    def __init__(self, catalog_dir: str | os.PathLike[str] | None) -> None:
        self.catalog_dir = catalog_dir
        self.catalog: Catalog = api.load(catalog_dir)
        self.layouts = api.Layouts(self.catalog)
        self.full = _view(self.layouts.scene(Criteria(), OVERVIEW_ONLY), FULL_KEY)
        self._slices: Memo[tuple[Criteria, Target, float], View] = Memo(SLICES)
        self._documents: Memo[Criteria, Scene] = Memo(DOCUMENTS)
        self.downloads: Memo[tuple[str, Criteria], bytes] = Memo(DOWNLOADS)

    def view(self, criteria: Criteria, viewport: Viewport | None = None) -> View:
        """The overview of what `criteria` select (all of it when none), laid out for the viewport
        (the poster when None or "Whole navigator"), memoised."""
        made, scale = target(viewport) if viewport is not None else (OVERVIEW_ONLY, 0.0)
        if criteria.is_empty() and made == OVERVIEW_ONLY and not scale:
            return self.full
        where = "full" if criteria.is_empty() else f"slice:{criteria_key(criteria)}"

        def make() -> View:
            return _view(self.layouts.scene(criteria, made), f"{where}@{target_key(made, scale)}", scale)

        return self._slices.get((criteria, made, scale), make)

    def scene(self, criteria: Criteria) -> Scene:
        """The whole document of what `criteria` select (every printed page), for downloads."""
        return self._documents.get(criteria, lambda: self.layouts.scene(criteria, DOCUMENT))

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
