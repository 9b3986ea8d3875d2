"""`navigator sync --write`: the catalog's YAML updated in place, everything not changed kept byte for byte."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from navigator.catalog import load_catalog
from navigator.sync import sync
from navigator.sync.sources import read_docs
from navigator.sync.write import SyncWriteError, _validate, write_catalog
from navigator.sync.yamldoc import Catalogue

from .conftest import DEFAULT_CATALOG
from .sync_support import FIXTURE_CATALOG, TODAY, reference_dir, run


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def blocks(path: Path) -> dict[str, str]:
    """Each item's text in a catalog file, by id (from its '- id:' line to the next item or top-level key)."""
    text = path.read_text(encoding="utf-8")
    out = {}
    for m in re.finditer(r"^  - id: (\S+)\n(?:(?!  - id: |\S).*\n|\n)*", text, re.MULTILINE):
        out[m.group(1)] = m.group(0)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("path", sorted(DEFAULT_CATALOG.glob("*.yaml")), ids=lambda p: p.name)
def test_untouched_files_round_trip_byte_for_byte(path):
    doc = Catalogue.read([path]).docs[0]
    assert doc.dump() == path.read_text(encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The fixture docs, changed the ways the AI Exchange changes."""
    shutil.copytree(TODAY, tmp_path / "site")
    s2 = tmp_path / "site" / "docs" / "2_threats_through_use.md"
    # a new threat with a new control
    edit(
        s2,
        "---\n\n## 2.2. Model exfiltration",
        "### 2.1.3. Physical evasion\n>Category: input threat\n>Permalink: https://owaspai.org/go/physicalevasion/\n\n"
        "**Controls**\n- See [Evasion section](/go/evasion/) for the controls\n"
        "- [#PATCH DETECTION](/go/patchdetection/) to spot stickers\n\n"
        "#### #PATCH DETECTION\n>Category: runtime AI engineer control for input threats\n"
        ">Permalink: https://owaspai.org/go/patchdetection/\n\n---\n\n## 2.2. Model exfiltration",
    )
    # a renamed control, a changed Category (and so type), a control added to a list
    edit(s2, "#### #RATE LIMIT\n", "#### #RATE LIMITING\n")
    edit(s2, "[#RATE LIMIT](/go/ratelimit/)", "[#RATE LIMITING](/go/ratelimit/)")
    edit(
        s2,
        ">Category: development-time AI engineer control for input threats  \n>Permalink: https://owaspai.org/go/modelwatermarking/",
        ">Category: runtime information security control for input threats\n>Permalink: https://owaspai.org/go/modelwatermarking/",
    )
    edit(
        s2,
        "- [#MODEL WATERMARKING](/go/modelwatermarking/) to prove a copy",
        "- [#MODEL WATERMARKING](/go/modelwatermarking/) to prove a copy\n"
        "- [#EVASION INPUT HANDLING](/go/evasioninputhandling/)",
    )
    # a threat removed, another's permalink renamed (the old one redirects to it)
    text = s2.read_text()
    start = text.index("### 2.1.2. Zero-knowledge evasion")
    s2.write_text(text[:start] + text[text.index("### 2.1.3. Physical evasion") :])
    edit(s2, "https://owaspai.org/go/transferattack/", "https://owaspai.org/go/transferevasion/")
    fb = json.loads((tmp_path / "site" / "firebase.json").read_text())
    fb["hosting"]["redirects"] += [
        {"source": f"/go/{s}/", "destination": f"/docs/2_threats_through_use/#{a}"}
        for s, a in (
            ("transferevasion", "211-transferability-based-evasion"),
            ("physicalevasion", "213-physical-evasion"),
            ("patchdetection", "patch-detection"),
        )
    ]
    (tmp_path / "site" / "firebase.json").write_text(json.dumps(fb))
    return tmp_path / "site"


@pytest.fixture
def cat(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE_CATALOG, tmp_path / "cat")
    return tmp_path / "cat"


def test_write_applies_the_drift_and_keeps_the_rest(site, cat):
    before = sync(site / "docs", site / "firebase.json", cat)
    assert [e.id for e in before.threats.added] == ["physicalevasion"]
    assert [e.id for e in before.threats.removed] == ["zeroknowledgeevasion"]
    old_text = (cat / "fixture.yaml").read_text()
    old_blocks = blocks(cat / "fixture.yaml")

    result = write_catalog(read_docs(site / "docs", site / "firebase.json"), cat)
    assert [Path(f).name for f in result.files] == ["fixture.yaml"]
    assert not result.not_applied, result.not_applied

    after = sync(site / "docs", site / "firebase.json", cat)
    assert (after.threats.added, after.threats.removed, after.controls.added, after.controls.removed) == ((),) * 4
    assert after.in_sync, after.data()

    new_text = (cat / "fixture.yaml").read_text()
    new_blocks = blocks(cat / "fixture.yaml")
    # untouched items, comments and the file's header: byte for byte
    for item in (
        "aiprogram",
        "oversight",
        "leastmodelprivilege",
        "monitoruse",
        "evasioninputhandling",
        "governancecontrols",
    ):
        assert new_blocks[item] == old_blocks[item], item
    assert new_text.split("meta:")[0] == old_text.split("meta:")[0]
    assert "title: Always against input threats  # the docs' 2.0 introduction" in new_text
    assert "    summary: 'Crafted input makes the model decide wrongly.'\n" in new_text  # quoting kept
    # what changed, changed in place
    assert '  - id: transferevasion\n    number: "2.1.1"' in new_text and "transferattack" not in new_text
    assert "zeroknowledgeevasion" not in new_text
    assert "    name: RATE LIMITING\n" in new_text
    assert (
        "    type: infosec\n    category: runtime information security control for input threats\n    summary: Mark"
        in new_text
    )
    assert "    controls: [modelwatermarking, evasioninputhandling]\n" in new_text
    # new items carry a placeholder summary, sit after their docs neighbour, and are warned about
    assert new_blocks["physicalevasion"].startswith('  - id: physicalevasion\n    number: "2.1.3"\n')
    assert list(new_blocks).index("physicalevasion") == list(new_blocks).index("transferevasion") + 1
    assert "    parent: evasion\n" in new_blocks["physicalevasion"]
    assert "    controls: [patchdetection]\n" in new_blocks["physicalevasion"]  # the rest comes from evasion
    catalog = load_catalog(cat)
    assert catalog.control("patchdetection").type == "runtime-ai"
    r = run("validate", "--catalog", str(cat))
    assert r.returncode == 0, r.stderr
    warnings = r.stderr.splitlines()
    assert len(warnings) == 2 and all(": warning: " in w and "placeholder" in w for w in warnings)
    assert [w.split(": warning: ")[0].rsplit(":", 1)[0] for w in warnings] == [str(cat / "fixture.yaml")] * 2
    lines = new_text.splitlines()
    for w in warnings:  # each warning points at the placeholder's own line
        assert lines[int(w.split(": warning: ")[0].rsplit(":", 1)[1]) - 1].startswith('    summary: "TODO:')


@pytest.mark.slow
def test_write_cli_reports_and_exits_0_when_everything_applied(site, cat):
    r = run("sync", str(site / "docs"), "--redirects", str(site / "firebase.json"), "--catalog", str(cat), "--write")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "navigator: applied: threat 'physicalevasion' added" in r.stderr
    assert "0 difference(s) left" in r.stderr
    r = run("sync", str(site / "docs"), "--redirects", str(site / "firebase.json"), "--catalog", str(cat), "--write")
    assert r.returncode == 0 and "nothing to write" in r.stderr


def test_what_needs_a_person_is_listed_not_guessed(cat, tmp_path):
    shutil.copytree(TODAY, tmp_path / "site")
    s2 = tmp_path / "site" / "docs" / "2_threats_through_use.md"
    edit(s2, "  - [#RATE LIMIT](/go/ratelimit/) to limit the number of tries\n", "")  # comes from a group
    result = write_catalog(read_docs(tmp_path / "site" / "docs", tmp_path / "site" / "firebase.json"), cat)
    assert result.not_applied == [
        "threat 'evasion': 'ratelimit' comes through a group or a parent; change those, or add an intended entry"
    ]
    assert result.files == []


def test_an_edit_that_would_not_load_writes_nothing(cat):
    before = (cat / "fixture.yaml").read_bytes()
    with pytest.raises(SyncWriteError, match="would not load"):
        _validate(cat, {cat / "fixture.yaml": before.decode().replace("  - id: oversight", "  - id: aiprogram")})
    assert (cat / "fixture.yaml").read_bytes() == before


@pytest.mark.slow
def test_write_on_the_shipped_catalog_against_changed_reference_docs(tmp_path):
    ref = reference_dir()
    shutil.copytree(ref / "docs", tmp_path / "docs")
    for p in (tmp_path / "docs").iterdir():
        p.chmod(0o644)
    shutil.copyfile(ref / "firebase.json", tmp_path / "firebase.json")
    shutil.copytree(DEFAULT_CATALOG, tmp_path / "cat")
    s4 = tmp_path / "docs" / "4_runtime_application_security_threats.md"
    edit(
        s4,
        "## 4.9. Agent sandboxing and isolation",
        "## 4.10. Agent memory poisoning\n> Category: runtime conventional security threat (agentic)\n"
        "> Permalink: https://owaspai.org/go/agentmemorypoisoning/\n\n**Controls**\n"
        "- [#AUGMENTATION DATA INTEGRITY](/go/augmentationdataintegrity/)\n\n"
        "## 4.9. Agent sandboxing and isolation",
    )
    edit(s4, "## 4.5. Input data leak", "## 4.5. Input data leakage")
    originals = {p.name: p.read_text() for p in (tmp_path / "cat").glob("*.yaml")}
    r = run(
        "sync",
        str(tmp_path / "docs"),
        "--redirects",
        str(tmp_path / "firebase.json"),
        "--catalog",
        str(tmp_path / "cat"),
        "--write",
    )
    assert r.returncode in (0, 1), r.stderr
    assert run("validate", "--catalog", str(tmp_path / "cat")).returncode == 0
    again = sync(tmp_path / "docs", tmp_path / "firebase.json", tmp_path / "cat")
    assert (again.threats.added, again.threats.removed, again.controls.added, again.controls.removed) == ((),) * 4
    changed = {p.name for p in (tmp_path / "cat").glob("*.yaml") if p.read_text() != originals[p.name]}
    assert changed == {"4-runtime-conventional-security-threats.yaml"}
    new = (tmp_path / "cat" / "4-runtime-conventional-security-threats.yaml").read_text()
    old = originals["4-runtime-conventional-security-threats.yaml"]
    assert "    title: Input data leakage\n" in new
    # every line of the old file is still there, in order, but the changed title
    kept = [line for line in old.splitlines() if line != "    title: Input data leak"]
    it = iter(new.splitlines())
    assert all(any(line == n for n in it) for line in kept)
