"""An `Assessment` as the tailored build draws it: the neutral `annotations.Assessed`, in catalog ids
and plain strings, so that layout never imports `assess` (tests/test_architecture.py)."""

from __future__ import annotations

from types import MappingProxyType

from ..annotations import Assessed, ThreatMark
from ..catalog.model import Catalog
from .model import APPLIES, STATUSES, UNMARKED, Assessment


def assessed(catalog: Catalog, assessment: Assessment, source: str = "") -> Assessed:
    """The marks of a tailored navigator: threats that apply (or are not answered) with why and their
    coverage, every marked control's status, owner and note, the answers, and coverage per risk."""
    threats = {
        t.id: ThreatMark(
            "applies" if t.verdict == APPLIES else "not-answered",
            t.because,
            None if t.coverage is None else float(t.coverage),
        )
        for t in assessment.threats
        if t.applies
    }
    marks = assessment.statuses
    notes = {c: (s.owner, s.note) for c, s in marks.items() if s.owner or s.note}
    answers = tuple((q.question, assessment.answers.get(q.id, "")) for q in catalog.questions)
    totals = {"": (assessment.overall.threats, assessment.overall.not_answered, assessment.overall.excluded)}
    totals |= {risk: (r.threats, r.not_answered, r.excluded) for risk, r in assessment.risks}
    counts = assessment.overall.statuses
    return Assessed(
        threats=MappingProxyType(threats),
        statuses=MappingProxyType({c: s.status for c, s in marks.items()}),
        answers=answers,
        risks=tuple((risk, None if r.coverage is None else float(r.coverage)) for risk, r in assessment.risks),
        overall=None if assessment.overall.coverage is None else float(assessment.overall.coverage),
        notes=MappingProxyType(notes),
        totals=MappingProxyType(totals),
        controls=tuple(("" if s == UNMARKED else s, counts.get(s, 0)) for s in (*STATUSES, UNMARKED)),
        source=source,
    )
