"""What filters keep, alone and combined, checked against the catalog's own relations.

The web view and `navigator build` both call `select`, so these hold for both. Expected sets are
computed here from the catalog model (which threats hit a risk, which controls apply to a threat),
never read from `select`'s output.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from navigator.api import load
from navigator.catalog.model import Catalog, Control, Threat
from navigator.filters import Criteria, select

from .conftest import ROOT


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load(None)


def applying(catalog: Catalog, threats: set[str]) -> set[str]:
    return {c for t in threats for c in catalog.controls_of(t)}


def one_of_each(catalog: Catalog) -> list[Criteria]:
    """A criterion of every kind and value of the shipped catalog, plus a few searches."""
    out = [Criteria(risks=(i.id,)) for i in catalog.impacts]
    out += [Criteria(control_types=(k.id,)) for k in catalog.control_types]
    out += [Criteria(sections=(s.id,)) for s in catalog.sections]
    out += [Criteria(threats=(t.id,)) for t in catalog.threats]
    out += [Criteria(search=s) for s in ("LLM01", "monitor", "poison", "AML.T0051")]
    return out


def kind(c: Criteria) -> str:
    return next(k for k in ("risks", "control_types", "sections", "threats", "search") if getattr(c, k))


def combined(a: Criteria, b: Criteria) -> Criteria:
    return Criteria(
        risks=a.risks + b.risks,
        control_types=a.control_types + b.control_types,
        sections=a.sections + b.sections,
        threats=a.threats + b.threats,
        search=f"{a.search} {b.search}".strip(),
    )


def test_risk_and_section_keep_only_the_controls_of_the_threats_left(catalog: Catalog) -> None:
    sel = select(catalog, Criteria(risks=("model-confidentiality",), sections=("inputthreats",)))
    expected = {t.id for t in catalog.threats if "model-confidentiality" in t.impacts and t.section == "inputthreats"}
    assert expected == {"modelexfiltration"}  # the catalog fact this test is about
    assert sel.threats == expected
    assert sel.controls == applying(catalog, expected)
    assert "dataminimize" not in sel.controls  # kept by "input threats" alone, but protects no kept threat


def test_a_section_of_controls_and_a_control_type_keep_that_section_s_controls_of_that_type(catalog: Catalog) -> None:
    sel = select(catalog, Criteria(sections=("generalcontrols",), control_types=("infosec",)))
    assert sel.threats == set()
    assert (
        sel.controls
        == {c.id for c in catalog.controls if c.section == "generalcontrols" and c.type == "infosec"}
        != set()
    )


def test_single_criteria_keep_what_the_criterion_names(catalog: Catalog) -> None:
    for impact in catalog.impacts:
        hit = {t.id for t in catalog.threats if impact.id in t.impacts}
        sel = select(catalog, Criteria(risks=(impact.id,)))
        assert sel.controls == applying(catalog, hit), impact.id
    for kind in catalog.control_types:
        sel = select(catalog, Criteria(control_types=(kind.id,)))
        assert sel.controls == {c.id for c in catalog.controls if c.type == kind.id}, kind.id  # unlisted ones too
    for section in catalog.sections:
        sel = select(catalog, Criteria(sections=(section.id,)))
        hit = {t.id for t in catalog.threats if t.section == section.id}
        assert sel.controls == applying(catalog, hit) | {c.id for c in catalog.controls if c.section == section.id}, (
            section.id
        )


def test_every_pair_of_criteria_keeps_only_related_controls(catalog: Catalog) -> None:
    """Each kept control applies to a kept threat, or every criterion keeps it for what it is itself."""
    checked = 0
    for a, b in itertools.combinations(one_of_each(catalog), 2):
        if kind(a) == kind(b):  # values of one kind unite; this is about kinds that intersect
            continue
        criteria = combined(a, b)
        sel = select(catalog, criteria)
        alone_a, alone_b = select(catalog, a), select(catalog, b)
        assert (
            sel.threats
            <= alone_a.threats | {x for t in alone_a.threats for x in catalog.ancestors(t)} | alone_b.threats
        )
        assert sel.controls <= alone_a.controls & alone_b.controls, criteria
        own = {t for t in sel.threats if all(t in s.threats for s in (alone_a, alone_b))}
        for control in sel.controls - applying(catalog, own):
            assert not (criteria.risks or criteria.threats), (criteria, control)
            c = catalog.control(control)
            if criteria.control_types:
                assert c.type in criteria.control_types
            if criteria.sections:
                assert c.section in criteria.sections, (criteria, control)
        checked += 1
    assert checked > 500


def test_threat_names_and_risk_that_never_meet_keep_nothing(catalog: Catalog) -> None:
    sel = select(catalog, Criteria(threats=("evasion",), risks=("model-availability",)))
    assert not (
        {"evasion", *catalog.descendants("evasion")}
        & {t.id for t in catalog.threats if "model-availability" in t.impacts}
    )
    assert sel.threats == set() and sel.controls == set() and sel.groups == set()


@pytest.mark.slow
def test_cli_refuses_a_build_of_nothing(tmp_path: Path) -> None:
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "navigator",
            "build",
            "--out",
            str(tmp_path / "out"),
            "--threat",
            "evasion",
            "--risk",
            "model-availability",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert r.returncode == 2
    assert r.stderr == (
        "navigator: no threat or control matches all of these filters at "
        "once (risk: Availability of the model; threat: 2.1 Evasion); "
        "filters of different kinds intersect, so drop one or add values to it\n"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("risk", ["model-integrity", "train-data-confidentiality"])
def test_adding_a_criterion_never_widens(catalog: Catalog, risk: str) -> None:
    base = select(catalog, Criteria(risks=(risk,)))
    for extra in (c for c in one_of_each(catalog) if not c.risks):
        narrower = select(catalog, replace(extra, risks=extra.risks + (risk,)))
        assert narrower.threats <= base.threats and narrower.controls <= base.controls


# Search: the examples against the shipped catalog. Expected sets come from the catalog's
# own fields (titles, numbers, references), never from what `select` returned.


def family(catalog: Catalog, threat: str) -> set[str]:
    return {threat, *catalog.descendants(threat)}


def test_prompt_injection_keeps_2_2_and_its_sub_threats_not_the_evasion_family(catalog: Catalog) -> None:
    assert "prompt injection" in catalog.threat("evasion").summary.lower()  # why the old search got it wrong
    sel = select(catalog, Criteria(search="prompt injection"))
    assert sel.threats == family(catalog, "promptinjection")
    assert not family(catalog, "evasion") & sel.threats
    named = {t.id for t in catalog.threats if "prompt injection" in t.title.lower()}
    named_c = {c.id for c in catalog.controls if "prompt injection" in c.name.lower()}
    assert named and sel.matched == named | named_c  # the direct hits: what is named for it
    assert sel.related == (sel.threats | sel.controls) - sel.matched  # the rest is context, marked as such
    assert "agentmessagestructuremanipulation" in sel.related


def test_a_number_prefix_finds_that_threat_and_its_sub_threats_only(catalog: Catalog) -> None:
    in_refs = {t.id for t in catalog.threats if any(r.id == "2.2" for r in t.references)}
    assert in_refs - family(catalog, "promptinjection")  # "2.2" also appears in other threats' references
    sel = select(catalog, Criteria(search="2.2"))
    numbered = {t.id for t in catalog.threats if t.number == "2.2" or t.number.startswith("2.2.")}
    assert sel.threats == numbered == family(catalog, "promptinjection")
    assert sel.matched == numbered
    assert select(catalog, Criteria(search="2.2.")).threats == numbered
    assert select(catalog, Criteria(search="2.1.1")).matched == {"zeroknowledgeevasion"}


def test_framework_ids_are_found_whole_and_by_their_start(catalog: Catalog) -> None:
    mapped = {t.id for t in catalog.threats if any(r.id.startswith("LLM01:") for r in t.references)}
    assert mapped and select(catalog, Criteria(search="LLM01")).matched == mapped
    assert select(catalog, Criteria(search="llm01")).matched == mapped
    items: tuple[Threat | Control, ...] = (*catalog.threats, *catalog.controls)
    atlas = {i.id for i in items if any(r.id == "AML.T0051" for r in i.references)}
    assert select(catalog, Criteria(search="AML.T0051")).matched == atlas != set()
    assert not select(catalog, Criteria(search="LLM0")).matched  # not a prefix of a word


def test_text_matches_when_no_name_does_and_brings_no_children(catalog: Catalog) -> None:
    assert "sticker" in catalog.threat("evasion").summary
    sel = select(catalog, Criteria(search="sticker"))
    assert sel.matched == {"evasion"}
    assert sel.threats == {"evasion"}  # a parent's summary does not drag in its sub-threats
    assert sel.controls == applying(catalog, {"evasion"})


def test_whole_words_phrases_and_word_forms(catalog: Catalog) -> None:
    assert not select(catalog, Criteria(search="injec")).matched  # whole words only
    poisoning = {t.id for t in catalog.threats if "poisoning" in t.title.lower()}
    assert poisoning <= select(catalog, Criteria(search="poison")).matched
    assert select(catalog, Criteria(search='"data poisoning"')).matched == {
        t.id for t in catalog.threats if "data poisoning" in t.title.lower()
    }
    # every word must match: adding one never widens
    assert select(catalog, Criteria(search="direct prompt injection")).matched == {
        t.id for t in catalog.threats if {"direct", "prompt", "injection"} <= set(t.title.lower().split())
    }


def test_a_search_with_no_hits_keeps_nothing(catalog: Catalog) -> None:
    sel = select(catalog, Criteria(search="zzqqx"))
    assert sel.threats == sel.controls == sel.matched == sel.related == set()


def test_without_a_search_nothing_is_marked(catalog: Catalog) -> None:
    sel = select(catalog, Criteria(risks=("model-integrity",)))
    assert sel.matched == sel.related == set()


# Frameworks


def test_a_framework_keeps_the_threats_mapped_to_its_entries(catalog: Catalog) -> None:
    mapped = {t.id for t in catalog.threats if any(r.framework == "OWASP LLM Top 10" for r in t.references)}
    for value in ("OWASP LLM Top 10", "owasp-llm-top-10", "owasp llm top 10"):
        sel = select(catalog, Criteria(frameworks=(value,)))
        assert sel.threats - mapped == {a for t in mapped for a in catalog.ancestors(t)} - mapped, value
        assert mapped <= sel.threats
        assert applying(catalog, mapped) <= sel.controls


def test_a_framework_entry_keeps_its_threats_and_unites_with_a_framework(catalog: Catalog) -> None:
    llm01 = {t.id for t in catalog.threats if any(r.id.startswith("LLM01:") for r in t.references)}
    ml = {t.id for t in catalog.threats if any(r.framework == "OWASP ML Top 10" for r in t.references)}
    assert llm01 and ml
    own = select(catalog, Criteria(refs=("LLM01",))).threats
    assert own == llm01 | {a for t in llm01 for a in catalog.ancestors(t)}
    both = select(catalog, Criteria(refs=("LLM01",), frameworks=("OWASP ML Top 10",))).threats
    assert llm01 | ml <= both
    # and intersects with other kinds
    risk = select(catalog, Criteria(refs=("LLM01",), risks=("model-availability",)))
    assert risk.threats == set()


def test_unknown_frameworks_and_entries_are_refused_with_the_choices(catalog: Catalog) -> None:
    from navigator.filters import unknown_values

    problems = unknown_values(catalog, Criteria(frameworks=("OWASP LLM Top Ten",), refs=("LLM99",)))
    assert problems[0].startswith("unknown framework 'OWASP LLM Top Ten' for --framework")
    assert "Valid frameworks: OWASP LLM Top 10, OWASP ML Top 10, MITRE ATLAS, NIST AI 100-2" in problems[0]
    assert problems[1].startswith("no reference to 'LLM99' in the catalog for --ref")
    assert unknown_values(catalog, Criteria(frameworks=("mitre-atlas",), refs=("AML.T0051", "llm01"))) == []


def test_slugs_name_files_after_the_view() -> None:
    from navigator.filters import slug

    assert slug(Criteria()) == ""
    assert slug(Criteria(risks=("model-integrity",))) == "risk-model-integrity"
    assert slug(Criteria(search="Prompt “injection”")) == "search-prompt-injection"
    assert slug(Criteria(frameworks=("OWASP LLM Top 10",), refs=("LLM01",))) == "framework-owasp-llm-top-10-ref-llm01"
    long = Criteria(risks=tuple(f"risk-number-{i}" for i in range(20)))
    assert len(slug(long)) <= 60 and slug(long) == slug(long) != slug(Criteria(risks=long.risks[:-1]))
    assert slug(Criteria(search="é ü ß 中")).isascii()


def run_build(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "navigator", "build", "--quiet", "--format", "json", "--out", str(tmp_path), *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
    )


def cards(path: Path) -> set[str]:
    import json

    page = json.loads(path.read_text(encoding="utf-8"))["pages"][0]
    return {e["ref"] for e in page["elements"] if e["id"].startswith("card:")}


def test_cli_search_framework_and_ref(tmp_path: Path, catalog: Catalog) -> None:
    r = run_build(tmp_path / "a", "--search", "prompt injection")
    assert r.returncode == 0, r.stderr
    shown = cards(tmp_path / "a" / "navigator.json")
    assert family(catalog, "promptinjection") <= shown and not family(catalog, "evasion") & shown
    r = run_build(tmp_path / "b", "--framework", "OWASP LLM Top 10", "--ref", "AML.T0051")
    assert r.returncode == 0, r.stderr
    llm = {t.id for t in catalog.threats if any(x.framework == "OWASP LLM Top 10" for x in t.references)}
    assert llm <= cards(tmp_path / "b" / "navigator.json")
    r = run_build(tmp_path / "c", "--framework", "OWASP LLM", "--ref", "LLM99")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    lines = r.stderr.splitlines()
    assert lines[0].startswith("navigator: unknown framework 'OWASP LLM' for --framework")
    assert "Valid frameworks: OWASP LLM Top 10" in lines[0]
    assert lines[1].startswith("no reference to 'LLM99' in the catalog for --ref")
    assert not (tmp_path / "c").exists()


def test_the_search_index_finds_what_checking_every_item_finds(catalog: Catalog) -> None:
    """`find` checks a term only against the items its index says can match (words, number prefixes,
    framework ids): it must find exactly what testing every item with the same rules finds."""
    from navigator.filters import search

    items: list[Threat | Control] = [*catalog.threats, *catalog.controls]
    fields = [search._fields(i) for i in items]

    def every_item(text: str) -> tuple[frozenset[str], bool]:
        terms = search.parse(text)
        strong = {f.id for f in fields if all(search._in_primary(f, t) for t in terms)}
        if strong:
            return frozenset(strong), True
        rest = {f.id for f in fields if all(search._in_primary(f, t) or search._in_secondary(f, t) for t in terms)}
        return frozenset(rest), False

    texts = ["2", "2.2", "2.2.", "LLM01", "llm01:2025", "AML", "aml.t0051", '"prompt injection"', "data model", "x"]
    for t in catalog.threats[::3]:
        texts += [t.number, t.title, t.id, " ".join(t.summary.split()[:2]), *(r.id for r in t.references[:2])]
    for c in catalog.controls[::3]:
        texts += [c.name, c.id, " ".join(c.summary.split()[3:5]), f'"{c.name}"']
    found_some = 0
    for text in texts:
        hits = search.find(catalog, text)
        expected, by_name = every_item(text) if search.parse(text) else (frozenset(), True)
        assert (hits.ids, hits.by_name) == (expected, by_name), text
        found_some += bool(expected)
    assert found_some > len(texts) // 2
