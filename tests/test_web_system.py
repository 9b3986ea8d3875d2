""" "Your system" in the web view, without a browser: the questions as URL parameters, control status
in the URL, the callbacks called directly (webviz style), status marks as overlay traces patched
alone, status files uploaded and downloaded, and the register downloads read back with openpyxl."""

from __future__ import annotations

import base64
import csv
import io
import json
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from dash import no_update

from navigator.assess import read_statuses
from navigator.web import assessed, callbacks, data, edits, ids, overlays, status, system
from navigator.web.app import create_app
from navigator.web.data import Context
from navigator.web.state import ViewState, checked, from_store, parse_query, to_query, to_store

# From the AI Exchange's decision tree (ai_security_overview.md, "If you use GenAI"): prompt injection
# is a threat of generative AI only, so a system that is not GenAI leaves it out; evasion is not.
NOT_GENAI = "directpromptinjection"
STAYS = "evasion"


@pytest.fixture(scope="module")
def ctx() -> Context:
    return data.context()


def questions(ctx: Context) -> set[str]:
    return {q.id for q in ctx.catalog.questions}


def change(
    ctx: Context,
    trigger: str | None,
    url: Any = "",
    selected: Any = None,
    stored: Any = None,
    answers: Any = None,
    choice: Any = None,
    colour: Any = None,
    upload: Any = None,
    filename: Any = None,
) -> dict[str, Any]:
    previous = stored if stored is not None else to_store(ViewState())
    out = callbacks.on_change(
        ctx,
        trigger,
        url,
        [],
        [],
        [],
        "",
        "faded",
        selected,
        [],
        None,
        0,
        0,
        previous,
        colour=colour if colour is not None else [],
        choice=choice,
        upload=upload,
        upload_filename=filename,
        notes=None,
        answers=answers if answers is not None else [""] * len(ctx.catalog.questions),
    )
    names = (*callbacks.CHANGE_OUTPUTS, *callbacks.answer_props(ctx.catalog))
    assert len(out) == len(names)
    return {f"{i}.{p}": v for (i, p), v in zip(names, out)}


def on_state(ctx: Context, state: ViewState, key: Any = None, overlay_key: Any = None) -> dict[str, Any]:
    out = callbacks.on_state(ctx, to_store(state), key, client_overlays=overlay_key)
    return {f"{i}.{p}": v for (i, p), v in zip(callbacks.STATE_OUTPUTS, out)}


def traces(fig: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["name"]: t for t in fig["data"]}


# ---- the URL ----------------------------------------------------------------------------------------------


def test_answers_and_statuses_round_trip_through_the_url(ctx: Context) -> None:
    query = "?trains=Supplier&genai=no&status=monitoruse:p,aiprogram:implemented&colour=status"
    state, notices = parse_query(query, questions(ctx))
    state, more = checked(state, ctx.catalog)
    assert notices == () and more == ()
    assert state.answers == (("genai", "no"), ("trains", "supplier"))  # questionnaire order, catalog spelling
    assert state.statuses == (("aiprogram", "implemented"), ("monitoruse", "partial"))  # catalog order
    assert state.colour
    canonical = to_query(state)
    assert canonical == "genai=no&trains=supplier&status=aiprogram:i,monitoruse:p&colour=status"
    again, _ = checked(parse_query(canonical, questions(ctx))[0], ctx.catalog)
    assert again == state
    assert from_store(to_store(state)) == state


def test_what_a_link_cannot_use_is_ignored_with_a_notice(ctx: Context) -> None:
    query = "?genai=maybe&status=monitoruse:x,nosuchcontrol:i,aiprogram:l&colour=rainbow&nosuch=1"
    state, notices = parse_query(query, questions(ctx))
    state, more = checked(state, ctx.catalog)
    messages = " | ".join(notices + more)
    assert "ignored genai='maybe': answers are yes, no" in messages
    assert "ignored status 'monitoruse:x'" in messages
    assert "ignored the status of 'nosuchcontrol': the catalog has no such control" in messages
    assert "ignored colour 'rainbow'" in messages
    assert "ignored unknown parameter 'nosuch'" in messages
    assert state.answers == () and state.statuses == (("aiprogram", "planned"),) and not state.colour


def test_status_codes_are_one_letter_each_and_read_back() -> None:
    assert len(set(status.CODES.values())) == len(status.CODES) == 5
    assert all(len(code) == 1 for code in status.CODES.values())
    for word, code in status.CODES.items():
        assert status.word_of(code) == word == status.word_of(word.upper())


# ---- answering the questions ------------------------------------------------------------------------------


def test_answering_a_question_filters_at_once_and_says_why(ctx: Context) -> None:
    values = ["no" if q.id == "genai" else "" for q in ctx.catalog.questions]
    out = change(ctx, ids.answer("genai"), answers=values)
    assert out["url.search"] == "?genai=no"
    state = from_store(out["state.data"])
    assert state.answers == (("genai", "no"),)
    shown = on_state(ctx, replace_selected(state, NOT_GENAI))
    veil = traces(shown["figure-data.data"])["filter-veil"]["meta"]["ids"]
    assert f"card:{NOT_GENAI}" in veil and f"card:{STAYS}" not in veil
    assert shown["status.children"].startswith("Showing ")
    panel = str(shown["details.children"])
    assert "Does not apply to your system" in panel
    assert "download/navigator.xlsx?genai=no" in shown["download-xlsx.href"]
    assert shown["download-pdf.href"].endswith("?genai=no")
    # a link sets the radio groups
    out = change(ctx, None, url="?genai=no&trains=supplier")
    assert out[f"{ids.answer('genai')}.value"] == "no" and out[f"{ids.answer('trains')}.value"] == "supplier"
    assert out[f"{ids.answer('runs_model')}.value"] == ""  # "Don't know"


def replace_selected(state: ViewState, selected: str) -> ViewState:
    return replace(state, selected=selected)


def test_reset_keeps_the_system(ctx: Context) -> None:
    stored = to_store(ViewState(risks=("model-integrity",), answers=(("genai", "no"),), statuses=(("aiprogram", "i"),)))
    stored["statuses"] = [["aiprogram", "implemented"]]
    out = change(ctx, ids.RESET, stored=stored)
    assert out["url.search"] == "?genai=no&status=aiprogram:i"


# ---- control status ---------------------------------------------------------------------------------------


def test_setting_a_status_in_a_controls_panel(ctx: Context) -> None:
    out = change(ctx, None, url="?selected=monitoruse")
    assert out["status-editor.hidden"] is False and out["status-choice.value"] == ""
    assert change(ctx, None, url="?selected=evasion")["status-editor.hidden"] is True  # a threat: no status
    stored = out["state.data"]
    out = change(ctx, ids.STATUS_CHOICE, selected="monitoruse", stored=stored, choice="implemented")
    assert out["url.search"] == "?selected=monitoruse&status=monitoruse:i"
    assert from_store(out["state.data"]).statuses == (("monitoruse", "implemented"),)
    out = change(ctx, ids.STATUS_CHOICE, selected="monitoruse", stored=out["state.data"], choice="")
    assert out["url.search"] == "?selected=monitoruse"  # not marked again


def test_a_status_change_leaves_the_figure_and_sends_only_the_marks(ctx: Context) -> None:
    before = ViewState(selected="monitoruse")
    first = on_state(ctx, before)
    key = first["overlay-key.data"]
    assert first["status-marks.data"]["rows"]["monitoruse"]  # the selected control's rows, to mark at once
    after = ViewState(selected="monitoruse", statuses=(("monitoruse", "implemented"),))
    out = on_state(ctx, after, key="full", overlay_key=key)
    assert out["figure-data.data"] is no_update  # plotly redraws nothing
    shown = out["status-marks.data"]
    rows = {e.id for e in ctx.full.index.elements.values() if e.role == "control" and e.ref == "monitoruse"}
    assert rows and set(assessed.marked_rows(shown, "implemented")) == rows
    assert not shown["colour"]
    assert len(json.dumps(shown)) < 20_000
    # every threat with monitoruse among its controls has some coverage now; its card a bar
    bars = {bar[0]: bar for bar in shown["bars"]}
    threat = next(t.id for t in ctx.catalog.threats if "monitoruse" in ctx.catalog.controls_of(t.id))
    n = len(ctx.catalog.controls_of(threat))
    assert bars[f"card:{threat}"][6] == str(Fraction(1, n))
    card = ctx.full.index.elements[f"card:{threat}"].box
    x, y, w, h = bars[f"card:{threat}"][1:5]
    assert card.x < x and x + w < card.right and card.bottom - 5 < y and y + h < card.bottom  # in its padding
    assert "1 control marked: 1 implemented" in out["status-summary.children"]
    # a filter change sends the filter's overlays again
    out = on_state(ctx, ViewState(risks=("model-integrity",), statuses=after.statuses), key="full", overlay_key=key)
    assert len(out["figure-data.data"].to_plotly_json()["operations"]) == len(overlays.OVERLAYS)


def test_the_colour_scale_and_the_status_colours(ctx: Context) -> None:
    state = ViewState(statuses=(("monitoruse", "missing"), ("aiprogram", "partial")), colour=True)
    shown = on_state(ctx, state)["status-marks.data"]
    assert shown["colour"] and assessed.marked_rows(shown, "missing") and assessed.marked_rows(shown, "partial")
    assert len(set(shown["colours"].values())) == len(shown["colours"]) == 5
    assert change(ctx, ids.COLOUR_SCALE, colour=["status"])["url.search"] == "?colour=status"
    # each row's tint starts after its control type's badge (a tint over the badge muddied its letter)
    for rows in shown["rows"].values():
        for _, x, _, w, _, tint_left in rows:
            assert x + 8 < tint_left < x + w / 2


def test_a_tint_starts_between_the_badge_and_the_name() -> None:
    from navigator.api import load, scene_of
    from navigator.roles import Role

    rows = [e for e in scene_of(load()).overview.elements if e.role == Role.CONTROL]
    assert rows
    for e in rows:
        assert e.rects[0].box.right < assessed._tint_left(e) < e.texts[1].x, e.id


def test_faded_rows_get_no_mark(ctx: Context) -> None:
    state = ViewState(answers=(("genai", "no"),), statuses=(("promptinputvalidation", "implemented"),))
    shown = on_state(ctx, state)["status-marks.data"]
    marked = assessed.marked_rows(shown, "implemented")
    assert f"row:{NOT_GENAI}:promptinputvalidation" not in marked
    assert f"card:{NOT_GENAI}" not in {bar[0] for bar in shown["bars"]}


def expected_share(statuses: dict[str, str], controls: tuple[str, ...]) -> str | None:
    """A coverage share as issue 15 defines it: implemented 1, partial 1/2, not-applicable left out,
    the rest 0; None when no control is left to count."""
    counted = [statuses.get(c, "") for c in controls if statuses.get(c) != "not-applicable"]
    if not counted:
        return None
    points = sum(
        (Fraction(1) if s == "implemented" else Fraction(1, 2) if s == "partial" else Fraction(0) for s in counted),
        Fraction(0),
    )
    return str(points / len(counted))


def bar_data(shown: dict[str, Any]) -> dict[str, tuple[list[Any], tuple[str, ...]]]:
    """Card id -> (its bar as sent, the ids of the controls the browser counts for it)."""
    return {bar[0]: (bar, tuple(shown["controls"][i] for i in bar[7])) for bar in shown["bars"]}


def test_the_marks_carry_every_bar_and_its_controls_so_the_browser_can_redraw_coverage(ctx: Context) -> None:
    """Before any status is set, the marks hold a bar (box, no share) for every threat card that has
    controls, with the controls that count for its coverage: a first status click draws every bar
    at once in the browser. Once statuses are set, the server's shares are those of the issue's rule."""
    catalog = ctx.catalog
    shown = on_state(ctx, ViewState(selected="monitoruse"))["status-marks.data"]
    assert shown["control"] == "monitoruse"
    bars = bar_data(shown)
    cards = {f"card:{t.id}": t.id for t in catalog.threats if catalog.controls_of(t.id)}
    assert set(bars) == cards.keys() and len(cards) > 20
    for card, (bar, controls) in bars.items():
        assert controls == catalog.controls_of(cards[card])  # what assess counts, in its order
        assert bar[5] is None and bar[6] is None  # nothing marked: no bar drawn yet
        box = ctx.full.index.elements[card].box
        x, y, w, h = bar[1:5]
        assert box.x < x and x + w < box.right and box.bottom - 5 < y and y + h < box.bottom
    statuses = {"monitoruse": "implemented", "ratelimit": "partial"}
    spared = next(t for t in cards.values() if not set(statuses) & set(catalog.controls_of(t)))
    statuses |= dict.fromkeys(catalog.controls_of(spared), "not-applicable")
    state = ViewState(selected="ratelimit", statuses=status.checked(tuple(statuses.items()), catalog, []))
    shown = on_state(ctx, state)["status-marks.data"]
    bars = bar_data(shown)
    assert set(bars) == cards.keys()
    shares = {card: bar[6] for card, (bar, _) in bars.items()}
    assert shares == {card: expected_share(statuses, catalog.controls_of(t)) for card, t in cards.items()}
    assert shares[f"card:{spared}"] is None  # every control not applicable: nothing to cover
    assert "0" in shares.values() and len({v for v in shares.values() if v and "/" in v}) > 2
    assert all(bar[5] == (float(Fraction(bar[6])) if bar[6] else None) for bar, _ in bars.values())
    # a filter's faded cards get no bar, and nothing a filter leaves out is counted in the data
    faded = on_state(ctx, replace(state, answers=(("genai", "no"),)))["status-marks.data"]
    assert f"card:{NOT_GENAI}" not in bar_data(faded) and f"card:{STAYS}" in bar_data(faded)


# ---- status files -----------------------------------------------------------------------------------------


def data_url(text: str | bytes) -> str:
    raw = text.encode() if isinstance(text, str) else text
    return "data:application/x-yaml;base64," + base64.b64encode(raw).decode()


def test_uploading_a_good_status_file_replaces_the_statuses(ctx: Context) -> None:
    text = "monitoruse: implemented\naiprogram:\n  status: partial\n  owner: Platform team\n  note: since May\n"
    out = change(ctx, ids.STATUS_UPLOAD, upload=data_url(text), filename="team.yaml")
    assert out["url.search"] == "?status=aiprogram:p,monitoruse:i"
    assert out["status-notes.data"] == {"aiprogram": ["Platform team", "since May"]}
    assert "Read team.yaml" in str(out["status-problems.children"])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("monitoruse: implemented\nnosuch: partial\n", "team.yaml:2: unknown control 'nosuch'"),
        ("monitoruse: done\n", "team.yaml:1: monitoruse: 'done' is not a status"),
        ("monitoruse: implemented\n  bad: [\n", "team.yaml:"),
        ("- monitoruse\n", "team.yaml:1: a status file must be a mapping"),
        ("evasion: implemented\n", "team.yaml:1: 'evasion' is a threat, not a control"),
    ],
)
def test_a_bad_status_file_changes_nothing_and_says_where(ctx: Context, text: str, expected: str) -> None:
    out = change(ctx, ids.STATUS_UPLOAD, upload=data_url(text), filename="team.yaml")
    assert out["url.search"] is no_update and out["state.data"] is no_update
    report = str(out["status-problems.children"])
    assert "Nothing was taken from team.yaml" in report and expected in report


def test_an_uploaded_files_control_characters_are_escaped(ctx: Context) -> None:
    out = change(ctx, ids.STATUS_UPLOAD, upload=data_url("mon\x1b[31mitoruse: implemented\n"), filename="a\x1bb.yaml")
    report = str(out["status-problems.children"])
    assert "\x1b" not in report and "\\u001b" in report


def test_an_oversized_or_broken_upload_is_refused(ctx: Context) -> None:
    big = data_url("# " + "x" * (status.MAX_UPLOAD_BYTES + 10) + "\n")
    out = change(ctx, ids.STATUS_UPLOAD, upload=big, filename="big.yaml")
    assert "larger than 100 kB" in str(out["status-problems.children"])
    out = change(ctx, ids.STATUS_UPLOAD, upload="data:text/yaml;base64,@@@", filename="x.yaml")
    assert "did not arrive whole" in str(out["status-problems.children"])


def test_the_status_file_downloaded_is_read_back_by_the_cli_reader(ctx: Context, tmp_path: Path) -> None:
    state = ViewState(statuses=(("aiprogram", "partial"), ("monitoruse", "not-applicable")))
    notes = {"aiprogram": ["Platform team", 'said "soon"']}
    got = edits.on_status_download(ctx, 1, to_store(state), notes)
    assert got["filename"] == "navigator-status.yaml"
    path = tmp_path / "status.yaml"
    path.write_text(got["content"])
    back = read_statuses(ctx.catalog, path)
    assert {c: s.status for c, s in back.items()} == {"aiprogram": "partial", "monitoruse": "not-applicable"}
    assert (back["aiprogram"].owner, back["aiprogram"].note) == ("Platform team", 'said "soon"')


# ---- register downloads -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> Any:
    return create_app().server.test_client()


def test_the_register_downloads_honour_the_answers_and_statuses(client: Any, ctx: Context) -> None:
    r = client.get("/download/navigator.xlsx?genai=no&status=monitoruse:i")
    assert r.status_code == 200, r.data[:200]
    assert r.headers["Content-Disposition"] == 'attachment; filename="navigator-applicable-register.xlsx"'
    wb = openpyxl.load_workbook(io.BytesIO(r.data))
    assert wb.sheetnames == ["Register", "Threats", "Controls", "Risks", "Answers"]
    reg: Any = wb["Register"]
    col = {c.value: i for i, c in enumerate(reg[1])}
    rows = list(reg.iter_rows(min_row=2))
    threats = {row[col["Threat id"]].value for row in rows}
    assert "airesourceexhaustion" in threats and NOT_GENAI not in threats  # a leaf; exhaustion hits any system
    mon = [row for row in rows if row[col["Control id"]].value == "monitoruse"]
    assert mon and all(row[col["Status"]].value == "implemented" for row in mon)
    assert rows[0][col["Threat link"]].hyperlink.target.startswith("https://")
    answers = {row[0].value: row[2].value for row in wb["Answers"].iter_rows(min_row=2)}
    assert answers["genai"] == "no"


def test_the_csv_register_honours_the_other_filters(client: Any, ctx: Context) -> None:
    r = client.get("/download/navigator.csv?genai=no&control-type=infosec")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert rows
    infosec = {c.id for c in ctx.catalog.controls if c.type == "infosec"}
    assert {row["Control id"] for row in rows} <= infosec
    assert NOT_GENAI not in {row["Threat id"] for row in rows}


def test_a_download_keeps_the_systems_slice_apart_from_the_whole(ctx: Context) -> None:
    """The render memo's key is the normalised criteria: without `applicable` in it, a tailored download
    would be served the whole navigator rendered before (or the other way round)."""
    from navigator.filters import Criteria
    from navigator.web.downloads import normalised

    applicable = frozenset({STAYS})
    assert normalised(Criteria(applicable=applicable), ctx.catalog).applicable == applicable
    assert normalised(Criteria(applicable=applicable), ctx.catalog) != normalised(Criteria(), ctx.catalog)


def test_a_hidden_view_narrowed_by_answers_is_a_drawing_of_its_own(ctx: Context) -> None:
    """The browser keeps its drawing when the key is the same and gets only overlays: two different
    layouts under one key would leave it showing the wrong one."""
    plain = ViewState(mode="hidden", risks=("model-integrity",))
    narrowed = ViewState(mode="hidden", risks=("model-integrity",), answers=(("genai", "no"),))
    first, second = on_state(ctx, plain), on_state(ctx, narrowed)
    assert first["figure-key.data"] != second["figure-key.data"]
    shown = {e.ref for e in ctx.view(system.criteria_of(ctx, narrowed)).index.elements.values()}
    assert NOT_GENAI not in shown and STAYS in shown


def test_a_tailored_pdf_download_is_marked_as_the_cli_draws_it(client: Any) -> None:
    """A download with answers and statuses carries the summary page, the row marks and the reasons,
    as `build --answers --status` draws them (it was the filtered slice alone, unmarked)."""
    from pypdf import PdfReader

    r = client.get("/download/navigator.pdf?genai=no&status=monitoruse:i")
    assert r.status_code == 200, r.data[:200]
    pdf = PdfReader(io.BytesIO(r.data))
    first = pdf.pages[0].extract_text()
    assert "Your system" in first and "coverage" in first.lower()
    svg = client.get("/download/navigator.svg?genai=no&status=monitoruse:i").data.decode()
    assert 'id="status:' in svg or "status:" in svg
    plain = client.get("/download/navigator.svg?genai=no").data.decode()
    assert svg != plain
