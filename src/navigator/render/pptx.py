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
from xml.sax.saxutils import escape

from ..faces import face_of
from ..links import safe_url
from ..roles import PageKind, Role
from ..scene import Element, Page, Scene
from .pptx_shapes import EMU_PER_PT, NAMESPACES, ShapeWriter, hyperlink, wrap_shapes

MAX_SLIDE_PT = 4032.0  # PowerPoint's largest slide side: 56 inches
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_URL = re.compile(r"(https?://\S+)")
_EMPTY_PARAGRAPH = '<a:endParaRPr lang="en-US"/>'

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
                rid = self.rids[target] = _relate(self.part, self.slides[target].part, RT.SLIDE)
            return hyperlink(rid, jump=True)
        url = safe_url(e.url)
        if not url:
            return ""
        rid = self.rids.get(url)
        if rid is None:
            rid = self.rids[url] = _relate(self.part, url, RT.HYPERLINK, external=True)
        return hyperlink(rid)


# python-pptx's public ways to relate parts and add notes slides search every relationship of the
# part, or every part of the package, on each call, which made a deck of a large catalog take
# minutes (docs/performance.md). Each target is related once here (`_Links` remembers it), and
# notes slides are named by their slide's number, so these two use python-pptx's internals of the
# 1.x series (pinned in pyproject.toml), which `tests/test_render_pptx.py` reads back.


def _relate(part: Any, target: Any, reltype: str, external: bool = False) -> str:
    return str(part.rels._add_relationship(reltype, target, external))


def _add_notes(prs: Any, slide: Any, number: int, notes: str) -> None:
    """A notes slide for `slide`, made as python-pptx makes one, holding `notes`: a paragraph per
    line, each address in them a link."""
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.packuri import PackURI
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import qn
    from pptx.oxml.slide import CT_NotesSlide
    from pptx.parts.slide import NotesSlidePart

    master = prs.part.notes_master_part
    part = NotesSlidePart(
        PackURI(f"/ppt/notesSlides/notesSlide{number}.xml"), CT.PML_NOTES_SLIDE, prs.part.package, CT_NotesSlide.new()
    )
    _relate(part, master, RT.NOTES_MASTER)
    _relate(part, slide.part, RT.SLIDE)
    part.notes_slide.clone_master_placeholders(master.notes_master)
    _relate(slide.part, part, RT.NOTES_SLIDE)
    body = part.notes_slide.notes_text_frame._txBody
    for para in body.findall(qn("a:p")):
        body.remove(para)
    rids: dict[str, str] = {}
    paragraphs = []
    for text in notes.split("\n"):
        runs = []
        for piece in _URL.split(text):
            if not piece:
                continue
            url = safe_url(piece) if _URL.fullmatch(piece) else None
            click = ""
            if url:
                rid = rids.get(url) or rids.setdefault(url, _relate(part, url, RT.HYPERLINK, external=True))
                click = hyperlink(rid)
            runs.append(f'<a:r><a:rPr lang="en-US" dirty="0">{click}</a:rPr><a:t>{escape(piece)}</a:t></a:r>')
        paragraphs.append(f"<a:p>{''.join(runs) or _EMPTY_PARAGRAPH}</a:p>")
    body.extend(list(parse_xml(f"<a:txBody {NAMESPACES}>{''.join(paragraphs)}</a:txBody>")))


def pptx_bytes(scene: Scene) -> bytes:
    from pptx import Presentation
    from pptx.oxml import parse_xml
    from pptx.util import Emu

    pages = slides_of(scene)
    first = pages[0]
    cap = min(1.0, MAX_SLIDE_PT / max(first.width, first.height))
    width, height = first.width * cap, first.height * cap
    prs = Presentation()
    prs.slide_width = Emu(round(width * EMU_PER_PT))
    prs.slide_height = Emu(round(height * EMU_PER_PT))
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
            _add_notes(prs, slide, i + 1, page.notes)
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
