"""The view's whole state (filters, search, selection, mode) and its URL query string, both ways.

The URL is the only place the state lives between page loads, so a link reproduces a view and the
browser's back and forward buttons work. A URL comes from anyone, so parsing never raises: whatever it
cannot use is left out and described in a notice, and the page shows what it could understand.
The same tolerant reading applies to the state that the browser echoes back in callbacks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from ..catalog.fields import ID_PATTERN
from ..catalog.model import KIND_OF_COLLECTION, Catalog, Control, ControlGroup, Threat
from ..filters import Criteria
from ..filters.frameworks import framework_named, known_ref, slug
from ..text import clean

FADED = "faded"
HIDDEN = "hidden"
MODES = (FADED, HIDDEN)

MAX_QUERY = 4000  # characters; a longer link is not one this app made
MAX_FIELDS = 200  # parameters in one query string
MAX_VALUES = 100  # ids per filter
MAX_SEARCH = 200  # characters of search text
MAX_REF = 60  # characters of a framework entry id
_SHOWN = 40  # characters of a rejected value quoted back in a notice

# URL parameter -> ViewState field, for the filters (same names as the CLI options).
FILTER_PARAMS = {"risk": "risks", "control-type": "control_types", "section": "sections"}
PARAMS = (*FILTER_PARAMS, "framework", "ref", "search", "selected", "mode")
FILTER_FIELDS = (*FILTER_PARAMS.values(), "frameworks", "refs", "search")  # what a download takes


@dataclass(frozen=True)
class ViewState:
    """What the user is looking at. Ids are syntactically valid; `checked` drops unknown ones."""

    risks: tuple[str, ...] = ()
    control_types: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    search: str = ""
    selected: str = ""
    mode: str = FADED
    frameworks: tuple[str, ...] = ()  # framework slugs ("owasp-llm-top-10")
    refs: tuple[str, ...] = ()  # framework entry ids ("LLM01:2026")

    def criteria(self) -> Criteria:
        return Criteria(
            risks=self.risks,
            control_types=self.control_types,
            sections=self.sections,
            search=self.search,
            frameworks=self.frameworks,
            refs=self.refs,
        )

    def filtered(self) -> bool:
        return not self.criteria().is_empty()


DEFAULT = ViewState()


def _shown(value: str) -> str:
    text = clean(value)
    return repr(text if len(text) <= _SHOWN else text[:_SHOWN] + "…")


def _ids(values: Iterable[str], param: str, notices: list[str]) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for raw in values:
        for value in raw.split(","):
            value = value.strip()
            if not value:
                continue
            if not ID_PATTERN.match(value):
                notices.append(f"ignored {_shown(value)} for {param}: not an id")
            elif len(out) >= MAX_VALUES:
                notices.append(f"ignored {param} values beyond the first {MAX_VALUES}")
                break
            else:
                out[value] = None
    return tuple(out)


def _frameworks(values: Iterable[str], notices: list[str]) -> tuple[str, ...]:
    """Framework slugs; a framework's name is taken for its slug ("OWASP LLM Top 10")."""
    out: dict[str, None] = {}
    for raw in values:
        for value in raw.split(","):
            name = slug(clean(value)[:MAX_REF])
            if not value.strip():
                continue
            if not name:
                notices.append(f"ignored {_shown(value)} for framework: not a framework's name")
            elif len(out) < MAX_VALUES:
                out[name] = None
    return tuple(out)


def _refs(values: Iterable[str], notices: list[str]) -> tuple[str, ...]:
    """Framework entry ids: any printable text up to MAX_REF characters without commas."""
    out: dict[str, None] = {}
    for raw in values:
        for value in raw.split(","):
            ref = " ".join(clean(value).split())
            if not ref:
                continue
            if len(ref) > MAX_REF:
                notices.append(f"ignored {_shown(ref)} for ref: longer than {MAX_REF} characters")
            elif len(out) < MAX_VALUES:
                out[ref] = None
    return tuple(out)


def _search(value: str, notices: list[str]) -> str:
    text = clean(value)
    if len(text) > MAX_SEARCH:
        notices.append(f"search text cut to its first {MAX_SEARCH} characters")
        text = text[:MAX_SEARCH].rstrip()
    return text


def parse_query(query: str | None) -> tuple[ViewState, tuple[str, ...]]:
    """The state a query string (with or without its '?') asks for, and notices for what was ignored."""
    if not isinstance(query, str) or not query.lstrip("?"):
        return DEFAULT, ()
    query = query[1:] if query.startswith("?") else query
    notices: list[str] = []
    if len(query) > MAX_QUERY:
        return DEFAULT, (
            f"the link's parameters are {len(query)} characters long (at most {MAX_QUERY}); showing the whole catalog",
        )
    try:
        pairs = parse_qsl(query, keep_blank_values=True, max_num_fields=MAX_FIELDS, errors="replace")
    except ValueError:
        return DEFAULT, (f"the link has more than {MAX_FIELDS} parameters; showing the whole catalog",)
    values: dict[str, list[str]] = {p: [] for p in PARAMS}
    unknown: dict[str, None] = {}
    for key, value in pairs:
        if key in values:
            values[key].append(value)
        else:
            unknown[key] = None
    notices += [f"ignored unknown parameter {_shown(k)}" for k in unknown]
    fields: dict[str, Any] = {field: _ids(values[param], param, notices) for param, field in FILTER_PARAMS.items()}
    fields["frameworks"] = _frameworks(values["framework"], notices)
    fields["refs"] = _refs(values["ref"], notices)
    for single in ("search", "selected", "mode"):
        given = [v for v in values[single] if v.strip()]
        if len(given) > 1:
            notices.append(f"several '{single}' parameters; used the first")
        values[single] = given[:1]
    if values["search"]:
        fields["search"] = _search(values["search"][0], notices)
    if values["selected"]:
        selected = values["selected"][0].strip()
        if ID_PATTERN.match(selected):
            fields["selected"] = selected
        else:
            notices.append(f"ignored {_shown(selected)} for selected: not an id")
    if values["mode"]:
        mode = values["mode"][0].strip().lower()
        if mode in MODES:
            fields["mode"] = mode
        else:
            notices.append(f"ignored mode {_shown(mode)}: use {' or '.join(MODES)}")
    return ViewState(**fields), tuple(notices)


def to_query(state: ViewState) -> str:
    """The canonical query string of a state, without '?'; '' for the default view."""
    pairs: list[tuple[str, str]] = []
    for param, field in FILTER_PARAMS.items():
        pairs += [(param, v) for v in getattr(state, field)]
    pairs += [("framework", v) for v in state.frameworks]
    pairs += [("ref", v) for v in state.refs]
    if state.search:
        pairs.append(("search", state.search))
    if state.selected:
        pairs.append(("selected", state.selected))
    if state.mode != FADED:
        pairs.append(("mode", state.mode))
    return urlencode(pairs, quote_via=quote)


def to_search(state: ViewState) -> str:
    """`location.search` for a state: '?...' or ''."""
    query = to_query(state)
    return f"?{query}" if query else ""


def filter_query(state: ViewState) -> str:
    """The query string of the filters alone (what a download or `navigator build` needs)."""
    return to_query(replace(DEFAULT, **{f: getattr(state, f) for f in FILTER_FIELDS}))


def checked(state: ViewState, catalog: Catalog) -> tuple[ViewState, tuple[str, ...]]:
    """The state without the ids this catalog does not have, and a notice for each one dropped."""
    notices: list[str] = []
    kinds = (("risks", "impacts"), ("control_types", "control_types"), ("sections", "sections"))
    changes: dict[str, Any] = {}
    for field, collection in kinds:
        noun = KIND_OF_COLLECTION[collection].filter_noun
        known = {i.id for i in getattr(catalog, collection)}
        values = getattr(state, field)
        kept = tuple(v for v in values if v in known)
        notices += [f"ignored unknown {noun} {_shown(v)}" for v in values if v not in known]
        if kept != values:
            changes[field] = kept
    frameworks = tuple(f for f in state.frameworks if framework_named(catalog, f))
    notices += [f"ignored unknown framework {_shown(f)}" for f in state.frameworks if f not in frameworks]
    if frameworks != state.frameworks:
        changes["frameworks"] = frameworks
    refs = tuple(r for r in state.refs if known_ref(catalog, r))
    notices += [
        f"ignored framework entry {_shown(r)}: the catalog does not reference it" for r in state.refs if r not in refs
    ]
    if refs != state.refs:
        changes["refs"] = refs
    if state.selected and not isinstance(catalog.by_id.get(state.selected), (Threat, Control, ControlGroup)):
        notices.append(f"nothing called {_shown(state.selected)} to show details of")
        changes["selected"] = ""
    return (replace(state, **changes) if changes else state), tuple(notices)


def to_store(state: ViewState) -> dict[str, Any]:
    return {
        "risks": list(state.risks),
        "control_types": list(state.control_types),
        "sections": list(state.sections),
        "search": state.search,
        "selected": state.selected,
        "mode": state.mode,
        "frameworks": list(state.frameworks),
        "refs": list(state.refs),
    }


def strings(value: Any) -> tuple[str, ...]:
    """A list of strings from any JSON value a browser may send; anything else is dropped."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def from_store(data: Any) -> ViewState:
    """The state from what the browser sent back; never trusts its shape."""
    if not isinstance(data, dict):
        return DEFAULT
    sink: list[str] = []
    search = data.get("search")
    selected = data.get("selected")
    mode = data.get("mode")
    return ViewState(
        risks=_ids(strings(data.get("risks")), "risk", sink),
        control_types=_ids(strings(data.get("control_types")), "control-type", sink),
        sections=_ids(strings(data.get("sections")), "section", sink),
        search=_search(search, sink) if isinstance(search, str) else "",
        selected=selected if isinstance(selected, str) and ID_PATTERN.match(selected) else "",
        mode=mode if mode in MODES else FADED,
        frameworks=_frameworks(strings(data.get("frameworks")), sink),
        refs=_refs(strings(data.get("refs")), sink),
    )


FRAMEWORK_PREFIX = "framework:"  # values of the framework dropdown: a whole framework, or one entry
REF_PREFIX = "ref:"


def framework_values(state: ViewState) -> list[str]:
    """The framework dropdown's value for a state."""
    return [FRAMEWORK_PREFIX + f for f in state.frameworks] + [REF_PREFIX + r for r in state.refs]


def from_controls(
    risks: Any,
    control_types: Any,
    sections: Any,
    search: Any,
    selected: Any,
    mode: Any,
    frameworks: Any = None,
) -> ViewState:
    """The state the filter components show; values of any shape are tolerated."""
    picked = strings(frameworks)
    return from_store(
        {
            "risks": strings(risks),
            "control_types": strings(control_types),
            "sections": strings(sections),
            "search": search,
            "selected": selected,
            "mode": mode,
            "frameworks": [v.removeprefix(FRAMEWORK_PREFIX) for v in picked if v.startswith(FRAMEWORK_PREFIX)],
            "refs": [v.removeprefix(REF_PREFIX) for v in picked if v.startswith(REF_PREFIX)],
        }
    )
