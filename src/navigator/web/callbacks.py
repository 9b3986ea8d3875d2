"""The callbacks, as module-level functions of plain values (tests call them directly), registered in
one place (`register`).

Two server callbacks and one in the browser:

- `on_change`: the URL, the filter components and clicks all meet here, in one callback, so each
  can update the others without a loop: a new URL (page load, back/forward, a link) sets the
  components; a component or a click sets the URL. Either way it writes the ViewState to a store.
- `on_state`: the store and the viewport (the canvas width, text zoom, "Whole navigator") drive
  every view: the figure (only the overlay traces when the browser already holds the right
  drawing), the details panel, the search results, the status line and the download links.
- `navigator.scale` (assets/navigator.js): sizes text to the scale before plotly draws it; the same
  file reports the canvas width, and keeps text sized to the zoom of the whole navigator.

Everything a browser sends is read through `state` and `viewport` functions that tolerate any JSON shape.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import dash
from dash import ClientsideFunction, Input, Output, Patch, State, dcc, html, no_update
from dash.exceptions import PreventUpdate

from ..filters import Criteria, Selection, slug
from ..roles import Role
from . import figure, ids, marks, overlays, page, panel
from .data import Context
from .state import (
    HIDDEN,
    ViewState,
    checked,
    filter_query,
    framework_values,
    from_controls,
    from_store,
    parse_query,
    to_search,
    to_store,
)
from .viewport import from_store as viewport_from

# The URL and the view's controls: read by the change callback, and written back by it.
VIEW_PROPS = (
    (ids.URL, "search"),
    (ids.RISK_FILTER, "value"),
    (ids.CONTROL_TYPE_FILTER, "value"),
    (ids.SECTION_FILTER, "value"),
    (ids.SEARCH, "value"),
    (ids.MODE, "value"),
    (ids.DETAILS_SELECT, "value"),
    (ids.FRAMEWORK_FILTER, "value"),
)
CHANGE_INPUTS = (*VIEW_PROPS, (ids.DIAGRAM, "clickData"), (ids.RESET, "n_clicks"), (ids.DETAILS_CLOSE, "n_clicks"))
CHANGE_STATE = ((ids.STATE, "data"),)
CHANGE_OUTPUTS = (*VIEW_PROPS, (ids.STATE, "data"), (ids.NOTICES, "children"))
STATE_INPUTS = ((ids.STATE, "data"), (ids.VIEWPORT, "data"))
STATE_STATE = ((ids.FIGURE_KEY, "data"),)
STATE_OUTPUTS = (
    (ids.FIGURE_DATA, "data"),
    (ids.FIGURE_KEY, "data"),
    (ids.DETAILS, "children"),
    (ids.DETAILS_PANEL, "className"),
    (ids.STATUS, "children"),
    (ids.SEARCH_RESULTS, "children"),
    *((component_id, "href") for component_id in ids.DOWNLOADS.values()),
    *((component_id, "download") for component_id in ids.DOWNLOADS.values()),
)
RESULTS_SHOWN = 8  # direct hits listed under the search box


def clicked_element(click: Any) -> str:
    """The element id a plotly click carries in `customdata`, '' for anything else."""
    try:
        value = click["points"][0]["customdata"]
    except (KeyError, IndexError, TypeError):
        return ""
    return value if isinstance(value, str) and len(value) <= 400 else ""


def _notices(messages: tuple[str, ...]) -> list[Any]:
    if not messages:
        return []
    return [
        html.P("Parts of this link were ignored:", className="notice-title"),
        html.Ul([html.Li(m) for m in messages[:20]]),
    ]


def _controls(state: ViewState) -> tuple[Any, ...]:
    return (
        list(state.risks),
        list(state.control_types),
        list(state.sections),
        state.search,
        state.mode,
        state.selected or None,
        framework_values(state),
    )


def on_change(
    context: Context,
    trigger: str | None,
    url_search: Any,
    risks: Any,
    control_types: Any,
    sections: Any,
    search: Any,
    mode: Any,
    selected: Any,
    frameworks: Any,
    click: Any,
    reset_clicks: Any,
    close_clicks: Any,
    stored: Any,
) -> tuple[Any, ...]:
    """Outputs in `CHANGE_OUTPUTS` order for whichever input changed (`trigger`, None on page load)."""
    catalog = context.catalog
    if trigger in (None, ids.URL):
        if not isinstance(url_search, str):
            raise PreventUpdate  # the location is not known yet; it arrives as its own change
        state, notices = parse_query(url_search)
        state, more = checked(state, catalog)
        return (no_update, *_controls(state), to_store(state), _notices(notices + more))
    previous = from_store(stored)
    if trigger == ids.RESET:
        state = ViewState(mode=previous.mode, selected=previous.selected)
        return (to_search(state), *_controls(state), to_store(state), [])
    state = from_controls(risks, control_types, sections, search, selected, mode, frameworks)
    if trigger == ids.DETAILS_CLOSE:
        state = replace(state, selected="")
    if trigger == ids.DIAGRAM:
        # element ids are the same in every layout of the catalog, so the poster's index finds any
        ref = marks.selected_ref(context.full.index, clicked_element(click))
        if not ref:
            raise PreventUpdate
        state = replace(state, selected="" if ref == previous.selected else ref)
    state, _ = checked(state, catalog)
    outputs = [to_search(state), *([no_update] * (len(VIEW_PROPS) - 1)), to_store(state), []]
    if trigger in (ids.DIAGRAM, ids.DETAILS_CLOSE):
        outputs[VIEW_PROPS.index((ids.DETAILS_SELECT, "value"))] = state.selected or None
    if state == previous and to_search(state) == url_search:
        raise PreventUpdate
    return tuple(outputs)


def _status(context: Context, state: ViewState, sel: Selection) -> str:
    c = context.catalog
    total_t, total_c = len(c.threats), len(c.controls)
    if not state.filtered():
        return f"The whole catalog: {total_t} threats and {total_c} controls."
    if not sel.threats and not sel.controls:
        return "No threat or control matches these filters."
    how = "the rest is hidden" if state.mode == HIDDEN else "the rest is faded"
    return f"Showing {len(sel.threats)} of {total_t} threats and {len(sel.controls)} of {total_c} controls; {how}."


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


def _in_view(view_index: marks.Index, faded: frozenset[str], selected: str) -> bool:
    card = view_index.card_of_ref.get(selected)
    if card is not None:
        return card not in faded
    control = Role.CONTROL
    return any(e.ref == selected and e.role == control and e.id not in faded for e in view_index.elements.values())


def on_state(
    context: Context, stored: Any, client_key: Any, prefix: str = "/", viewport: Any = None
) -> tuple[Any, ...]:
    """Outputs in `STATE_OUTPUTS` order: the figure (or a patch of its overlays), details, status,
    search results, links.

    `prefix` is the app's path prefix (Dash's `requests_pathname_prefix`), for the download links.
    """
    catalog = context.catalog
    state, _ = checked(from_store(stored), catalog)
    screen = viewport_from(viewport)
    criteria: Criteria = state.criteria()
    sel = context.selection(criteria)
    nothing = state.filtered() and not sel.threats and not sel.controls
    faded: frozenset[str]
    if state.mode == HIDDEN and state.filtered() and not nothing:
        view, faded = context.view(criteria, screen), frozenset()
    else:
        view = context.view(Criteria(), screen)
        faded = marks.faded(view.index, sel) if state.filtered() else frozenset()
    focus = marks.focus(view.index, catalog, state.selected) if state.selected else marks.NO_FOCUS
    overlay = overlays.overlays(view.drawing, view.index, faded, focus, marks.matches(view.index, sel))
    if client_key == view.drawing.key:
        fig: Any = Patch()
        for offset, trace in enumerate(overlay):
            fig["data"][view.drawing.overlay_start + offset] = trace
    else:
        fig = figure.figure(view.drawing, overlay)
    content = (
        panel.panel(
            catalog, {d.id: d for d in context.full.scene.details}, state, _in_view(view.index, faded, state.selected)
        )
        if state.selected
        else None
    )
    query = filter_query(state)
    links = tuple(f"{prefix}download/navigator.{fmt}" + (f"?{query}" if query else "") for fmt in ids.DOWNLOADS)
    name = download_name(criteria)
    return (
        fig,
        view.drawing.key,
        content if content is not None else page.details_placeholder(),
        "details-panel open" if content is not None else "details-panel",
        _status(context, state, sel),
        search_results(context, state, sel),
        *links,
        *(f"{name}.{fmt}" for fmt in ids.DOWNLOADS),
    )


def download_name(criteria: Criteria) -> str:
    """A download's file name without its extension: "navigator", or "navigator-risk-model-integrity"."""
    part = slug(criteria)
    return f"navigator-{part}" if part else "navigator"


def label_of(context: Context, item_id: str) -> str:
    item = context.catalog.by_id.get(item_id)
    label = getattr(item, "label", item_id)
    return label if isinstance(label, str) else item_id


def _triggered() -> str | None:
    found = dash.ctx.triggered_id
    return found if isinstance(found, str) else None


def register(app: dash.Dash, context: Context) -> None:
    """Attach the callbacks to `app`; the only place that knows about the app object."""
    prefix = app.config.requests_pathname_prefix or "/"

    @app.callback(
        [Output(i, p) for i, p in CHANGE_OUTPUTS],
        [Input(i, p) for i, p in CHANGE_INPUTS],
        [State(i, p) for i, p in CHANGE_STATE],
    )
    def _change(*values: Any) -> tuple[Any, ...]:
        return on_change(context, _triggered(), *values)

    @app.callback(
        [Output(i, p) for i, p in STATE_OUTPUTS],
        [Input(i, p) for i, p in STATE_INPUTS],
        [State(i, p) for i, p in STATE_STATE],
    )
    def _state(stored: Any, viewport: Any, client_key: Any) -> tuple[Any, ...]:
        if viewport is None:
            raise PreventUpdate  # navigator.js reports the canvas width at once: draw for it, not twice
        return on_state(context, stored, client_key, prefix, viewport)

    app.clientside_callback(
        ClientsideFunction(namespace="navigator", function_name="scale"),
        Output(ids.DIAGRAM, "figure"),
        Input(ids.FIGURE_DATA, "data"),
    )
