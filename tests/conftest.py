"""Shared fixtures: paths to the fixture catalogs, a way to write small catalogs on the fly, and for
the browser tests the web view served on loopback and one headless Chromium per module."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

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


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    """The default catalog's web view, served in a thread on a free loopback port."""
    from .web_page import serve

    url, server = serve(None)
    try:
        yield url
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, driven by Playwright (imported only by the tests that use it)."""
    from playwright.sync_api import sync_playwright

    from .support.chromium import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
