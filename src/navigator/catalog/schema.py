"""A JSON Schema of one catalog file, generated from the model's field specs.

Published as docs/catalog.schema.json so editors validate catalog files as they type; a test keeps
that copy identical to what this module generates.
"""

from __future__ import annotations

import json
from typing import Any

from ..links import url_pattern
from .fields import COLOUR_PATTERN, DATE_PATTERN, ID_PATTERN
from .model import COLLECTIONS, NESTED, NESTED_DEFS, Meta, field_specs

_ID = {"type": "string", "pattern": ID_PATTERN.pattern}


def _value_schema(spec: dict[str, Any]) -> dict[str, Any]:
    kind, limit = spec["kind"], spec["limit"]
    if kind in ("id", "ref"):
        return dict(_ID)
    if kind in ("url", "url_template"):  # the rule of navigator.links, as the loader applies it
        return {"type": "string", "maxLength": limit, "pattern": url_pattern(template=kind == "url_template")}
    if kind == "colour":
        return {"type": "string", "pattern": COLOUR_PATTERN.pattern}
    if kind == "date":
        return {"type": "string", "pattern": DATE_PATTERN.pattern}
    if kind == "bool":
        return {"type": "boolean"}
    if kind == "choice":
        return {"enum": list(spec["choices"])}
    if kind in ("refs", "tags"):
        items = dict(_ID) if kind == "refs" else {"type": "string", "minLength": 1, "maxLength": limit}
        out: dict[str, Any] = {"type": "array", "items": items, "uniqueItems": True}
        if spec["required"]:
            out["minItems"] = 1
        return out
    if kind in NESTED:
        return {"type": "array", "items": {"$ref": f"#/$defs/{NESTED_DEFS[kind]}"}}
    if kind == "values":
        text = {"type": ["string", "number"], "maxLength": limit}
        return {"anyOf": [text, {"type": "array", "items": dict(text), "minItems": 1}]}
    return {"type": ["string", "number"], "maxLength": limit}


def _object_schema(cls: type, title: str) -> dict[str, Any]:
    specs = field_specs(cls)
    props = {}
    for name, spec in specs.items():
        prop = _value_schema(spec)
        prop["description"] = spec["doc"]
        props[name] = prop
    return {
        "title": title,
        "type": "object",
        "properties": props,
        "required": [n for n, s in specs.items() if s["required"]],
        "additionalProperties": False,
    }


def catalog_schema() -> dict[str, Any]:
    defs = {"meta": _object_schema(Meta, "Catalog metadata")}
    defs.update({NESTED_DEFS[kind]: _object_schema(cls, cls.__name__) for kind, cls in NESTED.items()})
    props: dict[str, Any] = {"meta": {"$ref": "#/$defs/meta"}}
    for name, cls in COLLECTIONS.items():
        defs[name] = _object_schema(cls, cls.__name__)
        props[name] = {"type": "array", "items": {"$ref": f"#/$defs/{name}"}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://owaspai.org/navigator/catalog.schema.json",
        "title": "navigator catalog file",
        "description": "One YAML file of a navigator catalog directory; see docs/catalog.md.",
        "type": "object",
        "properties": props,
        "additionalProperties": False,
        "$defs": defs,
    }


def schema_json() -> str:
    return json.dumps(catalog_schema(), indent=2) + "\n"
