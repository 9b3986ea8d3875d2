"""PPTX: the deck read back with python-pptx: its slides in order, every threat and control a text
with a link to its page, speaker notes, every shape inside its slide, text at slide size in Arial,
jumps between slides, editable shapes only, and the same bytes twice.

Expected values come from the catalog (labels, links, summaries) and the slide sizes, never from the
deck under test.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from pptx import Presentation
from pptx.enum.action import PP_ACTION
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.shapes.group import GroupShape
from pptx.util import Emu

from navigator.api import criteria_from, load, scene_of
from navigator.render.pptx import EMU_PER_PT, pptx_bytes
from navigator.target import deck_target
from navigator.text import clean

from .conftest import DATA


def _shapes(shapes) -> Iterator:
    """Every shape of a slide, groups opened (their children carry the texts and links)."""
    for s in shapes:
        if isinstance(s, GroupShape):
            yield from _shapes(s.shapes)
        else:
            yield s


def _texts(slide) -> list[str]:
    return [s.text_frame.text for s in _shapes(slide.shapes) if s.has_text_frame and s.text_frame.text]


def _links(slide) -> dict[str, set[str]]:
    """Text of each linked text box -> the addresses it opens."""
    out: dict[str, set[str]] = {}
    for s in _shapes(slide.shapes):
        if s.has_text_frame and s.text_frame.text and s.click_action.action == PP_ACTION.HYPERLINK:
            out.setdefault(s.text_frame.text, set()).add(s.click_action.hyperlink.address)
    return out


@pytest.fixture(scope="module")
def catalog():
    return load()


@pytest.fixture(scope="module")
def deck(catalog):
    return Presentation(io.BytesIO(pptx_bytes(scene_of(catalog, target=deck_target()))))


def test_a_16_9_deck_title_overview_layers_legend(catalog, deck):
    assert (deck.slide_width, deck.slide_height) == (Emu(960 * EMU_PER_PT), Emu(540 * EMU_PER_PT))
    slides = list(deck.slides)
    assert catalog.meta.title in _texts(slides[0])
    assert "How to read the navigator" in _texts(slides[-1])
    headings = [t for s in slides[2:-1] for t in _texts(s)[:3]]
    for section in catalog.sections:
        assert clean(section.title) in headings, section.id
    # a layer on several slides says which part each is, "2 Input threats (1/2)"
    parts = [t for t in headings if t.startswith("(") and t.endswith(")")]
    assert parts and all("/" in p for p in parts)
    assert len(slides) == 3 + sum(1 for s in slides[2:-1])


def test_every_threat_and_control_is_text_linked_to_its_page(catalog, deck):
    layer_slides = list(deck.slides)[2:-1]
    links: dict[str, set[str]] = {}
    for slide in layer_slides:
        for text, urls in _links(slide).items():
            links.setdefault(text, set()).update(urls)
    addresses = set().union(*links.values())
    for t in catalog.threats:
        assert t.url in addresses, t.id
        assert any(t.url in urls and text in clean(t.label) for text, urls in links.items()), t.id
    for c in catalog.controls:
        assert any(c.url in urls and text in clean(c.label) for text, urls in links.items()), c.id


def test_every_shape_lies_inside_its_slide(catalog):
    for shape in ("16:9", "4:3"):
        prs = Presentation(io.BytesIO(pptx_bytes(scene_of(catalog, target=deck_target(shape)))))
        w, h = prs.slide_width or 0, prs.slide_height or 0
        assert (w / EMU_PER_PT, h / EMU_PER_PT) == ((960, 540) if shape == "16:9" else (720, 540))
        for n, slide in enumerate(prs.slides, start=1):
            for s in _shapes(slide.shapes):
                assert s.left >= 0 and s.left + s.width <= w, (shape, n, s.name)
                assert s.top >= 0 and s.top + s.height <= h, (shape, n, s.name)


def test_text_is_arial_at_slide_size_and_shapes_are_editable(deck):
    for n, slide in enumerate(deck.slides, start=1):
        for s in _shapes(slide.shapes):
            assert s.shape_type != MSO_SHAPE_TYPE.PICTURE
            if not s.has_text_frame:
                continue
            for para in s.text_frame.paragraphs:
                for run in para.runs:
                    assert run.font.name == "Arial"
                    if n != 2:  # slide 2 is the whole navigator, the overview picture
                        assert run.font.size.pt >= 12, (n, run.text, run.font.size.pt)


def test_speaker_notes_carry_each_slides_threats_with_summaries_and_links(catalog, deck):
    slides = list(deck.slides)
    for slide in slides:
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text
    seen = set()
    for slide in slides[2:-1]:
        notes = slide.notes_slide.notes_text_frame.text
        on_slide = set(_links(slide))
        for t in catalog.threats:
            if t.url in {u for urls in _links(slide).values() for u in urls} and any(
                x in clean(t.label) for x in on_slide
            ):
                assert clean(t.label) in notes and clean(t.summary)[:60] in notes and t.url in notes, t.id
                seen.add(t.id)
        linked = {
            r.hyperlink.address
            for p in slide.notes_slide.notes_text_frame.paragraphs
            for r in p.runs
            if r.hyperlink.address
        }
        assert linked and all(u.startswith("https://") for u in linked)
    assert seen == {t.id for t in catalog.threats}


def test_the_overview_slide_jumps_to_each_layers_first_slide(catalog, deck):
    slides = list(deck.slides)
    firsts = {}
    for i, slide in enumerate(slides[2:-1], start=2):
        texts = _texts(slide)
        for section in catalog.sections:
            if clean(section.title) in texts[:3] and section.id not in firsts:
                firsts[section.id] = i
    jumps = {
        slides.index(s.click_action.target_slide)
        for s in _shapes(slides[1].shapes)
        if s.click_action.action == PP_ACTION.NAMED_SLIDE
    }
    assert set(firsts.values()) <= jumps
    back = [s for s in _shapes(slides[3].shapes) if s.click_action.action == PP_ACTION.NAMED_SLIDE]
    assert back and all(slides.index(s.click_action.target_slide) == 1 for s in back)  # the layer's number


def test_same_catalog_same_bytes():
    catalog = load(DATA / "catalogs" / "minimal")
    first = pptx_bytes(scene_of(catalog, target=deck_target()))
    assert pptx_bytes(scene_of(load(DATA / "catalogs" / "minimal"), target=deck_target())) == first


def test_filters_and_the_dark_theme_combine_with_the_slide_shape(catalog):
    criteria = criteria_from(risks=["model-integrity"])
    scene = scene_of(catalog, criteria, target=deck_target("4:3", "dark"))
    prs = Presentation(io.BytesIO(pptx_bytes(scene)))
    assert prs.slide_width == Emu(720 * EMU_PER_PT)
    title = " ".join(_texts(prs.slides[0]))
    assert "Filtered view" in title and "Integrity of model behaviour" in title
    background = prs.slides[2].background.fill.fore_color.rgb
    assert sum(background) < 3 * 80  # a dark page


@pytest.mark.slow
def test_hostile_text_stays_text():
    scene = scene_of(load(DATA / "catalogs" / "hostile"), target=deck_target())
    prs = Presentation(io.BytesIO(pptx_bytes(scene)))
    texts = " ".join(t for slide in prs.slides for t in _texts(slide))
    assert "<SCRIPT>ALERT(1)</SCRIPT>" in texts
    assert "</text>&amp;<tspan>" in texts
    addresses = [a for slide in prs.slides for urls in _links(slide).values() for a in urls]
    assert addresses and all(a.startswith(("http://", "https://")) for a in addresses)


def test_a_scene_laid_out_for_print_is_one_slide_of_its_overview(catalog):
    scene = scene_of(catalog)
    prs = Presentation(io.BytesIO(pptx_bytes(scene)))
    assert len(prs.slides) == 1
    assert prs.slide_width == Emu(round(scene.width * EMU_PER_PT))
    [slide] = prs.slides
    addresses = {u for urls in _links(slide).values() for u in urls}
    assert {t.url for t in catalog.threats} <= addresses
    assert any(t.startswith("2.2.1 Direct prompt") for t in _texts(slide))  # a card title (it may wrap)
    assert prs.core_properties.title == scene.info.title
