"""The PDF as a reader gets it, checked with pypdf: links, detail pages and the way back, bookmarks,
document info, literal text, same bytes for the same Scene. (A huge overview: test_render_pdf_split.)"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest

from navigator import __version__
from navigator.api import load, scene_of
from navigator.links import safe_url
from navigator.render.pdf import render
from navigator.render.pdf_outline import outline_rows
from navigator.roles import Role
from navigator.scene import Element, OutlineEntry, Scene
from navigator.target import A4

from .conftest import MINIMAL, ROOT
from .pdf_reader import Pdf, close, expected_tree, norm, pdf_rect, titles

# --- fixtures ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog():
    return load()


@pytest.fixture(scope="module")
def scene(catalog) -> Scene:
    return scene_of(catalog)


@pytest.fixture(scope="module")
def pdf_path(scene, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "navigator.pdf"
    render(scene, path)
    return path


@pytest.fixture(scope="module")
def pdf(pdf_path) -> Pdf:
    return Pdf(pdf_path)


# --- the default catalog -------------------------------------------------------------------------------


def test_page_one_is_the_whole_scene(pdf, scene):
    assert pdf.size(0) == pytest.approx((scene.width, scene.height))
    assert all(pdf.size(i) == pytest.approx(A4) for i in range(1, len(pdf.pages)))
    assert len(pdf.pages) == len(scene.printed) == len(scene.pages)  # the overview is printed, as every page


def test_every_threat_and_control_links_to_its_page_from_page_one(pdf, catalog):
    uris = set(pdf.uris(0))
    assert len(catalog.threats) == 31 and len(catalog.controls) == 55
    for item in (*catalog.threats, *catalog.controls):
        assert item.url.startswith("https://owaspai.org/go/")
        assert item.url in uris, item.id


def test_page_one_links_are_exactly_the_scene_links_without_borders(pdf, scene):
    expected = sorted(e.url for e in scene.elements if safe_url(e.url) and not e.target)
    assert sorted(pdf.uris(0)) == expected
    assert all(list(a["/Border"]) == [0, 0, 0] for a in pdf.annotations(0))


def test_link_areas_cover_their_elements(pdf, scene):
    """The link of a card's title sits exactly over the title, so a click on it opens that item."""
    by_uri = {a["/A"]["/URI"]: tuple(float(v) for v in a["/Rect"]) for a in pdf.annotations(0) if "/A" in a}
    title = next(e for e in scene.elements if e.id == "title:directpromptinjection")
    assert close(by_uri["https://owaspai.org/go/directpromptinjection/"], pdf_rect(title.box, scene.height))


@pytest.mark.slow
def test_every_detail_page_is_reached_from_its_card_and_links_back(pdf, scene, catalog):
    jumps = pdf.jumps(0)
    details: dict[str, int] = {}
    for t in catalog.threats:
        marker = next(e for e in scene.elements if e.role == "detail-link" and e.ref == t.id)
        [page] = [p for rect, p in jumps if close(rect, pdf_rect(marker.box, scene.height))]
        details[t.id] = page
        assert page > 0
        assert t.url in pdf.uris(page)[:2]  # the page's title links to the threat's own page
        assert norm(t.label) in pdf.text(page)
        assert pdf.destination(f"detail:{t.id}") == page
    assert sorted(details.values()) == sorted(set(details.values()))  # one page per threat
    assert list(details) == [t.id for t in catalog.threats]
    assert list(details.values()) == sorted(details.values())  # in catalog order
    for i in range(1, len(pdf.pages)):  # every detail page, continuation pages included
        assert any(p == 0 for _, p in pdf.jumps(i)), i
        assert pdf.text(i).startswith("\u2039 Back to the navigator")


def test_detail_page_lists_controls_subthreats_references_and_notes(pdf, catalog):
    evasion = catalog.threat("evasion")
    first = pdf.destination("detail:evasion")
    last = pdf.destination("detail:zeroknowledgeevasion") - 1
    assert last > first  # 24 controls do not fit one page
    text = " ".join(pdf.text(i) for i in range(first, last + 1))
    uris = [u for i in range(first, last + 1) for u in pdf.uris(i)]
    for cid in catalog.controls_of("evasion"):
        assert catalog.control(cid).url in uris
        assert catalog.control(cid).label in text
    assert "Runtime AI engineer control \u00b7 via Always against input threats" in text
    assert "Controls against this threat (24)" in text
    for ref in evasion.references:
        assert ref.url in uris
    sub_pages = {p for i in range(first, last + 1) for _, p in pdf.jumps(i) if p != 0}
    assert sub_pages == {pdf.destination(f"detail:{c}") for c in catalog.children("evasion")}
    assert "Sub-threats" in text and "References to other frameworks" in text
    assert "Editorial notes" in text and norm(evasion.notes)[:60] in text
    assert pdf.text(first + 1).startswith("\u2039 Back to the navigator 2.1 Evasion (continued) ")
    assert pdf.text(first).startswith("\u2039 Back to the navigator Threat details 2.1 Evasion The attacker")
    assert pdf.text(first).endswith(
        f"OWASP AI Exchange {catalog.meta.version} ({catalog.meta.date}) \u00b7 CC0 1.0 page {first + 1}"
    )


def test_outline_follows_the_catalog(pdf, catalog):
    outline = pdf.outline()
    assert [title for title, _, _ in outline] == [
        "1 General controls",
        "2 Input threats",
        "3 Development-time threats",
        "4 Runtime conventional security threats",
        "Threat details",
    ]
    assert titles(outline) == expected_tree(catalog)
    for _title, page, kids in outline[:-1]:
        assert page == 0 and all(p == 0 for _, p, _ in kids)
    details = outline[-1]
    assert [p for _, p, _ in details[2]] == [pdf.destination(f"detail:{t.id}") for t in catalog.threats]
    assert details[1] == details[2][0][1]


def test_outline_opens_sections_and_closes_the_rest(pdf):
    counts = {}
    for item in pdf.reader.outline:
        if not isinstance(item, list):
            counts[item.title] = item.get("/Count", 0)
    assert counts["2 Input threats"] > 0  # open: PDF counts visible descendants as positive
    assert counts["Threat details"] < 0  # closed


def test_named_destinations_for_sections_cards_and_overview(pdf, scene):
    names = set(pdf.reader.named_destinations)
    assert {"overview", "section:inputthreats", "card:evasion", "card:inputthreatcontrols", "detail:evasion"} <= names
    assert pdf.destination("overview") == 0 and pdf.destination("card:evasion") == 0


def test_document_info(pdf, catalog):
    info = pdf.reader.metadata
    m = catalog.meta
    assert info.title == m.title == "AI security threats and controls navigator"
    assert info.author == m.name
    assert info["/Creator"] == f"navigator {__version__}"
    for part in (m.source, m.version, m.date, m.licence):
        assert part in info.subject
    assert info["/Keywords"].startswith("AI security, threats, controls")


@pytest.mark.slow
def test_page_one_text_is_real_text(pdf):
    text = pdf.text(0)
    assert "2.2.1 Direct prompt injection" in text
    assert "PROMPT INJECTION I/O HANDLING" in text
    assert "AI security threats and controls navigator" in text


@pytest.mark.slow
def test_text_sits_where_the_scene_puts_it(pdf, scene):
    """Baselines flip from top-left to bottom-left origin, and each anchor (start, middle, end) holds."""
    drawn: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            drawn.append((text.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    pdf.pages[0].extract_text(visitor_text=visit)
    wanted = [t for e in scene.elements if e.role in ("source-link", "detail-link", "title") for t in e.texts]
    assert {t.anchor for t in wanted} == {"start", "middle", "end"}
    for t in wanted:
        shift = {"start": 0.0, "middle": t.width / 2, "end": t.width}[t.anchor]
        at = (t.x - shift, scene.height - t.y)
        assert any(s == t.text and close((x, y), at, 0.01) for s, x, y in drawn), t


def test_fonts_are_the_vendored_ones_embedded_as_subsets(pdf):
    for i in (0, 1):
        fonts = pdf.pages[i]["/Resources"]["/Font"]
        names = {fonts[k].get_object()["/BaseFont"] for k in fonts}
        assert names and all(re.fullmatch(r"/[A-Z]{6}\+NotoSans-(Regular|Bold|Italic)", n) for n in names), names
        for k in fonts:
            descriptor = fonts[k].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor


@pytest.mark.slow
def test_same_scene_same_bytes(scene, pdf_path, tmp_path):
    again = tmp_path / "again.pdf"
    render(Scene.from_json(scene.to_json()), again)
    assert again.read_bytes() == pdf_path.read_bytes()


@pytest.mark.slow
def test_same_bytes_from_another_process(pdf_path, tmp_path):
    """Hash seeds differ between processes, so this catches anything that depends on set order."""
    out = tmp_path / "other.pdf"
    code = (
        "from navigator.api import load, scene_of; from navigator.render.pdf "
        f"import render; render(scene_of(load()), {str(out)!r})"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        cwd=ROOT,
        timeout=120,
        env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"},
    )
    assert out.read_bytes() == pdf_path.read_bytes()


def test_unsafe_links_are_never_written(scene, tmp_path):
    bad = ("javascript:alert(1)", "file:///etc/passwd", "https://example.org/a b", "data:text/html,x")
    extra = tuple(Element(id=f"bad{i}", role=Role.TEXT, box=scene.elements[0].box, url=u) for i, u in enumerate(bad))
    overview = dataclasses.replace(scene.overview, elements=scene.elements + extra)
    render(dataclasses.replace(scene, pages=(overview, *scene.pages[1:])), tmp_path / "bad.pdf")
    uris = Pdf(tmp_path / "bad.pdf").uris(0)
    assert not set(bad) & set(uris)
    assert len(uris) == len([e for e in scene.elements if safe_url(e.url) and not e.target])


def test_bookmarks_to_nothing_are_left_out():
    entries = (
        OutlineEntry("kept", "section:a", (OutlineEntry("card", "card:x"), OutlineEntry("gone", "card:missing"))),
        OutlineEntry("emptied by a filter", "section:b", (OutlineEntry("gone too", "card:missing2"),)),
        OutlineEntry("heading without a place", "section:c", (OutlineEntry("first", "detail:x"),)),
        OutlineEntry("first again", "detail:x"),
    )
    rows, aliases = outline_rows(entries, {"overview", "section:a", "card:x", "detail:x"})
    assert rows == [
        ("kept", "section:a", 0, False),
        ("card", "card:x", 1, False),
        ("heading without a place", "overview", 0, False),  # a section: open
        ("first", "detail:x", 1, False),
        ("first again", "detail:x#1", 0, False),
    ]
    assert aliases == {"detail:x": ["detail:x#1"]}


# --- hostile text -------------------------------------------------------------------------------------

HOSTILE = "<b>bold</b> <font color=red>x</font> & <script>"


def test_markup_in_the_catalog_is_shown_literally(minimal_copy: Path, tmp_path):
    items = minimal_copy / "items.yaml"
    text = items.read_text()
    text = text.replace("title: Data leak through use", f"title: 'Leak {HOSTILE} &amp; </para>'")
    text = text.replace("summary: The model output reveals secrets.", f"summary: '{HOSTILE} (a) b\\c'")
    items.write_text(text)
    catalog = load(minimal_copy)
    render(scene_of(catalog), tmp_path / "hostile.pdf")
    pdf = Pdf(tmp_path / "hostile.pdf")
    page = pdf.destination("detail:leak")
    assert f"2.2 Leak {HOSTILE} &amp; </para>" in pdf.text(page)
    assert f"{HOSTILE} (a) b\\c" in pdf.text(page)
    assert f"Leak {HOSTILE}"[:20] in pdf.text(0)
    flat = [title for _, _, kids in pdf.outline() for title, _, _ in kids]
    assert f"2.2 Leak {HOSTILE} &amp; </para>" in flat


def test_the_minimal_catalog(tmp_path):
    catalog = load(MINIMAL)
    render(scene_of(catalog), tmp_path / "mini.pdf")
    pdf = Pdf(tmp_path / "mini.pdf")
    assert len(pdf.pages) == 1 + len(catalog.threats)  # every detail fits one page
    assert titles(pdf.outline()) == expected_tree(catalog)
    assert set(pdf.uris(0)) >= {t.url for t in catalog.threats} | {c.url for c in catalog.controls}
    group = next(g for g in catalog.groups if g.id == "always")
    assert group.url in pdf.uris(0)
