"""Shared fixtures: paths to the fixture catalogs and a way to write small catalogs on the fly."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = TESTS / "data"
MINIMAL = DATA / "catalogs" / "minimal"
DEFAULT_CATALOG = ROOT / "catalog"


@pytest.fixture
def minimal_copy(tmp_path: Path) -> Path:
    """A writable copy of the minimal catalog, for tests that break one thing in it."""
    target = tmp_path / "cat"
    shutil.copytree(MINIMAL, target)
    return target


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path
