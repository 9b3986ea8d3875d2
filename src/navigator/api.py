"""The library API that the CLI and the web view share: load, validate, filter, build."""

from __future__ import annotations

import os

from .catalog import Catalog, load_catalog
from .catalog.load import shown_path
from .catalog.summary import summary
from .resources import default_catalog_dir


def load(catalog_dir: str | os.PathLike[str] | None = None) -> Catalog:
    """Load and validate a catalog directory (default: the OWASP AI Exchange)."""
    return load_catalog(catalog_dir)


def validate_summary(catalog: Catalog, catalog_dir: str | os.PathLike[str] | None = None) -> str:
    from pathlib import Path

    where = shown_path(Path(catalog_dir) if catalog_dir else default_catalog_dir())
    return summary(catalog, where)
