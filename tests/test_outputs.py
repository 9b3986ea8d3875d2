"""The one atomic write helper: temporary names, modes without touching the umask, abandoned files,
and an output folder the user cannot write."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from navigator import outputs
from navigator.api import BuildOptions, build
from navigator.errors import UsageError

from .conftest import MINIMAL, ROOT
from .support.source import parsed

SRC = ROOT / "src" / "navigator"


def test_importing_the_helper_never_changes_the_umask() -> None:
    """Reading the umask means setting it: process-wide, racing every thread. The helper must not."""
    code = textwrap.dedent(
        """
        import os
        calls = []
        real = os.umask
        os.umask = lambda mask: calls.append(mask) or real(mask)
        from pathlib import Path
        import tempfile
        from navigator import outputs
        real(0o027)
        folder = Path(tempfile.mkdtemp())
        path = outputs.temporary_path(folder / "navigator.pdf")
        print(oct(path.stat().st_mode & 0o777), calls)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split(None, 1) == ["0o640", "[]\n"]


def test_a_temporary_file_is_named_after_its_target_and_its_writer(tmp_path: Path) -> None:
    path = outputs.temporary_path(tmp_path / "navigator.pdf")
    assert path.parent == tmp_path and path.name.startswith(".navigator.pdf.") and path.name.endswith(".tmp")
    assert f"-{os.getpid()}." in path.name
    assert path.stat().st_size == 0


def test_write_atomic_replaces_and_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "metrics.json"
    target.write_text("old")
    outputs.write_atomic(target, "new", durable=True)
    assert target.read_text() == "new"
    with pytest.raises(RuntimeError), outputs.atomic_write(target, durable=False) as tmp:
        tmp.write_text("half")
        raise RuntimeError("renderer failed")
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["metrics.json"]


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_only_abandoned_temporary_files_of_our_own_are_removed(tmp_path: Path) -> None:
    host = outputs._host_tag()
    other_host = "000000" if host != "000000" else "111111"
    dead = dead_pid()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        names = {
            f".navigator.pdf.{host}-{dead}.abcdefgh.tmp": True,  # its build was killed
            f".slides.png.{host}-{dead}.abcdefgh.tmp": True,
            f".layout-cache-v2.json.{host}-{dead}.abcdefgh.tmp": True,
            f".navigator.svg.{host}-{live.pid}.abcdefgh.tmp": False,  # a build running right now
            f".navigator.svg.{host}-{os.getpid()}.abcdefgh.tmp": False,  # this very process
            f".navigator.svg.{other_host}-{dead}.abcdefgh.tmp": False,  # another host's: cannot tell
            ".navigator.pdf.k2j4l1q0.tmp": False,  # an old-style name, recent
            ".notes.tmp": False,  # not ours
            "navigator.pdf": False,
            f"navigator.pdf.{host}-{dead}.abcdefgh.tmp": False,  # not hidden: not ours
        }
        for name in names:
            (tmp_path / name).write_text("x")
        old_style = tmp_path / ".navigator.png.zz_x91q0.tmp"
        old_style.write_text("x")
        long_ago = time.time() - 2 * outputs.LEGACY_AGE_S
        os.utime(old_style, (long_ago, long_ago))
        removed = outputs.remove_abandoned(tmp_path)
    finally:
        live.kill()
        live.wait()
    expected = sorted([n for n, gone in names.items() if gone] + [old_style.name])
    assert sorted(p.name for p in removed) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(n for n, gone in names.items() if not gone)


def test_a_build_removes_what_killed_builds_left_in_its_folder(tmp_path: Path) -> None:
    host, dead = outputs._host_tag(), dead_pid()
    leftovers = [tmp_path / f".navigator.{fmt}.{host}-{dead}.q1w2e3r4.tmp" for fmt in ("pdf", "png")]
    for path in leftovers:
        path.write_bytes(b"\0" * 1000)
    build(MINIMAL, BuildOptions(formats=("svg",), out_dir=tmp_path, use_cache=False))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["navigator.svg"]


def _calls(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name):
                found.add(f"{f.value.id}.{f.attr}")
    return found


def test_one_atomic_write_helper() -> None:
    """Files are replaced in one module only: no second copy of mkstemp-then-rename elsewhere."""
    renames = {"os.replace", "os.rename", "tempfile.mkstemp", "tempfile.NamedTemporaryFile", "os.umask"}
    offenders = {}
    for path in sorted(SRC.rglob("*.py")):
        hits = _calls(parsed(path)) & renames
        if hits and path.name != "outputs.py":
            offenders[str(path.relative_to(SRC))] = sorted(hits)
    assert offenders == {}
    assert "os.umask" not in _calls(parsed(SRC / "outputs.py"))
    for user in ("api.py", "layout/cache.py", "fontmetrics.py"):
        assert "outputs import" in (SRC / user).read_text(encoding="utf-8"), user


def without_override() -> list[str]:
    """A command prefix that makes root obey file modes (CI runs as root, and root writes anywhere):
    util-linux's setpriv drops the capabilities that bypass them."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


@pytest.mark.slow
def test_an_output_folder_the_user_cannot_write_is_exit_2_with_the_cause(tmp_path_factory) -> None:
    base = Path(tmp_path_factory.mktemp("perm"))
    base.chmod(0o755)
    locked = base / "locked"
    locked.mkdir(mode=0o555)
    locked.chmod(0o555)
    (locked / "navigator.svg").write_text("previous")
    for out, message in (
        (
            locked,
            "navigator: cannot write in the output folder locked: permission denied; "
            "give a folder you can write with --out\n",
        ),
        (
            locked / "sub",
            "navigator: cannot create the output folder locked/sub: permission denied; "
            "give a folder you can write with --out\n",
        ),
    ):
        done = subprocess.run(
            [
                *without_override(),
                sys.executable,
                "-m",
                "navigator",
                "build",
                "--catalog",
                str(MINIMAL),
                "--out",
                str(out),
            ]
            + ["--format", "svg", "--no-cache", "--quiet"],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=base,
        )
        assert (done.returncode, done.stderr) == (2, message)
    assert sorted(p.name for p in locked.iterdir()) == ["navigator.svg"]
    assert (locked / "navigator.svg").read_text() == "previous"


def test_an_output_that_cannot_be_replaced_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "navigator.svg").mkdir()  # a folder where the file should go
    with pytest.raises(UsageError) as info:
        build(MINIMAL, BuildOptions(formats=("svg",), out_dir=tmp_path, use_cache=False))
    assert str(info.value).startswith(f"cannot replace navigator.svg in {tmp_path}: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["navigator.svg"]
