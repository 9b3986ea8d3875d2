"""Each question of the default questionnaire does what the AI Exchange's decision tree says.

The docs are /work/shared/reference/ai-exchange/docs/ai_security_overview.md (snapshot 5413fde); each
test cites the lines it encodes, quoted, and checks the verdicts `evaluate` gives.
"""

from __future__ import annotations

import itertools
import random

import pytest

from navigator.assess import evaluate
from navigator.assess.evaluate import ALWAYS, rules_of, verdicts_of
from navigator.catalog import load_catalog

CATALOG = load_catalog()
RULES = rules_of(CATALOG)
APPLIES, NO, NOT_ANSWERED = "applies", "does not apply", "not answered"


def verdict(threat: str, **answers: str) -> str:
    return verdicts_of(CATALOG, answers, RULES)[threat][0]


def because(threat: str, **answers: str) -> str:
    return " ".join(verdicts_of(CATALOG, answers, RULES)[threat][1])


def test_the_questions_and_answers_are_those_of_the_issue():
    expected = {
        "genai": ("yes", "no"),
        "attacker_input": ("yes", "no"),
        "untrusted_data_in_prompt": ("yes", "no"),
        "trains": ("you", "supplier", "both"),
        "augments_input": ("yes", "no"),
        "augmentation_stored": ("yes", "no"),
        "runs_model": ("you", "supplier"),
        "classification": ("yes", "no"),
        "triggers_actions": ("yes", "no"),
        "training_data_sensitive": ("yes", "no"),
        "model_is_ip": ("yes", "no"),
        "input_sensitive": ("yes", "no"),
        "text_output": ("yes", "no"),
    }
    assert {q.id: q.answers for q in CATALOG.questions} == expected
    assert [q.id for q in CATALOG.questions] == list(expected)
    for q in CATALOG.questions:
        assert q.help and q.url.startswith("https://owaspai.org/go/") and q.notes


def test_direct_prompt_injection_needs_genai_and_attacker_input():
    # line 838: "QUESTION: Is the model GenAI ... If Yes:"
    # line 839: "Consider the threat of direct prompt injection in case a) an attacker can provide input to the model"
    assert verdict("directpromptinjection", genai="yes", attacker_input="yes") == APPLIES
    assert verdict("directpromptinjection", genai="yes", attacker_input="no") == NO
    assert verdict("directpromptinjection", genai="no", attacker_input="yes") == NO
    assert verdict("directpromptinjection", genai="yes") == NOT_ANSWERED
    assert verdict("directpromptinjection", attacker_input="yes") == NOT_ANSWERED
    assert verdict("directpromptinjection", genai="no") == NO  # no need to answer the rest
    assert "generative model" in because("directpromptinjection", genai="no", attacker_input="yes")


def test_indirect_prompt_injection_when_untrusted_data_enters_the_prompt():
    # line 841: "Consider the threat of indirect prompt injection when your system inserts untrusted data in a prompt"
    assert verdict("indirectpromptinjection", genai="yes", untrusted_data_in_prompt="yes") == APPLIES
    assert verdict("indirectpromptinjection", genai="yes", untrusted_data_in_prompt="no") == NO
    assert verdict("indirectpromptinjection", genai="no", untrusted_data_in_prompt="yes") == NO
    assert verdict("indirectpromptinjection", genai="yes", attacker_input="yes") == NOT_ANSWERED
    # it does not depend on who can prompt the model
    assert (
        verdict("indirectpromptinjection", genai="yes", attacker_input="no", untrusted_data_in_prompt="yes") == APPLIES
    )


@pytest.mark.parametrize(
    "trains, applies, excluded",
    [
        # line 845: "The supplier: consider the threat of Supply chain model poisoning"
        ("supplier", {"supplymodelpoison"}, {"datapoison", "devmodelpoison"}),
        # line 847: "You: consider the threat of data poisoning ... and ... direct development-time model poisoning"
        ("you", {"datapoison", "devmodelpoison"}, {"supplymodelpoison"}),
        # both: you fine-tune a supplier's model, so both lines hold
        ("both", {"datapoison", "devmodelpoison", "supplymodelpoison"}, set()),
    ],
)
def test_who_trains_the_model_decides_the_poisoning_threats(trains, applies, excluded):
    v = verdicts_of(CATALOG, {"trains": trains}, RULES)
    assert {t for t in ("datapoison", "devmodelpoison", "supplymodelpoison") if v[t][0] == APPLIES} == applies
    assert {t for t in ("datapoison", "devmodelpoison", "supplymodelpoison") if v[t][0] == NO} == excluded
    assert v["modelpoison"][0] == APPLIES  # the group applies when a sub-threat does


def test_augmentation_data_manipulation_when_data_is_added_to_the_input():
    # line 852: "Does your system insert (augment) data to the input of your model ... RAG ... memory ...
    # system prompts"
    # line 854: "Consider the threat of augmentation data manipulation"
    assert verdict("augmentationdatamanipulation", augments_input="yes") == APPLIES
    assert verdict("augmentationdatamanipulation", augments_input="no") == NO
    assert verdict("augmentationdatamanipulation") == NOT_ANSWERED


def test_augmentation_data_leak_when_the_added_data_is_stored():
    # line 855: "Is this augmentation data stored in a database for the purpose of the AI system (e.g., a vector
    # database)? If Yes: you need to protect against direct augmentation data leak"
    assert verdict("augmentationdataleak", augments_input="yes", augmentation_stored="yes") == APPLIES
    assert verdict("augmentationdataleak", augments_input="yes", augmentation_stored="no") == NO
    assert verdict("augmentationdataleak", augments_input="no") == NO
    assert verdict("augmentationdataleak", augments_input="no", augmentation_stored="yes") == NO
    assert verdict("augmentationdataleak", augments_input="yes") == NOT_ANSWERED


def test_runtime_model_poisoning_whoever_runs_the_model():
    # line 858: "The supplier runs the model: select a trustworthy supplier ... (runtime model poisoning)"
    # line 859: "You run the model: You need to consider the threat of runtime model poisoning"
    assert verdict("runtimemodelpoison", runs_model="you") == APPLIES
    assert verdict("runtimemodelpoison", runs_model="supplier") == APPLIES
    assert "supplier" in because("runtimemodelpoison", runs_model="supplier")
    assert "supplier" not in because("runtimemodelpoison", runs_model="you")
    assert verdict("runtimemodelpoison") == NOT_ANSWERED


def test_evasion_when_the_model_classifies():
    # line 861: "Is the model (predictive AI or Generative AI) used in a classification task"
    # line 862: "Yes: Consider the threat of an evasion attack"
    evasion = ["evasion", *CATALOG.descendants("evasion")]
    assert len(evasion) == 6
    for answers in ({"classification": "yes"}, {"classification": "yes", "genai": "yes"}):
        assert {verdict(t, **answers) for t in evasion} == {APPLIES}
    assert {verdict(t, classification="no") for t in evasion} == {NO}
    assert {verdict(t) for t in evasion} == {NOT_ANSWERED}


def test_agentic_threats_when_a_generative_model_triggers_actions():
    # lines 866-869: "Can the model trigger actions ... If Yes: This typically increases the impact" - no threat named;
    # the docs are silent on 2.2.3 and 4.8: our decision (in the question's notes) is genai=yes and triggers_actions=yes
    for threat in ("agentescape", "agentmessagestructuremanipulation"):
        assert verdict(threat, genai="yes", triggers_actions="yes") == APPLIES
        assert verdict(threat, genai="yes", triggers_actions="no") == NO
        assert verdict(threat, genai="no", triggers_actions="yes") == NO
        assert verdict(threat, genai="yes") == NOT_ANSWERED
    notes = next(q.notes for q in CATALOG.questions if q.id == "triggers_actions")
    assert "silent" in notes and "2.2.3" in notes and "4.8" in notes


def test_training_data_threats_when_you_train_on_sensitive_data():
    # line 878: "Do you train/finetune the model yourself?"  line 879: "If yes, is the training data sensitive?"
    # lines 880-883: disclosure in model output, model inversion, direct training data leak, membership inference
    threats = ("disclosureinoutput", "modelinversionandmembership", "devdataleak")
    for trains in ("you", "both"):
        assert {verdict(t, trains=trains, training_data_sensitive="yes") for t in threats} == {APPLIES}
        assert {verdict(t, trains=trains, training_data_sensitive="no", augments_input="no") for t in threats} == {NO}
    # line 887: "If you don't train/finetune the model, then the supplier of the model is responsible"
    assert {verdict(t, trains="supplier", training_data_sensitive="yes", augments_input="no") for t in threats} == {NO}
    assert verdict("devdataleak", trains="you") == NOT_ANSWERED


def test_augmentation_data_counts_as_training_data_for_disclosure():
    # line 885: "do you use insert data into the input (e.g., by using RAG ...)?"
    # line 886: "Yes: apply the above to your augmentation data, as if it was part of the training set"
    rag = {"trains": "supplier", "augments_input": "yes"}
    assert verdict("disclosureinoutput", **rag, input_sensitive="yes") == APPLIES
    assert verdict("disclosureinoutput", **rag, input_sensitive="no") == NO
    assert verdict("disclosureinoutput", **rag) == NOT_ANSWERED  # the RAG path is still open
    assert verdict("disclosureinoutput", trains="supplier") == NOT_ANSWERED
    # model inversion recovers what the model learned, not what it is given (our reading, in the notes)
    assert verdict("modelinversionandmembership", **rag, input_sensitive="yes") == NO


def test_model_theft_threats_when_you_train_a_valuable_or_evadable_model():
    # line 893: "Do you train/finetune the model yourself and is it intellectual property or susceptible to an
    # Evasion attack (see above)?"  lines 895-898: model exfiltration, dev-time model leak, code leak, runtime leak
    threats = ("modelexfiltration", "devmodelleak", "devcodeleak", "runtimemodelleak")
    for trains in ("you", "both"):
        assert {verdict(t, trains=trains, model_is_ip="yes") for t in threats} == {APPLIES}
        assert {verdict(t, trains=trains, model_is_ip="no", classification="yes") for t in threats} == {APPLIES}
        assert {verdict(t, trains=trains, model_is_ip="no", classification="no") for t in threats} == {NO}
        assert {verdict(t, trains=trains, model_is_ip="no") for t in threats} == {NOT_ANSWERED}
    assert {verdict(t, trains="supplier", model_is_ip="yes", classification="yes") for t in threats} == {NO}


def test_input_data_leak_when_the_input_is_sensitive():
    # line 902: "Is your input data sensitive?"  line 903: "Protect against input data leak. Especially if the model
    # is run by a supplier"
    assert verdict("inputdataleak", input_sensitive="yes") == APPLIES
    assert verdict("inputdataleak", input_sensitive="no") == NO
    assert verdict("inputdataleak", input_sensitive="no", runs_model="supplier") == NO
    assert "supplier" in because("inputdataleak", input_sensitive="yes", runs_model="supplier")
    assert "supplier" not in because("inputdataleak", input_sensitive="yes", runs_model="you")


def test_output_contains_conventional_injection_when_the_output_is_text():
    # line 908: "Does your model create text output?"  line 909: "Consider the threat of output contains conventional
    # injection, for example, when you display the output of the model on a website"
    assert verdict("outputcontainsconventionalinjection", text_output="yes") == APPLIES
    assert verdict("outputcontainsconventionalinjection", text_output="no") == NO


def test_what_applies_always():
    # line 911: "ALWAYS DO: Make sure to protect against AI resource exhaustions"
    # line 915: "AI systems are software systems, they require appropriate conventional application security"
    always = {t for t, rules in RULES.items() if not rules and not CATALOG.children(t)}
    assert always == {"airesourceexhaustion", "genericsecthreats"}
    every_no = {q.id: q.answers[-1] for q in CATALOG.questions}
    every_first = {q.id: q.answers[0] for q in CATALOG.questions}
    for answers in ({}, every_no, every_first):
        for t in always:
            assert verdicts_of(CATALOG, answers, RULES)[t][:2] == (APPLIES, (ALWAYS,))


def test_an_unanswered_questionnaire_keeps_every_threat_in():
    a = evaluate(CATALOG, {})
    leaves = [t for t in a.threats if t.leaf]
    assert all(t.applies for t in a.threats)
    assert {t.id for t in leaves if t.answered} == {"airesourceexhaustion", "genericsecthreats"}
    assert a.overall.not_answered == len(leaves) - 2
    assert a.applicable == {t.id for t in CATALOG.threats}


def test_every_threat_but_the_always_ones_is_made_to_apply_by_some_answer():
    for t in CATALOG.threats:
        if CATALOG.children(t.id) or t.id in ("airesourceexhaustion", "genericsecthreats"):
            continue
        assert any(r.applies for r in RULES[t.id]), t.id


def _answer_sets(n: int):
    questions = CATALOG.questions
    rng = random.Random(15)
    full = list(itertools.product(*(q.answers for q in questions)))
    for combo in rng.sample(full, n):
        yield {q.id: a for q, a in zip(questions, combo)}


@pytest.mark.slow
def test_complete_answers_decide_everything_and_every_verdict_has_a_written_reason():
    """No threat stays "not answered" once all is answered, and every reason comes from the questionnaire
    (a sentence of an effect), never the generated fallback."""
    written = {e.because for q in CATALOG.questions for e in q.effects} | {ALWAYS}
    for answers in _answer_sets(1500):
        v = verdicts_of(CATALOG, answers, RULES)
        for tid, (verdict_, reasons, _, _) in v.items():
            assert verdict_ != NOT_ANSWERED, (tid, answers)
            if not CATALOG.children(tid):
                assert reasons and set(reasons) <= written, (tid, answers, reasons)


def test_groups_follow_their_sub_threats():
    v = verdicts_of(CATALOG, {"genai": "yes", "attacker_input": "no", "untrusted_data_in_prompt": "yes"}, RULES)
    assert v["promptinjection"][0] == APPLIES
    assert "2.2.2 Indirect prompt injection" in v["promptinjection"][1][0]
    v = verdicts_of(CATALOG, {"genai": "no"}, RULES)
    assert v["promptinjection"][0] == NO
    v = verdicts_of(CATALOG, {"trains": "supplier"}, RULES)
    assert v["devleak"][0] == NO  # 3.2.1-3.2.3 all belong to the supplier


def test_the_docs_describe_every_question_and_field():
    import re

    from navigator.catalog.model import Effect, Question, field_specs

    from .conftest import ROOT

    catalog_md = (ROOT / "docs" / "catalog.md").read_text(encoding="utf-8")
    for cls in (Question, Effect):
        for name, spec in field_specs(cls).items():
            required = "yes" if spec["required"] else "no"
            assert re.search(rf"^\| `{name}` \| {required} \| ", catalog_md, re.MULTILINE), (cls.__name__, name)
    assess_md = (ROOT / "docs" / "assess.md").read_text(encoding="utf-8")
    for q in CATALOG.questions:
        assert re.search(rf"^\| `{q.id}` \| ", assess_md, re.MULTILINE), q.id
