"""Whole systems: the threats that must and must not apply; coverage arithmetic; the applicable filter."""

from __future__ import annotations

import shutil
from fractions import Fraction

import pytest

from navigator.assess import ControlStatus, coverage, evaluate, read_answers, read_statuses
from navigator.catalog import load_catalog
from navigator.filters import Criteria, select

from .conftest import DATA, MINIMAL, write

CATALOG = load_catalog()
SYSTEMS = DATA / "assess"
EVASION = {"zeroknowledgeevasion", "perfectknowledgeevasion", "transferattack", "partialknowledgeevasion"}
EVASION |= {"evasionafterpoison"}
ALWAYS = {"airesourceexhaustion", "genericsecthreats"}


def assess(name: str):
    return evaluate(CATALOG, read_answers(CATALOG, SYSTEMS / name))


def by_verdict(a, verdict: str) -> set[str]:
    return {t.id for t in a.threats if t.leaf and t.verdict == verdict}


def test_support_chatbot_on_a_suppliers_llm_with_rag():
    a = assess("chatbot.yaml")
    assert by_verdict(a, "applies") == ALWAYS | {
        "directpromptinjection",
        "indirectpromptinjection",
        "disclosureinoutput",  # sensitive customer records retrieved into the prompt
        "supplymodelpoison",
        "runtimemodelpoison",
        "outputcontainsconventionalinjection",
        "inputdataleak",
        "augmentationdataleak",
        "augmentationdatamanipulation",
    }
    assert by_verdict(a, "not answered") == set()
    must_not = EVASION | {"agentmessagestructuremanipulation", "agentescape", "modelinversionandmembership"}
    must_not |= {"modelexfiltration", "datapoison", "devmodelpoison", "devdataleak", "devmodelleak", "devcodeleak"}
    must_not |= {"runtimemodelleak"}
    assert by_verdict(a, "does not apply") == must_not


def test_in_house_fraud_classifier():
    a = assess("fraud.yaml")
    applies = by_verdict(a, "applies")
    assert applies >= EVASION | ALWAYS
    assert {
        "datapoison",
        "devmodelpoison",
        "devdataleak",
        "modelinversionandmembership",
        "disclosureinoutput",
    } <= applies
    assert {"modelexfiltration", "devmodelleak", "devcodeleak", "runtimemodelleak", "runtimemodelpoison"} <= applies
    assert "inputdataleak" in applies
    assert by_verdict(a, "does not apply") == {
        "directpromptinjection",
        "indirectpromptinjection",
        "agentmessagestructuremanipulation",
        "agentescape",  # a classic model: no agent, although its output blocks payments
        "supplymodelpoison",
        "outputcontainsconventionalinjection",
        "augmentationdataleak",
        "augmentationdatamanipulation",
    }
    assert a.unanswered == ("augmentation_stored",) and a.open_questions == ()


def test_internal_coding_agent_fine_tuned_and_self_hosted():
    a = assess("coding-agent.yaml")
    applies = by_verdict(a, "applies")
    assert {"indirectpromptinjection", "agentmessagestructuremanipulation", "agentescape"} <= applies
    assert {"datapoison", "devmodelpoison", "supplymodelpoison"} <= applies  # trains: both
    assert {"disclosureinoutput", "modelinversionandmembership", "devdataleak"} <= applies
    assert {"runtimemodelpoison", "inputdataleak", "outputcontainsconventionalinjection"} <= applies
    assert "augmentationdatamanipulation" in applies
    assert by_verdict(a, "does not apply") == EVASION | {
        "directpromptinjection",  # only the company's developers prompt it
        "modelexfiltration",
        "devmodelleak",
        "devcodeleak",
        "runtimemodelleak",
        "augmentationdataleak",  # nothing stored for it
    }


def test_suppliers_image_classifier_half_answered():
    a = assess("imaging.yaml")
    assert by_verdict(a, "applies") == EVASION | ALWAYS | {"supplymodelpoison", "runtimemodelpoison"}
    assert by_verdict(a, "not answered") == {
        "inputdataleak",
        "outputcontainsconventionalinjection",
        "augmentationdataleak",
        "augmentationdatamanipulation",
        "disclosureinoutput",  # training data is the supplier's, but retrieved input might be sensitive
    }
    assert set(a.open_questions) == {"augments_input", "augmentation_stored", "input_sensitive", "text_output"}
    excluded = by_verdict(a, "does not apply")
    assert {"directpromptinjection", "indirectpromptinjection", "agentescape", "datapoison"} <= excluded
    assert {"modelexfiltration", "runtimemodelleak", "modelinversionandmembership", "devdataleak"} <= excluded
    # "don't know" keeps threats in: they count as applicable
    assert a.overall.threats == 7 + 2 + 5 and a.overall.not_answered == 5
    assert {"inputdataleak", "evasion"} <= a.applicable and "datapoison" not in a.applicable


@pytest.fixture
def tiny(tmp_path):
    """The minimal catalog with a two-question questionnaire, for arithmetic with known controls:
    direct: align, filter, monitor, ratelimit, program; leak: filter, program."""
    cat = tmp_path / "cat"
    shutil.copytree(MINIMAL, cat)
    write(
        cat / "questions.yaml",
        """
        questions:
          - id: llm
            question: Is it an LLM?
            help: A large language model.
            url: https://example.org/q/llm/
            answers: ["yes", "no"]
            effects:
              - {answer: "yes", applies: [injection], because: LLMs follow instructions.}
              - {answer: "no", excludes: [injection], because: Only LLMs follow instructions.}
          - id: secrets
            question: Does it see secrets?
            help: Passwords, keys.
            url: https://example.org/q/secrets/
            answers: ["yes", "no"]
            effects:
              - {answer: "yes", applies: [leak], because: It can repeat them.}
              - {answer: "no", excludes: [leak], because: Nothing to leak.}
        """,
    )
    return load_catalog(cat)


def test_coverage_counts_implemented_one_partial_half_and_leaves_out_not_applicable(tiny):
    statuses = {
        "align": ControlStatus("implemented"),
        "filter": ControlStatus("partial"),
        "monitor": ControlStatus("not-applicable"),
        "ratelimit": ControlStatus("missing"),
    }
    a = evaluate(tiny, {"llm": "yes", "secrets": "yes"}, statuses)
    assert a.threat("direct").coverage == Fraction(3, 8)  # (1 + 1/2 + 0 + 0) / 4: program unmarked, monitor out
    assert a.threat("leak").coverage == Fraction(1, 4)  # (1/2 + 0) / 2
    assert a.threat("injection").coverage == Fraction(1, 6)  # filter, (monitor), ratelimit, program: (1/2) / 3
    risks = dict(a.risks)
    assert risks["integrity"].coverage == Fraction(3, 8)
    assert risks["secrecy"].coverage == Fraction(1, 4)
    # overall: each control once (filter and program are shared): align, filter, ratelimit, program
    assert a.overall.coverage == Fraction(3, 8)
    assert a.overall.controls == 5 and a.overall.statuses["not-applicable"] == 1
    assert a.overall.statuses["unmarked"] == 1 and a.overall.statuses["implemented"] == 1


def test_coverage_is_zero_when_nothing_is_marked_and_none_when_nothing_counts(tiny):
    a = evaluate(tiny, {"llm": "yes", "secrets": "yes"}, {})
    assert a.threat("direct").coverage == 0 and a.overall.coverage == 0
    all_na = {c.id: ControlStatus("not-applicable") for c in tiny.controls}
    a = evaluate(tiny, {"llm": "yes", "secrets": "yes"}, all_na)
    assert a.threat("direct").coverage is None and a.overall.coverage is None
    assert coverage({}, ()) is None
    planned = {"filter": ControlStatus("planned"), "program": ControlStatus("implemented")}
    assert coverage(planned, ("filter", "program")) == Fraction(1, 2)


def test_excluded_threats_leave_the_totals(tiny):
    statuses = {"align": ControlStatus("implemented")}
    a = evaluate(tiny, {"llm": "no", "secrets": "yes"}, statuses)
    assert a.threat("direct").verdict == "does not apply"
    assert a.overall.threats == 1 and a.overall.excluded == 1
    assert a.overall.controls == 2 and a.overall.coverage == 0  # leak's filter and program, neither done
    assert dict(a.risks)["integrity"].threats == 0 and dict(a.risks)["integrity"].coverage is None
    assert a.control("align").threats == () and not a.control("align").relevant
    assert a.control("filter").threats == ("leak",)


def test_the_status_file_of_the_chatbot():
    statuses = read_statuses(CATALOG, SYSTEMS / "status.yaml")
    assert statuses["ratelimit"] == ControlStatus("partial", "Platform team", "only on the public API")
    a = evaluate(CATALOG, read_answers(CATALOG, SYSTEMS / "chatbot.yaml"), statuses)
    direct = a.threat("directpromptinjection")
    marks = [statuses[c].status if c in statuses else "unmarked" for c in direct.controls]
    counted = [m for m in marks if m != "not-applicable"]
    expected = (Fraction(counted.count("implemented")) + Fraction(counted.count("partial"), 2)) / len(counted)
    assert direct.coverage == expected and 0 < expected < 1


def test_applicable_narrows_a_selection_like_any_filter():
    a = assess("chatbot.yaml")
    s = select(CATALOG, Criteria(applicable=a.applicable))
    assert {t for t in s.threats if not CATALOG.children(t)} == {t.id for t in a.threats if t.leaf and t.applies}
    assert s.controls == {c for t in a.applicable for c in CATALOG.controls_of(t)}
    # it intersects with other criteria: the model integrity threats that apply
    s = select(CATALOG, Criteria(risks=("model-integrity",), applicable=a.applicable))
    leaves = {t for t in s.threats if not CATALOG.children(t)}
    assert leaves == {"directpromptinjection", "indirectpromptinjection", "supplymodelpoison", "runtimemodelpoison"}
    assert not Criteria(applicable=frozenset()).is_empty() and Criteria().is_empty()
    assert select(CATALOG, Criteria(applicable=frozenset())).threats == frozenset()
