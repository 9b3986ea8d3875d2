"""Decomposed layout at scale: a synthetic catalog of many parts lays out without overlaps, and the
same input gives the same Scene whether its geometry is computed or read from the cache."""

from __future__ import annotations

import pytest

from navigator.api import load
from navigator.layout import PartCache, layout

from .scene_checks import check_all
from .support.synth import catalog_data, write_catalog

pytestmark = pytest.mark.slow  # every test here lays out, renders or generates something large


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return load(write_catalog(tmp_path_factory.mktemp("synthetic"), 600))


def test_the_generator_is_deterministic_and_sized():
    a, b = catalog_data(1000), catalog_data(1000)
    assert a == b
    items = sum(len(f.get("threats", [])) + len(f.get("controls", [])) for f in a.values())
    assert items == 1000
    links = [c for f in a.values() for t in f.get("threats", []) for c in t.get("controls", [])]
    threats = sum(len(f.get("threats", [])) for f in a.values())
    assert 1.5 <= len(links) / threats <= 3.5


def test_a_large_catalog_lays_out_cleanly(catalog):
    scene = layout(catalog, None)
    check_all(scene)
    assert {e.ref for e in scene.elements if e.role in ("threat", "threat-group")} == {t.id for t in catalog.threats}


def test_cached_geometry_gives_the_same_scene(catalog, tmp_path):
    cold = PartCache(tmp_path)
    first = layout(catalog, cold)
    cold.save()
    assert cold.misses >= 1  # the packer's choice (and any part dot laid out) was computed
    warm = PartCache(tmp_path)
    second = layout(catalog, warm)
    assert (warm.hits, warm.misses) == (1, 0)
    assert first == second
    assert layout(catalog, None) == first  # no cache at all


def test_a_rebuild_after_new_summaries_and_links_reuses_the_cache_and_draws_them(catalog, tmp_path):
    from dataclasses import replace

    cold = PartCache(tmp_path)
    layout(catalog, cold)
    cold.save()
    changed = replace(
        catalog,
        threats=tuple(
            replace(t, summary=t.summary + " Revised.", url=f"https://example.org/revised/{t.id}/")
            for t in catalog.threats
        ),
    )
    warm = PartCache(tmp_path)
    scene = layout(changed, warm)
    assert (warm.hits, warm.misses) == (1, 0)  # no card changed size: the whole geometry is reused
    assert scene == layout(changed, None)  # and it is the Scene a cold layout of the edited catalog makes
    title = scene.element(f"title:{catalog.threats[0].id}")
    assert title.url == f"https://example.org/revised/{catalog.threats[0].id}/" and title.tooltip.endswith("Revised.")
