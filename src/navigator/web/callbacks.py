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

import hashlib
from dataclasses import replace
from typing import Any

import dash
from dash import ClientsideFunction, Input, Output, Patch, State, html, no_update
from dash.exceptions import PreventUpdate

from ..catalog.model import Catalog, Control
from ..filters import Criteria, Selection, slug
from ..roles import Role
from . import assessed, edits, figure, ids, marks, overlays, page, panel, system
from . import status as codes
from .data import Context
from .results import search_results
from .state import (
    COLOUR_BY_STATUS,
    HIDDEN,
    ViewState,
    checked,
    filter_query,
    framework_values,
    from_controls,
    from_store,
    parse_query,
    to_query,
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
CHANGE_INPUTS = (
    *VIEW_PROPS,
    (ids.DIAGRAM, "clickData"),
    (ids.RESET, "n_clicks"),
    (ids.DETAILS_CLOSE, "n_clicks"),
    (ids.COLOUR_SCALE, "value"),
    (ids.STATUS_CHOICE, "value"),
    (ids.STATUS_UPLOAD, "contents"),
)  # then one radio group per question (`answer_props`)
CHANGE_STATE = ((ids.STATE, "data"), (ids.STATUS_UPLOAD, "filename"), (ids.STATUS_NOTES, "data"))
CHANGE_OUTPUTS = (
    *VIEW_PROPS,
    (ids.STATE, "data"),
    (ids.NOTICES, "children"),
    *edits.SYSTEM_OUTPUTS,
)  # then the answers
STATE_INPUTS = ((ids.STATE, "data"), (ids.VIEWPORT, "data"))
STATE_STATE = ((ids.FIGURE_KEY, "data"), (ids.OVERLAY_KEY, "data"))
STATE_OUTPUTS = (
    (ids.FIGURE_DATA, "data"),
    (ids.FIGURE_KEY, "data"),
    (ids.OVERLAY_KEY, "data"),
    (ids.STATUS_MARKS, "data"),
    (ids.STATUS_SUMMARY, "children"),
    (ids.DETAILS, "children"),
    (ids.DETAILS_PANEL, "className"),
    (ids.STATUS, "children"),
    (ids.SEARCH_RESULTS, "children"),
    *((component_id, "href") for component_id in ids.DOWNLOADS.values()),
    *((component_id, "download") for component_id in ids.DOWNLOADS.values()),
)


def answer_props(catalog: Catalog) -> tuple[tuple[str, str], ...]:
    """The radio group of each question: inputs and outputs of `on_change` after the fixed ones."""
    return tuple((ids.answer(q.id), "value") for q in catalog.questions)


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
    *,
    colour: Any = None,
    choice: Any = None,
    upload: Any = None,
    upload_filename: Any = None,
    notes: Any = None,
    answers: Any = None,
) -> tuple[Any, ...]:
    """Outputs in `CHANGE_OUTPUTS` order, then the answers' radio groups, for whichever input changed
    (`trigger`, None on page load)."""
    catalog = context.catalog
    if trigger in (None, ids.URL):
        if not isinstance(url_search, str):
            raise PreventUpdate  # the location is not known yet; it arrives as its own change
        state, notices = parse_query(url_search, {q.id for q in catalog.questions})
        state, more = checked(state, catalog)
        return (
            no_update,
            *_controls(state),
            to_store(state),
            _notices(notices + more),
            *edits.system_outputs(catalog, state, []),
            *system.answer_values(catalog, state),
        )
    previous = from_store(stored)
    if trigger == ids.RESET:  # the filters; the system's answers and statuses are not filters to reset
        state = ViewState(
            mode=previous.mode,
            selected=previous.selected,
            answers=previous.answers,
            statuses=previous.statuses,
            colour=previous.colour,
        )
        return (
            to_search(state),
            *_controls(state),
            to_store(state),
            [],
            *edits.system_outputs(catalog, state, no_update),
            *system.answer_values(catalog, state),
        )
    if trigger == ids.STATUS_UPLOAD:
        return edits.uploaded(context, previous, upload, upload_filename, len(VIEW_PROPS))
    state = from_controls(risks, control_types, sections, search, selected, mode, frameworks)
    state = replace(
        state,
        answers=system.answers_from(catalog, answers),
        statuses=previous.statuses,
        colour=COLOUR_BY_STATUS in (colour if isinstance(colour, list) else ()),
    )
    if trigger == ids.STATUS_CHOICE and isinstance(catalog.by_id.get(previous.selected), Control):
        word = codes.word_of(choice) if isinstance(choice, str) else None
        state = replace(state, statuses=codes.with_status(previous.statuses, previous.selected, word or "", catalog))
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
    outputs += edits.system_outputs(catalog, state, no_update)
    return (*outputs, *([no_update] * len(catalog.questions)))


def _status(context: Context, state: ViewState, sel: Selection) -> str:
    c = context.catalog
    total_t, total_c = len(c.threats), len(c.controls)
    if not state.filtered():
        return f"The whole catalog: {total_t} threats and {total_c} controls."
    if not sel.threats and not sel.controls:
        return "No threat or control matches these filters."
    how = "the rest is hidden" if state.mode == HIDDEN else "the rest is faded"
    return f"Showing {len(sel.threats)} of {total_t} threats and {len(sel.controls)} of {total_c} controls; {how}."


def _in_view(view_index: marks.Index, faded: frozenset[str], selected: str) -> bool:
    card = view_index.card_of_ref.get(selected)
    if card is not None:
        return card not in faded
    control = Role.CONTROL
    return any(e.ref == selected and e.role == control and e.id not in faded for e in view_index.elements.values())


def on_state(
    context: Context,
    stored: Any,
    client_key: Any,
    prefix: str = "/",
    viewport: Any = None,
    client_overlays: Any = None,
) -> tuple[Any, ...]:
    """Outputs in `STATE_OUTPUTS` order: the figure (or a patch of its overlays, or of the status marks
    alone), details, status, search results, links.

    `prefix` is the app's path prefix (Dash's `requests_pathname_prefix`), for the download links.
    `client_overlays` is the `overlay_key` of the overlays the browser holds.
    """
    catalog = context.catalog
    state, _ = checked(from_store(stored), catalog)
    screen = viewport_from(viewport)
    criteria: Criteria = system.criteria_of(context, state)
    sel = context.selection(criteria)
    nothing = state.filtered() and not sel.threats and not sel.controls
    faded: frozenset[str]
    if state.mode == HIDDEN and state.filtered() and not nothing:
        view, faded = context.view(criteria, screen), frozenset()
    else:
        view = context.view(Criteria(), screen)
        faded = marks.faded(view.index, sel) if state.filtered() else frozenset()
    focus = marks.focus(view.index, catalog, state.selected) if state.selected else marks.NO_FOCUS
    found = system.assessment(context, state)
    coverage = {t.id: t.coverage for t in found.threats}
    status_marks = assessed.marks(view.drawing.key, view.index, state, coverage, faded, catalog.controls_of)
    key = overlay_key(view.drawing.key, state, screen)
    fig: Any
    if client_key == view.drawing.key and client_overlays == key:
        fig = no_update  # only the statuses changed: the figure stays, their layer is redrawn alone
    elif client_key == view.drawing.key:
        fig = Patch()
        overlay = overlays.overlays(view.drawing, view.index, faded, focus, marks.matches(view.index, sel))
        for offset, trace in enumerate(overlay):
            fig["data"][view.drawing.overlay_start + offset] = trace
    else:
        overlay = overlays.overlays(view.drawing, view.index, faded, focus, marks.matches(view.index, sel))
        fig = figure.figure(view.drawing, overlay)
    content = (
        panel.panel(
            catalog,
            {d.id: d for d in context.full.scene.details},
            state,
            _in_view(view.index, faded, state.selected),
            lambda threat_id: system.why(found, state, threat_id),
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
        key,
        status_marks,
        system.summary(found, state),
        content if content is not None else page.details_placeholder(),
        "details-panel open" if content is not None else "details-panel",
        _status(context, state, sel),
        search_results(context, state, sel),
        *links,
        *(f"{name}-register.{fmt}" if fmt in ids.REGISTERS else f"{name}.{fmt}" for fmt in ids.DOWNLOADS),
    )


def overlay_key(drawing_key: str, state: ViewState, screen: object = None) -> str:
    """Names the filter, search and selection overlays of a state on a drawing for a viewport: the
    same key, the same figure, whatever the statuses (drawn on a layer of their own). Anything else
    that changes (the viewport too) sends the overlays again, so the browser redraws as it always has."""
    text = repr((to_query(replace(state, statuses=(), colour=False)), screen))
    return f"{drawing_key}|{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def download_name(criteria: Criteria) -> str:
    """A download's file name without its extension: "navigator", or "navigator-risk-model-integrity"."""
    part = slug(criteria)
    return f"navigator-{part}" if part else "navigator"


def _triggered() -> str | None:
    found = dash.ctx.triggered_id
    return found if isinstance(found, str) else None


def register(app: dash.Dash, context: Context) -> None:
    """Attach the callbacks to `app`; the only place that knows about the app object."""
    prefix = app.config.requests_pathname_prefix or "/"

    questions = answer_props(context.catalog)
    n_view = len(CHANGE_INPUTS) - 3  # the view's inputs, then the colour, status and upload inputs

    @app.callback(
        [Output(i, p) for i, p in (*CHANGE_OUTPUTS, *questions)],
        [Input(i, p) for i, p in (*CHANGE_INPUTS, *questions)],
        [State(i, p) for i, p in CHANGE_STATE],
    )
    def _change(*values: Any) -> tuple[Any, ...]:
        url, risks, types, sections, search, mode, selected, frameworks, click, reset, close = values[:n_view]
        colour, choice, upload = values[n_view : n_view + 3]
        answers = values[n_view + 3 : n_view + 3 + len(questions)]
        stored, filename, notes = values[n_view + 3 + len(questions) :]
        return on_change(
            context,
            _triggered(),
            url,
            risks,
            types,
            sections,
            search,
            mode,
            selected,
            frameworks,
            click,
            reset,
            close,
            stored,
            colour=colour,
            choice=choice,
            upload=upload,
            upload_filename=filename,
            notes=notes,
            answers=list(answers),
        )

    @app.callback(
        [Output(i, p) for i, p in STATE_OUTPUTS],
        [Input(i, p) for i, p in STATE_INPUTS],
        [State(i, p) for i, p in STATE_STATE],
    )
    def _state(stored: Any, viewport: Any, client_key: Any, client_overlays: Any) -> tuple[Any, ...]:
        if viewport is None:
            raise PreventUpdate  # navigator.js reports the canvas width at once: draw for it, not twice
        return on_state(context, stored, client_key, prefix, viewport, client_overlays)

    @app.callback(
        Output(ids.STATUS_FILE, "data"),
        Input(ids.STATUS_DOWNLOAD, "n_clicks"),
        [State(ids.STATE, "data"), State(ids.STATUS_NOTES, "data")],
        prevent_initial_call=True,
    )
    def _status_file(clicks: Any, stored: Any, notes: Any) -> dict[str, Any]:
        return edits.on_status_download(context, clicks, stored, notes)

    app.clientside_callback(  # the status marks' layer (assets/status-marks.js): from the server, or at once on a click
        ClientsideFunction(namespace="status", function_name="draw"),
        Output(ids.STATUS_DRAWN, "data"),
        Input(ids.STATUS_MARKS, "data"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="navigator", function_name="scale"),
        Output(ids.DIAGRAM, "figure"),
        Input(ids.FIGURE_DATA, "data"),
    )
