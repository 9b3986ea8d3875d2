"""`navigator diff`: two catalogs compared item by item, field by field and by relation.

Its result, `CatalogDiff`, is what a build that marks changes on the diagram will read, so the tests
check the lookups it offers (`status_of`, `ids`) as well as the reports.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from navigator.catalog import load_catalog
from navigator.sync.diff import diff_catalogs, render_diff

from .conftest import DEFAULT_CATALOG


def changed_copy(tmp_path: Path) -> Path:
    new = tmp_path / "new"
    shutil.copytree(DEFAULT_CATALOG, new)
    f2 = new / "2-input-threats.yaml"
    text = f2.read_text()
    text = text.replace("    title: Model exfiltration\n", "    title: Model extraction\n")
    text = text.replace("    controls: [dosinputvalidation, limitresources]\n", "    controls: [dosinputvalidation]\n")
    start = text.index("  - id: agentmessagestructuremanipulation\n")
    end = text.index("  - id: disclosureuse\n")
    text = text[:start] + text[end:]  # a threat removed
    text = text.replace(
        "controls:\n  - id: monitoruse\n",
        '  - id: tooltampering\n    number: "2.6"\n    title: Tool tampering\n    section: inputthreats\n'
        "    summary: Tools are tampered with.\n    controls: [monitoruse]\n\ncontrols:\n  - id: monitoruse\n",
    )
    f2.write_text(text)
    questionnaire = new / "questionnaire.yaml"  # a removed threat leaves the questions too
    questionnaire.write_text(
        questionnaire.read_text()
        .replace("[agentmessagestructuremanipulation]", "[agentescape]")
        .replace("agentmessagestructuremanipulation, ", "")
    )
    return new


def test_equal_catalogs():
    a = load_catalog(DEFAULT_CATALOG)
    d = diff_catalogs(a, load_catalog(DEFAULT_CATALOG))
    assert d.equal and d.items == () and d.relations == () and d.meta == ()
    assert d.status_of("evasion") is None


def test_items_fields_and_relations(tmp_path):
    old, new = load_catalog(DEFAULT_CATALOG), load_catalog(changed_copy(tmp_path))
    d = diff_catalogs(old, new, "old", "new")
    assert not d.equal
    assert d.ids("added") == ("tooltampering",)
    assert d.ids("removed") == ("agentmessagestructuremanipulation",)
    changed = {c.id: [(f.field, f.old, f.new) for f in c.fields] for c in d.items if c.status == "changed"}
    assert [f[0] for f in changed.pop("triggers_actions")] == ["effects"]  # the question no longer names it
    assert changed == {
        "modelexfiltration": [("title", "Model exfiltration", "Model extraction")],
        "airesourceexhaustion": [("controls", ["dosinputvalidation", "limitresources"], ["dosinputvalidation"])],
    }
    assert (d.status_of("tooltampering"), d.status_of("agentmessagestructuremanipulation")) == ("added", "removed")
    assert d.status_of("modelexfiltration") == "changed" and d.status_of("evasion") is None
    assert [(r.threat, r.control, r.status) for r in d.relations] == [
        ("airesourceexhaustion", "limitresources", "removed")
    ]


def test_json_and_text_reports(tmp_path):
    d = diff_catalogs(load_catalog(DEFAULT_CATALOG), load_catalog(changed_copy(tmp_path)), "old", "new")
    data = json.loads(render_diff(d, "json"))
    assert data["equal"] is False
    assert data["threats"]["added"] == [{"id": "tooltampering", "label": "2.6 Tool tampering"}]
    assert data["threats"]["removed"] == [
        {"id": "agentmessagestructuremanipulation", "label": "2.2.3 Agent message structure manipulation"}
    ]
    assert data["relations"] == {
        "added": [],
        "removed": [{"threat": "airesourceexhaustion", "control": "limitresources"}],
    }
    assert set(data) >= {"meta", "sections", "impacts", "control_types", "groups", "threats", "controls", "relations"}
    text = render_diff(d, "text")
    assert "  added    tooltampering  2.6 Tool tampering" in text
    assert "  removed  airesourceexhaustion -> limitresources" in text
    assert text.rstrip().endswith("6 changes")  # 5, and the question that named the removed threat


@pytest.mark.slow
def test_reference_and_intended_changes_are_field_changes(tmp_path):
    new = tmp_path / "new"
    shutil.copytree(DEFAULT_CATALOG, new)
    f = new / "4-runtime-conventional-security-threats.yaml"
    f.write_text(f.read_text().replace('title: "Improper Output Handling"', 'title: "Improper Output Handling!"'))
    d = diff_catalogs(load_catalog(DEFAULT_CATALOG), load_catalog(new))
    (change,) = d.items
    assert (change.id, [f.field for f in change.fields]) == ("outputcontainsconventionalinjection", ["references"])
