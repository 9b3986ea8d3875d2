"""The fallback fonts: every drawn character has a glyph, text is measured with the advances of the
file that draws it (Arabic shaped), and the PDF, the PNG and the web view use the same files.

Expected values come from the font files (fontTools, uharfbuzz), never from navigator's output.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from functools import cache
from pathlib import Path

import pytest
import uharfbuzz
from fontTools.ttLib import TTFont

from navigator.api import load, scene_of
from navigator.render import pdf, png
from navigator.resources import font_path
from navigator.roles import PageKind, Role
from navigator.scene import Box, DocInfo, Element, Page, Scene, Text
from navigator.text import FALLBACK_FILES, FONT_FILES, chain, text_width, vendored_files, wrap

from .conftest import DATA

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "assets" / "fonts"
HEBREW = "שלום"
ARABIC = "مرحبا"
TOFU = "\u0f00" * len(HEBREW)  # Tibetan: no vendored font has it


@cache
def _font(name: str) -> TTFont:
    return TTFont(str(FONTS / name))


def _cmap(name: str) -> set[int]:
    return set(_font(name).getBestCmap())


def _advance(name: str, ch: str, size: float) -> float:
    """Advance in points of `ch` at `size`, from the file's own cmap and hmtx."""
    tt = _font(name)
    glyph = tt.getBestCmap()[ord(ch)]
    return tt["hmtx"][glyph][0] * size / tt["head"].unitsPerEm


def _shaped(name: str, text: str, size: float) -> tuple[float, list[int]]:
    """Width in points and glyph ids of `text` shaped by HarfBuzz with the file's own tables."""
    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(FONTS / name)))
    buf = uharfbuzz.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    uharfbuzz.shape(uharfbuzz.Font(face), buf)
    return sum(p.x_advance for p in buf.glyph_positions) * size / face.upem, [i.codepoint for i in buf.glyph_infos]


def test_vendored_files_are_what_the_chains_name_and_ship_with_the_package():
    on_disk = {p.name for p in FONTS.glob("*.ttf")}
    assert set(vendored_files()) == on_disk
    assert all(font_path(name).is_file() for name in on_disk)
    for key in FONT_FILES:
        assert chain(key)[0] == FONT_FILES[key] and len(chain(key)) == 1 + len(FALLBACK_FILES[key])
    emoji = _font("NotoEmoji-Regular.ttf")
    assert "glyf" in emoji and "CBDT" not in emoji and "COLR" not in emoji  # outlines, not colour bitmaps
    assert {0x1F525, 0x1F916, 0x1F600} <= _cmap("NotoEmoji-Regular.ttf")


@pytest.mark.slow
def test_every_character_drawn_for_the_hostile_catalog_has_a_glyph_in_its_styles_chain():
    scene = scene_of(load(DATA / "catalogs" / "hostile"))
    texts = [t for page in scene.pages for e in page.elements for t in e.texts]  # the overview and detail pages
    assert len(scene.pages) > 1
    every = set().union(*(_cmap(f) for f in vendored_files()))
    missing = {ch for t in texts for ch in t.text if ord(ch) not in every}
    assert not missing, sorted(missing)
    by_chain = {(ch, t.font) for t in texts for ch in t.text if not any(ord(ch) in _cmap(f) for f in chain(t.font))}
    assert not by_chain
    drawn = "".join(t.text for t in texts)
    assert HEBREW in drawn and ARABIC in drawn and "\U0001f525" in drawn  # the catalog still tests what it should


@pytest.mark.parametrize(
    "font, hebrew_file",
    [
        ("regular", "NotoSansHebrew-Regular.ttf"),
        ("bold", "NotoSansHebrew-Bold.ttf"),
        ("italic", "NotoSansHebrew-Regular.ttf"),
    ],
)
def test_hebrew_is_measured_with_the_hebrew_fonts_advances(font, hebrew_file):
    expected = sum(_advance(hebrew_file, ch, 10) for ch in HEBREW)
    assert text_width(HEBREW, font, 10) == pytest.approx(expected, abs=1e-6)
    mixed = f"a {HEBREW} \U0001f525"
    expected_mixed = (
        _advance(FONT_FILES[font], "a", 10)
        + 2 * _advance(FONT_FILES[font], " ", 10)
        + expected
        + _advance("NotoEmoji-Regular.ttf", "\U0001f525", 10)
    )
    # advances are kept in 1/1000 em, as PDF width tables are: the emoji font's 2048 units round
    assert text_width(mixed, font, 10) == pytest.approx(expected_mixed, abs=0.005)


def test_arabic_is_measured_shaped():
    shaped, _glyphs = _shaped("NotoSansArabic-Regular.ttf", ARABIC, 10)
    isolated = sum(_advance("NotoSansArabic-Regular.ttf", ch, 10) for ch in ARABIC)
    assert abs(shaped - isolated) > 1  # joining changes the width, so the test can tell
    assert text_width(ARABIC, "regular", 10) == pytest.approx(shaped, abs=1e-6)
    words = f"{ARABIC} {ARABIC}"
    assert text_width(words, "bold", 10) == pytest.approx(
        2 * _shaped("NotoSansArabic-Bold.ttf", ARABIC, 10)[0] + _advance("NotoSans-Bold.ttf", " ", 10), abs=1e-6
    )


@pytest.mark.parametrize("word", [ARABIC * 12, HEBREW * 12, "\U0001f525" * 30])
def test_long_words_of_fallback_scripts_wrap_within_the_line(word):
    lines, _cut = wrap(f"{word} {word}", "bold", 9, 60.0, 8)
    assert len(lines) > 2
    for line in lines:
        assert text_width(line, "bold", 9) <= 60.0 + 1e-6
        if ARABIC[0] in line:
            assert _shaped("NotoSansArabic-Bold.ttf", line.replace(" ", ""), 9)[0] <= 60.0 + 1e-6


def _scene(text: str, font: str = "regular") -> Scene:
    t = Text(10.0, 40.0, text, font, 24.0, "#000000", round(text_width(text, font, 24.0), 3))
    info = DocInfo(title="fonts", subject="", author="", keywords=(), source="", version="", date="", licence="")
    element = Element(id="t", role=Role.TEXT, box=Box(0, 0, 200, 60), texts=(t,))
    page = Page("overview", PageKind.OVERVIEW, 200.0, 60.0, "#FFFFFF", (element,))
    return Scene(pages=(page,), info=info, fonts=tuple(FONT_FILES.items()))


def test_png_draws_hebrew_glyphs_not_missing_glyph_boxes():
    assert not any(0x0F00 in _cmap(f) for f in vendored_files())
    hebrew = png.png_bytes(_scene(HEBREW), width=400)
    tofu = png.png_bytes(_scene(TOFU), width=400)
    assert hebrew[:8] == b"\x89PNG\r\n\x1a\n"
    assert hebrew != tofu  # without a Hebrew font both are four identical boxes


@pytest.mark.slow
def test_pdf_of_supplementary_arabic_letters_is_the_same_whatever_the_process_drew_before(tmp_path):
    """Glyphs outside the cmap (contextual forms of U+0750, U+0762) get private codes; those must not
    depend on what else the process drew first."""
    first, second = "\u0750\u0750\u0750", "\u0762\u0762\u0762"
    for s in (first, second):
        assert any(
            g
            not in {
                _font("NotoSansArabic-Regular.ttf").getGlyphID(n)
                for n in _font("NotoSansArabic-Regular.ttf").getBestCmap().values()
            }
            for g in _shaped("NotoSansArabic-Regular.ttf", s, 10)[1]
        )
    pdf.render(_scene(first), tmp_path / "warm-up.pdf")  # right to left, `first` is drawn after `second` below
    pdf.render(_scene(f"{first} {second}"), tmp_path / "in-process.pdf")
    code = (
        "import sys; from pathlib import Path; from tests.test_fonts import _scene; from navigator.render import pdf;"
        f"pdf.render(_scene({f'{first} {second}'!r}), Path(sys.argv[1]))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "123"}
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "fresh.pdf")], check=True, cwd=ROOT, env=env)
    assert (tmp_path / "in-process.pdf").read_bytes() == (tmp_path / "fresh.pdf").read_bytes()


def _css_faces() -> list[tuple[str, str, str, list[tuple[int, int]]]]:
    """(file, weight, style, unicode ranges) of every @font-face rule of the web view's stylesheet."""
    css = (ROOT / "src" / "navigator" / "web" / "assets" / "navigator.css").read_text(encoding="utf-8")
    faces = []
    for body in re.findall(r"@font-face\s*\{(.*?)\}", css, re.S):
        props = dict(re.findall(r"([a-z-]+)\s*:\s*([^;]+);", body))
        assert props["font-family"].strip() == '"Noto Sans"'
        found = re.search(r'url\("\.\./fonts/([^"]+)"\)', props["src"])
        assert found, body
        file = found[1]
        ranges = []
        for part in props.get("unicode-range", "").split(","):
            if part.strip():
                lo, _, hi = part.strip().removeprefix("U+").partition("-")
                ranges.append((int(lo, 16), int(hi or lo, 16)))
        faces.append((file, props["font-weight"].strip(), props["font-style"].strip(), ranges))
    return faces


@pytest.mark.parametrize(
    "font, weight, style", [("regular", "400", "normal"), ("bold", "700", "normal"), ("italic", "400", "italic")]
)
def test_web_fonts_pick_the_file_the_layout_measured_with(font, weight, style):
    """A browser checks the last-defined face whose unicode-range holds a character first, and moves
    on when that face lacks the glyph: so each range must hold every character its file draws in this
    style's chain, and none that an earlier file of the chain draws."""
    faces = [f for f in _css_faces() if (f[1], f[2]) == (weight, style)]
    assert [f[0] for f in faces if not f[3]] == [FONT_FILES[font]]
    fallbacks = {f[0]: f[3] for f in faces if f[3]}
    assert list(fallbacks) == list(FALLBACK_FILES[font])
    earlier: set[int] = set(_cmap(FONT_FILES[font]))
    for file, ranges in fallbacks.items():
        mine = {
            cp for cp in _cmap(file) - earlier if unicodedata.category(chr(cp)) not in ("Co", "Cf")
        }  # never drawn: clean drops them
        assert all(any(lo <= cp <= hi for lo, hi in ranges) for cp in mine), file
        assert not any(lo <= cp <= hi for cp in earlier for lo, hi in ranges), file
        earlier |= _cmap(file)
