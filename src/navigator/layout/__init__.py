"""Layout: from a catalog to a Scene, every page of it. The only package that imports pygraphviz (in
`parts`, inside the functions that run `dot`, so importing this package does not load Graphviz).

`api` imports it inside the functions that lay out, so commands that draw nothing never load it.
"""

from __future__ import annotations

from .assemble import layout
from .cache import PartCache, default_cache_dir

__all__ = ["PartCache", "default_cache_dir", "layout"]
