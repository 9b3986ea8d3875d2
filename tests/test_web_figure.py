"""The plotly figure of a Scene: structure, painting order, fading, highlighting, escaping."""

from __future__ import annotations

import itertools
import json
import re
import shutil

import pytest

from navigator.filters import Criteria
from navigator.roles import ROW_ROLES, THREAT_ROLES
from navigator.web import data, figure, marks, overlays
from navigator.web.data import Context

from .conftest import MINIMAL

EVIL_TITLE = "<b>x</b><script>alert(1)</script> & co"


@pytest.fixture(scope="module")
def ctx() -> Context:
    return data.context()


@pytest.fixture(scope="module")
def evil(tmp_path_factory: pytest.TempPathFactory) -> Context:
    """The minimal catalog with markup in a title and a summary."""
    target = tmp_path_factory.mktemp("evil") / "cat"
    shutil.copytree(MINIMAL, target)
    items = target / "items.yaml"
    text = items.read_text(encoding="utf-8")
    text = text.replace("    title: Injection\n", f"    title: {json.dumps(EVIL_TITLE)}\n")
    text = text.replace(
        "summary: Watch use.", 'summary: "Watch <a href=\\"javascript:alert(1)\\">use</a> &amp; <i>act</i>."'
    )
    items.write_text(text, encoding="utf-8")
    return Context(target)


def full_figure(c: Context, faded: frozenset[str] = frozenset(), focus: marks.Focus = marks.NO_FOCUS) -> dict:
    v = c.full
    return figure.figure(v.drawing, overlays.overlays(v.drawing, v.index, faded, focus))


def trace(fig: dict, name: str) -> dict:
    return next(t for t in fig["data"] if t.get("name") == name)


def test_figure_is_plain_json_with_no_shapes(ctx: Context) -> None:
    fig = full_figure(ctx)
    assert json.loads(json.dumps(fig)) == fig
    assert "shapes" not in fig["layout"] and "annotations" not in fig["layout"]
    assert {t["type"] for t in fig["data"]} == {"scatter"}
    assert fig["layout"]["yaxis"]["scaleanchor"] == "x"
    assert fig["layout"]["yaxis"]["range"] == [ctx.full.scene.height, 0]
    names = [t["name"] for t in fig["data"]]
    start = ctx.full.drawing.overlay_start
    assert tuple(names[start : start + len(overlays.OVERLAYS)]) == overlays.OVERLAYS
    assert names[-1] == "items"


def test_trace_count_does_not_grow_with_the_catalog(ctx: Context, evil: Context) -> None:
    big, small = len(full_figure(ctx)["data"]), len(full_figure(evil)["data"])
    assert big < 80 and small < 80
    elements = len(ctx.full.scene.elements)
    assert big < elements / 3


def test_one_hover_point_per_clickable_element(ctx: Context) -> None:
    ix = ctx.full.index
    hover = trace(full_figure(ctx), "items")
    clickable = [e.id for e in ctx.full.scene.elements if e.role in marks.CLICKABLE_ROLES]
    assert hover["customdata"] == clickable == list(ix.clickable)
    assert len(hover["x"]) == len(hover["y"]) == len(hover["hovertext"]) == len(clickable)
    assert hover["marker"]["opacity"] == 0 and hover["hoverinfo"] == "text"


def test_the_nearest_hover_point_is_the_item_under_the_pointer(ctx: Context) -> None:
    """Plotly picks the point nearest the pointer: check that for a grid of pointer positions over
    every card, the nearest point is the card's title (over its title or tabs) or the row under it."""
    ix = ctx.full.index
    hover = trace(full_figure(ctx), "items")
    points = list(zip(hover["x"], hover["y"], hover["customdata"]))
    checked = 0
    for card_id in ix.cards:
        card = ix.elements[card_id]
        if card.role == "other-controls":
            continue
        parts = [ix.elements[c] for c in ix.children.get(card_id, ()) if ix.elements[c].role in ROW_ROLES]
        title = ix.elements[f"title:{card.ref}"]
        targets = [(title.box, card_id)] + [(r.box, r.id) for r in parts]
        for box, expected in targets:
            for fx in (0.05, 0.5, 0.95):
                px, py = box.x + fx * box.w, box.y + box.h / 2
                nearest = min(points, key=lambda p: (p[0] - px) ** 2 + (p[1] - py) ** 2)
                assert nearest[2] == expected, (px, py, nearest, expected)
                checked += 1
    assert checked > 300


def test_texts_sit_on_the_scene_baselines(ctx: Context) -> None:
    texts = [t for t in full_figure(ctx)["data"] if t["mode"] == "text"]
    scene_texts = [t for e in ctx.full.scene.elements for t in e.texts if t.text.strip()]
    assert sum(len(t["text"]) for t in texts) == len(scene_texts)
    for sample in scene_texts[:: max(1, len(scene_texts) // 25)]:
        group = next(
            t
            for t in texts
            if t["meta"]["size"] == round(sample.size, 2)
            and t["textfont"]["color"] == sample.colour
            and figure.escape(sample.text) in t["text"]
        )
        at = [
            (x, y)
            for x, y, s in zip(group["x"], group["y"], group["text"])
            if s == figure.escape(sample.text) and abs(x - sample.x) < 0.06
        ]
        assert any(y == pytest.approx(sample.y - 0.25 * sample.size, abs=0.06) for _, y in at)  # to a tenth of a point
        assert (
            group["textposition"]
            == {"start": "middle right", "middle": "middle center", "end": "middle left"}[sample.anchor]
        )
    assert all(t["textfont"]["family"] == "Noto Sans" and t["hoverinfo"] == "skip" for t in texts)


def test_rectangles_keep_their_painting_order(ctx: Context) -> None:
    painted = figure.paint_levels(ctx.full.scene)
    for i, (box, _, style, level) in enumerate(painted):
        for other, _, other_style, other_level in painted[:i]:
            if other.overlaps(box) and other_style != style:
                assert other_level < level
    levels = [t["meta"]["level"] for t in full_figure(ctx)["data"] if t["name"].startswith(("fill ", "stroke "))]
    assert levels == sorted(levels)
    base = full_figure(ctx)["data"][: ctx.full.drawing.overlay_start]
    assert all(t["mode"] in ("none", "text") for t in base)  # areas are fills alone: one svg path per trace


def test_markup_in_the_catalog_is_escaped(evil: Context) -> None:
    fig = full_figure(evil)
    dumped = json.dumps(fig)
    assert "&lt;b&gt;x&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in dumped
    assert "&lt;a href=" in dumped and "&amp;amp;" in dumped
    for t in fig["data"]:
        for key in ("text", "hovertext"):
            for s in t.get(key, []):
                assert "<" not in s.replace("<br>", ""), s
                assert not re.search(r"&(?!lt;|gt;|amp;)", s), s


def test_faded_mode_veils_exactly_what_the_filter_leaves_out(ctx: Context) -> None:
    c, ix = ctx.catalog, ctx.full.index
    criteria = Criteria(risks=("model-availability",))
    sel = ctx.selection(criteria)
    faded = marks.faded(ix, sel)
    fig = full_figure(ctx, faded)
    veil = trace(fig, "filter-veil")
    veiled = set(veil["meta"]["ids"])
    assert 0 < veil["opacity"] < 1 and veil["fillcolor"] == ctx.full.scene.background
    assert len(veil["x"]) == 6 * len(veiled) and veil["x"].count(None) == len(veiled)  # one closed rectangle each
    assert veil["mode"] == "none" and veil["fill"] == "toself"
    threat_cards = {f"card:{t.id}" for t in c.threats}
    assert veiled & threat_cards == {f"card:{t.id}" for t in c.threats if t.id not in sel.threats}
    group_cards = {f"card:{g.id}" for g in c.groups}
    assert veiled & group_cards == {f"card:{g.id}" for g in c.groups if g.id not in sel.groups}
    kept_cards = {cid for cid in ix.cards if cid not in faded}
    rows = {e.id for e in ctx.full.scene.elements if e.role == "control" and e.parent in kept_cards}
    assert veiled & rows == {r for r in rows if ix.elements[r].ref not in sel.controls}
    # nothing is covered twice: no veiled element lies inside another veiled one
    for a in veiled:
        parent = ix.elements[a].parent
        assert parent not in veiled or not ix.elements[parent].box.contains(ix.elements[a].box)
    # the drawing itself is untouched, so only the overlays change with a filter
    assert fig["data"][: ctx.full.drawing.overlay_start] == full_figure(ctx)["data"][: ctx.full.drawing.overlay_start]
    assert all("opacity" not in t for t in fig["data"][: ctx.full.drawing.overlay_start])


def test_no_filter_veils_nothing(ctx: Context) -> None:
    fig = full_figure(ctx)
    for name in overlays.OVERLAYS:
        assert trace(fig, name)["x"] == []


def test_selecting_a_threat_lights_up_its_controls(ctx: Context) -> None:
    c, ix = ctx.catalog, ctx.full.index
    focus = marks.focus(ix, c, "transferattack")
    assert focus.primary == {"card:transferattack"}
    lit_rows = {ix.elements[r].ref for r in focus.related if ix.elements[r].role == "control"}
    assert lit_rows == set(c.controls_of("transferattack"))
    assert "card:evasion" not in focus.dimmed and "card:inputthreatcontrols" not in focus.dimmed
    assert "card:promptinjection" in focus.dimmed
    fig = full_figure(ctx, focus=focus)
    assert trace(fig, "primary-outline")["meta"]["ids"] == ["card:transferattack"]
    assert trace(fig, "primary-outline")["line"]["width"] >= 3  # not only a colour
    assert set(trace(fig, "related-tint")["meta"]["ids"]) == {
        r for r in focus.related if ix.elements[r].role in ROW_ROLES
    }


def test_selecting_a_control_lights_up_its_threats(ctx: Context) -> None:
    c, ix = ctx.catalog, ctx.full.index
    focus = marks.focus(ix, c, "monitoruse")
    assert focus.primary and all(ix.elements[i].ref == "monitoruse" for i in focus.primary)
    assert {ix.elements[i].ref for i in focus.related} == set(c.threats_of("monitoruse"))
    assert not focus.primary & focus.dimmed and not focus.related & focus.dimmed
    group = marks.focus(ix, c, "inputthreatcontrols")
    assert group.primary == {"card:inputthreatcontrols"}
    assert {ix.elements[i].ref for i in group.related if i.startswith("card:")} == set(
        c.threats_of_group("inputthreatcontrols")
    )
    assert marks.focus(ix, c, "model-integrity") == marks.NO_FOCUS


def test_clicks_select_catalog_items(ctx: Context) -> None:
    ix = ctx.full.index
    assert marks.selected_ref(ix, "card:evasion") == "evasion"
    assert marks.selected_ref(ix, "row:evasion:evasioninputhandling") == "evasioninputhandling"
    assert marks.selected_ref(ix, "see:evasion:inputthreatcontrols") == "inputthreatcontrols"
    assert marks.selected_ref(ix, "tab:evasion:model-integrity") == ""
    assert marks.selected_ref(ix, "nope") == ""


def test_hidden_mode_lays_out_only_the_slice(ctx: Context) -> None:
    criteria = Criteria(risks=("model-availability",))
    sel = ctx.selection(criteria)
    view = ctx.view(criteria)
    cards = {e.ref for e in view.scene.elements if e.role in THREAT_ROLES}
    assert cards == set(sel.threats)
    assert view.scene.height < ctx.full.scene.height
    assert view.drawing.key != ctx.full.drawing.key and view.drawing.key.startswith("slice:")
    assert ctx.view(criteria) is view  # memoised
    assert ctx.view(Criteria()) is ctx.full


def test_hover_text_is_short_and_escaped() -> None:
    text = figure.hover_text("A <b>title</b>\n" + "word " * 100)
    assert text.startswith("A &lt;b&gt;title&lt;/b&gt;<br>")
    assert len(text) < 260 and text.endswith("…")


def polygons(t: dict) -> list[list[tuple[float, float]]]:
    """The polygons of a filled trace, split at its None gaps."""
    out: list[list[tuple[float, float]]] = [[]]
    for x, y in zip(t["x"], t["y"]):
        if x is None:
            out.append([])
        else:
            out[-1].append((x, y))
    return [p for p in out if p]


def text_boxes(view: data.View, skip: set[str]) -> list[tuple[float, float, float, float]]:
    """Where each text of the drawing's elements, but `skip`, is drawn: (x0, y0, x1, y1)."""
    out = []
    for e in view.scene.elements:
        if e.id in skip:
            continue
        for t in e.texts:
            x0 = t.x - (t.width if t.anchor == "end" else t.width / 2 if t.anchor == "middle" else 0)
            out.append((x0, t.y - 0.75 * t.size, x0 + t.width, t.y + 0.25 * t.size))
    return out


def edge_points(poly: list[tuple[float, float]], step: float = 0.5) -> list[tuple[float, float]]:
    out = []
    for (x0, y0), (x1, y1) in itertools.pairwise(poly):
        n = max(1, int(max(abs(x1 - x0), abs(y1 - y0)) / step))
        out += [(x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n) for i in range(n + 1)]
    return out


@pytest.mark.parametrize("selected", ["monitoruse", "evasion", "inputthreatcontrols"])
@pytest.mark.parametrize("reflowed", [False, True])
def test_selection_outlines_never_cover_neighbouring_text(ctx: Context, selected: str, reflowed: bool) -> None:
    """Rows are flush against each other: a row's outline stays inside the row, and a card's (when
    reflowed, drawn in points) in the gap around the card, clear of every other element's text."""
    from navigator.web.viewport import Viewport

    view = ctx.view(Criteria(), Viewport(width=1088, window=1366) if reflowed else None)
    ix = view.index
    focus = marks.focus(ix, ctx.catalog, selected)
    fig = figure.figure(view.drawing, overlays.overlays(view.drawing, ix, frozenset(), focus))
    checked = 0
    for name in ("primary-outline", "related-outline"):
        t = trace(fig, name)
        outlined = set(t["meta"]["ids"])
        own = outlined | {c for i in outlined for c in ix.children.get(i, ())}
        if t.get("fill") != "toself":
            continue  # lines of a fixed pixel width (cards of the whole navigator): drawn in the gap at any zoom
        texts = text_boxes(view, own | {ix.elements[i].parent for i in outlined})
        for poly in polygons(t):
            for x, y in edge_points(poly):
                hit = [b for b in texts if b[0] < x < b[2] and b[1] < y < b[3]]
                assert not hit, (name, selected, (x, y), hit[:1])
                checked += 1
    rows = [i for i in focus.primary if ix.elements[i].role in ROW_ROLES]
    if rows:  # a selected control's rows: each outline lies inside its row
        t = trace(fig, "primary-outline")
        boxes = [ix.elements[r].box for r in rows]
        for poly in polygons(t):
            assert any(all(b.x <= x <= b.right and b.y <= y <= b.bottom for x, y in poly) for b in boxes), poly[:2]
    assert checked or not reflowed
