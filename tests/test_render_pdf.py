"""The PDF as a reader gets it, checked with pypdf: links, detail pages and the way back, bookmarks,
document info, literal text, same bytes for the same Scene, and the split of a huge overview."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
import yaml

from navigator import __version__
from navigator.api import load, scene_of
from navigator.links import safe_url
from navigator.render.pdf import render
from navigator.render.pdf_outline import outline_rows
from navigator.render.pdf_pages import A4, MAX_SIDE, plan
from navigator.scene import Element, OutlineEntry, Scene

from .conftest import MINIMAL, ROOT

# --- reading the PDF back ----------------------------------------------------------------------------


def norm(text: str) -> str:
    return " ".join(text.split())


class Pdf:
    """A rendered PDF with the questions the tests ask of it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.reader = pypdf.PdfReader(str(path))
        self.pages = self.reader.pages
        self._index = {p.indirect_reference.idnum: i for i, p in enumerate(self.pages)}
        self._text: dict[int, str] = {}

    def text(self, i: int) -> str:
        if i not in self._text:
            self._text[i] = norm(self.pages[i].extract_text())
        return self._text[i]

    def annotations(self, i: int) -> list[dict]:
        return [a.get_object() for a in self.pages[i].get("/Annots", [])]

    def uris(self, i: int) -> list[str]:
        return [a["/A"]["/URI"] for a in self.annotations(i) if "/A" in a and a["/A"].get("/S") == "/URI"]

    def jumps(self, i: int) -> list[tuple[tuple[float, ...], int]]:
        """Internal links on page i: (rect, index of the page they lead to)."""
        return [
            (tuple(float(v) for v in a["/Rect"]), self._index[a["/Dest"][0].idnum])
            for a in self.annotations(i)
            if "/Dest" in a
        ]

    def size(self, i: int) -> tuple[float, float]:
        box = self.pages[i].mediabox
        return float(box.width), float(box.height)

    def destination(self, name: str) -> int:
        return self.reader.get_destination_page_number(self.reader.named_destinations[name])

    def outline(self, items: list | None = None) -> list[tuple[str, int, list]]:
        """The bookmarks as (title, page index, children)."""
        items = self.reader.outline if items is None else items
        out: list[tuple[str, int, list]] = []
        for item in items:
            if isinstance(item, list):
                title, page, _ = out[-1]
                out[-1] = (title, page, self.outline(item))
            else:
                out.append((item.title, self.reader.get_destination_page_number(item), []))
        return out


def pdf_rect(box, page_height: float) -> tuple[float, float, float, float]:
    """Where an element's box of the Scene (origin top left) lies on an unscaled PDF page."""
    return (box.x, page_height - box.bottom, box.right, page_height - box.y)


def close(a: tuple[float, ...], b: tuple[float, ...], tolerance: float = 0.02) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def expected_tree(catalog) -> list[tuple[str, list]]:
    """The bookmarks a reader expects, straight from the catalog: sections with their control groups
    and top-level threats, sub-threats nested under their group; then one entry per threat."""

    def threat(tid: str) -> tuple[str, list]:
        return catalog.threat(tid).label, [threat(c) for c in catalog.children(tid)]

    tree = []
    for s in catalog.sections:
        kids = [(f"{g.number} {g.title}".strip(), []) for g in catalog.groups if g.section == s.id]
        kids += [threat(t.id) for t in catalog.threats if t.section == s.id and not t.parent]
        tree.append((f"{s.number} {s.title}", kids))
    tree.append(("Threat details", [(t.label, []) for t in catalog.threats]))
    return tree


def titles(outline: list[tuple[str, int, list]]) -> list[tuple[str, list]]:
    return [(title, titles(kids)) for title, _, kids in outline]


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
    for title, page, kids in outline[:-1]:
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


def test_page_one_text_is_real_text(pdf):
    text = pdf.text(0)
    assert "2.2.1 Direct prompt injection" in text
    assert "PROMPT INJECTION I/O HANDLING" in text
    assert "AI security threats and controls navigator" in text


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


def test_same_scene_same_bytes(scene, pdf_path, tmp_path):
    again = tmp_path / "again.pdf"
    render(Scene.from_json(scene.to_json()), again)
    assert again.read_bytes() == pdf_path.read_bytes()


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
    extra = tuple(Element(id=f"bad{i}", role="test", box=scene.elements[0].box, url=u) for i, u in enumerate(bad))
    render(dataclasses.replace(scene, elements=scene.elements + extra), tmp_path / "bad.pdf")
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


def test_only_the_pdf_renderer_imports_reportlab():
    src = ROOT / "src" / "navigator"
    importers = {
        p.relative_to(src).as_posix()
        for p in src.rglob("*.py")
        if re.search(r"^\s*(from|import)\s+reportlab", p.read_text(), re.M)
    }
    assert importers == {"render/pdf.py"}


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
    assert {u for u in pdf.uris(0)} >= {x.url for x in (*catalog.threats, *catalog.controls)}
    group = next(g for g in catalog.groups if g.id == "always")
    assert group.url in pdf.uris(0)


# --- a huge overview is split ----------------------------------------------------------------------------

SUBTHREATS = 300  # stacked under one group: the layer is taller than 200 inches


@pytest.fixture(scope="module")
def tall(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tall") / "catalog"
    shutil.copytree(MINIMAL, folder)
    items = yaml.safe_load((folder / "items.yaml").read_text())
    for i in range(SUBTHREATS):
        items["threats"].append(
            {
                "id": f"sub{i}",
                "number": f"2.1.{i + 2}",
                "title": f"Sub-threat {i}",
                "section": "use",
                "parent": "injection",
                "impacts": ["integrity"],
                "summary": f"Sub-threat {i}.",
                "controls": ["align"],
            }
        )
    (folder / "items.yaml").write_text(yaml.safe_dump(items, sort_keys=False))
    catalog = load(folder)
    scene = scene_of(catalog)
    path = folder.parent / "tall.pdf"
    render(scene, path)
    return catalog, scene, Pdf(path)


def test_tall_scene_is_split_into_an_index_and_section_pages(tall):
    catalog, scene, pdf = tall
    assert scene.height > MAX_SIDE  # else this test tests nothing
    sections = len(catalog.sections)
    assert len(pdf.pages) >= 1 + sections + len(catalog.threats)
    assert all(pdf.size(i) != pytest.approx(A4) for i in range(sections + 1))
    assert all(pdf.size(i) == pytest.approx(A4) for i in range(sections + 1, len(pdf.pages)))
    assert all(max(pdf.size(i)) <= MAX_SIDE + 0.01 for i in range(len(pdf.pages)))
    assert max(pdf.size(2)) == pytest.approx(MAX_SIDE)  # the tall band, scaled down to fit
    index = pdf.text(0)
    assert "Mini navigator" in index and "Mini catalog 1.0 (2026-01-31)" in index  # title and footer
    for n, s in enumerate(catalog.sections, start=1):
        assert f"{s.number} {s.title}" in index
        assert pdf.destination(f"section:{s.id}") == n
        assert n in [p for _, p in pdf.jumps(0)]
        assert any(p == 0 for _, p in pdf.jumps(n))  # back to the index
        assert s.title in pdf.text(n)


def test_tall_scene_keeps_every_link(tall):
    catalog, scene, pdf = tall
    sections = len(catalog.sections)
    overview = range(sections + 1)
    uris = [u for i in overview for u in pdf.uris(i)]
    assert sorted(uris) == sorted(e.url for e in scene.elements if safe_url(e.url) and not e.target)
    assert {x.url for x in (*catalog.threats, *catalog.controls)} <= set(uris)
    jumps = {p for i in overview for _, p in pdf.jumps(i)}
    for t in catalog.threats:
        page = pdf.destination(f"detail:{t.id}")
        assert page in jumps
        assert t.url in pdf.uris(page)
        assert pdf.destination(f"card:{t.id}") == (1 if t.section == "general" else 2)
    for i in range(len(pdf.pages)):
        width, height = pdf.size(i)
        for a in pdf.annotations(i):
            x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
            assert -0.01 <= x0 < x1 <= width + 0.01 and -0.01 <= y0 < y1 <= height + 0.01, (i, a)


def test_tall_scene_outline_points_at_the_section_pages(tall):
    catalog, _, pdf = tall
    outline = pdf.outline()
    assert titles(outline) == expected_tree(catalog)
    assert [p for _, p, _ in outline[:-1]] == [1, 2]
    group = next(kid for kid in outline[1][2] if kid[0] == "2.1 Injection")
    assert len(group[2]) == SUBTHREATS + 1 and {p for _, p, _ in group[2]} == {2}


def test_every_planned_page_fits_a_reader(scene):
    """Even a huge scene with no section bands to split by is scaled to fit."""
    huge = dataclasses.replace(
        scene, width=30_000.0, height=20_000.0, elements=tuple(e for e in scene.elements if e.role != "section")
    )
    pages = plan(huge)
    assert max(pages[0].width, pages[0].height) == pytest.approx(MAX_SIDE)
    assert pages[0].scale == pytest.approx(MAX_SIDE / 30_000.0)
