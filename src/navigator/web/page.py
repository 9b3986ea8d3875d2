"""The page as pure functions of the catalog: sidebar of filters, the diagram, the details panel.

Only native, labelled form controls (checkboxes, radio buttons, a search box, buttons, links) so the
page works with the keyboard alone and reads well in a screen reader; the plot itself cannot be
reached by keyboard, so "Show details of" is the keyboard path to every threat's and control's
details. Nothing here depends on the request: the URL is read by a callback, so the layout can be
built once per process.
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from ..catalog.model import Catalog
from ..filters import Criteria, select
from ..text import clean
from ..theme import THEME
from . import ids
from .panel import aria, badge
from .state import FADED, HIDDEN

TITLE = "AI security threats and controls navigator"

INDEX_STRING = """<!DOCTYPE html>
<html lang="en">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""

GRAPH_CONFIG: dcc.Graph.Config = {
    "scrollZoom": True,
    "displaylogo": False,
    "responsive": True,
    "doubleClick": "reset",
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toImage"],
}
# An empty figure that looks like the page background until the first callback answers.
BLANK_FIGURE: dict[str, Any] = {
    "data": [],
    "layout": {
        "xaxis": {"visible": False},
        "yaxis": {"visible": False},
        "paper_bgcolor": THEME.paper,
        "plot_bgcolor": THEME.paper,
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
    },
}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _option(label: str, count: str, swatch: Any, value: str) -> dict[str, Any]:
    return {
        "label": html.Span(
            [swatch, html.Span(label, className="option-label"), html.Span(count, className="option-count")],
            className="option",
        ),
        "value": value,
    }


def filter_options(catalog: Catalog) -> dict[str, list[dict[str, Any]]]:
    """Checklist options for each filter, each with what choosing it alone would show."""
    risks = []
    for impact in catalog.impacts:
        sel = select(catalog, Criteria(risks=(impact.id,)))
        swatch = html.Span(className="swatch", style={"backgroundColor": impact.colour}, **aria(hidden="true"))
        risks.append(_option(clean(impact.short), _count(len(sel.threats), "threat"), swatch, impact.id))
    types = []
    for ct in catalog.control_types:
        sel = select(catalog, Criteria(control_types=(ct.id,)))
        types.append(_option(clean(ct.short), _count(len(sel.controls), "control"), badge(ct), ct.id))
    sections = []
    for s in catalog.sections:
        sel = select(catalog, Criteria(sections=(s.id,)))
        n_threats = sum(1 for t in sel.threats if catalog.threat(t).section == s.id)
        n_controls = sum(1 for c in catalog.controls if c.section == s.id)
        label = clean(s.label)
        sections.append(
            _option(
                label,
                f"{_count(n_threats, 'threat')}, {_count(n_controls, 'control')}",
                html.Span(className="swatch none"),
                s.id,
            )
        )
    return {ids.RISK_FILTER: risks, ids.CONTROL_TYPE_FILTER: types, ids.SECTION_FILTER: sections}


def details_options(catalog: Catalog) -> list[dict[str, str]]:
    """Every threat, control group and control, findable by number or name."""
    out = [{"label": clean(f"Threat {t.label}"), "value": t.id} for t in catalog.threats]
    out += [{"label": clean(f"Control group {g.label}"), "value": g.id} for g in catalog.groups]
    out += [{"label": clean(f"Control {c.label}"), "value": c.id} for c in catalog.controls]
    return out


def _fieldset(legend: str, component_id: str, options: list[dict[str, Any]]) -> html.Fieldset:
    return html.Fieldset(
        [
            html.Legend(legend),
            dcc.Checklist(
                id=component_id,
                options=options,
                value=[],
                className="checklist",
                inputClassName="check",
                labelClassName="check-label",
            ),
        ],
        className="filter",
    )


def sidebar(catalog: Catalog) -> html.Aside:
    opts = filter_options(catalog)
    return html.Aside(
        [
            html.H1(clean(catalog.meta.title) or TITLE),
            html.P(id=ids.STATUS, className="status", role="status", **aria(live="polite")),
            html.Div(id=ids.NOTICES, className="notices", role="status", **aria(live="polite")),
            html.Div(
                [
                    html.Label("Search", htmlFor=ids.SEARCH),
                    dcc.Input(
                        id=ids.SEARCH,
                        type="search",
                        value="",
                        debounce=0.4,
                        maxLength=200,
                        autoComplete="off",
                        placeholder="Name, number, LLM01, AML.T0051…",
                        className="search",
                    ),
                    html.P(
                        "Words in names, numbers, summaries and framework references; every word must match.",
                        className="hint",
                    ),
                ],
                className="field",
            ),
            html.Div(
                [
                    html.Label("Show details of", htmlFor=ids.DETAILS_SELECT, id=ids.DETAILS_SELECT_LABEL),
                    dcc.Dropdown(
                        id=ids.DETAILS_SELECT,
                        options=details_options(catalog),
                        value=None,
                        searchable=True,
                        clearable=True,
                        placeholder="Type a threat or control…",
                    ),
                ],
                className="field",
            ),
            _fieldset("Risk (impact)", ids.RISK_FILTER, opts[ids.RISK_FILTER]),
            _fieldset("Control type", ids.CONTROL_TYPE_FILTER, opts[ids.CONTROL_TYPE_FILTER]),
            _fieldset("Section", ids.SECTION_FILTER, opts[ids.SECTION_FILTER]),
            html.Fieldset(
                [
                    html.Legend("What the filters leave out"),
                    dcc.RadioItems(
                        id=ids.MODE,
                        value=FADED,
                        className="radios",
                        inputClassName="check",
                        labelClassName="check-label",
                        options=[
                            {"label": "Faded in place", "value": FADED},
                            {"label": "Hidden (diagram compacts)", "value": HIDDEN},
                        ],
                    ),
                ],
                className="filter",
            ),
            html.Button("Reset filters", id=ids.RESET, type="button", n_clicks=0, className="button"),
            html.Nav(
                [
                    html.H2("Download this view"),
                    html.Div(
                        [
                            html.A(
                                fmt.upper(),
                                id=component_id,
                                href=f"download/navigator.{fmt}",
                                className="button download",
                                download=f"navigator.{fmt}",
                            )
                            for fmt, component_id in ids.DOWNLOADS.items()
                        ],
                        className="downloads",
                    ),
                ],
                className="field",
                **aria(label="Downloads"),
            ),
        ],
        className="sidebar",
        **aria(label="Filters"),
    )


def details_placeholder() -> list[Any]:
    return [
        html.P(
            (
                "Click a threat or a control on the diagram, or choose one under "
                "“Show details of”, to see what it is and what it relates to."
            ),
            className="hint",
        )
    ]


def layout(catalog: Catalog) -> html.Div:
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.STATE),
            dcc.Store(id=ids.FIGURE_DATA),
            dcc.Store(id=ids.FIGURE_KEY),
            sidebar(catalog),
            html.Main(
                dcc.Graph(id=ids.DIAGRAM, figure=BLANK_FIGURE, config=GRAPH_CONFIG, responsive=True, className="graph"),
                className="canvas",
                **aria(label="Diagram: drag to pan, scroll to zoom, click an item for its details"),
            ),
            html.Aside(
                html.Div(details_placeholder(), id=ids.DETAILS, **aria(live="polite")),
                id=ids.DETAILS_PANEL,
                className="details-panel",
                **aria(label="Details"),
            ),
        ],
        className="app",
    )
