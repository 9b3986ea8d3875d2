"""The packer's search against an exhaustive one: its bounds and cut-offs may only save work, never
change the choice. The exhaustive search flows every option, column count and legend place and
keeps the best score, the earliest on a tie, as `search` documents."""

from __future__ import annotations

import pytest

from navigator.catalog import load_catalog
from navigator.layout.arrange import Arrangement, Fit, Frame, Option, _legend_choices, _score, exact, search
from navigator.layout.measure import measurer_of
from navigator.layout.overview import overview_frame
from navigator.layout.place import Options
from navigator.theme import THEME

from .conftest import DEFAULT_CATALOG


def _exhaustive(options: list[Option], frame: Frame, fit: Fit) -> Arrangement:
    t = THEME
    best: Arrangement | None = None
    best_score = -1e300
    for o, option in enumerate(options):
        widest = max((b.span for layer in option.layers for b in layer), default=1)
        most = max((len(layer) for layer in option.layers), default=1)
        for k in range(max(1, widest), max(most, widest) + 1):
            for m in _legend_choices(frame):
                if m and k - m < widest:
                    continue
                a = exact(option, o, k, m, frame, fit, t.gap_x, t.gap_y, t.family_gap)
                if a is None:
                    continue
                score = _score(fit, a.content_width, a.content_height)
                if score > best_score + 1e-9:
                    best, best_score = a, score
    assert best is not None
    return best


@pytest.fixture(scope="module")
def packer() -> tuple[list[Option], Frame]:
    catalog = load_catalog(DEFAULT_CATALOG)
    measurer = measurer_of(catalog, THEME)
    sections = [s for s, _ in measurer.layers(THEME.card_widths[0], THEME.indent)]
    options = Options(measurer, None, THEME).all()
    frame = overview_frame(catalog, "", sections, THEME, False)
    return options, frame


@pytest.mark.parametrize("width", [300.0, 700.0, 1054.0, 1600.0, 2528.0])
def test_open_height_search_equals_the_exhaustive_one(packer: tuple[list[Option], Frame], width: float) -> None:
    """A browser canvas: open height, the text's scale pinned (max = min), as web/viewport.py asks."""
    options, frame = packer
    scale = 12.0 / THEME.row_size
    fit = Fit(width, None, scale, min_scale=round(THEME.smallest_text * scale, 2) / THEME.smallest_text)
    found = search(options, frame, fit, THEME.gap_x, THEME.gap_y, THEME.family_gap)
    assert found is not None
    want = _exhaustive(options, frame, fit)
    assert (found.option, found.columns, found.legend_columns) == (want.option, want.columns, want.legend_columns)
    assert found.content_height == want.content_height


@pytest.mark.parametrize("size", [(1123.0, 794.0), (794.0, 1123.0), (1587.0, 1123.0)])
def test_fixed_page_search_equals_the_exhaustive_one(
    packer: tuple[list[Option], Frame], size: tuple[float, float]
) -> None:
    options, frame = packer
    fit = Fit(size[0], size[1], shortest=True)
    found = search(options, frame, fit, THEME.gap_x, THEME.gap_y, THEME.family_gap)
    assert found is not None
    want = _exhaustive(options, frame, fit)
    assert (found.option, found.columns, found.legend_columns) == (want.option, want.columns, want.legend_columns)


def test_a_relayout_for_a_new_width_equals_a_cold_layout_of_it() -> None:
    """Blocks, flows and the sizes' hash are kept with the catalog's measures between layouts; what
    a later width reuses must give the Scene a fresh process gives."""
    from navigator.layout import PartCache, layout
    from navigator.web.viewport import Viewport, target

    warm = load_catalog(DEFAULT_CATALOG)
    cache = PartCache()
    for width in (1086, 700, 1600):
        layout(warm, cache, target=target(Viewport(width=width, window=1366))[0])
    made = target(Viewport(width=913, window=1366))[0]
    assert layout(warm, cache, target=made) == layout(load_catalog(DEFAULT_CATALOG), None, target=made)


def test_moving_elements_in_bulk_gives_the_numbers_pt_gives() -> None:
    """`transformed_all` inlines `pt` and scales each distinct size once; every number must be what
    scaling, moving and `pt` give one by one."""
    from navigator.layout import PartCache, layout
    from navigator.layout.typeset import transformed_all
    from navigator.scene import pt
    from navigator.target import paper_target

    page = layout(load_catalog(DEFAULT_CATALOG), PartCache(), target=paper_target("a4")).overview
    dx, dy, s = 3.3, 7.1, 1.37
    moved = transformed_all(list(page.elements), dx, dy, s)
    assert len(moved) == len(page.elements) > 100
    for a, b in zip(page.elements, moved):
        assert (b.box.x, b.box.y, b.box.w, b.box.h) == (
            pt(dx + a.box.x * s),
            pt(dy + a.box.y * s),
            pt(a.box.w * s),
            pt(a.box.h * s),
        )
        for p, q in zip(a.texts, b.texts, strict=True):
            assert (q.x, q.y, q.size, q.width, q.text) == (
                pt(dx + p.x * s),
                pt(dy + p.y * s),
                pt(p.size * s),
                pt(p.width * s),
                p.text,
            )
        for r, u in zip(a.rects, b.rects, strict=True):
            assert (u.box.x, u.stroke_width, u.radius) == (
                pt(dx + r.box.x * s),
                pt(r.stroke_width * s),
                pt(r.radius * s),
            )
        for c, d in zip(a.paths, b.paths, strict=True):
            assert d.points == tuple((pt(dx + x * s), pt(dy + y * s)) for x, y in c.points)
            assert d.width == pt(c.width * s) and d.dash == tuple(pt(g * s) for g in c.dash)
    assert transformed_all(list(page.elements), 0.0, 0.0, 1.0) == list(page.elements)
