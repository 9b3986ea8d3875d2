"""The assessment as text for a terminal (a coverage bar per risk) and as Markdown for a pull request
or a wiki. Every piece of text from the catalog or the files goes through `visible`, so no control
character reaches a terminal raw; Markdown also escapes what its tables and HTML would interpret.
"""

from __future__ import annotations

import textwrap
from fractions import Fraction

from ..catalog.model import Catalog
from .model import STATUSES, UNMARKED, Assessment, ThreatResult, Totals, percent
from .safe import visible

WIDTH = 100
BAR = 20


def bar(value: Fraction | None, unicode: bool = True) -> str:
    """A coverage bar of BAR cells, rounded down, so only full coverage fills it."""
    full, empty = ("█", "░") if unicode else ("#", ".")
    cells = 0 if value is None else int(value * BAR)
    return full * cells + empty * (BAR - cells)


def _counts(totals: Totals) -> str:
    parts = [f"{totals.statuses[s]} {s.replace('-', ' ')}" for s in (*STATUSES, UNMARKED) if totals.statuses[s]]
    return ", ".join(parts) or "no controls"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _label(catalog: Catalog, result: ThreatResult) -> str:
    return visible(catalog.threat(result.id).label)


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(visible(text), WIDTH, initial_indent=indent, subsequent_indent=indent) or [indent]


def _header(catalog: Catalog, assessment: Assessment, answers_file: str) -> tuple[str, str]:
    m = catalog.meta
    source = f"{visible(m.name)} {visible(m.version)} ({m.date})"
    subject = f"{visible(answers_file)} against the {source} questionnaire" if answers_file else source
    n = len(catalog.questions)
    answered = f"{n - len(assessment.unanswered)} of {n} questions answered"
    return subject, answered


def text_report(catalog: Catalog, assessment: Assessment, answers_file: str = "", unicode: bool = True) -> str:
    subject, answered = _header(catalog, assessment, answers_file)
    o = assessment.overall
    leaves = [r for r in assessment.threats if r.leaf]
    lines = [f"AI security assessment: {subject}", answered + "."]
    lines += _unanswered(assessment)
    lines += [
        "",
        f"{o.threats} of {len(leaves)} threats apply"
        + (f" ({o.not_answered} of them only because a question is not answered)" if o.not_answered else "")
        + f"; {o.excluded} do not.",
        f"{o.controls} controls apply: {_counts(o)}.",
        "",
        "Coverage by risk (implemented 1, partial 1/2, not applicable left out)",
    ]
    width = max([9, *(len(visible(catalog.impact(i).short)) for i, _ in assessment.risks)])
    for impact_id, totals in assessment.risks:
        label = visible(catalog.impact(impact_id).short)
        if totals.threats == 0:
            lines.append(f"  {label:<{width}}  {'':<{BAR}}   no threat applies")
            continue
        lines.append(
            f"  {label:<{width}}  {bar(totals.coverage, unicode)} {percent(totals.coverage):>4}  "
            f"{_n(totals.threats, 'threat')}, {_n(totals.controls, 'control')}"
        )
    lines.append(f"  {'All risks':<{width}}  {bar(o.coverage, unicode)} {percent(o.coverage):>4}")
    for title, verdicts in (
        ("Threats that apply", ("applies",)),
        ("Threats kept in because a question is not answered", ("not answered",)),
        ("Threats that do not apply", ("does not apply",)),
    ):
        chosen = [r for r in leaves if r.verdict in verdicts]
        if not chosen:
            continue
        lines += ["", f"{title} ({len(chosen)})"]
        for r in chosen:
            cover = "" if r.verdict == "does not apply" else f"  coverage {percent(r.coverage)}"
            lines.append(f"  {_label(catalog, r)}{cover}")
            for reason in r.because:
                lines += _wrap(reason, "      ")
    return "\n".join(lines) + "\n"


def _unanswered(assessment: Assessment) -> list[str]:
    open_ = assessment.open_questions
    moot = [q for q in assessment.unanswered if q not in open_]
    out = []
    if open_:
        out += _wrap(f"Not answered, so their threats stay in: {', '.join(open_)}.", "")
    if moot:
        out += _wrap(f"Not answered, but no threat depends on them given the other answers: {', '.join(moot)}.", "")
    return out


def md(text: str) -> str:
    """Text for a Markdown table cell or line: no raw HTML, pipes or line breaks."""
    text = visible(text)
    for raw, escaped in (("\\", "\\\\"), ("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|")):
        text = text.replace(raw, escaped)
    for ch in "*_`[]#":
        text = text.replace(ch, "\\" + ch)
    return text


def _link(text: str, url: str) -> str:
    from ..links import safe_url

    target = safe_url(url)
    return f"[{md(text)}]({target})" if target else md(text)


def markdown_report(catalog: Catalog, assessment: Assessment, answers_file: str = "") -> str:
    subject, answered = _header(catalog, assessment, answers_file)
    o = assessment.overall
    leaves = [r for r in assessment.threats if r.leaf]
    out = [
        f"# AI security assessment: {md(subject)}",
        "",
        f"{answered}. **{o.threats}** of {len(leaves)} threats apply"
        + (f" ({o.not_answered} only because a question is not answered)" if o.not_answered else "")
        + f", {o.excluded} do not. **{o.controls}** controls apply: {_counts(o)}. "
        f"Coverage: **{percent(o.coverage)}** (implemented counts 1, partial 1/2, not applicable is left out).",
        *(md(line) for line in _unanswered(assessment)),
        "",
        "## Coverage by risk",
        "",
        "| Risk | Threats | Not answered | Controls | Implemented | Partial | Coverage |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for impact_id, totals in (*assessment.risks, ("", o)):
        label = md(catalog.impact(impact_id).label) if impact_id else "**All risks**"
        out.append(
            f"| {label} | {totals.threats} | {totals.not_answered} | {totals.controls} "
            f"| {totals.statuses['implemented']} | {totals.statuses['partial']} "
            f"| {percent(totals.coverage) if totals.threats else 'n/a'} |"
        )
    out += ["", "## Answers", "", "| Question | Answer |", "| --- | --- |"]
    for q in catalog.questions:
        answer = assessment.answers.get(q.id)
        out.append(f"| {_link(q.question, q.url)} (`{q.id}`) | {md(answer) if answer else '*not answered*'} |")
    marks = {c.id: c for c in assessment.controls}
    for title, verdict in (
        ("Threats that apply", "applies"),
        ("Threats kept in because a question is not answered", "not answered"),
    ):
        chosen = [r for r in leaves if r.verdict == verdict]
        if not chosen:
            continue
        out += ["", f"## {title} ({len(chosen)})"]
        for r in chosen:
            t = catalog.threat(r.id)
            out += ["", f"### {_link(t.label, t.url)}: coverage {percent(r.coverage)}", ""]
            out += [md(" ".join(r.because)), ""]
            out += ["| Control | Type | Status | Owner | Note |", "| --- | --- | --- | --- | --- |"]
            for cid in r.controls:
                c, m = catalog.control(cid), marks[cid]
                out.append(
                    f"| {_link(c.label, c.url)} | {md(catalog.control_type(c.type).short)} | {m.status} "
                    f"| {md(m.owner)} | {md(m.note)} |"
                )
    excluded = [r for r in leaves if r.verdict == "does not apply"]
    if excluded:
        out += ["", f"## Threats that do not apply ({len(excluded)})", "", "| Threat | Why not |", "| --- | --- |"]
        for r in excluded:
            t = catalog.threat(r.id)
            out.append(f"| {_link(t.label, t.url)} | {md(' '.join(r.because))} |")
    return "\n".join(out) + "\n"
