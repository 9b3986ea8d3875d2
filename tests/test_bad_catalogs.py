"""The corpus of malformed catalogs in tests/data/bad/: each gives exactly its expected message,
exit status 2, no traceback, and leaves the output folder exactly as it was."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from navigator.cli import main

from .conftest import DATA, ROOT

BAD = DATA / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())
# a million values expanded before the refusal: seconds, so it runs with the slow tests only
SLOW_CASES = {"alias-bomb"}


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> Path:
    """A copy of the case in a folder like the corpus, as the working directory, so messages show short
    paths, plus an output folder holding the previous build's files."""
    shutil.copytree(BAD / case, tmp_path / "bad" / case)
    out = tmp_path / "out"
    out.mkdir()
    (out / "navigator.svg").write_text("<svg>previous build</svg>")
    (out / "navigator.pdf").write_bytes(b"%PDF-previous")
    monkeypatch.chdir(tmp_path / "bad")
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


SECRET = "db_password: hunter2\nroot:$6$salt$hash:19000:0:99999:7:::\n"
# What must never reach a terminal: C0 controls but the newline, DEL, C1 controls (UTF-8 encoded),
# U+2028 and U+2029, and the bidi embeddings, overrides and isolates.
RAW_CONTROL = re.compile(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]")


def prepare(case: str, workdir: Path) -> None:
    """Make what cannot be committed: big, special or oddly named files, and links."""
    folder = workdir / "bad" / case
    if case == "huge-file":  # 50 MB, made here rather than committed; sparse, so cheap
        with open(folder / "huge.yaml", "wb") as f:
            f.truncate(50 * 1024 * 1024)
    elif case == "symlink-outside":  # a link to a secret outside the folder: refused, never read
        (workdir / "secret.yaml").write_text(SECRET)
        os.symlink(workdir / "secret.yaml", folder / "creds.yaml")
    elif case == "symlink-dangling":
        os.symlink("missing.yaml", folder / "gone.yaml")
    elif case == "symlink-loop":
        os.symlink("loop.yaml", folder / "loop.yaml")
    elif case == "fifo":
        os.mkfifo(folder / "pipe.yaml")
        _unblock_readers(folder / "pipe.yaml")
    elif case == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(os.path.relpath(folder / "sock.yaml"))  # relative: socket paths are short
        server.close()
    elif case == "control-characters-in-file-name":
        (folder / "x\x1b[2J\x07\r.yaml").write_text(
            "threats:\n  - id: x\n    title: X\n    section: nowhere\n    summary: S.\n"
        )


def _unblock_readers(fifo: Path) -> None:
    """Should the loader ever open the FIFO, let it read an end of file instead of hanging the suite."""

    def poke() -> None:
        for _ in range(600):
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # fails until someone reads
            except OSError:
                time.sleep(0.1)

    threading.Thread(target=poke, daemon=True).start()


@pytest.mark.parametrize("case", [pytest.param(c, marks=pytest.mark.slow) if c in SLOW_CASES else c for c in CASES])
def test_bad_catalog_gives_its_exact_message(case, workdir, capsys):
    prepare(case, workdir)
    before = snapshot(workdir / "out")
    code = main(["build", "--catalog", case, "--out", str(workdir / "out"), "--quiet"])
    err = capsys.readouterr().err
    expected = (BAD / case / "expected.txt").read_text()
    assert code == 2
    assert err == expected
    assert not RAW_CONTROL.search(err.encode("utf-8", "surrogateescape"))
    assert "hunter2" not in err and "root:" not in err
    assert snapshot(workdir / "out") == before
    assert not (workdir / "bad" / "pwned.txt").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    "case",
    [
        "syntax-unclosed-bracket",
        "alias-bomb",
        "python-object-tag",
        "not-utf8",
        "huge-file",
        "symlink-outside",
        "fifo",
        "nul-byte",
        "escape-sequences-in-values",
        "control-characters-in-file-name",
    ],
)
def test_as_a_separate_process_there_is_no_traceback(case, workdir):
    prepare(case, workdir)
    before = snapshot(workdir / "out")
    r = subprocess.run(
        [sys.executable, "-m", "navigator", "validate", "--catalog", case],
        capture_output=True,
        cwd=workdir / "bad",
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src")},
    )
    assert r.returncode == 2
    assert r.stderr == (BAD / case / "expected.txt").read_bytes()
    assert not RAW_CONTROL.search(r.stdout + r.stderr)
    assert b"Traceback" not in r.stdout + r.stderr
    assert snapshot(workdir / "out") == before
