"""Catalog snapshots: a load of an unchanged catalog reads back exactly what a fresh load gives."""

from __future__ import annotations

import json
import shutil

import pytest

from navigator.catalog import load_catalog, snapshot
from navigator.errors import CatalogError

from .conftest import DEFAULT_CATALOG, MINIMAL


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("NAVIGATOR_CACHE_DIR", str(folder))
    monkeypatch.delenv("NAVIGATOR_CATALOG_CACHE", raising=False)
    return folder


def fresh(directory):
    import os

    old = os.environ.get("NAVIGATOR_CATALOG_CACHE")
    os.environ["NAVIGATOR_CATALOG_CACHE"] = "0"
    try:
        return load_catalog(directory)
    finally:
        if old is None:
            del os.environ["NAVIGATOR_CATALOG_CACHE"]
        else:
            os.environ["NAVIGATOR_CATALOG_CACHE"] = old


def test_a_second_load_reads_the_snapshot_and_equals_a_fresh_load(cache, monkeypatch):
    first = load_catalog(DEFAULT_CATALOG)
    unsnapped = fresh(DEFAULT_CATALOG)
    [written] = list(cache.glob("catalog-*.json"))
    assert written.read_text(encoding="utf-8").startswith('{"key":')  # JSON, never pickle
    calls = []
    monkeypatch.setattr("navigator.catalog.load.read_file", lambda *a: calls.append(a))  # parsing would fail
    second = load_catalog(DEFAULT_CATALOG)
    assert calls == []
    assert second == first == unsnapped
    assert second.controls_of("directpromptinjection") == first.controls_of("directpromptinjection")
    assert second.questions == first.questions and len(second.questions) == 13


def test_an_edited_catalog_misses_and_is_loaded_afresh(cache, tmp_path):
    cat = tmp_path / "cat"
    shutil.copytree(MINIMAL, cat)
    assert load_catalog(cat).threat("leak").title == "Data leak through use"
    items = cat / "items.yaml"
    items.write_text(items.read_text().replace("title: Data leak through use", "title: Leak"))
    assert load_catalog(cat).threat("leak").title == "Leak"
    assert len(list(cache.glob("catalog-*.json"))) == 2


def test_a_damaged_snapshot_is_ignored(cache, tmp_path):
    cat = tmp_path / "cat"
    shutil.copytree(MINIMAL, cat)
    expected = load_catalog(cat)
    [written] = list(cache.glob("catalog-*.json"))
    for damage in ("not json", '{"key": "other"}', json.dumps({"key": written.stem[8:], "catalog": {}})):
        written.write_text(damage)
        assert load_catalog(cat) == expected


def test_a_bad_catalog_is_never_kept(cache, tmp_path):
    cat = tmp_path / "cat"
    shutil.copytree(MINIMAL, cat)
    (cat / "items.yaml").write_text((cat / "items.yaml").read_text().replace("section: use", "section: usee", 1))
    for _ in range(2):
        with pytest.raises(CatalogError):
            load_catalog(cat)
    assert not list(cache.glob("catalog-*.json"))


def test_only_the_latest_snapshots_are_kept(cache, tmp_path, monkeypatch):
    monkeypatch.setattr(snapshot, "KEEP", 2)
    cat = tmp_path / "cat"
    shutil.copytree(MINIMAL, cat)
    for n in range(4):
        (cat / "extra.yaml").write_text(f"# version {n}\nsections: []\n")
        load_catalog(cat)
    assert len(list(cache.glob("catalog-*.json"))) == 2


def test_snapshots_can_be_turned_off(cache, monkeypatch):
    monkeypatch.setenv("NAVIGATOR_CATALOG_CACHE", "0")
    load_catalog(MINIMAL)
    assert not cache.exists() or not list(cache.glob("catalog-*.json"))


def test_an_edited_snapshot_is_a_miss_not_a_wrong_catalog(cache, tmp_path):
    """A snapshot is a hint: one whose catalog was changed after it was written (valid JSON, the right
    key, a different title) is not what `write` wrote, so the catalog is loaded afresh."""
    cat = tmp_path / "cat"
    shutil.copytree(MINIMAL, cat)
    expected = load_catalog(cat)
    [written] = list(cache.glob("catalog-*.json"))
    text = written.read_text(encoding="utf-8")
    assert "Data leak through use" in text
    written.write_text(text.replace("Data leak through use", "Forged title"), encoding="utf-8")
    assert load_catalog(cat).threat("leak").title == "Data leak through use"
    assert load_catalog(cat) == expected
