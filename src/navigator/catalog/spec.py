"""Field specs of the catalog model: what each field is (`kind`, `doc`, a reference's target kind,
choices, a length limit), read by the loader, the JSON Schema and docs/catalog.md alike, so the model,
the validator and the published schema cannot drift apart."""

from __future__ import annotations

from dataclasses import field, fields
from functools import cache
from typing import Any

from ..links import MAX_URL_LENGTH

# Length limits in characters, per kind of field (docs/catalog.md lists them by field). Generous: the
# longest values of the AI Exchange catalog are a fifth of these or less. They keep a catalog from a pull
# request from stalling a build: a summary is a paragraph, not a book.
ID_MAX = 100
NUMBER_MAX = 20
SYMBOL_MAX = 8
SHORT_MAX = 60  # short labels; each tag
WORD_MAX = 100  # a name or a few words: frameworks, versions, licences, goals, reference ids
TITLE_MAX = 200  # titles and names (wrapped on cards and pages)
LABEL_MAX = 100  # impact and control type labels (one line each in the legend)
LINE_MAX = 300  # one line of the source: category lines, reference titles, attack surfaces
SUMMARY_MAX = 2_000
NOTES_MAX = 4_000
URL_MAX = MAX_URL_LENGTH
# Threat groups may nest this many levels deep (a threat has at most this many ancestors). The AI
# Exchange uses one (2.2 > 2.2.1); every stage that walks the tree is bounded by it.
MAX_NESTING = 8
# A limit for each kind of value that has a fixed one.
_KIND_LIMITS = {"id": ID_MAX, "ref": ID_MAX, "refs": ID_MAX, "url": URL_MAX, "url_template": URL_MAX}


def spec(
    kind: str, doc: str, *, ref: str = "", choices: tuple[str, ...] = (), limit: int = 0, default: Any = ...
) -> Any:
    """A dataclass field whose metadata tells the loader, the schema and docs/catalog.md what the value
    must be. `limit` is the most characters a text (or each word of a list of tags) may have."""
    meta = {"kind": kind, "doc": doc, "ref": ref, "choices": choices, "limit": limit or _KIND_LIMITS.get(kind, 0)}
    if default is ...:
        return field(metadata=meta)
    if isinstance(default, (list, tuple)):
        return field(default=tuple(default), metadata=meta)
    return field(default=default, metadata=meta)


@cache
def field_specs(cls: type) -> dict[str, dict[str, Any]]:
    """Field name -> spec (kind, doc, ref, choices, required) of a model class, in declaration order."""
    out: dict[str, dict[str, Any]] = {}
    for f in fields(cls):
        required = f.default is f.default_factory  # both MISSING
        out[f.name] = {**f.metadata, "required": required, "default": None if required else f.default}
    return out
