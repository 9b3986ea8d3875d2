"""JSON: the Scene itself, for other tools and for golden tests."""

from __future__ import annotations

from pathlib import Path

from ..scene import Scene


def render(scene: Scene, path: Path) -> None:
    Path(path).write_text(scene.to_json(), encoding="utf-8")
