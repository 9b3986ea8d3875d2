"""The look of the navigator: sizes in points and every colour, plus WCAG contrast helpers.

Every stage may read it: layout takes its sizes and the colours it puts into the Scene, the web view
the colours of what it draws around and over the Scene. Catalog colours (impacts, control types)
come from the catalog; every other colour any output shows is here (the web page's stylesheet
repeats a few as CSS variables, and a test holds them equal). Text colour on any coloured
background is chosen for contrast, and tests check every text against WCAG AA.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache


@dataclass(frozen=True)
class Theme:
    """Sizes are design sizes: what a page shows at scale 1. The packer (layout/pack.py) scales the
    whole diagram to its target, so on A3 they print about as given; `smallest_text` is what the
    target's smallest text size is checked against."""

    margin: float = 24.0  # around pages typeset without a target margin (the index of a split poster)
    background: str = "#FFFFFF"
    ink: str = "#1B2631"  # body text
    muted: str = "#4A5866"  # secondary text (contrast 7:1 on white)
    link: str = "#0B4F8A"  # link titles (contrast 8:1 on white)
    filters_ink: str = "#8A3B00"  # the "Filtered view" line under the title
    title_ink: str = "#1D3557"  # the page title
    # title and legend
    page_title_size: float = 20.0
    subtitle_size: float = 7.2
    source_size: float = 11.0  # the source's host name beside the title
    legend_size: float = 6.8
    legend_heading_size: float = 6.8
    legend_chip_size: float = 6.4  # impact names in the legend's chips
    legend_fill: str = "#FAFBFC"
    legend_stroke: str = "#D5DCE3"
    footer_size: float = 6.4
    # layers
    header_width: float = 76.0
    header_fill: str = "#1D3557"
    header_ink: str = "#FFFFFF"
    header_muted: str = "#D6E0EA"
    header_number_size: float = 20.0
    header_title_size: float = 8.8
    header_summary_size: float = 6.4
    band_fills: tuple[str, ...] = ("#F1F4F8", "#F8F9FB")
    band_pad: float = 8.0
    band_gap: float = 5.0  # between layers
    chrome_gap: float = 7.0  # between the title, the legend, the layers and the footer
    gap_x: float = 10.0  # between columns of cards
    gap_y: float = 9.0  # between parts (a card, or a group with its sub-threats) in a column
    family_gap: float = 4.0  # between a group and its sub-threats stacked beneath it
    indent: float = 12.0  # of a sub-threat beneath its group, per level; its bracket runs in this space
    # cards
    card_width: float = 180.0  # the default; the packer chooses among `card_widths`
    card_widths: tuple[float, ...] = (150.0, 165.0, 180.0, 195.0, 210.0)
    card_fill: str = "#FFFFFF"
    card_stroke: str = "#8393A3"
    card_radius: float = 3.5
    group_header_fill: str = "#E3EAF2"  # threat groups
    control_group_header_fill: str = "#EFE7F1"  # control groups
    pad: float = 5.5
    title_size: float = 8.6
    title_leading: float = 10.4
    title_max_lines: int = 3
    row_size: float = 7.2  # control names: the size a target's `control_text` is checked against
    row_leading: float = 8.6
    row_max_lines: int = 2
    row_gap: float = 2.4
    badge: float = 9.2
    see_colour: str = "#3E4C59"
    divider: str = "#C9D2DB"
    info_size: float = 6.6
    info_fill: str = "#FFFFFF"  # the (i) marker of a card's detail page
    # tabs
    tab_height: float = 10.0
    tab_size: float = 6.2
    tab_min_size: float = 6.2  # labels are shortened rather than shrunk below this
    tab_pad: float = 3.0
    tab_gap: float = 2.0
    tab_inset: float = 5.0
    # parts laid out beside their group (dot)
    rank_sep: float = 10.0  # between a group and its sub-threats: the column gutter, so they land in the next column
    node_sep: float = 6.0  # between sub-threats
    connector: str = "#5E6E7E"
    connector_width: float = 1.0
    # aspect ratio of a poster (width / height), ISO landscape; a `Target` may ask for another
    aspect: float = 1.414
    # text on a coloured fill: whichever of the two contrasts more (`text_on`)
    on_light: str = "#111111"
    on_dark: str = "#FFFFFF"
    # the web view, around and over the Scene
    paper: str = "#E4E9EF"  # around the page, so the page edge shows when zoomed out
    selected: str = "#111111"  # outline of the selected item
    related: str = "#0B4F8A"  # outline of related cards, bar beside related rows
    highlight: str = "#FFD84D"  # tint of related rows, like a highlighter
    hover_fill: str = "#FFFFFF"  # hover labels
    notice_fill: str = "#FFF4EC"  # behind the web view's notices
    # a tailored build (`build --answers --status`): control status marks, each a symbol in a colour
    # (never colour alone), all at least 3:1 on white (WCAG 1.4.11), and coverage bars
    status_implemented: str = "#2E7D32"  # a disc with a check
    status_partial: str = "#A85A00"  # a half-filled disc
    status_planned: str = "#1F5FAD"  # a ring with clock hands
    status_missing: str = "#B3261E"  # a disc with a cross
    status_not_applicable: str = "#66707C"  # a disc with a dash
    status_unmarked: str = "#7A8896"  # a dashed ring
    status_size: float = 8.0  # diameter of a mark on a card row
    mark_scale: float = 1.0  # the coverage strip, the status column and their words, times this (slides: 2)
    coverage_track: str = "#E1E6EC"  # the empty part of a coverage bar
    coverage_low: str = "#B3261E"  # under a third
    coverage_mid: str = "#A85A00"  # under two thirds
    coverage_high: str = "#2E7D32"  # two thirds or more
    not_answered_fill: str = "#FFF1D6"  # the "not answered" tag
    not_answered_ink: str = "#8A3B00"
    not_answered_stroke: str = "#A85A00"
    # build --compare: tags on what is new or changed since an older catalog, chips for what was removed
    added_fill: str = "#1B7A3A"  # the NEW tag and outline (white text on it: 5.4:1)
    changed_fill: str = "#A14F00"  # the CHANGED tag and outline (white text on it: 5.8:1)
    removed_ink: str = "#5A6570"  # a removed item's name in its dashed chip (6:1 on white)
    removed_stroke: str = "#8393A3"  # the chip's dashed outline
    changes_fill: str = "#FFFDF7"  # behind the "Changes since" box
    changes_stroke: str = "#E0C9A6"
    tag_size: float = 5.8  # a card's tag, in the tab strip
    row_tag_size: float = 5.0  # a row's tag
    marked_stroke_width: float = 1.5  # a new or changed card's outline
    coverage_fill: str = "#2E7D32"  # the web view's coverage bar: the share covered (as coverage_high)

    @property
    def smallest_text(self) -> float:
        """The smallest text size the overview uses at scale 1 (a badge's symbol is 0.72 of the badge)."""
        return min(
            self.subtitle_size,
            self.legend_size,
            self.legend_heading_size,
            self.legend_chip_size,
            self.footer_size,
            self.header_summary_size,
            self.header_title_size,
            self.title_size,
            self.row_size,
            self.info_size,
            self.tab_min_size,
            self.badge * 0.72,
        )


THEME = Theme()

# The AI Exchange's own look, as its hand-made navigator: navy cards (its #1F354B) on a dark page,
# white text, cyan links (a lighter shade of its #08ACC8, for contrast on navy). Only colours
# differ from the light theme, so every size stays the light theme's.
DARK = replace(
    THEME,
    background="#0B1524",
    ink="#EEF3F8",
    muted="#B4C2D1",
    link="#6FD3EA",
    filters_ink="#FFB27A",
    title_ink="#FFFFFF",
    legend_fill="#142338",
    legend_stroke="#2E4662",
    header_fill="#16283F",
    header_ink="#FFFFFF",
    header_muted="#C2D0DE",
    band_fills=("#0F1C2E", "#122034"),
    card_fill="#1F354B",
    card_stroke="#4A6684",
    group_header_fill="#2A4663",
    control_group_header_fill="#352F57",
    see_colour="#D0DAE5",
    divider="#3F5A77",
    info_fill="#1F354B",
    connector="#8FA6BF",
    paper="#05090F",
    selected="#FFFFFF",
    related="#6FD3EA",
    hover_fill="#1F354B",
    notice_fill="#3A2616",
)
THEMES = {"light": THEME, "dark": DARK}


def theme_named(name: str) -> Theme:
    """The theme of a name in `THEMES` (the CLI checks the name first, with the valid choices)."""
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r}; choose from {', '.join(THEMES)}") from None


def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


@lru_cache(maxsize=1024)
def luminance(colour: str) -> float:
    """Relative luminance of `#RRGGBB` (WCAG 2)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(fill: str, t: Theme = THEME) -> str:
    """Dark or light text (the theme's `on_light` or `on_dark`), whichever contrasts more with `fill`."""
    dark, light = t.on_light, t.on_dark
    return dark if contrast(dark, fill) >= contrast(light, fill) else light
