"""Renderers: each draws a Scene into one file, and reads nothing but the Scene.

`renderer(fmt)` is the one way in: a registry of loaders, each importing its renderer's module when
its format is first asked for, so a build without a PDF never loads reportlab and `navigator --help`
loads no renderer at all. The loaders are plain functions, so an editor follows a format to its code.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from ..scene import Scene


class Renderer(Protocol):
    """Draws `scene` into the file at `path`; keyword `options` are the format's own (the PNG's
    `width` or `dpi`), and a renderer takes no option it does not know."""

    def __call__(self, scene: Scene, path: Path, /, *args: Any, **options: Any) -> None: ...


def _pdf() -> Renderer:
    from .pdf import render

    return render


def _svg() -> Renderer:
    from .svg import render

    return render


def _png() -> Renderer:
    from .png import render

    return render


def _json() -> Renderer:
    from .json import render

    return render


def _pptx() -> Renderer:
    from .pptx import render

    return render


LOADERS: dict[str, Callable[[], Renderer]] = {"pdf": _pdf, "svg": _svg, "png": _png, "json": _json, "pptx": _pptx}
FORMATS = tuple(LOADERS)


def renderer(fmt: str) -> Renderer:
    """The renderer of a format (one of `FORMATS`)."""
    load = LOADERS.get(fmt)
    if load is None:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return load()
