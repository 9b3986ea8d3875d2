"""JSON: the Scene itself, every page, for other tools.

Written by orjson, which serialises the frozen dataclasses as they are: the same bytes as
`Scene.to_json` (compact, UTF-8, fields in order; a test holds them equal), without first building a
plain copy of the Scene, which for a large catalog takes several times the Scene's memory and most
of the time.
"""

from __future__ import annotations

from pathlib import Path

from ..scene import Scene


def json_bytes(scene: Scene) -> bytes:
    import orjson

    return orjson.dumps(scene) + b"\n"


def render(scene: Scene, path: Path) -> None:
    Path(path).write_bytes(json_bytes(scene))
