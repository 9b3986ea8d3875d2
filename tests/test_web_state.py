"""URL query string <-> ViewState: round trips, and tolerance of anything a link can contain."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from navigator import api
from navigator.text import clean
from navigator.web.state import (
    DEFAULT,
    FADED,
    HIDDEN,
    MAX_QUERY,
    MAX_SEARCH,
    ViewState,
    checked,
    filter_query,
    from_controls,
    from_store,
    parse_query,
    to_query,
    to_search,
    to_store,
)

ids = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_.-]{0,20}\Z")
id_tuples = st.lists(ids, max_size=5, unique=True).map(tuple)
search_text = st.text(max_size=60).map(clean)  # what the view keeps of typed text
slugs = st.from_regex(r"\A[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,3}\Z")
refs = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9:.()-]{0,20}\Z")
states = st.builds(
    ViewState,
    risks=id_tuples,
    control_types=id_tuples,
    sections=id_tuples,
    search=search_text,
    selected=st.one_of(st.just(""), ids),
    mode=st.sampled_from((FADED, HIDDEN)),
    frameworks=st.lists(slugs, max_size=3, unique=True).map(tuple),
    refs=st.lists(refs, max_size=3, unique=True).map(tuple),
)


@pytest.fixture(scope="module")
def catalog():
    return api.load()


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(states)
def test_round_trip(state: ViewState) -> None:
    parsed, notices = parse_query(to_query(state))
    assert parsed == state
    assert notices == ()
    assert parse_query(to_search(state)) == (state, ())
    assert from_store(to_store(state)) == state


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_parsing_never_raises(query: str) -> None:
    state, notices = parse_query(query)
    assert isinstance(state, ViewState)
    assert all(isinstance(n, str) for n in notices)
    # whatever was understood reads back the same
    assert parse_query(to_query(state))[0] == state


def test_the_documented_parameters() -> None:
    state, notices = parse_query(
        "?risk=model-integrity&risk=model-availability,train-data-confidentiality&control-type=infosec&section=inputthreats&search=LLM01%20prompt&selected=evasion&mode=hidden"
    )
    assert notices == ()
    assert state == ViewState(
        risks=("model-integrity", "model-availability", "train-data-confidentiality"),
        control_types=("infosec",),
        sections=("inputthreats",),
        search="LLM01 prompt",
        selected="evasion",
        mode=HIDDEN,
    )
    assert to_query(state).startswith("risk=model-integrity&risk=model-availability&")
    assert filter_query(state) == (
        "risk=model-integrity&risk=model-availability&risk=train-data-confidentiality&"
        "control-type=infosec&section=inputthreats&search=LLM01%20prompt"
    )
    assert to_search(DEFAULT) == "" and to_query(ViewState(mode=FADED)) == ""


@pytest.mark.parametrize(
    "query, expected, notice",
    [
        ("?foo=bar", DEFAULT, "unknown parameter 'foo'"),
        ("?risk=<script>", DEFAULT, "not an id"),
        ("?risk=a&risk=a", ViewState(risks=("a",)), None),
        ("?mode=sideways", DEFAULT, "ignored mode 'sideways'"),
        ("?selected=a&selected=b", ViewState(selected="a"), "several 'selected'"),
        ("?selected=%3Cb%3E", DEFAULT, "not an id"),
        ("?search=%ZZ%", ViewState(search="%ZZ%"), None),
        ("?risk=%FF%FE", DEFAULT, "not an id"),
        ("?&&&=&risk=", DEFAULT, "unknown parameter ''"),
        ("?search=" + "x" * (MAX_SEARCH + 50), ViewState(search="x" * MAX_SEARCH), "cut to its first"),
        ("?search=a%00b%E2%80%AEc", ViewState(search="abc"), None),
        ("?mode=HIDDEN", ViewState(mode=HIDDEN), None),
    ],
)
def test_malformed_parts_are_ignored_with_a_notice(query: str, expected: ViewState, notice: str | None) -> None:
    state, notices = parse_query(query)
    assert state == expected
    if notice is None:
        assert notices == ()
    else:
        assert any(notice in n for n in notices), notices


def test_oversized_links_show_everything() -> None:
    state, notices = parse_query("risk=a&" * (MAX_QUERY // 7 + 10))
    assert state == DEFAULT and "characters long" in notices[0]
    state, notices = parse_query("&".join(f"p{i}=1" for i in range(300)))
    assert state == DEFAULT and "parameters" in notices[0]


def test_notices_quote_values_shortly() -> None:
    _, notices = parse_query("?" + "z" * 500 + "=1")
    assert len(notices[0]) < 100


@pytest.mark.parametrize(
    "value",
    [None, 5, [], {"risks": 5}, {"risks": [1, None, "a"], "mode": 3, "search": ["x"], "selected": {"a": 1}}, "risk=a"],
)
def test_state_from_the_browser_is_never_trusted(value: object) -> None:
    state = from_store(value)
    assert isinstance(state, ViewState)
    assert state.mode in (FADED, HIDDEN)
    assert all(isinstance(v, str) for v in (*state.risks, *state.control_types, *state.sections))


def test_from_controls_tolerates_any_shape() -> None:
    assert from_controls(["a", 3], "b", None, 7, ["x"], "hidden") == ViewState(
        risks=("a",), control_types=("b",), mode=HIDDEN
    )


def test_checked_drops_what_the_catalog_lacks(catalog) -> None:
    state = ViewState(
        risks=("model-integrity", "nope"), control_types=("infosec",), sections=("zzz",), selected="notathing"
    )
    kept, notices = checked(state, catalog)
    assert kept == ViewState(risks=("model-integrity",), control_types=("infosec",))
    assert any("unknown risk 'nope'" in n for n in notices)
    assert any("unknown section 'zzz'" in n for n in notices)
    assert any("'notathing'" in n for n in notices)
    # threats, controls and control groups can all be selected; a risk id cannot
    for selected in ("evasion", "monitoruse", "inputthreatcontrols"):
        assert checked(ViewState(selected=selected), catalog) == (ViewState(selected=selected), ())
    assert checked(ViewState(selected="model-integrity"), catalog)[0].selected == ""


def test_criteria_match_the_cli(catalog) -> None:
    state, _ = parse_query("risk=model-integrity&control-type=infosec&search=LLM01")
    assert state.criteria() == api.criteria_from(risks=["model-integrity"], control_types=["infosec"], search="LLM01")
    assert ViewState(selected="x", mode=HIDDEN).criteria().is_empty()


def test_framework_parameters(catalog) -> None:
    state, notices = parse_query("?framework=OWASP%20LLM%20Top%2010&framework=mitre-atlas&ref=LLM01:2026&ref=AML.T0051")
    assert notices == ()
    assert state.frameworks == ("owasp-llm-top-10", "mitre-atlas") and state.refs == ("LLM01:2026", "AML.T0051")
    assert to_query(state) == "framework=owasp-llm-top-10&framework=mitre-atlas&ref=LLM01%3A2026&ref=AML.T0051"
    assert filter_query(state) == to_query(state)
    kept, notices = checked(ViewState(frameworks=("nist-ai-100-2", "no-such"), refs=("LLM99", "AML.T0051")), catalog)
    assert kept == ViewState(frameworks=("nist-ai-100-2",), refs=("AML.T0051",))
    assert any("'no-such'" in n for n in notices) and any("'LLM99'" in n for n in notices)
    assert parse_query("?ref=" + "x" * 80)[1] and parse_query("?ref=" + "x" * 80)[0].refs == ()
    assert from_controls([], [], [], "", None, "faded", ["framework:mitre-atlas", "ref:LLM01", 5, "junk"]) == ViewState(
        frameworks=("mitre-atlas",), refs=("LLM01",)
    )
