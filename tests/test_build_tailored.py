"""`navigator build --answers --status`: the tailored navigator in every output.

Expected figures are worked out here from the status file itself (read with plain PyYAML) and from
which threats `navigator assess --format json` says apply, never from the drawing under test.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from navigator.api import BuildOptions, build, criteria_from, scene_of, tailored
from navigator.catalog import load_catalog
from navigator.cli import main
from navigator.layout.assessed import percent
from navigator.roles import PageKind, Role
from navigator.scene import Scene
from navigator.theme import THEME, contrast

from .conftest import DATA, ROOT, write
from .pdf_reader import Pdf, norm

EXAMPLES = ROOT / "examples"
STATUS = EXAMPLES / "chatbot-status.yaml"
GOLDEN = DATA / "golden"
QUESTIONS = DATA / "catalogs" / "questions"
SVG = "{http://www.w3.org/2000/svg}"
WEIGHT = {"implemented": Fraction(1), "partial": Fraction(1, 2), "planned": Fraction(0), "missing": Fraction(0)}
COLOURS = {
    "implemented": THEME.status_implemented,
    "partial": THEME.status_partial,
    "planned": THEME.status_planned,
    "missing": THEME.status_missing,
    "not-applicable": THEME.status_not_applicable,
    "unmarked": THEME.status_unmarked,
}


def answers_file(folder: Path) -> Path:
    """The example chatbot with two questions left open, so some threats are kept in as not answered."""
    text = (EXAMPLES / "chatbot.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^(input_sensitive|triggers_actions):.*$", r"\1:", text, flags=re.MULTILINE)
    return write(folder / "system.yaml", text)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tailored")
    answers = answers_file(folder)
    out = folder / "out"
    options = BuildOptions(("pdf", "svg", "json"), out, use_cache=False, answers=str(answers), status=str(STATUS))
    build(None, options)
    return answers, out


@pytest.fixture(scope="module")
def assessment(made):
    """What `navigator assess ANSWERS --status STATUS --format json` prints for the same files."""
    from navigator.assess.command import render

    answers, _ = made
    return json.loads(render(load_catalog(), str(answers), str(STATUS), "json", to_file=True))


def statuses() -> dict[str, str]:
    raw = yaml.safe_load(STATUS.read_text(encoding="utf-8"))
    return {c: (v["status"] if isinstance(v, dict) else v) for c, v in raw.items()}


def covered(controls: set[str] | list[str]) -> Fraction | None:
    marks = statuses()
    counted = [c for c in controls if marks.get(c) != "not-applicable"]
    if not counted:
        return None
    return sum((WEIGHT.get(marks.get(c, ""), Fraction(0)) for c in counted), Fraction(0)) / len(counted)


def half_up(value: Fraction | None) -> str:
    return "n/a" if value is None else f"{int(value * 100 + Fraction(1, 2))}%"


def test_the_summary_page_comes_first_with_the_answers_and_coverage_per_risk(made, assessment):
    _, out = made
    pdf = Pdf(out / "navigator.pdf")
    first = pdf.text(0)
    assert first.startswith("Tailored navigator Go to the navigator") and "Your system" in first
    catalog = load_catalog()
    for q in catalog.questions:  # every question, with its answer or "not answered"
        answer = assessment["answers"].get(q.id)
        assert norm(f"{q.question} {answer or 'not answered'}") in first, q.id
    # coverage per risk, worked out from the status file over the threats that apply (leaves)
    threats = [t for t in assessment["threats"] if t["applies"]]
    parents = {t["parent"] for t in assessment["threats"]}
    leaves = [t for t in threats if t["id"] not in parents]
    expected = []
    for impact in catalog.impacts:
        controls = {c["id"] for t in leaves if impact.id in t["impacts"] for c in t["controls"]}
        expected.append((impact.label, half_up(covered(controls))))
    risks = first.split("Coverage by risk", 1)[1].split("Answers", 1)[0]
    found = re.findall(r"(\d+%|n/a)", risks)
    assert found == [figure for _, figure in expected]
    overall = half_up(covered({c["id"] for t in leaves for c in t["controls"]}))
    assert f"Coverage {overall} of the controls of the {len(leaves)} threats that apply" in first
    assert overall == half_up(Fraction(assessment["overall"]["coverage_exact"]))
    not_answered = sum(1 for t in leaves if not t["answered"])
    assert not_answered and f"{not_answered} of those threats are not answered" in first
    assert "2 questions are not answered" in first
    # the outline starts at the summary, and page 2 is the overview
    first_bookmark = pdf.reader.outline[0]
    assert not isinstance(first_bookmark, list) and first_bookmark.title == "Your system: answers and coverage"
    assert pdf.text(1).startswith("AI security threats and controls navigator")


def test_only_the_threats_that_apply_are_drawn_each_with_its_coverage(made, assessment):
    _, out = made
    scene = Scene.from_json((out / "navigator.json").read_text(encoding="utf-8"))
    assert [p.kind for p in scene.pages[:2]] == [PageKind.SUMMARY, PageKind.OVERVIEW]
    assert scene.overview is scene.pages[1] and scene.elements is scene.pages[1].elements
    cards = {e.ref for e in scene.elements if e.role in (Role.THREAT, Role.THREAT_GROUP)}
    applies = {t["id"] for t in assessment["threats"] if t["applies"]}
    assert cards == applies
    strips = {e.ref: e for e in scene.elements if e.role == Role.COVERAGE and e.ref}
    assert set(strips) == applies
    for t in assessment["threats"]:
        if t["applies"]:
            figure = half_up(covered([c["id"] for c in t["controls"]]))
            assert strips[t["id"]].get("coverage") == figure, t["id"]
            assert [x.text for x in strips[t["id"]].texts] == [figure]
            assert min(x.size for x in strips[t["id"]].texts) >= 6
    tags = {e.ref for e in scene.elements if e.role == Role.NOT_ANSWERED}
    assert tags == {t["id"] for t in assessment["threats"] if t["applies"] and not t["answered"]} != set()


def test_every_control_row_has_its_status_mark_in_the_svg(made):
    _, out = made
    root = ET.parse(out / "navigator.svg").getroot()
    groups = {g.get("id", ""): g for g in root.iter(f"{SVG}g")}
    rows = [i for i in groups if i.startswith("row:")]
    marks = statuses()
    seen = set()
    for row in rows:
        card, control = row.removeprefix("row:").split(":")
        mark = groups.get(f"status:{card}:{control}")
        assert mark is not None, row
        status = marks.get(control, "unmarked")
        shapes = [*mark.iter(f"{SVG}rect"), *mark.iter(f"{SVG}path")]
        colours = {s.get("fill") for s in shapes} | {s.get("stroke") for s in shapes}
        assert COLOURS[status] in colours, (row, status)
        if status in ("implemented", "missing", "not-applicable"):  # a disc with a white symbol on it
            assert len(list(mark.iter(f"{SVG}path"))) >= 1
        if status == "unmarked":
            assert next(mark.iter(f"{SVG}path")).get("stroke-dasharray")
        seen.add(status)
    assert seen == set(COLOURS)  # every status is drawn somewhere, each with its own symbol
    legend = {i.removeprefix("legend:status:") for i in groups if i.startswith("legend:status:")}
    assert legend == set(COLOURS)
    drawn = ET.tostring(root, encoding="unicode")
    assert "Your system" in drawn and "Coverage by risk" not in drawn  # the overview with its legend, no summary


def test_detail_pages_say_why_and_each_controls_status_owner_and_note(made, assessment):
    _, out = made
    pdf = Pdf(out / "navigator.pdf")
    texts = [pdf.text(i) for i in range(len(pdf.pages))]
    direct = next(t for t in assessment["threats"] if t["id"] == "directpromptinjection")
    page = next(
        t for t in texts if t.startswith("‹ Back to the navigator Threat details 2.2.1 Direct prompt injection")
    )
    why = page.split("Why it applies", 1)[1]
    for reason in direct["reasons"]:
        assert norm(reason) in why
    assert f"Coverage {half_up(covered([c['id'] for c in direct['controls']]))}:" in why
    limits = next(t for t in texts if "RATE LIMIT" in t and "Status: partial" in t)
    assert "Status: partial · owner: Platform team · only on the public API" in limits
    kept = [t for t in assessment["threats"] if t["applies"] and not t["answered"]]
    assert kept
    for threat in kept:
        title = f"Threat details {threat['number']} {threat['title']}"
        page = next(t for t in texts if title in t)
        why = page.split("Why it is shown: not answered", 1)[1]
        assert all(norm(reason) in why for reason in threat["reasons"]), threat["id"]


def test_a_tailored_build_is_byte_identical(made, tmp_path):
    answers, out = made
    again = tmp_path / "again"
    build(None, BuildOptions(("pdf", "svg", "json"), again, use_cache=False, answers=str(answers), status=str(STATUS)))
    for name in ("navigator.pdf", "navigator.svg", "navigator.json"):
        assert (again / name).read_bytes() == (out / name).read_bytes(), name


def test_answers_combine_with_another_filter(tmp_path):
    catalog = load_catalog()
    criteria, marks = tailored(
        catalog, str(EXAMPLES / "chatbot.yaml"), str(STATUS), criteria_from(risks=["model-integrity"])
    )
    scene = scene_of(catalog, criteria, annotations=marks)
    cards = {e.ref for e in scene.elements if e.role in (Role.THREAT, Role.THREAT_GROUP)}
    applies = set(marks.assessed.threats) if marks.assessed else set()
    hits = {t.id for t in catalog.threats if "model-integrity" in t.impacts}
    leaves = {c for c in cards if not catalog.children(c)}
    assert leaves and leaves == {t for t in applies & hits if not catalog.children(t)}
    summary = " ".join(x.text for e in scene.pages[0].elements for x in e.texts)
    assert "It is narrowed further (risk: Integrity of model behaviour)" in summary
    assert "No control is marked yet" not in summary
    alone, unmarked = tailored(catalog, str(EXAMPLES / "chatbot.yaml"))  # no other filter, no status file
    plain = " ".join(x.text for e in scene_of(catalog, alone, annotations=unmarked).pages[0].elements for x in e.texts)
    assert "narrowed further" not in plain and "No control is marked yet" in plain


def test_a4_layer_pages_carry_the_marks_as_page_1_does():
    """On A4 each layer has pages of its own at a legible size: their cards carry the status marks
    and coverage strips too (they were drawn bare, the marks only on page 1)."""
    from navigator.target import paper_target

    catalog = load_catalog()
    criteria, marks = tailored(catalog, str(EXAMPLES / "chatbot.yaml"), str(STATUS))
    scene = scene_of(catalog, criteria, target=paper_target("a4"), annotations=marks)
    layer_pages = [p for p in scene.pages if p.kind == PageKind.SECTION]
    assert layer_pages
    with_threats = 0
    for page in layer_pages:
        rows = [e for e in page.elements if e.role == Role.CONTROL]
        marked = {e.parent for e in page.elements if e.role == Role.STATUS}
        assert rows and {r.id for r in rows} <= marked, page.id
        threats = {e.ref for e in page.elements if e.role in (Role.THREAT, Role.THREAT_GROUP)}
        strips = {e.ref for e in page.elements if e.role == Role.COVERAGE and e.ref}
        assert strips <= threats and (strips or not threats), page.id
        with_threats += bool(threats)
    assert with_threats >= 3  # layers 2 to 4 hold threats


BAD_ANSWERS = "genai: maybe\nattacker_input: yes\n"
BAD_STATUS = "monitoruse: done\nnosuchcontrol: implemented\n"


def test_bad_answers_and_status_files_exit_2_naming_file_and_line_and_nothing_is_written(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.yaml", BAD_ANSWERS)
    write(tmp_path / "s.yaml", BAD_STATUS)
    code = main(["build", "--answers", "a.yaml", "--status", "s.yaml", "--out", "out", "--no-cache"])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert err == [
        "a.yaml:1: genai: 'maybe' is not an answer; valid answers: yes, no",
        "s.yaml:1: monitoruse: 'done' is not a status; valid statuses: implemented, partial, planned, missing, "
        "not-applicable",
        "s.yaml:2: unknown control 'nosuchcontrol'; `navigator catalog --format json` lists the control ids",
        "navigator: 3 problems in the answers file and status file; nothing was written",
    ]
    assert not (tmp_path / "out").exists()


def test_status_needs_answers_and_answers_need_a_questionnaire(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "s.yaml", "monitoruse: implemented\n")
    assert main(["build", "--status", "s.yaml", "--out", "out"]) == 2
    assert capsys.readouterr().err == (
        "navigator: --status marks the controls of a tailored navigator: give --answers too (an answers file of "
        "empty answers keeps every threat, each tagged not answered)\n"
    )
    write(tmp_path / "a.yaml", "genai: yes\n")
    assert main(["build", "--answers", "a.yaml", "--catalog", str(DATA / "catalogs" / "minimal"), "--out", "out"]) == 2
    assert capsys.readouterr().err == (
        "navigator: this catalog has no questionnaire, so --answers cannot be used: add a 'questions' list to one "
        "of its files (see docs/assess.md)\n"
    )
    assert not (tmp_path / "out").exists()


def test_percent_rounds_as_the_assessment_does():
    from navigator.assess.model import percent as exact

    for d in range(1, 120):
        for n in range(d + 1):
            assert percent(float(Fraction(n, d))) == exact(Fraction(n, d)), (n, d)
    assert percent(None) == exact(None) == "n/a"


def test_status_colours_are_told_apart_by_shape_and_contrast():
    for status, colour in COLOURS.items():
        assert contrast(colour, THEME.background) >= 3.0, status  # a graphic on white (WCAG 1.4.11)
        if status in ("implemented", "missing", "not-applicable"):
            assert contrast(THEME.background, colour) >= 3.0, status  # the white symbol on the disc
    for colour in (THEME.coverage_low, THEME.coverage_mid, THEME.coverage_high):
        assert contrast(colour, THEME.coverage_track) >= 3.0
    assert contrast(THEME.not_answered_ink, THEME.not_answered_fill) >= 4.5
    from navigator.layout.assessed import mark_shapes

    drawn = {
        s: mark_shapes(s, 0.0, 0.0, 8.0) for s in ("implemented", "partial", "planned", "missing", "not-applicable", "")
    }
    shapes = {
        s: (tuple((bool(x.fill), bool(x.stroke)) for x in r), tuple((len(p.points), bool(p.dash)) for p in ps))
        for s, (r, ps) in drawn.items()
    }
    assert len(set(shapes.values())) == len(shapes)  # no two statuses share a shape


def test_tailored_scene_golden(monkeypatch):
    """The whole tailored Scene of a small catalog with a two-question questionnaire (every status but
    one, a threat not answered). Regenerate with NAVIGATOR_ACCEPT=1 after an intended change, and review."""
    monkeypatch.chdir(ROOT)  # the answers file is named on the summary page as given
    catalog = load_catalog(QUESTIONS)
    answers, status = DATA / "tailored" / "answers.yaml", DATA / "tailored" / "status.yaml"
    criteria, marks = tailored(catalog, str(answers.relative_to(ROOT)), str(status.relative_to(ROOT)))
    scene = scene_of(catalog, criteria, annotations=marks)
    golden = GOLDEN / "tailored.scene.json"
    if os.environ.get("NAVIGATOR_ACCEPT"):
        golden.write_text(
            json.dumps(json.loads(scene.to_json()), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    assert json.loads(scene.to_json()) == json.loads(golden.read_text(encoding="utf-8"))


def test_page_numbers_count_the_summary_page_when_the_overview_is_split(monkeypatch):
    """An overview too large for a page is printed as an index and a page per section: with a summary
    page in front, every printed "page N" is still the page's place in the PDF."""
    from navigator.target import Target

    monkeypatch.chdir(ROOT)
    catalog = load_catalog(QUESTIONS)
    criteria, marks = tailored(catalog, "tests/data/tailored/answers.yaml", "tests/data/tailored/status.yaml")
    scene = scene_of(catalog, criteria, target=Target(max_side=500.0), annotations=marks)
    printed = scene.printed
    kinds = [p.kind for p in printed]
    assert kinds[:2] == [PageKind.SUMMARY, PageKind.INDEX] and PageKind.SECTION in kinds
    assert not scene.overview.printed and scene.overview.kind == PageKind.OVERVIEW
    for number, page in enumerate(printed, start=1):
        labels = " ".join(x.text for e in page.elements if e.role == Role.PAGE_LABEL for x in e.texts)
        if page.kind in (PageKind.SUMMARY, PageKind.DETAIL, PageKind.SECTION):
            assert f"page {number}" in labels, (page.id, labels)
    index = " ".join(x.text for e in printed[1].elements for x in e.texts)
    sections = [n for n, p in enumerate(printed, start=1) if p.kind == PageKind.SECTION]
    details = [n for n, p in enumerate(printed, start=1) if p.kind == PageKind.DETAIL]
    for n in sections:
        assert f"· page {n}" in index
    assert f"· pages {details[0]}–{details[-1]}" in index
