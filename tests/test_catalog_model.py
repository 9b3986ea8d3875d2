"""The loader on a valid fixture catalog: fields, defaults, links and relations both ways."""

from __future__ import annotations

import json

import pytest

from navigator.catalog import load_catalog
from navigator.catalog.export import catalog_data

from .conftest import MINIMAL


@pytest.fixture(scope="module")
def cat():
    return load_catalog(MINIMAL)


def test_items_are_read_in_file_order(cat):
    assert [t.id for t in cat.threats] == ["injection", "direct", "leak"]
    assert [c.id for c in cat.controls] == ["program", "monitor", "ratelimit", "filter", "align"]
    assert [s.id for s in cat.sections] == ["general", "use"]


def test_links_default_to_the_template_unless_given(cat):
    assert cat.threat("direct").url == "https://example.org/go/direct/"
    assert cat.group("always").url == "https://example.org/always/"


def test_text_fields_keep_their_written_form(cat):
    assert cat.meta.version == "1.0"
    assert cat.meta.date == "2026-01-31"
    assert cat.threat("direct").number == "2.1.1"


def test_controls_of_a_threat_include_parents_groups_and_universal_groups(cat):
    # own (align), parent's own (filter), parent's group 'always' (monitor, ratelimit), governance (program)
    assert cat.controls_of("direct") == ("align", "filter", "monitor", "ratelimit", "program")
    assert cat.controls_of("leak") == ("filter", "program")


def test_threats_of_a_control_are_the_inverse(cat):
    assert cat.threats_of("filter") == ("injection", "direct", "leak")
    assert cat.threats_of("align") == ("direct",)
    assert cat.threats_of("program") == ("injection", "direct", "leak")
    for control in cat.controls:
        for tid in cat.threats_of(control.id):
            assert control.id in cat.controls_of(tid)


def test_hierarchy(cat):
    assert cat.children("injection") == ("direct",)
    assert cat.ancestors("direct") == ("injection",)
    assert cat.descendants("injection") == ("direct",)
    assert cat.threat("injection").is_group and not cat.threat("direct").is_group


def test_model_is_frozen(cat):
    with pytest.raises(AttributeError):
        cat.threat("direct").title = "x"


def test_json_export_spells_out_relations(cat):
    data = json.loads(json.dumps(catalog_data(cat)))
    assert list(data) == ["meta", "sections", "impacts", "control_types", "groups", "threats", "controls", "questions"]
    direct = next(t for t in data["threats"] if t["id"] == "direct")
    assert direct["controls"] == ["align", "filter", "monitor", "ratelimit", "program"]
    assert direct["own_controls"] == ["align"]
    assert direct["control_groups"] == ["always", "governance"]
    assert direct["references"][0]["id"] == "LLM01:2025"
    monitor = next(c for c in data["controls"] if c["id"] == "monitor")
    assert monitor["threats"] == ["injection", "direct"]
    assert monitor["groups"] == ["always"]
    for kind in ("sections", "impacts", "control_types", "groups", "threats", "controls"):
        assert all("id" in item for item in data[kind])
    for kind in ("threats", "controls", "groups", "sections"):
        assert all(item["url"].startswith("https://") for item in data[kind])
