"""The documented limits of a catalog (issue 11): how deep threat groups nest, how long each field
may be. A catalog at every limit builds in every format; one beyond is refused by `validate` with
FILE:LINE, before any stage could crash or stall on it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from navigator.api import BuildOptions, build
from navigator.catalog import load_catalog
from navigator.catalog.model import COLLECTIONS, MAX_NESTING, Meta, Reference, field_specs
from navigator.errors import CatalogError

from .conftest import MINIMAL
from .scene_checks import check_all

FORMATS = ("pdf", "svg", "png", "json", "pptx")


# A question for the minimal catalog, which has no questionnaire of its own.
QUESTION = {
    "id": "exposed",
    "question": "Can outsiders send the model input?",
    "help": "Anyone outside your trust boundary who can reach the model.",
    "url": "https://example.org/go/riskanalysis/",
    "answers": ["yes", "no"],
}


def minimal_data() -> dict[str, dict[str, Any]]:
    data = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(MINIMAL.glob("*.yaml"))}
    data["base.yaml"]["questions"] = [dict(QUESTION)]
    return data


def write_catalog(folder: Path, data: dict[str, dict[str, Any]]) -> Path:
    folder.mkdir()
    for name, doc in data.items():
        (folder / name).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def nested(depth: int) -> dict[str, dict[str, Any]]:
    """The minimal catalog with a chain under its group 'injection': threat n<k> has k groups above it."""
    data = minimal_data()
    threats = data["items.yaml"]["threats"]
    for k in range(1, depth + 1):
        threats.append(
            {
                "id": f"n{k}",
                "number": f"2.1.{k}",
                "title": f"Nested {k}",
                "kind": "group" if k < depth else "threat",
                "section": "use",
                "parent": "injection" if k == 1 else f"n{k - 1}",
                "impacts": ["integrity"],
                "summary": f"Level {k}.",
                "controls": ["align"],
            }
        )
    return data


def outline_depth(entries: list[dict[str, Any]]) -> int:
    return 1 + max((outline_depth(e["children"]) for e in entries), default=0) if entries else 0


@pytest.mark.slow
def test_a_catalog_nested_at_the_limit_builds_every_format(tmp_path):
    """Issue 11: a chain of nested groups passed `validate`, then PPTX failed at 150 levels, JSON at
    300 (RecursionError) and every format at 1,000. At the limit, every format is written."""
    catalog_dir = write_catalog(tmp_path / "cat", nested(MAX_NESTING))
    catalog = load_catalog(catalog_dir)
    assert len(catalog.ancestors(f"n{MAX_NESTING}")) == MAX_NESTING
    written = build(catalog_dir, BuildOptions(formats=FORMATS, out_dir=tmp_path / "out", use_cache=False))
    assert sorted(p.suffix for p in written) == sorted(f".{f}" for f in FORMATS)
    assert all(p.stat().st_size > 1000 for p in written)
    scene = json.loads((tmp_path / "out" / "navigator.json").read_text())
    assert outline_depth(scene["outline"]) >= MAX_NESTING + 2  # a section, the top group, 8 levels below
    from navigator.api import scene_of

    check_all(scene_of(catalog))


def test_one_level_beyond_the_limit_is_refused_at_the_parent_line(tmp_path, monkeypatch):
    data = nested(MAX_NESTING + 1)
    write_catalog(tmp_path / "cat", data)
    monkeypatch.chdir(tmp_path)
    lines = (tmp_path / "cat" / "items.yaml").read_text().splitlines()
    parent_line = lines.index(f"  parent: n{MAX_NESTING}") + 1
    with pytest.raises(CatalogError) as info:
        load_catalog("cat")
    assert [str(p) for p in info.value.problems] == [
        f"cat/items.yaml:{parent_line}: threat 'n{MAX_NESTING + 1}': nested {MAX_NESTING + 1} threat groups deep "
        f"(under 'injection'); threat groups nest at most {MAX_NESTING} levels: attach it to a group higher up"
    ]


@pytest.mark.slow
def test_a_chain_of_a_thousand_groups_gets_one_message_not_a_crash(tmp_path, monkeypatch):
    write_catalog(tmp_path / "cat", nested(1000))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CatalogError) as info:
        load_catalog("cat")
    [problem] = info.value.problems
    assert f"threat 'n{MAX_NESTING + 1}': nested {MAX_NESTING + 1} threat groups deep" in problem.message


# -- lengths -------------------------------------------------------------------------------------

# Where an item of each class sits in the minimal catalog: (file, collection, index) or the meta.
PLACES: dict[type, tuple[str, str, int]] = {
    cls: ("items.yaml" if name in ("groups", "threats", "controls") else "base.yaml", name, 0)
    for name, cls in COLLECTIONS.items()
}
LIMITED = [
    (cls, name, spec)
    for cls in (Meta, Reference, *COLLECTIONS.values())
    for name, spec in field_specs(cls).items()
    if spec["kind"] in ("text", "tags", "url", "url_template")
]

LIMITED_IDS = [f"{cls.__name__}.{name}" for cls, name, _ in LIMITED]


def value_of_length(spec: dict[str, Any], n: int) -> Any:
    if spec["kind"] == "url":
        return "https://example.org/" + "x" * (n - len("https://example.org/"))
    if spec["kind"] == "url_template":
        return "https://example.org/{id}/" + "x" * (n - len("https://example.org/{id}/"))
    if spec["kind"] == "tags":
        return ["x" * n, "y"]  # two: a question needs at least two answers
    return "x" * n


def with_field(cls: type, name: str, value: Any) -> dict[str, dict[str, Any]]:
    data = minimal_data()
    if cls is Meta:
        data["base.yaml"]["meta"][name] = value
    elif cls is Reference:
        data["items.yaml"]["threats"][1]["references"][0][name] = value
    else:
        file, collection, index = PLACES[cls]
        data[file][collection][index][name] = value
    return data


@pytest.mark.parametrize(("cls", "name", "spec"), LIMITED, ids=LIMITED_IDS)
def test_every_text_field_has_a_limit_and_takes_a_value_at_it(tmp_path, cls, name, spec):
    assert spec["limit"] > 0, f"{cls.__name__}.{name} has no length limit"
    write_catalog(tmp_path / "cat", with_field(cls, name, value_of_length(spec, spec["limit"])))
    load_catalog(tmp_path / "cat")


@pytest.mark.parametrize(("cls", "name", "spec"), LIMITED, ids=LIMITED_IDS)
def test_a_value_one_character_over_the_limit_is_refused_with_its_line(tmp_path, monkeypatch, cls, name, spec):
    limit = spec["limit"]
    write_catalog(tmp_path / "cat", with_field(cls, name, value_of_length(spec, limit + 1)))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CatalogError) as info:
        load_catalog("cat")
    [problem] = [str(p) for p in info.value.problems]
    said = f"item #1 of '{name}'" if spec["kind"] == "tags" else f"field '{name}'"
    assert re.fullmatch(
        rf"cat/(base|items)\.yaml:[1-9][0-9]*: .*{re.escape(said)} is {limit + 1:,} characters long; "
        rf"the limit is {limit:,}: shorten it \(docs/catalog\.md lists the limits\)",
        problem,
    ), problem


@pytest.mark.slow
def test_a_catalog_at_every_length_limit_builds_and_stays_in_its_cards(tmp_path):
    """Every text of one item of each kind at its limit (a 2,000-character summary, 4,000 characters of
    notes, 200-character titles...): the build finishes, and nothing leaves its card."""
    data = minimal_data()
    for cls, name, spec in LIMITED:
        if spec["kind"] == "text" and cls is not Meta:  # meta's text is drawn as the page title and footer
            value = ("lorem ipsum " * spec["limit"])[: spec["limit"] - 1] + "."
            data = _set(data, cls, name, value)
    catalog_dir = write_catalog(tmp_path / "cat", data)
    written = build(catalog_dir, BuildOptions(formats=FORMATS, out_dir=tmp_path / "out", use_cache=False))
    assert len(written) == len(FORMATS)
    from navigator.api import scene_of

    check_all(scene_of(load_catalog(catalog_dir)))


def _set(data: dict[str, dict[str, Any]], cls: type, name: str, value: Any) -> dict[str, dict[str, Any]]:
    if cls is Reference:
        data["items.yaml"]["threats"][1]["references"][0][name] = value
    else:
        file, collection, index = PLACES[cls]
        data[file][collection][index][name] = value
    return data


def test_legend_labels_at_their_limit_stay_on_a_narrow_page(tmp_path):
    from navigator.api import criteria_from, scene_of

    data = minimal_data()
    data["base.yaml"]["impacts"][0]["label"] = "W" * field_specs(COLLECTIONS["impacts"])["label"]["limit"]
    catalog = load_catalog(write_catalog(tmp_path / "cat", data))
    from navigator.scene import Box
    from navigator.target import DOCUMENT, POSTER_DOCUMENT

    for target in (DOCUMENT, POSTER_DOCUMENT):  # a sheet of paper, and a page sized to the cards
        scene = scene_of(catalog, criteria_from(threats=["leak"]), target=target)
        page = Box(0, 0, scene.width, scene.height)
        assert all(page.contains(e.box) for e in scene.elements)
        chip = scene.element(f"legend:impact:{catalog.impacts[0].id}")
        assert chip.texts[0].text.endswith("\u2026") and chip.box.contains(
            Box(chip.texts[0].x, chip.box.y, chip.texts[0].width, 1)
        )
