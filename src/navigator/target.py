"""What a layout is for: the medium's page or canvas, the smallest text it may use, and which pages it needs.

A plain value that every stage may read, like `filters.Criteria`: the CLI, the web view and the deck
say what they want, `api` hands it to layout, and layout decides every page from it. Nothing here
is a list of presets the packer knows: a target is any width and height (either may be open), and
the packer (`layout/pack.py`) searches for the arrangement that gives the largest text on it.
Named paper sizes (`paper_target`) are only a convenient way to make one.

Sizes are points (1/72 inch). Text sizes are what the medium shows: on paper, what prints; on a
slide, what is projected at the slide's size; in the browser, CSS pixels at zoom 1.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Orientation = Literal["", "portrait", "landscape"]
LayerPages = Literal["auto", "always", "never"]

# Paper sizes in points, portrait (width, height). ISO 216 (A4 210 x 297 mm ...) rounded to the point
# as PDF tools write them; US sizes exact.
PAPERS: dict[str, tuple[float, float]] = {
    "a4": (595.0, 842.0),
    "a3": (842.0, 1191.0),
    "a2": (1191.0, 1684.0),
    "letter": (612.0, 792.0),
    "tabloid": (792.0, 1224.0),
}
POSTER = "poster"  # a page sized to fit the diagram at the theme's design sizes
PAPER_NAMES = (*PAPERS, POSTER)
DEFAULT_PAPER = "a3"  # the usual size for such an overview, and the smallest on which it is whole at 7 pt
ORIENTATIONS = ("portrait", "landscape")
A4 = PAPERS["a4"]
LETTER = PAPERS["letter"]
# Slide sizes in points: PowerPoint's widescreen (13.333 x 7.5 in) and standard (10 x 7.5 in) slides.
SLIDES = {"16:9": (960.0, 540.0), "4:3": (720.0, 540.0)}
MAX_SIDE = 14_400.0  # 200 inches: the largest page side that common PDF readers open


@dataclass(frozen=True)
class Target:
    """The medium a layout is for.

    - `width`, `height`: the page (or canvas) in points. None is open: the page grows to fit the
      diagram at its design sizes (both None: a poster of about `aspect`), or, with a width and no
      height (the web view), the diagram fills the width and is as tall as it needs.
    - `orientation`: for a page of both sides, "" lets the packer turn it when that gives larger
      text; "portrait" or "landscape" forces it (the sides are swapped as needed).
    - `margin`: blank space around the page's content, in points of the page (not scaled).
    - `min_text`, `control_text`: the smallest size any text may have, and the size control names
      should reach. A page that cannot hold the whole diagram at those sizes gets `layer_pages`.
    - `max_scale`: how far above its design sizes a sparse diagram (a filtered view) may grow to fill
      a large page.
    - `aspect`: width / height of a poster (a page with neither side given).
    - `layer_pages`: "auto": when page 1 cannot show the whole diagram at `control_text`, it shows it
      at the size it fits and each layer follows on pages of the same size at `control_text` or more,
      split between its parts in reading order where one page cannot hold it; "always" (slides):
      those layer pages whatever page 1 reaches; "never": page 1 alone.
    - `detail_paper`: the size of each threat's detail pages, or None for none.
    - `max_side`: a poster with a longer side is printed as an index page and one page per section.
    - `printed`: False for outputs that draw only page 1 (the web view, images), which then skip every
      other page and its cost.
    - `paper`: the name of the paper ("a3", "poster", "slide" ...), for titles and messages only.
    - `interactive`: the medium answers clicks (the web view): the legend says what clicking does
      rather than how the PDF's links work.
    """

    width: float | None = None
    height: float | None = None
    orientation: Orientation = ""
    margin: float = 20.0
    min_text: float = 6.0
    control_text: float = 7.0
    max_scale: float = 1.6
    aspect: float = 1.414
    layer_pages: LayerPages = "auto"
    detail_paper: tuple[float, float] | None = A4
    max_side: float = MAX_SIDE
    printed: bool = True
    paper: str = POSTER
    interactive: bool = False
    theme: str = "light"
    face: str = "noto"
    slide: tuple[float, float] | None = None

    @property
    def fixed(self) -> bool:
        """Both sides given: a sheet of paper or a slide."""
        return self.width is not None and self.height is not None

    def sheets(self) -> tuple[tuple[float, float], ...]:
        """The page sizes to try, in order of preference: the given one, and turned unless forced."""
        if self.width is None or self.height is None:
            return ()
        w, h = self.width, self.height
        short, long_ = min(w, h), max(w, h)
        portrait, landscape = (short, long_), (long_, short)
        if self.orientation == "portrait":
            return (portrait,)
        if self.orientation == "landscape":
            return (landscape,)
        first = (w, h)
        other = (h, w)
        return (first,) if first == other else (first, other)

    def with_page(self, width: float, height: float) -> Target:
        """The same target on one page size, not to be turned."""
        return replace(self, width=width, height=height, orientation="landscape" if width > height else "portrait")


def paper_target(name: str = DEFAULT_PAPER, orientation: Orientation = "", printed: bool = True) -> Target:
    """The target of a named paper size (`PAPER_NAMES`). Orientation "" chooses the one with larger
    text. Detail pages are A4, or Letter for the US sizes."""
    if name == POSTER:
        return Target(orientation=orientation, printed=printed, paper=POSTER)
    width, height = PAPERS[name]
    if orientation == "landscape":
        width, height = height, width
    detail = LETTER if name in ("letter", "tabloid") else A4
    return Target(width, height, orientation, detail_paper=detail, printed=printed, paper=name)


DOCUMENT = paper_target(DEFAULT_PAPER)
POSTER_DOCUMENT = Target()
OVERVIEW_ONLY = Target(printed=False, interactive=True)  # the web view's whole navigator (issue 14)


def deck_target(shape: str = "16:9", theme: str = "light") -> Target:
    """The target of a deck (`SLIDES` names the shapes), measured in Arial's advances."""
    return Target(printed=True, theme=theme, face="arial", slide=SLIDES[shape])


def sections_target(shape: str = "16:9", theme: str = "light") -> Target:
    """The target of the per-section images: a deck's layer slides alone, without slide numbers,
    in Noto Sans (an image carries its fonts)."""
    return Target(printed=False, theme=theme, slide=SLIDES[shape])
