"""A valid catalog whose every text is hostile: every output shows it as text, never as markup,
keeps it inside its card, and writes only http(s) links."""

from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from navigator.api import BuildOptions, build, load, scene_of
from navigator.text import ELLIPSIS, clean

from .conftest import DATA
from .scene_checks import check_all

HOSTILE = DATA / "catalogs" / "hostile"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def catalog():
    return load(HOSTILE)


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("hostile")
    build(HOSTILE, BuildOptions(formats=("pdf", "svg", "png", "json"), out_dir=d, use_cache=False))
    return d


def test_the_scene_keeps_everything_in_place(catalog):
    check_all(scene_of(catalog))


def test_long_title_is_cut_with_an_ellipsis_and_kept_whole_in_the_tooltip(catalog):
    scene = scene_of(catalog)
    title = scene.element("title:t-long")
    assert len(title.texts) == 3 and title.texts[-1].text.endswith(ELLIPSIS)
    assert clean(catalog.threat("t-long").title) in title.tooltip
    assert sum(len(t.text) for t in title.texts) < 200


@pytest.mark.slow
def test_svg_shows_markup_as_text(out, catalog):
    tree = ET.parse(out / "navigator.svg")
    root = tree.getroot()
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert tags <= {"svg", "title", "desc", "g", "a", "rect", "path", "text"}  # no script, tspan, foreignObject
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "<SCRIPT>ALERT(1)</SCRIPT>" in texts
    assert "</text>&amp;<tspan>" in texts
    assert "CONTROL & \"QUOTES\" 'APOSTROPHES' </TEXT>" in texts
    assert "<para><b>Reportlab</b>" in texts
    assert "\u202e" not in texts and "\u200b" not in texts  # bidi overrides and zero-width characters are dropped
    for el in root.iter():
        assert not any(k.lower().startswith("on") for k in el.attrib), el.attrib


@pytest.mark.slow
def test_only_http_links_are_written(out):
    root = ET.parse(out / "navigator.svg").getroot()
    hrefs = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert hrefs and all(re.match(r"^https?://", h or "") for h in hrefs)
    assert "https://atlas.mitre.org/techniques/AML.T0051?a=1&b=2" not in hrefs  # references are on detail pages
    reader = PdfReader(out / "navigator.pdf")
    uris = [
        a.get_object()["/A"]["/URI"]
        for page in reader.pages
        for a in page.get("/Annots", [])
        if "/URI" in a.get_object().get("/A", {})
    ]
    assert uris and all(re.match(r"^https?://", u) for u in uris)
    scene = json.loads((out / "navigator.json").read_text())
    elements = [e for page in scene["pages"] for e in page["elements"]]
    assert all(e["url"] == "" or re.match(r"^https?://", e["url"]) for e in elements)


@pytest.mark.slow
def test_pdf_opens_and_shows_markup_as_text(out):
    reader = PdfReader(out / "navigator.pdf")
    first = reader.pages[0].extract_text()
    assert "<SCRIPT>ALERT(1)</SCRIPT>" in first
    assert "<para><b>Reportlab</b>" in first.replace("\n", " ")
    details = " ".join(p.extract_text() for p in reader.pages[1:])
    assert "<script>document.location=" in details
    assert "</para><para>injected" in details


@pytest.mark.slow
def test_png_and_json(out):
    assert (out / "navigator.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    scene = json.loads((out / "navigator.json").read_text())["pages"][0]  # the overview
    # the section title wraps onto two lines; joined, they give the title back as written
    assert any(
        "".join(t["text"] for t in e["texts"]).endswith("<script>alert('section')</script>") for e in scene["elements"]
    )


def _hostile_words(catalog, script: str) -> list[str]:
    """The words of the section summary in `script` ("HEBREW", "ARABIC"), in logical order."""
    summary = catalog.sections[0].summary
    return [w.strip(";.") for w in summary.split() if any(unicodedata.name(ch, "").startswith(script) for ch in w)]


def _drawn_fragments(out: Path) -> list[tuple[str, str]]:
    """(font, text) of every string drawn on the PDF's first page, in drawing order."""
    fragments: list[tuple[str, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font:
            fragments.append((str(font["/BaseFont"]), text))

    PdfReader(out / "navigator.pdf").pages[0].extract_text(visitor_text=visit)
    return fragments


@pytest.mark.slow
def test_pdf_embeds_the_fallback_fonts_and_keeps_their_text_extractable(out, catalog):
    page: Any = PdfReader(out / "navigator.pdf").pages[0]  # pypdf's objects, indexed as read
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1] for f in page["/Resources"]["/Font"].values()}
    assert {
        "NotoSansHebrew-Regular",
        "NotoSansArabic-Regular",
        "NotoEmoji-Regular",
        "NotoSansHebrew-Bold",
        "NotoSansArabic-Bold",
    } <= fonts
    text = page.extract_text()
    hebrew = _hostile_words(catalog, "HEBREW")
    assert hebrew and all(w in text or w[::-1] in text for w in hebrew)
    assert "\U0001f525" in text and "\U0001f916" in text  # beyond the BMP: the ToUnicode maps must say so


@pytest.mark.slow
def test_pdf_draws_right_to_left_words_in_visual_order(out, catalog):
    """The summary's two Hebrew words, logically first then second, are drawn second then first."""
    first, second = _hostile_words(catalog, "HEBREW")
    drawn = [
        t
        for font, t in _drawn_fragments(out)
        if "Hebrew-Regular" in font and t in (first, second, first[::-1], second[::-1])
    ]
    assert [t if t in (first, second) else t[::-1] for t in drawn[:2]] == [second, first]


@pytest.mark.slow
def test_pdf_draws_arabic_joined(out, catalog):
    """Shaped Arabic uses the joined (initial, medial, final) forms; unshaped, every letter is drawn
    in its isolated form from the plain Arabic block."""
    words = _hostile_words(catalog, "ARABIC")
    drawn = [t for font, t in _drawn_fragments(out) if "Arabic-Regular" in font]
    assert drawn
    for word in words:
        match = next(t for t in drawn if unicodedata.normalize("NFKC", t) in (word, word[::-1]))
        forms = {unicodedata.decomposition(ch).split(" ")[0] for ch in match}
        assert forms & {"<initial>", "<medial>", "<final>"}, match
        assert not any("\u0600" <= ch <= "\u06ff" for ch in match)
