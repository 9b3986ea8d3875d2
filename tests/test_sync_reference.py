"""The shipped catalog against today's AI Exchange docs (in sync), and against two older states (drift).

The reference docs are found as tests/sync_support.py says; when they are missing these tests fail,
they are never skipped.
"""

from __future__ import annotations

import json

import pytest

from navigator.sync import sync
from navigator.sync.report import render

from .sync_support import history_dir, reference_dir, run

SNAPSHOTS = ("2025-06-24-f3817a6", "2024-12-09-66eb361")


def test_shipped_catalog_is_in_sync_with_todays_docs():
    ref = reference_dir()
    d = sync(ref / "docs", ref / "firebase.json")
    assert d.in_sync, render(d, "text")
    assert d.stale == (), "intended entries that explain nothing: " + ", ".join(f"{s.id} {s.what}" for s in d.stale)
    # the departures the issue names are among those acknowledged, each with its reason
    details = {(a.kind, a.id): a.why for a in d.intended}
    assert ("links.broken", "evasion") in details  # #DETECT ADVERSARIAL INPUT read as EVASION INPUT HANDLING
    assert ("relations.added", "modelpoison") in details  # lists moved to sub-threats
    assert ("groups.changed", "inputthreatcontrols") in details  # section-level control groups
    assert all(why.strip() for why in details.values())


@pytest.mark.slow
def test_cli_exits_0_on_todays_docs():
    ref = reference_dir()
    r = run("sync", str(ref / "docs"), "--redirects", str(ref / "firebase.json"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.rstrip().splitlines()[-1].startswith("in sync: the docs and the catalog agree")


@pytest.mark.slow
@pytest.mark.parametrize("snapshot", SNAPSHOTS)
def test_older_docs_are_read_and_their_drift_reported(snapshot):
    base = history_dir() / snapshot
    r = run("sync", str(base / "docs"), "--redirects", str(base / "firebase.json"), "--format", "json")
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    data = json.loads(r.stdout)
    assert data["in_sync"] is False
    added = {t["id"] for t in data["threats"]["added"]}
    removed = {t["id"] for t in data["threats"]["removed"]}
    # threats that were later renamed, split or added (README of the snapshots)
    assert {"closedboxevasion", "modeltheftuse"} <= added
    assert {"agentmessagestructuremanipulation", "agentescape", "modelexfiltration"} <= removed
    names = {(c["id"], c["field"]): (c["docs"], c["catalog"]) for c in data["controls"]["changed"]}
    assert names[("monitoruse", "name")] == ("MONITORUSE", "MONITOR USE")  # headings without spaces
    # "data science control" (with its typos) reads as an AI engineer control
    assert ("inputdistortion", "type") not in names
    sections = {(c["id"], c["field"]): c["catalog"] for c in data["sections"]["changed"]}
    assert sections[("threatsuse", "id")] == "inputthreats"
    assert any("no Permalink line" in s["what"] for s in data["skipped"])  # #TRAINADVERSARIAL in 3.1.1
