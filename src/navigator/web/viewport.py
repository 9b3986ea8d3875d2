"""What the browser tells the server about its screen, and the layout it gets for it.

The diagram is laid out for the width the browser gives it (the packer of issue 13, through
`api.Layouts`), at a text size chosen from the window's width, never shrunk to fit: the page scrolls
vertically instead. So the scale is a function of the window alone: opening or closing the details
panel, or resizing, relays the diagram out at the same text size, and three open/close cycles leave
it exactly where it was. The "Whole navigator" toggle shows the poster layout fitted to the window
instead, with zoom and pan.

`assets/navigator.js` writes the `viewport` store: the canvas width and the window width in CSS
pixels, the text zoom step, and the toggle. A browser's values are never trusted: anything odd
gives the defaults.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..target import OVERVIEW_ONLY, Target
from ..theme import THEME

NARROW = 700  # CSS px: below this window width, the phone layout (docs/web.md)
WIDE = 1600  # CSS px: from this window width, larger text
CONTROL_PX = {"narrow": 14.0, "laptop": 12.0, "wide": 13.0}  # control names, at zoom 1
PHONE_TEXT_PX = 14.0  # on phones every text, not only control names, at zoom 1 (issue 14)
ZOOMS = (0.7, 0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5)  # text zoom steps; index 3 is 1
DEFAULT_ZOOM = ZOOMS.index(1.0)
BUCKET = 16  # CSS px: widths are rounded down to this, so a window dragged wider relays out every 16 px
MIN_WIDTH, MAX_WIDTH = 240, 8192
REFLOW = "reflow"
WHOLE = "whole"


@dataclass(frozen=True)
class Viewport:
    width: int = 0  # the canvas, CSS px (rounded down to BUCKET); 0 before the browser said
    window: int = 0  # the window, CSS px; decides the text size
    zoom: int = DEFAULT_ZOOM  # index into ZOOMS
    whole: bool = False  # the whole navigator, fitted, to zoom and pan

    @property
    def mode(self) -> str:
        return WHOLE if self.whole or not self.width else REFLOW

    @property
    def narrow(self) -> bool:
        return 0 < self.window < NARROW

    @property
    def control_px(self) -> float:
        """The size control names are drawn at, in CSS px."""
        size = CONTROL_PX["narrow" if self.narrow else "wide" if self.window >= WIDE else "laptop"]
        return size * ZOOMS[self.zoom]


DEFAULT = Viewport()


def _int(value: Any, low: int, high: int, default: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return default
    return int(min(high, max(low, value)))


def from_store(data: Any) -> Viewport:
    """The viewport from what the browser sent; never trusts its shape."""
    if not isinstance(data, dict):
        return DEFAULT
    width = _int(data.get("width"), 0, MAX_WIDTH, 0)
    return Viewport(
        width=(max(MIN_WIDTH, width) // BUCKET) * BUCKET if width else 0,
        window=_int(data.get("window"), 0, MAX_WIDTH, 0),
        zoom=_int(data.get("zoom"), 0, len(ZOOMS) - 1, DEFAULT_ZOOM),
        whole=data.get("whole") is True,
    )


def target(viewport: Viewport) -> tuple[Target, float]:
    """The layout target for a viewport and the scale (CSS px per point) to draw its Scene at.

    Reflowed, the Scene is laid out in CSS px (text sizes are what the browser shows), so the
    scale is 1; the whole navigator is the poster, fitted by the browser (scale 0: fit)."""
    if viewport.mode == WHOLE:
        return OVERVIEW_ONLY, 0.0
    # One scale for every width: control names at `control_px`, the rest of the text in the theme's
    # proportions. With an open height the packer keeps the scale at or above min_text / smallest
    # text and never past max_scale, so both pin it, and it fills the width with columns (the
    # shortest page at that scale); a window too narrow for one column at that size gets smaller text.
    scale = viewport.control_px / THEME.row_size
    if viewport.narrow:  # one column, headers above their layers (layout/strip.py), no text under 14 px
        scale = max(scale, (PHONE_TEXT_PX + 0.01) * ZOOMS[viewport.zoom] / THEME.smallest_text)
    made = Target(
        width=float(viewport.width),
        height=None,
        min_text=round(THEME.smallest_text * scale, 2),
        control_text=round(viewport.control_px, 2),
        max_scale=scale,
        margin=8.0 if viewport.narrow else 16.0,
        layer_pages="never",
        detail_paper=None,
        printed=False,
        interactive=True,
        paper="web",
    )
    return made, 1.0
