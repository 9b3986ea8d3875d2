"""The packer's choice, cached: which knobs won, under a hash of everything the search reads.

The search (`arrange.search`, `layer_pages.plan_layer`) is the costly part of packing; what it
decides is a handful of integers: the option (card width, family orientation), the columns, the
legend's place and the page orientation of page 1, and for each layer's own pages the same and
their block ranges. Those are cached under a hash of all the search reads: every card's measured
size at every candidate width, the chrome's text, the theme, the target and the filter. A hit skips
the search; the geometry is still flowed from the sizes (once per layer), so an entry can cost
optimality only if it was written for other sizes, which its key rules out, and never correctness:
a value that does not fit the catalog is a miss.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from itertools import pairwise
from typing import Any

from .. import __version__
from ..catalog.model import Catalog, Section
from ..target import Target
from ..text import FONT_FILES
from ..theme import Theme
from .measure import Measurer
from .parts import LAYOUT_VERSION

Knobs = tuple[int, int, int, int]  # option, columns, legend columns, sheet
LayerKnobs = tuple[int, int, int, tuple[tuple[int, int], ...]]  # option, columns, sheet, block ranges


def choice_key(
    catalog: Catalog,
    measurer: Measurer,
    sections: list[Section],
    filters: str,
    target: Target,
    t: Theme,
    widths: tuple[float, ...] = (),
) -> str:
    m = catalog.meta
    sizes = _sizes(measurer, widths or t.card_widths, t.indent)
    shape = {
        "v": LAYOUT_VERSION,
        "navigator": __version__,
        "fonts": sorted(FONT_FILES.items()),
        "theme": asdict(t),
        "target": asdict(target),
        "filters": filters,
        "widths": list(widths),
        "meta": [m.title, m.name, m.version, m.date, m.licence, m.source, m.description],
        "legend": [[c.label for c in catalog.control_types], [i.label for i in catalog.impacts]],
        "sections": [[s.id, s.number, s.title, s.label] for s in sections],
        "sizes": sizes,
    }
    text = json.dumps(shape, separators=(",", ":"), default=str)
    return "arrangement:" + hashlib.sha256(text.encode()).hexdigest()


def _sizes(measurer: Measurer, widths: tuple[float, ...], indent: float) -> str:
    """A hash of every card's measured size at every candidate width, made once per measurer: the
    sizes never change for its catalog, and hashing them is most of the key's cost."""
    key = ("sizes", widths, indent)
    found = measurer.derived.get(key)
    if found is None:
        sizes = [
            [
                [
                    [p.run, [list(e) for e in p.edges], list(p.depths), [[c.width, c.height] for c in p.cards]]
                    for p in parts
                ]
                for _, parts in measurer.layers(w, level)
            ]
            for w in widths
            for level in (indent, 0.0)
        ]
        text = json.dumps(sizes, separators=(",", ":"))
        found = measurer.derived[key] = hashlib.sha256(text.encode()).hexdigest()
    return str(found)


def encode(overview: Knobs, layers: list[LayerKnobs], common: float) -> list[Any]:
    """`common`: the one scale of every layer page."""
    return [list(overview), [[o, k, sheet, [list(r) for r in ranges]] for o, k, sheet, ranges in layers], common]


def decode(value: Any, options: int, sheets: int, layers_drawn: int) -> tuple[Knobs, list[LayerKnobs], float] | None:
    """The knobs in a cached value, or None if they cannot be this catalog's (the block ranges are
    checked again against the blocks when flowed)."""
    try:
        (o, k, m, sheet), layers, common = value
        common = float(common)
        if not 0.0 <= common < 1e6 or (layers and common == 0.0):
            return None
        knobs = tuple(int(v) for v in (o, k, m, sheet))
        if any(float(v) != int(v) for v in (o, k, m, sheet)):
            return None
        o, k, m, sheet = knobs
        if not (0 <= o < options and 1 <= k <= 10_000 and 0 <= m < k and 0 <= sheet < max(sheets, 1)):
            return None
        if layers and len(layers) != layers_drawn:
            return None
        out: list[LayerKnobs] = []
        for lo, lk, ls, ranges in layers:
            lo, lk, ls = int(lo), int(lk), int(ls)
            if not (0 <= lo < options and 1 <= lk <= 10_000 and 0 <= ls < max(sheets, 1)):
                return None
            pairs = tuple((int(a), int(b)) for a, b in ranges)
            if not pairs or pairs[0][0] != 0 or any(a >= b for a, b in pairs):
                return None
            if any(x[1] != y[0] for x, y in pairwise(pairs)):
                return None
            out.append((lo, lk, ls, pairs))
        return (o, k, m, sheet), out, common
    except (TypeError, ValueError, OverflowError):
        return None
