"""`build --per-section`, `--slide` and `--theme` end to end: an SVG and a PNG of each layer slide,
slide-shaped and readable full-slide, named by the section's number; the options combine with filters
and every format; bad values get the usual one-line message and exit status 2, and change nothing.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from navigator.api import BuildOptions, build, criteria_from, load
from navigator.errors import UsageError

from .conftest import MINIMAL

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sections")
    build(None, BuildOptions(formats=("pptx",), out_dir=out, per_section=True))
    return out


def _sizes(svg: Path) -> list[float]:
    root = ET.parse(svg).getroot()
    return [float(t.get("font-size", "0")) for t in root.iter(f"{SVG}text")]


def test_an_svg_and_a_png_per_layer_slide_named_by_its_section(built):
    catalog = load()
    names = sorted(p.name for p in built.iterdir())
    for section in catalog.sections:
        assert f"navigator-section-{section.number}.svg" in names
        assert f"navigator-section-{section.number}.png" in names
    # a layer that needs more than one slide continues in -2, -3 ...
    assert any(re.fullmatch(r"navigator-section-\d+-2\.png", n) for n in names)
    pngs = [n for n in names if n.endswith(".png")]
    assert len(pngs) == len([n for n in names if n.endswith(".svg")])


def test_each_image_is_a_16_9_slide_readable_full_slide(built):
    for png in built.glob("navigator-section-*.png"):
        with Image.open(png) as im:
            assert im.size == (1920, 1080), png.name  # as PowerPoint exports a slide: 2 pixels a point
        svg = png.with_suffix(".svg")
        root = ET.parse(svg).getroot()
        assert (root.get("width"), root.get("height")) == ("960", "540")
        assert min(_sizes(svg)) >= 12, svg.name  # points on a 960 x 540 point slide
        texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
        assert "/ " not in texts.split()[-1]  # no slide number: an image is not a slide of this deck


def test_4_3_dark_filtered(tmp_path):
    build(
        None,
        BuildOptions(formats=("svg",), out_dir=tmp_path, per_section=True, slide="4:3", theme="dark", png_width=800),
        criteria_from(sections=["inputthreats"]),
    )
    images = sorted(tmp_path.glob("navigator-section-*.png"))
    assert images and all(p.name.startswith(("navigator-section-1", "navigator-section-2")) for p in images)
    for png in images:
        with Image.open(png) as im:
            w, h = im.size
            assert abs(w / h - 4 / 3) < 0.01
            pixel = im.convert("RGB").getpixel((w // 2, h - 3))
            assert isinstance(pixel, tuple) and sum(pixel) < 3 * 80  # a dark page


def test_same_options_same_bytes(tmp_path):
    for out in ("a", "b"):
        options = BuildOptions(
            formats=("pptx",), out_dir=tmp_path / out, per_section=True, png_width=800, use_cache=False
        )
        build(MINIMAL, options)
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert "navigator.pptx" in files and any(f.startswith("navigator-section-") for f in files)
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--slide", "5:4", "navigator: unknown value '5:4' for --slide; choose from 16:9, 4:3"),
        ("--theme", "blue", "navigator: unknown value 'blue' for --theme; choose from light, dark"),
        ("--theme", "\x1b[31m", "navigator: unknown value '\\x1b[31m' for --theme; choose from light, dark"),
    ],
)
def test_bad_values_exit_2_with_the_choices_and_write_nothing(tmp_path, option, value, message):
    result = subprocess.run(
        [sys.executable, "-m", "navigator", "build", "--catalog", str(MINIMAL), "--out", str(tmp_path), option, value],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == message
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_api_refuses_them_too():
    with pytest.raises(UsageError, match="for --slide; choose from 16:9, 4:3"):
        build(MINIMAL, BuildOptions(slide="square"))


def test_answers_combine_with_the_deck_the_dark_theme_and_the_section_images(tmp_path, monkeypatch):
    """A tailored build (`--answers`, `--status`) as a 4:3 dark deck with section images: the layer
    slides hold exactly the cards of the tailored overview, every text legible on the dark theme."""
    from navigator.api import scene_of, tailored
    from navigator.catalog import load_catalog
    from navigator.roles import PageKind
    from navigator.target import deck_target

    from .conftest import DATA, ROOT
    from .test_themes import low_contrast

    monkeypatch.chdir(ROOT)
    questions = DATA / "catalogs" / "questions"
    answers, status = (str((DATA / "tailored" / n).relative_to(ROOT)) for n in ("answers.yaml", "status.yaml"))
    out = tmp_path / "out"
    options = BuildOptions(
        formats=("pptx",), out_dir=out, slide="4:3", theme="dark", per_section=True, answers=answers, status=status
    )
    build(questions, options)
    assert (out / "navigator.pptx").stat().st_size > 0 and list(out.glob("navigator-section-*.png"))
    catalog = load_catalog(questions)
    criteria, marks = tailored(catalog, answers, status)
    deck = scene_of(catalog, criteria, target=deck_target("4:3", "dark"), annotations=marks)
    overview = scene_of(catalog, criteria, annotations=marks).overview
    cards = {e.ref for e in overview.elements if e.id.startswith("card:")}
    on_slides = {e.ref for p in deck.pages if p.kind == PageKind.LAYER for e in p.elements if e.id.startswith("card:")}
    assert cards and on_slides == cards
    for page in deck.pages:
        assert not low_contrast(page), (page.id, low_contrast(page)[:3])
