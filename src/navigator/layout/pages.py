"""The Scene's pages: the overview, how it is printed, the layers' own pages and the detail pages.

The overview is page 1: on paper, the paper's size; as a poster, one canvas sized to fit the diagram.
A paper too small to show everything at the target's text size is followed by each layer's own
pages (`layer_pages`), which the outline and the overview's bands point to. A poster is printed as
page 1 unless a side is longer than a PDF reader opens (`Target.max_side`, 200 inches): then page 1
is an index (title, legend, a line per section with its page number, the footer) and each
section's band gets a page of its own, scaled down only if that band alone is still too large. The
overview itself stays in the Scene, unprinted, for the outputs that draw one canvas (images, the
web view).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

from ..annotations import Assessed
from ..roles import DETAIL, OVERVIEW, PageKind, Role
from ..scene import Anchor, Detail, DocInfo, Element, OutlineEntry, Page
from ..target import Target
from ..theme import THEME, Theme
from .detail_pages import DetailPages
from .typeset import line, placed


def document(
    overview: Page,
    details: tuple[Detail, ...],
    outline: tuple[OutlineEntry, ...],
    info: DocInfo,
    target: Target,
    t: Theme = THEME,
    layers: Sequence[Page] = (),
    front: tuple[Page, ...] = (),
    assessed: Assessed | None = None,
) -> tuple[Page, ...]:
    """Every page in order: the overview, then (for a printed document) the layers' own pages or the
    pages that print a too-large overview, then each threat's detail pages. `front` pages (a tailored
    build's summary) come first when printed; `Scene.overview` finds the overview after them."""
    if not target.printed:
        return (overview,)
    bands = _bands(overview) if not overview.printed else []
    printed_overview = 1 if overview.printed or not bands else 1 + len(bands)
    first_detail = 1 + len(front) + printed_overview + len(layers)
    paper = target.detail_paper
    detail_pages = DetailPages(info, paper, t, assessed).pages(details, first_detail) if paper is not None else []
    if overview.printed:
        return (*front, overview, *layers, *detail_pages)
    wanted = _wanted(overview, outline)
    if not bands:  # nothing to split by: the whole overview, scaled down to fit
        return (*front, overview, _scaled(overview, wanted, target.max_side), *detail_pages)
    detail_range = (first_detail, first_detail + len(detail_pages) - 1)
    first_detail_id = f"{DETAIL}{details[0].id}" if details else ""
    split = _split(overview, bands, wanted, outline, detail_range, first_detail_id, target.max_side, t, len(front))
    return (*front, overview, *split, *detail_pages)


def overview_page(
    width: float,
    height: float,
    background: str,
    elements: tuple[Element, ...],
    outline: tuple[OutlineEntry, ...],
    target: Target,
    elsewhere: frozenset[str] = frozenset(),
) -> Page:
    """The whole diagram as page 1, with a destination at each element a bookmark or link names
    (but those in `elsewhere`: cards whose destination is on their layer's own page)."""
    page = Page(OVERVIEW, PageKind.OVERVIEW, width, height, background, elements)
    wanted = _wanted(page, outline) - elsewhere
    anchors = [(OVERVIEW, 0.0, 0.0)] + [_anchor(e) for e in elements if e.id in wanted]
    printed = max(width, height) <= target.max_side
    return Page(OVERVIEW, PageKind.OVERVIEW, width, height, background, elements, tuple(anchors), printed)


def outline_targets(entries: Iterable[OutlineEntry]) -> set[str]:
    out: set[str] = set()
    for entry in entries:
        out.add(entry.target)
        out |= outline_targets(entry.children)
    return out


def _wanted(overview: Page, outline: tuple[OutlineEntry, ...]) -> set[str]:
    """Names something jumps to: every bookmark's and every link's destination."""
    return outline_targets(outline) | {e.target for e in overview.elements if e.target}


def _anchor(e: Element) -> Anchor:
    """Where a jump to an element lands: a little above it, so its tabs and heading show."""
    return e.id, e.box.x, max(e.box.y - 16.0, 0.0)


def _fitted(width: float, height: float, max_side: float) -> tuple[float, float, float]:
    """Page size and content scale so that no side exceeds what readers open."""
    scale = min(1.0, max_side / max(width, height))
    return width * scale, height * scale, scale


def _scaled(overview: Page, wanted: set[str], max_side: float) -> Page:
    width, height, scale = _fitted(overview.width, overview.height, max_side)
    elements = tuple(placed(e, 0.0, 0.0, scale) for e in overview.elements)
    anchors = [(OVERVIEW, 0.0, 0.0)] + [_anchor(e) for e in elements if e.id in wanted]
    return Page(f"{OVERVIEW}:scaled", PageKind.OVERVIEW, width, height, overview.background, elements, tuple(anchors))


def _bands(overview: Page) -> list[Element]:
    return sorted((e for e in overview.elements if e.role == Role.SECTION), key=lambda e: e.box.y)


def _split(
    overview: Page,
    bands: list[Element],
    wanted: set[str],
    outline: tuple[OutlineEntry, ...],
    detail_range: tuple[int, int],
    first_detail: str,
    max_side: float,
    t: Theme,
    before: int = 0,
) -> list[Page]:
    """Each element goes to the band its top lies in (found by bisection, not by scanning the bands);
    what lies above the first band is the title and legend, what lies below the last the footer."""
    tops = [b.box.y for b in bands]
    members: list[list[Element]] = [[] for _ in bands]
    above: list[Element] = []
    below: list[Element] = []
    for e in overview.elements:
        i = bisect_right(tops, e.box.y + 0.01) - 1
        if i < 0:
            above.append(e)
        elif i == len(bands) - 1 and e.box.y >= bands[-1].box.bottom - 0.01 and e.role != Role.SECTION:
            below.append(e)
        else:
            members[i].append(e)
    titles = {entry.target: entry.title for entry in outline}
    names = [titles.get(band.id, band.ref or band.id) for band in bands]
    index = _index_page(overview, names, bands, above, below, detail_range, first_detail, max_side, t, before)
    pages = [
        _band_page(overview, band, name, els, wanted, n + 2 + before, max_side, t)
        for n, (band, name, els) in enumerate(zip(bands, names, members, strict=True))
    ]
    return [index, *pages]


def _index_page(
    overview: Page,
    names: list[str],
    bands: list[Element],
    above: list[Element],
    below: list[Element],
    detail_range: tuple[int, int],
    first_detail: str,
    max_side: float,
    t: Theme,
    before: int = 0,
) -> Page:
    x = min((e.box.x for e in above), default=t.margin)
    y = max((e.box.bottom for e in above), default=t.margin) + 28
    listing = [line("index:heading", Role.INDEX, x, y, "Sections, one page each", "bold", 16, t.ink, 24)]
    y += 30
    for page_no, (band, name) in enumerate(zip(bands, names, strict=True), start=2 + before):
        entry = line(f"index:{band.id}", Role.INDEX_ENTRY, x + 8, y, name, "bold", 12, t.link, 20, target=band.id)
        number = f"\u00b7 page {page_no}"
        listing += [
            entry,
            line(f"index-page:{band.id}", Role.INDEX, entry.box.right + 8, y + 1.5, number, "regular", 9, t.muted, 20),
        ]
        y += 22
    if first_detail:
        first, last = detail_range
        entry = line(
            "index:details",
            Role.INDEX_ENTRY,
            x + 8,
            y + 6,
            "Threat details",
            "bold",
            12,
            t.link,
            20,
            target=first_detail,
        )
        pages = f"\u00b7 pages {first}\u2013{last}" if last > first else f"\u00b7 page {first}"
        listing += [
            entry,
            line("index-page:details", Role.INDEX, entry.box.right + 8, y + 7.5, pages, "regular", 9, t.muted, 20),
        ]
        y += 28
    shift = y + 16 - min((e.box.y for e in below), default=y)
    right = max(e.box.right for e in (*above, *listing, *below)) + x
    bottom = max(e.box.bottom + shift for e in below) if below else y
    width, height, scale = _fitted(max(right, 595.0), bottom + t.margin, max_side)
    elements = [placed(e, 0.0, 0.0, scale) for e in (*above, *listing)]
    elements += [placed(e, 0.0, shift, scale) for e in below]
    return Page("index", PageKind.INDEX, width, height, overview.background, tuple(elements), ((OVERVIEW, 0.0, 0.0),))


def _band_page(
    overview: Page,
    band: Element,
    name: str,
    members: list[Element],
    wanted: set[str],
    page_no: int,
    max_side: float,
    t: Theme,
) -> Page:
    """The band at the top left under a back link, its page as large as the band plus margins."""
    margin, top = t.margin, t.margin + 18
    x0 = min(e.box.x for e in members)
    y0 = min(e.box.y for e in members)
    right = max(e.box.right for e in members)
    bottom = max(e.box.bottom for e in members)
    back = line(
        f"back:{band.id}",
        Role.BACK_LINK,
        x0,
        y0 - top + 8,
        "\u2039 Index and legend",
        "regular",
        9,
        t.link,
        14,
        target=OVERVIEW,
    )
    label = f"{name} \u00b7 page {page_no}"
    where = line(f"page:{band.id}", Role.PAGE_LABEL, x0, y0 - top + 8, label, "regular", 9, t.muted, 14)
    where = placed(where, right - where.box.right, 0.0)
    anchors = [(band.id, x0 - margin, y0 - top)] + [_anchor(e) for e in members if e.id in wanted and e.id != band.id]
    width, height, scale = _fitted(right - x0 + 2 * margin, bottom - y0 + top + margin, max_side)
    dx, dy = margin - x0, top - y0
    elements = tuple(placed(e, dx, dy, scale) for e in (back, where, *members))
    moved = tuple((name, (x + dx) * scale, (y + dy) * scale) for name, x, y in anchors)
    return Page(band.id, PageKind.SECTION, width, height, overview.background, elements, moved)
