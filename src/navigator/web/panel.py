"""The details panel: what a threat, control or control group is, and what it relates to.

Everything from the catalog is passed to Dash as text (React escapes it); the only links to other
sites are built by `navigator.links.safe_url`, and links inside the app only change the query
string (`dcc.Link`), so they keep the filters, work with back and forward, and can be opened in a
new tab.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from dash import dcc, html

from ..catalog.model import Catalog, Control, ControlGroup, ControlType, Threat
from ..links import safe_url
from ..roles import DETAIL
from ..scene import Detail, DetailLink
from ..text import clean
from ..theme import text_on
from .ids import DETAILS_TITLE
from .state import ViewState, to_search

SITE_HINT = "opens the item's page on the source site in a new tab"


def aria(**attributes: str) -> dict[str, Any]:
    """`aria-*` attributes for a Dash component (`aria(label="Filters")`): Python has no keyword with a dash."""
    return {f"aria-{name}": value for name, value in attributes.items()}


def external(label: str, url: str, class_name: str = "external") -> Any:
    """A link to another site when the URL is a safe http(s) one, else the label as plain text."""
    href = safe_url(url)
    if not href:
        return html.Span(label)
    return html.A(
        # an icon drawn by CSS: the arrow character would fetch the emoji font (900 kB) for one glyph
        [label, html.Span(className="ext-icon", **aria(hidden="true"))],
        href=href,
        target="_blank",
        rel="noopener noreferrer",
        className=class_name,
        title=SITE_HINT,
    )


def _host(url: str) -> str:
    """A link's site, as the label of a short link to it (e.g. 'owaspai.org')."""
    host = urlsplit(url).hostname or "link"
    return host.removeprefix("www.")


def internal(label: str, state: ViewState, selected: str) -> dcc.Link:
    """A link that selects another item and keeps the filters."""
    return dcc.Link(label, href=to_search(replace(state, selected=selected)) or "?", className="select-link")


def badge(ctype: ControlType) -> html.Span:
    """A control type's coloured badge with its symbol, as the diagram draws it on control rows."""
    return html.Span(
        clean(ctype.symbol)[:2],
        className="badge",
        style={"backgroundColor": ctype.colour, "color": text_on(ctype.colour)},
        **aria(hidden="true"),
    )


def _heading(title: str, url: str, kind: str) -> list[Any]:
    # focusable by script (tabIndex -1), so the keyboard lands here when it opens the panel
    head = [html.P(kind, className="kind"), html.H2(clean(title), id=DETAILS_TITLE, tabIndex=-1)]
    link = safe_url(url)
    if link:
        head.append(html.P(external("Read it on the source site", link)))
    return head


def _facts(facts: tuple[tuple[str, str], ...]) -> html.Dl:
    return html.Dl(
        [part for label, value in facts for part in (html.Dt(clean(label)), html.Dd(clean(value)))], className="facts"
    )


def _references(refs: tuple[DetailLink, ...]) -> list[Any]:
    if not refs:
        return []
    return [
        html.H3(f"References ({len(refs)})"),
        html.Ul([html.Li(external(r.label, r.url)) for r in refs], className="plain"),
    ]


def _not_shown(in_view: bool) -> list[Any]:
    return (
        []
        if in_view
        else [html.P("Not in the current filtered view; its details are shown all the same.", className="notice")]
    )


def threat_panel(catalog: Catalog, detail: Detail, state: ViewState, in_view: bool) -> list[Any]:
    kind = "Threat group" if catalog.threat(detail.id).is_group else "Threat"
    out = _heading(detail.title, detail.url, kind) + _not_shown(in_view)
    if detail.summary:
        out.append(html.P(detail.summary, className="summary"))
    out.append(_facts(detail.facts))
    items = []
    for c in detail.controls:
        parts: list[Any] = [
            badge(catalog.control_type(catalog.control(c.id).type)),
            internal(c.label, state, c.id),
            html.Span(f" · {c.type_label}", className="muted"),
        ]
        parts.append(html.Span(f" · {c.via}" if c.via else " · its own", className="muted via"))
        if safe_url(c.url):
            parts += [" ", external(_host(c.url), c.url, "external small")]
        items.append(html.Li(parts))
    out += [html.H3(f"Controls against it ({len(detail.controls)})"), html.Ul(items, className="controls plain")]
    if detail.children:
        out += [
            html.H3(f"Sub-threats ({len(detail.children)})"),
            html.Ul(
                [html.Li(internal(ch.label, state, ch.target.removeprefix(DETAIL))) for ch in detail.children],
                className="plain",
            ),
        ]
    return out + _references(detail.references)


def control_panel(catalog: Catalog, control: Control, state: ViewState, in_view: bool) -> list[Any]:
    ctype = catalog.control_type(control.type)
    section = catalog.section(control.section)
    out = _heading(control.label, control.url, "Control") + _not_shown(in_view)
    out.append(html.P([badge(ctype), html.Span(f" {clean(ctype.label)}")], className="type"))
    if control.summary:
        out.append(html.P(clean(control.summary), className="summary"))
    facts = [("Section", section.label)]
    groups = catalog.groups_of_control(control.id)
    if groups:
        facts.append(
            (
                "In control groups",
                "; ".join(catalog.group(g).label for g in groups),
            )
        )
    out.append(_facts(tuple(facts)))
    threats = catalog.threats_of(control.id)
    out += [
        html.H3(f"Threats it helps against ({len(threats)})"),
        html.Ul([html.Li(internal(catalog.threat(t).label, state, t)) for t in threats], className="plain"),
    ]
    refs = tuple(DetailLink(clean(r.label), r.url) for r in control.references)
    return out + _references(refs)


def group_panel(catalog: Catalog, group: ControlGroup, state: ViewState, in_view: bool) -> list[Any]:
    out = _heading(group.label, group.url, "Control group") + _not_shown(in_view)
    if group.summary:
        out.append(html.P(clean(group.summary), className="summary"))
    items = []
    for cid in group.controls:
        c = catalog.control(cid)
        ctype = catalog.control_type(c.type)
        items.append(
            html.Li(
                [
                    badge(ctype),
                    internal(c.label, state, c.id),
                    html.Span(f" · {clean(ctype.label)}", className="muted"),
                ]
            )
        )
    out += [html.H3(f"Controls ({len(group.controls)})"), html.Ul(items, className="controls plain")]
    threats = catalog.threats_of_group(group.id)
    heading = (
        f"Applies to every threat ({len(threats)})"
        if group.applies_to_all
        else f"Threats it applies to ({len(threats)})"
    )
    out += [
        html.H3(heading),
        html.Ul([html.Li(internal(catalog.threat(t).label, state, t)) for t in threats], className="plain"),
    ]
    return out


def panel(catalog: Catalog, details: Mapping[str, Detail], state: ViewState, in_view: bool) -> list[Any] | None:
    """The panel's content for the selected item, or None when nothing (known) is selected."""
    item = catalog.by_id.get(state.selected) if state.selected else None
    if isinstance(item, Threat) and item.id in details:
        return threat_panel(catalog, details[item.id], state, in_view)
    if isinstance(item, Control):
        return control_panel(catalog, item, state, in_view)
    if isinstance(item, ControlGroup):
        return group_panel(catalog, item, state, in_view)
    return None
