"""Layout: the Scene of the shipped catalog is complete, tidy, legible and deterministic."""

from __future__ import annotations

import itertools
import json
import os

import pytest

from navigator.api import load, scene_of
from navigator.catalog import load_catalog
from navigator.layout import PartCache, layout
from navigator.render.svg import svg_document
from navigator.scene import Scene
from navigator.text import has_glyph, text_width
from navigator.theme import THEME, contrast

from .conftest import DATA, DEFAULT_CATALOG
from .scene_checks import (
    card_extent,
    cards,
    check_everything_on_the_page,
    check_ids_unique,
    check_no_overlapping_cards,
    check_tabs_fit_above_their_card,
    check_text_stays_in_its_card,
    text_box,
)

GOLDEN = DATA / "golden"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(DEFAULT_CATALOG)


@pytest.fixture(scope="module")
def scene(catalog):
    return layout(catalog, PartCache())


def test_every_threat_group_and_control_is_on_the_diagram(catalog, scene):
    ids = {e.id for e in scene.elements}
    for t in catalog.threats:
        assert f"card:{t.id}" in ids and f"title:{t.id}" in ids, t.id
    for g in catalog.groups:
        assert f"card:{g.id}" in ids, g.id
    rows = {e.ref for e in scene.elements if e.role == "control"}
    assert rows == {c.id for c in catalog.controls}
    assert [e.ref for e in scene.elements if e.role == "section"] == [s.id for s in catalog.sections]


def test_element_ids_are_unique(scene):
    check_ids_unique(scene)


def test_cards_do_not_overlap(scene):
    check_no_overlapping_cards(scene)


def test_cards_sit_inside_their_section_band(catalog, scene):
    bands = {e.ref: e.box for e in scene.elements if e.role == "section"}
    for e in cards(scene):
        section = catalog.by_id[e.ref].section
        assert bands[section].contains(card_extent(scene, e.ref)), e.id


def test_text_never_leaves_its_card(scene):
    check_text_stays_in_its_card(scene)


def test_tabs_fit_above_their_card(scene):
    check_tabs_fit_above_their_card(scene)


def test_everything_is_on_the_page(scene):
    check_everything_on_the_page(scene)


def check_families(catalog, scene) -> None:
    """Each sub-threat sits beneath its group (indented, later in the same column) or in a column
    further right (beside it, or where a tall family continues), joined by a line ending on it."""
    for t in catalog.threats:
        kids = catalog.children(t.id)
        if not kids:
            continue
        parent = scene.element(f"card:{t.id}").box
        edge = scene.element(f"edge:{t.id}")
        assert dict(edge.data) and sorted(v for k, v in edge.data if k == "child") == sorted(kids)
        for kid in kids:
            child = scene.element(f"card:{kid}").box
            beneath = parent.x < child.x < parent.right and child.y > parent.bottom
            assert beneath or child.x >= parent.right, kid
            # some connector segment ends on the child's left edge, at its title
            assert any(
                abs(p.points[-1][0] - child.x) < 0.01 and child.y <= p.points[-1][1] <= child.bottom for p in edge.paths
            ), kid


@pytest.mark.parametrize("paper", ["a3", "a4", "poster"])
def test_sub_threats_sit_beneath_or_beside_their_group_joined_by_a_line(catalog, paper):
    from navigator.target import paper_target

    scene = layout(catalog, None, target=paper_target(paper))
    check_families(catalog, scene)
    for page in scene.pages:
        if page.id.startswith("layer:"):
            cards = {e.ref for e in page.elements if e.role in ("threat", "threat-group")}
            for e in page.elements:
                if e.role == "connector":  # a family split between pages joins only what is on the page
                    assert e.ref in cards and all(v in cards for k, v in e.data if k == "child"), e.id


def test_measured_widths_match_the_fonts(scene):
    for e in scene.elements[:400]:
        for t in e.texts:  # sizes are rounded to 1/1000 pt once scaled to the page, widths with them
            assert t.width == pytest.approx(text_width(t.text, t.font, t.size), abs=0.01, rel=2e-4)


def test_every_character_has_a_glyph_in_the_vendored_fonts(scene):
    missing = {(ch, t.font) for e in scene.elements for t in e.texts for ch in t.text if not has_glyph(ch, t.font)}
    assert not missing


def _background(scene: Scene, index: int, point: tuple[float, float]) -> str:
    """The fill painted last under `point`, among rects drawn up to element `index`."""
    colour = scene.background
    for e in scene.elements[: index + 1]:
        for r in e.rects:
            b = r.box
            if r.fill and b.x <= point[0] <= b.right and b.y <= point[1] <= b.bottom:
                colour = r.fill
    return colour


def test_all_text_meets_wcag_aa_contrast(scene):
    for i, e in enumerate(scene.elements):
        for t in e.texts:
            box = text_box(t)
            bg = _background(scene, i, (box.x + box.w / 2, box.y + box.h / 2))
            needed = 3.0 if t.size >= 14 or (t.font == "bold" and t.size >= 14 * 0.8) else 4.5
            assert contrast(t.colour, bg) >= needed, (e.id, t.text, t.colour, bg)


# Machado, Oliveira and Fernandes (2009) matrices, severity 1.0, applied to linear RGB.
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
}


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(v: float) -> float:
        return v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _linear(colour: str) -> tuple[float, float, float]:
    def ch(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    return tuple(ch(int(colour[i : i + 2], 16)) for i in (1, 3, 5))  # type: ignore[return-value]


@pytest.mark.parametrize("vision", ["normal", "protanopia", "deuteranopia"])
def test_control_type_colours_stay_apart_for_colour_blind_readers(catalog, vision):
    def seen(colour: str) -> tuple[float, float, float]:
        rgb = _linear(colour)
        if vision != "normal":
            m = CVD[vision]
            rgb = tuple(min(max(sum(m[i][j] * rgb[j] for j in range(3)), 0.0), 1.0) for i in range(3))  # type: ignore[assignment]
        return _lab(rgb)

    colours = [ct.colour for ct in catalog.control_types]
    for a, b in itertools.combinations(colours, 2):
        la, lb = seen(a), seen(b)
        delta = sum((p - q) ** 2 for p, q in zip(la, lb)) ** 0.5
        assert delta >= 40, (vision, a, b, round(delta, 1))


def test_cached_and_uncached_layouts_are_identical(catalog, tmp_path):
    cold = PartCache(tmp_path)
    first = layout(catalog, cold)
    cold.save()
    warm = PartCache(tmp_path)
    second = layout(catalog, warm)
    # cold: the packer's choice missed once (a family of one level needs no dot); warm: one hit
    assert (cold.hits, cold.misses) == (0, 1)
    assert (warm.hits, warm.misses) == (1, 0)
    assert first == second == layout(catalog, None)


def test_a_new_summary_reuses_the_cached_geometry(catalog, tmp_path):
    from dataclasses import replace

    cache = PartCache(tmp_path)
    layout(catalog, cache)
    changed = replace(catalog, threats=tuple(replace(t, summary="A different summary.") for t in catalog.threats))
    again = PartCache(tmp_path)
    cache.save()
    timings: dict[str, float] = {}
    scene = layout(changed, again, timings=timings)
    assert (again.hits, again.misses) == (1, 0)
    assert scene.element("title:evasion").tooltip.endswith("A different summary.")


def test_a_longer_name_is_packed_afresh(catalog, tmp_path):
    from dataclasses import replace

    cache = PartCache(tmp_path)
    layout(catalog, cache)
    cache.save()
    long_name = replace(
        catalog,
        threats=tuple(
            replace(t, title=t.title + " with a much longer title that wraps onto more lines")
            if t.id == "zeroknowledgeevasion"
            else t
            for t in catalog.threats
        ),
    )
    again = PartCache(tmp_path)
    scene = layout(long_name, again)
    assert (again.hits, again.misses) == (0, 1)  # a card changed size: the search runs again
    assert scene == layout(long_name, None)


def test_a_new_target_reuses_the_parts_dot_laid_out(minimal_copy, tmp_path):
    """A family two levels deep is laid out by dot when beside its group; a layout for another page
    size runs the search again but takes those part layouts from the cache."""
    import yaml

    from navigator.target import paper_target

    items = yaml.safe_load((minimal_copy / "items.yaml").read_text())
    child = next(t for t in items["threats"] if t.get("parent"))
    grandchild = {**child, "id": "deeper", "number": child["number"] + ".1", "title": "Deeper", "parent": child["id"]}
    grandchild.pop("references", None)
    child["kind"] = "group"
    items["threats"].append(grandchild)
    (minimal_copy / "items.yaml").write_text(yaml.safe_dump(items, sort_keys=False))
    deep = load_catalog(minimal_copy)
    cache = PartCache(tmp_path)
    layout(deep, cache, target=paper_target("a3"))
    dot_parts = cache.misses - 1  # beside, at every card width
    assert dot_parts == len(THEME.card_widths)
    cache.save()
    again = PartCache(tmp_path)
    fresh = load_catalog(minimal_copy)  # as another process: nothing measured or derived yet
    scene = layout(fresh, again, target=paper_target("a4"))
    assert (again.hits, again.misses) == (dot_parts, 1)
    assert scene == layout(load_catalog(minimal_copy), None, target=paper_target("a4"))
    check_families(fresh, scene)
    # In the same process the blocks made for A3 are kept with the catalog's measures: a new target
    # asks the cache only for its arrangement.
    same = PartCache(tmp_path)
    assert layout(deep, same, target=paper_target("a4")) == scene
    assert (same.hits, same.misses) == (0, 1)


@pytest.mark.slow
def test_layout_is_deterministic(catalog):
    assert layout(catalog, None).to_json() == layout(catalog, None).to_json()


@pytest.mark.slow
def test_scene_json_round_trips(scene):
    assert Scene.from_json(scene.to_json()) == scene


def test_a_filter_keeps_only_the_selection_with_its_ancestors():
    from navigator.api import criteria_from

    cat = load()
    s = scene_of(cat, criteria_from(threats=["directpromptinjection"]))
    threat_cards = {e.ref for e in s.elements if e.role in ("threat", "threat-group")}
    assert threat_cards == {"directpromptinjection", "promptinjection"}
    rows = {e.ref for e in s.elements if e.role == "control"}
    assert rows <= set(cat.controls_of("directpromptinjection"))
    assert "Filtered view" in " ".join(t.text for t in s.element("filters").texts)


@pytest.mark.parametrize("name", ["minimal", "hostile"])
def test_scene_golden(name):
    """The whole Scene of a small fixture catalog, compared with a reviewed golden file.
    Regenerate with NAVIGATOR_ACCEPT=1 after an intended change, and review the diff."""
    scene = layout(load_catalog(DATA / "catalogs" / name), None)
    golden = GOLDEN / f"{name}.scene.json"
    if os.environ.get("NAVIGATOR_ACCEPT"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(
            json.dumps(json.loads(scene.to_json()), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert json.loads(scene.to_json()) == expected


@pytest.mark.parametrize("name", ["minimal", "hostile"])
def test_svg_golden(name):
    """The SVG of the same fixtures, so that a renderer's change shows as a reviewable diff of the
    drawing. Regenerate with NAVIGATOR_ACCEPT=1 after an intended change, and review the diff."""
    drawn = svg_document(layout(load_catalog(DATA / "catalogs" / name), None))
    golden = GOLDEN / f"{name}.svg"
    if os.environ.get("NAVIGATOR_ACCEPT"):
        golden.write_text(drawn, encoding="utf-8")
    assert drawn == golden.read_text(encoding="utf-8")


def test_the_outline_lists_only_the_sections_drawn():
    from navigator.api import criteria_from

    cat = load()
    s = scene_of(cat, criteria_from(sections=["inputthreats"]))
    bands = [e.ref for e in s.elements if e.role == "section"]
    sections = [o.target.removeprefix("section:") for o in s.outline if o.target.startswith("section:")]
    assert sections == bands
    assert "inputthreats" in bands and "runtimeconventionalsec" not in bands


def test_a_control_no_one_lists_gets_an_other_controls_card(minimal_copy):
    (minimal_copy / "orphan.yaml").write_text(
        "controls:\n  - {id: lonely, name: LONELY CONTROL, section: use, type: sec, summary: Listed by nobody.}\n"
    )
    scene = layout(load_catalog(minimal_copy), None)
    card = scene.element("card:other-controls-use")
    assert card.role == "other-controls"
    row = scene.element("row:other-controls-use:lonely")
    assert row.url == "https://example.org/go/lonely/"
    check_no_overlapping_cards(scene)


@pytest.mark.parametrize("where", [DEFAULT_CATALOG, DATA / "catalogs" / "minimal"])
def test_detail_pages_list_every_applying_control_and_say_how_it_applies(where) -> None:
    cat = load(where)
    details = {d.id: d for d in layout(cat).details}
    inherited = {"from": 0, "via": 0}
    for threat in cat.threats:
        got = details[threat.id].controls
        assert [c.id for c in got] == list(cat.controls_of(threat.id)), threat.id
        for c in got:
            listers = [a for a in cat.ancestors(threat.id) if c.id in cat.threat(a).controls]
            if c.id in threat.controls:
                assert c.via == "", (threat.id, c.id)
            elif listers:
                assert c.via == f"from {cat.threat(listers[0]).label}", (threat.id, c.id)
                inherited["from"] += 1
            else:
                group = next(cat.group(g) for g in cat.groups_of(threat.id) if c.id in cat.group(g).controls)
                assert c.via == f"via {group.number} {group.title}".replace("via  ", "via "), (threat.id, c.id)
                inherited["via"] += 1
    assert inherited["from"] > 0 and inherited["via"] > 0, inherited


def test_layouts_in_several_threads_share_one_pause_of_the_collector():
    """The collector stays off until the last overlapping layout ends, and comes back only if it was on."""
    import gc

    from navigator.layout.assemble import _collector_paused

    assert gc.isenabled()
    first, second = _collector_paused(), _collector_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first to start ends while the other still runs
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()
    gc.disable()
    try:
        with _collector_paused():
            pass
        assert not gc.isenabled()  # off before: left off
    finally:
        gc.enable()
