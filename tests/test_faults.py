"""Faults: a build killed at any moment, or a renderer that fails, never leaves a half-written file
and never loses the previous outputs."""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from navigator import api
from navigator.api import BuildOptions, build
from navigator.errors import RenderError

from .conftest import MINIMAL, ROOT
from .support.synth import write_catalog

FORMATS = ("pdf", "svg", "png", "json")


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def states(tmp_path_factory) -> tuple[Path, dict[str, bytes], dict[str, bytes], float]:
    """A catalog big enough to take a while, the outputs before (default catalog) and after."""
    base = tmp_path_factory.mktemp("faults")
    catalog = write_catalog(base / "catalog", 400)
    old, new = base / "old", base / "new"
    build(None, BuildOptions(formats=FORMATS, out_dir=old, use_cache=False))
    start = time.perf_counter()
    build(catalog, BuildOptions(formats=FORMATS, out_dir=new, use_cache=False))
    return catalog, outputs(old), outputs(new), time.perf_counter() - start


def start_build(catalog: Path, out: Path) -> subprocess.Popen:
    env = {**os.environ, "NAVIGATOR_CACHE_DIR": str(out.parent / "cache")}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "navigator",
            "build",
            "--catalog",
            str(catalog),
            "--out",
            str(out),
            "--quiet",
            "--no-cache",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL, signal.SIGINT])
@pytest.mark.parametrize("fraction", [0.1, 0.6, 0.97])
def test_a_killed_build_leaves_each_output_old_or_new_never_partial(states, tmp_path, sig, fraction):
    catalog, old, new, duration = states
    out = tmp_path / "out"
    out.mkdir()
    for name, data in old.items():
        (out / name).write_bytes(data)
    proc = start_build(catalog, out)
    time.sleep(duration * fraction)
    proc.send_signal(sig)
    proc.communicate(timeout=120)
    after = outputs(out)
    finals = {n: d for n, d in after.items() if not n.startswith(".")}
    assert set(finals) == set(old)
    for name, data in finals.items():
        assert data in (old[name], new[name]), f"{name} is neither the previous nor the new file"
    leftovers = [n for n in after if n.startswith(".")]
    if sig != signal.SIGKILL:  # a catchable signal cleans up its temporary files
        assert not leftovers, leftovers
    else:  # SIGKILL cannot be caught: at most the hidden temporary files remain, until the next build
        assert all(n.endswith(".tmp") for n in leftovers)


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie (a container's init may be slow to reap, or never reap)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.slow
def test_a_build_killed_outright_takes_its_renderer_along_and_the_next_build_cleans_up(states, tmp_path):
    """SIGKILL runs nothing of the build: the kernel must stop the forked renderer (it kept writing for
    seconds before), and the next build into the folder removes the abandoned temporary files."""
    catalog, old, _new, duration = states
    out = tmp_path / "out"
    out.mkdir()
    for name, data in old.items():
        (out / name).write_bytes(data)
    proc = start_build(catalog, out)
    deadline = time.monotonic() + 60 + 3 * duration
    children: list[int] = []
    while not children and time.monotonic() < deadline and proc.poll() is None:
        children = children_of(proc.pid)
        time.sleep(0.01)
    assert children, "the build forked no renderer"
    time.sleep(min(0.3, duration / 4))
    assert proc.poll() is None, "the build finished before it could be killed"
    proc.kill()
    proc.wait(60)  # not communicate(): a surviving renderer holds the pipes open until it ends
    end = time.monotonic() + 1.0  # the kernel kills it at once; left alone it would render for seconds more
    while any(running(c) for c in children) and time.monotonic() < end:
        time.sleep(0.02)
    assert not [c for c in children if running(c)], "the renderer outlived its build"
    leftovers = sorted(n.name for n in out.iterdir() if n.name.startswith("."))
    assert leftovers and all(n.endswith(".tmp") for n in leftovers)
    build(MINIMAL, BuildOptions(formats=("svg",), out_dir=out, use_cache=False))
    assert sorted(p.name for p in out.iterdir()) == sorted({*old, "navigator.svg"})
    assert outputs(out)["navigator.pdf"] == old["navigator.pdf"]


@pytest.mark.slow
def test_a_failing_renderer_names_its_format_and_changes_nothing(tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(None, BuildOptions(formats=FORMATS, out_dir=out, use_cache=False))
    before = outputs(out)
    import navigator.render as render

    real = render.renderer

    def broken(fmt: str):
        if fmt == "png":

            def fail(scene, path, **options):
                Path(path).write_bytes(b"half a PNG")
                raise RuntimeError("the rasteriser ran out of memory")

            return fail
        return real(fmt)

    monkeypatch.setattr(render, "renderer", broken)
    with pytest.raises(RenderError) as info:
        build(
            None,
            BuildOptions(formats=FORMATS, out_dir=out, use_cache=False),
            api.criteria_from(risks=["model-integrity"]),
        )
    assert (
        str(info.value)
        == "could not write the PNG (RuntimeError: the rasteriser ran out of memory); no output was changed"
    )
    assert outputs(out) == before


@pytest.mark.slow
def test_progress_is_shown_on_a_terminal_and_quiet_silences_it(tmp_path):
    def run(*extra: str) -> str:
        pid, fd = pty.fork()
        if pid == 0:  # the child: stdout and stderr are the terminal
            os.chdir(ROOT)
            os.execv(
                sys.executable,
                [
                    sys.executable,
                    "-m",
                    "navigator",
                    "build",
                    "--out",
                    str(tmp_path),
                    "--format",
                    "svg,json",
                    "--no-cache",
                    *extra,
                ],
            )
        chunks = []
        while True:
            ready, _, _ = select.select([fd], [], [], 60)
            if not ready:
                break
            try:
                data = os.read(fd, 4096)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        os.waitpid(pid, 0)
        return b"".join(chunks).decode("utf-8", "replace")

    shown = run()
    assert "laying out" in shown and "rendering svg" in shown and "wrote " in shown
    assert run("--quiet").strip() == ""
    shutil.rmtree(tmp_path)
