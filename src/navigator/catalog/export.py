"""The normalized catalog as plain JSON-ready data, with relations spelled out both ways.

Other tools and our tests read this instead of re-implementing the inheritance rules.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict
from typing import Any

from .model import COLLECTIONS, Catalog


def catalog_data(catalog: Catalog) -> dict[str, Any]:
    data: dict[str, Any] = {"meta": asdict(catalog.meta)}
    for name in COLLECTIONS:
        data[name] = [_item(catalog, name, item) for item in getattr(catalog, name)]
    return data


def _item(catalog: Catalog, collection: str, item: Any) -> dict[str, Any]:
    out = {k: _plain(v) for k, v in asdict(item).items()}
    if collection == "threats":
        out["own_controls"] = out.pop("controls")
        out["controls"] = list(catalog.controls_of(item.id))
        out["own_control_groups"] = out.pop("control_groups")
        out["control_groups"] = list(catalog.groups_of(item.id))
        out["children"] = list(catalog.children(item.id))
    elif collection == "controls":
        out["threats"] = list(catalog.threats_of(item.id))
        out["groups"] = list(catalog.groups_of_control(item.id))
    elif collection == "groups":
        out["threats"] = list(catalog.threats_of_group(item.id))
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def catalog_json(catalog: Catalog) -> str:
    """The export as JSON text, safe to print: readable letters of every script are kept as they
    are, but the characters that drive a terminal or hide text (C1 controls, bidi and other format
    characters, line separators, lone surrogates) are written as `\\uXXXX`, which JSON reads back
    as the same text (`json.dumps` escapes the C0 controls itself)."""
    return _NOT_ASCII.sub(_json_escape, json.dumps(catalog_data(catalog), indent=2, ensure_ascii=False)) + "\n"


_NOT_ASCII = re.compile("[^\x00-\x7e]")
_UNSAFE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})  # as `errors.printable`


def _json_escape(match: re.Match[str]) -> str:
    ch = match.group()
    if unicodedata.category(ch) not in _UNSAFE:
        return ch  # a letter, digit, mark, symbol, space or punctuation of any script
    code = ord(ch)
    if code > 0xFFFF:  # a surrogate pair, as JSON writes characters beyond the BMP
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"
