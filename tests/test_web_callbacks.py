"""The callbacks, called directly as the functions they are (no browser, no server)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from dash import Patch, no_update
from dash.exceptions import PreventUpdate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from navigator.web import callbacks, data, ids, overlays
from navigator.web.data import Context
from navigator.web.state import HIDDEN, ViewState, from_store, to_store

DEFAULT_STORE = to_store(ViewState())


@pytest.fixture(scope="module")
def ctx() -> Context:
    return data.context()


def change(
    ctx: Context,
    trigger: str | None,
    url: Any = "",
    risks: Any = (),
    types: Any = (),
    sections: Any = (),
    search: Any = "",
    mode: Any = "faded",
    selected: Any = None,
    click: Any = None,
    reset: Any = 0,
    stored: Any = DEFAULT_STORE,
    frameworks: Any = (),
    close: Any = 0,
) -> dict[str, Any]:
    out = callbacks.on_change(
        ctx,
        trigger,
        url,
        list(risks),
        list(types),
        list(sections),
        search,
        mode,
        selected,
        list(frameworks),
        click,
        reset,
        close,
        stored,
    )
    names = (*callbacks.CHANGE_OUTPUTS, *callbacks.answer_props(ctx.catalog))
    assert len(out) == len(names)
    return {f"{i}.{p}": v for (i, p), v in zip(names, out)}


def state_outputs(
    ctx: Context, state: ViewState, key: Any = None, viewport: Any = None, overlays_key: Any = None
) -> dict[str, Any]:
    out = callbacks.on_state(ctx, to_store(state), key, viewport=viewport, client_overlays=overlays_key)
    assert len(out) == len(callbacks.STATE_OUTPUTS)
    return {f"{i}.{p}": v for (i, p), v in zip(callbacks.STATE_OUTPUTS, out)}


def click_on(element_id: str) -> dict[str, Any]:
    return {"points": [{"curveNumber": 60, "pointNumber": 3, "customdata": element_id}]}


def test_a_link_sets_the_components(ctx: Context) -> None:
    out = change(ctx, None, url="?risk=model-integrity&control-type=infosec&search=LLM01&selected=evasion&mode=hidden")
    assert out["url.search"] is no_update
    assert out["risk-filter.value"] == ["model-integrity"]
    assert out["control-type-filter.value"] == ["infosec"]
    assert out["search.value"] == "LLM01"
    assert out["mode.value"] == HIDDEN
    assert out["details-select.value"] == "evasion"
    assert from_store(out["state.data"]) == ViewState(
        ("model-integrity",), ("infosec",), (), "LLM01", "evasion", HIDDEN
    )
    assert out["notices.children"] == []


def test_a_bad_link_shows_notices_and_what_it_could_use(ctx: Context) -> None:
    out = change(ctx, ids.URL, url="?risk=model-integrity&risk=nope&zoom=3&mode=upside")
    assert out["risk-filter.value"] == ["model-integrity"]
    text = json.dumps(out["notices.children"], default=lambda c: c.to_plotly_json())
    assert "unknown risk" in text and "'zoom'" in text and "upside" in text


def test_location_not_known_yet_waits(ctx: Context) -> None:
    with pytest.raises(PreventUpdate):
        change(ctx, None, url=None)


def test_a_filter_sets_the_url_and_the_state(ctx: Context) -> None:
    out = change(ctx, ids.RISK_FILTER, risks=["model-integrity"])
    assert out["url.search"] == "?risk=model-integrity"
    assert out["risk-filter.value"] is no_update and out["details-select.value"] is no_update
    assert from_store(out["state.data"]).risks == ("model-integrity",)
    out = change(ctx, ids.SEARCH, search="  AML.T0051 ", stored=out["state.data"], url="?risk=model-integrity")
    assert out["url.search"] == "?search=AML.T0051"


def test_nothing_changed_sends_nothing(ctx: Context) -> None:
    stored = to_store(ViewState(risks=("model-integrity",)))
    with pytest.raises(PreventUpdate):
        change(ctx, ids.RISK_FILTER, url="?risk=model-integrity", risks=["model-integrity"], stored=stored)


def test_clicking_selects_and_clicking_again_deselects(ctx: Context) -> None:
    out = change(ctx, ids.DIAGRAM, risks=["model-integrity"], click=click_on("card:evasion"))
    assert out["url.search"] == "?risk=model-integrity&selected=evasion"
    assert out["details-select.value"] == "evasion"
    again = change(
        ctx,
        ids.DIAGRAM,
        risks=["model-integrity"],
        selected="evasion",
        click=click_on("card:evasion"),
        stored=out["state.data"],
        url=out["url.search"],
    )
    assert again["url.search"] == "?risk=model-integrity" and again["details-select.value"] is None
    row = change(ctx, ids.DIAGRAM, click=click_on("row:evasion:evasioninputhandling"))
    assert from_store(row["state.data"]).selected == "evasioninputhandling"


@pytest.mark.parametrize(
    "click",
    [
        None,
        {},
        {"points": []},
        {"points": [{"customdata": 5}]},
        click_on("tab:evasion:model-integrity"),
        click_on("nope"),
        "x",
        [1],
    ],
)
def test_clicks_on_nothing_change_nothing(ctx: Context, click: Any) -> None:
    with pytest.raises(PreventUpdate):
        change(ctx, ids.DIAGRAM, click=click)


def test_reset_returns_to_everything_and_keeps_mode_and_selection(ctx: Context) -> None:
    stored = to_store(ViewState(risks=("model-integrity",), search="x", selected="evasion", mode=HIDDEN))
    out = change(
        ctx, ids.RESET, reset=1, stored=stored, url="?risk=model-integrity&search=x&selected=evasion&mode=hidden"
    )
    assert out["url.search"] == "?selected=evasion&mode=hidden"
    assert out["risk-filter.value"] == [] and out["search.value"] == ""
    assert out["mode.value"] == HIDDEN and out["details-select.value"] == "evasion"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from([None, *[i for i, _ in callbacks.CHANGE_INPUTS]]),
    st.lists(json_values, min_size=len(callbacks.CHANGE_INPUTS) + 4, max_size=len(callbacks.CHANGE_INPUTS) + 4),
    json_values,
)
def test_any_json_from_the_browser_is_handled(
    ctx: Context, trigger: str | None, values: list[Any], viewport: Any
) -> None:
    n = len(callbacks.CHANGE_INPUTS) - 3  # the view's inputs, then colour, status choice and upload
    colour, choice, upload, filename, notes, answers = values[n + 1 :]
    try:
        out = callbacks.on_change(
            ctx,
            trigger,
            *values[: n + 1],
            colour=colour,
            choice=choice,
            upload=upload,
            upload_filename=filename,
            notes=notes,
            answers=answers,
        )
    except PreventUpdate:
        return
    stored = out[callbacks.CHANGE_OUTPUTS.index((ids.STATE, "data"))]
    state = from_store(stored)
    callbacks.on_state(ctx, stored, values[-1], viewport=viewport)
    assert isinstance(state, ViewState)


def test_first_render_sends_the_whole_figure(ctx: Context) -> None:
    out = state_outputs(ctx, ViewState())
    fig = out["figure-data.data"]
    assert isinstance(fig, dict) and fig["data"][-1]["name"] == "items"
    assert out["figure-key.data"] == "full"
    assert out["details-panel.className"] == "details-panel"
    assert (
        out["status.children"]
        == f"The whole catalog: {len(ctx.catalog.threats)} threats and {len(ctx.catalog.controls)} controls."
    )
    assert out["download-pdf.href"] == "/download/navigator.pdf"


def test_a_filter_change_sends_only_the_overlays(ctx: Context) -> None:
    state = ViewState(risks=("model-integrity",), selected="evasion")
    out = state_outputs(ctx, state, key="full")
    patch = out["figure-data.data"]
    assert isinstance(patch, Patch)
    ops = patch.to_plotly_json()["operations"]
    start = ctx.full.drawing.overlay_start
    assert [op["location"] for op in ops] == [["data", start + i] for i in range(len(overlays.OVERLAYS))]
    assert [op["params"]["value"]["name"] for op in ops] == list(overlays.OVERLAYS)
    assert len(json.dumps(patch.to_plotly_json())) < 60_000
    assert out["download-svg.href"] == "/download/navigator.svg?risk=model-integrity"
    assert out["details-panel.className"] == "details-panel open"
    assert "Showing" in out["status.children"] and "faded" in out["status.children"]


def test_hidden_mode_sends_the_slice(ctx: Context) -> None:
    state = ViewState(risks=("model-availability",), mode=HIDDEN)
    out = state_outputs(ctx, state, key="full")
    fig = out["figure-data.data"]
    assert isinstance(fig, dict) and out["figure-key.data"].startswith("slice:")
    assert fig["layout"]["uirevision"] == out["figure-key.data"]
    again = state_outputs(ctx, state, key=out["figure-key.data"])
    assert isinstance(again["figure-data.data"], Patch)


def details_text(out: dict[str, Any]) -> str:
    return json.dumps(out["details.children"], default=lambda c: c.to_plotly_json())


def test_details_of_a_threat_control_and_group(ctx: Context) -> None:
    c = ctx.catalog
    text = details_text(state_outputs(ctx, ViewState(selected="transferattack")))
    assert "2.1.3" in text and "Transferability" in text
    for cid in c.controls_of("transferattack"):
        assert f"selected={cid}" in text
    assert "from 2.1 Evasion" in text and "via 1.1 General governance controls" in text  # inherited, general
    assert "https://owaspai.org/" in text and "noopener noreferrer" in text
    text = details_text(state_outputs(ctx, ViewState(risks=("model-availability",), selected="monitoruse")))
    assert "Threats it helps against" in text and "selected=evasion" in text and "risk=model-availability" in text
    text = details_text(state_outputs(ctx, ViewState(selected="inputthreatcontrols")))
    assert "Control group" in text and "Threats it applies to" in text


def test_details_say_when_the_item_is_filtered_out(ctx: Context) -> None:
    text = details_text(state_outputs(ctx, ViewState(risks=("model-availability",), selected="evasion")))
    assert "Not in the current filtered view" in text
    text = details_text(state_outputs(ctx, ViewState(risks=("model-integrity",), selected="evasion")))
    assert "Not in the current filtered view" not in text


def test_the_framework_filter_sets_the_url_and_a_link_sets_it(ctx: Context) -> None:
    out = change(ctx, ids.FRAMEWORK_FILTER, frameworks=["framework:owasp-llm-top-10", "ref:AML.T0051"])
    assert out["url.search"] == "?framework=owasp-llm-top-10&ref=AML.T0051"
    state = from_store(out["state.data"])
    assert state.criteria().frameworks == ("owasp-llm-top-10",) and state.criteria().refs == ("AML.T0051",)
    back = change(ctx, None, url="?framework=mitre-atlas&ref=LLM01:2026&ref=nothing-like-it")
    assert back["framework-filter.value"] == ["framework:mitre-atlas", "ref:LLM01:2026"]
    assert "nothing-like-it" in json.dumps(back["notices.children"], default=lambda c: c.to_plotly_json())


def test_close_clears_the_selection(ctx: Context) -> None:
    stored = to_store(ViewState(risks=("model-integrity",), selected="evasion"))
    out = change(
        ctx,
        ids.DETAILS_CLOSE,
        url="?risk=model-integrity&selected=evasion",
        risks=["model-integrity"],
        selected="evasion",
        close=1,
        stored=stored,
    )
    assert out["url.search"] == "?risk=model-integrity"
    assert out["details-select.value"] is None


def results_text(out: dict[str, Any]) -> str:
    return json.dumps(out["search-results.children"], default=lambda c: c.to_plotly_json())


def test_search_results_list_the_direct_hits_and_count_the_context(ctx: Context) -> None:
    out = state_outputs(ctx, ViewState(search="prompt injection"))
    text = results_text(out)
    assert "3 threats and 1 control match" in text and "shown for context" in text
    assert "2.2 Prompt injection" in text and "selected=promptinjection" in text
    assert "2.1 Evasion" not in text
    assert "4 of 31 threats" in out["status.children"]
    none = state_outputs(ctx, ViewState(search="zzqqx"))
    assert "No threat or control matches" in results_text(none)
    assert none["status.children"] == "No threat or control matches these filters."
    other = state_outputs(ctx, ViewState(search="prompt injection", risks=("model-availability",)))
    assert "with the other filters" in results_text(other)
    assert state_outputs(ctx, ViewState())["search-results.children"] == []


def test_search_hits_are_outlined_and_the_context_lightly_veiled(ctx: Context) -> None:
    fig = state_outputs(ctx, ViewState(search="prompt injection"))["figure-data.data"]
    traces = {t["name"]: t for t in fig["data"]}
    hits = set(traces["search-hit"]["meta"]["ids"])
    assert {"card:promptinjection", "card:directpromptinjection", "card:indirectpromptinjection"} <= hits
    assert any(h.startswith("row:") and h.endswith(":promptinjectioniohandling") for h in hits)
    context = set(traces["context-veil"]["meta"]["ids"])
    assert "card:agentmessagestructuremanipulation" in context and not context & hits
    assert "card:evasion" in traces["filter-veil"]["meta"]["ids"]


def test_downloads_are_named_after_the_view(ctx: Context) -> None:
    out = state_outputs(ctx, ViewState(risks=("model-integrity",)))
    assert out["download-pdf.download"] == "navigator-risk-model-integrity.pdf"
    assert out["download-png.href"] == "/download/navigator.png?risk=model-integrity"
    assert state_outputs(ctx, ViewState())["download-svg.download"] == "navigator.svg"


def test_the_viewport_chooses_reflow_or_the_whole_navigator(ctx: Context) -> None:
    reflowed = state_outputs(ctx, ViewState(), viewport={"width": 1090, "window": 1366})
    meta = reflowed["figure-data.data"]["layout"]["meta"]
    assert meta["k"] > 0 and reflowed["figure-key.data"] != "full"
    same = state_outputs(ctx, ViewState(), viewport={"width": 1100, "window": 1366})  # both 1088 px
    assert same["figure-key.data"] == reflowed["figure-key.data"]  # widths within one bucket share a layout
    whole = state_outputs(ctx, ViewState(), viewport={"width": 1086, "window": 1366, "whole": True})
    assert whole["figure-key.data"] == "full" and whole["figure-data.data"]["layout"]["meta"]["k"] == 0
    for odd in (None, "x", {"width": "wide"}, {"width": float("nan")}, {"width": -5, "zoom": 99}):
        assert state_outputs(ctx, ViewState(), viewport=odd)["figure-key.data"]


def test_every_component_a_user_addresses_is_documented() -> None:
    from .conftest import ROOT

    text = (ROOT / "docs" / "web.md").read_text(encoding="utf-8")
    plumbing = {ids.URL, ids.STATE, ids.FIGURE_DATA, ids.FIGURE_KEY, ids.VIEWPORT, ids.DETAILS_SELECT_LABEL}
    public = {v for k, v in vars(ids).items() if k.isupper() and isinstance(v, str)} - plumbing
    assert public and not {i for i in public if f"`{i}`" not in text}
