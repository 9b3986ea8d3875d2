"""The view's whole state (filters, search, selection, mode) and its URL query string, both ways.

The URL is the only place the state lives between page loads, so a link reproduces a view and the
browser's back and forward buttons work. A URL comes from anyone, so parsing never raises: whatever it
cannot use is left out and described in a notice, and the page shows what it could understand.
The same tolerant reading applies to the state that the browser echoes back in callbacks.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from ..catalog.fields import ID_PATTERN
from ..catalog.model import KIND_OF_COLLECTION, Catalog, Control, ControlGroup, Threat
from ..filters import Criteria
from ..filters.frameworks import framework_named, known_ref, slug
from ..text import clean
from . import status as status_codes

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
PARAMS = (*FILTER_PARAMS, "framework", "ref", "search", "selected", "mode", "status", "colour")
# what a download takes: the filters, and the system's answers and statuses (a register needs both)
FILTER_FIELDS = (*FILTER_PARAMS.values(), "frameworks", "refs", "search", "answers", "statuses")
COLOUR_BY_STATUS = "status"  # `colour=status`: rows coloured by their status, as ATT&CK Navigator colours a layer


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
    # "Your system" (web/system.py): answers to the catalog's questions, in questionnaire order once
    # checked; the controls' statuses (web/status.py), in catalog order once checked; the colour scale
    answers: tuple[tuple[str, str], ...] = ()
    statuses: tuple[tuple[str, str], ...] = ()
    colour: bool = False

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
        """Whether anything narrows the view: a filter, or an answer (which can leave threats out)."""
        return not self.criteria().is_empty() or bool(self.answers)


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


def parse_query(query: str | None, questions: Collection[str] = ()) -> tuple[ViewState, tuple[str, ...]]:
    """The state a query string (with or without its '?') asks for, and notices for what was ignored.

    `questions`: the ids of the catalog's questions, each a parameter of its own (`genai=yes`); their
    values are checked against the answers by `checked`."""
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
    answers: dict[str, str] = {}
    for key, value in pairs:
        if key in values:
            values[key].append(value)
        elif key in questions:
            if key in answers and answers[key] != value.strip():
                notices.append(f"several answers to {_shown(key)}; used the first")
            elif value.strip():
                answers.setdefault(key, clean(value.strip())[:MAX_REF])
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
    fields["answers"] = tuple(answers.items())
    fields["statuses"] = status_codes.parse(values["status"], notices)
    colour = [v.strip().lower() for v in values["colour"] if v.strip()]
    if colour and colour[0] == COLOUR_BY_STATUS:
        fields["colour"] = True
    elif colour:
        notices.append(f"ignored colour {_shown(colour[0])}: use colour={COLOUR_BY_STATUS}")
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
    pairs += list(state.answers)
    query = urlencode(pairs, quote_via=quote)
    if state.statuses:  # ids, ':' and ',' only: written as they are, so the link stays short and legible
        query += ("&" if query else "") + "status=" + quote(status_codes.param(state.statuses), safe=":,")
    if state.colour:
        query += ("&" if query else "") + "colour=" + COLOUR_BY_STATUS
    return query


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
    answers = _answers(state.answers, catalog, notices)
    if answers != state.answers:
        changes["answers"] = answers
    statuses = status_codes.checked(state.statuses, catalog, notices)
    if statuses != state.statuses:
        changes["statuses"] = statuses
    if state.selected and not isinstance(catalog.by_id.get(state.selected), (Threat, Control, ControlGroup)):
        notices.append(f"nothing called {_shown(state.selected)} to show details of")
        changes["selected"] = ""
    return (replace(state, **changes) if changes else state), tuple(notices)


def _answers(given: tuple[tuple[str, str], ...], catalog: Catalog, notices: list[str]) -> tuple[tuple[str, str], ...]:
    """Answers the catalog's questions take, spelled as the catalog spells them, in questionnaire order."""
    questions = {q.id: q for q in catalog.questions}
    out: dict[str, str] = {}
    for question_id, value in given:
        question = questions.get(question_id)
        if question is None:
            notices.append(f"ignored unknown parameter {_shown(question_id)}")
            continue
        answer = next((a for a in question.answers if a.lower() == value.strip().lower()), None)
        if answer is None:
            choices = ", ".join(question.answers)
            notices.append(f"ignored {question_id}={_shown(value)}: answers are {choices} (or none: don't know)")
        else:
            out.setdefault(question_id, answer)
    return tuple((q.id, out[q.id]) for q in catalog.questions if q.id in out)


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
        "answers": [list(a) for a in state.answers],
        "statuses": [list(s) for s in state.statuses],
        "colour": state.colour,
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
        answers=_pairs(data.get("answers")),
        statuses=status_codes.from_value(data.get("statuses")),
        colour=data.get("colour") is True,
    )


def _pairs(value: Any) -> tuple[tuple[str, str], ...]:
    """(question id, answer) pairs from what a browser sent back; `checked` then checks them."""
    if not isinstance(value, (list, tuple)):
        return ()
    out: dict[str, str] = {}
    for item in value[:MAX_VALUES]:
        pair = isinstance(item, (list, tuple)) and len(item) == 2 and all(isinstance(v, str) for v in item)
        if pair and ID_PATTERN.match(item[0]) and item[1].strip():
            out.setdefault(item[0], clean(item[1])[:MAX_REF])
    return tuple(out.items())


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
