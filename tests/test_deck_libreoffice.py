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

from navigator.annotations import NONE
from navigator.api import criteria_from, load, scene_of, tailored
from navigator.render.pptx import EMU_PER_PT, pptx_bytes
from navigator.scene import Scene, Text
from navigator.target import Target, deck_target

from .conftest import ROOT

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


def _read(pptx: Path, pdf: Path, scene: Scene) -> tuple[int, list[tuple[int, str]], list[tuple[int, str, float]]]:
    """(pages of the PDF, the words drawn outside every text box of their slide that holds them,
    the lines of the Scene, left-aligned, that do not start where layout put them: text and how far off)."""
    prs = Presentation(str(pptx))
    outside = []
    misplaced = []
    with pdfplumber.open(str(pdf)) as doc:
        pages = len(doc.pages)
        assert pages == len(prs.slides) == len(scene.printed)
        for n, (slide, page, laid) in enumerate(zip(prs.slides, doc.pages, scene.printed), start=1):
            assert (round(page.width), round(page.height)) == (
                round((prs.slide_width or 0) / EMU_PER_PT),
                round((prs.slide_height or 0) / EMU_PER_PT),
            )
            boxes = [s for s in _shapes(slide.shapes) if s.has_text_frame and s.text_frame.text]
            lines = [t for e in laid.elements for t in e.texts if t.anchor == "start" and t.size >= 6]
            starts: dict[int, float] = {}
            # a small gap splits words (a badge's letter sits close to its row's text); pieces of a
            # word are checked as the word would be
            for w in page.extract_words(x_tolerance=0.5, y_tolerance=1):
                if not any(_holds(s, w) for s in boxes):
                    outside.append((n, w["text"]))
                line = next((i for i, t in enumerate(lines) if _on(t, w)), None)
                if line is not None:
                    starts[line] = min(starts.get(line, w["x0"]), w["x0"])
            for i, x0 in starts.items():
                if abs(x0 - lines[i].x) > 1.0:
                    misplaced.append((n, lines[i].text, round(x0 - lines[i].x, 2)))
    return pages, outside, misplaced


def _holds(shape, word: dict) -> bool:
    """Whether the text box holds the word (with a tolerance for rounding that grows with the box:
    LibreOffice rounds each advance, which adds up along the tiny lines of the overview slide)."""
    x, y = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
    w, h = shape.width / EMU_PER_PT, shape.height / EMU_PER_PT
    slack = TOLERANCE + 0.005 * w
    return (
        x - slack <= word["x0"]
        and word["x1"] <= x + w + slack
        and y - TOLERANCE <= word["top"]
        and word["bottom"] <= y + h + TOLERANCE
        and word["text"] in shape.text_frame.text
    )


def _on(line: Text, word: dict) -> bool:
    """Whether the word is drawn on this line of the Scene: its text, on its baseline's line box."""
    return (
        word["text"] in line.text
        and line.y - line.size <= word["top"] <= line.y
        and line.x - 0.5 * line.size <= word["x0"] <= line.x + line.width
    )


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, tuple[Path, Path, Scene]]:
    """Three decks and their PDFs: the default one, a filtered 4:3 dark one, and one measured with
    Noto Sans (as the deck was before), converted in one run of LibreOffice."""
    work = tmp_path_factory.mktemp("libreoffice")
    catalog = load()
    examples = ROOT / "examples"
    tailored_criteria, marks = tailored(catalog, str(examples / "chatbot.yaml"), str(examples / "chatbot-status.yaml"))
    decks = {
        "deck": (deck_target(), criteria_from(), NONE),
        "dark": (deck_target("4:3", "dark"), criteria_from(sections=["inputthreats", "developmenttime"]), NONE),
        "noto": (Target(printed=True, face="noto", slide=(960.0, 540.0)), criteria_from(), NONE),
        "tailored": (deck_target("4:3"), tailored_criteria, marks),
    }
    paths = {}
    scenes = {}
    for name, (target, criteria, marked) in decks.items():
        path = work / f"{name}.pptx"
        scenes[name] = scene_of(catalog, criteria, target=target, annotations=marked)
        path.write_bytes(pptx_bytes(scenes[name]))
        paths[name] = path
    _convert(list(paths.values()), work)
    for path in paths.values():
        assert path.with_suffix(".pdf").is_file(), f"LibreOffice wrote no PDF of {path.name}"
    return {name: (path, path.with_suffix(".pdf"), scenes[name]) for name, path in paths.items()}


def test_the_deck_converts_one_page_per_slide_with_every_word_inside_its_box(converted):
    pptx, pdf, scene = converted["deck"]
    pages, outside, misplaced = _read(pptx, pdf, scene)
    assert pages == len(Presentation(str(pptx)).slides) >= 6
    assert not outside, outside[:20]
    assert not misplaced, misplaced[:20]  # and each line starts where layout measured it from


def test_a_filtered_4_3_dark_deck_too(converted):
    pages, outside, misplaced = _read(*converted["dark"])
    assert pages >= 5
    assert not outside, outside[:20]
    assert not misplaced, misplaced[:20]


def test_a_tailored_deck_with_its_marks_and_coverage_slide_too(converted):
    pages, outside, misplaced = _read(*converted["tailored"])
    assert pages >= 6
    assert not outside, outside[:20]
    assert not misplaced, misplaced[:20]


def test_the_check_sees_a_deck_measured_with_noto_sans_overflow(converted):
    """The deck as it was: measured with Noto Sans, which LibreOffice does not have, so it draws a
    wider substitute and text runs out of its boxes."""
    _, outside, _ = _read(*converted["noto"])
    assert len(outside) > 20
