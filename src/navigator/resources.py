"""Where the default catalog and the vendored assets live, for editable and plain installs alike.

A wheel carries them as package data under `navigator/_data/`; a source checkout (editable install,
or running from the repository) has them at the repository's top level.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _data_root() -> Path:
    packaged = _PACKAGE / "_data"
    if (packaged / "catalog").is_dir():
        return packaged
    return _PACKAGE.parent.parent  # src/navigator -> repository root


def default_catalog_dir() -> Path:
    return _data_root() / "catalog"


def assets_dir() -> Path:
    return _data_root() / "assets"


def font_path(name: str) -> Path:
    """Path of a vendored font file, e.g. `NotoSans-Regular.ttf`."""
    return assets_dir() / "fonts" / name
