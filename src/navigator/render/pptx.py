"""PPTX: a deck of editable slides, one per page a deck's layout made, with speaker notes and links.

A Scene laid out for a deck (`Target.slide`: its first page is the title slide) becomes one slide per
printed page, in order; any other Scene becomes one slide of its overview, as large as PowerPoint
allows (56 inches) and scaled down to fit beyond. Shapes are written by `pptx_shapes` in one pass
per slide; python-pptx builds the package around them (slides, notes, relationships, properties).
A link whose destination is on another slide of the deck jumps there; any other link opens its
address. python-pptx stamps zip entries with the current time, so the package is re-zipped with
fixed timestamps to keep the bytes a function of the Scene.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path as FilePath
from typing import Any

from ..faces import face_of
from ..links import safe_url
from ..roles import PageKind, Role
from ..scene import Element, Page, Scene
from .pptx_shapes import EMU_PER_PT, ShapeWriter, hyperlink, wrap_shapes

MAX_SLIDE_PT = 4032.0  # PowerPoint's largest slide side: 56 inches
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_URL = re.compile(r"(https?://\S+)")

__all__ = ["EMU_PER_PT", "MAX_SLIDE_PT", "pptx_bytes", "render"]


def _rgb(colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


def slides_of(scene: Scene) -> tuple[Page, ...]:
    """The pages a PPTX draws: every printed page of a deck, else the overview alone."""
    if scene.pages[0].kind == PageKind.TITLE:
        return scene.printed
    return (scene.overview,)


class _Links:
    """Click actions of one slide's elements, each address or slide related once."""

    def __init__(self, slide: Any, index: int, slides: list[Any], where: dict[str, int]) -> None:
        self.part = slide.part
        self.index = index
        self.slides = slides
        self.where = where
        self.rids: dict[object, str] = {}

    def __call__(self, e: Element) -> str:
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        target = self.where.get(e.target, self.index) if e.target else self.index
        if target != self.index:
            rid = self.rids.get(target)
            if rid is None:
                rid = self.rids[target] = self.part.relate_to(self.slides[target].part, RT.SLIDE)
            return hyperlink(rid, jump=True)
        url = safe_url(e.url)
        if not url:
            return ""
        rid = self.rids.get(url)
        if rid is None:
            rid = self.rids[url] = self.part.relate_to(url, RT.HYPERLINK, is_external=True)
        return hyperlink(rid)


def _notes(slide: Any, notes: str) -> None:
    """Speaker notes, a paragraph per line, each address in them a link."""
    frame = slide.notes_slide.notes_text_frame
    for k, text in enumerate(notes.split("\n")):
        para = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
        for piece in _URL.split(text):
            if not piece:
                continue
            run = para.add_run()
            run.text = piece
            url = safe_url(piece) if _URL.fullmatch(piece) else None
            if url:
                run.hyperlink.address = url


def pptx_bytes(scene: Scene) -> bytes:
    from pptx import Presentation
    from pptx.oxml import parse_xml

    pages = slides_of(scene)
    first = pages[0]
    cap = min(1.0, MAX_SLIDE_PT / max(first.width, first.height))
    width, height = first.width * cap, first.height * cap
    prs = Presentation()
    prs.slide_width = round(width * EMU_PER_PT)
    prs.slide_height = round(height * EMU_PER_PT)
    blank = prs.slide_layouts[6]
    slides = [prs.slides.add_slide(blank) for _ in pages]
    where: dict[str, int] = {}  # destination name -> the slide it is on
    for i, page in enumerate(pages):
        where.setdefault(page.id, i)
        for name, _, _ in page.anchors:
            where.setdefault(name, i)
    face = face_of(scene.fonts)
    skip = frozenset() if any(p.kind == PageKind.DETAIL for p in pages) else frozenset({Role.DETAIL_LINK})
    for i, (page, slide) in enumerate(zip(pages, slides)):
        scale = min(width / page.width, height / page.height)
        dx, dy = (width - page.width * scale) / 2, (height - page.height * scale) / 2
        slide.background.fill.solid()
        slide.background.fill.fore_color.rgb = _rgb(page.background)
        writer = ShapeWriter(face, _Links(slide, i, slides, where), scale, dx, dy)
        shapes = writer.page(page, skip)
        if shapes:
            slide.shapes._spTree.extend(list(parse_xml(wrap_shapes(shapes))))
        if page.notes:
            _notes(slide, page.notes)
    _properties(prs, scene)
    buffer = io.BytesIO()
    prs.save(buffer)
    return _deterministic_zip(buffer.getvalue())


def _properties(prs: Any, scene: Scene) -> None:
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


def render(scene: Scene, path: FilePath) -> None:
    FilePath(path).write_bytes(pptx_bytes(scene))
