"""`navigator build` end to end: the files, their links, filters, determinism and usage errors."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from navigator.api import BuildOptions, build, criteria_from, load
from navigator.errors import UsageError

from .conftest import MINIMAL, ROOT

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def catalog():
    return load()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    build(None, BuildOptions(formats=("svg", "png", "json"), out_dir=out, use_cache=False))
    return out


def links(svg_path: Path) -> list[str]:
    root = ET.parse(svg_path).getroot()
    return [a.get("href", "") for a in root.iter(f"{SVG}a")]  # "" for a link without a target: never https


@pytest.mark.slow
def test_svg_is_well_formed_and_links_every_item(built, catalog):
    hrefs = links(built / "navigator.svg")
    for t in catalog.threats:
        assert hrefs.count(t.url) == 1, t.id  # its title; the (i) marker is PDF-only
    for c in catalog.controls:
        assert hrefs.count(c.url) >= 1, c.id
    assert all(h.startswith("https://") for h in hrefs)


@pytest.mark.slow
def test_svg_uses_only_plain_shapes_and_hex_colours(built):
    root = ET.parse(built / "navigator.svg").getroot()
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert tags <= {"svg", "title", "desc", "g", "a", "rect", "path", "text"}
    for el in root.iter():
        for attr in ("fill", "stroke"):
            value = el.get(attr)
            assert value is None or value == "none" or (value.startswith("#") and len(value) == 7), (
                el.tag,
                attr,
                value,
            )


@pytest.mark.slow
def test_svg_tooltips(built, catalog):
    root = ET.parse(built / "navigator.svg").getroot()
    titles = ["".join(t.itertext()) for t in root.iter(f"{SVG}title")]
    summary = catalog.threat("evasion").summary.split()[0:6]
    assert any(" ".join(summary) in " ".join(t.split()) for t in titles)


@pytest.mark.slow
def test_png_is_3840_on_its_longer_side_by_default(built):
    """A 4K screen's width along the longer side: the A3 page is portrait, so 3840 high (3840 wide
    made it 21 million pixels and tripled the build's time for nothing a slide shows)."""
    data = (built / "navigator.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    scene = json.loads((built / "navigator.json").read_text())
    overview = scene["pages"][0]
    assert overview["height"] > overview["width"]  # A3 portrait, the default
    assert height == 3840
    assert abs(width - overview["width"] * 3840 / overview["height"]) <= 1


def test_png_long_side_and_explicit_width() -> None:
    from navigator.render.png import png_size
    from navigator.roles import PageKind
    from navigator.scene import DocInfo, Page, Scene

    info = DocInfo("t", "s", "a", (), "src", "1", "2026-01-01", "CC0")

    def scene(w: float, h: float) -> Scene:
        return Scene(
            pages=(Page(id="overview", kind=PageKind.OVERVIEW, width=w, height=h, background="#fff", elements=()),),
            info=info,
        )

    assert png_size(scene(1191.0, 842.0)) == (3840, 2715, False)  # landscape: 3840 wide
    assert png_size(scene(842.0, 1191.0)) == (2715, 3840, False)  # portrait: 3840 high
    assert png_size(scene(842.0, 1191.0), width=1000) == (1000, 1414, False)  # --width is the width
    assert png_size(scene(842.0, 1191.0), dpi=72) == (842, 1191, False)


@pytest.mark.slow
def test_two_builds_give_the_same_bytes(tmp_path):
    formats = ("pdf", "svg", "png", "json")
    a, b = tmp_path / "a", tmp_path / "b"
    build(None, BuildOptions(formats=formats, out_dir=a, use_cache=False))
    build(None, BuildOptions(formats=formats, out_dir=b, use_cache=True))
    for fmt in formats:
        assert (a / f"navigator.{fmt}").read_bytes() == (b / f"navigator.{fmt}").read_bytes(), fmt


def test_a_filtered_build_holds_only_the_selection(tmp_path, catalog):
    criteria = criteria_from(risks=["model-availability"])
    build(None, BuildOptions(formats=("json", "svg"), out_dir=tmp_path, use_cache=False), criteria)
    scene = json.loads((tmp_path / "navigator.json").read_text())["pages"][0]  # the overview
    threats = {e["ref"] for e in scene["elements"] if e["role"] in ("threat", "threat-group")}
    assert threats == {t.id for t in catalog.threats if "model-availability" in t.impacts}
    rows = {e["ref"] for e in scene["elements"] if e["role"] == "control"}
    allowed = {c for t in threats for c in catalog.controls_of(t)}
    assert rows and rows <= allowed
    hrefs = set(links(tmp_path / "navigator.svg"))
    assert catalog.threat("evasion").url not in hrefs


@pytest.mark.slow
def test_png_width_and_dpi_options(tmp_path):
    build(None, BuildOptions(formats=("png",), out_dir=tmp_path, png_width=800, use_cache=False))
    assert int.from_bytes((tmp_path / "navigator.png").read_bytes()[16:20], "big") == 800


@pytest.mark.parametrize(
    ("options", "criteria", "message"),
    [
        (
            BuildOptions(formats=("pdf", "gif")),
            None,
            "unknown format 'gif' for --format; choose from pdf, svg, png, json, pptx",
        ),
        (BuildOptions(png_width=5), None, "--width 5 is out of range; give 16 to 30000 pixels"),
        (
            BuildOptions(),
            criteria_from(risks=["model-integrty"]),
            "unknown risk 'model-integrty' for --risk; did you mean 'model-integrity'?",
        ),
    ],
)
def test_usage_errors_name_the_option_and_the_choices(tmp_path, options, criteria, message):
    from dataclasses import replace

    with pytest.raises(UsageError) as info:
        build(None, replace(options, out_dir=tmp_path), criteria or criteria_from())
    assert str(info.value).startswith(message)
    assert not any(tmp_path.iterdir())


@pytest.mark.slow
def test_cli_build_reports_unknown_filters_with_exit_2(tmp_path):
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "navigator",
            "build",
            "--out",
            str(tmp_path),
            "--format",
            "svg",
            "--control-type",
            "runtime",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert r.returncode == 2
    assert r.stderr.startswith(
        "navigator: unknown control type 'runtime' for --control-type; did you mean "
        "'runtime-ai'? Valid control types: infosec, runtime-ai, devtime-ai, other"
    )
    assert "Traceback" not in r.stderr
    assert not any(tmp_path.iterdir())


@pytest.mark.slow
def test_png_dpi_sets_the_width_from_the_diagram_size(tmp_path):
    build(None, BuildOptions(formats=("png", "json"), out_dir=tmp_path, png_dpi=36, use_cache=False))
    scene = json.loads((tmp_path / "navigator.json").read_text())["pages"][0]  # the overview
    assert int.from_bytes((tmp_path / "navigator.png").read_bytes()[16:20], "big") == round(scene["width"] / 72 * 36)


def test_a_png_larger_than_the_pixel_cap_is_reduced_and_said(tmp_path, monkeypatch):
    import navigator.render.png as png

    monkeypatch.setattr(png, "MAX_PIXELS", 40_000)
    heard: list[str] = []
    build(MINIMAL, BuildOptions(formats=("png",), out_dir=tmp_path, png_width=400, use_cache=False), note=heard.append)
    data = (tmp_path / "navigator.png").read_bytes()
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width < 400 and width * height <= 40_000 * 1.01
    assert heard == [
        f"the PNG is {width} pixels wide, less than asked, to stay "
        "within 0.04 megapixels; use the SVG or PDF for more detail"
    ]
    heard.clear()
    build(MINIMAL, BuildOptions(formats=("png",), out_dir=tmp_path, png_width=100, use_cache=False), note=heard.append)
    assert heard == []
