"""PPTX: the Scene's overview as one editable slide of native PowerPoint shapes, text boxes and hyperlinks.

Rectangles become (rounded) rectangle shapes, each text a text box in Noto Sans (PowerPoint shows a
substitute where the font is not installed), connectors straight line segments, and every link a
click action on the shapes of its element. python-pptx stamps zip entries with the current time,
so the package is re-zipped with fixed timestamps to keep the bytes a function of the Scene.
"""

from __future__ import annotations

import datetime
import io
import itertools
import zipfile
from pathlib import Path as FilePath
from typing import Any

from ..links import safe_url
from ..roles import Role
from ..scene import Element, Path, Rect, Scene, Text
from ..text import FONT_FAMILY, metrics

EMU_PER_PT = 12700
MAX_SLIDE_PT = 4032.0  # PowerPoint's largest slide side: 56 inches
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def _rgb(colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


class _Slide:
    """Adds shapes to one slide, in points scaled to fit PowerPoint's slide size limit."""

    def __init__(self, slide: Any, scale: float) -> None:
        self.shapes = slide.shapes
        self.scale = scale

    def emu(self, pt: float) -> int:
        return round(pt * self.scale * EMU_PER_PT)

    def rect(self, r: Rect) -> Any:
        from pptx.enum.shapes import MSO_SHAPE

        b = r.box
        kind = MSO_SHAPE.ROUNDED_RECTANGLE if r.radius > 0 else MSO_SHAPE.RECTANGLE
        shape = self.shapes.add_shape(kind, self.emu(b.x), self.emu(b.y), max(self.emu(b.w), 1), max(self.emu(b.h), 1))
        if r.radius > 0:
            shape.adjustments[0] = min(0.5, r.radius / max(min(b.w, b.h), 0.01))
        if r.fill:
            shape.fill.solid()
            shape.fill.fore_color.rgb = _rgb(r.fill)
        else:
            shape.fill.background()
        if r.stroke and r.stroke_width:
            shape.line.color.rgb = _rgb(r.stroke)
            shape.line.width = self.emu(r.stroke_width)
        else:
            shape.line.fill.background()
        shape.shadow.inherit = False
        return shape

    def text(self, t: Text) -> Any:
        from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
        from pptx.util import Pt

        pad = t.size * 0.2
        left = t.left - pad
        top = t.y - metrics(t.font).ascent * t.size
        box = self.shapes.add_textbox(
            self.emu(left), self.emu(top), self.emu(t.width + 2 * pad), self.emu(t.size * 1.4)
        )
        frame = box.text_frame
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
        frame.word_wrap = False
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = MSO_ANCHOR.TOP
        para = frame.paragraphs[0]
        para.alignment = {"start": PP_ALIGN.LEFT, "middle": PP_ALIGN.CENTER, "end": PP_ALIGN.RIGHT}[t.anchor]
        run = para.add_run()
        run.text = t.text
        font = run.font
        font.name = FONT_FAMILY
        font.size = Pt(round(t.size * self.scale, 2))
        font.bold = t.font == "bold"
        font.italic = t.font == "italic"
        font.color.rgb = _rgb(t.colour)
        return box

    def path(self, p: Path) -> list[Any]:
        from pptx.enum.shapes import MSO_CONNECTOR

        points = p.points if not p.bezier else p.points[::3]  # connectors are polylines; curves become chords
        out = []
        for (x1, y1), (x2, y2) in itertools.pairwise(points):
            line = self.shapes.add_connector(
                MSO_CONNECTOR.STRAIGHT, self.emu(x1), self.emu(y1), self.emu(x2), self.emu(y2)
            )
            line.line.color.rgb = _rgb(p.colour)
            line.line.width = self.emu(p.width)
            out.append(line)
        return out

    def element(self, e: Element) -> None:
        shapes: list[Any] = [self.rect(r) for r in e.rects]
        for p in e.paths:
            shapes += self.path(p)
        shapes += [self.text(t) for t in e.texts]
        url = safe_url(e.url)
        if url:
            for shape in shapes:
                shape.click_action.hyperlink.address = url


def _deterministic_zip(data: bytes) -> bytes:
    """The same package, with every entry stamped 1980-01-01 so identical slides give identical bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def pptx_bytes(scene: Scene) -> bytes:
    from pptx import Presentation
    from pptx.util import Emu

    page = scene.overview
    scale = min(1.0, MAX_SLIDE_PT / max(page.width, page.height))
    prs = Presentation()
    prs.slide_width = Emu(round(page.width * scale * EMU_PER_PT))
    prs.slide_height = Emu(round(page.height * scale * EMU_PER_PT))
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    slide.background.fill.solid()
    slide.background.fill.fore_color.rgb = _rgb(page.background)
    canvas = _Slide(slide, scale)
    for e in page.elements:
        if e.role != Role.DETAIL_LINK:  # detail pages exist only in the PDF
            canvas.element(e)
    info = scene.info
    props = prs.core_properties
    props.title = info.title[:255]
    props.subject = info.subject[:255]
    props.author = info.author[:255]
    props.keywords = ", ".join(info.keywords)[:255]
    props.comments = f"Source: {info.source}. Licence: {info.licence}."[:255]
    stamp = datetime.datetime.fromisoformat(info.date) if info.date else datetime.datetime(2000, 1, 1)
    props.created = props.modified = stamp
    props.last_modified_by = "navigator"
    props.revision = 1
    buffer = io.BytesIO()
    prs.save(buffer)
    return _deterministic_zip(buffer.getvalue())


def render(scene: Scene, path: FilePath) -> None:
    FilePath(path).write_bytes(pptx_bytes(scene))
