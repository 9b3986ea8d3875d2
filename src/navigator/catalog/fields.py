"""Turn one YAML mapping into a model object, checking each field against the model's spec.

References to other items are only recorded here (as `PendingRef`), because the item they name may
come later or from another file; `checks.py` resolves them once everything is read.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from ..errors import Problem, suggest
from ..links import url_problem
from .model import KIND_OF_REF, NESTED, NESTED_NOUNS, field_specs
from .yamlread import Mapping, Scalar, Sequence

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
COLOUR_PATTERN = re.compile(r"^#[0-9A-Fa-f]{6}$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}


@dataclass(frozen=True)
class PendingRef:
    """A reference from one item's field to an item of `kind`, to check once all items are known."""

    file: str
    line: int
    owner: str  # e.g. "threat 'evasion'"
    field: str
    kind: str
    target: str


def describe(noun: str, mapping: Mapping, index: int) -> str:
    """How an item is named in messages: by its id when it has a usable one, else by position."""
    value = mapping.get("id")
    if isinstance(value, Scalar) and value.kind == "str" and ID_PATTERN.match(value):
        return f"{noun} '{value}'"
    return f"{noun} #{index + 1}"


class ItemBuilder:
    """Builds model objects from mappings of one file, collecting problems and pending references."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.refs: list[PendingRef] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def build(self, cls: type, mapping: Any, owner: str, line: int) -> Any | None:
        """The model object, or None when a field is unusable (the problems say why)."""
        if not isinstance(mapping, Mapping):
            self.problem(
                getattr(mapping, "line", line),
                f"{owner} must be a mapping of fields (field: value), not {_what(mapping)}",
            )
            return None
        specs = field_specs(cls)
        ok = True
        for key in mapping:
            if key not in specs:
                self.problem(
                    mapping.key_lines[key],
                    (
                        f"{owner}: unknown field '{key}'{suggest(key, list(specs)) or '.'} "
                        f"Valid fields: {', '.join(specs)}"
                    ),
                )
                ok = False
        values: dict[str, Any] = {}
        for name, spec in specs.items():
            raw = mapping.get(name)
            if raw is None or (isinstance(raw, Scalar) and raw.kind == "null"):
                if spec["required"]:
                    where = mapping.key_lines.get(name, mapping.line)
                    said = "is empty" if name in mapping else "is missing"
                    self.problem(where, f"{owner}: required field '{name}' {said}; {_hint(name, spec)}")
                    ok = False
                continue
            value = self._value(owner, name, spec, raw, mapping.key_lines[name])
            if value is _BAD:
                ok = False
            else:
                values[name] = value
        if not ok:
            return None
        return cls(**values)

    def _value(self, owner: str, name: str, spec: dict[str, Any], raw: Any, line: int) -> Any:
        kind = spec["kind"]
        where = f"{owner}: field '{name}'"
        if kind == "values":
            return self._values(where, raw, line)
        if kind in ("refs", "tags", *NESTED):
            if not isinstance(raw, Sequence):
                example = _EXAMPLES.get(kind, "[a, b]")
                self.problem(line, f"{where} must be a list ({example}), not {_what(raw)}")
                return _BAD
            if spec["required"] and not raw:
                self.problem(line, f"{where} is an empty list; {_hint(name, spec)}")
                return _BAD
            return self._list(owner, name, spec, raw)
        if not isinstance(raw, Scalar):
            self.problem(line, f"{where} must be a single value, not {_what(raw)}")
            return _BAD
        line = raw.line
        text = str(raw).strip()
        if kind == "bool":
            lowered = text.lower()
            if raw.kind != "bool" or lowered not in _TRUE | _FALSE:
                self.problem(line, f"{where} must be true or false, not '{_short(text)}'")
                return _BAD
            return lowered in _TRUE
        if raw.kind == "bool" and kind != "text":
            self.problem(line, f"{where} must be {_hint(name, spec, article=True)}, not the boolean '{text}'")
            return _BAD
        if not text:
            self.problem(line, f"{where} is empty; {_hint(name, spec)}")
            return _BAD
        problem = _too_long(text, spec["limit"]) or _check_scalar(kind, spec, text)
        if problem:
            self.problem(line, f"{where} {problem}")
            return _BAD
        if kind == "ref":
            self.refs.append(PendingRef(self.file, line, owner, name, spec["ref"], text))
        return text

    def _list(self, owner: str, name: str, spec: dict[str, Any], raw: Sequence) -> Any:
        kind = spec["kind"]
        out: list[Any] = []
        seen: dict[str, int] = {}
        bad = False
        for i, item in enumerate(raw):
            line = raw.item_lines[i]
            if kind in NESTED:
                ref = self.build(NESTED[kind], item, f"{owner}: {NESTED_NOUNS[kind]} #{i + 1} in '{name}'", line)
                bad = bad or ref is None
                out.append(ref)
                continue
            if not isinstance(item, Scalar) or item.kind == "null" or not str(item).strip():
                self.problem(line, f"{owner}: item #{i + 1} of '{name}' must be a single word, not {_what(item)}")
                bad = True
                continue
            text = str(item).strip()
            too_long = _too_long(text, spec["limit"])
            if too_long:
                self.problem(line, f"{owner}: item #{i + 1} of '{name}' {too_long}")
                bad = True
                continue
            if text in seen:
                self.problem(
                    line, f"{owner}: '{text}' is listed twice in '{name}' (also at line {seen[text]}); keep one"
                )
                bad = True
                continue
            seen[text] = line
            if kind == "refs":
                if not ID_PATTERN.match(text):
                    self.problem(line, f"{owner}: '{_short(text)}' in '{name}' is not an id ({_ID_RULE})")
                    bad = True
                    continue
                self.refs.append(PendingRef(self.file, line, owner, name, spec["ref"], text))
            out.append(text)
        return _BAD if bad else tuple(out)

    def _values(self, where: str, raw: Any, line: int) -> Any:
        """A single value or a list of them (an intended difference's `docs` or `catalog`), as a tuple."""
        items = list(raw) if isinstance(raw, Sequence) else [raw]
        lines = raw.item_lines if isinstance(raw, Sequence) else [line]
        out: list[str] = []
        for item, at in zip(items, lines):
            if not isinstance(item, Scalar) or item.kind == "null" or not str(item).strip():
                self.problem(at, f"{where} must be a value or a list of values, not {_what(item)}")
                return _BAD
            out.append(str(item).strip())
        return tuple(out)


_BAD = object()
_EXAMPLES = {
    "references": "a list of {framework, title, id, url} mappings",
    "effects": "a list of {answer, applies, because} mappings",
    "intended": "a list of {what, docs, catalog, why} mappings",
}
_ID_RULE = "letters, digits, '.', '_' and '-', starting with a letter or digit, at most 100 characters"


def _too_long(text: str, limit: int) -> str | None:
    if limit and len(text) > limit:
        return (
            f"is {len(text):,} characters long; the limit is {limit:,}: shorten it (docs/catalog.md lists the limits)"
        )
    return None


def _check_scalar(kind: str, spec: dict[str, Any], text: str) -> str | None:
    if kind in ("id", "ref") and not ID_PATTERN.match(text):
        return f"'{_short(text)}' is not a valid id ({_ID_RULE})"
    if kind == "url":
        problem = url_problem(text)
        return f"'{_short(text)}' is not a usable link: {problem}" if problem else None
    if kind == "url_template":
        if text.count("{id}") != 1 or re.search(r"\{(?!id\})", text):
            return f"'{_short(text)}' must contain '{{id}}' exactly once and no other braces, e.g. https://example.org/{{id}}/"
        problem = url_problem(text.replace("{id}", "x"))
        return f"'{_short(text)}' is not a usable link: {problem}" if problem else None
    if kind == "colour" and not COLOUR_PATTERN.match(text):
        return f"'{_short(text)}' is not a colour; write it as #RRGGBB, e.g. #0072B2"
    if kind == "date":
        try:
            if not DATE_PATTERN.match(text):
                raise ValueError
            datetime.date.fromisoformat(text)
        except ValueError:
            return f"'{_short(text)}' is not a date; write it as YYYY-MM-DD, e.g. 2026-08-22"
    if kind == "choice" and text not in spec["choices"]:
        return f"'{_short(text)}' is not one of: {', '.join(spec['choices'])}{suggest(text, spec['choices'])}"
    return None


def _hint(name: str, spec: dict[str, Any], article: bool = False) -> str:
    kind = spec["kind"]
    hints = {
        "id": "an id such as 'monitoruse'",
        "url": "an http(s) link",
        "url_template": "a link with {id} in it",
        "colour": "a colour such as #0072B2",
        "date": "a date such as 2026-08-22",
        "choice": "one of " + ", ".join(spec["choices"]),
        "ref": f"the id of a {KIND_OF_REF[spec['ref']].noun}" if kind == "ref" else "",
        "refs": f"a list of {KIND_OF_REF[spec['ref']].noun} ids" if kind == "refs" else "",
    }
    text = hints.get(kind, "some text")
    return text if article else f"give {text}"


def _what(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, Sequence):
        return "a list"
    if isinstance(value, Scalar):
        if value.kind == "null":
            return "an empty value"
        return f"the value '{_short(str(value))}'"
    return "nothing"


def _short(text: str, limit: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
