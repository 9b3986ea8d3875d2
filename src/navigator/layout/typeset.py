"""What the pages around the overview are made of: one-line elements, paragraphs, and moving elements.

The detail pages and the index and section pages of a split overview are typeset from these (see
`detail_pages` and `pages`): a line's element box is its line box, so a link covers exactly its words.
"""

from __future__ import annotations

from ..roles import Role
from ..scene import Box, Element, Path, Rect, Text
from ..text import text_width, wrap
from .cards import baseline

MANY = 10_000  # "no limit" for wrap's line count
TEXT = Role.TEXT  # looked up once: an enum member's lookup costs ten times a global's (Python 3.11)


def line(
    id: str,
    role: Role,
    x: float,
    top: float,
    text: str,
    font: str,
    size: float,
    colour: str,
    leading: float,
    url: str = "",
    target: str = "",
) -> Element:
    """A one-line element whose box is the line box, so a link covers exactly the words."""
    width = round(text_width(text, font, size), 3)
    t = Text(x, round(baseline(top, leading, size, font), 3), text, font, size, colour, width)
    return Element(id=id, role=role, box=Box(x, top, width, leading), texts=(t,), url=url, target=target)


def paragraph_lines(
    id: str,
    text: str,
    font: str,
    size: float,
    leading: float,
    colour: str,
    x: float,
    width: float,
    max_lines: int = MANY,
    url: str = "",
    target: str = "",
) -> list[Element]:
    """`text` wrapped to `width`, one element per line, each at top 0 (the caller stacks them)."""
    lines, _ = wrap(text, font, size, width, max_lines)
    return [line(f"{id}:{i}", TEXT, x, 0.0, s, font, size, colour, leading, url, target) for i, s in enumerate(lines)]


def down(e: Element, dy: float) -> Element:
    """The element moved down by `dy`, with everything it draws.

    The detail pages of a large catalog move some 100,000 elements from where they were typeset to
    where they land, so this is written for speed: constructors called directly (not
    `dataclasses.replace`), and the common single text built without a generator.
    """
    if not dy:
        return e
    b = e.box
    texts = e.texts
    if len(texts) == 1:
        t = texts[0]
        texts = (Text(t.x, t.y + dy, t.text, t.font, t.size, t.colour, t.width, t.anchor),)
    elif texts:
        texts = tuple([Text(t.x, t.y + dy, t.text, t.font, t.size, t.colour, t.width, t.anchor) for t in texts])
    rects = e.rects
    if rects:
        rects = tuple(
            [
                Rect(Box(r.box.x, r.box.y + dy, r.box.w, r.box.h), r.fill, r.stroke, r.stroke_width, r.radius)
                for r in rects
            ]
        )
    paths = e.paths
    if paths:
        paths = tuple(
            [Path(tuple([(x, y + dy) for x, y in p.points]), p.colour, p.width, p.bezier, p.dash) for p in paths]
        )
    box = Box(b.x, b.y + dy, b.w, b.h)
    return Element(e.id, e.role, box, e.ref, e.parent, rects, texts, paths, e.url, e.target, e.tooltip, e.data)


def placed(e: Element, dx: float, dy: float, scale: float = 1.0) -> Element:
    """The element moved by (dx, dy), then scaled by `scale` about the origin, sizes and strokes too."""
    if scale == 1.0 and not dx:
        return down(e, dy)

    def box(b: Box) -> Box:
        return Box((b.x + dx) * scale, (b.y + dy) * scale, b.w * scale, b.h * scale)

    return Element(
        e.id,
        e.role,
        box(e.box),
        e.ref,
        e.parent,
        tuple(Rect(box(r.box), r.fill, r.stroke, r.stroke_width * scale, r.radius * scale) for r in e.rects),
        tuple(
            Text(
                (t.x + dx) * scale,
                (t.y + dy) * scale,
                t.text,
                t.font,
                t.size * scale,
                t.colour,
                t.width * scale,
                t.anchor,
            )
            for t in e.texts
        ),
        tuple(
            Path(
                tuple(((x + dx) * scale, (y + dy) * scale) for x, y in p.points),
                p.colour,
                p.width * scale,
                p.bezier,
                tuple(d * scale for d in p.dash),
            )
            for p in e.paths
        ),
        e.url,
        e.target,
        e.tooltip,
        e.data,
    )


def transformed(e: Element, dx: float, dy: float, s: float) -> Element:
    """The element scaled by `s` about the origin, then moved by (dx, dy): from the packer's design
    units to a page's points. Every number is rounded as the Scene holds it (`pt`)."""
    return transformed_all([e], dx, dy, s)[0]


def transformed_all(elements: list[Element], dx: float, dy: float, s: float) -> list[Element]:
    """`transformed` of each element. The overview moves every element of every card this way on
    each layout (a browser's new width too), so it is written for speed and gives the same numbers:
    `pt` inlined (its rounding, to the last bit), and the few distinct sizes and stroke widths scaled
    once (docs/performance.md, "Packing for a new target")."""
    if s == 1.0 and not dx and not dy:
        return list(elements)
    r = round
    scaled: dict[float, float] = {}

    def size(v: float) -> float:
        found = scaled.get(v)
        if found is None:
            found = scaled[v] = r(v * s * 1000) / 1000
        return found

    def box(b: Box) -> Box:
        return Box(r((dx + b.x * s) * 1000) / 1000, r((dy + b.y * s) * 1000) / 1000, size(b.w), size(b.h))

    out = []
    for e in elements:
        rects = e.rects
        if rects:
            rects = tuple([Rect(box(q.box), q.fill, q.stroke, size(q.stroke_width), size(q.radius)) for q in rects])
        texts = e.texts
        if texts:
            texts = tuple(
                [
                    Text(
                        r((dx + t.x * s) * 1000) / 1000,
                        r((dy + t.y * s) * 1000) / 1000,
                        t.text,
                        t.font,
                        size(t.size),
                        t.colour,
                        r(t.width * s * 1000) / 1000,
                        t.anchor,
                    )
                    for t in texts
                ]
            )
        paths = e.paths
        if paths:
            paths = tuple(
                [
                    Path(
                        tuple([(r((dx + x * s) * 1000) / 1000, r((dy + y * s) * 1000) / 1000) for x, y in p.points]),
                        p.colour,
                        size(p.width),
                        p.bezier,
                        tuple([size(d) for d in p.dash]),
                    )
                    for p in paths
                ]
            )
        out.append(
            Element(e.id, e.role, box(e.box), e.ref, e.parent, rects, texts, paths, e.url, e.target, e.tooltip, e.data)
        )
    return out
