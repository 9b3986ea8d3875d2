"""Targets of a width and an open height (the web view, issue 14): the page is the canvas's width,
the text keeps the size asked for, nothing lies outside, and a canvas too narrow for the header
column gets one column under header strips."""

from __future__ import annotations

import pytest

from navigator.api import load, scene_of
from navigator.roles import Role
from navigator.scene import Page
from navigator.target import Target, paper_target
from navigator.theme import THEME


@pytest.fixture(scope="module")
def catalog():
    return load()


def smallest(page: Page) -> float:
    return min(t.size for e in page.elements for t in e.texts if t.text.strip())


def inside(page: Page) -> None:
    for e in page.elements:
        assert e.box.x >= -0.01 and e.box.right <= page.width + 0.01, e.id
        assert e.box.y >= -0.01 and e.box.bottom <= page.height + 0.01, e.id


@pytest.mark.parametrize("width", [720.0, 1040.0, 1600.0, 2400.0])
def test_a_width_fills_the_canvas_at_the_text_size_asked_for(catalog, width):
    scale = 12.0 / THEME.row_size  # min_text and max_scale pin the scale, as the web view asks
    least = round(THEME.smallest_text * scale, 2)
    target = Target(width=width, min_text=least, control_text=12.0, max_scale=scale, margin=16.0, printed=False)
    page = scene_of(catalog, target=target).pages[0]
    assert page.width == width
    inside(page)
    controls = [t.size for e in page.elements if e.role == Role.CONTROL for t in e.texts[1:]]
    assert min(controls) == pytest.approx(12.0, abs=0.01)  # the size asked for, never shrunk to fit
    assert smallest(page) >= least - 0.01
    right = max(e.box.right for e in page.elements if e.role == Role.SECTION)
    assert right >= width - 16.0 - THEME.gap_x * scale  # the bands reach across the canvas, less a gutter


def test_a_wider_canvas_is_a_shorter_page(catalog):
    heights = []
    for width in (720.0, 1600.0):
        target = Target(width=width, min_text=10.0, control_text=12.0, max_scale=12.0 / THEME.row_size, printed=False)
        heights.append(scene_of(catalog, target=target).pages[0].height)
    assert heights[1] < heights[0] * 0.7


def test_a_phone_gets_one_column_under_header_strips(catalog):
    scale = 14.01 / THEME.smallest_text
    target = Target(width=384.0, min_text=14.0, control_text=14.0, max_scale=scale, margin=8.0, printed=False)
    page = scene_of(catalog, target=target).pages[0]
    assert page.width == 384.0
    inside(page)
    assert smallest(page) >= 14.0 - 0.01
    bands = {e.ref: e.box for e in page.elements if e.role == Role.SECTION}
    titles = {e.ref: e.box for e in page.elements if e.role == Role.SECTION_TITLE}
    assert bands and set(titles) == set(bands)
    for ref, band in bands.items():
        assert titles[ref].w == pytest.approx(band.w) and titles[ref].y == pytest.approx(band.y)  # a strip on top
    for e in page.elements:  # each title centred in its strip, however many lines it has
        if e.role == Role.SECTION_TITLE:
            middle = (e.texts[0].y - e.texts[0].size * 0.7 + e.texts[-1].y) / 2  # cap tops to baselines
            assert abs(middle - (e.box.y + e.box.h / 2)) < 0.15 * e.box.h, e.id
    cards = [e.box for e in page.elements if e.role in (Role.THREAT, Role.THREAT_GROUP, Role.CONTROL_GROUP)]
    for a in cards:  # one column: no two cards side by side
        assert not any(b is not a and b.y < a.bottom and a.y < b.bottom for b in cards)


def test_the_legend_says_what_clicking_does_where_clicks_work(catalog):
    def note(target: Target) -> str:
        page = scene_of(catalog, target=target).pages[0]
        return " ".join(t.text for e in page.elements if e.id == "legend:note" for t in e.texts)

    web = note(Target(width=1040.0, printed=False, interactive=True))
    printed = note(paper_target("a3"))
    assert web.startswith("Click") and "PDF" not in web
    assert "in the PDF" in printed


def test_phones_a_few_pixels_apart_share_their_card_width(catalog):
    """The card width of a narrow canvas is a multiple of NARROW_STEP design units, so a phone a few
    pixels wider reuses every card measured (a new width measured all of them again), and the band
    still fits the canvas."""
    from navigator.layout.assemble import NARROW_STEP, narrow_widths

    scale = 14.01 / THEME.smallest_text
    found = set()
    for width in range(376, 384):
        target = Target(
            width=float(width), min_text=14.0, control_text=14.0, max_scale=scale, margin=8.0, printed=False
        )
        widths = narrow_widths(target, THEME)
        assert len(widths) == 1 and widths[0] % NARROW_STEP == 0
        found.add(widths[0])
        inside(scene_of(catalog, target=target).pages[0])
    assert len(found) <= 2  # eight canvases; each measured its own cards before


@pytest.mark.parametrize("width", [120.0, 160.0, 200.0, 260.0, 400.0, 900.0])
def test_the_packer_is_told_the_legend_height_it_draws(catalog, width):
    """`LegendHeight` mirrors `legend` (the packer asks it hundreds of times), stacked headings too."""
    from navigator.layout.chrome import CLICK_NOTE, LegendHeight, legend

    for note in ("", CLICK_NOTE):
        drawn = legend(catalog, 0.0, 0.0, width, THEME, note=note)[1]
        assert LegendHeight(catalog, THEME, note)(width) == pytest.approx(drawn)


def test_a_phone_legend_names_every_risk_whole_and_its_title_leaves_room(catalog):
    """On a phone each legend heading goes above its entries, so every risk's name is whole (beside the
    headings three of them read "Confidentiality of..."), and the title is a heading, not a poster's
    (it filled the first screen)."""
    scale = 14.01 / THEME.smallest_text
    target = Target(width=390.0, min_text=14.0, control_text=14.0, max_scale=scale, margin=8.0, printed=False)
    page = scene_of(catalog, target=target).pages[0]
    risks = {e.ref: " ".join(t.text for t in e.texts) for e in page.elements if e.role == Role.LEGEND_IMPACT}
    assert risks == {i.id: i.label for i in catalog.impacts}
    types = {e.ref: " ".join(t.text for t in e.texts[1:]) for e in page.elements if e.role == Role.LEGEND_TYPE}
    assert types == {ct.id: ct.label for ct in catalog.control_types}  # after each badge's letter
    subtitle = " ".join(t.text for e in page.elements if e.id == "subtitle" for t in e.texts)
    assert subtitle.endswith(f"Licence {catalog.meta.licence}.")  # not cut short
    title = next(e for e in page.elements if e.id == "title")
    assert 14.0 <= max(t.size for t in title.texts) <= 26.0
    assert title.box.bottom < 0.12 * 844  # the title within the top eighth of a phone's first screen
