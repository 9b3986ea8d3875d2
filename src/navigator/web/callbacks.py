"""The callbacks, as module-level functions of plain values (tests call them directly), registered in
one place (`register`).

Two server callbacks and one in the browser:

- `on_change`: the URL, the filter components and clicks all meet here, in one callback, so each
  can update the others without a loop: a new URL (page load, back/forward, a link) sets the
  components; a component or a click sets the URL. Either way it writes the ViewState to a store.
- `on_state`: the store drives every view: the figure (only the overlay traces when the browser
  already holds the right drawing), the details panel, the status line and the download links.
- `navigator.scale` (assets/navigator.js): sizes text to the zoom before plotly draws it; the same
  file keeps text sized to the zoom when the user zooms or the window changes size.

Everything a browser sends is read through `state` functions that tolerate any JSON shape.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import ClientsideFunction, Input, Output, Patch, State, html, no_update
from dash.exceptions import PreventUpdate

from ..filters import Criteria, Selection
from ..roles import Role
from . import figure, ids, marks, page, panel
from .data import Context
from .state import HIDDEN, ViewState, checked, filter_query, from_controls, from_store, parse_query, to_search, to_store

# The URL and the view's controls: read by the change callback, and written back by it.
VIEW_PROPS = (
    (ids.URL, "search"),
    (ids.RISK_FILTER, "value"),
    (ids.CONTROL_TYPE_FILTER, "value"),
    (ids.SECTION_FILTER, "value"),
    (ids.SEARCH, "value"),
    (ids.MODE, "value"),
    (ids.DETAILS_SELECT, "value"),
)
CHANGE_INPUTS = (*VIEW_PROPS, (ids.DIAGRAM, "clickData"), (ids.RESET, "n_clicks"))
CHANGE_STATE = ((ids.STATE, "data"),)
CHANGE_OUTPUTS = (*VIEW_PROPS, (ids.STATE, "data"), (ids.NOTICES, "children"))
STATE_INPUTS = ((ids.STATE, "data"),)
STATE_STATE = ((ids.FIGURE_KEY, "data"),)
STATE_OUTPUTS = (
    (ids.FIGURE_DATA, "data"),
    (ids.FIGURE_KEY, "data"),
    (ids.DETAILS, "children"),
    (ids.DETAILS_PANEL, "className"),
    (ids.STATUS, "children"),
    *((component_id, "href") for component_id in ids.DOWNLOADS.values()),
)


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
    click: Any,
    reset_clicks: Any,
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
    state = from_controls(risks, control_types, sections, search, selected, mode)
    if trigger == ids.DIAGRAM:
        element = clicked_element(click)
        view = context.view(state.criteria()) if state.mode == HIDDEN else context.full
        ref = marks.selected_ref(view.index, element)
        if not ref:
            raise PreventUpdate
        state = ViewState(
            state.risks,
            state.control_types,
            state.sections,
            state.search,
            "" if ref == previous.selected else ref,
            state.mode,
        )
    state, _ = checked(state, catalog)
    outputs = [to_search(state), *([no_update] * 6), to_store(state), []]
    if trigger == ids.DIAGRAM:
        outputs[6] = state.selected or None
    if state == previous and to_search(state) == url_search:
        raise PreventUpdate
    return tuple(outputs)


def _status(context: Context, state: ViewState, sel: Selection) -> str:
    c = context.catalog
    total_t, total_c = len(c.threats), len(c.controls)
    if not state.filtered():
        return f"The whole catalog: {total_t} threats and {total_c} controls."
    how = "the rest is hidden" if state.mode == HIDDEN else "the rest is faded"
    return f"Showing {len(sel.threats)} of {total_t} threats and {len(sel.controls)} of {total_c} controls; {how}."


def _in_view(view_index: marks.Index, faded: frozenset[str], selected: str) -> bool:
    card = view_index.card_of_ref.get(selected)
    if card is not None:
        return card not in faded
    control = Role.CONTROL
    return any(e.ref == selected and e.role == control and e.id not in faded for e in view_index.elements.values())


def on_state(context: Context, stored: Any, client_key: Any, prefix: str = "/") -> tuple[Any, ...]:
    """Outputs in `STATE_OUTPUTS` order: the figure (or a patch of its overlays), details, status, links.

    `prefix` is the app's path prefix (Dash's `requests_pathname_prefix`), for the download links.
    """
    catalog = context.catalog
    state, _ = checked(from_store(stored), catalog)
    criteria: Criteria = state.criteria()
    sel = context.selection(criteria)
    faded: frozenset[str]
    if state.mode == HIDDEN and state.filtered():
        view, faded = context.view(criteria), frozenset()
    else:
        view = context.full
        faded = marks.faded(view.index, sel) if state.filtered() else frozenset()
    focus = marks.focus(view.index, catalog, state.selected) if state.selected else marks.NO_FOCUS
    overlay = figure.overlays(view.drawing, view.index, faded, focus)
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
    return (
        fig,
        view.drawing.key,
        content if content is not None else page.details_placeholder(),
        "details-panel open" if content is not None else "details-panel",
        _status(context, state, sel),
        *links,
    )


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
    def _state(stored: Any, client_key: Any) -> tuple[Any, ...]:
        return on_state(context, stored, client_key, prefix)

    app.clientside_callback(
        ClientsideFunction(namespace="navigator", function_name="scale"),
        Output(ids.DIAGRAM, "figure"),
        Input(ids.FIGURE_DATA, "data"),
    )
