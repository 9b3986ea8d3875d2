"""The assessment as tables (risk register, threats, controls, risks, answers): the rows the CSV and
XLSX writers share, so both say the same thing. Cells are plain values; a `Link` is text with a URL
that the XLSX makes a hyperlink; a `Percent` a share the XLSX formats as a percentage.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..catalog.model import Catalog, Control, Reference, Threat
from ..links import safe_url
from .model import STATUSES, UNMARKED, Assessment, ThreatResult, Totals, percent
from .safe import visible


@dataclass(frozen=True)
class Link:
    text: str
    url: str | None


@dataclass(frozen=True)
class Percent:
    value: Fraction | None

    def __str__(self) -> str:
        return percent(self.value)


Cell = str | int | Link | Percent | None


@dataclass(frozen=True)
class Table:
    name: str  # the XLSX sheet's name
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[int, ...]  # column widths in characters, for the XLSX


def frameworks(items: tuple[Threat, ...] | tuple[Control, ...]) -> tuple[str, ...]:
    """The frameworks the items' references name, sorted: the same columns whatever applies."""
    return tuple(sorted({r.framework for item in items for r in item.references}, key=str.lower))


def _refs(references: tuple[Reference, ...], framework: str) -> str:
    return "; ".join(visible(r.id or r.title) for r in references if r.framework == framework)


def _link(url: str) -> Link:
    return Link(url, safe_url(url))


def verdict_word(result: ThreatResult) -> str:
    return {"applies": "yes", "not answered": "not answered"}.get(result.verdict, "no")


def _risks(catalog: Catalog, threat: Threat) -> str:
    return "; ".join(visible(catalog.impact(i).short) for i in threat.impacts)


def register(catalog: Catalog, assessment: Assessment) -> Table:
    """One row per applicable threat and control: the risk register / statement of applicability."""
    leaves = [r for r in assessment.threats if r.leaf and r.applies]
    threat_fw = frameworks(catalog.threats)
    control_fw = frameworks(catalog.controls)
    rows: list[tuple[Cell, ...]] = []
    columns = (
        "Threat number",
        "Threat id",
        "Threat",
        "Applies",
        "Why",
        "Risks",
        "Threat coverage",
        "Control id",
        "Control",
        "Control type",
        "Status",
        "Owner",
        "Note",
        "Threat link",
        "Control link",
        *(f"{f} (threat)" for f in threat_fw),
        *(f"{f} (control)" for f in control_fw),
    )
    for r in leaves:
        t = catalog.threat(r.id)
        for cid in r.controls:
            c = catalog.control(cid)
            mark = assessment.control(cid)
            rows.append(
                (
                    t.number,
                    t.id,
                    visible(t.title),
                    verdict_word(r),
                    visible(" ".join(r.because)),
                    _risks(catalog, t),
                    Percent(r.coverage),
                    c.id,
                    visible(c.label),
                    visible(catalog.control_type(c.type).label),
                    mark.status,
                    visible(mark.owner),
                    visible(mark.note),
                    _link(t.url),
                    _link(c.url),
                    *(_refs(t.references, f) for f in threat_fw),
                    *(_refs(c.references, f) for f in control_fw),
                )
            )
    widths = (8, 22, 34, 12, 60, 30, 10, 24, 34, 28, 14, 18, 40, 40, 40, *(18,) * (len(threat_fw) + len(control_fw)))
    return Table("Register", columns, tuple(rows), widths)


def threats_table(catalog: Catalog, assessment: Assessment) -> Table:
    fw = frameworks(catalog.threats)
    columns = (
        "Number",
        "Id",
        "Threat",
        "Group",
        "Applies",
        "Why",
        "Risks",
        "Controls",
        *(s.capitalize().replace("-", " ") for s in (*STATUSES, UNMARKED)),
        "Coverage",
        "Link",
        *fw,
    )
    rows = []
    for r in assessment.threats:
        t = catalog.threat(r.id)
        counts = _counts(assessment, r.controls)
        rows.append(
            (
                t.number,
                t.id,
                visible(t.title),
                "yes" if not r.leaf else "",
                verdict_word(r),
                visible(" ".join(r.because)),
                _risks(catalog, t),
                len(r.controls),
                *counts,
                Percent(r.coverage),
                _link(t.url),
                *(_refs(t.references, f) for f in fw),
            )
        )
    widths = (8, 22, 34, 7, 12, 60, 30, 9, *(11,) * 6, 10, 40, *(18,) * len(fw))
    return Table("Threats", columns, tuple(rows), widths)


def _counts(assessment: Assessment, controls: tuple[str, ...]) -> tuple[int, ...]:
    statuses = [assessment.control(c).status for c in controls]
    return tuple(statuses.count(s) for s in (*STATUSES, UNMARKED))


def controls_table(catalog: Catalog, assessment: Assessment) -> Table:
    fw = frameworks(catalog.controls)
    columns = ("Number", "Id", "Control", "Type", "Relevant", "Threats", "Status", "Owner", "Note", "Link", *fw)
    rows = []
    for r in assessment.controls:
        c = catalog.control(r.id)
        rows.append(
            (
                c.number,
                c.id,
                visible(c.name),
                visible(catalog.control_type(c.type).label),
                "yes" if r.relevant else "no",
                "; ".join(visible(catalog.threat(t).label) for t in r.threats),
                r.status,
                visible(r.owner),
                visible(r.note),
                _link(c.url),
                *(_refs(c.references, f) for f in fw),
            )
        )
    widths = (8, 24, 34, 28, 9, 60, 14, 18, 40, 40, *(18,) * len(fw))
    return Table("Controls", columns, tuple(rows), widths)


def risks_table(catalog: Catalog, assessment: Assessment) -> Table:
    columns = (
        "Risk",
        "Threats that apply",
        "Not answered",
        "Do not apply",
        "Controls",
        *(s.capitalize().replace("-", " ") for s in (*STATUSES, UNMARKED)),
        "Coverage",
    )
    rows = [_totals_row(visible(catalog.impact(i).label), totals) for i, totals in assessment.risks]
    rows.append(_totals_row("All risks", assessment.overall))
    return Table("Risks", columns, tuple(rows), (44, 10, 10, 10, 9, *(11,) * 6, 10))


def _totals_row(label: str, totals: Totals) -> tuple[Cell, ...]:
    return (
        label,
        totals.threats,
        totals.not_answered,
        totals.excluded,
        totals.controls,
        *(totals.statuses[s] for s in (*STATUSES, UNMARKED)),
        Percent(totals.coverage),
    )


def answers_table(catalog: Catalog, assessment: Assessment) -> Table:
    columns = ("Question id", "Question", "Answer", "Answers", "Help", "Link")
    rows = tuple(
        (
            q.id,
            visible(q.question),
            assessment.answers.get(q.id, "not answered"),
            " | ".join(q.answers),
            visible(q.help),
            _link(q.url),
        )
        for q in catalog.questions
    )
    return Table("Answers", columns, rows, (24, 60, 14, 20, 80, 40))


def all_tables(catalog: Catalog, assessment: Assessment) -> tuple[Table, ...]:
    """The XLSX's sheets, in order: the register first, as it is what a team keeps working in."""
    return (
        register(catalog, assessment),
        threats_table(catalog, assessment),
        controls_table(catalog, assessment),
        risks_table(catalog, assessment),
        answers_table(catalog, assessment),
    )
