"""Layout: from a catalog to a Scene. The only package that imports pygraphviz (in `parts`).

Names are loaded on first use, so a renderer importing `navigator.layout.style` for the theme does
not load the whole layout machinery.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PartCache", "default_cache_dir", "layout"]


def __getattr__(name: str) -> Any:
    if name == "layout":
        from .assemble import layout

        return layout
    if name in ("PartCache", "default_cache_dir"):
        from . import cache

        return getattr(cache, name)
    raise AttributeError(name)
