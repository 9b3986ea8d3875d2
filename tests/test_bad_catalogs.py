"""The corpus of malformed catalogs in tests/data/bad/: each gives exactly its expected message,
exit status 2, no traceback, and leaves the output folder exactly as it was."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from navigator.cli import main

from .conftest import DATA, ROOT

BAD = DATA / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the corpus as the working directory, so messages show short paths, plus an output
    folder holding the previous build's files."""
    shutil.copytree(BAD, tmp_path / "bad")
    out = tmp_path / "out"
    out.mkdir()
    (out / "navigator.svg").write_text("<svg>previous build</svg>")
    (out / "navigator.pdf").write_bytes(b"%PDF-previous")
    monkeypatch.chdir(tmp_path / "bad")
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def prepare(case: str, workdir: Path) -> None:
    if case == "huge-file":  # 50 MB, made here rather than committed; sparse, so cheap
        with open(workdir / "bad" / case / "huge.yaml", "wb") as f:
            f.truncate(50 * 1024 * 1024)


@pytest.mark.parametrize("case", CASES)
def test_bad_catalog_gives_its_exact_message(case, workdir, capsys):
    prepare(case, workdir)
    before = snapshot(workdir / "out")
    code = main(["build", "--catalog", case, "--out", str(workdir / "out"), "--quiet"])
    err = capsys.readouterr().err
    expected = (BAD / case / "expected.txt").read_text()
    assert code == 2
    assert err == expected
    assert snapshot(workdir / "out") == before
    assert not (workdir / "bad" / "pwned.txt").exists()


@pytest.mark.parametrize(
    "case", ["syntax-unclosed-bracket", "alias-bomb", "python-object-tag", "not-utf8", "huge-file"]
)
def test_as_a_separate_process_there_is_no_traceback(case, workdir):
    prepare(case, workdir)
    before = snapshot(workdir / "out")
    r = subprocess.run(
        [sys.executable, "-m", "navigator", "validate", "--catalog", case],
        capture_output=True,
        text=True,
        cwd=workdir / "bad",
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src")},
    )
    assert r.returncode == 2
    assert r.stderr == (BAD / case / "expected.txt").read_text()
    assert "Traceback" not in r.stdout + r.stderr
    assert snapshot(workdir / "out") == before
