"""The catalog's YAML files as ruamel.yaml round-trip documents: edited in place, written back as they were.

ruamel.yaml keeps comments, key order, quoting, folded text and flow lists of everything not touched
(a test checks that loading and dumping an untouched file gives the same bytes). New values copy the
style of the values they replace: a number written "2.1" stays double-quoted.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

from ..catalog.model import field_specs

COLLECTION_OF = {"section": "sections", "group": "groups", "threat": "threats", "control": "controls"}


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap a line that was not changed
    y.indent(mapping=2, sequence=4, offset=2)
    return y


@dataclass
class Doc:
    path: Path
    text: str
    data: CommentedMap
    changed: bool = False

    def dump(self) -> str:
        buf = io.StringIO()
        _yaml().dump(self.data, buf)
        return buf.getvalue()


@dataclass
class Catalogue:
    """Every file of a catalog directory, and where each item is."""

    docs: list[Doc] = field(default_factory=list)

    @classmethod
    def read(cls, paths: list[Path]) -> Catalogue:
        out = cls()
        for path in paths:
            text = path.read_text(encoding="utf-8")
            data = _yaml().load(text)
            out.docs.append(Doc(path, text, data if isinstance(data, CommentedMap) else CommentedMap()))
        return out

    def items(self, collection: str) -> Iterator[tuple[Doc, CommentedSeq, int, CommentedMap]]:
        for doc in self.docs:
            seq = doc.data.get(collection)
            if isinstance(seq, CommentedSeq):
                for n, item in enumerate(seq):
                    if isinstance(item, CommentedMap):
                        yield doc, seq, n, item

    def find(self, collection: str, item_id: str) -> tuple[Doc, CommentedSeq, int, CommentedMap] | None:
        return next((hit for hit in self.items(collection) if str(hit[3].get("id")) == item_id), None)

    def file_for(self, collection: str, section: str) -> Doc:
        """The file that holds most of a section's items of this kind (else of any kind), for a new item."""
        for kinds in ((collection,), ("threats", "controls", "groups")):
            counts: dict[int, int] = {}
            for kind in kinds:
                for doc, _, _, item in self.items(kind):
                    if str(item.get("section")) == section:
                        counts[id(doc)] = counts.get(id(doc), 0) + 1
            if counts:
                best = max(counts, key=lambda k: counts[k])
                return next(d for d in self.docs if id(d) == best)
        return next((d for d in self.docs if "sections" in d.data), self.docs[0])


def styled(old: Any, new: str) -> Any:
    """`new` in the quoting style of `old`."""
    if isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(new)
    if isinstance(old, SingleQuotedScalarString):
        return SingleQuotedScalarString(new)
    return new


def set_field(item: CommentedMap, cls: type, key: str, value: Any) -> None:
    """Set `key`, keeping its place; a new key goes where the model's field order puts it."""
    if key in item:
        item[key] = styled(item[key], value) if isinstance(value, str) else value
        return
    order = list(field_specs(cls))
    earlier = order[: order.index(key)] if key in order else order
    keys = list(item.keys())
    after = [n for n, k in enumerate(keys) if k in earlier]
    pos = after[-1] + 1 if after else 0
    if pos == len(keys) and keys and keys[-1] in item.ca.items:
        # blank lines after the last value: a new scalar takes them over, a new list goes before that value
        if isinstance(value, (CommentedMap, CommentedSeq, list, dict)):
            item.insert(pos - 1, key, value)
            return
        popped = pop_trailing(item)
        item[key] = value
        if popped is not None:
            put_trailing(item, popped)
        return
    item.insert(pos, key, value)


def _block_scalar(value: Any) -> bool:
    return isinstance(value, (FoldedScalarString, LiteralScalarString))


def pop_trailing(node: Any) -> tuple[Any, bool] | None:
    """Remove the comment (or blank lines) after the last scalar nested in `node`: (its token, whether that
    scalar was a block scalar, whose own line end the token then leaves out)."""
    if isinstance(node, CommentedMap) and node:
        key = list(node.keys())[-1]
        inner = pop_trailing(node[key])
        if inner is not None:
            return inner
        token = node.ca.items.pop(key, None)
        return (token, _block_scalar(node[key])) if token is not None else None
    if isinstance(node, CommentedSeq) and node:
        inner = pop_trailing(node[-1])
        if inner is not None:
            return inner
        token = node.ca.items.pop(len(node) - 1, None)
        return (token, _block_scalar(node[-1])) if token is not None else None
    return None


def put_trailing(item: CommentedMap, popped: tuple[Any, bool]) -> None:
    """Attach what `pop_trailing` took after `item`'s last value (a scalar), adjusting for its style."""
    token, from_block = popped
    key = list(item.keys())[-1]
    to_block = _block_scalar(item[key])
    mark = token[2] if isinstance(token, list) and len(token) > 2 else None
    if mark is not None and from_block != to_block:
        value = "\n" + mark.value if from_block else mark.value[1:]
        token = [*token[:2], CommentToken(value, CommentMark(mark.column), None), *token[3:]]
    item.ca.items[key] = token


def flow_list(values: list[str]) -> CommentedSeq:
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def flow_map(pairs: dict[str, str]) -> CommentedMap:
    m = CommentedMap(pairs)
    m.fa.set_flow_style()
    return m
