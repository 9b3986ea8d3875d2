"""The command line for catalogs, run as a user runs it: a separate process, exit status, stdout, stderr."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import MINIMAL, ROOT


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "navigator", *args], capture_output=True, text=True, cwd=cwd or ROOT, timeout=120
    )


@pytest.mark.slow
def test_validate_default_catalog_prints_a_summary():
    r = run("validate")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("catalog: catalog is sound: OWASP AI Exchange")
    assert "2 Input threats" in r.stdout and "Runtime AI engineer control" in r.stdout
    assert len(r.stdout.splitlines()) <= 30  # one screen


@pytest.mark.slow
def test_validate_reports_every_problem_with_exit_2_and_no_traceback(tmp_path):
    cat = tmp_path / "cat"
    cat.mkdir()
    for f in MINIMAL.iterdir():
        (cat / f.name).write_text(f.read_text())
    items = cat / "items.yaml"
    items.write_text(
        items.read_text()
        .replace("controls: [align]", "controls: [allign]")
        .replace("impacts: [secrecy]", "impacts: [secret]")
    )
    r = run("validate", "--catalog", "cat", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stdout == ""
    lines = r.stderr.splitlines()
    assert lines[0].startswith("cat/items.yaml:31: threat 'direct': unknown control 'allign'")
    assert lines[1].startswith("cat/items.yaml:38: threat 'leak': unknown impact 'secret'")
    assert lines[2] == "navigator: 2 problems in the catalog"
    assert "Traceback" not in r.stderr


@pytest.mark.slow
def test_catalog_json_has_the_documented_shape():
    r = run("catalog", "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert list(data) == ["meta", "sections", "impacts", "control_types", "groups", "threats", "controls", "questions"]
    assert data["meta"]["licence"] == "CC0 1.0"
    threats = {t["id"]: t for t in data["threats"]}
    controls = {c["id"]: c for c in data["controls"]}
    # 2.2.1 gets its group's PROMPT INJECTION I/O HANDLING and the always-against-input-threats controls
    assert {"promptinjectioniohandling", "monitoruse", "ratelimit", "oversight", "aiprogram"} <= set(
        threats["directpromptinjection"]["controls"]
    )
    assert threats["directpromptinjection"]["url"] == "https://owaspai.org/go/directpromptinjection/"
    assert "directpromptinjection" in controls["promptinjectioniohandling"]["threats"]
    for t in data["threats"]:
        for c in t["controls"]:
            assert t["id"] in controls[c]["threats"]


def test_bad_option_is_a_usage_error_not_a_traceback():
    r = run("validate", "--catalgo", "x")
    assert r.returncode == 2
    assert "unrecognized arguments: --catalgo" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.slow
def test_a_plain_wheel_install_finds_the_default_catalog(tmp_path):
    """A non-editable install has no repository around it: the catalog and fonts must be inside the wheel."""
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr
    [wheel] = (tmp_path / "dist").glob("navigator-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "navigator/_data/catalog/ai-exchange.yaml" in names
    assert "navigator/_data/assets/fonts/NotoSans-Regular.ttf" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # run from an empty directory, with only the unpacked wheel (and the venv's dependencies) importable
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from "
        "navigator.cli import main; raise SystemExit(main(['validate']))"
    )
    work = tmp_path / "empty"
    work.mkdir()
    r = subprocess.run([sys.executable, "-c", code, str(site)], capture_output=True, text=True, cwd=work, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "OWASP AI Exchange" in r.stdout
    assert str(site) in r.stdout or "_data/catalog" in r.stdout
