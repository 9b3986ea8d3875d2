"""What `navigator sync` and `navigator diff` do once their options are parsed: run, print, exit status."""

from __future__ import annotations

import sys
from pathlib import Path

from ..catalog.load import load_catalog, shown_path
from ..resources import default_catalog_dir
from .compare import compare
from .report import count, render
from .sources import default_redirects, read_docs
from .text import shown_text


def _note(message: str) -> None:
    print(f"navigator: {shown_text(message)}", file=sys.stderr)


def run_sync(docs_dir: str, redirects: str | None, catalog_dir: str | None, fmt: str, write: bool) -> int:
    """0 when in sync, 1 when drift is found (or, with --write, left after writing); errors raise."""
    docs = read_docs(docs_dir, redirects if redirects is not None else default_redirects(docs_dir))
    root = Path(catalog_dir) if catalog_dir is not None else default_catalog_dir()
    drift = compare(docs, load_catalog(root), shown_path(root))
    sys.stdout.write(render(drift, fmt))
    if not write:
        return 0 if drift.in_sync else 1
    if drift.in_sync:
        _note("nothing to write: the catalog is in sync")
        return 0
    from .write import write_catalog

    result = write_catalog(docs, root)
    for line in result.applied:
        _note(f"applied: {line}")
    for line in result.not_applied:
        _note(f"not applied: {line}")
    after = compare(docs, load_catalog(root), shown_path(root))
    files = ", ".join(result.files) or "no file"
    left = count(after)
    _note(
        f"updated {files}; {len(result.applied)} change(s) applied, {left} difference(s) left"
        + (" (run 'navigator sync' again to see them)" if left else "")
        + "; run 'navigator validate' and review the diff before committing"
    )
    return 0 if after.in_sync else 1


def run_diff(old_dir: str, new_dir: str, fmt: str) -> int:
    from .diff import diff_catalogs, render_diff

    old, new = load_catalog(old_dir), load_catalog(new_dir)
    d = diff_catalogs(old, new, shown_path(Path(old_dir)), shown_path(Path(new_dir)))
    sys.stdout.write(render_diff(d, fmt))
    return 0 if d.equal else 1
