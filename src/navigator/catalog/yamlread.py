"""Read one catalog file into plain values that remember their line numbers.

We compose the YAML into nodes (no object construction at all, so no tag can build a Python object),
then convert the nodes ourselves: this lets us keep line numbers, refuse duplicate keys that YAML
would silently overwrite, refuse non-data tags, and bound alias expansion (an "alias bomb").
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..errors import Problem, printable

MAX_NODES = 1_000_000
MAX_DEPTH = 64

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Scalar(str):
    """A scalar as written in the file; `tag` says how YAML would have read it (int, bool, null...)."""

    line: int
    tag: str

    def __new__(cls, text: str, tag: str, line: int) -> Scalar:
        obj = super().__new__(cls, text)
        obj.tag = tag
        obj.line = line
        return obj

    @property
    def kind(self) -> str:
        return self.tag.rsplit(":", 1)[-1]


class Mapping(dict[str, Any]):
    """A mapping with the line of itself and of each key."""

    line: int
    key_lines: dict[str, int]


class Sequence(list[Any]):
    """A list with the line of itself and of each item."""

    line: int
    item_lines: list[int]


class _Reject(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line, self.message = line, message


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Converter:
    def __init__(self) -> None:
        self.count = 0
        self.active: set[int] = set()
        self.entry_line = 0  # line of the top-level entry being converted, where a blow-up is reported

    def convert(self, node: yaml.Node) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Reject(
                self.entry_line or _line(node),
                f"more than {MAX_NODES:,} values after expanding aliases (an alias bomb?); "
                "write the data out instead of repeating aliases",
            )
        if id(node) in self.active:
            raise _Reject(_line(node), "an alias refers to a node that contains it (a recursive alias); remove it")
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _SCALAR_TAGS:
                raise _Reject(_line(node), _bad_tag(node.tag))
            return Scalar(node.value, node.tag, _line(node))
        if len(self.active) >= MAX_DEPTH:
            raise _Reject(_line(node), f"values nested more than {MAX_DEPTH} levels deep; flatten the data")
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                if node.tag != _TAG + "seq":
                    raise _Reject(_line(node), _bad_tag(node.tag))
                seq = Sequence(self.convert(item) for item in node.value)
                seq.line, seq.item_lines = _line(node), [_line(item) for item in node.value]
                return seq
            if node.tag != _TAG + "map" or not isinstance(node, yaml.MappingNode):
                raise _Reject(_line(node), _bad_tag(node.tag))
            return self._mapping(node)
        finally:
            self.active.discard(id(node))

    def _mapping(self, node: yaml.MappingNode) -> Mapping:
        out = Mapping()
        out.line, out.key_lines = _line(node), {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                raise _Reject(_line(key_node), "merge keys (<<) are not supported; write the fields out")
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                raise _Reject(
                    _line(key_node), "a mapping key must be a plain word, not a list, mapping or tagged value"
                )
            key = key_node.value
            if len(self.active) == 1:
                self.entry_line = _line(key_node)
            if key in out:
                raise _Reject(
                    _line(key_node), f"duplicate key '{key}' (first at line {out.key_lines[key]}); keep only one"
                )
            out[key] = self.convert(value_node)
            out.key_lines[key] = _line(key_node)
        return out


def _bad_tag(tag: str) -> str:
    shown = tag.replace(_TAG, "!!")
    return f"tag '{shown}' is not allowed: catalog files hold plain data only; remove the tag"


def _syntax_message(e: yaml.MarkedYAMLError) -> tuple[int, str]:
    """Line and message of a YAML syntax error, phrased as a sentence with the column."""
    mark = e.problem_mark or e.context_mark
    line = mark.line + 1 if mark else 0
    column = f" (column {mark.column + 1})" if mark else ""
    problem, context, ctx = e.problem, e.context, e.context_mark
    if not (problem and context):
        return line, f"YAML syntax error: {problem or context}{column}"
    if not context.startswith("while"):  # e.g. "expected a single document", "but found another"
        return line, f"YAML syntax error: {context}, {problem}{column}"
    where = (
        f" that starts at line {ctx.line + 1}" if ctx is not None and mark is not None and ctx.line != mark.line else ""
    )
    return line, f"YAML syntax error: {problem}{column}, {context}{where}"


# What YAML refuses in a file (PyYAML's reader, which says so without a line): C0 controls but tab,
# LF and CR; DEL; C1 controls but NEL; surrogates and the noncharacters U+FFFE and U+FFFF.
_NOT_TEXT = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_C0_NAMES = [
    "NUL",
    "SOH",
    "STX",
    "ETX",
    "EOT",
    "ENQ",
    "ACK",
    "BEL",
    "BS",
    "HT",
    "LF",
    "VT",
    "FF",
    "CR",
    "SO",
    "SI",
    "DLE",
    "DC1",
    "DC2",
    "DC3",
    "DC4",
    "NAK",
    "SYN",
    "ETB",
    "CAN",
    "EM",
    "SUB",
    "ESC",
    "FS",
    "GS",
    "RS",
    "US",
]
_C1_NAMES = [
    "PAD",
    "HOP",
    "BPH",
    "NBH",
    "IND",
    "NEL",
    "SSA",
    "ESA",
    "HTS",
    "HTJ",
    "VTS",
    "PLD",
    "PLU",
    "RI",
    "SS2",
    "SS3",
    "DCS",
    "PU1",
    "PU2",
    "STS",
    "CCH",
    "MW",
    "SPA",
    "EPA",
    "SOS",
    "SGCI",
    "SCI",
    "CSI",
    "ST",
    "OSC",
    "PM",
    "APC",
]


def _character_name(ch: str) -> str:
    cp = ord(ch)
    if cp < 0x20:
        return _C0_NAMES[cp]
    if cp == 0x7F:
        return "DEL"
    if 0x80 <= cp <= 0x9F:
        return _C1_NAMES[cp - 0x80]
    return "a noncharacter"


def _not_text(text: str) -> tuple[int, str] | None:
    """Line and message for the first character a text file must not hold, or None."""
    bad = _NOT_TEXT.search(text)
    if bad is None:
        return None
    pos = bad.start()
    column = pos - text.rfind("\n", 0, pos)
    ch = bad.group()
    return text.count("\n", 0, pos) + 1, (
        f"control character {printable(ch)} ({_character_name(ch)}) at column {column}: "
        "catalog files are text; remove it"
    )


def read_file(raw: bytes, shown: str) -> tuple[Any, list[Problem]]:
    """Parse the bytes of one file. Returns (value or None, problems); never raises for bad content."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        return None, [
            Problem(
                shown, line, f"not UTF-8 text (byte 0x{raw[e.start]:02x} at offset {e.start}); save the file as UTF-8"
            )
        ]
    found = _not_text(text)
    if found is not None:
        return None, [Problem(shown, *found)]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        return None, [Problem(shown, *_syntax_message(e))]
    except yaml.YAMLError as e:
        return None, [Problem(shown, 0, f"YAML syntax error: {' '.join(str(e).split())}")]
    except RecursionError:
        return None, [Problem(shown, 0, "values nested too deeply for a catalog file; flatten the data")]
    if node is None:
        return None, [Problem(shown, 0, "file is empty; remove it or add catalog data (see docs/catalog.md)")]
    try:
        return _Converter().convert(node), []
    except _Reject as r:
        return None, [Problem(shown, r.line, r.message)]
