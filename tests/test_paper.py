"""Paper sizes: the PDF read back with pdfplumber (page sizes, every character's font size, where
everything lies) and pypdf (links, bookmarks), for A3, A4, Letter and the poster."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from navigator.api import BuildOptions, build, criteria_from, load, scene_of
from navigator.errors import UsageError
from navigator.layout import layout
from navigator.roles import Role
from navigator.target import PAPERS, paper_target

from .conftest import ROOT
from .pdf_reader import Pdf

A3, A4, LETTER = PAPERS["a3"], PAPERS["a4"], PAPERS["letter"]


def sides(size: tuple[float, float]) -> tuple[float, float]:
    return tuple(sorted(size))  # type: ignore[return-value]


@pytest.fixture(scope="module")
def catalog():
    return load()


def built(tmp_path_factory: pytest.TempPathFactory, paper: str, orientation: str = "") -> Path:
    out = tmp_path_factory.mktemp(f"paper-{paper}{orientation}")
    build(None, BuildOptions(formats=("pdf",), out_dir=out, use_cache=False, paper=paper, orientation=orientation))
    return out / "navigator.pdf"


@pytest.fixture(scope="module")
def a3(tmp_path_factory):
    return built(tmp_path_factory, "a3")


@pytest.fixture(scope="module")
def a4(tmp_path_factory):
    return built(tmp_path_factory, "a4")


def chars(path: Path, index: int) -> list[dict]:
    with pdfplumber.open(path) as pdf:
        return list(pdf.pages[index].chars)


def control_name_sizes(path: Path, index: int, boxes: list[tuple[float, float, float, float]]) -> list[float]:
    """Font sizes of the characters inside the given boxes (x0, top, x1, bottom; origin top left)."""
    found = []
    for c in chars(path, index):
        x, y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        if any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in boxes):
            found.append(c["size"])
    return found


def control_text_boxes(page) -> list[tuple[float, float, float, float]]:
    """The boxes of control names on a Scene page (the lines of text after the badge's symbol)."""
    out = []
    for e in page.elements:
        if e.role == Role.CONTROL:
            for t in e.texts[1:]:
                out.append((t.left, t.y - t.size, t.left + t.width, t.y + t.size * 0.3))
    return out


def everything_inside(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            w, h = float(page.width), float(page.height)
            for c in page.chars:
                assert c["x0"] >= -0.5 and c["x1"] <= w + 0.5 and c["top"] >= -0.5 and c["bottom"] <= h + 0.5, (
                    page.page_number,
                    c["text"],
                )
            for r in page.rects:
                assert r["x0"] >= -0.5 and r["x1"] <= w + 0.5 and r["top"] >= -0.5 and r["bottom"] <= h + 0.5, (
                    page.page_number,
                    r,
                )


def test_a3_page_one_is_the_whole_navigator_at_7pt_with_no_text_under_6pt(a3, catalog):
    pdf = Pdf(a3)
    assert sides(pdf.size(0)) == A3
    scene = scene_of(catalog, target=paper_target("a3"))
    sizes = control_name_sizes(a3, 0, control_text_boxes(scene.overview))
    assert len(sizes) > 500  # every control row's characters were found
    assert min(sizes) >= 7.0 - 1e-6
    assert min(c["size"] for c in chars(a3, 0)) >= 6.0 - 1e-6
    # the whole navigator: every threat and control links to its page from page 1, and no layer pages
    uris = set(pdf.uris(0))
    assert all(t.url in uris for t in catalog.threats) and all(c.url in uris for c in catalog.controls)
    assert not any(p.id.startswith("layer:") for p in scene.pages)
    assert all(sides(pdf.size(i)) == A4 for i in range(1, len(pdf.pages)))  # detail pages


def test_a4_overview_then_a_page_per_layer_at_7pt_linked_both_ways(a4, catalog):
    pdf = Pdf(a4)
    scene = scene_of(catalog, target=paper_target("a4"))
    layer_pages = [i for i, p in enumerate(scene.printed) if p.id.startswith("layer:")]
    assert layer_pages == list(range(1, 1 + len(layer_pages))) and len(layer_pages) >= len(catalog.sections)
    for i in range(len(pdf.pages)):
        assert sides(pdf.size(i)) == A4, i
    for i in layer_pages:
        sizes = control_name_sizes(a4, i, control_text_boxes(scene.printed[i]))
        assert sizes and min(sizes) >= 7.0 - 1e-6, i
        assert min(c["size"] for c in chars(a4, i)) >= 6.0 - 1e-6, i
        assert any(target == 0 for _, target in pdf.jumps(i)), f"page {i + 1} links back to the overview"
    # page 1 is smaller (it shows everything) and links to the first page of each layer
    assert min(c["size"] for c in chars(a4, 0)) < 6.0
    firsts = {pdf.destination(f"layer:{s.id}") for s in catalog.sections}
    assert firsts <= {target for _, target in pdf.jumps(0)}
    assert firsts <= set(layer_pages)
    # the outline's sections lead to the layer pages
    sections = [page for _, page, _ in pdf.outline()[: len(catalog.sections)]]
    assert sections == sorted(firsts)


def test_every_page_holds_its_content(a3, a4):
    everything_inside(a3)
    everything_inside(a4)


def test_letter_and_forced_orientation(tmp_path_factory):
    letter = Pdf(built(tmp_path_factory, "letter"))
    assert all(sides(letter.size(i)) == LETTER for i in range(len(letter.pages)))
    landscape = Pdf(built(tmp_path_factory, "a3", "landscape"))
    assert landscape.size(0) == (A3[1], A3[0])
    portrait = Pdf(built(tmp_path_factory, "a3", "portrait"))
    assert portrait.size(0) == A3


def test_orientation_is_the_one_with_the_larger_text(catalog):
    def smallest_control(target) -> float:
        page = layout(catalog, None, target=target).overview
        return min(t.size for e in page.elements if e.role == Role.CONTROL for t in e.texts[1:])

    chosen = smallest_control(paper_target("a3"))
    assert chosen == max(
        smallest_control(paper_target("a3", "portrait")), smallest_control(paper_target("a3", "landscape"))
    )


def test_the_poster_is_one_page_at_the_design_sizes(tmp_path_factory, catalog):
    path = built(tmp_path_factory, "poster")
    scene = scene_of(catalog, target=paper_target("poster"))
    assert Pdf(path).size(0) == pytest.approx((scene.width, scene.height), abs=0.01)
    sizes = control_name_sizes(path, 0, control_text_boxes(scene.overview))
    assert min(sizes) == pytest.approx(7.2, abs=0.01)


def test_filters_combine_with_the_paper(tmp_path):
    build(
        None,
        BuildOptions(formats=("pdf",), out_dir=tmp_path, use_cache=False, paper="a4"),
        criteria_from(risks=["model-integrity"]),
    )
    pdf = Pdf(tmp_path / "navigator.pdf")
    assert sides(pdf.size(0)) == A4
    assert "Filtered view" in pdf.text(0)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (BuildOptions(paper="a5"), "unknown paper 'a5' for --paper; choose from a4, a3, a2, letter, tabloid, poster"),
        (
            BuildOptions(orientation="upright"),
            "unknown orientation 'upright' for --orientation; choose from portrait, landscape",
        ),
    ],
)
def test_paper_usage_errors(tmp_path, options, message):
    from dataclasses import replace

    with pytest.raises(UsageError) as info:
        build(None, replace(options, out_dir=tmp_path))
    assert str(info.value) == message
    assert not any(tmp_path.iterdir())


def test_cli_paper_error_exits_2(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "navigator", "build", "--out", str(tmp_path), "--paper", "A0"],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert r.returncode == 2
    assert r.stderr == "navigator: unknown paper 'A0' for --paper; choose from a4, a3, a2, letter, tabloid, poster\n"
    assert not any(tmp_path.iterdir())
