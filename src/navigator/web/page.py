"""The page as pure functions of the catalog: sidebar of filters, the diagram, the details panel.

Only native, labelled form controls (checkboxes, radio buttons, a search box, buttons, links) so the
page works with the keyboard alone and reads well in a screen reader; the plot itself cannot be
reached by keyboard, so "Show details of" (which also finds framework ids) and the search results
are the keyboard path to every threat's and control's details, and skip links lead past the filters.
Nothing here depends on the request: the URL is read by a callback, so the layout can be built once
per process.

On narrow screens (docs/web.md, "Phones") the same elements rearrange by CSS alone: the sidebar
becomes a drawer opened by the "Filters" button of a top bar, and the details panel a full-width
sheet whose bar says "Back".
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from ..catalog.model import Catalog
from ..text import clean
from ..theme import THEME
from . import ids
from .panel import aria
from .sidebar import TITLE, sidebar

# The first paint comes before any script or stylesheet: Dash's own placeholder in `{%app_entry%}`
# ("Loading...") is styled as a loading screen by the small style in the head (the page's CSP
# allows inline styles, never inline scripts), and the stylesheets are linked after it, at the end
# of the body, where they still load before any script runs, so the app never shows unstyled.
BOOT_STYLE = (
    "body{margin:0;font-family:'Noto Sans',system-ui,sans-serif}"
    "._dash-loading{display:flex;flex-direction:column;align-items:center;justify-content:center;"
    f"gap:14px;height:100vh;font-size:16px;color:{THEME.muted};background:{THEME.band_fills[1]}}}"
    f"._dash-loading::before{{content:'';width:28px;height:28px;border:3px solid {THEME.divider};"
    f"border-top-color:{THEME.header_fill};border-radius:50%;animation:spin .9s linear infinite}}"
    "@keyframes spin{to{transform:rotate(360deg)}}"
)
INDEX_STRING = (
    """<!DOCTYPE html>
<html lang="en">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        <style id="boot-style">"""
    + BOOT_STYLE
    + """</style>
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%css%}
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""
)

# No mode bar at all: plotly's offers buttons that send the figure to a third party ("Edit in Chart
# Studio") and its logo links to plotly.com; the page's own toolbar has the zoom buttons instead.
GRAPH_CONFIG: dcc.Graph.Config = {
    "displayModeBar": False,
    "displaylogo": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "showLink": False,
    "scrollZoom": True,  # the whole navigator only: when reflowed, the wheel scrolls the page (navigator.js)
    "doubleClick": False,  # a double-click selected the item under it as well; "Fit" does the reset
    "showTips": False,
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
HINT = "Click a threat or a control to see what it relates to and its details."
PHONE_HINT = "Tap an item for its details."


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


def topbar(catalog: Catalog) -> html.Header:
    """Shown on narrow screens only (CSS): the title and the button that opens the filters."""
    return html.Header(
        [
            html.Button(
                "Filters",
                id=ids.FILTERS_TOGGLE,
                type="button",
                className="button filters-toggle",
                **aria(expanded="false", controls=ids.SIDEBAR),
            ),
            html.P(clean(catalog.meta.title) or TITLE, className="topbar-title"),
        ],
        className="topbar",
    )


def toolbar() -> html.Div:
    """What clicking does, and the zoom: text size (the diagram reflows) or, for the whole navigator
    at once, zoom and pan."""

    def button(component_id: str, label: str, title: str, **extra: Any) -> html.Button:
        return html.Button(label, id=component_id, type="button", className="tool", title=title, **extra)

    return html.Div(
        [
            html.P(
                [html.Span(HINT, className="wide-only"), html.Span(PHONE_HINT, className="phone-only")],
                className="canvas-hint",
            ),
            html.Div(
                [
                    button(ids.ZOOM_OUT, "–", "Smaller", **aria(label="Smaller")),
                    button(ids.ZOOM_IN, "+", "Larger", **aria(label="Larger")),
                    button(ids.ZOOM_RESET, "Fit", "Back to the size that fits the window"),
                    button(
                        ids.OVERVIEW,
                        "Whole navigator",
                        "The whole navigator at once, to zoom and pan",
                        **aria(pressed="false"),
                    ),
                ],
                className="tools",
                role="toolbar",
                **aria(label="Zoom"),
            ),
        ],
        className="toolbar",
    )


def canvas() -> html.Div:
    return html.Div(
        [
            html.Div(
                [html.Span(className="spinner", **aria(hidden="true")), "Drawing the navigator…"],
                className="canvas-loading",
                role="status",
            ),
            # "auto": fitted to the canvas when the figure asks for autosize (the whole navigator), at
            # its own size when reflowed
            dcc.Graph(id=ids.DIAGRAM, figure=BLANK_FIGURE, config=GRAPH_CONFIG, responsive="auto", className="graph"),
        ],
        id=ids.CANVAS,
        className="canvas loading",
        tabIndex=0,
        role="region",
        **aria(label="Diagram: click an item for its details"),
    )


def details_panel() -> html.Aside:
    return html.Aside(
        [
            html.Div(
                html.Button(
                    [
                        html.Span("← Back", className="phone-only"),
                        html.Span("Close ×", className="wide-only"),
                    ],
                    id=ids.DETAILS_CLOSE,
                    type="button",
                    n_clicks=0,
                    className="button close",
                    title="Close the details (Escape)",
                ),
                className="panel-bar",
            ),
            html.Div(details_placeholder(), id=ids.DETAILS, **aria(live="polite")),
        ],
        id=ids.DETAILS_PANEL,
        className="details-panel",
        **aria(label="Details"),
    )


def layout(catalog: Catalog) -> html.Div:
    return html.Div(
        [
            html.A("Skip to the diagram", href=f"#{ids.CANVAS}", className="skip-link"),
            html.A("Skip to the details", href=f"#{ids.DETAILS_PANEL}", className="skip-link skip-details"),
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.STATE),
            dcc.Store(id=ids.FIGURE_DATA),
            dcc.Store(id=ids.FIGURE_KEY),
            dcc.Store(id=ids.VIEWPORT),
            topbar(catalog),
            sidebar(catalog),
            html.Main([toolbar(), canvas()], className="main"),
            details_panel(),
        ],
        className="app",
    )
