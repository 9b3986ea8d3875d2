"""The Scene: every page to draw, in points, origin top left, and nothing about how to draw it.

Layout produces one; every renderer (PDF, SVG, PNG, PPTX, the web view) reads only this. A Scene is a
document of pages: the overview (the whole diagram, page 0, which images, slides and the web view
draw), then what a printed document adds (detail pages, and an index and a page per section when
the overview is too large to print). Layout has decided everything about each page; a renderer
only draws. The Scene is frozen and JSON-serialisable (`to_json` / `from_json` round-trip
exactly), which is also what the golden tests compare. Colours are `#RRGGBB`; fonts are keys of
`navigator.text.FONT_FILES`; roles and id prefixes are spelled in `navigator.roles`.
"""

from __future__ import annotations

import json
from dataclasses import MISSING, dataclass, fields, is_dataclass
from enum import Enum
from typing import Any, TypeVar, cast, dataclass_transform, get_type_hints

from .roles import PageKind, Role

SCENE_VERSION = 2  # 2: pages (the overview, detail pages and the split of a huge overview are laid out)
_T = TypeVar("_T")


def pt(v: float) -> float:
    """A coordinate or length as the Scene holds it: to the nearest 1/1000 point.

    Not `round(v, 3)`, which goes through a decimal conversion, and a large layout rounds hundreds
    of thousands of numbers (docs/performance.md). The two differ only on exact ties of the last digit.
    """
    return round(v * 1000) / 1000


@dataclass_transform(frozen_default=True)  # so type checkers see the dataclass constructor
def value(cls: type[_T]) -> type[_T]:
    """A frozen, slotted dataclass with a faster constructor than the generated one.

    A frozen dataclass's `__init__` stores each field through `object.__setattr__`, looked up anew
    per field, and a large layout builds hundreds of thousands of Scene values, so that lookup was a
    large share of drawing (docs/performance.md). This `__init__` (same signature, same defaults)
    stores through each slot's own descriptor instead. Instances stay frozen: assignment still
    raises `FrozenInstanceError`. `dataclass_transform` tells type checkers it is a dataclass.
    """
    cls = dataclass(frozen=True, slots=True)(cls)
    params: list[str] = []
    body: list[str] = []
    names: dict[str, Any] = {}
    for f in fields(cast(Any, cls)):
        if f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: value() supports plain defaults only")
        names[f"_set_{f.name}"] = getattr(cls, f.name).__set__
        if f.default is not MISSING:
            names[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        else:
            params.append(f.name)
        body.append(f"    _set_{f.name}(self, {f.name})")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body)
    exec(source, names)  # as dataclasses does; the source is built from field names only
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    setattr(cls, "__init__", init)  # noqa: B010 - replacing a method, which mypy rightly flags when assigned
    return cls


@value
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def contains(self, other: Box, tolerance: float = 0.01) -> bool:
        return (
            other.x >= self.x - tolerance
            and other.y >= self.y - tolerance
            and other.right <= self.right + tolerance
            and other.bottom <= self.bottom + tolerance
        )

    def overlaps(self, other: Box) -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom


@value
class Rect:
    box: Box
    fill: str = ""  # "" = no fill
    stroke: str = ""  # "" = no outline
    stroke_width: float = 0.0
    radius: float = 0.0


@value
class Text:
    """One line of text. `x, y` is the baseline point that `anchor` (start, middle, end) refers to."""

    x: float
    y: float
    text: str
    font: str
    size: float
    colour: str
    width: float  # measured advance width, so renderers can place underlines and hit areas
    anchor: str = "start"

    @property
    def left(self) -> float:
        """x of the text's left end, whatever its anchor."""
        return self.x - (self.width if self.anchor == "end" else self.width / 2 if self.anchor == "middle" else 0.0)


@value
class Path:
    """A connector. `bezier`: points are cubic Bézier control points (1 + 3n); else a polyline."""

    points: tuple[tuple[float, float], ...]
    colour: str
    width: float
    bezier: bool = False
    dash: tuple[float, ...] = ()


@value
class Element:
    """A drawable unit with an identity: a card, a control row, a tab, a legend entry, a connector.

    `id` is unique and stable (built from catalog ids, never random); `role` says what it is;
    `ref` is the catalog id it stands for. `url` is an external link (http(s) only), `target` the
    name of a destination in the document (a detail page, a section's page, the overview), where
    an output has one. `data` holds facts the web view filters and highlights by (impacts, control
    type, section), as sorted key/value pairs.
    """

    id: str
    role: Role
    box: Box
    ref: str = ""
    parent: str = ""
    rects: tuple[Rect, ...] = ()
    texts: tuple[Text, ...] = ()
    paths: tuple[Path, ...] = ()
    url: str = ""
    target: str = ""
    tooltip: str = ""
    data: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str = "") -> str:
        for k, v in self.data:
            if k == key:
                return v
        return default


@value
class DetailControl:
    id: str
    label: str
    url: str
    type_label: str
    type_colour: str
    type_symbol: str
    summary: str
    via: str = ""  # "" for the threat's own controls, else how it is inherited ("group 2.1 Evasion", ...)


@value
class DetailLink:
    label: str
    url: str
    target: str = ""  # an internal destination (another detail page), where the output has one


@value
class Detail:
    """What a detail page (PDF) or details panel (web) says about one threat."""

    id: str
    title: str
    url: str
    summary: str
    facts: tuple[tuple[str, str], ...]  # (label, value): kind, section, parent, impacts, attack surface, ...
    controls: tuple[DetailControl, ...]
    references: tuple[DetailLink, ...]
    children: tuple[DetailLink, ...] = ()
    notes: str = ""


@value
class DocInfo:
    """Document metadata for outputs that carry it (PDF info, SVG title, PPTX properties)."""

    title: str
    subject: str
    author: str
    keywords: tuple[str, ...]
    source: str
    version: str
    date: str
    licence: str
    filters: str = ""  # human-readable description of the filter, "" for the whole catalog


@value
class OutlineEntry:
    """A bookmark: title, the element it points at, and its children."""

    title: str
    target: str
    children: tuple[OutlineEntry, ...] = ()


Anchor = tuple[str, float, float]  # a destination on a page: (name, x, y)


@value
class Page:
    """One page: its size, background and elements, in its own coordinates (points, origin top left).

    `id` is unique in the Scene ("overview", "index", "section:<id>", "detail:<threat id>", then
    "detail:<threat id>:2" for a continuation). `anchors` are the destinations on this page, where
    a link or bookmark to that name lands. `printed` is False for a page that is only a canvas: the
    overview when it is too large for a printed page, whose index and section pages print it instead.
    """

    id: str
    kind: PageKind
    width: float
    height: float
    background: str
    elements: tuple[Element, ...]
    anchors: tuple[Anchor, ...] = ()
    printed: bool = True

    def element(self, id: str) -> Element:
        for e in self.elements:
            if e.id == id:
                return e
        raise KeyError(id)


@value
class Scene:
    """The document: `pages[0]` is the overview; `printed` pages are the PDF's, in order."""

    pages: tuple[Page, ...]
    info: DocInfo
    details: tuple[Detail, ...] = ()  # the data of detail pages, for the web view's details panel
    outline: tuple[OutlineEntry, ...] = ()
    fonts: tuple[tuple[str, str], ...] = ()  # (font key, vendored file name)
    version: int = SCENE_VERSION

    @property
    def overview(self) -> Page:
        """The whole diagram on one canvas: what the images, the slide and the web view draw."""
        return self.pages[0]

    @property
    def printed(self) -> tuple[Page, ...]:
        return tuple(p for p in self.pages if p.printed)

    # The overview's own, for the many readers that only draw the overview.
    @property
    def width(self) -> float:
        return self.pages[0].width

    @property
    def height(self) -> float:
        return self.pages[0].height

    @property
    def background(self) -> str:
        return self.pages[0].background

    @property
    def elements(self) -> tuple[Element, ...]:
        return self.pages[0].elements

    def element(self, id: str) -> Element:
        """The overview's element with this id."""
        return self.pages[0].element(id)

    def to_json(self) -> str:
        # compact: the C encoder; indentation would make json fall back to its pure-Python encoder
        return _ENCODER.encode(_plain(self)) + "\n"

    @staticmethod
    def from_json(text: str) -> Scene:
        scene: Scene = _build(Scene, json.loads(text))
        return scene


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _plain(value: Any) -> Any:
    """Like `dataclasses.asdict`, without its deep copies, which large Scenes cannot afford."""
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    fields_ = getattr(value, "__dataclass_fields__", None)
    if fields_ is not None:
        return {name: _plain(getattr(value, name)) for name in fields_}
    return value


def _build(cls: Any, data: Any) -> Any:
    """Rebuild nested frozen dataclasses (and tuples) from `asdict` output."""
    hints = get_type_hints(cls)
    kwargs = {}
    for f in fields(cls):
        kwargs[f.name] = _convert(hints[f.name], data[f.name])
    return cls(**kwargs)


def _convert(hint: Any, value: Any) -> Any:
    origin = getattr(hint, "__origin__", None)
    if is_dataclass(hint):
        return _build(hint, value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if origin is tuple:
        args = hint.__args__
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(args[0], v) for v in value)
        return tuple(_convert(a, v) for a, v in zip(args, value))
    return value


__all__ = [
    "Box",
    "Detail",
    "DetailControl",
    "DetailLink",
    "DocInfo",
    "Element",
    "OutlineEntry",
    "Page",
    "Path",
    "Rect",
    "Scene",
    "Text",
    "pt",
    "value",
]
