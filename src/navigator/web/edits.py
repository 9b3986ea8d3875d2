"""What `callbacks.on_change` does for "Your system" beyond the filters: the outputs that show the
system's state (the colour toggle, the status editor of a selected control), an uploaded status
file, and the status file downloaded. Plain functions of plain values, as the callbacks are.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dash import html, no_update
from dash.exceptions import PreventUpdate

from ..catalog.model import Catalog, Control
from . import ids, system
from . import status as codes
from .data import Context
from .state import COLOUR_BY_STATUS, ViewState, checked, from_store, to_search, to_store

SYSTEM_OUTPUTS = (
    (ids.COLOUR_SCALE, "value"),
    (ids.STATUS_EDITOR, "hidden"),
    (ids.STATUS_CHOICE, "value"),
    (ids.STATUS_PROBLEMS, "children"),
    (ids.STATUS_NOTES, "data"),
)
SHOWN_PROBLEMS = 20


def system_outputs(catalog: Catalog, state: ViewState, problems: Any, notes: Any = no_update) -> tuple[Any, ...]:
    """`SYSTEM_OUTPUTS` for a state: the colour toggle, the status editor (shown for a control, with
    its status), the upload's report and the owners and notes (`no_update`: left as they are)."""
    control = isinstance(catalog.by_id.get(state.selected), Control)
    return (
        [COLOUR_BY_STATUS] if state.colour else [],
        not control,
        system.status_of(state, state.selected) if control else "",
        problems,
        notes,
    )


def uploaded(context: Context, previous: ViewState, contents: Any, name: Any, n_view: int) -> tuple[Any, ...]:
    """`on_change`'s outputs for an uploaded status file: its statuses replace the page's, or its
    problems are listed (FILE:LINE: message, control characters escaped) and nothing changes.
    `n_view`: how many view components come first (`callbacks.VIEW_PROPS`)."""
    catalog = context.catalog
    statuses, notes, problems = codes.read_upload(catalog, contents, name)
    answers = [no_update] * len(catalog.questions)
    if problems:
        items = [html.Li(str(p)) for p in problems[:SHOWN_PROBLEMS]]
        if len(problems) > SHOWN_PROBLEMS:
            items.append(html.Li(f"and {len(problems) - SHOWN_PROBLEMS} more"))
        report = [
            html.P(f"Nothing was taken from {codes.upload_name(name)}:", className="notice-title"),
            html.Ul(items),
        ]
        unchanged: list[Any] = [no_update] * (n_view + 2 + len(SYSTEM_OUTPUTS))
        unchanged[n_view + 2 + SYSTEM_OUTPUTS.index((ids.STATUS_PROBLEMS, "children"))] = report
        return (*unchanged, *answers)
    state = replace(previous, statuses=statuses)
    read = [html.P(f"Read {codes.upload_name(name)}. {codes.summary(statuses)}", className="hint upload-read")]
    view = [to_search(state), *([no_update] * (n_view - 1)), to_store(state), []]
    return (*view, *system_outputs(catalog, state, read, notes), *answers)


def on_status_download(context: Context, clicks: Any, stored: Any, notes: Any) -> dict[str, Any]:
    """The status file of the page's statuses, with the owners and notes an upload brought."""
    if not clicks:
        raise PreventUpdate
    state, _ = checked(from_store(stored), context.catalog)
    text = codes.status_file(context.catalog, state.statuses, codes.notes_from(notes))
    return {"content": text, "filename": "navigator-status.yaml", "type": "text/yaml", "base64": False}
