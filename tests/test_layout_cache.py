"""The layout cache is a hint: whatever a corrupted, truncated or edited cache file holds, a build
equals an uncached build, never an internal error and never wrong geometry."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from navigator.api import load
from navigator.layout import PartCache, layout
from navigator.layout.cache import CACHE_FILE
from navigator.target import paper_target

from .conftest import ROOT


@pytest.fixture(scope="module")
def catalog():
    return load()


@pytest.fixture(scope="module")
def uncached(catalog):
    return layout(catalog, None)


def numbers(value: Any, f: Callable[[float], Any]) -> Any:
    if isinstance(value, list):
        return [numbers(v, f) for v in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f(value)
    return value


def each_value(f: Callable[[Any], Any]) -> Callable[[dict], dict]:
    """Apply f to every cached value, wherever the file keeps it."""

    def corrupt(data: dict) -> dict:
        for key, entry in data["entries"].items():
            if isinstance(entry, dict) and "value" in entry:
                entry["value"] = f(entry["value"])
            else:
                data["entries"][key] = f(entry)
        return data

    return corrupt


def swapped(data: dict) -> dict:
    """Every entry's value moved to another key: well-formed values, each under the wrong key."""
    keys = sorted(data["entries"])
    values = [data["entries"][k] for k in keys]
    data["entries"] = dict(zip(keys, values[1:] + values[:1]))
    return data


CORRUPTIONS: dict[str, Callable[[dict], Any]] = {
    "a string": each_value(lambda v: "x"),
    "a mapping": each_value(lambda v: {"width": 1}),
    "an empty list": each_value(lambda v: []),
    "one number": each_value(lambda v: [1]),
    "a list of strings": each_value(lambda v: numbers(v, str)),
    "nested too deep": each_value(lambda v: [[[[[[[[[[v]]]]]]]]]]),
    "zeroed numbers": each_value(lambda v: numbers(v, lambda n: 0)),
    "negative numbers": each_value(lambda v: numbers(v, lambda n: -n)),
    "huge numbers": each_value(lambda v: numbers(v, lambda n: 1e308)),
    "booleans": each_value(lambda v: numbers(v, lambda n: True)),
    "values under other keys": swapped,
    "entries a list": lambda d: {**d, "entries": list(d["entries"])},
    "entries null": lambda d: {**d, "entries": None},
    "a list file": lambda d: [d],
}


def cache_file(tmp_path: Path, catalog) -> Path:
    """A cache file with several entries: the choices for the default paper and for A4."""
    cache = PartCache(tmp_path)
    layout(catalog, cache)
    layout(catalog, cache, target=paper_target("a4"))
    cache.save()
    (path,) = [p for p in tmp_path.iterdir() if p.name.endswith(".json")]
    return path


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_a_corrupt_entry_is_a_miss(tmp_path, catalog, uncached, name: str) -> None:
    path = cache_file(tmp_path, catalog)
    path.write_text(json.dumps(CORRUPTIONS[name](json.loads(path.read_text()))))
    cache = PartCache(tmp_path)
    assert layout(catalog, cache) == uncached
    assert cache.hits == 0
    cache.save()  # the bad entries are replaced by good ones
    again = PartCache(tmp_path)
    assert layout(catalog, again) == uncached
    assert (again.hits, again.misses) == (1, 0)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        lambda t: t[: len(t) // 2],  # truncated
        # non-finite numbers, broken JSON
        lambda t: (
            t.replace("0.0", "NaN").replace("1.", "Infinity,").replace(",0,", ",NaN,").replace(",1,", ",Infinity,")
        ),
        lambda t: t.replace("]", "NaN]", 5),
        lambda t: "[" * 100_000,  # deeper than the JSON parser goes
        lambda t: "",
        lambda t: "\0\xff",
    ],
)
def test_an_unreadable_file_is_a_miss(tmp_path, catalog, uncached, text) -> None:
    path = cache_file(tmp_path, catalog)
    path.write_text(text(path.read_text()), encoding="utf-8", errors="surrogateescape")
    cache = PartCache(tmp_path)
    assert layout(catalog, cache) == uncached
    assert cache.hits == 0


@pytest.mark.slow
def test_nan_in_an_entry_is_a_miss(tmp_path, catalog, uncached) -> None:
    path = cache_file(tmp_path, catalog)
    data = each_value(lambda v: numbers(v, lambda n: float("nan")))(json.loads(path.read_text()))
    path.write_text(json.dumps(data))  # json.dumps writes NaN; json.loads reads it back
    assert "NaN" in path.read_text()
    cache = PartCache(tmp_path)
    assert layout(catalog, cache) == uncached
    assert cache.hits == 0


@pytest.mark.slow
def test_a_build_with_a_corrupt_cache_equals_an_uncached_build(tmp_path, catalog) -> None:
    """End to end, as the reviewer found it: every build broke with an internal error."""
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    path = cache_file(cache_dir, catalog)
    path.write_text(json.dumps(CORRUPTIONS["a mapping"](json.loads(path.read_text()))))
    env = {**os.environ, "NAVIGATOR_CACHE_DIR": str(cache_dir)}
    outs = {}
    for name, extra in (("cached", []), ("uncached", ["--no-cache"])):
        outs[name] = tmp_path / name
        done = subprocess.run(
            [sys.executable, "-m", "navigator", "build", "--format", "svg,json", "--out", str(outs[name]), *extra],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
            env=env,
        )
        assert (done.returncode, done.stderr) == (0, ""), name
    for fmt in ("svg", "json"):
        assert (outs["cached"] / f"navigator.{fmt}").read_bytes() == (
            outs["uncached"] / f"navigator.{fmt}"
        ).read_bytes()
    assert sorted(p.name for p in cache_dir.iterdir() if not p.name.startswith("catalog-")) == [CACHE_FILE]
