"""One palette: every colour an output shows comes from the theme (or, for impacts and control types,
from the catalog), so a theme change reaches every output."""

from __future__ import annotations

import dataclasses
import re

from navigator.theme import THEME, Theme

from .conftest import ROOT

SRC = ROOT / "src" / "navigator"
CSS = SRC / "web" / "assets" / "navigator.css"
HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")
# Colour literals that stay outside the theme, and why.
JUSTIFIED = {
    ("render/svg.py", "#FFFFFF"): "the fill of an invisible hit area (fill-opacity 0): never seen",
}
# The stylesheet's variables and the theme fields they repeat.
CSS_VARIABLES = {
    "--ink": THEME.ink,
    "--muted": THEME.muted,
    "--link": THEME.link,
    "--line": THEME.divider,
    "--panel": THEME.band_fills[1],
    "--navy": THEME.header_fill,
    "--focus": THEME.link,
    "--notice": THEME.filters_ink,
}


def theme_colours(t: Theme = THEME) -> set[str]:
    out: set[str] = set()
    for f in dataclasses.fields(t):
        value = getattr(t, f.name)
        for v in value if isinstance(value, tuple) else (value,):
            if isinstance(v, str) and HEX.fullmatch(v):
                out.add(v.upper())
    return out


def test_no_colour_is_spelled_outside_the_theme_and_the_catalog():
    found: dict[str, list[str]] = {}
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC).as_posix()
        if relative == "theme.py" or relative.startswith("catalog/"):
            continue
        for colour in HEX.findall(path.read_text(encoding="utf-8")):
            if (relative, colour.upper()) not in JUSTIFIED:
                found.setdefault(relative, []).append(colour)
    assert not found, found


def test_the_stylesheet_repeats_theme_colours_only():
    css = CSS.read_text(encoding="utf-8")
    variables = dict(re.findall(r"^\s*(--[a-z-]+):\s*(#[0-9A-Fa-f]{6});", css, re.MULTILINE))
    assert variables == CSS_VARIABLES
    palette = theme_colours()
    assert {c.upper() for c in HEX.findall(css)} <= palette, set(HEX.findall(css)) - palette


def test_the_check_sees_a_colour():
    assert HEX.findall('fill="#A1B2C3" x="#12"') == ["#A1B2C3"]
    assert "#FFF4EC" in theme_colours() and "#123456" not in theme_colours()
