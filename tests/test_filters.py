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
from navigator.catalog.model import Catalog
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
