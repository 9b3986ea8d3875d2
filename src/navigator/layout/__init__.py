"""Layout: from a catalog to a Scene. The only package that imports pygraphviz (in `parts`)."""

from .assemble import layout
from .cache import PartCache, default_cache_dir

__all__ = ["PartCache", "default_cache_dir", "layout"]
