"""The deck where Noto Sans is not installed: LibreOffice (Debian's libreoffice-impress, which `make
test` installs) opens it headless and converts it to PDF, one page per slide, and every word it
draws lies inside the text box that holds it (read back with pdfplumber, against the boxes python-pptx
reads from the deck, both in points). LibreOffice draws the deck's Arial with Liberation Sans, the
face layout measured it with; a deck measured with Noto Sans overflows there, which the last test
shows, so the check can fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation
from pptx.shapes.group import GroupShape

from navigator.api import criteria_from, load, scene_of
from navigator.render.pptx import EMU_PER_PT, pptx_bytes
from navigator.target import Target, deck_target

pytestmark = pytest.mark.slow
TOLERANCE = 0.5  # points: rounding of positions to EMU and of glyph boxes in the PDF


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.fail("LibreOffice is not installed: run `make test`, which installs Debian's libreoffice-impress")
    return found


def _convert(decks: list[Path], work: Path) -> None:
    """The decks converted to PDF by one LibreOffice headless, in a profile of its own (so it runs
    beside any other LibreOffice and leaves the user's alone), within a time limit."""
    home = work / "home"
    home.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(home)}
    subprocess.run(
        [
            _soffice(),
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            *map(str, decks),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env=env,
    )


def _shapes(shapes) -> Iterator:
    for s in shapes:
        if isinstance(s, GroupShape):
            yield from _shapes(s.shapes)
        else:
            yield s


def _overflowing(pptx: Path, pdf: Path) -> tuple[int, list[tuple[int, str]]]:
    """(pages of the PDF, the words drawn outside every text box of their slide that holds them)."""
    prs = Presentation(str(pptx))
    out = []
    with pdfplumber.open(str(pdf)) as doc:
        pages = len(doc.pages)
        assert pages == len(prs.slides)
        for n, (slide, page) in enumerate(zip(prs.slides, doc.pages), start=1):
            assert (round(page.width), round(page.height)) == (
                round(prs.slide_width / EMU_PER_PT),
                round(prs.slide_height / EMU_PER_PT),
            )
            boxes = [
                (
                    s.left / EMU_PER_PT,
                    s.top / EMU_PER_PT,
                    s.width / EMU_PER_PT,
                    s.height / EMU_PER_PT,
                    s.text_frame.text,
                )
                for s in _shapes(slide.shapes)
                if s.has_text_frame and s.text_frame.text
            ]
            # a small gap splits words (a badge's letter sits close to its row's text); pieces of a
            # word are checked as the word would be
            for w in page.extract_words(x_tolerance=0.5, y_tolerance=1):
                inside = any(
                    x - TOLERANCE <= w["x0"]
                    and w["x1"] <= x + bw + TOLERANCE
                    and y - TOLERANCE <= w["top"]
                    and w["bottom"] <= y + bh + TOLERANCE
                    and w["text"] in text
                    for x, y, bw, bh, text in boxes
                )
                if not inside:
                    out.append((n, w["text"]))
    return pages, out


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Three decks and their PDFs: the default one, a filtered 4:3 dark one, and one measured with
    Noto Sans (as the deck was before), converted in one run of LibreOffice."""
    work = tmp_path_factory.mktemp("libreoffice")
    catalog = load()
    decks = {
        "deck": (deck_target(), criteria_from()),
        "dark": (deck_target("4:3", "dark"), criteria_from(sections=["inputthreats", "developmenttime"])),
        "noto": (Target(printed=True, face="noto", slide=(960.0, 540.0)), criteria_from()),
    }
    paths = {}
    for name, (target, criteria) in decks.items():
        path = work / f"{name}.pptx"
        path.write_bytes(pptx_bytes(scene_of(catalog, criteria, target=target)))
        paths[name] = path
    _convert(list(paths.values()), work)
    for path in paths.values():
        assert path.with_suffix(".pdf").is_file(), f"LibreOffice wrote no PDF of {path.name}"
    return {name: (path, path.with_suffix(".pdf")) for name, path in paths.items()}


def test_the_deck_converts_one_page_per_slide_with_every_word_inside_its_box(converted):
    pptx, pdf = converted["deck"]
    pages, outside = _overflowing(pptx, pdf)
    assert pages == len(Presentation(str(pptx)).slides) >= 6
    assert not outside, outside[:20]


def test_a_filtered_4_3_dark_deck_too(converted):
    pages, outside = _overflowing(*converted["dark"])
    assert pages >= 5
    assert not outside, outside[:20]


def test_the_check_sees_a_deck_measured_with_noto_sans_overflow(converted):
    """The deck as it was: measured with Noto Sans, which LibreOffice does not have, so it draws a
    wider substitute and text runs out of its boxes."""
    _, outside = _overflowing(*converted["noto"])
    assert len(outside) > 20
