""" "Your system": the catalog's questions as radio buttons, control statuses, and what they come to.

The answers are a filter like any other: `criteria` narrows the view to the threats that apply
(`Criteria(applicable=...)`, the same slice `navigator build --answers` draws), each question a URL
parameter named after its id (`?genai=yes&trains=supplier`), "Don't know" its absence. The statuses
(web/status.py) do not filter: they mark rows and fill coverage bars (web/assessed.py), and the
assessment of both (`navigator.assess.evaluate`, memoised per process in `data.Context`) says in a
threat's details panel why it applies and how well it is covered. Layout here is pure functions of
the catalog, like the rest of the sidebar.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dash import dcc, html

from ..annotations import Annotations
from ..assess import STATUSES, Assessment
from ..assess.annotate import assessed as assessed_of
from ..assess.model import APPLIES, EXCLUDED, percent
from ..catalog.model import Catalog
from ..filters import Criteria
from ..text import clean
from . import ids
from . import status as codes
from .assessed import colour_of
from .data import Context
from .panel import aria, external
from .state import COLOUR_BY_STATUS, ViewState

DONT_KNOW = ""  # the radio value of "Don't know": the question is left out of the URL
DONT_KNOW_LABEL = "Don't know"
STATUS_LABELS = {
    "": "Not marked",
    "implemented": "Implemented",
    "partial": "Partial",
    "planned": "Planned",
    "missing": "Missing",
    "not-applicable": "Not applicable",
}


# ---- the answers ------------------------------------------------------------------------------------------


def answer_values(catalog: Catalog, state: ViewState) -> list[str]:
    """The radio groups' values, in questionnaire order."""
    given = dict(state.answers)
    return [given.get(q.id, DONT_KNOW) for q in catalog.questions]


def answers_from(catalog: Catalog, values: Any) -> tuple[tuple[str, str], ...]:
    """The answers the radio groups show (values of any shape; `state.checked` checks them)."""
    if not isinstance(values, (list, tuple)):
        return ()
    return tuple((q.id, v) for q, v in zip(catalog.questions, values) if isinstance(v, str) and v.strip())


def assessment(context: Context, state: ViewState, notes: Any = None) -> Assessment:
    return context.assessment(state.answers, codes.controls_status(state.statuses, codes.notes_from(notes)))


def criteria_of(context: Context, state: ViewState) -> Criteria:
    """The view's filters, narrowed to the threats that apply to the system when anything is answered."""
    base = state.criteria()
    if not state.answers:
        return base
    applicable = assessment(context, state).applicable
    if len(applicable) == len(context.catalog.threats):
        return base  # every threat applies: the answers change nothing
    return replace(base, applicable=applicable)


def tailored(context: Context, state: ViewState) -> Annotations:
    """What a tailored download marks: the same `Assessed` as `build --answers --status` draws
    (verdicts, reasons, coverage, statuses, the summary page), so a download equals that build."""
    if not state.answers and not state.statuses:
        return Annotations()
    return Annotations(assessed=assessed_of(context.catalog, assessment(context, state), "the web view's answers"))


# ---- the sidebar section ----------------------------------------------------------------------------------


def _question(catalog: Catalog, index: int) -> html.Fieldset:
    q = catalog.questions[index]
    options = [{"label": clean(a).capitalize(), "value": a} for a in q.answers]
    options.append({"label": DONT_KNOW_LABEL, "value": DONT_KNOW})
    help_text: list[Any] = [clean(q.help)]
    if q.url:
        help_text += [" ", external("More in the docs", q.url, "external small")]
    return html.Fieldset(
        [
            html.Legend(clean(q.question)),
            dcc.RadioItems(
                id=ids.answer(q.id),
                options=options,
                value=DONT_KNOW,
                className="radios answers",
                inputClassName="check",
                labelClassName="check-label",
            ),
            html.P(help_text, className="hint"),
        ],
        className="filter question",
    )


def _legend() -> html.Ul:
    return html.Ul(
        [
            html.Li(
                [
                    html.Span(className="swatch", style={"backgroundColor": colour_of(w)}, **aria(hidden="true")),
                    STATUS_LABELS[w],
                ]
            )
            for w in STATUSES
        ],
        className="plain status-legend",
    )


def _statuses() -> html.Div:
    return html.Div(
        [
            html.H3("Control status"),
            html.P(
                "Open a control's details to set its status. Each marked row gets a mark in its status's colour; "
                "each threat card a bar of its coverage (implemented 1, partial ½, not applicable left out).",
                className="hint",
            ),
            _legend(),
            html.P(id=ids.STATUS_SUMMARY, className="status-summary", role="status", **aria(live="polite")),
            dcc.Checklist(
                id=ids.COLOUR_SCALE,
                options=[{"label": "Colour rows by status", "value": COLOUR_BY_STATUS}],
                value=[],
                className="checklist",
                inputClassName="check",
                labelClassName="check-label",
            ),
            html.Div(
                [
                    html.Button(
                        "Download status file", id=ids.STATUS_DOWNLOAD, type="button", n_clicks=0, className="button"
                    ),
                    dcc.Upload(
                        html.Button("Upload status file", type="button", className="button"),
                        id=ids.STATUS_UPLOAD,
                        accept=".yaml,.yml,text/yaml,text/plain",
                        max_size=codes.MAX_UPLOAD_BYTES,
                        multiple=False,
                        className="upload",
                    ),
                    dcc.Download(id=ids.STATUS_FILE),
                ],
                className="downloads",
            ),
            html.Div(id=ids.STATUS_PROBLEMS, className="notices", role="status", **aria(live="polite")),
        ],
        className="field",
    )


def section(catalog: Catalog) -> html.Details:
    """The collapsible "Your system" section (only the statuses for a catalog without questions)."""
    intro = (
        "Answer what you know: the view keeps the threats that apply to your system. "
        "“Don't know” keeps the threats a question governs."
        if catalog.questions
        else "This catalog has no questionnaire; you can still mark the status of its controls."
    )
    return html.Details(
        [
            html.Summary("Your system"),
            html.P(intro, className="hint"),
            *(_question(catalog, i) for i in range(len(catalog.questions))),
            _statuses(),
        ],
        id=ids.SYSTEM,
        className="system",
    )


# ---- the details panel ------------------------------------------------------------------------------------


def status_editor() -> html.Div:
    """In the details panel, shown for a control: its status in the system (set by `callbacks.on_change`)."""
    return html.Div(
        html.Fieldset(
            [
                html.Legend("Status in your system"),
                dcc.RadioItems(
                    id=ids.STATUS_CHOICE,
                    options=[{"label": label, "value": word} for word, label in STATUS_LABELS.items()],
                    value="",
                    className="radios status-choice",
                    inputClassName="check",
                    labelClassName="check-label",
                ),
            ],
            className="filter",
        ),
        id=ids.STATUS_EDITOR,
        className="status-editor",
        hidden=True,
    )


VERDICTS = {APPLIES: "Applies to your system", EXCLUDED: "Does not apply to your system"}


def why(found: Assessment, state: ViewState, threat_id: str) -> list[Any]:
    """A threat's verdict, its reasons and its coverage, for its details panel."""
    result = found.threat(threat_id)
    if not state.answers and not state.statuses:
        return [
            html.H3("In your system"),
            html.P("Answer the questions under “Your system” to see whether it applies, and why.", className="hint"),
        ]
    verdict = VERDICTS.get(result.verdict, "Not answered: kept in until the questions that decide it are")
    out: list[Any] = [
        html.H3("In your system"),
        html.P(html.Strong(verdict), className=f"verdict verdict-{result.verdict.replace(' ', '-')}"),
        html.Ul([html.Li(clean(b)) for b in result.because], className="because"),
    ]
    if state.statuses:
        marked = dict(state.statuses)
        counts = {w: sum(1 for c in result.controls if marked.get(c) == w) for w in STATUSES}
        shown = ", ".join(f"{n} {w}" for w, n in counts.items() if n) or "none marked"
        out.append(html.P(f"Coverage: {percent(result.coverage)} of its {len(result.controls)} controls ({shown})."))
    return out


def status_of(state: ViewState, control_id: str) -> str:
    return dict(state.statuses).get(control_id, "")


def summary(found: Assessment, state: ViewState) -> str:
    """Under "Control status": how many controls are marked, and the overall coverage of what applies."""
    text = codes.summary(state.statuses)
    if state.statuses:
        text += f" Coverage of the threats that apply: {percent(found.overall.coverage)}."
    return text
