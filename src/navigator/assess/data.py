"""The assessment as JSON-ready data (`navigator assess --format json`), for other tools.

Coverage is a number from 0 to 1 rounded to 4 places (null when there is nothing to cover), and also
given exactly as a fraction string ("7/12"), so a consumer can check sums without rounding.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from ..catalog.model import Catalog
from .model import STATUSES, UNMARKED, Assessment, Totals
from .safe import json_escaped


def _number(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _exact(value: Fraction | None) -> str | None:
    return None if value is None else f"{value.numerator}/{value.denominator}"


def _totals(totals: Totals) -> dict[str, Any]:
    return {
        "threats": totals.threats,
        "not_answered": totals.not_answered,
        "not_applicable_threats": totals.excluded,
        "controls": totals.controls,
        "statuses": {s: totals.statuses[s] for s in (*STATUSES, UNMARKED)},
        "coverage": _number(totals.coverage),
        "coverage_exact": _exact(totals.coverage),
    }


def assessment_data(catalog: Catalog, assessment: Assessment, answers_file: str = "") -> dict[str, Any]:
    m = catalog.meta
    controls = {r.id: r for r in assessment.controls}

    def control(cid: str) -> dict[str, Any]:
        c, r = catalog.control(cid), controls[cid]
        return {
            "id": c.id,
            "name": c.name,
            "number": c.number,
            "type": c.type,
            "status": r.status,
            "owner": r.owner,
            "note": r.note,
            "url": c.url,
        }

    threats = []
    for r in assessment.threats:
        t = catalog.threat(r.id)
        threats.append(
            {
                "id": t.id,
                "number": t.number,
                "title": t.title,
                "kind": t.kind,
                "parent": t.parent,
                "url": t.url,
                "impacts": list(t.impacts),
                "applies": r.applies,
                "answered": r.answered,
                "verdict": r.verdict,
                "because": " ".join(r.because),
                "reasons": list(r.because),
                "questions": list(r.questions),
                "pending": list(r.pending),
                "controls": [control(c) for c in r.controls],
                "coverage": _number(r.coverage),
                "coverage_exact": _exact(r.coverage),
            }
        )
    return {
        "catalog": {"id": m.id, "name": m.name, "version": m.version, "date": m.date},
        "answers_file": answers_file,
        "answers": dict(assessment.answers),
        "questions": [
            {"id": q.id, "question": q.question, "answer": assessment.answers.get(q.id), "url": q.url}
            for q in catalog.questions
        ],
        "unanswered": list(assessment.unanswered),
        "open_questions": list(assessment.open_questions),
        "threats": threats,
        "controls": [
            {**control(r.id), "relevant": r.relevant, "threats": list(r.threats)} for r in assessment.controls
        ],
        "risks": [{"id": i, "label": catalog.impact(i).label, **_totals(totals)} for i, totals in assessment.risks],
        "overall": _totals(assessment.overall),
    }


def assessment_json(catalog: Catalog, assessment: Assessment, answers_file: str = "") -> str:
    # compact, so that json's C encoder runs (indenting takes its pure-Python one, several times slower)
    text = json.dumps(assessment_data(catalog, assessment, answers_file), ensure_ascii=False, separators=(",", ":"))
    return json_escaped(text) + "\n"
