"""The sidebar: the search, "Show details of", the filters and the downloads, as pure functions of
the catalog (page.py puts it on the page; on narrow screens it is the drawer)."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from ..catalog.model import Catalog
from ..filters import Criteria, select
from ..filters.frameworks import ALIGNED, entries, frameworks, slug
from ..text import clean
from . import ids
from .panel import aria, badge
from .state import FADED, FRAMEWORK_PREFIX, HIDDEN, REF_PREFIX

TITLE = "AI security threats and controls navigator"


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


def framework_options(catalog: Catalog) -> list[dict[str, str]]:
    """A whole framework, then each of its entries the catalog references, with the threats mapped.

    The frameworks the navigator aligns with come first; the options are searchable by id, title
    and framework name."""
    out = []
    for name in frameworks(catalog):
        listed = entries(catalog, name)
        n = len({t for e in listed for t in e.threats})
        if not n and name not in ALIGNED:
            continue  # a framework only controls reference (ENISA's tables ...): nothing to map threats to
        out.append(
            {
                "label": clean(f"{name}: every entry ({_count(n, 'threat')})"),
                "value": FRAMEWORK_PREFIX + slug(name),
                "search": clean(f"{name} {slug(name)} all"),
            }
        )
        for e in listed:
            if not e.threats:
                continue
            out.append(
                {
                    "label": clean(f"{e.label} · {name} ({_count(len(e.threats), 'threat')})"),
                    "value": REF_PREFIX + e.id,
                    "search": clean(f"{e.id} {e.title} {name}"),
                }
            )
    return out


def details_options(catalog: Catalog) -> list[dict[str, str]]:
    """Every threat, control group and control, findable by number, name or framework id."""

    def refs(item: Any) -> str:
        return " ".join(f"{r.id} {r.framework}" for r in item.references)

    out = [
        {"label": clean(f"Threat {t.label}"), "value": t.id, "search": clean(f"Threat {t.label} {refs(t)}")}
        for t in catalog.threats
    ]
    out += [{"label": clean(f"Control group {g.label}"), "value": g.id} for g in catalog.groups]
    out += [
        {"label": clean(f"Control {c.label}"), "value": c.id, "search": clean(f"Control {c.label} {refs(c)}")}
        for c in catalog.controls
    ]
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


def _search_field() -> html.Div:
    return html.Div(
        [
            html.Label("Search", htmlFor=ids.SEARCH),
            dcc.Input(
                id=ids.SEARCH,
                type="search",
                value="",
                debounce=0.8,  # and Enter applies at once (assets/navigator.js)
                maxLength=200,
                autoComplete="off",
                placeholder="Name, number, LLM01, AML.T0051…",
                className="search",
            ),
            html.P(
                "Whole words in names, numbers and framework ids; summaries when no name matches. "
                'Quote a phrase: "data poisoning".',
                className="hint",
            ),
            html.Div(id=ids.SEARCH_RESULTS, className="search-results", role="status", **aria(live="polite")),
        ],
        className="field",
    )


def _framework_field(catalog: Catalog) -> html.Div:
    options = framework_options(catalog)
    return html.Div(
        [
            html.Label("Framework", htmlFor=ids.FRAMEWORK_FILTER, id=f"{ids.FRAMEWORK_FILTER}-value-count"),
            dcc.Dropdown(
                id=ids.FRAMEWORK_FILTER,
                options=options,
                value=[],
                multi=True,
                searchable=True,
                clearable=True,
                placeholder="OWASP LLM Top 10, MITRE ATLAS…" if options else "The catalog references none",
                disabled=not options,
            ),
            html.P(
                "The threats mapped to an entry of OWASP, MITRE ATLAS or NIST, and their controls.", className="hint"
            ),
        ],
        className="field",
    )


def _downloads() -> html.Nav:
    return html.Nav(
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
    )


def sidebar(catalog: Catalog) -> html.Aside:
    opts = filter_options(catalog)
    return html.Aside(
        [
            html.Button("Show the navigator", id=ids.FILTERS_DONE, type="button", className="button phone-only done"),
            html.H1(clean(catalog.meta.title) or TITLE),
            html.P(id=ids.STATUS, className="status", role="status", **aria(live="polite")),
            html.Div(id=ids.NOTICES, className="notices", role="status", **aria(live="polite")),
            _search_field(),
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
            _framework_field(catalog),
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
            _downloads(),
        ],
        id=ids.SIDEBAR,
        className="sidebar",
        **aria(label="Filters"),
    )
