"""The deck's face: text laid out for slides is measured with the vendored Liberation Sans (Arial's
advances), so it fits where PowerPoint draws Arial and LibreOffice Liberation Sans; the fallbacks
stay Noto's; the face a layout measures in never leaks into another layout.

Expected advances come from the font files through fontTools, never from navigator's reader.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from navigator.api import load
from navigator.faces import FACES, current_face, face_of, measuring_in
from navigator.layout import PartCache, layout
from navigator.target import Target
from navigator.text import chain, metrics, runs, text_width, wrap

from .conftest import DATA, DEFAULT_CATALOG

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
LIBERATION = {
    "regular": "LiberationSans-Regular.ttf",
    "bold": "LiberationSans-Bold.ttf",
    "italic": "LiberationSans-Italic.ttf",
}


@cache
def _font(name: str) -> TTFont:
    return TTFont(str(FONTS / name))


def _advance(name: str, text: str, size: float) -> float:
    tt = _font(name)
    cmap, hmtx, upm = tt.getBestCmap(), tt["hmtx"], tt["head"].unitsPerEm
    return sum(hmtx[cmap[ord(ch)]][0] for ch in text) * size / upm


@pytest.mark.parametrize("style", ["regular", "bold", "italic"])
def test_the_arial_face_measures_with_liberation_sans(style: str) -> None:
    sample = "Prompt injection I/O handling: AI program (MODEL ACCESS CONTROL) 2.2.1"
    with measuring_in("arial"):
        got = text_width(sample, style, 12.0)
        assert chain(style)[0] == LIBERATION[style]
        assert metrics(style).ascent == _font(LIBERATION[style])["hhea"].ascent / 2048
    expected = _advance(LIBERATION[style], sample, 12.0)
    # the kept widths are whole thousandths of an em: at most half a unit off per character
    assert got == pytest.approx(expected, abs=len(sample) * 0.0005 * 12.0)
    assert text_width(sample, style, 12.0) == pytest.approx(_advance(f"NotoSans-{style.title()}.ttf", sample, 12.0))
    assert abs(got - text_width(sample, style, 12.0)) > 1.0  # the faces differ, so the test can tell them apart


def test_arabic_and_emoji_fall_back_to_noto_in_the_arial_face() -> None:
    with measuring_in("arial"):
        pieces = runs("Hello שלום مرحبا 🔥", "regular")
    files = [file for file, _ in pieces]
    assert files[0] == "LiberationSans-Regular.ttf"  # Liberation Sans has Hebrew: no fallback for it
    assert "NotoSansArabic-Regular.ttf" in files and "NotoEmoji-Regular.ttf" in files
    assert "NotoSansHebrew-Regular.ttf" not in files


def test_liberation_sans_has_every_character_of_the_default_catalog() -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(DEFAULT_CATALOG.glob("*.yaml")))
    for style, file in LIBERATION.items():
        cmap = _font(file).getBestCmap()
        missing = sorted({ch for ch in text if ch not in "\n\t" and ord(ch) not in cmap})
        assert not missing, (style, missing)


def test_the_face_is_scoped_to_its_block_and_its_thread() -> None:
    seen: dict[str, str] = {}
    inside = threading.Event()
    done = threading.Event()

    def other() -> None:
        inside.wait(5)
        seen["thread"] = current_face().name
        seen["width"] = str(text_width("Wide text", "bold", 10.0))
        done.set()

    worker = threading.Thread(target=other)
    worker.start()
    with measuring_in("arial"):
        inside.set()
        done.wait(5)
        seen["block"] = current_face().name
        arial = text_width("Wide text", "bold", 10.0)
    worker.join(5)
    assert seen == {"thread": "noto", "width": str(text_width("Wide text", "bold", 10.0)), "block": "arial"}
    assert current_face().name == "noto" and arial != text_width("Wide text", "bold", 10.0)
    with pytest.raises(ValueError, match="unknown face 'comic'; choose from noto, arial"), measuring_in("comic"):
        pass


def test_wrapping_is_remembered_per_face() -> None:
    text = "Controls against all threats: governance, limiting sensitive data, and limiting the effect"
    noto = wrap(text, "regular", 12.0, 190.0, 5)
    with measuring_in("arial"):
        arial = wrap(text, "regular", 12.0, 190.0, 5)
        for line in arial[0]:
            assert _advance(LIBERATION["regular"], line, 12.0) <= 190.0 + 0.05
    assert wrap(text, "regular", 12.0, 190.0, 5) == noto
    assert arial != noto  # Liberation Sans is narrower: the same text breaks elsewhere


def test_a_layout_in_the_arial_face_names_its_files_and_measures_with_them() -> None:
    catalog = load(DATA / "catalogs" / "hostile")
    scene = layout(catalog, PartCache(), target=Target(printed=False, face="arial"))
    assert dict(scene.fonts) == LIBERATION and face_of(scene.fonts) is FACES["arial"]
    assert current_face().name == "noto"  # the layout's face ended with it
    with measuring_in("arial"):
        for e in scene.elements:
            for t in e.texts:
                assert t.width == pytest.approx(text_width(t.text, t.font, t.size), abs=0.01), t.text
    noto = layout(catalog, PartCache(), target=Target(printed=False))
    assert face_of(noto.fonts) is FACES["noto"]
    assert noto.element("title").texts[0].width != scene.element("title").texts[0].width
