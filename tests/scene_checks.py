"""Geometric invariants every Scene must satisfy, shared by the tests of several catalogs."""

from __future__ import annotations

import itertools

from navigator.scene import Box, Scene


def text_box(t) -> Box:
    return Box(t.left, t.y - t.size * 0.75, t.width, t.size * 0.95)


def card_extent(scene: Scene, ref: str) -> Box:
    """The card's box including its tab strip above it."""
    body = scene.element(f"card:{ref}").box
    tabs = [e.box for e in scene.elements if e.id.startswith(f"tab:{ref}:")]
    top = min([body.y, *(b.y for b in tabs)])
    return Box(body.x, top, body.w, body.bottom - top)


def cards(scene: Scene):
    return [e for e in scene.elements if e.id.startswith("card:")]


def check_no_overlapping_cards(scene: Scene) -> None:
    extents = [card_extent(scene, e.ref) for e in cards(scene)]
    for a, b in itertools.combinations(extents, 2):
        assert not a.overlaps(b), (a, b)


def check_text_stays_in_its_card(scene: Scene) -> None:
    boxes = {e.id: e.box for e in scene.elements}
    for e in scene.elements:
        card = e.parent if e.parent.startswith("card:") else (e.id if e.id.startswith("card:") else "")
        if not card or e.role in ("tab", "change-tag"):  # above the card (a tag of build --compare, like a tab)
            continue
        for t in e.texts:
            assert boxes[card].contains(text_box(t), tolerance=0.5), (e.id, t.text)


def check_tabs_fit_above_their_card(scene: Scene) -> None:
    for e in scene.elements:
        if e.role == "tab" or (e.role == "change-tag" and e.parent.startswith("card:")):
            card = scene.element(e.parent).box
            assert card.x <= e.box.x and e.box.right <= card.right + 0.01, e.id
            assert e.box.bottom <= card.y + 0.01, e.id
            for t in e.texts:
                assert e.box.contains(text_box(t), tolerance=0.5), e.id


def check_everything_on_the_page(scene: Scene) -> None:
    page = Box(0, 0, scene.width, scene.height)
    for e in scene.elements:
        assert page.contains(e.box), e.id
        for t in e.texts:
            assert page.contains(text_box(t)), (e.id, t.text)


def check_ids_unique(scene: Scene) -> None:
    ids = [e.id for e in scene.elements]
    assert len(ids) == len(set(ids))


def check_all(scene: Scene) -> None:
    check_ids_unique(scene)
    check_no_overlapping_cards(scene)
    check_text_stays_in_its_card(scene)
    check_tabs_fit_above_their_card(scene)
    check_everything_on_the_page(scene)
