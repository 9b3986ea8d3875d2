"""`navigator build --compare OLD` and `serve --compare OLD`: what changed since an older catalog,
marked on the diagram in every output and in the web view.

The older catalog is the shipped one edited by hand (`older_copy`): a threat taken out (so it is new
now), one put in (removed now), a title, a threat's controls and a control's name changed. What each
test expects is spelled from those edits, never read from the output under test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from navigator import api
from navigator.annotations import NONE
from navigator.catalog import load_catalog
from navigator.layout import layout
from navigator.scene import Scene
from navigator.web import data, figure
from navigator.web.data import Context

from .conftest import DATA, DEFAULT_CATALOG, MINIMAL, ROOT
from .pdf_reader import Pdf
from .scene_checks import check_all, text_box
from .test_diff import changed_copy

GOLDEN = DATA / "golden"
NEW = "agentmessagestructuremanipulation"  # in the shipped catalog, not in the older one
REMOVED = ("tooltampering", "2.6 Tool tampering")  # in the older one only
CHANGED = {"modelexfiltration": ("title",), "airesourceexhaustion": ("controls",), "monitoruse": ("name",)}


def older_copy(tmp_path: Path) -> Path:
    """The shipped catalog as it might have been: test_diff's edited copy, and MONITOR USE named otherwise."""
    old = changed_copy(tmp_path)
    f = old / "2-input-threats.yaml"
    text = f.read_text(encoding="utf-8")
    assert "    name: MONITOR USE\n" in text
    f.write_text(text.replace("    name: MONITOR USE\n", "    name: MONITOR MODEL USE\n"), encoding="utf-8")
    return old


@pytest.fixture(scope="module")
def old(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return older_copy(tmp_path_factory.mktemp("compare"))


@pytest.fixture(scope="module")
def catalog():
    return api.load()


@pytest.fixture(scope="module")
def scene(catalog, old) -> Scene:
    return api.scene_of(catalog, annotations=api.compared_with(catalog, old))


@pytest.fixture(scope="module")
def plain(catalog) -> Scene:
    return api.scene_of(catalog)


@pytest.fixture(scope="module")
def built(tmp_path_factory, old) -> Path:
    out = tmp_path_factory.mktemp("built")
    api.build(None, api.BuildOptions(formats=("pdf", "svg", "png", "json", "pptx"), out_dir=out, compare=old))
    return out


def texts(e) -> str:
    return " ".join(t.text for t in e.texts)


def rows_listing(scene: Scene, control: str) -> set[str]:
    return {e.parent.removeprefix("card:") for e in scene.elements if e.role == "control" and e.ref == control}


# -- the Scene ------------------------------------------------------------------------------------
def test_new_and_changed_cards_carry_a_tag_and_an_outline(scene, catalog):
    assert texts(scene.element(f"change:{NEW}")) == "NEW"
    for threat in ("modelexfiltration", "airesourceexhaustion"):
        assert texts(scene.element(f"change:{threat}")) == "CHANGED"
    tagged = {e.id for e in scene.elements if e.role == "change-tag" and e.id.count(":") == 1}
    assert tagged == {f"change:{NEW}", "change:modelexfiltration", "change:airesourceexhaustion"}
    for ref, colour in ((NEW, "#1B7A3A"), ("modelexfiltration", "#A14F00")):
        body = scene.element(f"card:{ref}")
        assert body.rects[0].stroke == colour and body.rects[0].stroke_width > 1
        assert ("change", "added" if ref == NEW else "changed") in body.data
    assert scene.element("card:evasion").rects[0].stroke != "#1B7A3A"  # an unchanged card keeps its outline


def test_a_changed_control_is_tagged_on_every_row_that_lists_it(scene):
    listing = rows_listing(scene, "monitoruse")
    assert len(listing) >= 3
    tags = {e.id for e in scene.elements if e.role == "change-tag" and e.ref == "monitoruse"}
    assert tags == {f"change:{card}:monitoruse" for card in listing}
    for card in listing:
        tag = scene.element(f"change:{card}:monitoruse")
        row = scene.element(f"row:{card}:monitoruse")
        assert texts(tag) == "CHANGED" and tag.parent == row.id
        assert row.box.contains(tag.box)
        assert all(text_box(t).right <= tag.box.x for t in row.texts), row.id  # the name stops short of its tag
        assert "Changed since" in row.tooltip and "name" in row.tooltip


def test_tooltips_say_what_changed(scene, old):
    assert scene.element("title:modelexfiltration").tooltip.endswith(f"Changed since {old}: title")
    assert scene.element(f"title:{NEW}").tooltip.endswith(f"New since {old}")


def test_card_tags_sit_in_the_tab_strip_clear_of_the_tabs(scene):
    for tag in (e for e in scene.elements if e.role == "change-tag" and e.id.count(":") == 1):
        card = scene.element(tag.parent)
        assert tag.box.bottom == pytest.approx(card.box.y, abs=0.01) and card.box.x <= tag.box.x
        assert tag.box.right <= card.box.right
        tabs = [e for e in scene.elements if e.role == "tab" and e.parent == card.id]
        assert all(t.box.right < tag.box.x for t in tabs), tag.id


def test_marks_change_no_card_size(catalog, old):
    """Tags go in the tab strip and beside rows: a tagged card has the box the plain one has, so the
    packer's arrangement of measured cards holds with the marks (the box of changes above the layers
    is counted in its frame)."""
    from navigator.layout.cards import CardDrawer
    from navigator.layout.compared import marks_of
    from navigator.layout.measure import measurer_of
    from navigator.theme import THEME

    marks = marks_of(api.compared_with(catalog, old), catalog, THEME)
    assert marks is not None
    drawer = CardDrawer(catalog, THEME)
    tagged = 0
    for width in THEME.card_widths:
        for _, parts in measurer_of(catalog, THEME).layers(width, THEME.indent):
            for plan in (c for p in parts for c in p.cards):
                card = f"card:{plan.ref}"
                plain = {e.id: e.box for e in drawer.draw(plan, 10.0, 20.0)}
                marked = {e.id: e.box for e in marks.card(drawer, plan, 10.0, 20.0)}
                assert marked[card] == plain[card], plan.ref
                tagged += any(i.startswith("change:") for i in marked)
    assert tagged > 0
    assert scene_of_changes_above_cards(catalog, old)


def scene_of_changes_above_cards(catalog, old) -> bool:
    scene = api.scene_of(catalog, annotations=api.compared_with(catalog, old))
    return scene.element("changes").box.bottom < min(e.box.y for e in scene.elements if e.id.startswith("card:"))


def test_removed_items_are_chips_in_the_box_of_changes(scene, old):
    chip = scene.element(f"removed:{REMOVED[0]}")
    assert texts(chip) == f"{REMOVED[1]} (threat)" and chip.role == "removed"
    assert chip.paths and all(p.dash for p in chip.paths)  # dashed, a ghost
    assert scene.element("changes").box.contains(chip.box)
    summary = texts(scene.element("changes:summary"))
    assert summary.startswith(f"Changes since {old}: 1 new, 3 changed, 1 removed.")


def test_the_legend_and_the_title_say_what_is_compared(scene, old):
    assert texts(scene.element("legend:changes")) == "Changes"
    assert texts(scene.element("legend:change:added")).startswith(f"NEW new since {old}")
    assert texts(scene.element("legend:change:changed")).startswith(f"CHANGED changed since {old}")
    assert "Removed" in texts(scene.element("legend:change:removed"))
    assert texts(scene.element("compared")) == f"Compared with {old}: 1 new, 3 changed, 1 removed"
    row, chip = scene.element("legend:changes").box, scene.element("legend:change:removed").box
    assert row.y <= chip.y < scene.element("changes").box.y  # the legend's line of changes, above the box


def test_detail_data_says_what_changed(scene, old):
    facts = {d.id: dict(d.facts) for d in scene.details}
    assert facts[NEW][f"Changes since {old}"] == "New in this version"
    assert facts["modelexfiltration"][f"Changes since {old}"] == "Changed: title"
    assert f"Changes since {old}" not in facts["evasion"]
    controls = {c.id: c for d in scene.details if d.id == "modelexfiltration" for c in d.controls}
    assert controls["monitoruse"].type_label.endswith(f"\u00b7 Changed since {old}: name")
    assert "since" not in controls["ratelimit"].type_label


def test_a_compared_scene_passes_every_layout_check_and_contrast(scene):
    check_all(scene)
    from navigator.theme import contrast

    from .test_layout import _background

    for i, e in enumerate(scene.elements):
        if e.role in ("change-tag", "removed", "legend-change", "changes"):
            for t in e.texts:
                box = text_box(t)
                bg = _background(scene, i, (box.x + box.w / 2, box.y + box.h / 2))
                assert contrast(t.colour, bg) >= 4.5, (e.id, t.text)


def test_an_older_catalog_is_named_by_its_version(catalog, tmp_path):
    old = older_copy(tmp_path)
    base = old / "ai-exchange.yaml"
    text = base.read_text(encoding="utf-8")
    version = catalog.meta.version
    assert f'version: "{version}"' in text and f"date: {catalog.meta.date}" in text
    text = text.replace(f'version: "{version}"', 'version: "2025.06"').replace(
        f"date: {catalog.meta.date}", "date: 2025-06-01"
    )
    base.write_text(text, encoding="utf-8")
    compared = api.compared_with(catalog, old).compared
    assert compared is not None and compared.old_label == "version 2025.06 of 2025-06-01"


def test_identical_catalogs_mark_nothing_and_say_so(catalog):
    s = api.scene_of(catalog, annotations=api.compared_with(catalog, DEFAULT_CATALOG))
    assert not [e for e in s.elements if e.role in ("change-tag", "removed")]
    assert not [e for e in s.elements if e.id == "legend:change:removed"]  # nothing removed: no chip to explain
    assert texts(s.element("changes:summary")).startswith("No changes since ")
    assert texts(s.element("compared")).endswith(": no changes")


def test_without_compare_nothing_is_marked(plain):
    assert not [e for e in plain.elements if e.role in ("change-tag", "removed", "changes", "legend-change")]


def test_golden_compared_scene(tmp_path):
    """The minimal catalog compared with an edited copy: reviewed golden Scene (NAVIGATOR_ACCEPT=1 rewrites it)."""
    old = tmp_path / "old"
    shutil.copytree(MINIMAL, old)
    items = old / "items.yaml"
    text = items.read_text(encoding="utf-8")
    start, end = text.index("  - id: leak\n"), text.index("controls:\n")
    text = text[:start] + text[end:]  # leak is new since
    text = text.replace("    title: Direct injection\n", "    title: Direct prompt injection\n")
    text = text.replace("name: RATE LIMIT,", "name: RATE LIMITING,")
    text = text.replace(
        "controls:\n", "  - {id: gone, number: '2.3', title: Gone threat, section: use, summary: Gone.}\n\ncontrols:\n"
    )
    items.write_text(text, encoding="utf-8")
    new = load_catalog(MINIMAL)
    annotations = api.compared_with(new, old)
    assert annotations.compared is not None
    annotations = replace(annotations, compared=replace(annotations.compared, old_label="version 0.9"))  # not tmp
    scene = layout(new, None, annotations=annotations)
    golden = GOLDEN / "minimal-compared.scene.json"
    if os.environ.get("NAVIGATOR_ACCEPT"):
        golden.write_text(
            json.dumps(json.loads(scene.to_json()), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    assert json.loads(scene.to_json()) == json.loads(golden.read_text(encoding="utf-8"))
    assert {e.id for e in scene.elements if e.role in ("change-tag", "removed")} == {
        "change:leak",
        "change:direct",
        "change:always:ratelimit",
        "removed:gone",
    }
    assert layout(new, None, annotations=NONE).to_json() != scene.to_json()


# -- every output ---------------------------------------------------------------------------------
def test_svg_shows_tags_removed_items_and_legend(built, old):
    svg = (built / "navigator.svg").read_text(encoding="utf-8")
    assert svg.count(">NEW<") >= 2  # the card and the legend
    assert svg.count(">CHANGED<") >= 2 + 3  # two cards, the rows of MONITOR USE, the legend
    assert f">{REMOVED[1]} (threat)<" in svg and "stroke-dasharray" in svg
    assert f"Compared with {old}" in svg


def test_pdf_shows_them_and_the_detail_pages_say_what_changed(built, old):
    pdf = Pdf(built / "navigator.pdf")
    first = pdf.text(0)
    for words in ("NEW", "CHANGED", f"{REMOVED[1]} (threat)", "Compared with", "Changes"):
        assert words in first, words
    details = " ".join(pdf.text(i) for i in range(1, len(pdf.pages)))
    assert "Changes since" in details and "Changed: title" in details and "New in this version" in details


def test_png_pptx_and_json_are_written_and_hold_the_marks(built):
    assert (built / "navigator.png").stat().st_size > 100_000
    scene = Scene.from_json((built / "navigator.json").read_text(encoding="utf-8"))
    assert texts(scene.element(f"change:{NEW}")) == "NEW"
    from pptx import Presentation

    deck = Presentation(str(built / "navigator.pptx"))
    overview = deck.slides[1]  # after the title slide: the whole navigator
    shown = [shape.text_frame.text for shape in overview.shapes if shape.has_text_frame]
    for group in (s for s in overview.shapes if s.shape_type == 6):  # a card and what is on it are one group
        shown += [shape.text_frame.text for shape in group.shapes if shape.has_text_frame]
    assert "NEW" in shown and "CHANGED" in shown and f"{REMOVED[1]} (threat)" in shown


@pytest.mark.slow
def test_compared_builds_are_byte_identical(tmp_path, old):
    outs = []
    for name in ("a", "b"):
        api.build(None, api.BuildOptions(formats=("pdf", "svg", "json"), out_dir=tmp_path / name, compare=old))
        outs.append([(tmp_path / name / f"navigator.{f}").read_bytes() for f in ("pdf", "svg", "json")])
    assert outs[0] == outs[1]


# -- the command line -----------------------------------------------------------------------------
def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "navigator", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.mark.slow
def test_a_bad_compare_catalog_is_named_and_exits_2(tmp_path):
    bad = tmp_path / "old"
    shutil.copytree(MINIMAL, bad)
    (bad / "items.yaml").write_text("threats:\n  - id: x\n    title: [unclosed\n", encoding="utf-8")
    out = tmp_path / "out"
    done = run("build", "--compare", str(bad), "--out", str(out), "--format", "svg")
    assert done.returncode == 2, done.stderr
    assert f"{bad / 'items.yaml'}:" in done.stderr
    assert done.stderr.strip().splitlines()[-1].endswith(f"in the --compare catalog {bad}")
    assert "Traceback" not in done.stderr and not out.exists()
    missing = run("build", "--compare", str(tmp_path / "nowhere"), "--out", str(out), "--format", "svg")
    assert missing.returncode == 2 and "no such directory; --compare takes a directory" in missing.stderr
    assert "1 problem in the --compare catalog" in missing.stderr


def test_the_compare_options_are_documented():
    from navigator.cli import _parser

    for command in ("build", "serve"):
        args = _parser().parse_args([command, "--compare", "old"])
        assert args.compare == "old"
    workflow = (ROOT / "docs" / "sync.md").read_text(encoding="utf-8")
    assert "build --compare" in workflow and "serve --compare" in workflow
    assert "--compare" in (ROOT / "README.md").read_text(encoding="utf-8")


# -- the web view ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def ctx(old) -> Context:
    return data.context(None, old)


def test_the_web_figure_draws_the_marks(ctx):
    view = ctx.view(api.EVERYTHING)
    drawn = json.dumps(figure.figure(view.drawing, []))
    assert '"NEW"' in drawn and '"CHANGED"' in drawn and f'"{REMOVED[1]} (threat)"' in drawn
    assert f"change:{NEW}" in view.index.elements and f"change:{NEW}" not in view.index.clickable


def test_web_downloads_and_contexts_honour_compare(ctx, old):
    scene = ctx.scene(api.EVERYTHING)
    assert texts(scene.element(f"change:{NEW}")) == "NEW"
    assert data.context(None, old) is ctx and data.context(None) is not ctx
    assert f"change:{NEW}" not in {e.id for e in data.context(None).full.scene.elements}


def test_a_filtered_view_counts_only_what_it_shows(catalog, old):
    general = catalog.sections[0].id  # the general controls: nothing there changed
    s = api.scene_of(catalog, api.criteria_from(sections=[general]), annotations=api.compared_with(catalog, old))
    assert not [e for e in s.elements if e.role == "change-tag"]
    assert texts(s.element("compared")).endswith(": 1 removed")
    assert s.element(f"removed:{REMOVED[0]}").role == "removed"  # removed items are listed whatever the filter


def test_hostile_labels_are_drawn_as_plain_text_in_chips_and_tags():
    """The hostile catalog (long, right-to-left, markup, control characters) as the older and as the newer one."""
    hostile, minimal = DATA / "catalogs" / "hostile", load_catalog(MINIMAL)
    for old, new in ((hostile, minimal), (MINIMAL, load_catalog(hostile))):
        s = layout(new, None, annotations=api.compared_with(new, old))
        check_all(s)
        removed = [e for e in s.elements if e.role == "removed"]
        tagged = [e for e in s.elements if e.role == "change-tag"]
        assert removed and tagged and all(e.box.right <= s.width for e in removed)
        assert not any(ch < " " for e in removed for t in e.texts for ch in t.text + e.tooltip.replace("\n", ""))
