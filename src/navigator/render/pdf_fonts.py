"""The PDF's fonts: the vendored files registered with reportlab, once per process, so that a PDF's
bytes depend only on its Scene (names from the files, shaped glyphs coded in glyph order) and its
text extracts right (ToUnicode maps correct beyond the BMP). Imports reportlab inside functions.
"""

from __future__ import annotations

import itertools
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from ..resources import font_path
from ..scene import Scene
from ..text import FONT_FILES, SHAPED_FILES

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont


@cache
def _font_class() -> type[TTFont]:
    """reportlab's TrueType font, with its subsets' ToUnicode maps right beyond the BMP.

    reportlab writes a map entry as 4 hex digits a character, which is wrong for emoji and other
    astral characters; this font's own maps have those entries rewritten as UTF-16 surrogate pairs,
    so text extraction finds them (maps of BMP-only subsets are unchanged). Done in a subclass, not
    by replacing reportlab's function, so that nothing else in the process is affected. Made on
    first use, as reportlab loads lazily.
    """
    from reportlab.pdfbase.ttfonts import TTFont

    class NavigatorFont(TTFont):
        def addObjects(self, doc: Any) -> None:
            names = doc.idToObject  # reportlab registers each map under "toUnicodeCMap:<subset name>"
            known = len(names)
            super().addObjects(doc)
            for name in itertools.islice(names, known, None):  # the objects this font just added
                if name.startswith("toUnicodeCMap:"):
                    names[name].content = _ASTRAL.sub(_surrogates, names[name].content)

    return NavigatorFont


_ASTRAL = re.compile(r"^(<[0-9A-F]{2}>) <([0-9A-F]{5,6})>$", re.MULTILINE)


def _surrogates(m: re.Match[str]) -> str:
    cp = int(m[2], 16) - 0x10000
    return f"{m[1]} <{0xD800 + (cp >> 10):04X}{0xDC00 + (cp & 0x3FF):04X}>"


@cache
def registered(file_name: str) -> str:
    """Register a vendored font once per process, under a name that depends only on its file."""
    from reportlab.pdfbase import pdfmetrics

    name = "Navigator-" + file_name.rsplit(".", 1)[0]
    font = _font_class()(name, str(font_path(file_name)))
    pdfmetrics.registerFont(font)
    if file_name in SHAPED_FILES:
        _code_every_glyph(font)
    return name


def _code_every_glyph(font: TTFont) -> None:
    """Give every glyph the font's cmap lacks (contextual forms, ligatures) a private code up front.

    reportlab draws a shaped glyph through a character code, and hands out private-use codes to
    glyphs without one in the order it first meets them, process-wide; a PDF's bytes would then
    depend on what the process drew before. Assigned in glyph order, the codes depend on the font.
    """
    hb_font = font.hbFont(1000)  # also readies reportlab's code assignment (hbAddPrivate)
    hb_face = font.hbFace
    assert hb_face is not None  # hbFont made it
    upem = hb_face.upem
    mapped = font.face.glyphToChar  # type: ignore[attr-defined]  # set by TTFontFace, absent from the stubs
    for gid in range(hb_face.glyph_count):
        if gid not in mapped:
            advance = round(hb_font.get_glyph_h_advance(gid) * 1000 / upem)
            # reportlab's private API, absent from its stubs
            font.hbAddPrivate(hb_font.glyph_to_string(gid), gid, advance)  # type: ignore[attr-defined]


def fonts_of(scene: Scene) -> dict[str, str]:
    """Font key -> registered name; keys the Scene does not list fall back to the regular face."""
    listed = dict(FONT_FILES) | dict(scene.fonts)
    return {key: registered(name) for key, name in listed.items()}
