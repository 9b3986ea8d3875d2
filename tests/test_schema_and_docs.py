"""The published JSON Schema and the field tables of docs/catalog.md are generated from, and
kept identical to, the model. Regenerate the schema with NAVIGATOR_ACCEPT=1."""

from __future__ import annotations

import json
import os
import re

import jsonschema
import pytest
import yaml

from navigator.catalog.model import COLLECTIONS, NESTED, NESTED_DEFS, Meta, field_specs
from navigator.catalog.schema import catalog_schema, schema_json

from .conftest import DEFAULT_CATALOG, MINIMAL, ROOT

SCHEMA_FILE = ROOT / "docs" / "catalog.schema.json"


class PlainLoader(yaml.SafeLoader):
    """YAML 1.2-like reading, as editors' language servers do: dates stay strings."""


PlainLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def test_published_schema_is_current():
    if os.environ.get("NAVIGATOR_ACCEPT"):
        SCHEMA_FILE.write_text(schema_json())
    assert SCHEMA_FILE.read_text() == schema_json(), (
        "run NAVIGATOR_ACCEPT=1 pytest to regenerate docs/catalog.schema.json"
    )


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(catalog_schema())


@pytest.mark.slow
@pytest.mark.parametrize(
    "path", sorted([*DEFAULT_CATALOG.glob("*.yaml"), *MINIMAL.glob("*.yaml")]), ids=lambda p: p.name
)
def test_catalog_files_validate_against_the_schema(path):
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=PlainLoader)
    jsonschema.validate(data, catalog_schema())


@pytest.mark.slow
def test_schema_rejects_what_the_loader_rejects():
    schema = catalog_schema()
    bad = [
        {"threats": [{"id": "x", "title": "t", "section": "s"}]},  # no summary
        {"threats": [{"id": "x", "title": "t", "section": "s", "summary": "s", "url": "javascript:alert(1)"}]},
        {"impacts": [{"id": "i", "label": "l", "short": "s", "colour": "red"}]},
        {"threat": []},
    ]
    for doc in bad:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(doc, schema)


def test_docs_field_tables_match_the_model():
    text = (ROOT / "docs" / "catalog.md").read_text()
    for cls in (Meta, *NESTED.values(), *COLLECTIONS.values()):
        for name, spec in field_specs(cls).items():
            required = "yes" if spec["required"] else "no"
            limit = spec["limit"]
            said = f"{limit:,} each" if spec["kind"] in ("refs", "tags") else f"{limit:,}" if limit else "-"
            row = re.compile(rf"^\| `{name}` \| {required} \| {re.escape(said)} \| ", re.M)
            assert row.search(text), (
                f"docs/catalog.md lacks the row for {cls.__name__}.{name} (required: {required}, limit: {said})"
            )


def test_the_schema_carries_every_length_limit():
    schema = catalog_schema()["$defs"]
    nested = {NESTED_DEFS[kind]: cls for kind, cls in NESTED.items()}
    for name, cls in {"meta": Meta, **nested, **COLLECTIONS}.items():
        for field, spec in field_specs(cls).items():
            prop = schema[name]["properties"][field]
            if spec["kind"] in ("text", "url", "url_template"):
                assert prop["maxLength"] == spec["limit"], (name, field)
            elif spec["kind"] == "tags":
                assert prop["items"]["maxLength"] == spec["limit"], (name, field)
            elif spec["kind"] in ("id", "ref", "refs"):
                pattern = prop["pattern"] if spec["kind"] != "refs" else prop["items"]["pattern"]
                assert pattern.endswith(f"{{0,{spec['limit'] - 1}}}$"), (name, field)


def test_cli_schema_prints_the_same(capsys):
    from navigator.cli import main

    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == catalog_schema()
