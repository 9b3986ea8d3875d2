"""JSON: the Scene itself, every page, for other tools and for golden tests; written in pieces."""

from __future__ import annotations

from pathlib import Path

from ..scene import Scene


def render(scene: Scene, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as out:
        scene.write_json(out.write)
