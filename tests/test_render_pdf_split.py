"""A huge overview printed as an index page and a page per section, checked in the PDF with pypdf, and
the pages layout plans for overviews too large for any reader."""

from __future__ import annotations

import shutil

import pytest
import yaml

from navigator.api import load, scene_of
from navigator.layout.pages import document, overview_page
from navigator.links import safe_url
from navigator.render.pdf import render
from navigator.roles import PageKind, Role
from navigator.target import A4, DOCUMENT, MAX_SIDE, Target

from .conftest import MINIMAL
from .pdf_reader import Pdf, expected_tree, titles

pytestmark = pytest.mark.slow  # every test here lays out, renders or generates something large

# --- a huge overview is split ----------------------------------------------------------------------------

SUBTHREATS = 300  # under one group
# A poster (sized to fit) whose reader opens pages of at most 1,000 points: the overview of these 300
# sub-threats is larger, so it is printed as an index and a page per section, as a catalog too large
# for a 200-inch page is (at 200 inches that takes some ten thousand cards, now that cards flow in columns).
TALL = Target(max_side=1000.0)


@pytest.fixture(scope="module")
def tall(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tall") / "catalog"
    shutil.copytree(MINIMAL, folder)
    items = yaml.safe_load((folder / "items.yaml").read_text())
    for i in range(SUBTHREATS):
        items["threats"].append(
            {
                "id": f"sub{i}",
                "number": f"2.1.{i + 2}",
                "title": f"Sub-threat {i}",
                "section": "use",
                "parent": "injection",
                "impacts": ["integrity"],
                "summary": f"Sub-threat {i}.",
                "controls": ["align"],
            }
        )
    (folder / "items.yaml").write_text(yaml.safe_dump(items, sort_keys=False))
    catalog = load(folder)
    scene = scene_of(catalog, target=TALL)
    path = folder.parent / "tall.pdf"
    render(scene, path)
    return catalog, scene, Pdf(path)


def test_tall_scene_is_split_into_an_index_and_section_pages(tall):
    catalog, scene, pdf = tall
    assert max(scene.width, scene.height) > TALL.max_side  # else this test tests nothing
    sections = len(catalog.sections)
    assert len(pdf.pages) >= 1 + sections + len(catalog.threats)
    assert all(pdf.size(i) != pytest.approx(A4) for i in range(sections + 1))
    assert all(pdf.size(i) == pytest.approx(A4) for i in range(sections + 1, len(pdf.pages)))
    assert all(max(pdf.size(i)) <= TALL.max_side + 0.01 for i in range(len(pdf.pages)))
    assert max(pdf.size(2)) == pytest.approx(TALL.max_side)  # the large band, scaled down to fit
    index = pdf.text(0)
    assert "Mini navigator" in index and "Mini catalog 1.0 (2026-01-31)" in index  # title and footer
    for n, s in enumerate(catalog.sections, start=1):
        assert f"{s.number} {s.title}" in index
        assert pdf.destination(f"section:{s.id}") == n
        assert n in [p for _, p in pdf.jumps(0)]
        assert any(p == 0 for _, p in pdf.jumps(n))  # back to the index
        assert s.title in pdf.text(n)


def test_tall_scene_keeps_every_link(tall):
    catalog, scene, pdf = tall
    sections = len(catalog.sections)
    overview = range(sections + 1)
    uris = [u for i in overview for u in pdf.uris(i)]
    assert sorted(uris) == sorted(e.url for e in scene.elements if safe_url(e.url) and not e.target)
    assert {x.url for x in (*catalog.threats, *catalog.controls)} <= set(uris)
    jumps = {p for i in overview for _, p in pdf.jumps(i)}
    for t in catalog.threats:
        page = pdf.destination(f"detail:{t.id}")
        assert page in jumps
        assert t.url in pdf.uris(page)
        assert pdf.destination(f"card:{t.id}") == (1 if t.section == "general" else 2)
    for i in range(len(pdf.pages)):
        width, height = pdf.size(i)
        for a in pdf.annotations(i):
            x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
            assert -0.01 <= x0 < x1 <= width + 0.01 and -0.01 <= y0 < y1 <= height + 0.01, (i, a)


def test_tall_scene_outline_points_at_the_section_pages(tall):
    catalog, _, pdf = tall
    outline = pdf.outline()
    assert titles(outline) == expected_tree(catalog)
    assert [p for _, p, _ in outline[:-1]] == [1, 2]
    group = next(kid for kid in outline[1][2] if kid[0] == "2.1 Injection")
    assert len(group[2]) == SUBTHREATS + 1 and {p for _, p, _ in group[2]} == {2}


def test_an_overview_without_sections_is_printed_scaled_to_fit(tall):
    """Even a huge overview with no section bands to split by is printed, scaled down to fit a reader."""
    _, scene, _ = tall
    elements = tuple(e for e in scene.elements if e.role != Role.SECTION)
    huge = overview_page(30_000.0, 20_000.0, "#FFFFFF", elements, scene.outline, DOCUMENT)
    assert not huge.printed
    pages = document(huge, scene.details[:1], scene.outline, scene.info, DOCUMENT)
    assert pages[0] is huge and pages[1].kind == PageKind.OVERVIEW and pages[1].printed
    assert pages[2].id == f"detail:{scene.details[0].id}" and {p.kind for p in pages[2:]} == {PageKind.DETAIL}
    scaled = pages[1]
    assert (scaled.width, scaled.height) == pytest.approx((MAX_SIDE, 20_000.0 * MAX_SIDE / 30_000.0))
    card = next(e for e in scaled.elements if e.role == Role.THREAT)
    original = next(e for e in elements if e.id == card.id)
    assert card.box.w == pytest.approx(original.box.w * MAX_SIDE / 30_000.0)
    assert card.rects[0].stroke_width == pytest.approx(original.rects[0].stroke_width * MAX_SIDE / 30_000.0)
