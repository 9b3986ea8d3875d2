"""The `intended` field: loaded, validated and published like every other field of the model."""

from __future__ import annotations

import re

import jsonschema
import pytest

from navigator.catalog import load_catalog
from navigator.catalog.model import Intended, field_specs
from navigator.catalog.schema import catalog_schema
from navigator.errors import CatalogError

from .conftest import ROOT


def with_intended(minimal_copy, block: str):
    items = minimal_copy / "items.yaml"
    text = items.read_text()
    anchor = "  - id: leak\n"
    assert anchor in text
    items.write_text(text.replace(anchor, anchor + block, 1))
    return minimal_copy


def messages(directory) -> list[str]:
    with pytest.raises(CatalogError) as e:
        load_catalog(directory)
    return [str(p) for p in e.value.problems]


def test_values_are_a_scalar_or_a_list(minimal_copy):
    cat = with_intended(
        minimal_copy,
        "    intended:\n"
        "      - {what: title, docs: Leak, catalog: Data leak, why: Our title.}\n"
        "      - {what: controls, catalog: [align, 2.10], why: Whole group.}\n",
    )
    leak = load_catalog(cat).threat("leak")
    assert leak.intended == (
        Intended(what="title", docs=("Leak",), catalog=("Data leak",), why="Our title."),
        Intended(what="controls", docs=(), catalog=("align", "2.10"), why="Whole group."),
    )


def test_bad_entries_are_reported_with_the_choices(minimal_copy):
    cat = with_intended(
        minimal_copy,
        "    intended:\n      - {what: colour, why: x}\n      - {what: link, docs: [[nested]]}\n",
    )
    found = messages(cat)
    assert any("field 'what' 'colour' is not one of: id, number, title" in m for m in found), found
    assert any("required field 'why' is missing" in m for m in found), found
    assert any("field 'docs' must be a value or a list of values, not a list" in m for m in found), found


def test_intended_must_be_a_list(minimal_copy):
    cat = with_intended(minimal_copy, "    intended: {what: title, why: x}\n")
    assert any(
        "field 'intended' must be a list (a list of {what, docs, catalog, why} mappings)" in m for m in messages(cat)
    )


def test_schema_describes_intended():
    schema = catalog_schema()
    entry = {"what": "controls", "catalog": ["limitunwanted"], "why": "read as limitunwanted"}
    doc = {"threats": [{"id": "x", "title": "t", "section": "s", "summary": "s", "intended": [entry]}]}
    jsonschema.validate(doc, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"threats": [{**doc["threats"][0], "intended": [{"what": "colour", "why": "x"}]}]}, schema)


def test_docs_table_lists_every_intended_field():
    text = (ROOT / "docs" / "catalog.md").read_text()
    for name, spec in field_specs(Intended).items():
        required = "yes" if spec["required"] else "no"
        assert re.search(rf"^\| `{name}` \| {required} \| ", text, re.MULTILINE), name


def test_sync_is_a_stage_beside_catalog_and_imports_no_later_stage():
    """navigator.sync reads markdown and catalogs; it must never pull in layout, rendering or the web view."""
    sync_dir = ROOT / "src" / "navigator" / "sync"
    for path in sorted(sync_dir.glob("*.py")):
        text = path.read_text()
        for stage in ("layout", "render", "web", "pygraphviz", "reportlab", "dash", "plotly"):
            assert not re.search(rf"^\s*(from|import)\s+(\.\.|navigator\.)?{stage}\b", text, re.MULTILINE), (
                path,
                stage,
            )
