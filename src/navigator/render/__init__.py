"""Renderers: each reads only a Scene and writes one file, `render(scene, path, **options)`.

Modules are imported only when their format is asked for, so a PDF-less build never loads reportlab.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, Callable

from ..scene import Scene

FORMATS = ("pdf", "svg", "png", "json", "pptx")
DEFAULT_FORMATS = ("pdf", "svg", "png", "json")


def renderer(fmt: str) -> Callable[..., None]:
    if fmt not in FORMATS:
        raise ValueError(fmt)
    module = importlib.import_module(f".{fmt}", __name__)
    return module.render


def render(scene: Scene, fmt: str, path: Path, **options: Any) -> None:
    renderer(fmt)(scene, path, **options)
