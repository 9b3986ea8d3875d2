"""What a layout is for: the medium's page size and which pages it needs.

A plain value that every stage may read, like `filters.Criteria`: the CLI and the web view say what
they want, `api` hands it to layout, and layout decides every page from it. Today the overview is
sized to fit its content (a poster) and only the detail pages take the paper size; paper sizes for
the overview, slides and the smallest text size are the next fields this grows.
"""

from __future__ import annotations

from dataclasses import dataclass

A4 = (595.0, 842.0)  # points, portrait
# Slide sizes in points: PowerPoint's widescreen (13.333 x 7.5 in) and standard (10 x 7.5 in) slides.
SLIDES = {"16:9": (960.0, 540.0), "4:3": (720.0, 540.0)}
MAX_SIDE = 14_400.0  # 200 inches: the largest page side that common PDF readers open


@dataclass(frozen=True)
class Target:
    """`paper`: the size of detail pages (width, height in points). `max_side`: an overview with a
    longer side is printed as an index page and one page per section instead. `printed`: False for
    outputs that draw only the overview (the web view, images), which then skip the printed
    document's other pages (a page per threat, the split of a huge overview) and their cost.
    `theme`: the look, a name in `theme.THEMES` ("light", "dark"). `face`: the fonts text is measured
    in, a name in `text.FACES` ("noto" for what embeds or loads its fonts, "arial" for the deck).
    `slide`: a deck of slides of this size (points) instead of a printed document: a title slide, the
    overview, each layer on as many slides as keep its text at slide size, a legend slide."""

    paper: tuple[float, float] = A4
    max_side: float = MAX_SIDE
    printed: bool = True
    theme: str = "light"
    face: str = "noto"
    slide: tuple[float, float] | None = None


DOCUMENT = Target()
OVERVIEW_ONLY = Target(printed=False)


def deck_target(shape: str = "16:9", theme: str = "light") -> Target:
    """The target of a deck (`SLIDES` names the shapes), measured in Arial's advances."""
    return Target(printed=True, theme=theme, face="arial", slide=SLIDES[shape])


def sections_target(shape: str = "16:9", theme: str = "light") -> Target:
    """The target of the per-section images: a deck's layer slides alone, without slide numbers,
    in Noto Sans (an image carries its fonts)."""
    return Target(printed=False, theme=theme, slide=SLIDES[shape])
