"""The README's commands run as written, so the documentation and the behaviour cannot drift apart;
and the Makefile waits for another apt instead of failing at once."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT
from .sync_support import reference_dir

README = ROOT / "README.md"


def readme_commands() -> list[str]:
    """Every line of a code block in README.md that runs `navigator`, without its comment."""
    commands = []
    for block in re.findall(r"^```(?:sh|bash|console)?\n(.*?)^```", README.read_text(encoding="utf-8"), re.M | re.S):
        for line in block.splitlines():
            if line.startswith("navigator "):
                commands.append(shlex.join(shlex.split(line, comments=True)))  # quoted arguments stay whole
    return commands


def test_the_readme_shows_every_command() -> None:
    commands = readme_commands()
    assert {c.split()[1] for c in commands} >= {"build", "validate", "catalog", "schema", "serve"}
    assert len(commands) >= 10


def navigator(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "navigator", *args]


# Exit statuses that mean "ran as intended": `diff` says 1 when the catalogs differ, as the README's do.
EXPECTED_STATUS = {"diff": 1}


def readme_folder(tmp_path: Path) -> Path:
    """A folder holding what the README's commands name, as in the repository or a user's work folder:
    `examples/`, a checkout of the AI Exchange docs as `ai-exchange/`, and two catalogs for `diff`
    (`old-catalog/` is `catalog/` as of an earlier version)."""
    tmp_path.mkdir()
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    (tmp_path / "ai-exchange").symlink_to(reference_dir())
    shutil.copytree(ROOT / "catalog", tmp_path / "catalog")
    old = tmp_path / "old-catalog"
    shutil.copytree(ROOT / "catalog", old)
    meta = old / "ai-exchange.yaml"
    text = meta.read_text(encoding="utf-8")
    assert '\n  version: "' in text
    meta.write_text(text.replace('\n  version: "', '\n  version: "earlier-', 1), encoding="utf-8")
    return tmp_path


@pytest.mark.slow
@pytest.mark.parametrize("command", [c for c in readme_commands() if not c.startswith("navigator serve")])
def test_a_readme_command_runs_as_written(command: str, tmp_path: Path) -> None:
    """Run in a folder holding what the commands name (so `output/` and `--out slides` land there),
    with a fresh cache."""
    folder = readme_folder(tmp_path / "work")
    env = {**os.environ, "NAVIGATOR_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        navigator(shlex.split(command)[1:]), capture_output=True, text=True, timeout=300, cwd=folder, env=env
    )
    assert done.returncode == EXPECTED_STATUS.get(shlex.split(command)[1], 0), done.stderr
    assert "Traceback" not in done.stderr
    if command.startswith("navigator build"):
        written = [Path(line.removeprefix("wrote ")) for line in done.stdout.splitlines()]
        assert written and all((folder / p).stat().st_size > 0 for p in written), done.stdout
    elif "--out" in command:
        out = shlex.split(command)[shlex.split(command).index("--out") + 1]
        assert (folder / out).stat().st_size > 0
    else:
        assert done.stdout.strip()


@pytest.mark.slow
@pytest.mark.parametrize("command", [c for c in readme_commands() if c.startswith("navigator serve")])
def test_a_readme_serve_command_serves_the_page(command: str, tmp_path: Path) -> None:
    """Started as written, on any free port (`--port 0` added last, so it wins), then stopped."""
    proc = subprocess.Popen(
        navigator([*shlex.split(command)[1:], "--port", "0"]),
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert proc.stderr is not None
    try:
        end, line = time.monotonic() + 120, ""
        while time.monotonic() < end and not (m := re.search(r"http://127\.0\.0\.1:(\d+)/", line)):
            line = proc.stderr.readline()
            assert line or proc.poll() is None, "the server stopped"
        assert m, line
        with urllib.request.urlopen(f"http://127.0.0.1:{m.group(1)}/", timeout=30) as page:
            assert page.status == 200 and b"<html" in page.read()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        assert proc.wait(30) == 0


FAKE_APT = """#!/bin/sh
echo "$@" >> "$LOG"
case "$*" in *update*)
    n=$(grep -c update "$LOG")
    if [ "$n" -le 2 ]; then
        echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 1 (apt)" >&2; exit 100
    fi
    if [ -n "$BROKEN" ]; then echo "E: Failed to fetch http://deb.debian.org/" >&2; exit 100; fi;;
esac
exit 0
"""


@pytest.mark.parametrize("broken", [False, True])
def test_make_waits_for_another_apt_and_fails_on_anything_else(tmp_path: Path, broken: bool) -> None:
    fake = tmp_path / "apt-get"
    fake.write_text(FAKE_APT)
    fake.chmod(0o755)
    log = tmp_path / "log"
    done = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "apt-install", "PACKAGES=chromium chromium-driver"]
        + [f"APT_GET={fake}", "APT_RETRY_S=0", "SUDO="],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "LOG": str(log), "BROKEN": "1" if broken else ""},
    )
    calls = log.read_text().splitlines()
    assert all(c.startswith("-o DPkg::Lock::Timeout=600 ") for c in calls), calls
    assert [c.split()[2] for c in calls] == ["update"] * 3 + ([] if broken else ["install"])
    assert done.stdout.count("waiting for another apt or dpkg to finish") == 2
    if broken:
        assert done.returncode != 0 and "Failed to fetch" in done.stderr
    else:
        assert done.returncode == 0, done.stderr
        assert calls[-1].endswith("install -y -qq --no-install-recommends chromium chromium-driver")
