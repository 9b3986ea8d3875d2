"""Scene values: `scene.value` replaces the dataclass constructor; it must keep its contract."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from navigator import scene
from navigator.roles import Role
from navigator.scene import Box, Element, Rect, Text

VALUE_CLASSES = [getattr(scene, name) for name in scene.__all__ if isinstance(getattr(scene, name), type)]


def test_every_scene_class_is_a_frozen_slotted_dataclass() -> None:
    assert len(VALUE_CLASSES) == 12
    for cls in VALUE_CLASSES:
        assert dataclasses.is_dataclass(cls), cls
        assert cls.__dataclass_params__.frozen, cls  # type: ignore[union-attr]  # absent from typeshed
        assert "__slots__" in cls.__dict__, cls


def test_constructor_has_the_dataclass_signature() -> None:
    for cls in VALUE_CLASSES:
        params = list(inspect.signature(cls).parameters.values())
        fields = dataclasses.fields(cls)
        assert [p.name for p in params] == [f.name for f in fields], cls
        for p, f in zip(params, fields):
            assert p.default == (f.default if f.default is not dataclasses.MISSING else inspect.Parameter.empty), (
                cls,
                f.name,
            )


def test_positional_keyword_and_default_arguments() -> None:
    box = Box(1.0, 2.0, w=3.0, h=4.0)
    assert (box.x, box.y, box.w, box.h, box.right, box.bottom) == (1.0, 2.0, 3.0, 4.0, 4.0, 6.0)
    e = Element(id="card:x", role=Role.THREAT, box=box)
    assert (e.ref, e.parent, e.rects, e.texts, e.paths, e.url, e.target, e.tooltip, e.data) == (
        "",
        "",
        (),
        (),
        (),
        "",
        "",
        "",
        (),
    )
    assert Rect(box).fill == "" and Text(0, 0, "a", "bold", 9, "#000000", 5.0).anchor == "start"
    with pytest.raises(TypeError):
        Box(1.0, 2.0, 3.0)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Box(1.0, 2.0, 3.0, 4.0, x=1.0)  # type: ignore[misc]


def test_values_stay_frozen_comparable_and_hashable() -> None:
    box = Box(1.0, 2.0, 3.0, 4.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        box.x = 5.0  # type: ignore[misc]
    assert box == Box(1.0, 2.0, 3.0, 4.0) and box != Box(1.0, 2.0, 3.0, 5.0)
    assert hash(box) == hash(Box(1.0, 2.0, 3.0, 4.0))
    moved = dataclasses.replace(Element(id="a", role=Role.TAB, box=box), box=Box(0.0, 0.0, 1.0, 1.0))
    assert moved.box.w == 1.0 and moved.id == "a"


def test_pt_keeps_a_thousandth_of_a_point_and_prints_short() -> None:
    from navigator.scene import pt

    assert pt(1.23456) == 1.235 and pt(12.3444) == 12.344 and pt(-3.0004) == -3.0 and pt(0.0) == 0.0
    for k in range(0, 2_000_000, 997):  # every value a layout makes prints as it would be written by hand
        v = k / 1000 + 0.0001 * (k % 7 - 3)
        assert len(repr(pt(v)).split(".")[1]) <= 3, v
        assert abs(pt(v) - v) <= 0.0005 + 1e-9, v


@pytest.mark.parametrize("name", ["minimal", "hostile", pytest.param("default", marks=pytest.mark.slow)])
def test_the_json_output_is_the_scene_json_to_the_byte(name) -> None:
    """The JSON renderer lets orjson serialise the dataclasses; its bytes must be `to_json`'s (the
    stdlib's, which the goldens and `from_json` use): same order, numbers, escapes and UTF-8."""
    from navigator.api import load, scene_of
    from navigator.render.json import json_bytes

    from .conftest import DATA

    whole = scene_of(load(None if name == "default" else DATA / "catalogs" / name))
    assert len(whole.pages) > 2  # the overview and detail pages
    assert json_bytes(whole) == whole.to_json().encode("utf-8")
    assert scene.Scene.from_json(json_bytes(whole).decode("utf-8")) == whole
