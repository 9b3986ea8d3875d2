"""`navigator sync` and `navigator diff` run as a user runs them: exit status, stdout, stderr."""

from __future__ import annotations

import json
import shutil

import pytest

from .sync_support import FIXTURE_CATALOG, OLDER, TODAY, run

SYNC = ("sync", str(TODAY / "docs"), "--redirects", str(TODAY / "firebase.json"), "--catalog", str(FIXTURE_CATALOG))


@pytest.mark.slow
def test_in_sync_exits_0_in_every_format():
    for fmt in ("text", "json", "markdown"):
        r = run(*SYNC, "--format", fmt)
        assert r.returncode == 0, r.stdout + r.stderr
        assert r.stderr == ""
    assert json.loads(run(*SYNC, "--format", "json").stdout)["in_sync"] is True
    assert run(*SYNC, "--format", "markdown").stdout.startswith("## ✅ AI Exchange sync: in sync")


@pytest.mark.slow
def test_drift_exits_1():
    r = run("sync", str(OLDER / "docs"), "--catalog", str(FIXTURE_CATALOG))
    assert r.returncode == 1
    assert r.stdout.splitlines()[-1].startswith("drift: ")
    assert "  added    closedboxevasion  2.1.1 Closed-box evasion  (docs/2_threats_through_use.md:" in r.stdout


@pytest.mark.slow
def test_redirects_are_found_beside_the_docs():
    r = run("sync", str(TODAY / "docs"), "--catalog", str(FIXTURE_CATALOG))
    assert r.returncode == 0, r.stdout
    assert "(redirects: " in r.stdout.splitlines()[0] and "firebase.json" in r.stdout.splitlines()[0]


@pytest.mark.slow
def test_unreadable_input_exits_2_with_one_line_and_no_traceback(tmp_path):
    cases = [
        (("sync", str(tmp_path / "nope")), "nope: no such directory; DOCS_DIR is the AI Exchange's docs folder"),
        (("sync", str(tmp_path)), "no markdown files (*.md)"),
        (("sync", str(TODAY / "docs"), "--redirects", str(tmp_path / "missing.json")), "missing.json: no such file"),
        (("sync", str(TODAY / "docs"), "--catalog", str(tmp_path / "nocat")), "no such directory; --catalog takes"),
        (("diff", str(FIXTURE_CATALOG), str(tmp_path / "nocat")), "no such directory; --catalog takes"),
    ]
    for args, message in cases:
        r = run(*args)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert message in r.stderr, r.stderr
        assert "Traceback" not in r.stderr and r.stdout == ""


@pytest.mark.slow
def test_control_characters_never_reach_the_terminal_raw(tmp_path):
    evil = tmp_path / "docs\x1b[31m"
    r = run("sync", str(evil))
    assert r.returncode == 2
    assert "\x1b" not in r.stderr and "\\x1b[31m" in r.stderr
    docs = tmp_path / "d"
    docs.mkdir()
    (docs / "2_x.md").write_text(
        "## 2.1 Evil\x1b]0;pwned\x07 threat\n>Category: input threat\n>Permalink: https://owaspai.org/go/evil/\n"
    )
    for fmt in ("text", "markdown"):
        r = run("sync", str(docs), "--catalog", str(FIXTURE_CATALOG), "--format", fmt)
        assert r.returncode == 1
        assert "\x1b" not in r.stdout and "\x07" not in r.stdout
        escaped = "\\x1b]0;pwned\\x07" if fmt == "text" else "\\\\x1b]0;pwned\\\\x07"  # markdown escapes "\\"
        assert escaped in r.stdout
    data = json.loads(run("sync", str(docs), "--catalog", str(FIXTURE_CATALOG), "--format", "json").stdout)
    assert data["threats"]["added"][0]["label"] == "2.1 Evil\x1b]0;pwned\x07 threat"  # JSON escapes it itself


@pytest.mark.slow
def test_validate_warns_on_stderr_and_exits_0(tmp_path):
    cat = tmp_path / "cat"
    shutil.copytree(FIXTURE_CATALOG, cat)
    text = (cat / "fixture.yaml").read_text()
    (cat / "fixture.yaml").write_text(
        text.replace("    summary: Limit the rate of queries.\n", '    summary: "TODO: summarise this."\n')
    )
    line = text[: text.index("    summary: Limit the rate of queries.")].count("\n") + 1
    r = run("validate", "--catalog", "cat", cwd=tmp_path)
    assert r.returncode == 0
    assert r.stderr == (
        f"cat/fixture.yaml:{line}: warning: control 'ratelimit': summary is a placeholder; "
        "write one to three sentences in the catalog's own words\n"
    )


@pytest.mark.slow
def test_diff_cli_exit_status_and_formats(tmp_path):
    same = run("diff", str(FIXTURE_CATALOG), str(FIXTURE_CATALOG))
    assert same.returncode == 0 and same.stdout.rstrip().endswith("equal: the catalogs are the same")
    new = tmp_path / "new"
    shutil.copytree(FIXTURE_CATALOG, new)
    (new / "fixture.yaml").write_text(
        (new / "fixture.yaml").read_text().replace("title: Evasion\n", "title: Evasion attacks\n")
    )
    r = run("diff", str(FIXTURE_CATALOG), str(new))
    assert r.returncode == 1
    assert "  changed  evasion  title: 'Evasion' -> 'Evasion attacks'" in r.stdout
    data = json.loads(run("diff", str(FIXTURE_CATALOG), str(new), "--format", "json").stdout)
    assert data["threats"]["changed"] == [
        {"id": "evasion", "field": "title", "old": "Evasion", "new": "Evasion attacks"}
    ]
    md = run("diff", str(FIXTURE_CATALOG), str(new), "--format", "markdown").stdout
    assert md.startswith("## Catalog diff:") and "- changed  `evasion`  title: 'Evasion' -> 'Evasion attacks'" in md


def test_help_lists_sync_and_diff():
    r = run("--help")
    assert "sync" in r.stdout and "diff" in r.stdout
    r = run("sync", "--help")
    assert "--redirects" in r.stdout and "--write" in r.stdout and "--format" in r.stdout
