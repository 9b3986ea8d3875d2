"""A page's elements as PresentationML shapes, written as XML text in one pass.

python-pptx adds a shape by searching the whole slide for a free id, so a slide of 30,000 shapes
took minutes (docs/performance.md); here ids are counted, and the slide's shapes are parsed once.
Rectangles become (rounded) rectangles, each text line a text box in the Scene's face (Arial for a
deck: PowerPoint draws Arial, LibreOffice its metric twin Liberation Sans, both as layout measured),
connectors straight lines, and a card with everything on it one group, so it moves as one when
edited. A link is a click action on the shapes of its element: an address, or a jump to the slide
holding its destination. No shape has a theme style, so nothing adds shadows or outlines.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from ..faces import Face
from ..fontmetrics import file_metrics
from ..links import safe_url
from ..roles import CARD, Role
from ..scene import Element, Page, Path, Rect, Text

EMU_PER_PT = 12700
NAMESPACES = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)
_ALIGN = {"start": "l", "middle": "ctr", "end": "r"}
SMALL_TEXT = 6.0  # points on the slide: under this, LibreOffice's rounding of advances shows
SMALL_TEXT_SPARE = 0.025  # of the line's width, room beyond its far end for that rounding
_TEXT_BOX = '<p:cNvSpPr txBox="1"/>'
Link = Callable[[Element], str]  # an element's click action as XML ("" for none)


class ShapeWriter:
    """Writes the shapes of one page, scaled by `scale` and moved by (`dx`, `dy`) points."""

    def __init__(self, face: Face, link: Link, scale: float = 1.0, dx: float = 0.0, dy: float = 0.0) -> None:
        self.face = face
        self.link = link
        self.scale = scale
        self.dx = dx
        self.dy = dy
        self.ids = itertools.count(2)  # 1 is the slide's shape tree
        self.ascent = {style: file_metrics(file).ascent for style, file in face.files.items()}

    def x(self, v: float) -> int:
        return round((v * self.scale + self.dx) * EMU_PER_PT)

    def y(self, v: float) -> int:
        return round((v * self.scale + self.dy) * EMU_PER_PT)

    def length(self, v: float) -> int:
        return round(v * self.scale * EMU_PER_PT)

    def page(self, page: Page, skip: frozenset[Role] = frozenset()) -> str:
        """Every element of the page, cards and what is on them grouped, in drawing order."""
        out: list[str] = []
        for family, members in itertools.groupby((e for e in page.elements if e.role not in skip), key=_family):
            group = list(members)
            shapes = [s for e in group for s in self.element(e)]
            if family and len(shapes) > 1:
                out.append(self.group(family, group, shapes))
            else:
                out += shapes
        return "".join(out)

    def group(self, name: str, elements: list[Element], shapes: list[str]) -> str:
        left = min(e.box.x for e in elements)
        top = min(e.box.y for e in elements)
        right = max(e.box.right for e in elements)
        bottom = max(e.box.bottom for e in elements)
        x, y, w, h = self.x(left), self.y(top), self.length(right - left), self.length(bottom - top)
        frame = (
            f'<a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/><a:chOff x="{x}" y="{y}"/><a:chExt cx="{w}" cy="{h}"/>'
        )
        return (
            f'<p:grpSp><p:nvGrpSpPr><p:cNvPr id="{next(self.ids)}" name={quoteattr(name[:200])}/><p:cNvGrpSpPr/>'
            f"<p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm>{frame}</a:xfrm></p:grpSpPr>{''.join(shapes)}</p:grpSp>"
        )

    def element(self, e: Element) -> list[str]:
        click = self.link(e)
        name = quoteattr(e.id[:200])
        shapes = [self.rect(r, name, click) for r in e.rects]
        for p in e.paths:
            shapes += self.path(p, name, click)
        shapes += [self.text(t, name, click) for t in e.texts]
        return shapes

    def _nv(self, name: str, click: str, kind: str) -> str:
        return f'<p:nvSpPr><p:cNvPr id="{next(self.ids)}" name={name}>{click}</p:cNvPr>{kind}<p:nvPr/></p:nvSpPr>'

    def rect(self, r: Rect, name: str, click: str) -> str:
        b = r.box
        w, h = max(self.length(b.w), 1), max(self.length(b.h), 1)
        if r.radius > 0:
            adj = round(min(0.5, r.radius / max(min(b.w, b.h), 0.01)) * 100000)
            geometry = (
                f'<a:prstGeom prst="roundRect"><a:avLst><a:gd name="adj" fmla="val {adj}"/></a:avLst></a:prstGeom>'
            )
        else:
            geometry = '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        fill = _fill(r.fill) if r.fill else "<a:noFill/>"
        if r.stroke and r.stroke_width:
            outline = f'<a:ln w="{self.length(r.stroke_width)}">{_fill(r.stroke)}</a:ln>'
        else:
            outline = "<a:ln><a:noFill/></a:ln>"
        return (
            f"<p:sp>{self._nv(name, click, '<p:cNvSpPr/>')}<p:spPr>"
            f'<a:xfrm><a:off x="{self.x(b.x)}" y="{self.y(b.y)}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
            f"{geometry}{fill}{outline}</p:spPr></p:sp>"
        )

    def text(self, t: Text, name: str, click: str) -> str:
        """A text box around one line: as wide as the measured text plus a fifth of the size on each
        side, held as the box's left and right insets, so the line starts (or centres, or ends) where
        layout put it, with room to spare on both sides; its top where the face's ascent puts the
        baseline on `t.y`; no wrapping."""
        style = t.font if t.font in self.ascent else "regular"
        pad = t.size * 0.2
        inset = self.length(pad)
        # LibreOffice rounds each glyph's advance at sizes this small (the whole navigator on one slide),
        # which adds up along a long line: the box gets room for it beyond the far end of the line, so
        # the line starts (or centres, or ends) where layout put it and still ends inside its box
        spare = t.width * SMALL_TEXT_SPARE if t.size * self.scale < SMALL_TEXT else 0.0
        before = {"start": 0.0, "middle": spare / 2}.get(t.anchor, spare)
        top = t.y - self.ascent[style] * t.size
        size = round(t.size * self.scale * 100)  # hundredths of a point
        bold = ' b="1"' if t.font == "bold" else ""
        italic = ' i="1"' if t.font == "italic" else ""
        family = quoteattr(self.face.family)
        run = (
            f'<a:r><a:rPr lang="en-US" sz="{size}"{bold}{italic} dirty="0">{_fill(t.colour)}'
            f"<a:latin typeface={family}/><a:cs typeface={family}/></a:rPr><a:t>{escape(t.text)}</a:t></a:r>"
        )
        return (
            f"<p:sp>{self._nv(name, click, _TEXT_BOX)}<p:spPr>"
            f'<a:xfrm><a:off x="{self.x(t.left - pad - before)}" y="{self.y(top)}"/>'
            f'<a:ext cx="{self.length(t.width + 2 * pad + spare)}" cy="{self.length(t.size * 1.4)}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
            f'<p:txBody><a:bodyPr wrap="none" lIns="{inset}" tIns="0" rIns="{inset}" bIns="0" anchor="t"'
            f' rtlCol="0"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
            f'<a:p><a:pPr algn="{_ALIGN[t.anchor]}"/>{run}</a:p></p:txBody></p:sp>'
        )

    def path(self, p: Path, name: str, click: str) -> list[str]:
        """Straight segments; a curve becomes the chords between its end points (connectors are polylines)."""
        points = p.points if not p.bezier else p.points[::3]
        out = []
        for (x1, y1), (x2, y2) in itertools.pairwise(points):
            flip = (' flipH="1"' if x2 < x1 else "") + (' flipV="1"' if y2 < y1 else "")
            dash = '<a:prstDash val="dash"/>' if p.dash else ""
            out.append(
                f'<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="{next(self.ids)}" name={name}>{click}</p:cNvPr><p:cNvCxnSpPr/>'
                f"<p:nvPr/></p:nvCxnSpPr><p:spPr><a:xfrm{flip}>"
                f'<a:off x="{self.x(min(x1, x2))}" y="{self.y(min(y1, y2))}"/>'
                f'<a:ext cx="{self.length(abs(x2 - x1))}" cy="{self.length(abs(y2 - y1))}"/></a:xfrm>'
                '<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
                f'<a:ln w="{self.length(p.width)}">{_fill(p.colour)}{dash}</a:ln></p:spPr></p:cxnSp>'
            )
        return out


def _fill(colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{colour.lstrip("#").upper()}"/></a:solidFill>'


def _family(e: Element) -> str:
    """The card an element belongs to ("" for none): consecutive elements of one card form a group."""
    if e.parent.startswith(CARD):
        return e.parent
    return e.id if e.id.startswith(CARD) else ""


def hyperlink(rid: str, jump: bool = False) -> str:
    action = ' action="ppaction://hlinksldjump"' if jump else ""
    return f'<a:hlinkClick r:id="{rid}"{action}/>'


def external(e: Element) -> str:
    """An element's address, where it has a safe one."""
    return safe_url(e.url) or ""


def wrap_shapes(shapes: str) -> str:
    """The shapes as one parseable document, for appending to a slide's shape tree."""
    return f"<p:spTree {NAMESPACES}>{shapes}</p:spTree>"
