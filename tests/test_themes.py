"""The dark theme: the AI Exchange's own navy look for every output, every text as legible as the
light theme's (WCAG AA against what is painted under it, on every page), only colours different.

Thresholds are WCAG 2's (4.5:1, 3:1 for large text); backgrounds are found by painting the page's
rectangles in order, as every renderer does.
"""

from __future__ import annotations

import dataclasses
import io
import json

import pytest
from PIL import Image
from pptx import Presentation

from navigator.api import BuildOptions, build, criteria_from, load, scene_of
from navigator.layout import PartCache, layout
from navigator.render.pptx import pptx_bytes
from navigator.render.svg import svg_document
from navigator.scene import Page
from navigator.target import Target, deck_target, sections_target
from navigator.text import metrics
from navigator.theme import DARK, THEME, THEMES, contrast, luminance, theme_named

from .conftest import DATA


def low_contrast(page: Page) -> list[tuple[str, str, str, str, float]]:
    """Texts of the page below WCAG AA: (element, text, colour, background, contrast)."""
    fills = []
    out = []
    for e in page.elements:
        fills += [(r.box, r.fill) for r in e.rects if r.fill]
        for t in e.texts:
            x = t.left + t.width / 2
            y = t.y - metrics(t.font).cap_height * t.size / 2
            under = page.background
            for box, fill in fills:
                if box.x <= x <= box.right and box.y <= y <= box.bottom:
                    under = fill
            large = t.size >= 18 or (t.font == "bold" and t.size >= 14)
            ratio = contrast(t.colour, under)
            if ratio < (3.0 if large else 4.5):
                out.append((e.id, t.text, t.colour, under, round(ratio, 2)))
    return out


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("catalog", ["default", "hostile"])
def test_every_text_of_every_page_meets_wcag_aa(theme, catalog):
    cat = load(None if catalog == "default" else DATA / "catalogs" / "hostile")
    cache = PartCache()
    for target, least in (
        (Target(theme=theme), 4),
        (deck_target("16:9", theme), 4),
        (sections_target("4:3", theme), 1),
    ):
        scene = layout(cat, cache, target=target)
        assert len(scene.pages) >= least
        for page in scene.pages:
            assert not low_contrast(page), (theme, page.id, low_contrast(page)[:5])


def test_the_check_finds_text_too_faint():
    scene = layout(load(DATA / "catalogs" / "minimal"), target=Target(printed=False))
    faint = dataclasses.replace(THEME, ink="#DDDDDD", muted="#DDDDDD")
    washed = layout(load(DATA / "catalogs" / "minimal"), theme=faint, target=Target(printed=False))
    assert not low_contrast(scene.overview)
    assert low_contrast(washed.overview)


def test_the_dark_theme_changes_colours_only():
    for f in dataclasses.fields(THEME):
        light, dark = getattr(THEME, f.name), getattr(DARK, f.name)
        colours = light if isinstance(light, tuple) else (light,)
        if not all(isinstance(c, str) and c.startswith("#") for c in colours):
            assert dark == light, f.name  # sizes stay the light theme's
    assert luminance(DARK.background) < 0.02 < luminance(THEME.background)
    assert luminance(DARK.card_fill) < 0.05  # navy cards
    assert set(THEMES) == {"light", "dark"} and theme_named("dark") is DARK
    with pytest.raises(ValueError, match="unknown theme 'blue'; choose from light, dark"):
        theme_named("blue")


def test_impact_and_control_type_text_is_chosen_by_contrast_on_navy():
    scene = layout(load(), target=Target(theme="dark", printed=False))
    tabs = [e for e in scene.elements if e.role in ("tab", "legend-impact")]
    assert tabs
    for e in tabs:
        fill = e.rects[0].fill
        for t in e.texts:
            assert contrast(t.colour, fill) >= 4.5, (e.id, t.colour, fill)


def test_every_output_takes_the_theme(tmp_path):
    written = build(
        None,
        BuildOptions(formats=("pdf", "svg", "png", "json", "pptx"), out_dir=tmp_path, theme="dark"),
        criteria_from(sections=["inputthreats"]),
    )
    assert len(written) == 5
    svg = (tmp_path / "navigator.svg").read_text(encoding="utf-8")
    assert f'fill="{DARK.background}"' in svg and f'fill="{DARK.card_fill}"' in svg
    png = Image.open(tmp_path / "navigator.png").convert("RGB")
    assert png.getpixel((2, 2)) == tuple(int(DARK.background[i : i + 2], 16) for i in (1, 3, 5))
    pages = json.loads((tmp_path / "navigator.json").read_text(encoding="utf-8"))["pages"]
    assert {p["background"] for p in pages} == {DARK.background}
    prs = Presentation(str(tmp_path / "navigator.pptx"))
    assert str(prs.slides[2].background.fill.fore_color.rgb) == DARK.band_fills[0].lstrip("#")
    pdf = (tmp_path / "navigator.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")


def test_light_and_dark_svgs_differ_only_in_colour():
    cat = load(DATA / "catalogs" / "minimal")
    light = svg_document(scene_of(cat, target=Target(printed=False)))
    dark = svg_document(scene_of(cat, target=Target(printed=False, theme="dark")))
    assert light != dark
    strip = __import__("re").compile(r"#[0-9A-Fa-f]{6}")
    assert strip.sub("#", light) == strip.sub("#", dark)


def test_a_dark_deck_is_dark_throughout():
    prs = Presentation(io.BytesIO(pptx_bytes(scene_of(load(), target=deck_target("16:9", "dark")))))
    for slide in prs.slides:
        rgb = slide.background.fill.fore_color.rgb
        assert luminance(f"#{rgb}") < 0.05, str(rgb)
