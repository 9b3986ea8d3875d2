"""The PDF's pages planned as plain Scene elements, so that `pdf.py` only has to draw them.

Nothing here imports reportlab: the detail pages (wrapped text flowed onto A4 pages) and the split of a
huge overview into an index and one page per section are pure functions of the Scene, which keeps
them testable without a PDF and keeps the drawing code free of layout decisions. A page holds
Elements like the Scene's own, with the same meaning: `url` is an external link, `target` the name
of a destination inside the document ("overview", "section:<id>", "card:<id>", "detail:<id>").
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable, Iterator

from ..theme import THEME, text_on
from ..scene import Box, Detail, DetailControl, Element, OutlineEntry, Path, Rect, Scene, Text
from ..text import metrics, text_width, wrap

OVERVIEW = "overview"
MAX_SIDE = 14_400.0  # 200 inches: the largest page side that common PDF readers accept
A4 = (595.0, 842.0)
MARGIN = 50.0
BACK = "\u2039 Back to the navigator"  # ‹ : Noto Sans has no arrow glyphs
MANY = 10_000  # "no limit" for wrap's line count

INK, MUTED, LINK, RULE = THEME.ink, THEME.muted, THEME.link, THEME.divider


Group = tuple[float, tuple[Element, ...]]  # elements drawn moved down by the float


@dataclass(frozen=True, slots=True)
class Page:
    """One PDF page. Element coordinates are moved by (dx, dy), then scaled by `scale`, onto the page.

    Shifts and the scale live here, and each group of elements carries its own downward shift,
    rather than in moved copies of the elements: splitting a huge overview or flowing thousands of
    detail pages then creates no objects per element. `anchors` are the destinations on this page:
    (name, x, y) in the elements' coordinates.
    """

    width: float
    height: float
    groups: tuple[Group, ...]
    anchors: tuple[tuple[str, float, float], ...] = ()
    background: str = "#FFFFFF"
    dx: float = 0.0
    dy: float = 0.0
    scale: float = 1.0

    def place(self, x: float, y: float) -> tuple[float, float]:
        """A point of the elements' coordinates on the page (points, origin top left)."""
        return (x + self.dx) * self.scale, (y + self.dy) * self.scale


def plan(scene: Scene) -> tuple[Page, ...]:
    """Every page of the PDF in order: the overview (one page, or an index and its sections), then the details."""
    wanted = outline_targets(scene.outline) | {e.target for e in scene.elements if e.target}
    split = scene.width > MAX_SIDE or scene.height > MAX_SIDE
    bands = _bands(scene) if split else []
    first_detail = 2 + len(bands)
    details = detail_pages(scene, first_detail)
    overview = (
        split_overview(scene, bands, wanted, (first_detail, first_detail + len(details) - 1))
        if bands
        else [_whole(scene, wanted)]
    )
    return (*overview, *details)


def outline_targets(entries: Iterable[OutlineEntry]) -> set[str]:
    out: set[str] = set()
    for entry in entries:
        out.add(entry.target)
        out |= outline_targets(entry.children)
    return out


def _anchor(e: Element) -> tuple[str, float, float]:
    """Where a jump to an element lands: a little above it, so its tabs and heading show."""
    return e.id, e.box.x, max(e.box.y - 16.0, 0.0)


def _whole(scene: Scene, wanted: set[str]) -> Page:
    anchors = [(OVERVIEW, 0.0, 0.0)] + [_anchor(e) for e in scene.elements if e.id in wanted]
    width, height, scale = _fitted(scene.width, scene.height)  # only a huge scene without sections is scaled
    return Page(width, height, ((0.0, scene.elements),), tuple(anchors), scene.background, scale=scale)


def _fitted(width: float, height: float) -> tuple[float, float, float]:
    """Page size and content scale so that no side exceeds what readers open."""
    scale = min(1.0, MAX_SIDE / max(width, height))
    return width * scale, height * scale, scale


# --- a huge overview: an index page, then one page per section band -------------------------------


def _bands(scene: Scene) -> list[Element]:
    return sorted((e for e in scene.elements if e.role == "section"), key=lambda e: e.box.y)


def split_overview(scene: Scene, bands: list[Element], wanted: set[str], detail_range: tuple[int, int]) -> list[Page]:
    """Each element goes to the band its top lies in (found by bisection, not by scanning the bands);
    what lies above the first band is the title and legend, what lies below the last the footer."""
    tops = [b.box.y for b in bands]
    members: list[list[Element]] = [[] for _ in bands]
    above: list[Element] = []
    below: list[Element] = []
    for e in scene.elements:
        i = bisect_right(tops, e.box.y + 0.01) - 1
        if i < 0:
            above.append(e)
        elif i == len(bands) - 1 and e.box.y >= bands[-1].box.bottom - 0.01 and e.role != "section":
            below.append(e)
        else:
            members[i].append(e)
    pages = [_band_page(scene, band, els, wanted, n + 2) for n, (band, els) in enumerate(zip(bands, members))]
    return [_index_page(scene, bands, above, below, detail_range), *pages]


def _section_title(scene: Scene, band: Element) -> str:
    for entry in scene.outline:
        if entry.target == band.id:
            return entry.title
    return band.ref or band.id


def _line(
    id: str,
    role: str,
    x: float,
    top: float,
    text: str,
    font: str,
    size: float,
    colour: str,
    leading: float,
    **link: str,
) -> Element:
    """A one-line element whose box is the line box, so a link covers exactly the words."""
    width = round(text_width(text, font, size), 3)
    t = Text(x, round(baseline(top, leading, size, font), 3), text, font, size, colour, width)
    return Element(id=id, role=role, box=Box(x, top, width, leading), texts=(t,), **link)


def _index_page(
    scene: Scene, bands: list[Element], above: list[Element], below: list[Element], detail_range: tuple[int, int]
) -> Page:
    x = min((e.box.x for e in above), default=THEME.margin)
    y = max((e.box.bottom for e in above), default=THEME.margin) + 28
    listing = [_line("index:heading", "index", x, y, "Sections, one page each", "bold", 16, INK, 24)]
    y += 30
    for page_no, band in enumerate(bands, start=2):
        title = _section_title(scene, band)
        entry = _line(f"index:{band.id}", "index-entry", x + 8, y, title, "bold", 12, LINK, 20, target=band.id)
        listing += [
            entry,
            _line(
                f"index-page:{band.id}",
                "index",
                entry.box.right + 8,
                y + 1.5,
                f"\u00b7 page {page_no}",
                "regular",
                9,
                MUTED,
                20,
            ),
        ]
        y += 22
    if scene.details:
        first, last = detail_range
        entry = _line(
            "index:details",
            "index-entry",
            x + 8,
            y + 6,
            "Threat details",
            "bold",
            12,
            LINK,
            20,
            target=f"detail:{scene.details[0].id}",
        )
        pages = f"\u00b7 pages {first}\u2013{last}" if last > first else f"\u00b7 page {first}"
        listing += [
            entry,
            _line("index-page:details", "index", entry.box.right + 8, y + 7.5, pages, "regular", 9, MUTED, 20),
        ]
        y += 28
    shift = y + 16 - min((e.box.y for e in below), default=y)
    right = max(e.box.right for e in (*above, *listing, *below)) + x
    bottom = max(e.box.bottom + shift for e in below) if below else y
    width, height, scale = _fitted(max(right, 595.0), bottom + THEME.margin)
    groups = ((0.0, (*above, *listing)), (shift, tuple(below)))
    return Page(width, height, groups, ((OVERVIEW, 0.0, 0.0),), scene.background, scale=scale)


def _band_page(scene: Scene, band: Element, members: list[Element], wanted: set[str], page_no: int) -> Page:
    """The band at the top left under a back link, its page as large as the band plus margins."""
    margin, top = THEME.margin, THEME.margin + 18
    x0 = min(e.box.x for e in members)
    y0 = min(e.box.y for e in members)
    right = max(e.box.right for e in members)
    bottom = max(e.box.bottom for e in members)
    back = _line(
        f"back:{band.id}",
        "back-link",
        x0,
        y0 - top + 8,
        "\u2039 Index and legend",
        "regular",
        9,
        LINK,
        14,
        target=OVERVIEW,
    )
    where = _line(
        f"page:{band.id}",
        "page-label",
        x0,
        y0 - top + 8,
        f"{_section_title(scene, band)} \u00b7 page {page_no}",
        "regular",
        9,
        MUTED,
        14,
    )
    where = shifted(where, 0.0, right - where.box.right)
    anchors = [(band.id, x0 - margin, y0 - top)] + [_anchor(e) for e in members if e.id in wanted and e.id != band.id]
    width, height, scale = _fitted(right - x0 + 2 * margin, bottom - y0 + top + margin)
    return Page(
        width, height, ((0.0, (back, where, *members)),), tuple(anchors), scene.background, margin - x0, top - y0, scale
    )


def shifted(e: Element, dy: float, dx: float = 0.0) -> Element:
    """The element moved, with everything it draws (only for the few elements a page adds)."""

    def box(b: Box) -> Box:
        return Box(b.x + dx, b.y + dy, b.w, b.h)

    return replace(
        e,
        box=box(e.box),
        rects=tuple(replace(r, box=box(r.box)) for r in e.rects),
        texts=tuple(replace(t, x=t.x + dx, y=t.y + dy) for t in e.texts),
        paths=tuple(replace(p, points=tuple((x + dx, y + dy) for x, y in p.points)) for p in e.paths),
    )


def baseline(top: float, leading: float, size: float, font: str) -> float:
    """The baseline that centres capitals in a line box, as the cards do, so lines sit evenly."""
    return top + leading / 2 + metrics(font).cap_height * size / 2


# --- detail pages ---------------------------------------------------------------------------------

W, H = A4
INNER = W - 2 * MARGIN
BADGE = 11.0
INDENT = BADGE + 6


@dataclass(frozen=True, slots=True)
class Strip:
    """A horizontal strip of a detail page that is never broken: a line, a table row, a control's head."""

    height: float
    elements: tuple[Element, ...]  # at y relative to the strip's top


@dataclass(frozen=True, slots=True)
class Block:
    """Strips that belong together: kept on one page when they fit on one, else flowed strip by strip.

    `with_next` keeps a heading on the page of what it heads.
    """

    strips: tuple[Strip, ...]
    space_before: float = 0.0
    keep: bool = False
    with_next: bool = False

    @property
    def height(self) -> float:
        return sum(s.height for s in self.strips)


def detail_pages(scene: Scene, first_page: int) -> list[Page]:
    pages: list[Page] = []
    for detail in scene.details:
        pages += _paginate(scene, detail, list(_blocks(detail)), first_page + len(pages))
    return pages


def _paragraph(
    id: str,
    text: str,
    font: str,
    size: float,
    leading: float,
    colour: str,
    x: float = MARGIN,
    width: float = INNER,
    max_lines: int = MANY,
    **link: str,
) -> list[Strip]:
    lines, _ = wrap(text, font, size, width, max_lines)
    return [
        Strip(leading, (_line(f"{id}:{i}", "text", x, 0.0, line, font, size, colour, leading, **link),))
        for i, line in enumerate(lines)
    ]


def _heading(id: str, text: str) -> Block:
    return Block(tuple(_paragraph(id, text, "bold", 12.5, 18, INK)), space_before=16, with_next=True)


def _blocks(d: Detail) -> Iterator[Block]:
    link = {"url": d.url} if d.url else {}
    # a title longer than a third of a page is an accident of the data; the full text stays in the catalog
    yield Block(
        tuple(_paragraph(f"{d.id}:title", d.title, "bold", 19, 24, LINK if d.url else INK, max_lines=8, **link)),
        keep=True,
    )
    if d.summary:
        yield Block(tuple(_paragraph(f"{d.id}:summary", d.summary, "regular", 10.5, 15, INK)), space_before=8)
    if d.facts:
        yield Block(tuple(_fact(label, value) for label, value in d.facts), space_before=12, keep=True)
    yield _heading(
        f"{d.id}:controls",
        f"Controls against this threat ({len(d.controls)})" if d.controls else "Controls against this threat",
    )
    if not d.controls:
        yield Block(
            tuple(
                _paragraph(
                    f"{d.id}:nocontrols", "The catalog lists no controls for this threat.", "regular", 9.5, 14, MUTED
                )
            )
        )
    for i, c in enumerate(d.controls):
        yield Block(_control(c), space_before=6 if i else 2, keep=True)
    if d.children:
        yield _heading(f"{d.id}:children", "Sub-threats")
        for i, child in enumerate(d.children):
            yield Block(tuple(_item(f"{d.id}:child:{i}", child.label, target=child.target, url=child.url)))
    if d.references:
        yield _heading(f"{d.id}:references", "References to other frameworks")
        for i, ref in enumerate(d.references):
            yield Block(tuple(_item(f"{d.id}:reference:{i}", ref.label, target=ref.target, url=ref.url)), keep=True)
    if d.notes:
        head = _paragraph(f"{d.id}:notes-heading", "Editorial notes", "bold", 8.5, 13, MUTED)
        yield Block(tuple(head), space_before=18, with_next=True)
        yield Block(tuple(_paragraph(f"{d.id}:notes", d.notes, "regular", 8, 11, MUTED)))


@lru_cache(maxsize=4096)
def _fact(label: str, value: str) -> Strip:
    """A table row: the label in a narrow column, the value wrapped beside it, a rule beneath.

    Cached, like controls, because most rows recur on many pages ("Kind: Threat").
    """
    id = f"fact:{label}"
    label_w, lead, pad = 104.0, 12.5, 3.5
    labels, _ = wrap(label, "bold", 8.5, label_w - 8, 3)
    values, _ = wrap(value, "regular", 9, INNER - label_w, 20)
    rows = max(len(labels), len(values), 1)
    texts = [
        _line(f"{id}:v{i}", "text", MARGIN + label_w, pad + i * lead, s, "regular", 9, INK, lead).texts[0]
        for i, s in enumerate(values)
    ]
    # labels share the values' baselines, though smaller, so each row reads as one line
    texts += [
        replace(
            _line(f"{id}:l{i}", "text", MARGIN, pad + i * lead, s, "bold", 8.5, MUTED, lead).texts[0],
            y=round(baseline(pad + i * lead, lead, 9, "regular"), 3),
        )
        for i, s in enumerate(labels)
    ]
    height = rows * lead + 2 * pad
    rule = Path(((MARGIN, height), (MARGIN + INNER, height)), RULE, 0.6)
    return Strip(
        height, (Element(id=id, role="fact", box=Box(MARGIN, 0.0, INNER, height), texts=tuple(texts), paths=(rule,)),)
    )


@lru_cache(maxsize=4096)
def _control(c: DetailControl) -> tuple[Strip, ...]:
    """Badge and name (a link), then type and how it applies (muted), then its summary.

    Cached: a catalog's controls each protect many threats, so the same strips recur on many pages
    and wrapping their summaries again would dominate planning a large catalog.
    """
    id = f"control:{c.id}:{c.via}"
    lead = 14.0
    names, _ = wrap(c.label, "bold", 10, INNER - INDENT, 4)
    by = (lead - BADGE) / 2
    badge = Rect(Box(MARGIN, by, BADGE, BADGE), fill=c.type_colour, radius=1.5)
    symbol_size = BADGE * 0.72
    symbol = Text(
        MARGIN + BADGE / 2,
        round(baseline(by, BADGE, symbol_size, "bold"), 3),
        c.type_symbol,
        "bold",
        symbol_size,
        text_on(c.type_colour),
        round(text_width(c.type_symbol, "bold", symbol_size), 3),
        "middle",
    )
    head = [
        _line(f"{id}:name:{i}", "text", MARGIN + INDENT, i * lead, s, "bold", 10, LINK if c.url else INK, lead).texts[0]
        for i, s in enumerate(names)
    ]
    width = INDENT + max(t.width for t in head) if head else BADGE
    link = {"url": c.url} if c.url else {}
    strips = [
        Strip(
            lead * max(len(names), 1),
            (
                Element(
                    id=f"{id}:name",
                    role="detail-control",
                    ref=c.id,
                    box=Box(MARGIN, 0.0, width, lead * len(names)),
                    rects=(badge,),
                    texts=(symbol, *head),
                    **link,
                ),
            ),
        )
    ]
    meta = " \u00b7 ".join(s for s in (c.type_label, c.via) if s)
    if meta:
        strips += _paragraph(f"{id}:meta", meta, "regular", 8, 11, MUTED, MARGIN + INDENT, INNER - INDENT)
    if c.summary:
        strips += _paragraph(f"{id}:summary", c.summary, "regular", 9, 12.5, INK, MARGIN + INDENT, INNER - INDENT)
    return tuple(strips)


def _item(id: str, label: str, target: str, url: str) -> list[Strip]:
    """A bulleted list entry, the whole label one link (internal when it has a target)."""
    link = {k: v for k, v in (("target", target), ("url", url)) if v}
    strips = _paragraph(id, label, "regular", 9.5, 14, LINK if link else INK, MARGIN + 12, INNER - 12, **link)
    if strips:
        bullet = _line(f"{id}:bullet", "text", MARGIN + 2, 0.0, "\u2022", "regular", 9.5, MUTED, 14)
        strips[0] = Strip(strips[0].height, (bullet, *strips[0].elements))
    return strips


def _head(d: Detail, page_no: int, continued: bool) -> tuple[Element, ...]:
    """The back link, and which threat a continuation page belongs to."""
    top = MARGIN - 26
    back = _line(f"{d.id}:back:{page_no}", "back-link", MARGIN, top, BACK, "regular", 9, LINK, 14, target=OVERVIEW)
    label = wrap(f"{d.title} (continued)" if continued else "Threat details", "regular", 8, INNER - back.box.w - 20, 1)[
        0
    ]
    if not label:
        return (back,)
    right = _line(f"{d.id}:label:{page_no}", "page-label", MARGIN, top + 1, label[0], "regular", 8, MUTED, 14)
    return back, shifted(right, 0.0, INNER - right.box.w)


def _foot(scene: Scene, d: Detail, page_no: int) -> tuple[Element, ...]:
    """Where the content comes from and the page number, for a printed page that lies alone."""
    number = _line(
        f"{d.id}:page:{page_no}", "page-label", MARGIN, H - MARGIN + 14, f"page {page_no}", "regular", 7.5, MUTED, 12
    )
    number = shifted(number, 0.0, INNER - number.box.w)
    info = scene.info
    source = " ".join(
        s
        for s in (
            info.author,
            info.version,
            f"({info.date})" if info.date else "",
            f"\u00b7 {info.licence}" if info.licence else "",
        )
        if s
    )
    lines = wrap(source, "regular", 7.5, INNER - number.box.w - 20, 1)[0]
    if not lines:
        return (number,)
    return _line(
        f"{d.id}:source:{page_no}", "page-label", MARGIN, H - MARGIN + 14, lines[0], "regular", 7.5, MUTED, 12
    ), number


def _paginate(scene: Scene, d: Detail, blocks: list[Block], first_page: int) -> list[Page]:
    """Flow the blocks onto as many A4 pages as they need; the first page is the threat's destination.

    Each page is drawn head, content, foot, so that text extracted or read aloud follows that order.
    """
    top, bottom = MARGIN, H - MARGIN
    contents: list[list[Group]] = [[]]
    y = top
    for i, block in enumerate(blocks):
        if y > top:
            y += block.space_before
        need = _need(block)
        if block.with_next and i + 1 < len(blocks):
            need += blocks[i + 1].space_before + _need(blocks[i + 1])
        if y + need > bottom and y > top:
            contents.append([])
            y = top
        for strip in block.strips:
            if y + strip.height > bottom and y > top:
                contents.append([])
                y = top
            contents[-1].append((y, strip.elements))
            y += strip.height
    pages = []
    for n, groups in enumerate(contents):
        page_no = first_page + n
        anchors = ((f"detail:{d.id}", 0.0, 0.0),) if n == 0 else ()
        pages.append(
            Page(W, H, ((0.0, _head(d, page_no, n > 0)), *groups, (0.0, _foot(scene, d, page_no))), anchors, "#FFFFFF")
        )
    return pages


def _need(block: Block) -> float:
    """The height a block needs at once: all of it when kept together and it fits a page, else its first strip."""
    if block.keep and block.height <= H - 2 * MARGIN:
        return block.height
    return block.strips[0].height if block.strips else 0.0
