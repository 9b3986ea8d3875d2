"""What the search found, under the search box: the direct hits as links that select them, how many
more are shown for context, or that nothing matches."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dash import dcc, html

from ..filters import Criteria, Selection
from .data import Context
from .state import ViewState, to_search

RESULTS_SHOWN = 8  # direct hits listed under the search box


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def search_results(context: Context, state: ViewState, sel: Selection) -> list[Any]:
    """Under the search box: the direct hits (links that select them), how many more are shown for
    context, or that nothing matches."""
    text = state.search.strip()
    if not text:
        return []
    catalog = context.catalog
    if not sel.matched:
        alone = context.selection(Criteria(search=text))
        why = " with the other filters" if alone.matched else ""
        return [
            html.P(
                [html.Strong("No threat or control matches"), f" “{text}”{why}."],
                className="no-match",
            )
        ]
    hits = [t.id for t in catalog.threats if t.id in sel.matched] + [
        c.id for c in catalog.controls if c.id in sel.matched
    ]
    threats = sum(1 for h in hits if h in sel.threats)
    controls = len(hits) - threats
    head = " and ".join(
        p for p in (threats and _count(threats, "threat"), controls and _count(controls, "control")) if p
    )
    context_n = len(sel.related)
    items = [
        html.Li(dcc.Link(label_of(context, h), href=to_search(replace(state, selected=h)), className="select-link"))
        for h in hits[:RESULTS_SHOWN]
    ]
    more = [html.Li(f"and {len(hits) - RESULTS_SHOWN} more", className="muted")] if len(hits) > RESULTS_SHOWN else []
    return [
        html.P(
            [
                f"{head} {'matches' if len(hits) == 1 else 'match'} (outlined)",
                f"; {context_n} more shown for context (lighter)." if context_n else ".",
            ]
        ),
        html.Ul(items + more, className="plain hits"),
    ]


def label_of(context: Context, item_id: str) -> str:
    item = context.catalog.by_id.get(item_id)
    label = getattr(item, "label", item_id)
    return label if isinstance(label, str) else item_id
