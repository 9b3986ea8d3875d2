"""The baseline the decomposed layout is measured against: the whole navigator as one `dot` graph.

The same picture asked of a single `dot` call: the same measured cards as fixed-size nodes, sections
as clusters, each column our packer chose as a chain of nodes (invisible edges down the column,
the columns' first cards `rank=same`), layers stacked with invisible edges, and the group ->
sub-threat connectors as real edges routed orthogonally (`splines=ortho`), as they are drawn.
Used only by `run.py`, which also times `splines="false"`: the same graph with no connectors
routed, a cheaper baseline (docs/performance.md says how it compares).
"""

from __future__ import annotations

import itertools
import time
from typing import Any

from navigator.catalog.model import Catalog
from navigator.layout.assemble import _choose
from navigator.layout.measure import Measurer
from navigator.layout.parts import _quiet_stderr
from navigator.layout.place import Options, layer_parts
from navigator.target import DOCUMENT
from navigator.theme import THEME, Theme


def monolithic_graph(catalog: Catalog, t: Theme = THEME, splines: str = "ortho") -> Any:
    """A pygraphviz AGraph of the whole diagram, arranged as our packer arranges it for the default paper."""
    import pygraphviz as pgv

    measurer = Measurer(catalog, t)
    sections = [s for s, _ in measurer.layers(t.card_widths[0], t.indent)]
    opts = Options(measurer, None, t)
    arrangement, _, _, _ = _choose(opts, catalog, "", sections, DOCUMENT, t)
    option = opts[arrangement.option]
    layers = layer_parts(measurer, option, t)
    g = pgv.AGraph(directed=True, strict=False)
    g.graph_attr.update(
        rankdir="TB",
        ordering="out",
        splines=splines,
        newrank="true",
        nodesep=f"{t.gap_x / 72:.5f}",
        ranksep=f"{t.gap_y / 72:.5f}",
    )
    g.node_attr.update(shape="box", fixedsize="true", label="", margin="0")
    g.edge_attr.update(arrowhead="none")
    previous = None
    for s_index, ((_, parts), blocks, flowed) in enumerate(zip(layers, option.layers, arrangement.flows)):
        cluster = g.add_subgraph(name=f"cluster_{s_index}", label="")
        columns: dict[int, list[str]] = {}
        for block, (col, _) in zip(blocks, flowed.positions):
            for c, _, _ in block.cards:
                card = parts[block.part].cards[c]
                name = f"s{s_index}p{block.part}n{c}"
                cluster.add_node(name, width=f"{card.width / 72:.5f}", height=f"{card.height / 72:.5f}")
                columns.setdefault(col, []).append(name)
        for p_index, part in enumerate(parts):
            for a, b in part.edges:
                cluster.add_edge(f"s{s_index}p{p_index}n{a}", f"s{s_index}p{p_index}n{b}")
        for names in columns.values():
            for upper, lower in itertools.pairwise(names):
                cluster.add_edge(upper, lower, style="invis")
        tops = [names[0] for _, names in sorted(columns.items())]
        if tops:
            cluster.add_subgraph(tops, name=f"rank_{s_index}", rank="same")
            if previous is not None:
                g.add_edge(previous, tops[0], style="invis")
            previous = max(columns.values(), key=len)[-1]
    return g


def time_monolithic(catalog: Catalog, t: Theme = THEME, splines: str = "ortho") -> tuple[float, int]:
    """Seconds one `dot` layout of the whole diagram takes, and its number of nodes."""
    g = monolithic_graph(catalog, t, splines)
    start = time.perf_counter()
    with _quiet_stderr():
        g.layout(prog="dot")
    return time.perf_counter() - start, g.number_of_nodes()
