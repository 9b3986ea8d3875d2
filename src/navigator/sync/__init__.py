"""Keep the catalog in step with the AI Exchange docs: read the markdown, compare, report, update.

A stage beside `navigator.catalog`: markdown -> `DocsModel` (`sources`, `markdown`) -> held against a
`Catalog` -> `Drift` (`compare`, `relations`, `references`, `intended`) -> a report (`report`) or edits
to the catalog's YAML (`write`). It never imports layout, render or web. `navigator diff` compares two
catalogs (`navigator.sync.diff`). See docs/sync.md.
"""

from __future__ import annotations

import os

from .drift import Drift

__all__ = ["Drift", "sync"]


def sync(
    docs_dir: str | os.PathLike[str],
    redirects: str | os.PathLike[str] | None = None,
    catalog_dir: str | os.PathLike[str] | None = None,
) -> Drift:
    """The drift between the docs in `docs_dir` and the catalog (default: the shipped one).

    Without `redirects`, the firebase.json beside or above `docs_dir` is used when there is one."""
    from pathlib import Path

    from ..catalog.load import load_catalog, shown_path
    from ..resources import default_catalog_dir
    from .compare import compare
    from .sources import default_redirects, read_docs

    docs = read_docs(docs_dir, redirects if redirects is not None else default_redirects(docs_dir))
    root = Path(catalog_dir) if catalog_dir is not None else default_catalog_dir()
    return compare(docs, load_catalog(root), shown_path(root))
