"""`navigator serve` options: a bad port, a port in use, a foreign address are exit 2 with one line
that says what to change; never an internal error."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from .conftest import ROOT


def serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "navigator", "serve", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["--port", "99999"], "argument --port: '99999' is not a port; give 1 to 65535, or 0 for any free port"),
        (["--port", "70000"], "argument --port: '70000' is not a port; give 1 to 65535, or 0 for any free port"),
        (["--port", "-1"], "argument --port: '-1' is not a port; give 1 to 65535, or 0 for any free port"),
        (["--port", "http"], "argument --port: 'http' is not a port; give 1 to 65535, or 0 for any free port"),
        (["--workers", "0"], "argument --workers: '0' is out of range; give 1 to 64"),
        (["--threads", "1"], "argument --threads: '1' is out of range; give 2 to 256"),
        (["--threads", "many"], "argument --threads: 'many' is out of range; give 2 to 256"),
    ],
)
def test_bad_options_are_exit_2_with_the_valid_range(args: list[str], message: str) -> None:
    done = serve(*args)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == f"navigator serve: error: {message}"
    assert "Traceback" not in done.stderr


@pytest.fixture
def busy_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        yield s.getsockname()[1]


@pytest.mark.slow
@pytest.mark.parametrize("debug", [[], ["--debug"]])
def test_a_port_in_use_is_exit_2(busy_port: int, debug: list[str]) -> None:
    done = serve("--port", str(busy_port), *debug)
    assert (done.returncode, done.stderr) == (
        2,
        f"navigator: port {busy_port} is in use on 127.0.0.1; choose another with --port\n",
    )


@pytest.mark.slow
def test_an_address_of_another_machine_is_exit_2() -> None:
    done = serve("--host", "192.0.2.1", "--port", "0")  # TEST-NET-1: never an address of this machine
    assert (done.returncode, done.stderr) == (
        2,
        "navigator: cannot listen on 192.0.2.1: not an address of this machine; give one such as 127.0.0.1 "
        "or 0.0.0.0 with --host\n",
    )


def test_help_lists_the_production_options() -> None:
    done = serve("--help")
    assert done.returncode == 0
    for option in ("--workers N", "--threads N", "--port PORT", "--debug"):
        assert option in done.stdout
