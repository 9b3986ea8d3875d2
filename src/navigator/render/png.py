"""PNG: the SVG of the overview rasterised by resvg (no browser), with the vendored fonts and no system fonts.

resvg is handed each style's whole chain of files (Noto Sans, then the Hebrew, Arabic and emoji
fallbacks): it shapes, reorders right-to-left text and falls back per character through the SVG's
font-family list, as `navigator.text` measured it.
"""

from __future__ import annotations

from pathlib import Path

from ..resources import font_path
from ..scene import Scene
from ..text import FALLBACK_FILES, FONT_FAMILY
from .svg import svg_document

DEFAULT_SIDE = 3840  # pixels along the longer side, unless a width or dpi is given: a 4K screen's width
MAX_PIXELS = 400_000_000
MIN_TEXT_PX = 4.0  # beyond this a PNG is not useful and the rasteriser's memory grows large


def png_size(
    scene: Scene, width: int | None = None, dpi: float | None = None, page_id: str = ""
) -> tuple[int, int, bool]:
    """Pixel width and height of the PNG of the overview (or of page `page_id`), and whether they
    were reduced to stay within MAX_PIXELS (a bigger image takes gigabytes to rasterise and no image
    viewer opens it)."""
    page = scene.page(page_id) if page_id else scene.overview
    if dpi:
        width = round(page.width / 72 * dpi)
    if not width and page.height > page.width:  # 3840 wide: 21 million pixels, three times the time to draw
        width, height = max(16, round(DEFAULT_SIDE * page.width / page.height)), DEFAULT_SIDE
    else:
        width = max(16, int(width or DEFAULT_SIDE))
        height = round(page.height * width / page.width)
    if width * height <= MAX_PIXELS:
        return width, height, False
    scale = (MAX_PIXELS / (width * height)) ** 0.5
    return int(width * scale), int(height * scale), True


def png_bytes(scene: Scene, width: int | None = None, dpi: float | None = None, page_id: str = "") -> bytes:
    import resvg_py

    page = scene.page(page_id) if page_id else scene.overview
    by_height = not width and not dpi and page.height > page.width  # the longer side exact (resvg rounds up)
    width, height, _ = png_size(scene, width, dpi, page_id)
    fallbacks = (name for key, _ in scene.fonts for name in FALLBACK_FILES.get(key, FALLBACK_FILES["regular"]))
    files = dict.fromkeys((*(base for _, base in scene.fonts), *fallbacks))  # first choices first
    fonts = [str(font_path(name)) for name in files]
    # text below MIN_TEXT_PX pixels is an unreadable smudge: draw it as a faint bar instead, which is
    # what it looks like anyway and saves shaping tens of thousands of glyph runs on large diagrams
    greek_below = MIN_TEXT_PX * page.width / width
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg_document(scene, greek_below, page_id),
            # one side: resvg keeps the aspect ratio (giving both can shrink the other)
            width=None if by_height else width,
            height=height if by_height else None,
            font_files=fonts,
            skip_system_fonts=True,
            font_family=FONT_FAMILY,
            sans_serif_family=FONT_FAMILY,
            background=page.background,
            shape_rendering="geometric_precision",
            text_rendering="optimize_legibility",
        )
    )


def render(scene: Scene, path: Path, width: int | None = None, dpi: float | None = None, page: str = "") -> None:
    Path(path).write_bytes(png_bytes(scene, width, dpi, page))
