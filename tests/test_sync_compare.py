"""Holding the docs against the catalog: each kind of drift, the intended differences, the JSON shape.

The baseline is a small docs fixture in today's format and a catalog that matches it (in sync); every
test changes one thing in a copy of the docs or the catalog and checks that exactly that is reported.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from navigator.sync import sync
from navigator.sync.report import render

from .sync_support import FIXTURE_CATALOG, TODAY


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    shutil.copytree(TODAY, tmp_path / "site")
    return tmp_path / "site"


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE_CATALOG, tmp_path / "cat")
    return tmp_path / "cat"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    """The 1-based line where `text` starts in the file."""
    content = path.read_text(encoding="utf-8")
    assert text in content, text
    return content[: content.index(text)].count("\n") + 1


def drift_of(docs: Path, catalog: Path = FIXTURE_CATALOG):
    return sync(docs / "docs", docs / "firebase.json", catalog)


def section2(docs: Path) -> Path:
    return docs / "docs" / "2_threats_through_use.md"


def test_fixture_is_in_sync_and_says_what_it_acknowledged(docs):
    d = drift_of(docs)
    assert d.in_sync, render(d, "text")
    assert d.stale == ()
    kinds = sorted((a.kind, a.id) for a in d.intended)
    assert kinds == [
        ("groups.changed", "inputthreatcontrols"),
        ("groups.changed", "inputthreatcontrols"),
        ("links.broken", "evasion"),
        ("links.broken", "meta"),
        ("links.broken", "modelexfiltration"),
        ("relations.removed", "modelexfiltration"),
    ]


def test_json_has_the_documented_shape(docs):
    data = json.loads(render(drift_of(docs), "json"))
    assert data["in_sync"] is True
    for key in ("threats", "controls"):
        assert set(data[key]) >= {"added", "removed", "changed"}
    assert set(data["relations"]) >= {"added", "removed"}
    assert set(data["links"]) >= {"broken"}
    assert data["skipped"] == []
    assert {"intended", "references", "groups", "sections"} <= set(data)


def test_added_removed_and_changed_threats(docs):
    edit(section2(docs), "### 2.1.2. Zero-knowledge evasion", "### 2.1.3. Zero-knowledge evasion attack")
    edit(
        section2(docs),
        "## 2.2. Model exfiltration\n>Category: input threat  \n>Permalink: https://owaspai.org/go/modelexfiltration/",
        "## 2.2. Model theft\n>Category: input threat  \n>Permalink: https://owaspai.org/go/modeltheft/",
    )
    d = drift_of(docs)
    assert [(e.id, e.label) for e in d.threats.added] == [("modeltheft", "2.2 Model theft")]
    assert [e.id for e in d.threats.removed] == ["modelexfiltration"]
    assert [(c.id, c.field, c.docs, c.catalog) for c in d.threats.changed] == [
        ("zeroknowledgeevasion", "number", "2.1.3", "2.1.2"),
        ("zeroknowledgeevasion", "title", "Zero-knowledge evasion attack", "Zero-knowledge evasion"),
    ]
    data = json.loads(render(d, "json"))
    assert data["threats"]["added"][0]["id"] == "modeltheft"
    assert data["in_sync"] is False


def test_a_permalink_renamed_with_a_redirect_is_a_rename(docs):
    edit(section2(docs), "https://owaspai.org/go/modelexfiltration/", "https://owaspai.org/go/modelextraction/")
    fb = json.loads((docs / "firebase.json").read_text())
    for r in fb["hosting"]["redirects"]:
        if r["source"] == "/go/modelexfiltration/":
            r["destination"] = "/docs/2_threats_through_use/#22-model-exfiltration"
    fb["hosting"]["redirects"].append(
        {"source": "/go/modelextraction/", "destination": "/docs/2_threats_through_use/#22-model-exfiltration"}
    )
    (docs / "firebase.json").write_text(json.dumps(fb))
    d = drift_of(docs)
    assert d.threats.added == () and d.threats.removed == ()
    assert [(c.id, c.field, c.docs, c.catalog) for c in d.threats.changed] == [
        ("modelextraction", "id", "modelextraction", "modelexfiltration")
    ]


def test_category_decides_a_controls_type(docs):
    edit(
        section2(docs),
        ">Category: runtime information security control for input threats  \n>Permalink: https://owaspai.org/go/ratelimit/",
        ">Category: runtime AI engineer control for input threats\n>Permalink: https://owaspai.org/go/ratelimit/",
    )
    d = drift_of(docs)
    assert [(c.id, c.field, c.docs, c.catalog) for c in d.controls.changed] == [
        (
            "ratelimit",
            "category",
            "runtime AI engineer control for input threats",
            "runtime information security control for input threats",
        ),
        ("ratelimit", "type", "runtime-ai", "infosec"),
    ]


def test_new_control_in_a_threats_list_is_an_added_relation(docs):
    edit(
        section2(docs),
        "- [#MODEL WATERMARKING](/go/modelwatermarking/) to prove a copy",
        "- [#MODEL WATERMARKING](/go/modelwatermarking/) to prove a copy\n"
        "- [#EVASION INPUT HANDLING](/go/evasioninputhandling/)",
    )
    d = drift_of(docs)
    line = line_of(section2(docs), "- [#EVASION INPUT HANDLING](/go/evasioninputhandling/)")
    assert [(r.threat, r.control, r.line) for r in d.relations_added] == [
        ("modelexfiltration", "evasioninputhandling", line)
    ]
    assert d.relations_removed == ()


def test_control_dropped_from_a_list_is_a_removed_relation(docs):
    edit(section2(docs), "- [#MODEL WATERMARKING](/go/modelwatermarking/) to prove a copy\n", "")
    d = drift_of(docs)
    assert [(r.threat, r.control) for r in d.relations_removed] == [("modelexfiltration", "modelwatermarking")]
    assert d.relations_added == ()


def test_threat_group_reasons_cover_sub_threats_but_new_drift_stands_out(docs, catalog):
    # a reason given on the evasion group also explains what its sub-threats inherit
    edit(section2(docs), "  - [#RATE LIMIT](/go/ratelimit/) to limit the number of tries\n", "")
    d = drift_of(docs, catalog)
    assert sorted((r.threat, r.control) for r in d.relations_removed) == [
        ("evasion", "ratelimit"),
        ("transferattack", "ratelimit"),
        ("zeroknowledgeevasion", "ratelimit"),
    ]
    edit(
        catalog / "fixture.yaml",
        "  - id: transferattack\n",
        "      - what: controls\n        catalog: [ratelimit]\n        why: The catalog keeps RATE LIMIT on evasion.\n"
        "  - id: transferattack\n",
    )
    d = drift_of(docs, catalog)
    assert d.relations_removed == () and d.in_sync
    assert {a.detail for a in d.intended if a.kind == "relations.removed"} >= {
        "evasion -> ratelimit",
        "transferattack -> ratelimit",
        "zeroknowledgeevasion -> ratelimit",
    }


def test_broken_malformed_and_unnamed_links(docs):
    edit(
        section2(docs),
        "Monitor the use of the model.",
        "Monitor the use of the model, see [#RATE LIMITS](/go/ratelimit/), [typo](/go/ratelimitt/) "
        "and [rel](go/ratelimit/).",
    )
    d = drift_of(docs)
    line = line_of(section2(docs), "Monitor the use of the model, see")
    assert [(b.url, b.line, b.why) for b in d.links_broken] == [
        ("/go/ratelimit/", line, "control reference '#RATE LIMITS' has no heading"),
        ("/go/ratelimitt/", line, "no permalink or redirect serves it"),
        ("go/ratelimit/", line, "malformed link: a relative link: permalinks start with /go/"),
    ]


def test_a_permalink_no_redirect_serves_is_a_broken_link(docs):
    fb = json.loads((docs / "firebase.json").read_text())
    fb["hosting"]["redirects"] = [r for r in fb["hosting"]["redirects"] if r["source"] != "/go/smallmodel/"]
    fb["hosting"]["redirects"] = [r for r in fb["hosting"]["redirects"] if r["source"] != "/go/ratelimit/"]
    (docs / "firebase.json").write_text(json.dumps(fb))
    d = drift_of(docs)
    line = line_of(section2(docs), "#### #RATE LIMIT")
    assert [(b.url, b.line, b.text) for b in d.links_broken] == [
        ("https://owaspai.org/go/ratelimit/", line, "Permalink")
    ]


def test_changed_and_new_framework_references(docs):
    edit(
        section2(docs),
        "    - [MITRE ATLAS: sec. AML.M0024: AI Telemetry Logging](https://atlas.mitre.org/mitigations/AML.M0024)",
        "    - [MITRE ATLAS: sec. AML.M0024: AI Telemetry Logs](https://atlas.mitre.org/mitigations/AML.M0024)\n"
        "    - [NIST AI 100-2: sec. 2.2: Evasion Attacks](https://csrc.nist.gov/pubs/ai/100/2/e2023/final)",
    )
    d = drift_of(docs)
    assert [(r.id, r.framework, r.ref, r.title, r.catalog_title) for r in d.references_changed] == [
        ("monitoruse", "MITRE ATLAS", "AML.M0024", "AI Telemetry Logs", "AI Telemetry Logging")
    ]
    assert [(r.id, r.framework, r.ref, r.title) for r in d.references_added] == [
        ("monitoruse", "NIST AI 100-2", "2.2", "Evasion Attacks")
    ]


def test_a_stale_intended_entry_is_reported_and_not_counted(docs):
    edit(
        section2(docs),
        "[#DETECT ADVERSARIAL INPUT](/go/detectadversarialinput/)",
        "[#EVASION INPUT HANDLING](/go/evasioninputhandling/)",
    )
    d = drift_of(docs)
    assert d.in_sync
    assert [(s.id, s.what) for s in d.stale] == [("evasion", "link")]
    assert "stale intended entries" in render(d, "text")


def test_an_intended_value_matches_only_that_value(docs, catalog):
    edit(
        catalog / "fixture.yaml",
        "    title: Model exfiltration\n",
        "    title: Model exfiltration (copying)\n",
    )
    d = drift_of(docs, catalog)
    assert [(c.field, c.docs, c.catalog) for c in d.threats.changed] == [
        ("title", "Model exfiltration", "Model exfiltration (copying)")
    ]
    edit(
        catalog / "fixture.yaml",
        "      - what: link\n        docs: [owaspai.org/go/modelwatermarking]",
        "      - what: title\n        docs: Model exfiltration\n        catalog: Model exfiltration (copying)\n"
        "        why: The catalog says what the attack does.\n"
        "      - what: link\n        docs: [owaspai.org/go/modelwatermarking]",
    )
    assert drift_of(docs, catalog).in_sync
    edit(section2(docs), "## 2.2. Model exfiltration", "## 2.2. Model extraction")
    d = drift_of(docs, catalog)  # the docs moved on: the entry no longer explains the difference
    assert [(c.field, c.docs) for c in d.threats.changed] == [("title", "Model extraction")]


def test_a_heading_that_cannot_be_read_is_drift(docs):
    edit(section2(docs), ">Permalink: https://owaspai.org/go/transferattack/\n", "")
    d = drift_of(docs)
    assert not d.in_sync
    line = line_of(section2(docs), "### 2.1.1 Transferability-based evasion")
    assert [(s.line, s.item) for s in d.unreadable_items] == [(line, True)]


def test_markdown_report_is_a_table_with_escaped_cells(docs):
    edit(section2(docs), "## 2.2. Model exfiltration", "## 2.2. Model | exfiltration <b>")
    text = render(drift_of(docs), "markdown")
    assert text.startswith("## ⚠️ AI Exchange sync: drift: 1 difference")
    assert "| changed | `modelexfiltration` | title | Model \\| exfiltration &lt;b&gt; | Model exfiltration |" in text


def test_an_item_only_the_docs_have_can_be_intended(docs, catalog):
    edit(
        section2(docs),
        "---\n\n## 2.2. Model exfiltration",
        "### 2.1.3 Extra\n>Category: input threat\n>Permalink: https://owaspai.org/go/extra/\n\n---\n\n"
        "## 2.2. Model exfiltration",
    )
    fb = json.loads((docs / "firebase.json").read_text())
    fb["hosting"]["redirects"].append({"source": "/go/extra/", "destination": "/docs/2_threats_through_use/#213-extra"})
    (docs / "firebase.json").write_text(json.dumps(fb))
    assert [e.id for e in drift_of(docs, catalog).threats.added] == ["extra"]
    edit(
        catalog / "fixture.yaml",
        "  intended:\n    - what: link\n",
        "  intended:\n    - {what: item, docs: [extra], why: Not a threat of its own.}\n    - what: link\n",
    )
    d = drift_of(docs, catalog)
    assert d.in_sync
    assert ("threats.added", "meta", "Not a threat of its own.") in {(a.kind, a.id, a.why) for a in d.intended}
