"""The baseline the decomposed layout is measured against: the whole navigator as one `dot` graph.

The same picture asked of a single `dot` call: the same measured cards as fixed-size nodes, sections
as clusters, each row of parts (the rows our packer makes) as a `rank=same` subgraph inside its
cluster, rows and sections stacked with invisible edges, and the group -> sub-threat connectors as
real edges routed orthogonally (`splines=ortho`), as they are drawn. Used only by `run.py`, which
also times `splines="false"`: the same graph with no connectors routed, a cheaper baseline that
our layout does not beat (docs/performance.md says by how much).
"""

from __future__ import annotations

import time
from typing import Any

from navigator.catalog.model import Catalog
from navigator.layout.measure import measure_layers
from navigator.layout.parts import _quiet_stderr
from navigator.layout.place import place
from navigator.theme import THEME, Theme


def monolithic_graph(catalog: Catalog, t: Theme = THEME, splines: str = "ortho") -> Any:
    """A pygraphviz AGraph of the whole diagram."""
    import pygraphviz as pgv

    layers = [parts for _, parts in measure_layers(catalog, t)]
    geometry = place(layers, [0.0] * len(layers), 0.0, 0.0, None, t)
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
    for s_index, (parts, lg) in enumerate(zip(layers, geometry.layers)):
        cluster = g.add_subgraph(name=f"cluster_{s_index}", label="")
        rows: dict[float, list[str]] = {}
        for p_index, (part, (_, y)) in enumerate(zip(parts, lg.parts)):
            names = [f"s{s_index}p{p_index}n{i}" for i in range(len(part.cards))]
            for name, card in zip(names, part.cards):
                cluster.add_node(name, width=f"{card.width / 72:.5f}", height=f"{card.height / 72:.5f}")
            for a, b in part.edges:
                cluster.add_edge(names[a], names[b])
            rows.setdefault(y, []).append(names[0])
        for r_index, y in enumerate(sorted(rows)):
            cluster.add_subgraph(rows[y], name=f"rank_{s_index}_{r_index}", rank="same")
            if previous is not None:
                g.add_edge(previous, rows[y][0], style="invis")
            previous = rows[y][0]
    return g


def time_monolithic(catalog: Catalog, t: Theme = THEME, splines: str = "ortho") -> tuple[float, int]:
    """Seconds one `dot` layout of the whole diagram takes, and its number of nodes."""
    g = monolithic_graph(catalog, t, splines)
    start = time.perf_counter()
    with _quiet_stderr():
        g.layout(prog="dot")
    return time.perf_counter() - start, g.number_of_nodes()
