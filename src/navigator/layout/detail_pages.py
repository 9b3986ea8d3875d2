"""Detail pages: what the Scene's `details` say about each threat, typeset and flowed onto paper.

A threat's page has its title (a link to its own page), summary, a table of facts, every control
that applies with its badge, type, how it applies and its summary, its sub-threats (links to their
detail pages), references to other frameworks and editorial notes, under a link back to the
overview and above a foot that says where the content comes from and the page number. Text is
wrapped with the vendored fonts; what must stay together (a control's head, a table) moves to the
next page whole, a long paragraph flows line by line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..annotations import Assessed
from ..roles import CARD, DETAIL, PageKind, Role
from ..scene import Box, Detail, DetailControl, DocInfo, Element, Page, Path, Text
from ..text import wrap
from ..theme import THEME, Theme
from .cards import Badge, baseline
from .typeset import MANY, TEXT, down, line, paragraph_lines, placed

MARGIN = 50.0
BADGE = 11.0
INDENT = BADGE + 6
BACK = "\u2039 Back to the navigator"  # ‹ : Noto Sans has no arrow glyphs


@dataclass(frozen=True, slots=True)
class Strip:
    """A horizontal strip of a detail page that is never broken: a line, a table row, a control's head.

    `para` names the paragraph a line without links belongs to: its lines that land on one page
    become one element (fewer objects and a smaller Scene; each line is still its own text).
    """

    height: float
    elements: tuple[Element, ...]  # at y relative to the strip's top
    para: str = ""


@dataclass(frozen=True, slots=True)
class Block:
    """Strips that belong together: kept on one page when they fit on one, else flowed strip by strip.

    `with_next` keeps a heading on the page of what it heads.
    """

    strips: tuple[Strip, ...]
    space_before: float = 0.0
    keep: bool = False
    with_next: bool = False
    height: float = 0.0  # of all its strips: see `block`


def block(
    strips: list[Strip] | tuple[Strip, ...], space_before: float = 0.0, keep: bool = False, with_next: bool = False
) -> Block:
    return Block(tuple(strips), space_before, keep, with_next, sum(s.height for s in strips))


class DetailPages:
    """Typesets the detail pages of one Scene on one paper size, remembering what pages share: a
    control's strips recur on the page of every threat it protects, and a fact row ("Kind: Threat")
    on most pages, so each is wrapped once."""

    def __init__(self, info: DocInfo, paper: tuple[float, float], t: Theme = THEME, assessed: Assessed | None = None):
        self.assessed = assessed  # a tailored build's: why each threat applies, each control's status
        self.info = info
        self.w, self.h = paper
        self.inner = self.w - 2 * MARGIN
        self.t = t
        self._facts: dict[tuple[str, str], Strip] = {}
        self._controls: dict[DetailControl, tuple[Strip, ...]] = {}

    def pages(self, details: tuple[Detail, ...], first_page: int) -> list[Page]:
        """Every threat's pages in order; `first_page` is the printed number of the first."""
        pages: list[Page] = []
        for detail in details:
            pages += self._paginate(detail, list(self._blocks(detail)), first_page + len(pages))
        return pages

    def _paragraph(
        self,
        id: str,
        text: str,
        font: str,
        size: float,
        leading: float,
        colour: str,
        x: float = MARGIN,
        width: float | None = None,
        max_lines: int = MANY,
        url: str = "",
        target: str = "",
        para: str = "",
    ) -> list[Strip]:
        """Lines of `text`; without links, lines of one `para` (by default the paragraph) join up on a page."""
        lines = paragraph_lines(
            id, text, font, size, leading, colour, x, self.inner if width is None else width, max_lines, url, target
        )
        joined = "" if url or target else para or id
        return [Strip(leading, (e,), joined) for e in lines]

    def _heading(self, id: str, text: str) -> Block:
        return block(self._paragraph(id, text, "bold", 12.5, 18, self.t.ink), space_before=16, with_next=True)

    def _blocks(self, d: Detail) -> Iterator[Block]:
        t = self.t
        # a title longer than a third of a page is an accident of the data; the full text stays in the catalog
        title = self._paragraph(
            f"{d.id}:title", d.title, "bold", 19, 24, t.link if d.url else t.ink, max_lines=8, url=d.url
        )
        yield block(title, keep=True)
        if d.summary:
            yield block(self._paragraph(f"{d.id}:summary", d.summary, "regular", 10.5, 15, t.ink), space_before=8)
        if d.facts:
            yield block([self._fact(label, value) for label, value in d.facts], space_before=12, keep=True)
        if self.assessed is not None:
            from .assessed_pages import why

            yield from why(self, d, self.assessed)
        yield self._heading(
            f"{d.id}:controls",
            f"Controls against this threat ({len(d.controls)})" if d.controls else "Controls against this threat",
        )
        if not d.controls:
            none = "The catalog lists no controls for this threat."
            yield block(self._paragraph(f"{d.id}:nocontrols", none, "regular", 9.5, 14, t.muted))
        for i, c in enumerate(d.controls):
            yield block(self._control(c), space_before=6 if i else 2, keep=True)
        if d.children:
            yield self._heading(f"{d.id}:children", "Sub-threats")
            for i, child in enumerate(d.children):
                yield block(self._item(f"{d.id}:child:{i}", child.label, child.target, child.url))
        if d.references:
            yield self._heading(f"{d.id}:references", "References to other frameworks")
            for i, ref in enumerate(d.references):
                yield block(self._item(f"{d.id}:reference:{i}", ref.label, ref.target, ref.url), keep=True)
        if d.notes:
            head = self._paragraph(f"{d.id}:notes-heading", "Editorial notes", "bold", 8.5, 13, t.muted)
            yield block(head, space_before=18, with_next=True)
            yield block(self._paragraph(f"{d.id}:notes", d.notes, "regular", 8, 11, t.muted))

    def _fact(self, label: str, value: str) -> Strip:
        """A table row: the label in a narrow column, the value wrapped beside it, a rule beneath."""
        found = self._facts.get((label, value))
        if found is not None:
            return found
        t, inner = self.t, self.inner
        id = f"fact:{label}"
        label_w, lead, pad = 104.0, 12.5, 3.5
        labels, _ = wrap(label, "bold", 8.5, label_w - 8, 3)
        values, _ = wrap(value, "regular", 9, inner - label_w, 20)
        rows = max(len(labels), len(values), 1)
        texts = [
            line(f"{id}:v{i}", Role.TEXT, MARGIN + label_w, pad + i * lead, s, "regular", 9, t.ink, lead).texts[0]
            for i, s in enumerate(values)
        ]
        # labels share the values' baselines, though smaller, so each row reads as one line
        for i, s in enumerate(labels):
            own = line(f"{id}:l{i}", Role.TEXT, MARGIN, pad + i * lead, s, "bold", 8.5, t.muted, lead).texts[0]
            y = round(baseline(pad + i * lead, lead, 9, "regular"), 3)
            texts.append(Text(own.x, y, own.text, own.font, own.size, own.colour, own.width, own.anchor))
        height = rows * lead + 2 * pad
        rule = Path(((MARGIN, height), (MARGIN + inner, height)), t.divider, 0.6)
        fact = Element(id=id, role=Role.FACT, box=Box(MARGIN, 0.0, inner, height), texts=tuple(texts), paths=(rule,))
        strip = self._facts[(label, value)] = Strip(height, (fact,))
        return strip

    def _control(self, c: DetailControl) -> tuple[Strip, ...]:
        """Badge and name (a link), then type and how it applies (muted), then its summary."""
        found = self._controls.get(c)
        if found is not None:
            return found
        t, inner = self.t, self.inner
        id = f"control:{c.id}:{c.via}"
        lead = 14.0
        names, _ = wrap(c.label, "bold", 10, inner - INDENT, 4)
        by = (lead - BADGE) / 2
        badge = Badge(c.type_colour, c.type_symbol, BADGE, t)
        head = [
            line(
                f"{id}:name:{i}", Role.TEXT, MARGIN + INDENT, i * lead, s, "bold", 10, t.link if c.url else t.ink, lead
            ).texts[0]
            for i, s in enumerate(names)
        ]
        width = INDENT + max(x.width for x in head) if head else BADGE
        name = Element(
            id=f"{id}:name",
            role=Role.DETAIL_CONTROL,
            ref=c.id,
            box=Box(MARGIN, 0.0, width, lead * len(names)),
            rects=(badge.rect(MARGIN, by, snap=False),),
            texts=(badge.text(MARGIN, by), *head),
            url=c.url,
        )
        strips = [Strip(lead * max(len(names), 1), (name,))]
        meta = " \u00b7 ".join(s for s in (c.type_label, c.via) if s)
        if meta:
            strips += self._paragraph(
                f"{id}:meta", meta, "regular", 8, 11, t.muted, MARGIN + INDENT, inner - INDENT, para=id
            )
        if self.assessed is not None:
            from .assessed_pages import status_strips

            strips += status_strips(self, c, self.assessed)
        if c.summary:
            strips += self._paragraph(
                f"{id}:summary", c.summary, "regular", 9, 12.5, t.ink, MARGIN + INDENT, inner - INDENT, para=id
            )
        found = self._controls[c] = tuple(strips)
        return found

    def _item(self, id: str, label: str, target: str, url: str) -> list[Strip]:
        """A bulleted list entry, the whole label one link (internal when it has a target)."""
        t = self.t
        colour = t.link if target or url else t.ink
        strips = self._paragraph(
            id, label, "regular", 9.5, 14, colour, MARGIN + 12, self.inner - 12, url=url, target=target
        )
        if strips:
            bullet = line(f"{id}:bullet", Role.TEXT, MARGIN + 2, 0.0, "\u2022", "regular", 9.5, t.muted, 14)
            strips[0] = Strip(strips[0].height, (bullet, *strips[0].elements))
        return strips

    def _head(self, d: Detail, page_no: int, continued: bool) -> tuple[Element, ...]:
        """The back link, and which threat a continuation page belongs to."""
        t, inner = self.t, self.inner
        top = MARGIN - 26
        back = line(
            f"{d.id}:back:{page_no}",
            Role.BACK_LINK,
            MARGIN,
            top,
            BACK,
            "regular",
            9,
            t.link,
            14,
            target=f"{CARD}{d.id}",
        )
        text = f"{d.title} (continued)" if continued else "Threat details"
        label = wrap(text, "regular", 8, inner - back.box.w - 20, 1)[0]
        if not label:
            return (back,)
        right = line(f"{d.id}:label:{page_no}", Role.PAGE_LABEL, MARGIN, top + 1, label[0], "regular", 8, t.muted, 14)
        return back, placed(right, inner - right.box.w, 0.0)

    def _foot(self, d: Detail, page_no: int) -> tuple[Element, ...]:
        """Where the content comes from and the page number, for a printed page that lies alone."""
        t, inner, y = self.t, self.inner, self.h - MARGIN + 14
        number = line(
            f"{d.id}:page:{page_no}", Role.PAGE_LABEL, MARGIN, y, f"page {page_no}", "regular", 7.5, t.muted, 12
        )
        number = placed(number, inner - number.box.w, 0.0)
        info = self.info
        parts = (
            info.author,
            info.version,
            f"({info.date})" if info.date else "",
            f"\u00b7 {info.licence}" if info.licence else "",
        )
        lines = wrap(" ".join(s for s in parts if s), "regular", 7.5, inner - number.box.w - 20, 1)[0]
        if not lines:
            return (number,)
        return line(
            f"{d.id}:source:{page_no}", Role.PAGE_LABEL, MARGIN, y, lines[0], "regular", 7.5, t.muted, 12
        ), number

    def _paginate(self, d: Detail, blocks: list[Block], first_page: int) -> list[Page]:
        """Flow the blocks onto as many pages as they need; the first page is the threat's destination.

        Each page holds head, content, foot in that order, so text extracted or read aloud follows it.
        """
        top, bottom = MARGIN, self.h - MARGIN
        contents: list[list[tuple[float, Strip]]] = [[]]
        y = top
        for i, b in enumerate(blocks):
            if y > top:
                y += b.space_before
            need = self._need(b)
            if b.with_next and i + 1 < len(blocks):
                need += blocks[i + 1].space_before + self._need(blocks[i + 1])
            if y + need > bottom and y > top:
                contents.append([])
                y = top
            for strip in b.strips:
                if y + strip.height > bottom and y > top:
                    contents.append([])
                    y = top
                contents[-1].append((y, strip))
                y += strip.height
        pages = []
        for n, content in enumerate(contents):
            page_no = first_page + n
            elements = (*self._head(d, page_no, n > 0), *_materialised(content), *self._foot(d, page_no))
            first = n == 0
            pages.append(
                Page(
                    id=f"{DETAIL}{d.id}" if first else f"{DETAIL}{d.id}:{n + 1}",
                    kind=PageKind.DETAIL,
                    width=self.w,
                    height=self.h,
                    background=self.t.background,
                    elements=elements,
                    anchors=((f"{DETAIL}{d.id}", 0.0, 0.0),) if first else (),
                )
            )
        return pages

    def _need(self, block: Block) -> float:
        """The height a block needs at once: all of it when kept together and it fits a page, else its first strip."""
        if block.keep and block.height <= self.h - 2 * MARGIN:
            return block.height
        return block.strips[0].height if block.strips else 0.0


def _materialised(placed: list[tuple[float, Strip]]) -> list[Element]:
    """The strips' elements where they landed; the lines of one paragraph on this page as one element."""
    out: list[Element] = []
    run: list[tuple[float, Element]] = []  # lines of the paragraph being joined

    def join() -> None:
        if len(run) == 1:
            out.append(down(run[0][1], run[0][0]))
        elif run:
            (y0, first), (y1, last) = run[0], run[-1]
            texts = tuple(
                [
                    Text(t.x, t.y + y, t.text, t.font, t.size, t.colour, t.width, t.anchor)
                    for y, e in run
                    for t in e.texts
                ]
            )
            width = max(e.box.w for _, e in run)
            box = Box(first.box.x, y0 + first.box.y, width, y1 + last.box.bottom - (y0 + first.box.y))
            out.append(Element(id=first.id, role=TEXT, box=box, texts=texts))
        run.clear()

    para = ""
    for y, strip in placed:
        if strip.para and strip.para == para:
            run.append((y, strip.elements[0]))
            continue
        join()
        para = strip.para
        if para:
            run.append((y, strip.elements[0]))
        else:
            out += [down(e, y) for e in strip.elements]
    join()
    return out
