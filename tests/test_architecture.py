"""The boundaries docs/architecture.md promises, read from the source: which package imports what.

Every import counts, wherever it stands (module level, inside a function, under TYPE_CHECKING): a
lazy import is still a dependency. The table below is the architecture's "may import" column.
"""

from __future__ import annotations

import ast
import functools
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT
from .support.source import parsed

SRC = ROOT / "src" / "navigator"

# Modules every stage may import: values and helpers that belong to no stage.
NEUTRAL = {
    "navigator",
    "errors",
    "resources",
    "links",
    "text",
    "fontmetrics",
    "theme",
    "roles",
    "scene",
    "target",
    "outputs",
    "annotations",
}
# Each unit (a package, or a module of the top level) and the navigator units it may import.
MAY_IMPORT: dict[str, set[str]] = {
    "catalog": {"navigator", "errors", "resources", "links", "outputs"},  # the first stage: nothing later
    "filters": {"navigator", "errors", "catalog"},
    "layout": NEUTRAL | {"catalog"},
    "render": NEUTRAL,  # a renderer reads only the Scene
    "jobs": NEUTRAL | {"render"},
    # Scenes come from api, never from layout
    "web": NEUTRAL | {"catalog", "filters", "render", "jobs", "api", "assess"},
    "api": NEUTRAL | {"catalog", "filters", "layout", "render", "jobs", "outputs", "assess", "sync"},
    "sync": NEUTRAL | {"catalog"},  # beside catalog: markdown in, drift out, YAML written back
    "assess": NEUTRAL | {"catalog", "filters"},  # a questionnaire's verdicts: no layout, render or web
    "cli": NEUTRAL | {"catalog", "filters", "api", "web", "sync", "assess"},
    "__main__": {"cli"},
}
# Heavy third-party libraries and the only places that may import them.
ONLY_IN = {
    "pygraphviz": re.compile(r"^layout/"),
    "reportlab": re.compile(r"^render/pdf[^/]*\.py$"),
    "dash": re.compile(r"^web/"),
    "flask": re.compile(r"^web/"),
    "plotly": re.compile(r"^web/"),
    "pptx": re.compile(r"^render/pptx\.py$"),
    "resvg_py": re.compile(r"^render/png\.py$"),
    "orjson": re.compile(r"^render/json\.py$"),
    "yaml": re.compile(r"^catalog/"),  # catalog files are read in one place (sync edits them with ruamel)
    "ruamel": re.compile(r"^sync/"),
    "openpyxl": re.compile(r"^assess/sheets\.py$"),
    "waitress": re.compile(r"^web/"),
    "flask_compress": re.compile(r"^web/"),
    "fontTools": re.compile(r"^fontmetrics\.py$"),  # only when a vendored font changed
}
# What `navigator --help` and `navigator validate` must not load: every library of a later stage.
NOT_FOR_VALIDATE = {"pygraphviz", "reportlab", "dash", "plotly", "flask", "pptx", "resvg_py", "orjson"}
NOT_FOR_VALIDATE |= {"ruamel", "openpyxl", "waitress", "flask_compress", "fontTools"}
MAX_LINES = 400


def modules() -> Iterator[tuple[str, Path]]:
    """(path relative to src/navigator, file) of every module."""
    for path in sorted(SRC.rglob("*.py")):
        yield path.relative_to(SRC).as_posix(), path


def unit_of(relative: str) -> str:
    """The unit a module belongs to: its top-level package, or the module's own name."""
    first = relative.split("/")[0]
    return first.removesuffix(".py")


@functools.cache  # every test here reads the same files
def imports(relative: str, path: Path) -> set[str]:
    """Absolute names of everything the module imports (relative imports resolved)."""
    package = ["navigator", *relative.split("/")[:-1]]
    found: set[str] = set()
    for node in ast.walk(parsed(path)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
                found.add(module)
                if not node.module:  # `from . import x`: x may be a module of the package
                    found.update(f"{module}.{a.name}" for a in node.names if _is_module(f"{module}.{a.name}"))
            else:
                found.add(node.module or "")
    return found


def _is_module(name: str) -> bool:
    where = SRC.joinpath(*name.split(".")[1:])
    return where.is_dir() or where.with_suffix(".py").is_file()


def navigator_unit(name: str) -> str | None:
    parts = name.split(".")
    if parts[0] != "navigator":
        return None
    return parts[1] if len(parts) > 1 else "navigator"


def test_the_table_covers_every_module():
    units = {unit_of(relative) for relative, _ in modules()}
    assert units - {"__init__"} <= set(MAY_IMPORT) | NEUTRAL, units - set(MAY_IMPORT) - NEUTRAL


def test_no_stage_imports_across_its_boundary():
    crossings = []
    for relative, path in modules():
        unit = unit_of(relative)
        if unit == "__init__":
            unit = "navigator"
        allowed = MAY_IMPORT.get(unit, NEUTRAL)  # a neutral module may import only neutral ones
        for name in imports(relative, path):
            target = navigator_unit(name)
            if target is not None and target != unit and target not in allowed:
                crossings.append(f"{relative} imports {name}")
    assert not crossings, "\n".join(crossings)


def test_heavy_libraries_are_imported_only_where_they_belong():
    crossings = []
    for relative, path in modules():
        for name in imports(relative, path):
            top = name.split(".")[0]
            if top in ONLY_IN and not ONLY_IN[top].match(relative):
                crossings.append(f"{relative} imports {name}")
    assert not crossings, "\n".join(crossings)


def test_the_checks_can_fail(tmp_path):
    """The import reader sees a relative import across a boundary and a lazy heavy import."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from ...layout import layout\n    import reportlab.pdfgen\n", encoding="utf-8")
    found = imports("render/sub/bad.py", bad)
    assert "navigator.layout" in found and "reportlab.pdfgen" in found
    assert navigator_unit("navigator.layout") not in MAY_IMPORT["render"]
    assert not ONLY_IN["reportlab"].match("render/svg.py") and ONLY_IN["reportlab"].match("render/pdf_outline.py")


def test_modules_stay_small():
    long = {relative: n for relative, path in modules() if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


@pytest.mark.slow
@pytest.mark.parametrize("args", [["--help"], ["validate"]])
def test_commands_that_draw_nothing_load_no_heavy_library(args):
    """As a user runs them, in a fresh process: `-X importtime` lists every module imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "navigator", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = {m.group(1).split(".")[0] for m in re.finditer(r"^import time:.*\|\s*(\S+)$", done.stderr, re.MULTILINE)}
    assert "navigator" in loaded  # else the listing was not read and this test tests nothing
    assert not loaded & NOT_FOR_VALIDATE, sorted(loaded & NOT_FOR_VALIDATE)


def test_the_documented_table_is_the_one_enforced():
    """docs/architecture.md's "may import" column says what MAY_IMPORT enforces, row by row."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = [line.split(" | ") for line in doc.splitlines() if line.startswith("| `navigator.") or "| neutral:" in line]
    documented: dict[str, set[str]] = {}
    for first, _holds, may in rows:
        names = set(re.findall(r"`(\w+)`", may))
        if first.startswith("| neutral:"):
            assert set(re.findall(r"`(\w+)`", first)) == NEUTRAL - {"navigator"}
            assert may.strip(" |") == "one another only"
            continue
        unit = re.fullmatch(r"\| `navigator\.(\w+)`", first)
        assert unit, first
        documented[unit[1]] = names | (NEUTRAL if "the neutral modules" in may else set())
    enforced = {unit: allowed - {"navigator"} for unit, allowed in MAY_IMPORT.items() if unit != "__main__"}
    assert {u: n - {"navigator"} for u, n in documented.items()} == enforced
