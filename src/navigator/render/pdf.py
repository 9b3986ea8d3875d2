"""PDF: the Scene's printed pages, joined by links, named destinations and bookmarks.

Only `render/pdf*` imports reportlab (inside functions, so other outputs never load it). Layout has
decided every page (the overview or its index and section pages, then the detail pages); here
Elements only become canvas calls, each page's anchors destinations, and the outline bookmarks.
Text is always drawn as plain strings, never as Paragraph markup, so catalog text such as `<b>` or
`&amp;` appears literally. `invariant=1` and names derived only from the Scene make the bytes a
function of the Scene.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path as FilePath
from typing import TYPE_CHECKING

from .. import __version__
from ..links import safe_url
from ..scene import DocInfo, Element, Page, Path, Rect, Scene, Text
from ..text import FONT_FILES, SHAPED_FILES, needs_fallback, visual_runs
from .pdf_fonts import fonts_of, registered
from .pdf_outline import outline_rows

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.pdfgen.textobject import PDFTextObject

_NAME = re.compile(r"^[A-Za-z0-9:_.-]{1,200}$")  # destination names that need no escaping in a PDF name


def render(scene: Scene, path: FilePath) -> None:
    from reportlab.pdfgen.canvas import Canvas

    _configure()
    fonts = fonts_of(scene)
    pages = scene.printed
    if not pages:
        raise ValueError("the Scene has no printed pages: lay it out for a document (target.printed)")
    destinations = {name for page in pages for name, _, _ in page.anchors}
    rows, aliases = outline_rows(scene.outline, destinations)
    first = pages[0]
    canvas = Canvas(
        str(path),
        pagesize=(first.width, first.height),
        invariant=1,
        pageCompression=1,
        initialFontName=fonts["regular"],  # type: ignore[arg-type]  # a font name; the stubs say float
    )
    _document_info(canvas, scene.info)
    memo: dict[tuple[str, float, str], tuple[str, float]] = {}  # encoded text, shared by all pages
    for page in pages:
        _draw_page(canvas, page, fonts, destinations, aliases, memo)
        canvas.showPage()
    for title, key, level, closed in rows:
        canvas.addOutlineEntry(title, key, level, closed)
    if rows:
        canvas.showOutline()
    _name_destinations(canvas, destinations)
    canvas.save()


@cache
def _configure() -> None:
    """Compress streams without wrapping them in ASCII85, which only makes files larger and slower.

    This must be global: `useA85` is a process-wide reportlab setting, read while a document is
    saved, with no per-document equivalent. Only this module uses reportlab, and it sets it once,
    before any document, so every render in the process writes the same bytes.
    """
    from reportlab import rl_config

    rl_config.useA85 = 0


@lru_cache(maxsize=4096)
def _rgb(colour: str) -> tuple[float, float, float]:
    return int(colour[1:3], 16) / 255, int(colour[3:5], 16) / 255, int(colour[5:7], 16) / 255


def _document_info(canvas: Canvas, info: DocInfo) -> None:
    """Title, author and keywords as readers show them; where the content comes from in the subject."""
    origin = ", ".join(
        part
        for part in (
            f"source {info.source}" if info.source else "",
            f"version {info.version}" if info.version else "",
            f"date {info.date}" if info.date else "",
            f"licence {info.licence}" if info.licence else "",
        )
        if part
    )
    subject = ". ".join(
        s for s in (info.subject, origin, f"Filtered view: {info.filters}" if info.filters else "") if s
    )
    canvas.setTitle(info.title)
    canvas.setAuthor(info.author)
    canvas.setSubject(subject)
    canvas.setKeywords(", ".join(info.keywords))
    canvas.setCreator(f"navigator {__version__}")


class _Painter:
    """Turns Elements into canvas calls, sending a font, colour, width or dash only when it changes.

    The overview can hold tens of thousands of elements that mostly share a few settings, and every
    reportlab setter writes to the page stream, so this keeps both the file and the time small.
    Coordinates are the page's with y negated: the canvas is translated per page so that the
    origin is the page's top left.
    """

    def __init__(
        self, canvas: Canvas, fonts: dict[str, str], memo: dict[tuple[str, float, str], tuple[str, float]] | None = None
    ) -> None:
        self.canvas = canvas
        self.fonts = fonts
        self.fill: str | None = None
        self.stroke: str | None = None
        self.line_width: float | None = None
        self.dash: tuple[float, ...] | None = None
        self.memo: dict[tuple[str, float, str], tuple[str, float]] = memo if memo is not None else {}
        self.shapes: dict[tuple[float, float, float], str] = {}
        from reportlab.lib.rl_accel import fp_str

        self.fp = fp_str

    def set_fill(self, colour: str) -> None:
        if colour != self.fill:
            self.canvas.setFillColorRGB(*_rgb(colour))
            self.fill = colour

    def set_stroke(self, colour: str, width: float, dash: tuple[float, ...] = ()) -> None:
        if colour != self.stroke:
            self.canvas.setStrokeColorRGB(*_rgb(colour))
            self.stroke = colour
        if width != self.line_width:
            self.canvas.setLineWidth(width)
            self.line_width = width
        if dash != self.dash:
            if dash:
                self.canvas.setDash(list(dash))
            else:
                self.canvas.setDash()
            self.dash = dash

    def element(self, e: Element) -> None:
        for r in e.rects:
            self.rect(r)
        for p in e.paths:
            self.path(p)
        for t in e.texts:
            self.text(t)

    def rect(self, r: Rect) -> None:
        fill = bool(r.fill)
        stroke = bool(r.stroke and r.stroke_width > 0)
        if not (fill or stroke):
            return
        if fill:
            self.set_fill(r.fill)
        if stroke:
            self.set_stroke(r.stroke, r.stroke_width)
        b = r.box
        fp = self.fp
        y = -b.bottom
        op = "B" if fill and stroke else "f" if fill else "S"
        if r.radius > 0:  # the same path as canvas.roundRect, written once per size and moved into place
            key = (b.w, b.h, min(r.radius, b.w / 2, b.h / 2))
            shape = self.shapes.get(key)
            if shape is None:
                shape = self.shapes[key] = _round_rect_path(*key, fp)
            self.canvas._code.append(f"q 1 0 0 1 {fp(b.x)} {fp(y)} cm {shape} {op} Q")  # type: ignore[attr-defined]  # reportlab's private API, absent from its stubs (major version pinned)
        else:
            self.canvas._code.append(f"{fp(b.x)} {fp(y)} {fp(b.w)} {fp(b.h)} re {op}")  # type: ignore[attr-defined]  # reportlab's private API, absent from its stubs (major version pinned)

    def path(self, p: Path) -> None:
        pts = p.points
        if len(pts) < 2 or p.width <= 0:
            return
        self.set_stroke(p.colour, p.width, p.dash)
        shape = self.canvas.beginPath()
        shape.moveTo(pts[0][0], -pts[0][1])
        if p.bezier:
            for a, b, c in zip(pts[1::3], pts[2::3], pts[3::3], strict=False):
                shape.curveTo(a[0], -a[1], b[0], -b[1], c[0], -c[1])
        else:
            for x, y in pts[1:]:
                shape.lineTo(x, -y)
        self.canvas.drawPath(shape, stroke=1, fill=0)

    def text(self, t: Text) -> None:
        """One line of plain text as its own BT ... ET block, from operators encoded once per string.

        `drawString` makes a text object and re-encodes the string into font subsets on every call,
        which dominates large documents (a control's name is drawn on every card and detail page that
        lists it). The encoding depends only on font, size and string, and a subset code never changes
        once assigned, so it is memoised; the block written is the one `drawString` would write.
        """
        if not t.text:
            return
        self.set_fill(t.colour)
        ops, width = self._encoded(t.font if t.font in self.fonts else "regular", t.size, t.text)
        x = t.x - (width if t.anchor == "end" else width / 2 if t.anchor == "middle" else 0.0)
        self.canvas._code.append(f"BT 1 0 0 1 {self.fp(x)} {self.fp(-t.y)} Tm {ops} ET")  # type: ignore[attr-defined]  # reportlab's private API, absent from its stubs (major version pinned)

    def _encoded(self, font: str, size: float, text: str) -> tuple[str, float]:
        """Text operators and drawn width of `text` in style `font` (a Scene font key)."""
        key = (font, size, text)
        hit = self.memo.get(key)
        if hit is None:
            scratch = self.canvas.beginText()  # writes nothing to the page until drawn, and it never is
            if font in FONT_FILES and needs_fallback(text, font):
                hit = self.memo[key] = self._fallback(scratch, font, size, text)
            else:
                name = self.fonts[font]
                scratch.setFont(name, size)
                hit = self.memo[key] = (scratch._formatText(text), self.canvas.stringWidth(text, name, size))  # type: ignore[attr-defined]  # reportlab's private API, absent from its stubs (major version pinned)
        return hit

    def _fallback(self, scratch: PDFTextObject, font: str, size: float, text: str) -> tuple[str, float]:
        """Text the style's own face lacks glyphs for: runs left to right, each in the file that has
        its glyphs, joining scripts shaped by HarfBuzz (through reportlab, which positions the glyphs).

        One text object, so each run starts where the previous one's glyphs ended.
        """
        from reportlab.lib.abag import ABag
        from reportlab.pdfbase.ttfonts import shapeFragWord

        ops: list[str] = []
        width = 0.0
        for file, run in visual_runs(text, font):
            name = registered(file)
            scratch.setFont(name, size)
            if file in SHAPED_FILES:  # default features, as text.py measures and resvg draws
                shaped = shapeFragWord([0.0, (ABag(fontName=name, fontSize=size), run)], features=None, force=True)
                ops.append(scratch._formatText(shaped[1][1]))  # type: ignore[attr-defined]  # reportlab's private API, absent from its stubs (major version pinned)
                width += shaped[0]
            else:
                ops.append(scratch._formatText(run))  # type: ignore[attr-defined]  # reportlab's private API, absent from its stubs (major version pinned)
                width += self.canvas.stringWidth(run, name, size)
        return " ".join(ops), width


def _draw_page(
    canvas: Canvas,
    page: Page,
    fonts: dict[str, str],
    destinations: set[str],
    aliases: dict[str, list[str]],
    memo: dict[tuple[str, float, str], tuple[str, float]],
) -> None:
    """Content with the origin at the top left; links and destinations after it, in PDF coordinates."""
    canvas.setPageSize((page.width, page.height))
    painter = _Painter(canvas, fonts, memo)
    if page.background:
        painter.set_fill(page.background)
        canvas.rect(0, 0, page.width, page.height, stroke=0, fill=1)
    canvas.saveState()
    canvas.translate(0.0, page.height)
    for e in page.elements:
        painter.element(e)
    canvas.restoreState()
    _links(canvas, page, destinations)
    for name, x, y in page.anchors:
        for key in (name, *aliases.get(name, ())):
            canvas.bookmarkPage(key, fit="XYZ", left=round(x, 2), top=round(page.height - y, 2))


def _name_destinations(canvas: Canvas, names: set[str]) -> None:
    """List the destinations in the catalog's name tree, so `navigator.pdf#nameddest=card:evasion` works.

    reportlab binds its bookmarks only to the links and outline that use them; writing the names
    out uses its document internals, which the tests watch (pypdf must see every name). A name
    tree's keys must be sorted by bytes, hence ASCII names only.
    """
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFString

    pairs: list[object] = []
    for name in sorted(n for n in names if _NAME.match(n)):
        pairs += [PDFString(name), canvas._bookmarkReference(name)]  # type: ignore[attr-defined]  # reportlab's private API, absent from its stubs (major version pinned)
    if pairs:
        canvas._doc._catalog.Names = PDFDictionary({"Dests": PDFDictionary({"Names": PDFArray(pairs)})})  # type: ignore[attr-defined]  # reportlab's private API, absent from its stubs (major version pinned)


def _links(canvas: Canvas, page: Page, destinations: set[str]) -> None:
    """A jump to a destination where the element has one in this document, else its web link."""
    height = page.height
    for e in page.elements:
        internal = e.target in destinations
        url = "" if internal else safe_url(e.url)
        b = e.box
        if not (internal or url) or b.w <= 0 or b.h <= 0:
            continue
        rect = (round(b.x, 2), round(height - b.bottom, 2), round(b.right, 2), round(height - b.y, 2))
        if internal:
            canvas.linkAbsolute("", e.target, rect, thickness=0)
        else:
            canvas._addAnnotation(_uri_link()(rect, url))  # type: ignore[attr-defined]  # reportlab's private API, absent from its stubs (major version pinned)


def _round_rect_path(w: float, h: float, r: float, fp: Callable[..., str]) -> str:
    """A rounded rectangle's outline with its lower left corner at the origin, as PDF path operators.

    Each corner is the usual four-point Bezier approximation of a quarter circle (as reportlab draws it).
    """
    k = r * (1 - 0.5522847498)  # from a corner to the control points of its arc
    return (
        f"{fp(r)} 0 m {fp(w - r)} 0 l {fp(w - k)} 0 {fp(w)} {fp(k)} {fp(w)} {fp(r)} c "
        f"{fp(w)} {fp(h - r)} l {fp(w)} {fp(h - k)} {fp(w - k)} {fp(h)} {fp(w - r)} {fp(h)} c "
        f"{fp(r)} {fp(h)} l {fp(k)} {fp(h)} 0 {fp(h - k)} 0 {fp(h - r)} c "
        f"0 {fp(r)} l 0 {fp(k)} {fp(k)} 0 {fp(r)} 0 c h"
    )


@cache
def _uri_link() -> type:
    """A borderless URI link annotation that formats itself in one step.

    Equivalent to `canvas.linkURL(url, rect, thickness=0)`, whose nested generic dictionaries cost a
    tenth of a millisecond each to write, and a large overview holds tens of thousands of links.
    Made on first use, as it must derive from reportlab's PDFObject and reportlab loads lazily.
    """
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfbase.pdfdoc import PDFObject, PDFString

    class UriLink(PDFObject):
        def __init__(self, rect: tuple[float, float, float, float], url: str) -> None:
            self.rect = rect
            self.url = url

        def format(self, document: object) -> bytes:
            uri = PDFString(self.url).format(document)
            rect = fp_str(*self.rect).encode()
            return (
                b"<< /A << /S /URI /Type /Action /URI "
                + uri
                + b" >> /Border [ 0 0 0 ] /Rect [ "
                + rect
                + b" ] /Subtype /Link /Type /Annot >>"
            )

    return UriLink
