"""The deck's pages as layout makes them: title, overview, each layer's slides at 12 points or more in
reading order, legend; every card once, inside its slide, nothing overlapping; notes; the per-section
images' pages; a golden deck Scene.

Expected values come from the catalog and the slide sizes, never from the layout under test.
"""

from __future__ import annotations

import json
import os
import re
from fractions import Fraction

import pytest

from navigator.api import criteria_from, load, scene_of
from navigator.layout import PartCache, layout
from navigator.roles import PageKind, Role
from navigator.scene import Box, Page, Scene
from navigator.target import SLIDES, deck_target, sections_target
from navigator.text import clean

from .conftest import DATA
from .scene_checks import check_all, text_box

GOLDEN = DATA / "golden"
HEADING = re.compile(r"^\((\d+)/(\d+)\)$")


def _page_scene(scene: Scene, page) -> Scene:
    """One page as a Scene of its own, for the checks written for an overview."""
    return Scene(pages=(page,), info=scene.info, fonts=scene.fonts)


@pytest.fixture(scope="module")
def catalog():
    return load()


@pytest.fixture(scope="module", params=["16:9", "4:3"])
def deck(request, catalog):
    return scene_of(catalog, target=deck_target(request.param))


def test_slides_in_order_each_the_slide_size(deck):
    kinds = [p.kind for p in deck.pages]
    assert kinds[0] == PageKind.TITLE and kinds[1] == PageKind.OVERVIEW and kinds[-1] == PageKind.LEGEND
    assert set(kinds[2:-1]) == {PageKind.LAYER}
    assert deck.overview is deck.pages[1]
    sizes = {(p.width, p.height) for p in deck.pages}
    assert len(sizes) == 1 and sizes.pop() in SLIDES.values()
    assert deck.printed == deck.pages


def test_every_text_is_12_points_or_more_but_on_the_overview(deck):
    for page in deck.pages:
        if page.kind == PageKind.OVERVIEW:
            continue
        small = [(e.id, t.text, t.size) for e in page.elements for t in e.texts if t.size < 12 - 1e-9]
        assert not small, (page.id, small[:5])


def test_risk_tabs_on_layer_slides_are_whole_names(deck, catalog):
    """Tabs too many for one row at 12 points stack in rows rather than shorten a risk's name."""
    names = {clean(i.short) for i in catalog.impacts}
    seen = 0
    for page in deck.pages:
        if page.kind != PageKind.LAYER:
            continue
        labels = [t.text for e in page.elements if e.role == Role.TAB for t in e.texts]
        assert set(labels) <= names, (page.id, sorted(set(labels) - names))
        seen += len(labels)
    assert seen


def test_each_slide_is_tidy(deck):
    for page in deck.pages:
        check_all(_page_scene(deck, page))
        frame = Box(0, 0, page.width, page.height)
        for e in page.elements:
            assert frame.contains(e.box), (page.id, e.id)
            for t in e.texts:
                assert frame.contains(text_box(t)), (page.id, t.text)


def test_each_threat_and_control_on_a_layer_slide_in_reading_order(deck, catalog):
    layer_pages = [p for p in deck.pages if p.kind == PageKind.LAYER]
    cards = [e.ref for p in layer_pages for e in p.elements if e.id.startswith("card:")]
    assert len(cards) == len(set(cards))  # each card on one slide only
    threats = {t.id for t in catalog.threats}
    assert threats <= set(cards)
    rows = {e.ref for p in layer_pages for e in p.elements if e.role == Role.CONTROL}
    assert rows == {c.id for c in catalog.controls}
    overview_order = [e.ref for e in deck.overview.elements if e.id.startswith("card:")]
    sections = [e.get("section") for p in layer_pages for e in p.elements if e.id.startswith("card:")]
    order = [s.id for s in catalog.sections]
    assert sections == sorted(sections, key=order.index)  # layers in order, never interleaved
    assert sorted(cards) == sorted(overview_order)


def test_a_layers_slides_are_balanced_and_a_one_slide_layer_uses_its_columns(deck):
    """No layer leaves its last slide far emptier than its first; a layer on one slide whose cards are
    at least as many as the columns spreads across all of them rather than filling two and leaving one bare."""
    by_section: dict[str, list[tuple[float, set[float], int]]] = {}
    for page in deck.pages:
        if page.kind == PageKind.LAYER:
            cards = [e.box for e in page.elements if e.id.startswith("card:")]
            bottom = max(b.y + b.h for b in cards)
            top = min(b.y for b in cards)
            columns = {round(min(b.x for b in cards if abs(b.x - x) < 40), -1) for x in (b.x for b in cards)}
            by_section.setdefault(page.id.split(":")[1], []).append((bottom - top, columns, len(cards)))
    width = deck.pages[0].width
    most = 3 if width > 900 else 2
    for section, slides in by_section.items():
        heights = [h for h, _, _ in slides]
        assert min(heights) >= 0.6 * max(heights), (section, heights)
        if len(slides) == 1 and slides[0][2] >= most:
            assert len(slides[0][1]) == most, (section, slides[0][1])


def test_a_layer_on_several_slides_says_which_part(deck, catalog):
    by_section: dict[str, list[str]] = {}
    for page in deck.pages:
        if page.kind == PageKind.LAYER:
            section = page.id.split(":")[1]
            parts = [t.text for e in page.elements if e.id.startswith("heading-part:") for t in e.texts]
            by_section.setdefault(section, []).append(parts[0] if parts else "")
            titles = [t.text for e in page.elements if e.id.startswith("heading-title:") for t in e.texts]
            assert titles == [clean(catalog.section(section).title)]
    assert any(len(v) > 1 for v in by_section.values())
    for parts in by_section.values():
        if len(parts) == 1:
            assert parts == [""]
        else:
            assert [m.groups() for p in parts if (m := HEADING.fullmatch(p))] == [
                (str(k), str(len(parts))) for k in range(1, len(parts) + 1)
            ]


def test_notes_name_each_cards_item_with_summary_and_link(deck, catalog):
    for page in deck.pages:
        assert page.notes
        if page.kind != PageKind.LAYER:
            continue
        for e in page.elements:
            if e.role in (Role.THREAT, Role.THREAT_GROUP):
                th = catalog.threat(e.ref)
                assert clean(th.label) in page.notes and clean(th.summary) in page.notes and th.url in page.notes


def test_links_lead_to_slides_of_the_deck(deck):
    destinations = {name for p in deck.pages for name, _, _ in p.anchors} | {p.id for p in deck.pages}
    targets = {e.target for p in deck.pages for e in p.elements if e.target}
    assert targets and targets <= destinations
    assert not any(e.role == Role.DETAIL_LINK for p in deck.pages for e in p.elements)  # no detail pages here


def test_filters_combine_and_a_layer_has_slides_only_when_the_overview_has_it(catalog):
    deck = scene_of(catalog, criteria_from(sections=["inputthreats"]), target=deck_target("4:3", "dark"))
    layers = {p.id.split(":")[1] for p in deck.pages if p.kind == PageKind.LAYER}
    bands = {e.ref for e in deck.overview.elements if e.role == Role.SECTION}
    assert layers == bands and "inputthreats" in layers and "developmenttime" not in layers
    assert any("Filtered view" in t.text for e in deck.pages[0].elements for t in e.texts)


def test_the_per_section_pages_are_the_layer_slides_without_numbers(catalog):
    cache = PartCache()
    images = layout(catalog, cache, target=sections_target())
    deck = layout(catalog, cache, target=deck_target())
    assert all(p.kind == PageKind.LAYER for p in images.pages)
    assert [p.id for p in images.pages] == [p.id for p in deck.pages if p.kind == PageKind.LAYER]
    assert dict(images.fonts)["regular"] == "NotoSans-Regular.ttf"  # images carry their fonts
    assert not any(e.role == Role.SLIDE_FOOT for p in images.pages for e in p.elements)


def test_a_card_taller_than_a_slide_is_shrunk_to_fit_the_one_exception_to_12_points(tmp_path):
    import shutil

    import yaml

    shutil.copytree(DATA / "catalogs" / "minimal", tmp_path, dirs_exist_ok=True)
    items = yaml.safe_load((tmp_path / "items.yaml").read_text(encoding="utf-8"))
    many = [
        {"id": f"c{i}", "name": f"CONTROL {i}", "section": "use", "type": "sec", "summary": "A control."}
        for i in range(40)
    ]
    items["controls"] += many
    items["threats"][2]["controls"] = [c["id"] for c in many]
    (tmp_path / "items.yaml").write_text(yaml.safe_dump(items), encoding="utf-8")
    deck = scene_of(load(tmp_path), target=deck_target())
    [page] = [p for p in deck.pages if p.kind == PageKind.LAYER and any(e.id == "card:leak" for e in p.elements)]
    frame = Box(0, 0, page.width, page.height)
    assert all(frame.contains(e.box) for e in page.elements)
    rows = [t.size for e in page.elements if e.parent == "card:leak" and e.role == Role.CONTROL for t in e.texts]
    assert len(rows) == 2 * 40 and max(rows) < 12  # badge letter and name of each row, shrunk
    others = [
        t.size for p in deck.pages if p.kind == PageKind.LAYER and p is not page for e in p.elements for t in e.texts
    ]
    assert min(others) >= 12


@pytest.mark.parametrize("name", ["minimal"])
def test_deck_golden(name):
    """The deck Scene of a small fixture, so a change of the slides shows as a reviewable diff
    (NAVIGATOR_ACCEPT=1 rewrites it)."""
    scene = scene_of(load(DATA / "catalogs" / name), target=deck_target())
    golden = GOLDEN / f"{name}.deck.scene.json"
    if os.environ.get("NAVIGATOR_ACCEPT"):
        golden.write_text(
            json.dumps(json.loads(scene.to_json()), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    assert json.loads(scene.to_json()) == json.loads(golden.read_text(encoding="utf-8"))


def test_a_deck_after_a_pdf_of_the_same_catalog_measures_in_its_own_face() -> None:
    """Cards are measured once per catalog and remembered; a deck measures in Arial's advances, so a
    deck laid out after the PDF of the same catalog must not reuse the cards the PDF measured in Noto
    Sans (it did: the remembered measurer was keyed by catalog and theme alone)."""
    from navigator.api import load, scene_of
    from navigator.target import deck_target

    catalog = load()
    first = scene_of(catalog, target=deck_target())
    fresh = load(use_cache=False)
    scene_of(fresh)  # the PDF's layout first, then the deck's
    after = scene_of(fresh, target=deck_target())
    assert first.to_json() == after.to_json()


def _fraction(value: float | None) -> Fraction | None:
    return None if value is None else Fraction(value).limit_denominator(10_000)


def _layer_slides(scene: Scene) -> list[Page]:
    return [p for p in scene.pages if p.kind == PageKind.LAYER]


@pytest.mark.parametrize("shape", ["16:9", "4:3"])
def test_a_tailored_deck_marks_every_layer_slide_at_12_points(catalog, shape):
    """A tailored build's deck carries the status marks and coverage strips on its layer slides, where
    they can be read, not only on the overview slide; their words at 12 points like every other."""
    from navigator.api import tailored

    from .conftest import ROOT

    examples = ROOT / "examples"
    criteria, marks = tailored(catalog, str(examples / "chatbot.yaml"), str(examples / "chatbot-status.yaml"))
    scene = scene_of(catalog, criteria, target=deck_target(shape), annotations=marks)
    slides = _layer_slides(scene)
    assert slides
    with_threats = 0
    for page in slides:
        rows = [e for e in page.elements if e.role == Role.CONTROL]
        marked = {e.parent for e in page.elements if e.role == Role.STATUS}
        assert {r.id for r in rows} <= marked, page.id
        cards = {e.id: e.box for e in page.elements if e.role in (Role.THREAT, Role.THREAT_GROUP, Role.CONTROL_GROUP)}
        for e in page.elements:
            if e.role in (Role.STATUS, Role.COVERAGE) and e.parent in cards:
                card = cards[e.parent]
                assert card.x - 0.01 <= e.box.x and e.box.right <= card.right + 0.01, e.id  # inside its card
        threats = {e.ref for e in page.elements if e.role in (Role.THREAT, Role.THREAT_GROUP)}
        strips = {e.ref for e in page.elements if e.role == Role.COVERAGE and e.ref}
        assert strips == threats, page.id
        with_threats += bool(threats)
        small = [(e.id, t.text, t.size) for e in page.elements for t in e.texts if t.size < 12 - 1e-9]
        assert not small, (page.id, small[:5])
    assert with_threats >= 3
    # the last slide says what the marks mean, each status by its symbol and name, at 12 points, inside the slide
    last = scene.pages[-1]
    assert last.id == "legend:system" and last.kind == PageKind.LEGEND
    statuses = {dict(e.data).get("status") for e in last.elements if e.role == Role.LEGEND_STATUS}
    assert statuses >= {"implemented", "partial", "planned", "missing", "not-applicable", "unmarked"}
    assert all(t.size >= 12 - 1e-9 for e in last.elements for t in e.texts)
    for e in last.elements:
        for t in e.texts:
            box = text_box(t)
            assert box.x >= 0 and box.right <= last.width and box.y >= 0 and box.bottom <= last.height, (e.id, t.text)
    # and the system's coverage per risk and overall, as the assessment computed it
    from navigator.assess.model import percent

    assert marks.assessed is not None
    figures = {e.id: e.texts[0].text for e in last.elements if e.id.endswith(":figure")}
    assert figures["system:overall:figure"] == percent(_fraction(marks.assessed.overall))
    assert {f"system:risk:{r}:figure" for r, _ in marks.assessed.risks} <= set(figures)
    title = " ".join(t.text for e in scene.pages[0].elements for t in e.texts)
    assert "Your system: status marks and coverage" in title and f"slide {len(scene.pages)}" in title


def test_a_compared_deck_tags_the_layer_slides(catalog, tmp_path):
    from navigator.api import compared_with

    from .test_compare import older_copy

    scene = scene_of(catalog, target=deck_target("16:9"), annotations=compared_with(catalog, older_copy(tmp_path)))
    tags = [e for p in _layer_slides(scene) for e in p.elements if e.id.startswith("change:")]
    assert {t.texts[0].text for t in tags} >= {"NEW", "CHANGED"}
    small = [(e.id, t.size) for e in tags for t in e.texts if t.size < 12 - 1e-9]
    assert not small, small[:5]
